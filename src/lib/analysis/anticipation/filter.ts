/**
 * The anticipation page's filters, applied to the logs before `anticipate`:
 * - a **segment** filter keeps the customers with a contact in one of the segments (the segment
 *   is the customer's), with all their contacts, events and page views: the triggers, the rates
 *   and the baseline are those of these customers only;
 * - a **channel** filter keeps the contacts of those channels: the rate after a trigger and the
 *   baseline then count only these contacts (what a proactive message could avoid on them);
 * - a **period** keeps the contacts, events and page views from `from` (included) to `to`
 *   (excluded): the logs as an export of that period would hold them, so a few records years
 *   away from the rest no longer stretch the period the baseline is measured over.
 * Tables are copied row by row only when a filter removes rows; dictionaries are shared.
 */
import type { ContactTable, EventTable, WebTable } from '../table';

export interface AnticipationFilters {
	segments?: readonly string[];
	channels?: readonly string[];
	/** Wall-clock ms, as the Analysis page's period (`periodFilter`). */
	period?: { from?: number; to?: number };
}

type Numeric = Uint32Array | Float64Array | Uint8Array | Int8Array;

function pick<T extends Numeric>(column: T, rows: Uint32Array): T {
	const out = new (column.constructor as { new (n: number): T })(rows.length);
	for (let i = 0; i < rows.length; i++) out[i] = column[rows[i]];
	return out;
}

function rowsWhere(length: number, keep: (r: number) => boolean): Uint32Array | null {
	const rows: number[] = [];
	for (let r = 0; r < length; r++) if (keep(r)) rows.push(r);
	return rows.length === length ? null : Uint32Array.from(rows);
}

const CONTACT_COLUMNS = [
	'customer', 'time', 'channel', 'motive', 'direction', 'agent', 'team', 'segment', 'transferred',
	'callback', 'resolved', 'surveyResolved', 'handledAt', 'csat', 'nps'
] as const;

/** The contact rows listed in `rows`, in that order. */
export function contactRows(table: ContactTable, rows: Uint32Array): ContactTable {
	const out: ContactTable = { ...table, length: rows.length };
	for (const name of CONTACT_COLUMNS) (out[name] as Numeric) = pick(table[name], rows);
	if (table.contactId) out.contactId = pick(table.contactId, rows);
	if (table.zoned) {
		out.zoned = { timeZone: table.zoned.timeZone };
		if (table.zoned.time) out.zoned.time = pick(table.zoned.time, rows);
		if (table.zoned.handledAt) out.zoned.handledAt = pick(table.zoned.handledAt, rows);
	}
	return out;
}

function timeRows<T extends EventTable | WebTable>(table: T, rows: Uint32Array, columns: readonly (keyof T & string)[]): T {
	const out = { ...table, length: rows.length };
	for (const name of columns) (out[name] as Numeric) = pick(table[name] as Numeric, rows);
	if (table.zoned) {
		out.zoned = { timeZone: table.zoned.timeZone };
		if (table.zoned.time) out.zoned.time = pick(table.zoned.time, rows);
	}
	return out;
}

/** The customer ids with a contact in one of `segments`. */
function customersIn(contacts: ContactTable, segments: readonly string[]): Set<string> {
	const wanted = new Set(segments);
	const codes = new Uint8Array(contacts.segments.length);
	contacts.segments.forEach((s, i) => (codes[i] = wanted.has(s) ? 1 : 0));
	const ids = new Set<string>();
	for (let r = 0; r < contacts.length; r++) if (codes[contacts.segment[r]]) ids.add(contacts.customers[contacts.customer[r]]);
	return ids;
}

/** Whether each code of a customer dictionary is kept. */
function keptCodes(customers: readonly string[], ids: Set<string>): Uint8Array {
	const kept = new Uint8Array(customers.length);
	customers.forEach((id, i) => (kept[i] = ids.has(id) ? 1 : 0));
	return kept;
}

