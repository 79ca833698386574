/**
 * Synthetic contact logs (and web logs) for demos, tests and benchmarks, drawn by walking the demo
 * journeys: a customer starts a journey (a bill, a move), takes at each state one of its actions
 * with the probability its transition's share gives, and leaves there what the demo's mapping
 * rules send to that state — a web visit of its pages, or a contact about one of its motives on
 * one of its channels (generate-walk.ts). States where the company acts (a bill sent, a debit)
 * leave nothing unless the journey would otherwise seem to jump. An advisor less likely to settle
 * the request makes the state's repeat loop likelier; the company calls back; e-mails are answered
 * late; a few customers take detours the map does not draw (generate-model.ts `DETOURS`); a few
 * page views fall on pages no rule maps. Rows are streamed in timestamp order, so millions of them
 * never sit in memory at once. Deterministic for a seed; pure (runs in Node and in a Web Worker).
 */
import { csvCell } from '../domain/csv-cell';
import { CANONICAL_CONTACT_COLUMNS, DATA } from './canonical';
import {
	CHANNEL_RESOLUTION,
	DETOURS,
	JOURNEY_WEIGHTS,
	NOISE_PAGES,
	SEGMENTS,
	TEAMS,
	demoJourneyPlans,
	motiveProfiles,
	type Detour,
	type GeneratedChannel,
	type MotiveCatalogueEntry,
	type MotiveProfile
} from './generate-model';
import type { JourneyPlan, StatePlan, WalkAction } from './generate-walk';

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
	/** Also produce the web log: the visits of the journeys' self-care states. */
	web?: boolean;
	/**
	 * The motive catalogue (prevalence, complexity); the demo's by default. The walks emit the codes
	 * the demo rules map to journey states, weighted by these prevalences.
	 */
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

/** What the walks need to draw web sessions; null when no web log is generated. */
interface WebDraws {
	random: Random;
	nextSession: () => string;
}

// ---------------------------------------------------------------- walking the journeys

/** A walk stops after this many states (loops could otherwise go on). */
const MAX_STEPS = 14;
/** Longest gap between two states of a walk, so the overlay links them (`W` is 7 days by default). */
const MAX_GAP = 4 * DAY;
/** A customer starts no new walk within this long of the end of the previous one. */
const REST = 8 * DAY;
/** Chance that a self-care state shows as a contact instead (the customer calls about it). */
const PAGE_STATE_CONTACT = 0.12;
/** Chance that a state where customers talk to someone shows as a visit of its help pages instead. */
const CONTACT_STATE_PAGE = 0.06;
/** Chance that a state the company acts in shows anyway (a customer asks about the letter). */
const QUIET_STATE_CONTACT = 0.04;
/** Share of sessions opened on an unmapped page (home, help index), and of calls preceded by the contact page. */
const NOISE_SESSION = 0.04;
const NOISE_CONTACT_PAGE = 0.08;

/** One contact a walk leaves: what it is about, on which channel, and how it went. */
interface DrawnContact {
	motive: number;
	channel: string;
	agent: number;
	/** Chance that this advisor settles it at once (the motive's odds on the channel, the advisor's skill). */
	odds: number;
	direction: 'inbound' | 'outbound';
	/** An outbound call that fixed it. */
	fixed: boolean;
}

/** One state of a walk, how it shows in the logs, and the action taken from it. */
interface WalkStep {
	state: StatePlan;
	show: 'page' | 'contact' | 'none';
	contact: DrawnContact | null;
	next: WalkAction | null;
}

/** The journeys' walk tables, with what a run draws them with. */
class Walker {
	readonly plans: JourneyPlan[];
	readonly planCumulative: Float64Array;
	/** Journey index → state → detours from it. */
	readonly detours: Map<string, Detour[]>[];
	readonly motiveIndex: Map<string, number>;
	/** Per customer: the time before which they start no new walk. */
	readonly busy: Float64Array;

	constructor(readonly model: Model) {
		this.plans = demoJourneyPlans(model.motives);
		this.planCumulative = cumulate(this.plans.map((p) => JOURNEY_WEIGHTS[p.journeyId] ?? 1));
		this.detours = this.plans.map((plan) => {
			const byState = new Map<string, Detour[]>();
			for (const detour of DETOURS) {
				if (detour.journeyId !== plan.journeyId || !plan.states.has(detour.to)) continue;
				byState.set(detour.from, [...(byState.get(detour.from) ?? []), detour]);
			}
			return byState;
		});
		this.motiveIndex = new Map(model.motives.map((m, i) => [m.code, i]));
		this.busy = new Float64Array(model.customers);
	}
}

