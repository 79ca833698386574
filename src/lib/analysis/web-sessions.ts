/**
 * Web sessions (METRICS.md §5) and the customer key shared by the contact and web tables.
 * The two tables are imported apart and have their own customer dictionaries; customers are
 * joined by their id string into one numbering: a contact table's codes are kept, customers seen
 * only on the web come after them.
 */
import { MINUTE } from './settings';
import { DictionaryIndex } from './dictionaries';
import type { ContactTable, Dictionary, WebTable } from './table';

/** Longest gap between two page views of one session, without a session id. */
export const SESSION_GAP = 30 * MINUTE;

export interface Customers {
	/** Contact customers keep their code; web-only customers are numbered after them. */
	count: number;
	/** Web customer code → joined code. */
	ofWeb: Uint32Array;
	/** Joined code → id string. */
	ids: string[];
}

/** Joins customers by their id string: contact codes first, then the web-only customers. */
export function joinCustomers(contacts: Pick<ContactTable, 'customers'>, web: Pick<WebTable, 'customers'> | null): Customers {
	return new CustomerJoin(contacts.customers).join(web?.customers ?? []);
}

/** The contacts' customers indexed once, to join the customers of several logs to them. */
export class CustomerJoin {
	private readonly index: DictionaryIndex;

	constructor(private readonly contacts: Dictionary) {
		this.index = new DictionaryIndex(contacts);
	}

	/** A log's customers joined by id: contact codes kept, the log's other customers numbered after them. */
	join(ids: Dictionary): Customers {
		const { remap } = this.index.codesOf(ids, false);
		const joined = this.contacts.slice();
		for (let i = 0; i < ids.length; i++) if (remap[i] >= this.contacts.length) joined.push(ids[i]);
		return { count: joined.length, ofWeb: remap, ids: joined };
	}
}

export interface Grouped {
	/** Row indices sorted by (customer, key, time, row). */
	order: Uint32Array;
	/** `time[order[i]]`. */
	time: Float64Array;
	/** `key[order[i]]` and `extra[order[i]]`, when those columns are given. */
	key: Uint32Array | null;
	extra: Uint32Array | null;
	/** Positions of each customer's rows: `start[c]` … `start[c + 1]`. */
	start: Uint32Array;
}

/**
 * Row indices sorted by (customer, key, time, row): a stable counting sort by customer that
 * writes the columns the callers walk beside each index (time, and `key` and `extra` when given:
 * sequential reads, so a million rows stay cache-friendly), then each customer's rows sorted in
 * place (insertion sort for the usual handful, a comparator beyond). `remap` translates the row's
 * customer code; rows where `keep` is 0 are left out.
 */
export function groupByCustomer(
	customer: Uint32Array,
	remap: Uint32Array | null,
	customerCount: number,
	time: Float64Array,
	length: number,
	key: Uint32Array | null = null,
	keep: Uint8Array | null = null,
	extra: Uint32Array | null = null
): Grouped {
	const start = new Uint32Array(customerCount + 1);
	let kept = 0;
	for (let r = 0; r < length; r++) {
		if (keep && keep[r] === 0) continue;
		start[(remap ? remap[customer[r]] : customer[r]) + 1]++;
		kept++;
	}
	for (let c = 0; c < customerCount; c++) start[c + 1] += start[c];
	const next = start.slice(0, customerCount);
	const order = new Uint32Array(kept);
	const sortedTime = new Float64Array(kept);
	const sortedKey = key ? new Uint32Array(kept) : null;
	const sortedExtra = extra ? new Uint32Array(kept) : null;
	for (let r = 0; r < length; r++) {
		if (keep && keep[r] === 0) continue;
		const i = next[remap ? remap[customer[r]] : customer[r]]++;
		order[i] = r;
		sortedTime[i] = time[r];
		if (sortedKey && key) sortedKey[i] = key[r];
		if (sortedExtra && extra) sortedExtra[i] = extra[r];
	}
	for (let c = 0; c < customerCount; c++) {
		const from = start[c];
		const to = start[c + 1];
		if (to - from < 2) continue;
		if (to - from > 32) {
			// Logs in time order give groups already in order: no sort to run then.
			let sorted = true;
			for (let i = from + 1; i < to && sorted; i++) {
				sorted = sortedKey
					? sortedKey[i] > sortedKey[i - 1] || (sortedKey[i] === sortedKey[i - 1] && sortedTime[i] >= sortedTime[i - 1])
					: sortedTime[i] >= sortedTime[i - 1];
			}
			if (!sorted) sortGroup(from, to, order, sortedTime, sortedKey, sortedExtra);
			continue;
		}
		for (let i = from + 1; i < to; i++) {
			const row = order[i];
			const t = sortedTime[i];
			const k = sortedKey ? sortedKey[i] : 0;
			const e = sortedExtra ? sortedExtra[i] : 0;
			let j = i - 1;
			// Earlier positions hold earlier rows (the counting sort is stable): ties stay put.
			while (
				j >= from &&
				(sortedKey
					? sortedKey[j] > k || (sortedKey[j] === k && sortedTime[j] > t)
					: sortedTime[j] > t)
			) {
				order[j + 1] = order[j];
				sortedTime[j + 1] = sortedTime[j];
				if (sortedKey) sortedKey[j + 1] = sortedKey[j];
				if (sortedExtra) sortedExtra[j + 1] = sortedExtra[j];
				j--;
			}
			order[j + 1] = row;
			sortedTime[j + 1] = t;
			if (sortedKey) sortedKey[j + 1] = k;
			if (sortedExtra) sortedExtra[j + 1] = e;
		}
	}
	return { order, time: sortedTime, key: sortedKey, extra: sortedExtra, start };
}

