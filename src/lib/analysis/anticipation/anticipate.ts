/**
 * The anticipation engine (METRICS.md §5b; choices in `types.ts`). Pure and columnar: the
 * occurrences of each source of triggers (event types, journey states, exit pages) are typed
 * arrays grouped by customer with one counting sort, and each occurrence finds its following
 * contacts by binary search in the customer's inbound contacts. No object per row, so a million
 * contacts and a few million events fit.
 *
 * Every figure of a trigger is a sum over its own occurrences, so the sources are counted apart
 * (`Anticipation`): a caller that reads the logs one by one (the command line) counts each as it
 * arrives, while the next is still being read.
 */
import { compileRules, mapContacts, mapPages } from '../../domain/mapping';
import { costsSet } from '../money';
import { DAY, resolveSettings } from '../settings';
import { rate } from '../stats';
import { INBOUND } from '../table';
import {
	buildSessions,
	CustomerJoin,
	groupByCustomer,
	sessionExits,
	SESSION_GAP,
	type Customers,
	type Grouped
} from '../web-sessions';

import type { ContactTable, Dictionary, EventTable, WebTable } from '../table';
import type { CompiledRules } from '../../domain/mapping';
import type {
	AnticipationInput,
	AnticipationOptions,
	AnticipationResult,
	ShareCount,
	Trigger,
	TriggerKind
} from './types';

export * from './types';

/** Occurrences by customer (contact customers first): `start[c]` … `start[c + 1] - 1`, in time order. */
type ByCustomer = { start: Uint32Array; time: Float64Array; trigger: Uint32Array };
const byCustomer = (grouped: Grouped): ByCustomer => ({
	start: grouped.start,
	time: grouped.time,
	trigger: grouped.extra as Uint32Array
});

/** @default horizon of METRICS.md §5b */
export const DEFAULT_HORIZON = 7 * DAY;
/** @default deflection share of METRICS.md §5b */
export const DEFAULT_DEFLECTION = 0.3;

/** A growable column of occurrences: customer, time, trigger index. */
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

/** The figures of one source's triggers, summed over their occurrences. */
class Tally {
	readonly occurrences: Float64Array;
	readonly pending: Float64Array;
	readonly customers: Float64Array;
	readonly baselineSum: Float64Array;
	readonly followed: Float64Array;
	readonly following: Float64Array;
	readonly costSum: Float64Array;
	readonly perDayBase: Float64Array;
	readonly byDay: Float64Array;
	readonly motives: (Float64Array | null)[];
	readonly channels: (Float64Array | null)[];
	readonly segments: (Float64Array | null)[];
	readonly delays: number[][];

	constructor(
		readonly kind: TriggerKind,
		readonly labels: readonly string[],
		days: number
	) {
		const T = labels.length;
		this.occurrences = new Float64Array(T);
		this.pending = new Float64Array(T);
		this.customers = new Float64Array(T);
		this.baselineSum = new Float64Array(T);
		this.followed = new Float64Array(T);
		this.following = new Float64Array(T);
		this.costSum = new Float64Array(T);
		this.perDayBase = new Float64Array(T);
		this.byDay = new Float64Array(T * days);
		this.motives = new Array(T).fill(null);
		this.channels = new Array(T).fill(null);
		this.segments = new Array(T).fill(null);
		this.delays = Array.from({ length: T }, () => []);
	}
}

/**
 * METRICS.md §5b counted source by source: built on the contact log (the period, each customer's
 * inbound contacts and baseline share), then given the business event log (`addEvents`) and the
 * web log and journey rules (`addWeb`) in any order, and read by `result`. `anticipate` does it all
 * at once.
 */
export class Anticipation {
	private readonly settings: ReturnType<typeof resolveSettings>;
	private readonly H: number;
	private readonly deflection: number;
	private readonly top: number;
	private readonly minOccurrences: number;
	private readonly sessionGap: number;
	private readonly days: number;
	private readonly start: number;
	private readonly end: number;
	private readonly periodLength: number;
	private readonly inboundCount: number;
	/** Inbound contacts per contact customer, in time order. */
	private readonly timeline: Grouped;
	/** Per contact customer: the baseline share, and the inbound contacts in the period. */
	private readonly baseShare: Float64Array;
	private readonly inPeriod: Float64Array;
	private readonly costOfChannel: Float64Array;
	private readonly tallies: Tally[] = [];
	private readonly customerJoin: CustomerJoin;
	/** Customer ids of the other logs that have no contact. */
	private readonly others = new Set<string>();
	private events = 0;
	private webEvents = 0;
	private sessions = 0;

