/**
 * Columnar tables: what ingest produces and what the metrics read. One typed array per field,
 * strings dictionary-encoded (a code per row, the distinct values once), so a million contacts
 * take a few dozen megabytes and can be sent to or from a Web Worker as transferable buffers.
 *
 * Times are milliseconds on a wall clock read as if it were UTC (METRICS.md §1 *Time*): a time
 * written without a zone keeps its written date and hour; a time written with a zone or offset is
 * an instant, put on the wall clock of a time zone when read, and the table keeps the instant
 * (`zoned`) so another zone can be chosen later without reading the file again (`inTimeZone`).
 */

/**
 * The instants (UTC ms) behind the times that were written with a zone or offset, NaN for the
 * rows written without one; a column is absent when none of its times had a zone.
 */
export interface ZonedTimes {
	/** The IANA zone whose wall clock `time` and `handledAt` hold for these rows. */
	timeZone: string;
	time?: Float64Array;
	handledAt?: Float64Array;
}

/** Three-valued boolean column value: unknown (empty cell), false, true. */
export const UNKNOWN = -1;
export const FALSE = 0;
export const TRUE = 1;

export const INBOUND = 0;
export const OUTBOUND = 1;

/** Distinct string values of a column; a row stores the index of its value. */
export type Dictionary = string[];

export interface ContactTable {
	length: number;
	/** Code into `customers`. */
	customer: Uint32Array;
	customers: Dictionary;
	/** Start of the interaction (email, mail: when received). */
	time: Float64Array;
	/** Code into `channels`; values normalised to lower case, `unknown` when missing. */
	channel: Uint32Array;
	channels: Dictionary;
	/**
	 * Code into `motives`; `unqualified` when missing. One code per motive compared trimmed and
	 * case-insensitively (`motiveKey`), written with its first spelling in input order (`foldMotives`).
	 */
	motive: Uint32Array;
	motives: Dictionary;
	/** INBOUND or OUTBOUND. */
	direction: Uint8Array;
	/** Codes into their dictionaries; `(none)` when missing. */
	agent: Uint32Array;
	agents: Dictionary;
	team: Uint32Array;
	teams: Dictionary;
	segment: Uint32Array;
	segments: Dictionary;
	/** UNKNOWN, FALSE or TRUE. */
	transferred: Int8Array;
	callback: Int8Array;
	resolved: Int8Array;
	surveyResolved: Int8Array;
	/** When the answer was given; NaN when missing. */
	handledAt: Float64Array;
	/** 1–5, or 0 when unanswered. */
	csat: Uint8Array;
	/** 0–10, or -1 when unanswered. */
	nps: Int8Array;
	/** Code into `contactIds`, when the source file has a contact id column (else ids are the row numbers). */
	contactId?: Uint32Array;
	contactIds?: Dictionary;
	/** Which optional columns the source file had, so figures that need them can say "no data". */
	present: Partial<Record<OptionalContactField, boolean>>;
	/** Absent when no time of the file had a zone. */
	zoned?: ZonedTimes;
}

/**
 * A log loaded as a table, told apart by what it holds: contacts, web events or business events. The one type the
 * engine keeps, caches and hands on, so code that needs contacts narrows on `kind` instead of casting.
 */
export type DataTable = { kind: 'contacts'; table: ContactTable } | { kind: 'web'; table: WebTable } | { kind: 'events'; table: EventTable };

export type OptionalContactField =
	| 'channel'
	| 'motive'
	| 'direction'
	| 'agent'
	| 'team'
	| 'segment'
	| 'transferred'
	| 'callback'
	| 'resolved'
	| 'handled_at'
	| 'survey_resolved'
	| 'csat'
	| 'nps'
	| 'contact_id';

export interface WebTable {
	length: number;
	customer: Uint32Array;
	customers: Dictionary;
	time: Float64Array;
	page: Uint32Array;
	pages: Dictionary;
	/** Code into `sessions`; 0 is `(none)` when the file has no session column. */
	session: Uint32Array;
	/**
	 * Empty when the reading kept no texts (`IngestOptions.sessionIds: false`): the codes then only
	 * tell which views share a session.
	 */
	sessions: Dictionary;
	/** Absent when no time of the file had a zone; never has `handledAt`. */
	zoned?: ZonedTimes;
}

/**
 * A business event log (METRICS.md §5b): one row per event the company caused or observed for a
 * customer (a bill issued, a late delivery, an outage…), the moments that may make customers call.
 */
export interface EventTable {
	length: number;
	customer: Uint32Array;
	customers: Dictionary;
	time: Float64Array;
	/** Code into `events`: the event type (`bill_issued`, `delivery_late`…); `(none)` when empty. */
	event: Uint32Array;
	events: Dictionary;
	/** Code into `details`; 0 is `(none)` when the row or the file has no detail. */
	detail: Uint32Array;
	details: Dictionary;
	/** Absent when no time of the file had a zone; never has `handledAt`. */
	zoned?: ZonedTimes;
}

/** Rows an import refused, counted by reason, with their 1-based line numbers (header is line 1). */
export interface Rejections {
	count: number;
	byReason: Record<string, number>;
	/** The first rejected rows (up to 100), for people to look at. */
	sample: { row: number; reason: string; column?: string; value?: string }[];
}

/**
 * The key a motive code is compared by (METRICS.md §1): trimmed, lower case. Catalogue codes, the
 * complex list and the categories are looked up by it, so `bill` finds `BILL`.
 */
export function motiveKey(motive: string): string {
	return motive.trim().toLowerCase();
}

/**
 * Makes the motive dictionary hold one value per `motiveKey`, each written with its first spelling
 * (the dictionary is in input order), and recodes the rows when spellings merged. Run once where a
 * table is built (ingest, the merge of a file's parts, `fromRows`, a stored dataset), so every
 * consumer sees `BILL` and `bill` as one motive. Costs one pass over the dictionary, and over the
 * rows only when two spellings met.
 */
export function foldMotives(table: Pick<ContactTable, 'length' | 'motive' | 'motives'>): void {
	const dict = table.motives;
	const byKey = new Map<string, number>();
	const values: Dictionary = [];
	const remap = new Uint32Array(dict.length);
	let changed = false;
	for (let m = 0; m < dict.length; m++) {
		const key = motiveKey(dict[m]);
		let code = byKey.get(key);
		if (code === undefined) {
			code = values.length;
			values.push(dict[m].trim());
			byKey.set(key, code);
		}
		remap[m] = code;
		if (code !== m || values[code] !== dict[m]) changed = true;
	}
	if (!changed) return;
	if (values.length !== dict.length) {
		const motive = table.motive;
		for (let r = 0; r < table.length; r++) motive[r] = remap[motive[r]];
	}
	table.motives = values;
}
