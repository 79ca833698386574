/**
 * The anticipation engine (METRICS.md §5b; choices in `types.ts`). Pure and columnar: every
 * trigger occurrence is one entry of three typed arrays, grouped by customer with one counting
 * sort, and each occurrence finds its following contacts by binary search in the customer's
 * inbound contacts. No object per row, so a million contacts and a few million events fit.
 */
import { compileRules, mapContacts, mapPages } from '../../domain/mapping';
import { costsSet } from '../money';
import { DAY, resolveSettings } from '../settings';
import { rate } from '../stats';
import { INBOUND } from '../table';
import { buildSessions, groupByCustomer, joinCustomers, SESSION_GAP } from '../web-sessions';
import type {
	AnticipationInput,
	AnticipationOptions,
	AnticipationResult,
	ShareCount,
	Trigger,
	TriggerKind
} from './types';

export * from './types';

/** @default horizon of METRICS.md §5b */
export const DEFAULT_HORIZON = 7 * DAY;
/** @default deflection share of METRICS.md §5b */
export const DEFAULT_DEFLECTION = 0.3;

/** A growable column of occurrences: joined customer, time, trigger index. */
class Occurrences {
	length = 0;
	customer = new Uint32Array(1024);
	time = new Float64Array(1024);
	trigger = new Uint32Array(1024);
	reserve(extra: number): void {
		const need = this.length + extra;
		if (need <= this.customer.length) return;
		const n = Math.max(need, this.customer.length * 2);
		const c = new Uint32Array(n);
		c.set(this.customer.subarray(0, this.length));
		const t = new Float64Array(n);
		t.set(this.time.subarray(0, this.length));
		const k = new Uint32Array(n);
		k.set(this.trigger.subarray(0, this.length));
		this.customer = c;
		this.time = t;
		this.trigger = k;
	}
	push(customer: number, time: number, trigger: number): void {
		if (this.length === this.customer.length) this.reserve(1);
		const i = this.length++;
		this.customer[i] = customer;
		this.time[i] = time;
		this.trigger[i] = trigger;
	}
}

/** Index of the first position in `[from, to)` whose time is `> t`. */
function firstAfter(time: Float64Array, from: number, to: number, t: number): number {
	let lo = from;
	let hi = to;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (time[mid] > t) hi = mid;
		else lo = mid + 1;
	}
	return lo;
}

function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = Float64Array.from(values).sort();
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function shares(counts: Float64Array | null, names: readonly string[], total: number, top: number): ShareCount[] {
	if (!counts || total === 0) return [];
	const picked: number[] = [];
	for (let i = 0; i < counts.length; i++) if (counts[i] > 0) picked.push(i);
	picked.sort((a, b) => counts[b] - counts[a] || (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : a - b));
	return picked.slice(0, top).map((i) => ({ value: names[i], count: counts[i], share: counts[i] / total }));
}

/**
 * Every trigger of METRICS.md §5b over the given logs: event types, journey states (with
 * `rules`) and web exit pages (with `web`), ranked by attributable contacts.
 */
