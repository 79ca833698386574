/**
 * Synthetic contact logs (and web logs) for demos, tests and benchmarks, drawn from a
 * journey-and-motive model: a customer has a demand about a motive, maybe browses the customer
 * space first, gets in touch on a channel, is or is not helped; an unresolved demand comes back
 * hours or days later, sometimes on another channel or under a neighbouring motive; the company
 * calls back; e-mails are answered late. Rows are streamed in timestamp order, so millions of them
 * never sit in memory at once. Deterministic for a seed; pure (runs in Node and in a Web Worker).
 */
import { csvCell } from '../domain/csv-cell';
import { CANONICAL_CONTACT_COLUMNS, DATA } from './canonical';
import {
	CHANNELS,
	CHANNEL_RESOLUTION,
	COMMON_PAGES,
	PAGES_BY_FAMILY,
	SEGMENTS,
	TEAMS,
	motiveProfiles,
	type GeneratedChannel,
	type MotiveCatalogueEntry,
	type MotiveProfile
} from './generate-model';

export interface GeneratedContact {
	contactId: string;
	customerId: string;
	/** Wall-clock milliseconds (see table.ts), whole seconds. */
	timestamp: number;
	channel: string;
	motive: string;
	direction: 'inbound' | 'outbound';
	agent: string;
	team: string;
	segment: string;
	transferred: boolean | null;
	callback: boolean | null;
	resolved: boolean | null;
	/** When the answer was given (e-mail, web form, mail); null otherwise. */
	handledAt: number | null;
	surveyResolved: boolean | null;
	csat: number | null;
	nps: number | null;
}

export interface GeneratedWebEvent {
	customerId: string;
	timestamp: number;
	page: string;
	sessionId: string;
}

export interface GenerateOptions {
	/** Exact number of contact rows (inbound and outbound) to produce. */
	contacts: number;
	seed: number;
	/** First day, `YYYY-MM-DD`. @default '2026-01-01' */
	start?: string;
	/** Approximate span: the rows stop once `contacts` are written, about this many months on. @default 6 */
	months?: number;
	/** Distinct customers to draw from. @default about one per 2.6 contacts */
	customers?: number;
	/** Also produce web sessions (before contacts, and self-care sessions that need no contact). */
	web?: boolean;
	/** Motives to draw from; the demo catalogue's figures by default. */
	motives?: MotiveCatalogueEntry[];
}

export interface GenerateSink {
	contact(row: GeneratedContact): void;
	web?(event: GeneratedWebEvent): void;
}