/** A contact candidate of the state (weighted), or the repeat of the previous contact there. */
function drawContact(
	walker: Walker,
	state: StatePlan,
	previous: WalkStep | undefined,
	segment: number,
	random: Random
): DrawnContact | null {
	const candidates = state.contacts;
	if (!candidates) return null;
	const { model } = walker;
	let motive: number;
	let channel: string;
	let direction: DrawnContact['direction'] = 'inbound';
	const repeated = previous?.next?.loop && previous.state === state ? previous.contact : null;
	if (repeated) {
		// The same request again: mostly on the same channel; the company sometimes calls back.
		motive = repeated.motive;
		channel = repeated.channel;
		const code = model.motives[motive].code;
		const on = (ch: string) => candidates.items.some((c) => c.motive === code && c.channel === ch);
		if (repeated.direction === 'inbound' && LIVE.has(channel) && on('phone') && random() < 0.3) {
			channel = 'phone';
			direction = 'outbound';
		} else if (random() < 0.3 && on('phone')) channel = 'phone';
	} else {
		const drawn = candidates.items[pick(random, candidates.cumulative)];
		const index = walker.motiveIndex.get(drawn.motive);
		if (index === undefined) return null;
		motive = index;
		channel = drawn.channel;
	}
	const profile = model.motives[motive];
	const agent =
		direction === 'outbound' && repeated
			? sameTeam(model, repeated.agent, random)
			: model.route(motive, channel, random);
	const n = model.motives.length;
	const odds =
		profile.resolution * (CHANNEL_RESOLUTION[channel as GeneratedChannel] ?? 0.85) * SEGMENTS[segment].resolution +
		model.skill[agent * n + motive] +
		(repeated ? 0.06 : 0);
	return {
		motive,
		channel,
		agent,
		odds: Math.min(0.97, Math.max(0.03, odds)),
		direction,
		fixed: direction === 'outbound' && random() < 0.62
	};
}

function sameTeam(model: Model, agent: number, random: Random): number {
	const team = TEAMS.findIndex((x) => x.name === model.agents[agent].team);
	const members = model.teamAgents[team];
	return members[Math.floor(random() * members.length)];
}

/**
 * The action taken from a state: a detour now and then, else one of the state's actions by its
 * probability. After a contact, the repeat loop (if the state has one) is likelier when the advisor
 * is less likely to settle the request, and never follows a call-back that fixed it.
 */
function drawAction(walker: Walker, journey: number, step: WalkStep, random: Random): WalkAction | null {
	const { state, contact } = step;
	if (state.final || state.actions.length === 0) return null;
	for (const detour of walker.detours[journey].get(state.path) ?? []) {
		if (random() < detour.share) return { target: detour.to, probability: detour.share, loop: false };
	}
	if (!contact || !state.actions.some((a) => a.loop)) return state.actions[pick(random, state.cumulative)];
	const scale = contact.fixed ? 0 : Math.min(3, Math.max(0.2, (1 - contact.odds) / 0.25));
	let weights = state.actions.map((a) => (a.loop ? Math.min(0.6, a.probability * scale) : a.probability));
	const loops = weights.reduce((s, w, i) => s + (state.actions[i].loop ? w : 0), 0);
	const others = state.actions.reduce((s, a) => s + (a.loop ? 0 : a.probability), 0);
	if (others > 0) weights = weights.map((w, i) => (state.actions[i].loop ? w : (w / others) * (1 - loops)));
	return state.actions[pick(random, cumulate(weights))];
}

/** How a state shows: its usual medium, a contact now and then, or nothing. */
function drawShow(state: StatePlan, random: Random): WalkStep['show'] {
	const contact = state.contacts !== null;
	const page = state.pages !== null;
	if (state.final) return 'none';
	// A state where customers usually talk to someone: now and then they read its help page instead.
	if (state.medium === 'contact') return contact && !(page && random() < CONTACT_STATE_PAGE) ? 'contact' : page ? 'page' : 'none';
	if (state.medium === 'page') {
		if (contact && (!page || random() < PAGE_STATE_CONTACT)) return 'contact';
		return page ? 'page' : 'none';
	}
	return contact && random() < QUIET_STATE_CONTACT ? 'contact' : 'none';
}

/**
 * The states of one walk from the journey's start, each with how it shows and the action taken.
 * A state that shows nothing between two that do would make the overlay see a move the map does
 * not draw: such a state leaves a trace after all (a contact, else a visit).
 */
