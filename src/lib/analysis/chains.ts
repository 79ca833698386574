/**
 * Contact chains and demands (METRICS.md §3), built once over the columnar table and shared by
 * the metrics and the journey overlay. Typed arrays only: one sort of row indices, one pass.
 */
import { DAY, type AnalysisSettings, type Window } from './settings';
import { motiveKey, OUTBOUND, type ContactTable, type Dictionary } from './table';
import { groupByCustomer } from './web-sessions';

// Module-level copies of imported constants, read in the hot loops below.
const DAY_MS: number = DAY;
const OUTBOUND_CODE: number = OUTBOUND;

export interface Chains {
	/**
	 * Every row (inbound and outbound), sorted by customer, scope key (without the channel), time,
	 * then input order. Rows of one customer and scope key are contiguous.
	 */
	order: Uint32Array;
	/** Scope key per row, the channel left out: code into `scopeKeys`. */
	scopeKey: Uint32Array;
	/** `(all)` for scope `any`, the categories for `category`, the motives for `motive`. */
	scopeKeys: Dictionary;
	/** Chain (= demand) id per row; -1 for outbound rows. */
	chainOf: Int32Array;
	/** 1 for a repeat contact, 0 for a first contact or an outbound row. */
	isRepeat: Uint8Array;
	/** Number of chains, i.e. of demands. Chain ids are 0 … count − 1. */
	count: number;
	/** Row of each chain's first contact (its demand's attributes). */
	firstOfChain: Uint32Array;
	/** Inbound contacts per chain, first contact included. */
	chainLength: Uint32Array;
	/**
	 * 1 when an outbound contact to the same customer in the same scope key (channel never counts)
	 * falls within `(first, first + W]` — for `intraday`, later on the first contact's calendar day.
	 */
	outboundFollowUp: Uint8Array;
	/** Inbound rows in the table. */
	inboundCount: number;
}

/** Calendar day number of a wall-clock millisecond value (table.ts: wall clock read as UTC). */
export function dayOf(ms: number): number {
	return Math.floor(ms / DAY_MS);
}

/**
 * What a key of an uncatalogued motive ends with when a catalogue group (category, theme, motive
 * group) is named alike: the two stay apart (METRICS.md §2), and the output stays readable
 * (`Billing` and `Billing (uncatalogued)`). `uncataloguedName` takes it off for display.
 */
export const UNCATALOGUED_SUFFIX = ' (uncatalogued)';

/** The motive an uncatalogued key stands for: the key without `UNCATALOGUED_SUFFIX`. */
export function uncataloguedName(key: string): string {
	return key.endsWith(UNCATALOGUED_SUFFIX) ? key.slice(0, -UNCATALOGUED_SUFFIX.length) : key;
}

/**
 * Group per motive code: `groups` (a catalogue mapping from motive code to category, theme or
 * motive group, looked up by `motiveKey`), or the motive itself when uncatalogued. Catalogued and
 * uncatalogued keys are two spaces: an uncatalogued motive named like a catalogue group is its own
 * key, suffixed `UNCATALOGUED_SUFFIX`. `catalogued[k]` says which space key `k` is in.
 */
export function categoryOfMotive(
	motives: Dictionary,
	groups: Record<string, string>
): { code: Uint32Array; names: Dictionary; catalogued: boolean[] } {
	const byKey = new Map<string, string>();
	for (const [motive, group] of Object.entries(groups)) {
		const key = motiveKey(motive);
		if (!byKey.has(key)) byKey.set(key, group);
	}
	const catalogueNames = new Set(byKey.values());
	const code = new Uint32Array(motives.length);
	const names: Dictionary = [];
	const catalogued: boolean[] = [];
	const inCatalogue = new Map<string, number>();
	const outside = new Map<string, number>();
	for (let m = 0; m < motives.length; m++) {
		const group = byKey.get(motiveKey(motives[m]));
		const index = group === undefined ? outside : inCatalogue;
		const name = group ?? motives[m];
		let c = index.get(name);
		if (c === undefined) {
			c = names.length;
			names.push(group === undefined && catalogueNames.has(name) ? name + UNCATALOGUED_SUFFIX : name);
			catalogued.push(group !== undefined);
			index.set(name, c);
		}
		code[m] = c;
	}
	return { code, names, catalogued };
}

