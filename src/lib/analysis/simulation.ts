/**
 * Walking a journey: the running XState machine built from the stored config, one customer
 * action at a time, and every way through it from the start to an end, with how likely each is
 * given the transitions' shares.
 *
 * A walk is plain data (the snapshot plus the trail so far); each function returns a new one.
 */
import { initialTransition, setup, transition, type AnyMachineSnapshot, type StateValue } from 'xstate';
import { findState, splitPath } from '../domain/journey';
import { resolveTarget } from '../domain/journey-edit';
import type { JourneyMachineConfig, LocalizedText } from '../domain/types';

export type JourneyEvent = { type: string };

/**
 * The running machine of a journey. The config is copied: XState keeps references into it, and
 * the stored journey must stay plain data. Metadata stays in `meta`, where XState keeps it.
 */
export function journeyMachine(config: JourneyMachineConfig) {
	return setup({ types: { events: {} as JourneyEvent } }).createMachine(
		// The stored config is exactly what `createMachine` accepts; its literal types are wider than XState's generics.
		structuredClone(config) as Parameters<ReturnType<typeof setup<object, JourneyEvent>>['createMachine']>[0]
	);
}

export type JourneyLogic = ReturnType<typeof journeyMachine>;

/** The dotted path of the deepest active state of a snapshot value (`{ a: 'b' }` → `a.b`). */
export function pathOfValue(value: StateValue): string {
	const keys: string[] = [];
	let v: StateValue = value;
	while (typeof v === 'object' && v !== null) {
		const [key] = Object.keys(v);
		if (key === undefined) break;
		keys.push(key);
		v = (v as Record<string, StateValue>)[key];
	}
	if (typeof v === 'string') keys.push(v);
	return keys.join('.');
}

export interface WalkAction {
	event: string;
	/** The state defining the transition: the current state or one of its stages. */
	source: string;
	/** Where it leads (dotted path of the state targeted; XState then enters its start). */
	target: string;
	label?: LocalizedText;
	/** The share as written, if any. */
	share?: number;
	/** The chance of this action from here: shares normalised over the actions available. */
	probability: number;
}

function ancestorsAndSelf(path: string): string[] {
	const keys = splitPath(path);
	const out: string[] = [];
	for (let i = keys.length; i > 0; i--) out.push(keys.slice(0, i).join('.'));
	return out;
}

/**
 * The customer actions available in a state: its own transitions, then those of its stages
 * (a step's transition hides its stage's for the same event, as in XState). Only the first
 * transition of an event is taken, since journeys carry no guards.
 */
export function actionsAt(config: JourneyMachineConfig, path: string): WalkAction[] {
	const node = findState(config, path);
	if (!node || node.type === 'final') return [];
	const byEvent = new Map<string, Omit<WalkAction, 'probability'>>();
	for (const source of ancestorsAndSelf(path)) {
		const state = findState(config, source);
		for (const [event, value] of Object.entries(state?.on ?? {})) {
			if (byEvent.has(event)) continue;
			const first = Array.isArray(value) ? value[0] : value;
			if (!first) continue;
			const target = resolveTarget(config, source, first.target);
			if (!target) continue;
			const action: Omit<WalkAction, 'probability'> = { event, source, target };
			if (first.meta?.label) action.label = first.meta.label;
			if (first.meta?.share !== undefined) action.share = first.meta.share;
			byEvent.set(event, action);
		}
	}
	return withProbabilities([...byEvent.values()]);
}

/**
 * Turns shares into probabilities: actions without a share split what the others leave
 * (nothing if they already reach 1), then everything is scaled to sum to 1; with no share at
 * all, every action is equally likely.
 */
export function withProbabilities(actions: Omit<WalkAction, 'probability'>[]): WalkAction[] {
	if (actions.length === 0) return [];
	const given = actions.reduce((sum, a) => sum + (a.share !== undefined ? Math.max(0, a.share) : 0), 0);
	const missing = actions.filter((a) => a.share === undefined).length;
	const rest = missing > 0 ? Math.max(0, 1 - given) / missing : 0;
	const raw = actions.map((a) => (a.share !== undefined ? Math.max(0, a.share) : rest));
	const total = raw.reduce((s, r) => s + r, 0);
	return actions.map((a, i) => ({ ...a, probability: total > 0 ? raw[i] / total : 1 / actions.length }));
}

