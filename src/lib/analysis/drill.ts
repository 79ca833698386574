/**
 * The demands behind a figure: for one breakdown key (a row of a breakdown table) or a pair of
 * keys (a heat-map cell), the demands grouped under it — each under its first contact's key
 * (METRICS.md §4) — with their contacts, their verdict and why they were not resolved at first
 * contact. Verdicts come from `demandVerdicts` and reasons from `failedConditions`, so the listed
 * demands always add up to the key's figures; the details of a reason (times, delays) are looked
 * up only for the demands listed.
 */
import { dayOf, withinWindow, type Chains } from './chains';
import { SPREADSHEET, csvLine } from '../domain/csv-cell';
import {
	demandVerdicts,
	failedConditions,
	FAIL_CALLBACK,
	FAIL_DECLARED_UNRESOLVED,
	FAIL_LATE_ANSWER,
	FAIL_NO_ANSWER_TIME,
	FAIL_OUTBOUND,
	FAIL_REPEAT,
	FAIL_TRANSFERRED,
	grouping,
	STATUS_COMPLEX,
	STATUS_KEPT,
	STATUS_PENDING,
	STATUS_RESOLVED,
	verdictRules,
	type AnalyzeOptions,
	type Dimension
} from './metrics';
import { DAY, resolveSettings, type AnalysisSettings } from './settings';
import { OUTBOUND, TRUE, UNKNOWN, type ContactTable } from './table';

/** One key of one breakdown: `{ dimension: 'channel', key: 'phone' }`. */
export interface DrillKey {
	dimension: Dimension;
	key: string;
}

/** A demand's verdict: resolved at first contact, not resolved, or not yet observable. */
export type Verdict = 'resolved' | 'failed' | 'pending';

/**
 * `failures`: not resolved first, then pending, then resolved, each oldest first;
 * `time`: oldest first; `recent`: newest first.
 */
export type DrillOrder = 'failures' | 'time' | 'recent';

export interface DrillOptions {
	/** The keys the demands must have (one for a breakdown row, two for a heat-map cell). */
	where: DrillKey[];
	/** Same meaning as `analyze`'s period: demands whose first contact is in [from, to). */
	period?: AnalyzeOptions['period'];
	/** Only the demands with this verdict. @default 'all' */
	verdict?: Verdict | 'all';
	/** @default 'failures' */
	order?: DrillOrder;
	/** Demands listed at most (the counts cover them all). @default 200 */
	limit?: number;
}

export const DEFAULT_DRILL_LIMIT = 200;

/**
 * Why a demand was not resolved at first contact: one METRICS.md §3 condition it fails, with the
 * times that show it. Times are wall-clock ms (table.ts); gaps and delays are ms.
 */
export type FailureReason =
	/** 1. The customer came back: `repeats` repeat contacts, the first `gap` after the first contact. */
	| { kind: 'repeat'; repeats: number; at: number; gap: number }
	/** 2. The first contact needed a callback. */
	| { kind: 'callback' }
	/** 2. The first contact was transferred (while "transfer is failure" is on). */
	| { kind: 'transferred' }
	/** 3. The first contact is declared not resolved. */
	| { kind: 'declaredUnresolved' }
	/** 4. The company contacted the customer on the same subject within the window. */
	| { kind: 'outbound'; at: number; gap: number }
	/** 5. A cold-flow contact answered `delay` after receipt, more than its channel's `limit`. */
	| { kind: 'lateAnswer'; delay: number; limit: number }
	/** 5. A cold-flow contact without an answer time. */
	| { kind: 'noAnswerTime'; limit: number };

export type FailureKind = FailureReason['kind'];

/** One contact of a listed demand, as the log holds it. */
export interface DrillContact {
	/** The row in the table (its line in the file minus the header, when nothing was rejected). */
	row: number;
	/** The contact id of the file, when it had one. */
	contactId: string | null;
	time: number;
	channel: string;
	/** The motive code as the log writes it. */
	motive: string;
	direction: 'inbound' | 'outbound';
	agent: string;
	team: string;
	/** Null when unknown. */
	transferred: boolean | null;
	callback: boolean | null;
	resolved: boolean | null;
	/** When the answer was given; null when missing. */
	handledAt: number | null;
	/** The demand's first contact, one of its repeats, or an outbound contact within its window. */
	role: 'first' | 'repeat' | 'outbound';
}

