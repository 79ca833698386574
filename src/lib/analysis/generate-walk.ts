/**
 * What a synthetic customer can do in each state of a journey, for the generator's walks
 * (generate.ts): the actions out of the state with their probabilities (the transitions' shares,
 * as the path simulation reads them), and the events the state can leave in the logs — the
 * contacts (motive × channel) and the web pages that the workspace's mapping rules send to that
 * very state. A walk that emits, at each state, one of that state's events draws on the overlay
 * exactly the journey it walked (METRICS.md §6).
 *
 * Pure data built once per run: the walk itself only draws from these tables.
 */
import { findState } from '../domain/journey';
import { compileRules, mapContacts, rulesOfPages } from '../domain/mapping';
import type { Journey, MappingRule, StateMeta } from '../domain/types';
import { journeyModel, modelAccounts } from './overlay-model';
import { actionsAt } from './simulation';

/** How a state usually shows in the logs. */
export type StateMedium =
	/** The customer browses: a web visit (one session on the state's pages). */
	| 'page'
	/** The customer talks to someone: a contact. */
	| 'contact'
	/** The company acts (a bill, a debit, a letter): nothing, unless the walk needs a trace. */
	| 'quiet';

export interface WalkAction {
	/** Deepest state entered (a stage's target is followed down its initial states). */
	target: string;
	probability: number;
	/** The action stays in the state: a repeat (the contact did not settle the request). */
	loop: boolean;
}

export interface Weighted<T> {
	items: T[];
	/** Cumulative weights, last = total. */
	cumulative: Float64Array;
}

export interface ContactCandidate {
	motive: string;
	channel: string;
}

export interface StatePlan {
	path: string;
	final: boolean;
	medium: StateMedium;
	/** The state's own channel (meta), if any. */
	channel: string | undefined;
	actions: WalkAction[];
	/** Cumulative probabilities of `actions`. */
	cumulative: Float64Array;
	/** Contacts the rules map to this state, weighted by motive prevalence and channel mix. */
	contacts: Weighted<ContactCandidate> | null;
	/** Pages the rules map to this state. */
	pages: Weighted<string> | null;
	/**
	 * Hook for a business event log (bill issued, late delivery…): the event the company records
	 * when a customer enters this state, emitted before the contacts it causes. Not set today.
	 */
	businessEvent?: string;
}

export interface JourneyPlan {
	journeyId: string;
	initial: string;
	states: Map<string, StatePlan>;
	/** Whether the journey model accounts for an observed `from → to` (overlay-model.ts). */
	accounts: (from: string, to: string) => boolean;
}

/** A motive the generator can emit: its code, share of demands and channel mix. */
export interface MotiveWeight {
	code: string;
	prevalence: number;
	/** Channel → share of that motive's contacts. */
	mix: Record<string, number>;
}

export interface PlanInput {
	journeys: readonly Journey[];
	rules: readonly MappingRule[];
	motives: readonly MotiveWeight[];
	/** Every page the generator may show. */
	pages: readonly string[];
	/** Whether a catalogue motive id (a state's `expectedMotives`) is this code. */
	isMotive: (id: string, code: string) => boolean;
	/** How often each journey is walked (journey id → weight); an event two journeys map belongs to the busier one. */
	weights?: Readonly<Record<string, number>>;
}

function weighted<T>(entries: [T, number][]): Weighted<T> | null {
	const kept = entries.filter(([, w]) => w > 0);
	if (kept.length === 0) return null;
	return { items: kept.map(([item]) => item), cumulative: cumulative(kept.map(([, w]) => w)) };
}

function cumulative(weights: number[]): Float64Array {
	const out = new Float64Array(weights.length);
	let sum = 0;
	weights.forEach((w, i) => (out[i] = sum += w));
	return out;
}

function mediumOf(meta: StateMeta | undefined): StateMedium {
	if (!meta) return 'quiet';
	if (meta.touchpoint === 'agent' || meta.touchpoint === 'physical') return 'contact';
	if (meta.touchpoint === 'self-care' || meta.channel === 'web' || meta.channel === 'app') return 'page';
	return 'quiet';
}