function scopeKeysOf(
	table: ContactTable,
	settings: Pick<AnalysisSettings, 'scope' | 'categories'>
): { scopeKey: Uint32Array; scopeKeys: Dictionary } {
	if (settings.scope === 'any') {
		return { scopeKey: new Uint32Array(table.length), scopeKeys: ['(all)'] };
	}
	if (settings.scope === 'motive') {
		return { scopeKey: table.motive, scopeKeys: table.motives };
	}
	const { code, names } = categoryOfMotive(table.motives, settings.categories);
	const scopeKey = new Uint32Array(table.length);
	for (let r = 0; r < table.length; r++) scopeKey[r] = code[table.motive[r]];
	return { scopeKey, scopeKeys: names };
}

/** Rows in chain order, with the columns the chain walk reads carried along (see `sortRows`). */
export interface SortedRows {
	/** Row indices sorted by (customer, scope key, time, row). */
	order: Uint32Array;
	/** `time[order[i]]`, `scopeKey[order[i]]`, `channel << 1 | outbound` of `order[i]`. */
	time: Float64Array;
	key: Uint32Array;
	channelAndDirection: Uint32Array;
	/** Positions of each customer's rows: `customerStart[c]` … `customerStart[c + 1]`. */
	customerStart: Uint32Array;
}

/**
 * Row indices sorted by (customer, scope key, time, row), with the columns the chain walk reads
 * carried along (`groupByCustomer` with the scope key and the channel and direction).
 */
export function sortRows(table: ContactTable, scopeKey: Uint32Array): SortedRows {
	const n = table.length;
	const { customer, time, channel, direction } = table;
	const channelAndDirection = new Uint32Array(n);
	for (let r = 0; r < n; r++) channelAndDirection[r] = (channel[r] << 1) | (direction[r] === OUTBOUND_CODE ? 1 : 0);
	const grouped = groupByCustomer(customer, null, table.customers.length, time, n, scopeKey, null, channelAndDirection);
	return {
		order: grouped.order,
		time: grouped.time,
		key: grouped.key as Uint32Array,
		channelAndDirection: grouped.extra as Uint32Array,
		customerStart: grouped.start
	};
}

/** Whether a contact at `later` is within the window `W` of one at `earlier` (earlier ≤ later). */
export function withinWindow(window: Window, earlier: number, later: number): boolean {
	return window.kind === 'intraday'
		? dayOf(earlier) === dayOf(later)
		: later - earlier <= window.ms;
}

/**
 * Whether a demand (or FIR chain) first seen at `first` is pending, its window not fully observed
 * by `observationEnd`: `first + W > end`; `intraday`, its day is the end's day or later.
 */
export function isPending(window: Window, first: number, observationEnd: number): boolean {
	return window.kind === 'intraday'
		? dayOf(first) >= dayOf(observationEnd)
		: first + window.ms > observationEnd;
}

/**
 * Builds the chains of METRICS.md §3 for the given scope, channels and window settings.
 * Chain ids follow the input order of their first contacts, so per-demand loops read the
 * table's columns in order.
 */