export interface GenerateSummary {
	contacts: number;
	webEvents: number;
	/** Timestamp of the first and of the last contact row. */
	first: number;
	last: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------- randomness

/** A small fast PRNG (sfc32) seeded through splitmix32; uniform floats in [0, 1). */
export function createRandom(seed: number): () => number {
	let s = seed >>> 0;
	const next = () => {
		s = (s + 0x9e3779b9) >>> 0;
		let z = s;
		z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
		z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
		return (z ^ (z >>> 16)) >>> 0;
	};
	let a = next();
	let b = next();
	let c = next();
	let d = next();
	return () => {
		const t = (((a + b) | 0) + d) | 0;
		d = (d + 1) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		c = (c + t) | 0;
		return (t >>> 0) / 4294967296;
	};
}

/** A stable hash of small integers to [0, 1), for per-customer and per-agent traits. */
function hashUnit(a: number, b: number, c = 0): number {
	let h = Math.imul(a ^ 0x27d4eb2d, 0x165667b1) ^ Math.imul(b + 0x9e3779b9, 0x85ebca6b);
	h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35) ^ Math.imul(c + 0x7f4a7c15, 0x27d4eb2f);
	h = Math.imul(h ^ (h >>> 13), 0x85ebca6b);
	return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

type Random = () => number;

function gaussian(random: Random): number {
	const u = 1 - random();
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Log-normal with the given median and spread. */
function logNormal(random: Random, median: number, sigma: number): number {
	return median * Math.exp(sigma * gaussian(random));
}

function poisson(random: Random, mean: number): number {
	if (mean <= 0) return 0;
	if (mean < 30) {
		const limit = Math.exp(-mean);
		let k = 0;
		let p = random();
		while (p > limit) {
			k++;
			p *= random();
		}
		return k;
	}
	return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
}

/** Index drawn from cumulative weights (last entry = total). */
function pick(random: Random, cumulative: ArrayLike<number>): number {
	const x = random() * cumulative[cumulative.length - 1];
	let lo = 0;
	let hi = cumulative.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (cumulative[mid] > x) hi = mid;
		else lo = mid + 1;
	}
	return lo;
}

function cumulate(weights: number[]): Float64Array {
	const out = new Float64Array(weights.length);
	let sum = 0;
	weights.forEach((w, i) => (out[i] = sum += w));
	return out;
}

// ---------------------------------------------------------------- calendar

/** Relative volume by weekday, Sunday first (getUTCDay order). */
const WEEKDAY = [0.12, 1.3, 1.12, 1.05, 1, 0.95, 0.5];
/** Relative volume by hour of the day. */
const HOURS = cumulate([
	0.05, 0.02, 0.01, 0.01, 0.01, 0.03, 0.1, 0.4, 1, 1.6, 1.7, 1.5, 1, 1.1, 1.5, 1.5, 1.3, 1.1, 0.8,
	0.5, 0.3, 0.2, 0.15, 0.1
]);
/** Heating season: more contacts in winter (index = month). */
const SEASON = [1.15, 1.1, 1.05, 1, 0.95, 0.9, 0.85, 0.8, 1, 1.05, 1.1, 1.1];

function dayWeight(dayStart: number): number {
	const date = new Date(dayStart);
	return WEEKDAY[date.getUTCDay()] * SEASON[date.getUTCMonth()];
}

const LIVE = new Set<string>(['phone', 'chat', 'messaging', 'store']);
const COLD = new Set<string>(['email', 'web_form', 'mail']);

/** Moves a time on a live channel into opening hours (Mon–Sat 8:00–20:00, shops 9:00–19:00). */
function openingTime(channel: string, t: number, random: Random): number {
	if (!LIVE.has(channel)) return t;
	const open = channel === 'store' ? 9 : 8;
	const close = channel === 'store' ? 19 : 20;
	let day = Math.floor(t / DAY) * DAY;
	const hour = (t - day) / HOUR;
	const sunday = new Date(day).getUTCDay() === 0;
	if (!sunday && hour >= open && hour < close) return t;
	if (hour >= close || sunday) day += DAY;
	if (new Date(day).getUTCDay() === 0) day += DAY;
	// Queued demands land in the first opening hours.
	return day + open * HOUR + Math.min(3 * HOUR, -Math.log(1 - random()) * 50 * MINUTE);
}

// ---------------------------------------------------------------- the event queue

interface Scheduled {
	t: number;
	seq: number;
	contact?: GeneratedContact;
	web?: GeneratedWebEvent;
}

/** Binary min-heap on (t, seq): events scheduled ahead, released in time order. */
class Queue {
	private items: Scheduled[] = [];
	get size(): number {
		return this.items.length;
	}
	peek(): Scheduled | undefined {
		return this.items[0];
	}
	push(item: Scheduled): void {
		const items = this.items;
		let i = items.length;
		items.push(item);
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!before(item, items[parent])) break;
			items[i] = items[parent];
			i = parent;
		}
		items[i] = item;
	}
	pop(): Scheduled | undefined {
		const items = this.items;
		const top = items[0];
		const last = items.pop();
		if (items.length > 0 && last) {
			let i = 0;
			const n = items.length;
			for (;;) {
				const l = 2 * i + 1;
				if (l >= n) break;
				const r = l + 1;
				const c = r < n && before(items[r], items[l]) ? r : l;
				if (!before(items[c], last)) break;
				items[i] = items[c];
				i = c;
			}
			items[i] = last;
		}
		return top;
	}
}