/** The logs under the filters; the same tables when no filter is set. */
export function filterLogs(
	logs: { contacts: ContactTable; events: EventTable | null; web: WebTable | null },
	filters: AnticipationFilters = {}
): { contacts: ContactTable; events: EventTable | null; web: WebTable | null } {
	let { contacts, events, web } = logs;
	const segments = filters.segments?.length ? filters.segments : null;
	const channels = filters.channels?.length ? new Set(filters.channels) : null;
	const from = filters.period?.from ?? -Infinity;
	const to = filters.period?.to ?? Infinity;
	const timed = from > -Infinity || to < Infinity;
	if (!segments && !channels && !timed) return logs;
	const inPeriod = (t: number) => t >= from && t < to;
	let keepCustomer: Uint8Array | null = null;
	let ids: Set<string> | null = null;
	if (segments) {
		ids = customersIn(contacts, segments);
		keepCustomer = keptCodes(contacts.customers, ids);
	}
	const channelKept = channels ? contacts.channels.map((c) => channels.has(c)) : null;
	const rows = rowsWhere(
		contacts.length,
		(r) =>
			(!keepCustomer || keepCustomer[contacts.customer[r]] === 1) &&
			(!channelKept || channelKept[contacts.channel[r]]) &&
			inPeriod(contacts.time[r])
	);
	if (rows) contacts = contactRows(contacts, rows);
	if (events) events = logRows(events, EVENT_COLUMNS, ids, filters.period);
	if (web) web = logRows(web, WEB_COLUMNS, ids, filters.period);
	return { contacts, events, web };
}

const EVENT_COLUMNS = ['customer', 'time', 'event', 'detail'] as const;
const WEB_COLUMNS = ['customer', 'time', 'page', 'session'] as const;

/** The rows of an event or web log of the customers `ids` (all when null) in `period`; the same table when all are. */
function logRows<T extends EventTable | WebTable>(
	log: T,
	columns: readonly (keyof T & string)[],
	ids: Set<string> | null,
	period: AnticipationFilters['period']
): T {
	const from = period?.from ?? -Infinity;
	const to = period?.to ?? Infinity;
	if (!ids && from === -Infinity && to === Infinity) return log;
	const kept = ids ? keptCodes(log.customers, ids) : null;
	const picked = rowsWhere(
		log.length,
		(r) => (!kept || kept[log.customer[r]] === 1) && log.time[r] >= from && log.time[r] < to
	);
	return picked ? timeRows(log, picked, columns) : log;
}

/** A business event log's rows in `period` (as `filterLogs` keeps them); the same table when all are. */
export const eventsInPeriod = (events: EventTable, period: AnticipationFilters['period']): EventTable =>
	logRows(events, EVENT_COLUMNS, null, period);

/** A web log's rows in `period` (as `filterLogs` keeps them); the same table when all are. */
export const webInPeriod = (web: WebTable, period: AnticipationFilters['period']): WebTable =>
	logRows(web, WEB_COLUMNS, null, period);

/**
 * The settings for the filtered logs of `contacts`: the observation ends where it was set, else at
 * the latest contact of the whole log (a segment or channel filter must not move it), and never
 * after the period (its `to` is exclusive). Unchanged for an empty log without a set end.
 */
export function observedSettings<S extends { observationEnd?: number }>(settings: S, contacts: ContactTable, period?: { to?: number }): S {
	const set = settings.observationEnd ?? latestContact(contacts);
	if (set === null) return settings;
	return { ...settings, observationEnd: period?.to !== undefined ? Math.min(set, period.to - 1) : set };
}

/** The latest contact time of a table (the observation end a filter must not move); null when empty. */
export function latestContact(contacts: ContactTable): number | null {
	let latest = -Infinity;
	for (let r = 0; r < contacts.length; r++) if (contacts.time[r] > latest) latest = contacts.time[r];
	return contacts.length ? latest : null;
}