// ---------------------------------------------------------------- walking

export interface WalkStep {
	/** The state left. */
	from: string;
	event: string;
	/** The state arrived in (deepest active state). */
	to: string;
	label?: LocalizedText;
}

export interface Walk {
	snapshot: AnyMachineSnapshot;
	/** The deepest active state's dotted path. */
	current: string;
	/** The actions taken so far. */
	steps: WalkStep[];
	/** Reached an end of the journey (a final state). */
	done: boolean;
}

function isDone(config: JourneyMachineConfig, snapshot: AnyMachineSnapshot, current: string): boolean {
	return snapshot.status === 'done' || findState(config, current)?.type === 'final';
}

/** A walk at the start of the journey. */
export function startWalk(config: JourneyMachineConfig, logic: JourneyLogic = journeyMachine(config)): Walk {
	const [snapshot] = initialTransition(logic);
	const current = pathOfValue(snapshot.value);
	return { snapshot, current, steps: [], done: isDone(config, snapshot, current) };
}

/** The actions the walk can take now. */
export function walkActions(config: JourneyMachineConfig, walk: Walk): WalkAction[] {
	if (walk.done) return [];
	return actionsAt(config, walk.current).filter((a) => walk.snapshot.can({ type: a.event }));
}

/** Takes one action; an event not available leaves the walk as it is. */
export function walkSend(config: JourneyMachineConfig, logic: JourneyLogic, walk: Walk, event: string): Walk {
	const action = walkActions(config, walk).find((a) => a.event === event);
	if (!action) return walk;
	const [snapshot] = transition(logic, walk.snapshot as ReturnType<JourneyLogic['transition']>, { type: event });
	const current = pathOfValue(snapshot.value);
	const step: WalkStep = { from: walk.current, event, to: current };
	if (action.label) step.label = action.label;
	return { snapshot, current, steps: [...walk.steps, step], done: isDone(config, snapshot, current) };
}

/** The states visited so far, start included. */
export function visited(walk: Walk): string[] {
	return walk.steps.length ? [walk.steps[0].from, ...walk.steps.map((s) => s.to)] : [walk.current];
}

// ---------------------------------------------------------------- paths

export interface JourneyPath {
	/** The states visited, from the start to an end (deepest active states). */
	states: string[];
	events: string[];
	/** Product of the probabilities of the actions taken. */
	probability: number;
}

export interface PathsResult {
	paths: JourneyPath[];
	/** The enumeration stopped at `limit` paths: there are more. */
	truncated: boolean;
}

export interface PathsOptions {
	/** Stop after this many paths (their number grows fast with loops and branches). @default 5000 */
	limit?: number;
}

/**
 * Every simple path (no state visited twice) from the start to a final state, found by a depth
 * first search over the running machine. This is what `getSimplePaths` of `xstate/graph` gives
 * with `toState` set to the final states (the tests check it), in one pass instead of one per
 * reachable state, with the probabilities and a limit.
 */
export function simplePaths(config: JourneyMachineConfig, options: PathsOptions = {}): PathsResult {
	const limit = options.limit ?? 5000;
	const logic = journeyMachine(config);
	const paths: JourneyPath[] = [];
	let truncated = false;
	const start = startWalk(config, logic);
	const onPath = new Set<string>();
	const states: string[] = [];
	const events: string[] = [];

	const visit = (walk: Walk, probability: number) => {
		if (truncated) return;
		onPath.add(walk.current);
		states.push(walk.current);
		if (walk.done) {
			if (paths.length >= limit) truncated = true;
			else paths.push({ states: [...states], events: [...events], probability });
		} else {
			for (const action of walkActions(config, walk)) {
				const next = walkSend(config, logic, walk, action.event);
				if (onPath.has(next.current)) continue;
				events.push(action.event);
				visit(next, probability * action.probability);
				events.pop();
				if (truncated) break;
			}
		}
		states.pop();
		onPath.delete(walk.current);
	};
	visit(start, 1);
	return { paths, truncated };
}

/** The `count` most likely simple paths, most likely first. */
export function likeliestPaths(result: PathsResult, count = 5): JourneyPath[] {
	return [...result.paths].sort((a, b) => b.probability - a.probability).slice(0, count);
}