export function buildChains(
	table: ContactTable,
	settings: Pick<AnalysisSettings, 'scope' | 'channels' | 'window' | 'categories'>
): Chains {
	const n = table.length;
	const { scopeKey, scopeKeys } = scopeKeysOf(table, settings);
	const sorted = sortRows(table, scopeKey);
	const { order, time, key, channelAndDirection, customerStart } = sorted;
	const window = settings.window;
	const sameChannel = settings.channels === 'same';

	// Walk the sorted positions; per row, record the row of its chain's first contact.
	const headRow = new Uint32Array(n);
	const isRepeat = new Uint8Array(n);
	const followUpOfRow = new Uint8Array(n);
	let inboundCount = 0;

	// With channels `same`, the previous contact of the same key is tracked per channel inside
	// each (customer, scope) group; `touched` lists the channels to reset at the group's end.
	const channelCount = table.channels.length;
	const lastTimeByChannel = sameChannel ? new Float64Array(channelCount) : null;
	const lastHeadByChannel = sameChannel ? new Int32Array(channelCount).fill(-1) : null;
	const touched = sameChannel ? new Uint32Array(channelCount) : null;
	// First contacts still waiting for the next outbound contact of their group (FIFO by time).
	const waiting = new Uint32Array(n);

	for (let c = 0; c < table.customers.length; c++) {
		const customerEnd = customerStart[c + 1];
		let groupStart = customerStart[c];
		while (groupStart < customerEnd) {
			const groupKey = key[groupStart];
			let lastTime = 0;
			let lastHead = -1;
			let touchedCount = 0;
			let waitingHead = 0;
			let waitingTail = 0;
			let i = groupStart;
			for (; i < customerEnd && key[i] === groupKey; i++) {
				const t = time[i];
				const row = order[i];
				const cd = channelAndDirection[i];
				if (cd & 1) {
					// Outbound: it is the next outbound contact of every first contact strictly before it.
					while (waitingHead < waitingTail && time[waiting[waitingHead]] < t) {
						const first = waiting[waitingHead++];
						if (withinWindow(window, time[first], t)) followUpOfRow[order[first]] = 1;
					}
					continue;
				}
				inboundCount++;
				let previousHead = lastHead;
				let previousTime = lastTime;
				const ch = cd >>> 1;
				if (lastHeadByChannel && lastTimeByChannel && touched) {
					previousHead = lastHeadByChannel[ch];
					previousTime = lastTimeByChannel[ch];
					if (previousHead < 0) touched[touchedCount++] = ch;
				}
				let head: number;
				if (previousHead >= 0 && withinWindow(window, previousTime, t)) {
					head = previousHead;
					isRepeat[row] = 1;
				} else {
					head = row;
					waiting[waitingTail++] = i;
				}
				headRow[row] = head;
				if (lastHeadByChannel && lastTimeByChannel) {
					lastHeadByChannel[ch] = head;
					lastTimeByChannel[ch] = t;
				} else {
					lastHead = head;
					lastTime = t;
				}
			}
			if (lastHeadByChannel && touched) {
				for (let k = 0; k < touchedCount; k++) lastHeadByChannel[touched[k]] = -1;
			}
			groupStart = i;
		}
	}

	// Number chains in input order of their first contacts, then attach the repeats.
	const chainOf = new Int32Array(n).fill(-1);
	const firstOfChain = new Uint32Array(inboundCount);
	const chainLength = new Uint32Array(inboundCount);
	const outboundFollowUp = new Uint8Array(inboundCount);
	const { direction } = table;
	let count = 0;
	for (let row = 0; row < n; row++) {
		if (direction[row] === OUTBOUND_CODE || isRepeat[row]) continue;
		chainOf[row] = count;
		firstOfChain[count] = row;
		chainLength[count] = 1;
		outboundFollowUp[count] = followUpOfRow[row];
		count++;
	}
	for (let row = 0; row < n; row++) {
		if (isRepeat[row]) {
			const chain = chainOf[headRow[row]];
			chainOf[row] = chain;
			chainLength[chain]++;
		}
	}

	return {
		order,
		scopeKey,
		scopeKeys,
		chainOf,
		isRepeat,
		count,
		firstOfChain: firstOfChain.subarray(0, count),
		chainLength: chainLength.subarray(0, count),
		outboundFollowUp: outboundFollowUp.subarray(0, count),
		inboundCount
	};
}
