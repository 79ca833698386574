/**
 * Column headers → canonical fields. Users' exports name columns in French or English, with
 * accents, spaces, underscores and punctuation as their tool pleases, so names are compared
 * folded: accents dropped, lower case, only letters and digits kept.
 */
import type { OptionalContactField } from '../table';

/** The two required columns and the optional ones of the contact table. */
export type CanonicalContactField = 'customer_id' | 'timestamp' | OptionalContactField;

export type CanonicalWebField = 'customer_id' | 'timestamp' | 'page' | 'session_id';

/** The columns of a business event log (METRICS.md §5b). */
export type CanonicalEventField = 'customer_id' | 'timestamp' | 'event' | 'detail';

/** The kinds of log a file can hold, each with its own column names. */
export type LogKind = 'contacts' | 'web' | 'events';

/** `Date/Heure du contact` → `dateheureducontact`; `N° client` → `nclient`. */
export function foldHeader(header: string): string {
	return header
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/œ/g, 'oe')
		.replace(/[^a-z0-9]/g, '');
}

const CUSTOMER = [
	'customer_id', 'customer', 'customer id', 'customer number', 'client', 'client id', 'id client',
	'numéro client', 'numero de client', 'n° client', 'no client', 'num client', 'code client',
	'réf client', 'référence client', 'author_id', 'user_id', 'account_id'
];
const TIMESTAMP = [
	'timestamp', 'date', 'date contact', 'date du contact', 'date heure', 'date/heure',
	'date heure contact', 'date et heure', 'created_at', 'created', 'datetime', 'date_time',
	'horodatage', 'time', 'start', 'started_at', 'start time', 'date début', 'date de début',
	'date création', 'date de création', 'date appel', 'date interaction', 'event time', 'event_time'
];

const CONTACT_ALIASES: Record<CanonicalContactField, string[]> = {
	customer_id: CUSTOMER,
	timestamp: TIMESTAMP,
	channel: ['channel', 'canal', 'média', 'media', 'canal de contact'],
	motive: [
		'motive', 'motif', 'motif de contact', 'motif contact', 'qualification', 'code motif',
		'reason', 'contact reason', 'contact motive', 'motif d’appel', "motif d'appel", 'sujet', 'topic'
	],
	direction: [
		'direction', 'sens', 'sens du contact', 'sens contact', 'type flux', 'flux',
		// True/false flags (`directionFlag` reads them): the customer wrote, or the company did.
		'inbound', 'is_inbound', 'entrant', 'is_customer', 'from_customer', 'outbound', 'is_outbound', 'sortant'
	],
	agent: ['agent', 'agent id', 'agent_id', 'conseiller', 'téléconseiller', 'advisor', 'id conseiller', 'opérateur'],
	team: ['team', 'équipe', 'team name', 'service', 'groupe'],
	segment: ['segment', 'segment client', 'marché', 'customer segment', 'market', 'typologie client'],
	transferred: ['transferred', 'transféré', 'transfert', 'transfer', 'is transferred'],
	callback: ['callback', 'rappel', 'call back', 'follow up', 'follow-up', 'relance', 'rappel nécessaire'],
	resolved: ['resolved', 'résolu', 'clôturé résolu', 'resolution', 'résolution', 'is resolved'],
	handled_at: [
		'handled_at', 'handled', 'date traitement', 'date de traitement', 'date de réponse',
		'date réponse', 'answered_at', 'response time', 'responded_at', 'replied_at'
	],
	survey_resolved: [
		'survey_resolved', 'enquête résolu', 'enquête résolue', 'résolu selon client',
		'résolu selon le client', 'perceived resolved', 'survey resolved'
	],
	csat: ['csat', 'satisfaction', 'note satisfaction', 'note de satisfaction', 'csat score'],
	nps: ['nps', 'recommandation', 'note nps', 'note recommandation', 'nps score', 'likelihood to recommend'],
	contact_id: [
		'contact_id', 'id contact', 'id interaction', 'interaction id', 'interaction_id', 'tweet_id',
		'id', 'ticket id', 'ticket_id', 'n° ticket', 'case id', 'call id'
	]
};

const WEB_ALIASES: Record<CanonicalWebField, string[]> = {
	customer_id: CUSTOMER,
	timestamp: TIMESTAMP,
	page: ['page', 'url', 'uri', 'libellé page', 'page label', 'page title', 'titre page', 'path', 'page_path'],
	session_id: ['session_id', 'session', 'id session', 'session id', 'visit id', 'visit_id', 'id visite']
};

const EVENT_ALIASES: Record<CanonicalEventField, string[]> = {
	customer_id: CUSTOMER,
	timestamp: TIMESTAMP,
	event: [
		'event', 'event type', 'event_type', 'type', 'événement', 'type événement', "type d'événement",
		'type evenement', 'évènement', 'business event', 'événement métier', 'action', 'activité', 'activity'
	],
	detail: ['detail', 'details', 'détail', 'détails', 'description', 'commentaire', 'comment', 'info', 'label', 'libellé']
};

function buildIndex<F extends string>(aliases: Record<F, string[]>): Map<string, F> {
	const index = new Map<string, F>();
	for (const field of Object.keys(aliases) as F[]) {
		for (const alias of aliases[field]) {
			const key = foldHeader(alias);
			if (!index.has(key)) index.set(key, field);
		}
	}
	return index;
}

const CONTACT_INDEX = buildIndex(CONTACT_ALIASES);
const WEB_INDEX = buildIndex(WEB_ALIASES);
const EVENT_INDEX = buildIndex(EVENT_ALIASES);
const INDEX: Record<LogKind, Map<string, string>> = { contacts: CONTACT_INDEX, web: WEB_INDEX, events: EVENT_INDEX };

/** The canonical field a header names, or null. */
export function matchHeader<F extends string>(header: string, kind: LogKind): F | null {
	const index = INDEX[kind];
	return (index.get(foldHeader(header)) as F | undefined) ?? null;
}

/** Column index per canonical field; the first column naming a field wins. */
export function mapHeaders<F extends string>(headers: readonly string[], kind: LogKind): Partial<Record<F, number>> {
	const mapping: Partial<Record<F, number>> = {};
	headers.forEach((header, i) => {
		const field = matchHeader<F>(header, kind);
		if (field !== null && mapping[field] === undefined) mapping[field] = i;
	});
	return mapping;
}

const TIME_OF_DAY = new Set(
	['heure', 'heure contact', 'heure du contact', "heure d'appel", 'heure appel', 'heure début', 'heure de début',
		'time', 'time of day', 'hour'].map(foldHeader)
);

/**
 * The column holding the time of day when an export splits date and time (`Date;Heure`), or
 * undefined. May move the timestamp to the date column when the time column came first.
 */
export function timeOfDayColumn(headers: readonly string[], mapping: Partial<Record<string, number>>, kind: LogKind): number | undefined {
	const ts = mapping.timestamp;
	const isTime = (i: number) => TIME_OF_DAY.has(foldHeader(headers[i] ?? ''));
	if (ts !== undefined && isTime(ts)) {
		const date = headers.findIndex((h, i) => i !== ts && !isTime(i) && matchHeader(h, kind) === 'timestamp');
		if (date < 0) return undefined;
		mapping.timestamp = date;
		return ts;
	}
	if (ts === undefined) return undefined;
	const time = headers.findIndex((_, i) => i !== ts && isTime(i));
	return time < 0 ? undefined : time;
}