/** The deepest state entered when `target` is entered (its initial states followed down). */
function deepest(initial: Readonly<Record<string, string>>, target: string): string {
	let path = target;
	for (let depth = 0; depth < 32 && initial[path]; depth++) path = path ? `${path}.${initial[path]}` : initial[path];
	return path;
}

/** A contact or a page a busier journey's rules map too is this much less likely. */
const SHARED_WEIGHT = 0.1;
/** A motive the state expects, or a contact on the state's own channel, is this much more likely. */
const EXPECTED_WEIGHT = 4;
const OWN_CHANNEL_WEIGHT = 4;

/** The walk tables of every journey, from the journeys, their mapping rules and the motives. */
export function journeyPlans(input: PlanInput): JourneyPlan[] {
	const channels = [...new Set(input.motives.flatMap((m) => Object.keys(m.mix)))];
	const motives = input.motives.map((m) => m.code);
	// Every (channel, motive) pair once, as a small contact table the mapping engine reads.
	const pairs = channels.length * motives.length;
	const table = {
		length: pairs,
		channel: Uint32Array.from({ length: pairs }, (_, i) => Math.floor(i / motives.length)),
		channels,
		motive: Uint32Array.from({ length: pairs }, (_, i) => i % motives.length),
		motives
	};
	const mapped = input.journeys.map((journey) => {
		const compiled = compileRules(input.rules, journey.id);
		const byContact = mapContacts(compiled, table).ruleOfRow;
		const byPage = rulesOfPages(compiled, input.pages);
		const stateOf = (rule: number) => (rule < 0 ? null : compiled.states[compiled.stateOfRule[rule]]);
		return {
			contactState: Array.from(byContact, stateOf),
			pageState: Array.from(byPage, stateOf)
		};
	});

	return input.journeys.map((journey, j) => {
		const machine = journey.machine;
		const model = journeyModel(machine);
		const { contactState, pageState } = mapped[j];
		// An event another journey maps too is rarer here when that journey is walked at least as often.
		const weightOf = (k: number) => input.weights?.[input.journeys[k].id] ?? 1;
		const busier = (k: number) => k !== j && weightOf(k) >= weightOf(j);
		const sharedContact = (i: number) => mapped.some((other, k) => busier(k) && other.contactState[i] !== null);
		const sharedPage = (i: number) => mapped.some((other, k) => busier(k) && other.pageState[i] !== null);
		const states = new Map<string, StatePlan>();
		const leaves = model.states.filter((path) => model.initial[path] === undefined);
		for (const path of leaves) {
			const node = findState(machine, path);
			const meta = node?.meta as StateMeta | undefined;
			const final = node?.type === 'final';
			const contacts: [ContactCandidate, number][] = [];
			contactState.forEach((state, i) => {
				if (state !== path) return;
				const motive = input.motives[i % motives.length];
				const channel = channels[Math.floor(i / motives.length)];
				let weight = motive.prevalence * (motive.mix[channel] ?? 0);
				if (meta?.expectedMotives?.some((id) => input.isMotive(id, motive.code))) weight *= EXPECTED_WEIGHT;
				if (meta?.channel === channel) weight *= OWN_CHANNEL_WEIGHT;
				if (sharedContact(i)) weight *= SHARED_WEIGHT;
				contacts.push([{ motive: motive.code, channel }, weight]);
			});
			const pages: [string, number][] = [];
			pageState.forEach((state, i) => {
				if (state === path) pages.push([input.pages[i], sharedPage(i) ? SHARED_WEIGHT : 1]);
			});
			const actions: WalkAction[] = final
				? []
				: actionsAt(machine, path).map((action) => {
						const target = deepest(model.initial, action.target);
						return { target, probability: action.probability, loop: target === path };
					});
			states.set(path, {
				path,
				final,
				medium: mediumOf(meta),
				channel: meta?.channel,
				actions,
				cumulative: cumulative(actions.map((a) => a.probability)),
				contacts: weighted(contacts),
				pages: weighted(pages)
			});
		}
		return {
			journeyId: journey.id,
			initial: deepest(model.initial, ''),
			states,
			accounts: modelAccounts(model)
		};
	});
}