function before(a: Scheduled, b: Scheduled): boolean {
	return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}

// ---------------------------------------------------------------- the journey model

interface Agent {
	name: string;
	team: string;
}

class Model {
	readonly motives: MotiveProfile[];
	readonly motiveCumulative: Float64Array;
	readonly channelCumulative: Float64Array[];
	/** Other motives of the same category, with cumulative prevalence, per motive. */
	readonly siblings: { indices: number[]; cumulative: Float64Array }[];
	readonly families: string[];
	readonly familyCumulative: Float64Array;
	readonly agents: Agent[];
	/** Team index → its agents' indices. */
	readonly teamAgents: number[][];
	/** Motive family → team index of its specialists. */
	readonly specialists = new Map<string, number>();
	readonly generalists: number;
	readonly shops: number;
	/** agent × motive → added to the probability of settling it at once. */
	readonly skill: Float64Array;
	readonly segmentCumulative = cumulate(SEGMENTS.map((s) => s.share));
	readonly customers: number;
	readonly frequent: number;

	constructor(options: GenerateOptions, random: Random) {
		this.motives = motiveProfiles(options.motives);
		this.motiveCumulative = cumulate(this.motives.map((m) => m.prevalence));
		this.channelCumulative = this.motives.map((m) => cumulate(m.mix));
		this.families = [...new Set(this.motives.map((m) => m.family))];
		this.familyCumulative = cumulate(
			this.families.map((f) =>
				this.motives.filter((m) => m.family === f).reduce((s, m) => s + m.prevalence, 0)
			)
		);
		this.siblings = this.motives.map((m, i) => {
			const indices = this.motives
				.map((other, j) => (other.category === m.category && j !== i ? j : -1))
				.filter((j) => j >= 0);
			return { indices, cumulative: cumulate(indices.map((j) => this.motives[j].prevalence)) };
		});
		this.agents = [];
		this.teamAgents = [];
		TEAMS.forEach((team, t) => {
			const members: number[] = [];
			for (let k = 0; k < team.agents; k++) {
				members.push(this.agents.length);
				this.agents.push({
					name: `A${String(this.agents.length + 1).padStart(3, '0')}`,
					team: team.name
				});
			}
			this.teamAgents.push(members);
			if (team.family) this.specialists.set(team.family, t);
		});
		this.generalists = TEAMS.findIndex((t) => t.name === 'Polyvalents');
		this.shops = TEAMS.findIndex((t) => t.name === 'Boutiques');
		// Each advisor has a general level and a knack (or a blind spot) per motive; specialists
		// do better on their own motive family, so an agent × motive map shows who knows what.
		const n = this.motives.length;
		this.skill = new Float64Array(this.agents.length * n);
		this.agents.forEach((agent, a) => {
			const level = 0.06 * gaussian(random);
			const team = TEAMS.find((t) => t.name === agent.team);
			for (let m = 0; m < n; m++) {
				const own = team?.family === this.motives[m].family;
				const bias = team?.family == null ? 0 : own ? 0.07 : -0.1;
				this.skill[a * n + m] = level + bias + 0.06 * gaussian(random);
			}
		});
		this.customers = Math.max(
			1,
			Math.round(options.customers ?? Math.max(1, options.contacts / 2.6))
		);
		this.frequent = Math.max(1, Math.round(this.customers * 0.05));
	}

	/** Most customers are drawn uniformly; a few frequent contacters come back more often. */
	customer(random: Random): number {
		return random() < 0.15
			? Math.floor(random() * this.frequent)
			: Math.floor(random() * this.customers);
	}