	constructor(
		private readonly contacts: ContactTable,
		settings: AnticipationInput['settings'] = {},
		options: AnticipationOptions = {}
	) {
		this.settings = resolveSettings(settings ?? {});
		const H = (this.H = options.horizon ?? DEFAULT_HORIZON);
		if (!(H > 0) || !Number.isFinite(H)) throw new Error('Invalid horizon: expected a positive number of milliseconds');
		const d = (this.deflection = options.deflection ?? DEFAULT_DEFLECTION);
		if (!(d >= 0 && d <= 1)) throw new Error('Invalid deflection share: expected a number from 0 to 1');
		this.top = options.top ?? 5;
		this.minOccurrences = options.minOccurrences ?? 1;
		this.sessionGap = options.sessionGap ?? SESSION_GAP;
		this.days = Math.max(1, Math.ceil(H / DAY));

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
		this.inboundCount = inboundCount;
		this.start = start;
		const end = (this.end = this.settings.observationEnd ?? (contacts.length > 0 ? latest : NaN));
		const periodLength = (this.periodLength = contacts.length > 0 ? end - start : 0);

		// Inbound contacts per customer, in time order; the baseline share of each customer.
		const C = contacts.customers.length;
		const timeline = (this.timeline = groupByCustomer(
			contacts.customer,
			null,
			C,
			contacts.time,
			contacts.length,
			null,
			inboundMask
		));
		const baseShare = (this.baseShare = new Float64Array(C));
		const inPeriod = (this.inPeriod = new Float64Array(C));
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
		this.customerJoin = new CustomerJoin(contacts.customers);
		this.costOfChannel = new Float64Array(contacts.channels.length);
		for (let ch = 0; ch < contacts.channels.length; ch++) {
			const cost = this.settings.costPerChannel[contacts.channels[ch].toLowerCase()];
			this.costOfChannel[ch] = typeof cost === 'number' && Number.isFinite(cost) ? cost : 0;
		}
	}

	/** Each event type of a business event log is a trigger, occurring at each of its events. */
	addEvents(events: EventTable): void {
		this.events += events.length;
		const customers = this.join(events.customers);
		const grouped = groupByCustomer(
			events.customer,
			customers.ofWeb,
			customers.count,
			events.time,
			events.length,
			null,
			null,
			events.event
		);
		this.count(new Tally('event', events.events, this.days), byCustomer(grouped));
	}

