/**
 * Channel names as exports write them (`Tél`, `Courriel`, `Tchat`, `Boutique`…) and the canonical
 * names the settings know (`phone`, `email`, `chat`, `store`…): cold-flow delays and costs are set
 * per canonical channel, so an e-mail written `Courriel` must become `email` to be measured as one.
 * The import wizard proposes this mapping (the user may change it); `parcours --map-channels`
 * applies it, so the command line can give the app's figures for the same raw export.
 */
import { Encoder } from './from-rows';
import type { ContactTable } from './table';

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

/** What French and English exports call the usual channels, lower case. */
const CHANNEL_NAMES: Record<string, string> = {
	tel: 'phone', 'tél': 'phone', telephone: 'phone', 'téléphone': 'phone', appel: 'phone', voice: 'phone', voix: 'phone', call: 'phone',
	mail: 'email', 'e-mail': 'email', courriel: 'email', 'mél': 'email', email: 'email',
	tchat: 'chat', chat: 'chat', 'chat en ligne': 'chat',
	sms: 'messaging', whatsapp: 'messaging', messagerie: 'messaging', messenger: 'messaging',
	'réseaux sociaux': 'social', facebook: 'social', twitter: 'social', x: 'social', social: 'social',
	formulaire: 'web_form', 'formulaire web': 'web_form', 'web form': 'web_form', webform: 'web_form',
	boutique: 'store', agence: 'store', magasin: 'store', store: 'store', shop: 'store',
	courrier: 'mail', lettre: 'mail', letter: 'mail', postal: 'mail',
	rappel: 'callback', callback: 'callback'
};

/** The canonical channel for a name an export uses; an unknown name is kept, trimmed and lower-cased. */
export function canonicalChannel(raw: string): string {
	const key = raw.trim().toLowerCase();
	return CHANNEL_NAMES[key] ?? key;
}

/**
 * Renames the table's channels in place (`rename` sees each distinct value once) and merges the
 * values that end up equal, so a million rows cost one pass over the channel column.
 */
export function renameChannels(table: ContactTable, rename: (value: string) => string): void {
	const renamed = new Encoder();
	const remap = Uint32Array.from(table.channels, (value) =>
		renamed.code(rename(value).trim().toLowerCase() || 'unknown')
	);
	const column = table.channel;
	for (let i = 0; i < table.length; i++) column[i] = remap[column[i]];
	table.channels = renamed.values;
}