	segment(customer: number, seed: number): number {
		const x = hashUnit(customer, seed, 1) * this.segmentCumulative[SEGMENTS.length - 1];
		let i = 0;
		while (i < SEGMENTS.length - 1 && this.segmentCumulative[i] <= x) i++;
		return i;
	}

	route(motive: number, channel: string, random: Random): number {
		let team: number;
		if (channel === 'store') team = this.shops;
		else {
			const own = this.specialists.get(this.motives[motive].family);
			team = own !== undefined && random() < 0.7 ? own : this.generalists;
		}
		const members = this.teamAgents[team];
		return members[Math.floor(random() * members.length)];
	}
}

function customerId(index: number): string {
	return `C${String(index + 1).padStart(7, '0')}`;
}

function seconds(t: number): number {
	return Math.floor(t / 1000) * 1000;
}

/** How long an e-mail, web form or letter waits for its answer. */
function answerDelay(channel: string, random: Random): number {
	const u = random();
	if (channel === 'mail') return logNormal(random, 4 * DAY, 0.5);
	if (u < 0.58) return Math.min(59 * MINUTE, -Math.log(1 - random()) * 22 * MINUTE) + MINUTE;
	if (u < 0.86) return HOUR + random() * 9 * HOUR;
	return Math.min(12 * DAY, logNormal(random, 1.6 * DAY, 0.6));
}

interface Survey {
	surveyResolved: boolean | null;
	csat: number | null;
	nps: number | null;
}

const NO_SURVEY: Survey = { surveyResolved: null, csat: null, nps: null };
const CSAT_RESOLVED = cumulate([0.03, 0.04, 0.11, 0.38, 0.44]);
const CSAT_UNRESOLVED = cumulate([0.32, 0.28, 0.24, 0.11, 0.05]);

/** About 15 % of inbound contacts answer the survey; their verdict mostly agrees with reality. */
function survey(resolved: boolean, random: Random): Survey {
	if (random() >= 0.15) return NO_SURVEY;
	const surveyResolved = random() < 0.88 ? resolved : !resolved;
	const csat = random() < 0.95 ? 1 + pick(random, resolved ? CSAT_RESOLVED : CSAT_UNRESOLVED) : null;
	let nps: number | null = null;
	if (random() < 0.9) {
		const base = resolved ? 8.2 : 4.5;
		nps = Math.max(0, Math.min(10, Math.round(base + 2 * gaussian(random))));
	}
	return { surveyResolved, csat, nps };
}

type Schedule = (t: number, item: { contact?: GeneratedContact; web?: GeneratedWebEvent }) => void;

/** Web sessions end at most this long before the contact they lead to. */
const WEB_LEAD = 24 * HOUR;

/** What the journeys need to draw web sessions; null when no web log is generated. */
interface WebDraws {
	random: Random;
	nextSession: () => string;
}

/**
 * One demand's whole journey from its first contact at `t` (moved into opening hours), with the
 * web session that preceded it if any, and everything that follows (repeats, callbacks), handed
 * to `schedule` in any order. Web draws use their own stream, so the contacts are the same with
 * or without a web log.
 */