	/**
	 * Each exit page of a web log is a trigger, occurring at the last page view of each session;
	 * with `rules`, each journey state they map contacts and web visits to is one too (the states
	 * of contacts alone when `web` is null).
	 */
	addWeb(web: WebTable | null, rules: CompiledRules | null = null): void {
		const states = rules !== null && rules.rules.length > 0;
		if (!web && !states) return;
		const customers = web ? this.join(web.customers) : null;
		this.webEvents += web?.length ?? 0;
		const C = customers?.count ?? this.contacts.customers.length;
		// The last view of each session is all the exit pages need; states need each session's views.
		const exits = web && customers && !states ? sessionExits(web, customers) : null;
		const sessions = web && customers && !exits ? buildSessions(web, customers, this.sessionGap) : null;
		if (states && rules) {
			const occ = new Occurrences();
			const stateOfRule = rules.stateOfRule;
			const contacts = this.contacts;
			const contactRule = mapContacts(rules, contacts, this.settings.categories).ruleOfRow;
			for (let r = 0; r < contacts.length; r++) {
				const rule = contactRule[r];
				if (rule >= 0) occ.push(contacts.customer[r], contacts.time[r], stateOfRule[rule]);
			}
			if (web && sessions) {
				const pageRule = mapPages(rules, web).ruleOfRow;
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
						occ.push(c, web.time[row], s);
					}
				}
			}
			this.count(
				new Tally('state', rules.states, this.days),
				byCustomer(groupByCustomer(occ.customer, null, C, occ.time, occ.length, null, null, occ.trigger))
			);
		}
		if (web && exits) {
			this.sessions += exits.count;
			this.count(new Tally('exitPage', web.pages, this.days), {
				start: exits.start,
				time: exits.end,
				trigger: exits.exitPage
			});
		} else if (web && sessions) {
			const { customer, end, exitPage, count } = sessions;
			this.sessions += count;
			this.count(
				new Tally('exitPage', web.pages, this.days),
				byCustomer(groupByCustomer(customer, null, C, end, count, null, null, exitPage))
			);
		}
	}

	/** Another log's customers joined to the contacts' (which keep their codes); notes those without a contact. */
	private join(ids: Dictionary): Customers {
		const customers = this.customerJoin.join(ids);
		const known = this.contacts.customers.length;
		for (let i = 0; i < ids.length; i++) if (customers.ofWeb[i] >= known) this.others.add(ids[i]);
		return customers;
	}

	/**
	 * Counts the occurrences of `grouped` into `tally`: one occurrence per window per customer and trigger, pending
	 * when its window is not over by the end, its following contacts found in the customer's timeline.
	 */
	private count(tally: Tally, grouped: ByCustomer): void {
		const contacts = this.contacts;
		const { H, end, timeline, baseShare, inPeriod, costOfChannel, days } = this;
		const T = tally.labels.length;
		const lastKept = new Float64Array(T);
		const stamp = new Int32Array(T).fill(-1);
		const countedStamp = new Int32Array(T).fill(-1);
		const { occurrences, pending, customers, baselineSum, followed, following, costSum, perDayBase, byDay } = tally;
		const gKey = grouped.trigger;
		const gTime = grouped.time;
		const periodDays = this.periodLength / DAY;
		const cTime = timeline.time;
		const cOrder = timeline.order;
		const contactCustomers = contacts.customers.length;
		const groups = grouped.start.length - 1;
		for (let c = 0; c < groups; c++) {
			const from = grouped.start[c];
			const to = grouped.start[c + 1];
			if (from === to) continue;
			// Customers without a contact (numbered after those with) have no timeline.
			const known = c < contactCustomers;
			const cFrom = known ? timeline.start[c] : 0;
			const cTo = known ? timeline.start[c + 1] : 0;
			const share = known ? baseShare[c] : 0;
			const dailyRate = known && periodDays > 0 ? inPeriod[c] / periodDays : 0;
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
					customers[k]++;
					baselineSum[k] += share;
				}
				let j = firstAfter(cTime, cFrom, cTo, t);
				if (j >= cTo || cTime[j] > t + H) continue;
				followed[k]++;
				tally.delays[k].push(cTime[j] - t);
				let motives = tally.motives[k];
				if (!motives) {
					motives = tally.motives[k] = new Float64Array(contacts.motives.length);
					tally.channels[k] = new Float64Array(contacts.channels.length);
					tally.segments[k] = new Float64Array(contacts.segments.length);
				}
				const channels = tally.channels[k] as Float64Array;
				const segments = tally.segments[k] as Float64Array;
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
		this.tallies.push(tally);
	}

	/** Every trigger counted so far, ranked by attributable contacts. */
	result(): AnticipationResult {
		const contacts = this.contacts;
		const { days, periodLength, deflection: d } = this;
		const costs = costsSet(this.settings.costPerChannel);
		const triggers: Trigger[] = [];
		for (const tally of this.tallies) {
			for (let k = 0; k < tally.labels.length; k++) {
				const n = tally.occurrences[k];
				if (n < this.minOccurrences || n === 0) continue;
				const following = tally.following[k];
				const r = rate(tally.followed[k], n);
				const baseline = periodLength > 0 && tally.customers[k] > 0 ? tally.baselineSum[k] / tally.customers[k] : null;
				const p = r.rate as number;
				const lift = baseline !== null && baseline > 0 ? p / baseline : null;
				const attributable = baseline === null ? 0 : n * Math.max(0, p - baseline);
				const meanCost = costs && following > 0 ? tally.costSum[k] / following : null;
				const saving = costs ? attributable * d * (meanCost ?? 0) : null;
				triggers.push({
					kind: tally.kind,
					key: `${tally.kind}:${tally.labels[k]}`,
					label: tally.labels[k],
					occurrences: n,
					pending: tally.pending[k],
					customers: tally.customers[k],
					followed: tally.followed[k],
					rate: r,
					baseline,
					lift,
					attributable,
					saving,
					followingContacts: following,
					meanCost,
					motives: shares(tally.motives[k], contacts.motives, following, this.top),
					channels: shares(tally.channels[k], contacts.channels, following, Infinity),
					segments: shares(tally.segments[k], contacts.segments, following, Infinity),
					medianDelay: median(tally.delays[k]),
					byDay: Array.from(tally.byDay.subarray(k * days, (k + 1) * days)),
					baselinePerDay: tally.perDayBase[k]
				});
			}
		}
		triggers.sort(
			(a, b) =>
				b.attributable - a.attributable || b.occurrences - a.occurrences || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
		);
		const hasPeriod = contacts.length > 0;
		return {
			triggers,
			horizon: this.H,
			deflection: d,
			period: hasPeriod ? { start: this.start, end: this.end } : { start: null, end: null },
			costs,
			totals: {
				contacts: contacts.length,
				inboundContacts: this.inboundCount,
				events: this.events,
				webEvents: this.webEvents,
				sessions: this.sessions,
				customers: contacts.customers.length + this.others.size
			}
		};
	}
}

/**
 * Every trigger of METRICS.md §5b over the given logs: event types, journey states (with
 * `rules`) and web exit pages (with `web`), ranked by attributable contacts.
 */
export function anticipate(input: AnticipationInput, options: AnticipationOptions = {}): AnticipationResult {
	const anticipation = new Anticipation(input.contacts, input.settings, options);
	if (input.events) anticipation.addEvents(input.events);
	const rules = input.rules ?? null;
	const compiled = rules ? ('stateOfRule' in rules ? rules : compileRules(rules, input.journeyId)) : null;
	anticipation.addWeb(input.web ?? null, compiled);
	return anticipation.result();
}