export interface DrillDemand {
	/** The customer id as stored: already pseudonymised when the import pseudonymised it. */
	customer: string;
	/** Time of the first contact. */
	first: number;
	verdict: Verdict;
	/** Its motive is complex (left out of "FCR excl. complex"). */
	complex: boolean;
	/** When its window closes: first + W, or the end of the first contact's day for `intraday`. */
	windowEnd: number;
	/**
	 * The conditions it fails, in METRICS.md §3 order: none when resolved; at least one when not
	 * resolved; for a pending demand, those already seen.
	 */
	reasons: FailureReason[];
	/** Its inbound contacts and the outbound contacts within its window, in time order. */
	contacts: DrillContact[];
}

export interface DrillResult {
	where: DrillKey[];
	/** Every demand under the keys, whatever `verdict` asked: the key's figures. */
	demands: number;
	pending: number;
	eligible: number;
	resolvedFirst: number;
	/** Eligible demands not resolved at first contact. */
	failed: number;
	/** Demands with the verdict asked for. */
	matching: number;
	/** The first `limit` of them in the order asked for. */
	listed: DrillDemand[];
	/** More demands match than are listed. */
	more: boolean;
	observationEnd: number;
	settings: AnalysisSettings;
}

function flag(value: number): boolean | null {
	return value === UNKNOWN ? null : value === TRUE;
}

/** The demands under `options.where`, with the verdicts and reasons of `analyze`'s figures. */
export function drillDown(
	table: ContactTable,
	partialSettings: Partial<AnalysisSettings>,
	options: DrillOptions
): DrillResult {
	const settings = resolveSettings(partialSettings);
	const { chains, status, observationEnd } = demandVerdicts(table, settings, options.period);
	const wanted = options.verdict ?? 'all';
	const order = options.order ?? 'failures';
	const limit = Math.max(0, options.limit ?? DEFAULT_DRILL_LIMIT);

	// A demand's key per filter, through a table of accepted codes (a name may be reached by
	// several codes: a catalogue motive's codes, a month's days).
	const filters = options.where.map(({ dimension, key }) => {
		const group = grouping(table, settings, dimension);
		const accepted = new Uint8Array(group.names.length);
		for (let k = 0; k < group.names.length; k++) if (group.names[k] === key) accepted[k] = 1;
		return { code: group.code, remap: group.remap, accepted };
	});

	const { firstOfChain } = chains;
	const { time } = table;
	let demands = 0;
	let pending = 0;
	let resolvedFirst = 0;
	const matched: number[] = [];
	for (let chain = 0; chain < chains.count; chain++) {
		const s = status[chain];
		if ((s & STATUS_KEPT) === 0) continue;
		const row = firstOfChain[chain];
		let inside = true;
		for (const f of filters) {
			const c = f.code[row];
			if (!f.accepted[f.remap ? f.remap[c] : c]) {
				inside = false;
				break;
			}
		}
		if (!inside) continue;
		demands++;
		const verdict: Verdict = s & STATUS_PENDING ? 'pending' : s & STATUS_RESOLVED ? 'resolved' : 'failed';
		if (verdict === 'pending') pending++;
		else if (verdict === 'resolved') resolvedFirst++;
		if (wanted === 'all' || wanted === verdict) matched.push(chain);
	}
	const eligible = demands - pending;

	const verdictOf = (chain: number): Verdict => {
		const s = status[chain];
		return s & STATUS_PENDING ? 'pending' : s & STATUS_RESOLVED ? 'resolved' : 'failed';
	};
	let shown: number[];
	if (order === 'failures') {
		// Not resolved first, then pending, then resolved: fill the list bucket by bucket.
		shown = [];
		for (const verdict of ['failed', 'pending', 'resolved'] as const) {
			if (shown.length >= limit) break;
			const bucket = matched.filter((chain) => verdictOf(chain) === verdict);
			shown.push(...firstInTime(bucket, limit - shown.length, time, firstOfChain, false));
		}
	} else {
		shown = firstInTime(matched, limit, time, firstOfChain, order === 'recent');
	}

	return {
		where: options.where.map((w) => ({ ...w })),
		demands,
		pending,
		eligible,
		resolvedFirst,
		failed: eligible - resolvedFirst,
		matching: matched.length,
		listed: describeDemands(table, settings, chains, shown, verdictOf, (chain) => (status[chain] & STATUS_COMPLEX) !== 0),
		more: matched.length > shown.length,
		observationEnd,
		settings
	};
}