function journey(
	model: Model,
	seed: number,
	t: number,
	web: WebDraws | null,
	random: Random,
	schedule: Schedule
): void {
	const customer = model.customer(random);
	const id = customerId(customer);
	const segmentIndex = model.segment(customer, seed);
	const segment = SEGMENTS[segmentIndex];
	let motive = pick(random, model.motiveCumulative);
	let channel: string = CHANNELS[pick(random, model.channelCumulative[motive])];
	const complex = model.motives[motive].complex;
	t = seconds(openingTime(channel, t, random));

	if (web && web.random() < 0.35) {
		const gap = Math.min(20 * HOUR, logNormal(web.random, 40 * MINUTE, 1.2));
		webSession(model.motives[motive].family, id, t - gap, web.nextSession(), web.random, schedule, true);
	}

	for (let attempt = 0; attempt < 6; attempt++) {
		const profile = model.motives[motive];
		const agent = model.route(motive, channel, random);
		const n = model.motives.length;
		let p =
			profile.resolution * CHANNEL_RESOLUTION[channel as GeneratedChannel] * segment.resolution +
			model.skill[agent * n + motive] +
			(attempt > 0 ? 0.06 : 0);
		p = Math.min(0.97, Math.max(0.03, p));
		const transferred = random() < profile.transfer * (LIVE.has(channel) ? 1 : 0.5);
		const settled = random() < (transferred ? p * 0.8 : p);
		const handledAt = COLD.has(channel) ? seconds(t + answerDelay(channel, random)) : null;
		const callback = !settled && random() < (LIVE.has(channel) ? 0.3 : 0.08);
		const r = random();
		const declared = settled
			? r < 0.9
				? true
				: r < 0.97
					? null
					: false
			: r < 0.45
				? false
				: r < 0.85
					? true
					: null;
		schedule(t, {
			contact: {
				contactId: '',
				customerId: id,
				timestamp: t,
				channel,
				motive: profile.code,
				direction: 'inbound',
				agent: model.agents[agent].name,
				team: model.agents[agent].team,
				segment: segment.name,
				transferred,
				callback,
				resolved: declared,
				handledAt,
				...survey(settled, random)
			}
		});

		let next: number | null = null;
		// A late answer makes people chase it on the phone before it comes.
		if (handledAt !== null && handledAt - t > 6 * HOUR && random() < (handledAt - t > DAY ? 0.4 : 0.2)) {
			next = t + HOUR + random() * (handledAt - t - HOUR);
			channel = random() < 0.8 ? 'phone' : 'chat';
		} else {
			if (callback) {
				const team = TEAMS.findIndex((x) => x.name === model.agents[agent].team);
				const members = model.teamAgents[team];
				const caller = members[Math.floor(random() * members.length)];
				const at = seconds(openingTime('phone', t + 2 * HOUR + random() * 2.5 * DAY, random));
				const fixed = random() < 0.62;
				schedule(at, {
					contact: {
						contactId: '',
						customerId: id,
						timestamp: at,
						channel: 'phone',
						motive: profile.code,
						direction: 'outbound',
						agent: model.agents[caller].name,
						team: model.agents[caller].team,
						segment: segment.name,
						transferred: false,
						callback: null,
						resolved: fixed,
						handledAt: null,
						...NO_SURVEY
					}
				});
				if (fixed) return;
				t = at;
			}
			const comesBack = settled
				? random() < 0.035
				: random() < (complex ? 0.86 : 0.72) * (attempt >= 2 ? 0.8 : 1);
			if (!comesBack) return;
			const soon = LIVE.has(channel) && random() < 0.15;
			next = soon
				? t + 10 * MINUTE + random() * 2 * HOUR
				: t + Math.min(25 * DAY, logNormal(random, (complex ? 2 : 1.2) * DAY, 1));
			const c = random();
			if (c < 0.3) channel = 'phone';
			else if (c >= 0.85) channel = CHANNELS[pick(random, model.channelCumulative[motive])];
		}
		const siblings = model.siblings[motive];
		if (siblings.indices.length > 0 && random() < (settled ? 0.5 : 0.1)) {
			motive = siblings.indices[pick(random, siblings.cumulative)];
		}
		t = seconds(openingTime(channel, next, random));
	}
}

/**
 * A web session of 1–6 page views; one leading to a contact ends at `t`, a self-care one starts
 * at `t`.
 */