export function anticipate(input: AnticipationInput, options: AnticipationOptions = {}): AnticipationResult {
	const settings = resolveSettings(input.settings ?? {});
	const contacts = input.contacts;
	const web = input.web ?? null;
	const events = input.events ?? null;
	const H = options.horizon ?? DEFAULT_HORIZON;
	if (!(H > 0) || !Number.isFinite(H)) throw new Error('Invalid horizon: expected a positive number of milliseconds');
	const d = options.deflection ?? DEFAULT_DEFLECTION;
	if (!(d >= 0 && d <= 1)) throw new Error('Invalid deflection share: expected a number from 0 to 1');
	const top = options.top ?? 5;
	const minOccurrences = options.minOccurrences ?? 1;

	// ------------------------------------------------------------ customers and period
	const joined = joinCustomers(contacts, web);
	const ids = joined.ids;
	let ofEvents = new Uint32Array(0);
	if (events) {
		const index = new Map<string, number>();
		for (let c = 0; c < ids.length; c++) index.set(ids[c], c);
		ofEvents = new Uint32Array(events.customers.length);
		for (let e = 0; e < events.customers.length; e++) {
			const id = events.customers[e];
			let c = index.get(id);
			if (c === undefined) {
				c = ids.length;
				ids.push(id);
				index.set(id, c);
			}
			ofEvents[e] = c;
		}
	}
	const C = ids.length;
	const customers = { count: C, ofWeb: joined.ofWeb, ids };

	let start = Infinity;
	let latest = -Infinity;
	let inboundCount = 0;
	const inboundMask = new Uint8Array(contacts.length);
	const inboundCode: number = INBOUND;
	for (let r = 0; r < contacts.length; r++) {
		const t = contacts.time[r];
		if (t < start) start = t;
		if (t > latest) latest = t;
		if (contacts.direction[r] === inboundCode) {
			inboundMask[r] = 1;
			inboundCount++;
		}
	}
	const hasPeriod = contacts.length > 0;
	const end = settings.observationEnd ?? (hasPeriod ? latest : NaN);
	const periodLength = hasPeriod ? end - start : 0;

	// Inbound contacts per customer, in time order; the baseline share of each customer.
	const timeline = groupByCustomer(contacts.customer, null, C, contacts.time, contacts.length, null, inboundMask);
	const baseShare = new Float64Array(C);
	const inPeriod = new Float64Array(C);
	if (periodLength > 0) {
		for (let c = 0; c < C; c++) {
			let covered = 0;
			let runFrom = NaN;
			let runTo = NaN;
			for (let i = timeline.start[c]; i < timeline.start[c + 1]; i++) {
				const t = timeline.time[i];
				if (t >= start && t <= end) inPeriod[c]++;
				// [t − H, t) clipped to [start, end].
				const a = Math.max(t - H, start);
				const b = Math.min(t, end);
				if (!(b > a)) continue;
				if (runTo === runTo && a <= runTo) {
					if (b > runTo) runTo = b;
				} else {
					if (runTo === runTo) covered += runTo - runFrom;
					runFrom = a;
					runTo = b;
				}
			}
			if (runTo === runTo) covered += runTo - runFrom;
			baseShare[c] = covered / periodLength;
		}
	}

	// ------------------------------------------------------------ triggers and their occurrences
	const kinds: TriggerKind[] = [];
	const labels: string[] = [];
	const occ = new Occurrences();
	if (events) {
		const base = kinds.length;
		for (const name of events.events) {
			kinds.push('event');
			labels.push(name);
		}
		occ.reserve(events.length);
		for (let r = 0; r < events.length; r++)
			occ.push(ofEvents[events.customer[r]], events.time[r], base + events.event[r]);
	}
	const rules = input.rules ?? null;
	const compiled = rules ? ('stateOfRule' in rules ? rules : compileRules(rules, input.journeyId)) : null;
	const sessions = web ? buildSessions(web, customers, options.sessionGap ?? SESSION_GAP) : null;
	if (compiled && compiled.rules.length > 0) {
		const base = kinds.length;
		for (const state of compiled.states) {
			kinds.push('state');
			labels.push(state);
		}
		const stateOfRule = compiled.stateOfRule;
		const contactRule = mapContacts(compiled, contacts, settings.categories).ruleOfRow;
		for (let r = 0; r < contacts.length; r++) {
			const rule = contactRule[r];
			if (rule >= 0) occ.push(contacts.customer[r], contacts.time[r], base + stateOfRule[rule]);
		}
		if (web && sessions) {
			const pageRule = mapPages(compiled, web).ruleOfRow;
			// A visit: a run of consecutive mapped views of one session on the same state (METRICS.md §6).
			for (let k = 0; k < sessions.count; k++) {
				let previous = -1;
				const c = sessions.customer[k];
				for (let i = sessions.rowStart[k]; i < sessions.rowStart[k + 1]; i++) {
					const row = sessions.rows[i];
					const rule = pageRule[row];
					if (rule < 0) continue;
					const s = stateOfRule[rule];
					if (s === previous) continue;
					previous = s;
					occ.push(c, web.time[row], base + s);
				}
			}
		}
	}
	if (web && sessions) {
		const base = kinds.length;
		for (const page of web.pages) {
			kinds.push('exitPage');
			labels.push(page);
		}
		occ.reserve(sessions.count);
		for (let k = 0; k < sessions.count; k++)
			occ.push(sessions.customer[k], sessions.end[k], base + sessions.exitPage[k]);
	}
	const T = kinds.length;

	// ------------------------------------------------------------ occurrences, windows, following contacts
	// Grouped by customer in time order (the trigger rides along): each trigger's times then come
	// in order, and per-trigger state is reset per customer by stamping it with the customer.
	const grouped = groupByCustomer(occ.customer, null, C, occ.time, occ.length, null, null, occ.trigger);
	occ.customer = new Uint32Array(0);
	occ.time = new Float64Array(0);
	occ.trigger = new Uint32Array(0);
	const gKey = grouped.extra as Uint32Array;
	const gTime = grouped.time;
	const lastKept = new Float64Array(T);
	const stamp = new Int32Array(T).fill(-1);
	const countedStamp = new Int32Array(T).fill(-1);
	const days = Math.max(1, Math.ceil(H / DAY));
	const occurrences = new Float64Array(T);
	const pending = new Float64Array(T);
	const customerCount = new Float64Array(T);
	const baselineSum = new Float64Array(T);
	const followed = new Float64Array(T);
	const following = new Float64Array(T);
	const costSum = new Float64Array(T);
	const perDayBase = new Float64Array(T);
	const byDay = new Float64Array(T * days);
	const motiveCounts: (Float64Array | null)[] = new Array(T).fill(null);
	const channelCounts: (Float64Array | null)[] = new Array(T).fill(null);
	const segmentCounts: (Float64Array | null)[] = new Array(T).fill(null);
	const delays: number[][] = Array.from({ length: T }, () => []);
	const costOfChannel = new Float64Array(contacts.channels.length);
	for (let ch = 0; ch < contacts.channels.length; ch++) {
		const cost = settings.costPerChannel[contacts.channels[ch].toLowerCase()];
		costOfChannel[ch] = typeof cost === 'number' && Number.isFinite(cost) ? cost : 0;
	}
	const periodDays = periodLength / DAY;
	const cTime = timeline.time;
	const cOrder = timeline.order;
	for (let c = 0; c < C; c++) {
		const from = grouped.start[c];
		const to = grouped.start[c + 1];
		if (from === to) continue;
		const cFrom = timeline.start[c];
		const cTo = timeline.start[c + 1];
		const dailyRate = periodDays > 0 ? inPeriod[c] / periodDays : 0;
		for (let i = from; i < to; i++) {
			const k = gKey[i];
			const t = gTime[i];
			if (stamp[k] === c && !(t - lastKept[k] > H)) continue;
			stamp[k] = c;
			lastKept[k] = t;
			if (!(t + H <= end)) {
				pending[k]++;
				continue;
			}
			occurrences[k]++;
			perDayBase[k] += dailyRate;
			if (countedStamp[k] !== c) {
				countedStamp[k] = c;
				customerCount[k]++;
				baselineSum[k] += baseShare[c];
			}
			let j = firstAfter(cTime, cFrom, cTo, t);
			if (j >= cTo || cTime[j] > t + H) continue;
			followed[k]++;
			delays[k].push(cTime[j] - t);
			let motives = motiveCounts[k];
			if (!motives) {
				motives = motiveCounts[k] = new Float64Array(contacts.motives.length);
				channelCounts[k] = new Float64Array(contacts.channels.length);
				segmentCounts[k] = new Float64Array(contacts.segments.length);
			}
			const channels = channelCounts[k] as Float64Array;
			const segments = segmentCounts[k] as Float64Array;
			for (; j < cTo && cTime[j] <= t + H; j++) {
				const row = cOrder[j];
				following[k]++;
				motives[contacts.motive[row]]++;
				channels[contacts.channel[row]]++;
				segments[contacts.segment[row]]++;
				costSum[k] += costOfChannel[contacts.channel[row]];
				const day = Math.min(days - 1, Math.ceil((cTime[j] - t) / DAY) - 1);
				byDay[k * days + day]++;
			}
		}
	}

	// ------------------------------------------------------------ figures per trigger
	const costs = costsSet(settings.costPerChannel);
	const triggers: Trigger[] = [];
	for (let k = 0; k < T; k++) {
		const n = occurrences[k];
		if (n < minOccurrences || n === 0) continue;
		const r = rate(followed[k], n);
		const baseline = periodLength > 0 && customerCount[k] > 0 ? baselineSum[k] / customerCount[k] : null;
		const p = r.rate as number;
		const lift = baseline !== null && baseline > 0 ? p / baseline : null;
		const attributable = baseline === null ? 0 : n * Math.max(0, p - baseline);
		const meanCost = costs && following[k] > 0 ? costSum[k] / following[k] : null;
		const saving = costs ? attributable * d * (meanCost ?? 0) : null;
		triggers.push({
			kind: kinds[k],
			key: `${kinds[k]}:${labels[k]}`,
			label: labels[k],
			occurrences: n,
			pending: pending[k],
			customers: customerCount[k],
			followed: followed[k],
			rate: r,
			baseline,
			lift,
			attributable,
			saving,
			followingContacts: following[k],
			meanCost,
			motives: shares(motiveCounts[k], contacts.motives, following[k], top),
			channels: shares(channelCounts[k], contacts.channels, following[k], Infinity),
			segments: shares(segmentCounts[k], contacts.segments, following[k], Infinity),
			medianDelay: median(delays[k]),
			byDay: Array.from(byDay.subarray(k * days, (k + 1) * days)),
			baselinePerDay: perDayBase[k]
		});
	}
	triggers.sort(
		(a, b) =>
			b.attributable - a.attributable || b.occurrences - a.occurrences || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
	);
	return {
		triggers,
		horizon: H,
		deflection: d,
		period: hasPeriod ? { start, end } : { start: null, end: null },
		costs,
		totals: {
			contacts: contacts.length,
			inboundContacts: inboundCount,
			events: events?.length ?? 0,
			webEvents: web?.length ?? 0,
			sessions: sessions?.count ?? 0,
			customers: C
		}
	};
}
