/**
 * The journey model as the overlay compares it with observed transitions (METRICS.md §6).
 *
 * Rules may send events to a stage (`comprehension`) or to one of its steps
 * (`comprehension.faq`), so an observed transition A → B is compared with the model at the level
 * the rules chose. A model transition S → T accounts for A → B when:
 * - its source fits A: S is A; or S is an ancestor of A (a transition defined on a stage fires
 *   from any of its steps); or S is a descendant of A (A observed at the stage level);
 * - its target fits B: T is B; or T is a descendant of B (B observed at the stage level); or B is
 *   on T's initial path (entering a stage enters its initial step, and that step's initial step).
 * So moving between two steps of a stage mapped as a whole (A = B = the stage) is in the model when
 * the stage has any transition inside it; reaching a stage's non-initial step straight from
 * outside, when no transition names that step, is a deviation.
 */
import { findState, transitionsOf } from '../domain/journey';
import type { JourneyMachineConfig } from '../domain/types';

export interface JourneyModel {
	/** The model's transitions as dotted state paths (`transitionsOf`). */
	transitions: readonly { source: string; target: string }[];
	/** Dotted paths of the model's states (`stateIds`), parents first. */
	states: readonly string[];
	/** Compound state path → its initial child key; `''` is the machine's own initial state. */
	initial: Readonly<Record<string, string>>;
}

/** The model of a machine config: its transitions, states and initial states. */
export function journeyModel(machine: JourneyMachineConfig): JourneyModel {
	const states: string[] = [];
	const initial: Record<string, string> = {};
	if (machine.initial) initial[''] = machine.initial;
	const visit = (prefix: string, children: JourneyMachineConfig['states'] | undefined) => {
		for (const [key, node] of Object.entries(children ?? {})) {
			const path = prefix ? `${prefix}.${key}` : key;
			states.push(path);
			if (node.initial) initial[path] = node.initial;
			visit(path, node.states);
		}
	};
	visit('', machine.states);
	return {
		transitions: transitionsOf(machine).map(({ source, target }) => ({ source, target })),
		states,
		initial
	};
}

/** Whether `ancestor` is a proper ancestor of `path` in dotted paths. */
export function isAncestor(ancestor: string, path: string): boolean {
	return path.length > ancestor.length && path.startsWith(ancestor) && path[ancestor.length] === '.';
}

/** `target` and the states entered below it through initial states. */
function initialPath(model: JourneyModel, target: string): string[] {
	const out = [target];
	let path = target;
	for (let depth = 0; depth < 32; depth++) {
		const child = model.initial[path];
		if (!child) break;
		path = `${path}.${child}`;
		out.push(path);
	}
	return out;
}

/** A predicate telling whether the model accounts for an observed transition `from → to`. */
export function modelAccounts(model: JourneyModel): (from: string, to: string) => boolean {
	const entered = model.transitions.map((t) => ({ source: t.source, target: t.target, entered: initialPath(model, t.target) }));
	const cache = new Map<string, boolean>();
	return (from, to) => {
		const key = `${from}\u0000${to}`;
		let known = cache.get(key);
		if (known !== undefined) return known;
		known = entered.some(
			(t) =>
				(t.source === from || isAncestor(t.source, from) || isAncestor(from, t.source)) &&
				(t.target === to || isAncestor(to, t.target) || t.entered.includes(to))
		);
		cache.set(key, known);
		return known;
	};
}

/** Whether a dotted path names a state of the machine. */
export function hasState(machine: JourneyMachineConfig, path: string): boolean {
	return findState(machine, path) !== undefined;
}