function sortGroup(
	from: number,
	to: number,
	order: Uint32Array,
	time: Float64Array,
	key: Uint32Array | null,
	extra: Uint32Array | null
): void {
	const size = to - from;
	const positions = new Uint32Array(size);
	for (let i = 0; i < size; i++) positions[i] = from + i;
	positions.sort(
		key
			? (a, b) => key[a] - key[b] || time[a] - time[b] || order[a] - order[b]
			: (a, b) => time[a] - time[b] || order[a] - order[b]
	);
	const o = order.slice(from, to);
	const t = time.slice(from, to);
	const k = key ? key.slice(from, to) : null;
	const e = extra ? extra.slice(from, to) : null;
	for (let i = 0; i < size; i++) {
		const p = positions[i] - from;
		order[from + i] = o[p];
		time[from + i] = t[p];
		if (key && k) key[from + i] = k[p];
		if (extra && e) extra[from + i] = e[p];
	}
}

export interface WebSessions {
	count: number;
	/** Per session, sessions sorted by (customer, start): joined customer code. */
	customer: Uint32Array;
	/** First and last page view. */
	start: Float64Array;
	end: Float64Array;
	/** Page code of the last page view. */
	exitPage: Uint32Array;
	/** Web rows of session `s`: `rows[rowStart[s]]` … `rows[rowStart[s + 1] - 1]`, in time order. */
	rows: Uint32Array;
	rowStart: Uint32Array;
	/** Sessions of customer `c`: `customerStart[c]` … `customerStart[c + 1] - 1`. */
	customerStart: Uint32Array;
	/** Session of each web row; -1 for rows left out by `keep`. */
	sessionOfRow: Int32Array;
}

/**
 * Cuts each customer's page views into sessions: views with the same session id form one
 * session; views without one (`(none)`, code 0) split where the gap exceeds `gap`.
 */
export function buildSessions(
	web: WebTable,
	customers: Customers,
	gap: number = SESSION_GAP,
	keep: Uint8Array | null = null
): WebSessions {
	// `(none)` alone: the file has no session ids; none at all: ids read without their texts.
	const withIds = web.sessions.length !== 1;
	const grouped = groupByCustomer(
		web.customer,
		customers.ofWeb,
		customers.count,
		web.time,
		web.length,
		withIds ? web.session : null,
		keep,
		web.page
	);
	// Session ids and pages ride along in grouped order: read in sequence, not gathered by row.
	const { order, time, start } = grouped;
	const n = order.length;
	const session = grouped.key;
	const page = grouped.extra as Uint32Array;
	// First pass: session boundaries in grouped order.
	const first = new Uint8Array(n);
	let count = 0;
	for (let c = 0; c < customers.count; c++) {
		const to = start[c + 1];
		for (let i = start[c]; i < to; i++) {
			let isFirst = i === start[c];
			if (!isFirst) {
				const a = session ? session[i - 1] : 0;
				const b = session ? session[i] : 0;
				isFirst = a !== b || (b === 0 && time[i] - time[i - 1] > gap);
			}
			if (isFirst) {
				first[i] = 1;
				count++;
			}
		}
	}
	const sCustomer = new Uint32Array(count);
	const sStart = new Float64Array(count);
	const sEnd = new Float64Array(count);
	const exitPage = new Uint32Array(count);
	const headAt = new Uint32Array(count + 1);
	const customerStart = new Uint32Array(customers.count + 1);
	let s = -1;
	for (let c = 0; c < customers.count; c++) {
		const to = start[c + 1];
		customerStart[c] = s + 1;
		for (let i = start[c]; i < to; i++) {
			if (first[i]) {
				s++;
				sCustomer[s] = c;
				sStart[s] = time[i];
				headAt[s] = i;
			}
			sEnd[s] = time[i];
			exitPage[s] = page[i];
		}
	}
	customerStart[customers.count] = count;
	headAt[count] = n;

	// Sessions keyed by id come out in id order: put each customer's sessions in start order.
	let perm: Uint32Array | null = null;
	if (withIds) {
		for (let c = 0; c < customers.count && !perm; c++) {
			for (let k = customerStart[c] + 1; k < customerStart[c + 1]; k++) {
				if (sStart[k] < sStart[k - 1]) {
					perm = new Uint32Array(count);
					break;
				}
			}
		}
	}
	if (perm) {
		for (let k = 0; k < count; k++) perm[k] = k;
		for (let c = 0; c < customers.count; c++) {
			const from = customerStart[c];
			const to = customerStart[c + 1];
			// A customer whose sessions are already in order is left as the sort would leave it.
			let sorted = true;
			for (let k = from + 1; k < to && sorted; k++) {
				sorted = sStart[k] > sStart[k - 1] || (sStart[k] === sStart[k - 1] && sEnd[k] >= sEnd[k - 1]);
			}
			if (sorted) continue;
			const slice = Array.from(perm.subarray(from, to)).sort(
				(a, b) => sStart[a] - sStart[b] || sEnd[a] - sEnd[b] || a - b
			);
			perm.set(slice, from);
		}
	}
	const rows = new Uint32Array(n);
	const rowStart = new Uint32Array(count + 1);
	const sessionOfRow = new Int32Array(web.length).fill(-1);
	const outCustomer = perm ? new Uint32Array(count) : sCustomer;
	const outStart = perm ? new Float64Array(count) : sStart;
	const outEnd = perm ? new Float64Array(count) : sEnd;
	const outExit = perm ? new Uint32Array(count) : exitPage;
	let w = 0;
	for (let k = 0; k < count; k++) {
		const src = perm ? perm[k] : k;
		if (perm) {
			outCustomer[k] = sCustomer[src];
			outStart[k] = sStart[src];
			outEnd[k] = sEnd[src];
			outExit[k] = exitPage[src];
		}
		rowStart[k] = w;
		for (let i = headAt[src]; i < headAt[src + 1]; i++) {
			const row = order[i];
			rows[w++] = row;
			sessionOfRow[row] = k;
		}
	}
	rowStart[count] = w;
	return {
		count,
		customer: outCustomer,
		start: outStart,
		end: outEnd,
		exitPage: outExit,
		rows,
		rowStart,
		customerStart,
		sessionOfRow
	};
}