/**
 * The `k` chains of `chains` whose first contacts come first in time (last, when `newest`), in
 * that order; ties in input order. Sorts all of them only when they are few: a key can hold
 * hundreds of thousands of demands, of which a couple of hundred are listed.
 */
function firstInTime(chains: number[], k: number, time: Float64Array, firstOfChain: Uint32Array, newest: boolean): number[] {
	const byTime = (a: number, b: number) =>
		newest ? time[firstOfChain[b]] - time[firstOfChain[a]] || b - a : time[firstOfChain[a]] - time[firstOfChain[b]] || a - b;
	if (k <= 0) return [];
	if (chains.length <= k * 4) return chains.sort(byTime).slice(0, k);
	// The k-th time by a native numeric sort, then the comparator on the few up to it.
	const times = new Float64Array(chains.length);
	for (let i = 0; i < chains.length; i++) times[i] = time[firstOfChain[chains[i]]];
	times.sort();
	const threshold = newest ? times[times.length - k] : times[k - 1];
	return chains
		.filter((chain) => (newest ? time[firstOfChain[chain]] >= threshold : time[firstOfChain[chain]] <= threshold))
		.sort(byTime)
		.slice(0, k);
}

/** The listed demands with their contacts and reasons: one pass over the table for all of them. */
function describeDemands(
	table: ContactTable,
	settings: AnalysisSettings,
	chains: Chains,
	shown: number[],
	verdictOf: (chain: number) => Verdict,
	isComplex: (chain: number) => boolean
): DrillDemand[] {
	const { window } = settings;
	const { firstOfChain, chainOf, scopeKey } = chains;
	const { time, customer, direction } = table;
	const rules = verdictRules(table, settings);

	const slot = new Map<number, number>();
	shown.forEach((chain, i) => slot.set(chain, i));
	// Listed demands per customer, to find the outbound contacts within their windows.
	const byCustomer = new Map<number, number[]>();
	shown.forEach((chain, i) => {
		const c = customer[firstOfChain[chain]];
		const list = byCustomer.get(c);
		if (list) list.push(i);
		else byCustomer.set(c, [i]);
	});

	const rowsOf: { row: number; role: DrillContact['role'] }[][] = shown.map(() => []);
	for (let row = 0; row < table.length; row++) {
		if (direction[row] === OUTBOUND) {
			const listed = byCustomer.get(customer[row]);
			if (!listed) continue;
			const t = time[row];
			for (const i of listed) {
				const first = firstOfChain[shown[i]];
				// The rule of METRICS.md §3 condition 4, as buildChains applies it.
				if (scopeKey[row] === scopeKey[first] && t > time[first] && withinWindow(window, time[first], t)) {
					rowsOf[i].push({ row, role: 'outbound' });
				}
			}
			continue;
		}
		const i = slot.get(chainOf[row]);
		if (i !== undefined) rowsOf[i].push({ row, role: firstOfChain[shown[i]] === row ? 'first' : 'repeat' });
	}

	return shown.map((chain, i) => {
		const first = firstOfChain[chain];
		const t0 = time[first];
		const rows = rowsOf[i].sort((a, b) => time[a.row] - time[b.row] || a.row - b.row);
		const contacts = rows.map(({ row, role }) => contactOf(table, row, role));
		const failed = failedConditions(table, chains, rules, chain);
		const reasons: FailureReason[] = [];
		if (failed & FAIL_REPEAT) {
			const repeats = contacts.filter((c) => c.role === 'repeat');
			reasons.push({ kind: 'repeat', repeats: repeats.length, at: repeats[0].time, gap: repeats[0].time - t0 });
		}
		if (failed & FAIL_CALLBACK) reasons.push({ kind: 'callback' });
		if (failed & FAIL_TRANSFERRED) reasons.push({ kind: 'transferred' });
		if (failed & FAIL_DECLARED_UNRESOLVED) reasons.push({ kind: 'declaredUnresolved' });
		if (failed & FAIL_OUTBOUND) {
			const outbound = contacts.find((c) => c.role === 'outbound');
			// buildChains found one, so the scan above does too (the property test checks it).
			const at = outbound ? outbound.time : NaN;
			reasons.push({ kind: 'outbound', at, gap: at - t0 });
		}
		const limit = rules.coldDelay[table.channel[first]];
		if (failed & FAIL_LATE_ANSWER) reasons.push({ kind: 'lateAnswer', delay: table.handledAt[first] - t0, limit });
		if (failed & FAIL_NO_ANSWER_TIME) reasons.push({ kind: 'noAnswerTime', limit });
		return {
			customer: table.customers[customer[first]],
			first: t0,
			verdict: verdictOf(chain),
			complex: isComplex(chain),
			windowEnd: window.kind === 'intraday' ? (dayOf(t0) + 1) * DAY - 1 : t0 + window.ms,
			reasons,
			contacts
		};
	});
}