function walkStates(walker: Walker, journey: number, segment: number, random: Random): WalkStep[] {
	const plan = walker.plans[journey];
	const steps: WalkStep[] = [];
	let state = plan.states.get(plan.initial);
	while (state && steps.length < MAX_STEPS) {
		const show = drawShow(state, random);
		const step: WalkStep = { state, show, contact: null, next: null };
		if (show === 'contact') step.contact = drawContact(walker, state, steps[steps.length - 1], segment, random);
		if (show === 'contact' && !step.contact) step.show = 'none';
		step.next = drawAction(walker, journey, step, random);
		steps.push(step);
		if (!step.next) break;
		state = plan.states.get(step.next.target);
	}
	let last: string | null = null;
	for (let i = 0; i < steps.length; i++) {
		const step = steps[i];
		if (step.show === 'none' && !step.state.final && last !== null) {
			const ahead = steps.slice(i + 1).find((s) => s.show !== 'none');
			if (ahead && !plan.accounts(last, ahead.state.path)) {
				// A visit when the state has pages (the e-signature link, the connection status page), else a contact.
				if (step.state.pages) step.show = 'page';
				else {
					step.contact = drawContact(walker, step.state, undefined, segment, random);
					step.show = step.contact ? 'contact' : 'none';
				}
			}
		}
		if (step.show !== 'none') last = step.state.path;
	}
	return steps;
}

/** The time between two states of a walk, by how the next one shows. */
function gapTo(previous: WalkStep, next: WalkStep, random: Random): number {
	if (previous.next?.loop && next.contact) {
		// A repeat: soon on a live channel, else a day or two later.
		if (LIVE.has(next.contact.channel) && random() < 0.15) return 10 * MINUTE + random() * 2 * HOUR;
		if (next.contact.direction === 'outbound') return 2 * HOUR + random() * 2.5 * DAY;
		return Math.min(MAX_GAP, logNormal(random, 1.2 * DAY, 0.9));
	}
	if (next.show === 'page' && previous.show === 'page' && random() < 0.55) return 30_000 + random() * 5 * MINUTE;
	if (next.show === 'contact' && previous.show === 'page' && random() < 0.65) return 5 * MINUTE + random() * 2 * HOUR;
	if (next.show === 'none') return Math.min(MAX_GAP, logNormal(random, 1.5 * DAY, 0.7));
	return Math.min(MAX_GAP, Math.max(20 * MINUTE, logNormal(random, 8 * HOUR, 1.2)));
}

/**
 * One customer's walk through one of the journeys, from `t`: at each state the contact or the web
 * visit the mapping rules send there (or nothing), handed to `schedule` in time order. Web draws
 * use their own stream, so the contacts are the same with or without a web log.
 */
function walk(
	walker: Walker,
	seed: number,
	t: number,
	web: WebDraws | null,
	random: Random,
	schedule: Schedule,
	pilot = false
): void {
	const { model } = walker;
	let customer = model.customer(random);
	for (let attempt = 0; attempt < 4 && !pilot && walker.busy[customer] > t; attempt++) customer = model.customer(random);
	const id = customerId(customer);
	const segmentIndex = model.segment(customer, seed);
	const segment = SEGMENTS[segmentIndex].name;
	const journey = pick(random, walker.planCumulative);
	const steps = walkStates(walker, journey, segmentIndex, random);

	let session: string | null = null;
	let sessionEnd = -Infinity;
	for (let i = 0; i < steps.length; i++) {
		const step = steps[i];
		if (i > 0) t += gapTo(steps[i - 1], step, random);
		// A business event log would be written here, at `t`, before the contacts the state causes
		// (step.state.businessEvent).
		if (step.show === 'page') {
			if (web) {
				const inSession = session !== null && t - sessionEnd <= 20 * MINUTE;
				if (!inSession) session = web.nextSession();
				const callsNext = steps[i + 1]?.show === 'contact';
				sessionEnd = visit(step.state, id, seconds(t), session as string, web.random, schedule, !inSession, callsNext);
			}
			t += 20 * MINUTE;
		} else if (step.show === 'contact' && step.contact) {
			const drawn = step.contact;
			t = seconds(openingTime(drawn.channel, t, random));
			const row = contactRow(model, drawn, id, segment, t, step.next?.loop === true, random);
			schedule(t, { contact: row });
			// What follows a written request comes once it is answered, unless the customer chases it.
			if (row.handledAt !== null && !step.next?.loop) t = Math.max(t, row.handledAt);
		}
	}
	if (!pilot) walker.busy[customer] = t + REST;
}

