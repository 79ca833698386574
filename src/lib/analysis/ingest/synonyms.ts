/**
 * The one table of the words exports use for channels, directions and yes/no (the yes/no words
 * themselves are `domain/yes-no.ts`, which the catalogue reads too), and the functions
 * that classify a raw cell: recognised (→ its canonical value) or not. The import wizard proposes
 * these readings and the command line applies them by default, so both give the same figures for
 * the same raw export. Words are compared folded: trimmed, lower case, accents dropped
 * (`Tél` = `tel`, `Entrée` = `entree`).
 */
import type { ContactTable } from '../table';
import { readYesNo } from '../../domain/yes-no';
import { isOneOf } from '../../domain/guards';

/** Channels the settings (cold-flow delays, costs) and the catalogue know. */
export const CANONICAL_CHANNELS = [
	'phone',
	'email',
	'chat',
	'messaging',
	'social',
	'web_form',
	'store',
	'mail',
	'callback'
] as const;
export type CanonicalChannel = (typeof CANONICAL_CHANNELS)[number];

/**
 * Channel names the engine itself writes: `web` for page views in the omnichannel journey,
 * `unknown` for a contact without a channel. They are canonical too.
 */
export const ENGINE_CHANNELS = ['web', 'unknown'] as const;

/** Trimmed, lower case, accents dropped: how every word of this table is compared. */
export function foldWord(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.trim()
		.toLowerCase();
}

/**
 * What French and English exports call the usual channels. Every canonical name maps to itself,
 * and postal mail stays `mail`: `mail` is never read as e-mail (an export in canonical names
 * would lose its letters), while `e-mail`, `courriel` and `mél` are e-mail.
 */
const CHANNEL_WORDS: Record<CanonicalChannel | (typeof ENGINE_CHANNELS)[number], readonly string[]> = {
	phone: ['phone', 'tel', 'tél', 'téléphone', 'telephone', 'appel', 'appel entrant', 'voice', 'voix', 'call', 'telephony', 'téléphonie'],
	email: ['email', 'e-mail', 'e mail', 'courriel', 'mél', 'mèl', 'mel'],
	chat: ['chat', 'tchat', 'chat en ligne', 'live chat', 'webchat', 'web chat'],
	messaging: ['messaging', 'sms', 'whatsapp', 'messagerie', 'messenger', 'messagerie instantanée'],
	social: ['social', 'réseaux sociaux', 'reseau social', 'réseau social', 'social media', 'facebook', 'twitter', 'x', 'instagram'],
	web_form: ['web_form', 'web form', 'webform', 'formulaire', 'formulaire web', 'formulaire en ligne', 'contact form'],
	store: ['store', 'boutique', 'agence', 'magasin', 'shop', 'point de vente', 'face to face', 'face-à-face', 'accueil'],
	mail: ['mail', 'courrier', 'lettre', 'letter', 'postal', 'courrier postal', 'postal mail'],
	callback: ['callback', 'call back', 'rappel'],
	web: ['web'],
	unknown: ['unknown', 'inconnu']
};

const CHANNELS = new Map<string, string>();
for (const [canonical, words] of Object.entries(CHANNEL_WORDS)) {
	for (const word of words) {
		const key = foldWord(word);
		// Folded spellings may repeat (`tel`, `tél`); one word for two channels is a mistake.
		const already = CHANNELS.get(key);
		if (already !== undefined && already !== canonical) throw new Error(`Channel word "${word}" is listed for ${already} and ${canonical}.`);
		CHANNELS.set(key, canonical);
	}
}

/** A raw cell read through the table: `value` is the canonical reading, or null when not recognised. */
export interface Classified<T extends string> {
	raw: string;
	value: T | null;
}

/**
 * The canonical channel of a raw channel name, or null when the table does not know it. An empty
 * cell is `unknown` (METRICS.md §1).
 */
export function recogniseChannel(raw: string): string | null {
	const key = foldWord(raw);
	if (key === '') return 'unknown';
	return CHANNELS.get(key) ?? null;
}

/** The channel the engine stores: the canonical name when recognised, else the name trimmed and lower-cased. */
export function canonicalChannel(raw: string): string {
	return recogniseChannel(raw) ?? (raw.trim().toLowerCase() || 'unknown');
}