export interface SessionExits {
	count: number;
	/** Sessions of joined customer `c`: `start[c]` … `start[c + 1] - 1`, in order of their ends. */
	start: Uint32Array;
	/** Per session: time and page of the last page view. */
	end: Float64Array;
	exitPage: Uint32Array;
}

/**
 * The last page view of each session, as `buildSessions` gives it (the latest view, the later row
 * on a tie), by customer, without grouping the views: when every view has a session id and no id
 * is shared by two customers, a session is one id, and one pass keeps each id's latest view. Null
 * otherwise (views without an id are cut by time, an id of two customers makes two sessions):
 * build the sessions then.
 */
export function sessionExits(web: WebTable, customers: Customers): SessionExits | null {
	if (web.sessions.length === 1) return null;
	const session = web.session;
	let codes = 0;
	for (let r = 0; r < web.length; r++) {
		const code = session[r];
		if (code === 0) return null;
		if (code >= codes) codes = code + 1;
	}
	// Per id code: its customer + 1 (0 while unseen) and its latest view's row + 1 (a recent row:
	// its time is read again from the cache).
	const owner = new Int32Array(codes);
	const latest = new Int32Array(codes);
	const start = new Uint32Array(customers.count + 1);
	const ofWeb = customers.ofWeb;
	const time = web.time;
	let count = 0;
	for (let r = 0; r < web.length; r++) {
		const code = session[r];
		const c = ofWeb[web.customer[r]] + 1;
		if (owner[code] === 0) {
			owner[code] = c;
			start[c]++;
			count++;
		} else if (owner[code] !== c) return null;
		else if (!(time[r] >= time[latest[code] - 1])) continue;
		latest[code] = r + 1;
	}
	// Each customer's sessions in order of their ids' codes, then of their ends.
	for (let c = 0; c < customers.count; c++) start[c + 1] += start[c];
	const next = start.slice(0, customers.count);
	const end = new Float64Array(count);
	const exitPage = new Uint32Array(count);
	for (let code = 1; code < codes; code++) {
		if (owner[code] === 0) continue;
		const i = next[owner[code] - 1]++;
		const row = latest[code] - 1;
		end[i] = time[row];
		exitPage[i] = web.page[row];
	}
	for (let c = 0; c < customers.count; c++) sortByTime(start[c], start[c + 1], end, exitPage);
	return { count, start, end, exitPage };
}

/** Sorts `time[from, to)` and `extra` beside it by time, ties kept in place: most runs are in order already. */
function sortByTime(from: number, to: number, time: Float64Array, extra: Uint32Array): void {
	let sorted = true;
	for (let i = from + 1; i < to && sorted; i++) sorted = time[i] >= time[i - 1];
	if (sorted) return;
	const positions = Array.from({ length: to - from }, (_, i) => from + i).sort((a, b) => time[a] - time[b] || a - b);
	const t = positions.map((p) => time[p]);
	const e = positions.map((p) => extra[p]);
	time.set(t, from);
	extra.set(e, from);
}