/** The contact row of a drawn contact; `again`: the request comes back (the walk loops). */
function contactRow(
	model: Model,
	drawn: DrawnContact,
	id: string,
	segment: string,
	t: number,
	again: boolean,
	random: Random
): GeneratedContact {
	const profile = model.motives[drawn.motive];
	const agent = model.agents[drawn.agent];
	const inbound = drawn.direction === 'inbound';
	const transferred = inbound ? random() < profile.transfer * (LIVE.has(drawn.channel) ? 1 : 0.5) : false;
	// A request that comes back was not settled; otherwise the advisor's odds decide.
	const settled = !again && random() < (transferred ? drawn.odds * 0.8 : drawn.odds) + (1 - drawn.odds) * 0.5;
	const handledAt = inbound && COLD.has(drawn.channel) ? seconds(t + answerDelay(drawn.channel, random)) : null;
	const callback = inbound ? !settled && random() < (LIVE.has(drawn.channel) ? 0.3 : 0.08) : null;
	const r = random();
	const declared = settled ? (r < 0.9 ? true : r < 0.97 ? null : false) : r < 0.45 ? false : r < 0.85 ? true : null;
	// Company calls carry no survey; plain fields (no spread) keep millions of rows cheap.
	const answers = inbound ? survey(settled, random) : NO_SURVEY;
	return {
		contactId: '',
		customerId: id,
		timestamp: t,
		channel: drawn.channel,
		motive: profile.code,
		direction: drawn.direction,
		agent: agent.name,
		team: agent.team,
		segment,
		transferred,
		callback,
		resolved: inbound ? declared : drawn.fixed,
		handledAt,
		surveyResolved: answers.surveyResolved,
		csat: answers.csat,
		nps: answers.nps
	};
}

/**
 * A web visit of a state: 1–3 views of its pages from `t`, sometimes opened on the home page or
 * the help index, and ending on the contact page before a call. Returns the last view's time.
 */
function visit(
	state: StatePlan,
	id: string,
	t: number,
	sessionId: string,
	random: Random,
	schedule: Schedule,
	opens: boolean,
	callsNext: boolean
): number {
	const pages = state.pages as NonNullable<StatePlan['pages']>;
	const views: string[] = [];
	if (opens && random() < NOISE_SESSION) views.push(NOISE_PAGES[Math.floor(random() * 2)]);
	const count = 1 + Math.floor(random() * random() * 2.5);
	for (let v = 0; v < count; v++) views.push(pages.items[pick(random, pages.cumulative)]);
	if (callsNext && random() < NOISE_CONTACT_PAGE) views.push(NOISE_PAGES[2]);
	let at = t;
	for (let v = 0; v < views.length; v++) {
		if (v > 0) at = seconds(at + 15_000 + random() * 150_000);
		schedule(at, { web: { customerId: id, timestamp: at, page: views[v], sessionId } });
	}
	return at;
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
	const walker = new Walker(model);
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
	// Small runs need no finer calibration than their own size.
	const pilotDemands = Math.min(4000, Math.max(500, Math.round(total / 2)));
	for (let i = 0; i < pilotDemands; i++) {
		walk(walker, seed, start + 10 * HOUR, null, pilot, (_, item) => {
			if (item.contact) pilotContacts++;
		}, true);
	}
	const perDemand = Math.max(0.05, pilotContacts / pilotDemands);
	const end = new Date(start);
	end.setUTCMonth(end.getUTCMonth() + Math.floor(months));
	const endMs = end.getTime() + (months % 1) * 30 * DAY;
	let weights = 0;
	for (let day = start; day < endMs; day += DAY) weights += dayWeight(day);
	const demandsPerWeight = total / perDemand / Math.max(weights, 1e-9);

	// Every event of a walk comes after its start: what is scheduled up to the clock is final.
	const contactQueue = new Queue();
	const webQueue = new Queue();
	let seq = 0;
	const schedule: Schedule = (t, item) =>
		item.contact
			? contactQueue.push({ t, seq: seq++, contact: item.contact })
			: webQueue.push({ t, seq: seq++, web: item.web });
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
		if (web) releaseWeb(until);
		return summary.contacts < total;
	};
	const finish = () => {
		if (web && summary.contacts > 0) releaseWeb(summary.last);
		return summary;
	};

	let times = new Float64Array(0);
	for (let day = start; summary.contacts < total; day += DAY) {
		const weight = dayWeight(day);
		const n = poisson(random, demandsPerWeight * weight);
		if (times.length < n) times = new Float64Array(n);
		const today = times.subarray(0, n);
		for (let i = 0; i < n; i++) today[i] = day + (pick(random, HOURS) + random()) * HOUR;
		today.sort();
		for (let i = 0; i < n; i++) {
			if (!release(today[i])) return finish();
			walk(walker, seed, today[i], web, random, schedule);
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