function webSession(
	family: string,
	id: string,
	t: number,
	sessionId: string,
	random: Random,
	schedule: Schedule,
	beforeContact: boolean
): void {
	const pages = PAGES_BY_FAMILY[family] ?? COMMON_PAGES;
	const views = 1 + Math.floor(random() * (beforeContact ? 5 : 6));
	const steps: number[] = [0];
	for (let v = 1; v < views; v++) steps.push(steps[v - 1] + 15_000 + random() * 150_000);
	const first = beforeContact ? t - steps[views - 1] : t;
	for (let v = 0; v < views; v++) {
		let page: string;
		if (v === 0 && random() < 0.5) page = COMMON_PAGES[Math.floor(random() * 2)];
		else if (beforeContact && v === views - 1 && random() < 0.4) page = '/contact';
		else page = pages[Math.min(pages.length - 1, Math.floor(-Math.log(1 - random()) * 1.4))];
		const at = seconds(first + steps[v]);
		schedule(at, { web: { customerId: id, timestamp: at, page, sessionId } });
	}
}

function parseStart(start: string): number {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start);
	const t = match ? Date.UTC(+match[1], +match[2] - 1, +match[3]) : NaN;
	if (!Number.isFinite(t)) throw new Error(`Invalid start date "${start}": expected YYYY-MM-DD`);
	return t;
}

/**
 * Streams `options.contacts` contact rows (and, with `web`, web events) in timestamp order to
 * `sink`. Only the events scheduled ahead of the clock (a few days of traffic) are held.
 */
export function generateContacts(options: GenerateOptions, sink: GenerateSink): GenerateSummary {
	const total = Math.floor(options.contacts);
	if (!(total >= 0)) throw new Error(`Invalid number of contacts: ${options.contacts}`);
	const start = parseStart(options.start ?? '2026-01-01');
	const months = options.months ?? 6;
	if (!(months > 0)) throw new Error(`Invalid number of months: ${months}`);
	const seed = options.seed >>> 0;
	const random = createRandom(seed);
	const model = new Model(options, random);
	let sessions = 0;
	const web: WebDraws | null =
		options.web === true && sink.web !== undefined
			? {
					random: createRandom(seed ^ 0x2545f491),
					nextSession: () => `S${String(++sessions).padStart(8, '0')}`
				}
			: null;

	// Calibrate the demand rate on a pilot run of the same model, so `contacts` rows span about
	// `months` months.
	const pilot = createRandom(seed ^ 0x5bd1e995);
	let pilotContacts = 0;
	const pilotDemands = 4000;
	for (let i = 0; i < pilotDemands; i++) {
		journey(model, seed, start + 10 * HOUR, null, pilot, (_, item) => {
			if (item.contact) pilotContacts++;
		});
	}
	const perDemand = pilotContacts / pilotDemands;
	const end = new Date(start);
	end.setUTCMonth(end.getUTCMonth() + Math.floor(months));
	const endMs = end.getTime() + (months % 1) * 30 * DAY;
	let weights = 0;
	for (let day = start; day < endMs; day += DAY) weights += dayWeight(day);
	const demandsPerWeight = total / perDemand / Math.max(weights, 1e-9);

	// Contacts are released up to the clock; web events a day behind it, since a session may
	// precede the contact it leads to by up to WEB_LEAD.
	const contactQueue = new Queue();
	const webQueue = new Queue();
	let seq = 0;
	const schedule: Schedule = (t, item) =>
		(item.contact ? contactQueue : webQueue).push({ t, seq: seq++, ...item });
	const summary: GenerateSummary = { contacts: 0, webEvents: 0, first: NaN, last: NaN };

	const releaseWeb = (until: number) => {
		for (let top = webQueue.peek(); top && top.t <= until; top = webQueue.peek()) {
			webQueue.pop();
			summary.webEvents++;
			if (top.web) sink.web?.(top.web);
		}
	};
	/** Releases everything scheduled up to `until`; false once the wanted rows are out. */
	const release = (until: number): boolean => {
		for (let top = contactQueue.peek(); top && top.t <= until; top = contactQueue.peek()) {
			if (summary.contacts >= total) break;
			contactQueue.pop();
			const row = top.contact as GeneratedContact;
			summary.contacts++;
			row.contactId = `K${String(summary.contacts).padStart(8, '0')}`;
			if (summary.contacts === 1) summary.first = top.t;
			summary.last = top.t;
			sink.contact(row);
		}
		if (web) releaseWeb(until - WEB_LEAD);
		return summary.contacts < total;
	};
	const finish = () => {
		if (web && summary.contacts > 0) releaseWeb(summary.last);
		return summary;
	};

	let times = new Float64Array(0);
	for (let day = start; summary.contacts < total; day += DAY) {
		const weight = dayWeight(day);
		if (web) {
			// Customers who solve it themselves on the web, without getting in touch.
			const selfCare = poisson(web.random, demandsPerWeight * weight * 0.9);
			for (let i = 0; i < selfCare; i++) {
				const t = day + (pick(web.random, HOURS) + web.random()) * HOUR;
				const customer = model.customer(web.random);
				const family = model.families[pick(web.random, model.familyCumulative)];
				webSession(family, customerId(customer), t, web.nextSession(), web.random, schedule, false);
			}
		}
		const n = poisson(random, demandsPerWeight * weight);
		if (times.length < n) times = new Float64Array(n);
		const today = times.subarray(0, n);
		for (let i = 0; i < n; i++) today[i] = day + (pick(random, HOURS) + random()) * HOUR;
		today.sort();
		for (let i = 0; i < n; i++) {
			if (!release(today[i])) return finish();
			journey(model, seed, today[i], web, random, schedule);
		}
		if (!release(day + DAY - 1)) return finish();
		// Nothing left to draw (tiny totals): stop a year after the planned end.
		if (day > endMs + 365 * DAY) break;
	}
	return finish();
}