function contactOf(table: ContactTable, row: number, role: DrillContact['role']): DrillContact {
	const handledAt = table.handledAt[row];
	return {
		row,
		contactId: table.contactId && table.contactIds ? table.contactIds[table.contactId[row]] : null,
		time: table.time[row],
		channel: table.channels[table.channel[row]],
		motive: table.motives[table.motive[row]],
		direction: table.direction[row] === OUTBOUND ? 'outbound' : 'inbound',
		agent: table.agents[table.agent[row]],
		team: table.teams[table.team[row]],
		transferred: flag(table.transferred[row]),
		callback: flag(table.callback[row]),
		resolved: flag(table.resolved[row]),
		handledAt: handledAt === handledAt ? handledAt : null,
		role
	};
}

/** Headers and words of `drillCsv`, in the interface's language. */
export interface DrillCsvText {
	headers: {
		customer: string;
		first: string;
		channel: string;
		motive: string;
		agent: string;
		verdict: string;
		reasons: string;
		contacts: string;
		repeats: string;
	};
	verdict: (verdict: Verdict) => string;
	reason: (reason: FailureReason) => string;
}

/** A wall-clock time as a spreadsheet reads it: `2026-03-01 09:00`. */
function wallClock(ms: number): string {
	return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * Listed demands as CSV, one line per demand, like the breakdown export (UTF-8 with a byte-order
 * mark, `;`, CRLF): the customer as stored, the first contact's time and attributes, the verdict
 * and the reasons in words.
 */
export function drillCsv(demands: readonly DrillDemand[], text: DrillCsvText): string {
	const h = text.headers;
	const lines = [csvLine([h.customer, h.first, h.channel, h.motive, h.agent, h.verdict, h.reasons, h.contacts, h.repeats], SPREADSHEET)];
	for (const d of demands) {
		const first = d.contacts.find((c) => c.role === 'first');
		const inbound = d.contacts.filter((c) => c.role !== 'outbound').length;
		const cells = [
			d.customer,
			wallClock(d.first),
			first?.channel ?? '',
			first?.motive ?? '',
			first?.agent ?? '',
			text.verdict(d.verdict),
			d.reasons.map(text.reason).join(' | '),
			String(inbound),
			String(inbound - 1)
		];
		lines.push(csvLine(cells, SPREADSHEET));
	}
	return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