/** Whether `name` is one of the channels the engine knows (`CANONICAL_CHANNELS`, `web`, `unknown`). */
export function isCanonicalChannel(name: string): boolean {
	return isOneOf(CANONICAL_CHANNELS, name) || isOneOf(ENGINE_CHANNELS, name);
}

/** true/false, or '' for an empty cell (unknown); null for a word METRICS.md §1 does not list (`domain/yes-no.ts`). */
export function recogniseBoolean(raw: string): 'true' | 'false' | '' | null {
	if (foldWord(raw) === '') return '';
	const v = readYesNo(raw);
	return v === undefined ? null : v ? 'true' : 'false';
}

/** METRICS.md §1: exactly these words, any case, accents optional; empty is inbound. */
const DIRECTION_WORDS: Record<string, 'inbound' | 'outbound'> = {
	'': 'inbound',
	inbound: 'inbound', in: 'inbound', entrant: 'inbound', entree: 'inbound', e: 'inbound',
	outbound: 'outbound', out: 'outbound', sortant: 'outbound', sortie: 'outbound', s: 'outbound'
};

/**
 * What a true/false direction column means, from its header (folded: letters and digits only):
 * `inbound`, `entrant`, `is_customer`, `from_customer`, `client` say "the customer wrote"
 * (true → inbound); `outbound`, `sortant` say the company did (true → outbound).
 */
const INBOUND_FLAG_HEADERS = new Set(['inbound', 'isinbound', 'entrant', 'iscustomer', 'fromcustomer', 'client', 'customer', 'isclient', 'fromclient']);
const OUTBOUND_FLAG_HEADERS = new Set(['outbound', 'isoutbound', 'sortant']);

export type DirectionFlag = 'inbound' | 'outbound' | null;

function foldHeaderWord(header: string): string {
	return foldWord(header).replace(/[^a-z0-9]/g, '');
}

/** Whether a direction column of this header holds a boolean flag, and what true means. */
export function directionFlag(header: string): DirectionFlag {
	const key = foldHeaderWord(header);
	if (INBOUND_FLAG_HEADERS.has(key)) return 'inbound';
	if (OUTBOUND_FLAG_HEADERS.has(key)) return 'outbound';
	return null;
}

/**
 * The direction of a raw cell; null when not recognised. With a `flag` (the column is a true/false
 * flag, see `directionFlag`), true and false are read through it; the direction words still count.
 */
export function recogniseDirection(raw: string, flag: DirectionFlag = null): 'inbound' | 'outbound' | null {
	const key = foldWord(raw);
	if (flag !== null && key !== '') {
		const b = readYesNo(raw);
		if (b !== undefined) return b === (flag === 'inbound') ? 'inbound' : 'outbound';
	}
	return DIRECTION_WORDS[key] ?? null;
}

/** Fields whose raw values are read through this table. */
export type ValueField = 'channel' | 'direction' | 'transferred' | 'callback' | 'resolved' | 'survey_resolved';
export const VALUE_FIELDS: readonly ValueField[] = ['channel', 'direction', 'transferred', 'callback', 'resolved', 'survey_resolved'];
export const BOOLEAN_VALUE_FIELDS = ['transferred', 'callback', 'resolved', 'survey_resolved'] as const;

/** The canonical reading of a raw value of `field`, or null when the table does not know it. */
export function recognise(field: ValueField, raw: string, flag: DirectionFlag = null): string | null {
	if (field === 'channel') return recogniseChannel(raw);
	if (field === 'direction') return recogniseDirection(raw, flag);
	return recogniseBoolean(raw);
}

/**
 * Renames the table's channels in place (`rename` sees each distinct value once) and merges the
 * values that end up equal, so a million rows cost one pass over the channel column. Names are
 * stored lower case, an empty one as `unknown`.
 */
export function renameChannels(table: ContactTable, rename: (value: string) => string): void {
	const codes = new Map<string, number>();
	const values: string[] = [];
	const remap = Uint32Array.from(table.channels, (value) => {
		const name = rename(value).trim().toLowerCase() || 'unknown';
		let code = codes.get(name);
		if (code === undefined) {
			code = values.length;
			codes.set(name, code);
			values.push(name);
		}
		return code;
	});
	const column = table.channel;
	for (let i = 0; i < table.length; i++) column[i] = remap[column[i]];
	table.channels = values;
}