// ---------------------------------------------------------------- CSV

/** The generated file's columns: the contact id first, then the fields in the order of METRICS.md §1. */
export const CONTACT_COLUMNS = ['contact_id', ...CANONICAL_CONTACT_COLUMNS.filter((column) => column !== 'contact_id')];

export const contactsCsvHeader = CONTACT_COLUMNS.join(',');
export const webCsvHeader = 'customer_id,timestamp,page,session_id';

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let cachedDay = NaN;
let cachedDate = '';

/** `YYYY-MM-DD HH:MM:SS` of wall-clock milliseconds. */
export function formatTimestamp(t: number): string {
	const day = Math.floor(t / DAY);
	if (day !== cachedDay) {
		cachedDay = day;
		cachedDate = new Date(day * DAY).toISOString().slice(0, 10);
	}
	const s = Math.floor((t - day * DAY) / 1000);
	return `${cachedDate} ${TWO[Math.floor(s / 3600)]}:${TWO[Math.floor(s / 60) % 60]}:${TWO[s % 60]}`;
}

/** A generated log is input data, written as the canonical form writes its cells. */
const text = (value: string) => csvCell(value, DATA);

function flag(value: boolean | null): string {
	return value === null ? '' : value ? 'true' : 'false';
}

/** One CSV line (no line break) in the column order of `contactsCsvHeader`. */
export function toCsvLine(row: GeneratedContact): string {
	return (
		`${text(row.contactId)},${text(row.customerId)},${formatTimestamp(row.timestamp)},` +
		`${text(row.channel)},${text(row.motive)},${row.direction},${text(row.agent)},` +
		`${text(row.team)},${text(row.segment)},${flag(row.transferred)},${flag(row.callback)},` +
		`${flag(row.resolved)},${row.handledAt === null ? '' : formatTimestamp(row.handledAt)},` +
		`${flag(row.surveyResolved)},${row.csat ?? ''},${row.nps ?? ''}`
	);
}

/** One CSV line (no line break) in the column order of `webCsvHeader`. */
export function toWebCsvLine(event: GeneratedWebEvent): string {
	return `${text(event.customerId)},${formatTimestamp(event.timestamp)},${text(event.page)},${text(event.sessionId)}`;
}
