/**
 * Contact chains and demands (METRICS.md §3), built once over the columnar table and shared by
 * the metrics and the journey overlay. Typed arrays only: one sort of row indices, one pass.
 */
import { DAY, type AnalysisSettings, type Window } from './settings';
import { OUTBOUND, type ContactTable, type Dictionary } from './table';

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
	return Math.floor(ms / DAY);
}

/** Category per motive code: `settings.categories`, or the motive itself when uncatalogued. */
export function categoryOfMotive(
	motives: Dictionary,
	categories: Record<string, string>
): { code: Uint32Array; names: Dictionary } {
	const code = new Uint32Array(motives.length);
	const names: Dictionary = [];
	const index = new Map<string, number>();
	for (let m = 0; m < motives.length; m++) {
		const name = Object.hasOwn(categories, motives[m]) ? categories[motives[m]] : motives[m];
		let c = index.get(name);
		if (c === undefined) {
			c = names.length;
			names.push(name);
			index.set(name, c);
		}
		code[m] = c;
	}
	return { code, names };
}

function scopeKeysOf(
	table: ContactTable,
	settings: AnalysisSettings
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

/**
 * Row indices sorted by (customer, scope key, time, row): a stable counting sort by customer,
 * then each customer's rows sorted in place — insertion sort for the usual handful of rows.
 */
export function sortRows(table: ContactTable, scopeKey: Uint32Array): Uint32Array {
	const n = table.length;
	const { customer, time } = table;
	const start = new Uint32Array(table.customers.length + 1);
	for (let r = 0; r < n; r++) start[customer[r] + 1]++;
	for (let c = 0; c < table.customers.length; c++) start[c + 1] += start[c];
	const next = start.slice(0, table.customers.length);
	const order = new Uint32Array(n);
	for (let r = 0; r < n; r++) order[next[customer[r]]++] = r;

	const compare = (a: number, b: number) => scopeKey[a] - scopeKey[b] || time[a] - time[b] || a - b;
	for (let c = 0; c < table.customers.length; c++) {
		const from = start[c];
		const to = start[c + 1];
		if (to - from < 2) continue;
		if (to - from > 32) {
			order.subarray(from, to).sort(compare);
			continue;
		}
		for (let i = from + 1; i < to; i++) {
			const row = order[i];
			const s = scopeKey[row];
			const t = time[row];
			let j = i - 1;
			while (j >= from) {
				const other = order[j];
				const so = scopeKey[other];
				// Rows are in input order before sorting, so `row` > `other` and ties stay put.
				if (so < s || (so === s && time[other] <= t)) break;
				order[j + 1] = other;
				j--;
			}
			order[j + 1] = row;
		}
	}
	return order;
}

/** Whether a contact at `later` is within the window `W` of one at `earlier` (earlier ≤ later). */
export function withinWindow(window: Window, earlier: number, later: number): boolean {
	return window.kind === 'intraday'
		? dayOf(earlier) === dayOf(later)
		: later - earlier <= window.ms;
}

/** Builds the chains of METRICS.md §3 for the given scope, channels and window settings. */
export function buildChains(
	table: ContactTable,
	settings: Pick<AnalysisSettings, 'scope' | 'channels' | 'window' | 'categories'>
): Chains {
	const n = table.length;
	const { customer, time, direction, channel } = table;
	const { scopeKey, scopeKeys } = scopeKeysOf(table, settings as AnalysisSettings);
	const order = sortRows(table, scopeKey);
	const window = settings.window;
	const intraday = window.kind === 'intraday';
	const windowMs = window.kind === 'duration' ? window.ms : 0;
	const sameChannel = settings.channels === 'same';

	let inboundCount = 0;
	let outboundCount = 0;
	for (let r = 0; r < n; r++) {
		if (direction[r] === OUTBOUND) outboundCount++;
		else inboundCount++;
	}

	const chainOf = new Int32Array(n).fill(-1);
	const isRepeat = new Uint8Array(n);
	const firstOfChain = new Uint32Array(inboundCount);
	const chainLength = new Uint32Array(inboundCount);
	const outboundFollowUp = new Uint8Array(inboundCount);
	let count = 0;

	// With channels `same`, the previous contact of the same key is tracked per channel inside
	// each (customer, scope) group; `touched` lists the channels to reset at the group's end.
	const lastTimeByChannel = sameChannel ? new Float64Array(table.channels.length) : null;
	const lastChainByChannel = sameChannel
		? new Int32Array(table.channels.length).fill(-1)
		: null;
	const touched = sameChannel ? new Uint32Array(table.channels.length) : null;

	let groupStart = 0;
	while (groupStart < n) {
		const firstRow = order[groupStart];
		const groupCustomer = customer[firstRow];
		const groupScope = scopeKey[firstRow];
		let groupEnd = groupStart + 1;
		while (
			groupEnd < n &&
			customer[order[groupEnd]] === groupCustomer &&
			scopeKey[order[groupEnd]] === groupScope
		) {
			groupEnd++;
		}

		// Forward: chain each inbound contact to the previous inbound one of the same key.
		let lastTime = 0;
		let lastChain = -1;
		let touchedCount = 0;
		for (let i = groupStart; i < groupEnd; i++) {
			const row = order[i];
			if (direction[row] === OUTBOUND) continue;
			const t = time[row];
			let previousChain = lastChain;
			let previousTime = lastTime;
			if (lastChainByChannel && lastTimeByChannel && touched) {
				const ch = channel[row];
				previousChain = lastChainByChannel[ch];
				previousTime = lastTimeByChannel[ch];
				if (previousChain < 0) touched[touchedCount++] = ch;
			}
			let chain: number;
			if (
				previousChain >= 0 &&
				(intraday ? dayOf(previousTime) === dayOf(t) : t - previousTime <= windowMs)
			) {
				chain = previousChain;
				isRepeat[row] = 1;
				chainLength[chain]++;
			} else {
				chain = count++;
				firstOfChain[chain] = row;
				chainLength[chain] = 1;
			}
			chainOf[row] = chain;
			if (lastChainByChannel && lastTimeByChannel) {
				lastChainByChannel[channel[row]] = chain;
				lastTimeByChannel[channel[row]] = t;
			} else {
				lastChain = chain;
				lastTime = t;
			}
		}
		if (lastChainByChannel && touched) {
			for (let k = 0; k < touchedCount; k++) lastChainByChannel[touched[k]] = -1;
		}

		// Backward: the earliest outbound contact strictly after each first contact.
		if (outboundCount > 0) {
			let nextOutbound = Infinity;
			let i = groupEnd - 1;
			while (i >= groupStart) {
				const t = time[order[i]];
				let runStart = i;
				while (runStart > groupStart && time[order[runStart - 1]] === t) runStart--;
				for (let k = runStart; k <= i; k++) {
					const row = order[k];
					if (direction[row] === OUTBOUND || isRepeat[row] || nextOutbound === Infinity) continue;
					if (intraday ? dayOf(nextOutbound) === dayOf(t) : nextOutbound - t <= windowMs) {
						outboundFollowUp[chainOf[row]] = 1;
					}
				}
				for (let k = runStart; k <= i; k++) {
					if (direction[order[k]] === OUTBOUND) nextOutbound = t;
				}
				i = runStart - 1;
			}
		}
		groupStart = groupEnd;
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
