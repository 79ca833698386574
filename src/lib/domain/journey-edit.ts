/**
 * Edit operations on a journey machine config. Each takes a config and returns a new one (the
 * input is never changed), so the editor can keep every version on its undo stack.
 *
 * States are named by their dotted path (`souscription.enLigne`); a transition by its source
 * state, its event and, when several transitions share an event, its index.
 */
import { findState, isReservedStateKey, splitPath, stageKeys } from './journey';
import type {
	JourneyMachineConfig,
	JourneyStateNode,
	JourneyTransition,
	LocalizedText,
	StateMeta,
	TransitionMeta
} from './types';

export interface TransitionRef {
	source: string;
	event: string;
	/** Position among the transitions of that event. @default 0 */
	index?: number;
}

export interface EditResult {
	machine: JourneyMachineConfig;
	/** The dotted path of the state created. */
	path: string;
}

/** The error an edit raises when it names a state or a transition that does not exist. */
export class JourneyEditError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'JourneyEditError';
	}
}

// ---------------------------------------------------------------- names

/**
 * A state key or event segment from a label, in lower case with words joined by `_`, as people
 * read it: `Paiement rejeté` → `paiement_rejete`. Accents are dropped and an apostrophe parts words
 * (`d'index` → `d_index`); a label with no letter or digit gives `state`; a leading digit gets an
 * `s` so the key reads as a name. Keys already written otherwise (`miseEnService`) are kept.
 */
export function slug(label: string): string {
	const words = label
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.split(/[^A-Za-z0-9]+/)
		.filter(Boolean)
		.map((w) => w.toLowerCase());
	if (words.length === 0) return 'state';
	const key = words.join('_');
	return /^[0-9]/.test(key) ? `s${key}` : key;
}

/** `base`, or `base_2`, `base_3`… whichever is not taken. */
export function uniqueName(base: string, taken: Iterable<string>): string {
	const used = new Set(taken);
	if (!used.has(base)) return base;
	for (let n = 2; ; n++) if (!used.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** A dotted event name for a customer action: `<source key>.<action>` (`paiement.rejete`). */
export function eventName(sourceKey: string, label: string, taken: Iterable<string> = []): string {
	// A key already written as a name (`miseEnService`, `paiement_rejete`) is kept as it is.
	const prefix = /^[A-Za-z][A-Za-z0-9_]*$/.test(sourceKey) ? sourceKey : slug(sourceKey);
	return uniqueName(`${prefix}.${slug(label)}`, taken);
}

// ---------------------------------------------------------------- paths

function parentPath(path: string): string {
	const keys = splitPath(path);
	return keys.slice(0, -1).join('.');
}

function lastKey(path: string): string {
	const keys = splitPath(path);
	return keys[keys.length - 1];
}

function isInside(path: string, ancestor: string): boolean {
	return path === ancestor || path.startsWith(`${ancestor}.`);
}

/**
 * The dotted path a transition defined on `source` goes to, as XState v5 resolves it: `#id.a.b`
 * from the machine (the stored model gives states no ids of their own), `.child` from the source,
 * anything else from the source's parent.
 */
export function resolveTarget(machine: JourneyMachineConfig, source: string, target: string): string | undefined {
	let path: string;
	if (target.startsWith('#')) {
		const [first, ...rest] = splitPath(target);
		if (first !== `#${machine.id}`) return undefined;
		path = rest.join('.');
		if (!path) return machine.initial || undefined;
	} else if (target.startsWith('.')) {
		path = `${source}${target}`;
	} else {
		const parent = parentPath(source);
		path = parent ? `${parent}.${target}` : target;
	}
	return findState(machine, path) ? path : undefined;
}

/** How a transition on `source` names `target`: its key when they are siblings, else `#machine.path`. */
export function targetFor(machine: JourneyMachineConfig, source: string, target: string): string {
	return parentPath(source) === parentPath(target) ? lastKey(target) : `#${machine.id}.${target}`;
}

// ---------------------------------------------------------------- helpers on a private copy

function copy(machine: JourneyMachineConfig): JourneyMachineConfig {
	return structuredClone(machine);
}

function stateAt(machine: JourneyMachineConfig, path: string): JourneyStateNode {
	const node = findState(machine, path);
	if (!node) throw new JourneyEditError(`No state at "${path}".`);
	return node;
}

/** The node holding `path`'s children: the machine for '' or a state. */
function container(machine: JourneyMachineConfig, path: string): JourneyMachineConfig | JourneyStateNode {
	return path ? stateAt(machine, path) : machine;
}

function allStates(machine: JourneyMachineConfig): [string, JourneyStateNode][] {
	const out: [string, JourneyStateNode][] = [];
	const visit = (states: Record<string, JourneyStateNode> | undefined, prefix: string) => {
		for (const [key, node] of Object.entries(states ?? {})) {
			const path = prefix ? `${prefix}.${key}` : key;
			out.push([path, node]);
			visit(node.states, path);
		}
	};
	visit(machine.states, '');
	return out;
}

function transitionsAt(node: JourneyStateNode, event: string): JourneyTransition[] {
	const value = node.on?.[event];
	if (!value) return [];
	return Array.isArray(value) ? value : [value];
}

function setTransitions(node: JourneyStateNode, event: string, list: JourneyTransition[]) {
	const on = { ...(node.on ?? {}) };
	if (list.length === 0) delete on[event];
	else on[event] = list.length === 1 ? list[0] : list;
	if (Object.keys(on).length === 0) delete node.on;
	else node.on = on;
}

function transitionAt(machine: JourneyMachineConfig, ref: TransitionRef): JourneyTransition {
	const list = transitionsAt(stateAt(machine, ref.source), ref.event);
	const transition = list[ref.index ?? 0];
	if (!transition) throw new JourneyEditError(`No transition "${ref.event}" on "${ref.source}".`);
	return transition;
}

// ---------------------------------------------------------------- states

export interface NewState {
	label: LocalizedText;
	/** A key to use instead of the one made from the label (made unique if taken). */
	key?: string;
	meta?: Partial<Omit<StateMeta, 'label'>>;
	final?: boolean;
}

function addChild(machine: JourneyMachineConfig, parent: string, state: NewState, kind: StateMeta['kind']): EditResult {
	const next = copy(machine);
	const holder = container(next, parent);
	const states = holder.states ?? {};
	const base = state.key ? slug(state.key) : slug(state.label.fr || state.label.en);
	// A step labelled "Constructor" gets `constructor_2`: such names are refused as state keys.
	const key = uniqueName(base, isReservedStateKey(base) ? [...Object.keys(states), base] : Object.keys(states));
	const node: JourneyStateNode = { meta: { kind, ...state.meta, label: { ...state.label } } };
	if (state.final) node.type = 'final';
	holder.states = { ...states, [key]: node };
	// A state that gets its first child becomes compound, entered at that child.
	if (!holder.initial || !(holder.initial in states)) holder.initial = key;
	if (holder !== next && (holder as JourneyStateNode).type === 'final') delete (holder as JourneyStateNode).type;
	return { machine: next, path: parent ? `${parent}.${key}` : key };
}

/**
 * Gives a state the key its label makes (`Paiement rejeté` → `paiement_rejete`), unique among its
 * siblings, and points every transition into it (or into its children) at the new path. For a
 * state just created under a placeholder label: keys of states that may already be referred to
 * (mapping rules, motives, measured data) are never renamed, so the caller decides when.
 */
export function rekeyState(machine: JourneyMachineConfig, path: string, label: string): EditResult {
	const parent = parentPath(path);
	const oldKey = lastKey(path);
	stateAt(machine, path);
	const siblings = Object.keys(container(machine, parent).states ?? {}).filter((k) => k !== oldKey);
	const base = slug(label);
	const key = uniqueName(base, isReservedStateKey(base) ? [...siblings, base] : siblings);
	if (key === oldKey) return { machine, path };
	const newPath = parent ? `${parent}.${key}` : key;
	const moved = (p: string) => (isInside(p, path) ? newPath + p.slice(path.length) : p);

	// Where every transition goes, read before the rename.
	const targets = allStates(machine).flatMap(([source, node]) =>
		Object.keys(node.on ?? {}).flatMap((event) =>
			transitionsAt(node, event).map((transition, index) => ({
				source,
				event,
				index,
				target: resolveTarget(machine, source, transition.target)
			}))
		)
	);
	const next = copy(machine);
	const holder = container(next, parent);
	holder.states = Object.fromEntries(Object.entries(holder.states ?? {}).map(([k, node]) => [k === oldKey ? key : k, node]));
	if (holder.initial === oldKey) holder.initial = key;
	for (const { source, event, index, target } of targets) {
		if (target === undefined || (!isInside(target, path) && !isInside(source, path))) continue;
		const transition = transitionsAt(stateAt(next, moved(source)), event)[index];
		transition.target = targetFor(next, moved(source), moved(target));
	}
	return { machine: next, path: newPath };
}

/** Adds a stage at the top level of the journey (the start, if the journey had none). */
export function addStage(machine: JourneyMachineConfig, stage: NewState): EditResult {
	return addChild(machine, '', stage, 'stage');
}

/**
 * Moves a top-level state (a phase) to `index` in the map's order, the others keeping theirs:
 * the order is kept in `meta.stageOrder` (one field, so it syncs as one), and the states are
 * written in that order too (an exported machine reads in the map's order).
 */
export function moveStage(machine: JourneyMachineConfig, key: string, index: number): JourneyMachineConfig {
	const order = stageKeys(machine);
	const from = order.indexOf(key);
	if (from < 0) throw new JourneyEditError(`No stage "${key}".`);
	const to = Math.max(0, Math.min(order.length - 1, Math.round(index)));
	if (from === to) return machine;
	order.splice(from, 1);
	order.splice(to, 0, key);
	const next = copy(machine);
	next.states = Object.fromEntries(order.map((k) => [k, next.states[k]]));
	next.meta = { ...next.meta, stageOrder: order };
	return next;
}

/** The phases the map shows as movable columns: the top-level states but the final ones, in order. */
export function movableStages(machine: JourneyMachineConfig): string[] {
	return stageKeys(machine).filter((key) => machine.states[key]?.type !== 'final');
}

/** Moves a phase one column left (−1) or right (+1) among the phases shown; final states stay last. */
export function shiftStage(machine: JourneyMachineConfig, key: string, delta: -1 | 1): JourneyMachineConfig {
	const shown = movableStages(machine);
	const i = shown.indexOf(key);
	const target = i < 0 ? undefined : shown[i + delta];
	return target === undefined ? machine : moveStage(machine, key, stageKeys(machine).indexOf(target));
}

/** Moves a phase just before another (`before`), or after every phase (`null`). */
export function placeStage(machine: JourneyMachineConfig, key: string, before: string | null): JourneyMachineConfig {
	const others = stageKeys(machine).filter((k) => k !== key);
	const index = before === null ? others.length : others.indexOf(before);
	return index < 0 ? machine : moveStage(machine, key, index);
}

/** Adds a step inside a stage (or any state, which thereby becomes compound). */
export function addStep(machine: JourneyMachineConfig, parent: string, step: NewState): EditResult {
	if (!parent) throw new JourneyEditError('A step belongs to a stage.');
	return addChild(machine, parent, step, step.meta?.kind ?? 'step');
}

/**
 * A label with one language's side changed. An English side that only copied the French one is
 * emptied when the French changes, so it goes on showing the French instead of its old name.
 */
export function relabel(label: LocalizedText, lang: keyof LocalizedText, value: string): LocalizedText {
	if (lang === 'fr' && label.en === label.fr && value !== label.fr) return { fr: value, en: '' };
	return { ...label, [lang]: value };
}

/** Changes a state's label, in one or both languages. */
export function renameState(machine: JourneyMachineConfig, path: string, label: Partial<LocalizedText>): JourneyMachineConfig {
	const next = copy(machine);
	const node = stateAt(next, path);
	node.meta = { ...node.meta, label: { ...node.meta.label, ...label } };
	return next;
}

/**
 * Changes a state's metadata; a field set to `undefined` is removed (no channel, no emotion).
 * The label is merged by language.
 */
export function updateStateMeta(
	machine: JourneyMachineConfig,
	path: string,
	patch: Partial<StateMeta>
): JourneyMachineConfig {
	const next = copy(machine);
	const node = stateAt(next, path);
	const { label, ...fields } = patch;
	const meta: StateMeta = { ...node.meta, ...fields, label: { ...node.meta.label, ...label } };
	// A field given as undefined is removed.
	for (const [field, value] of Object.entries(fields) as [Exclude<keyof StateMeta, 'label'>, unknown][]) {
		if (value === undefined) delete meta[field];
	}
	node.meta = meta;
	return next;
}

/** Marks a leaf state as an end of the journey, or not. */
export function setFinal(machine: JourneyMachineConfig, path: string, final: boolean): JourneyMachineConfig {
	const next = copy(machine);
	const node = stateAt(next, path);
	if (final) {
		if (node.states && Object.keys(node.states).length > 0) {
			throw new JourneyEditError(`"${path}" has steps: only a state without steps can end the journey.`);
		}
		node.type = 'final';
		// XState ignores transitions out of a final state: the model should not show any.
		delete node.on;
	} else delete node.type;
	return next;
}

/** Makes `path` the state its parent (or the journey) starts at. */
export function setInitial(machine: JourneyMachineConfig, path: string): JourneyMachineConfig {
	const next = copy(machine);
	stateAt(next, path);
	container(next, parentPath(path)).initial = lastKey(path);
	return next;
}

/**
 * Removes a state and its steps, every transition that leads into them, and moves its parent's
 * start to the next remaining state (a stage left without steps becomes a simple state).
 */
export function deleteState(machine: JourneyMachineConfig, path: string): JourneyMachineConfig {
	stateAt(machine, path);
	const next = copy(machine);
	const parent = parentPath(path);
	const holder = container(next, parent);
	const states = { ...(holder.states ?? {}) };
	delete states[lastKey(path)];

	// Transitions are resolved against the machine before the removal.
	for (const [source, node] of allStates(machine)) {
		if (isInside(source, path)) continue;
		const copyNode = stateAt(next, source);
		for (const event of Object.keys(node.on ?? {})) {
			const kept = transitionsAt(node, event).filter((transition) => {
				const target = resolveTarget(machine, source, transition.target);
				return !(target && isInside(target, path));
			});
			if (kept.length !== transitionsAt(node, event).length) setTransitions(copyNode, event, structuredClone(kept));
		}
	}

	const keys = Object.keys(states);
	if (holder === next) {
		next.states = states;
		if (!keys.includes(next.initial)) next.initial = keys[0] ?? '';
	} else if (keys.length === 0) {
		delete holder.states;
		delete holder.initial;
	} else {
		holder.states = states;
		if (!holder.initial || !keys.includes(holder.initial)) holder.initial = keys[0];
	}
	return next;
}

// ---------------------------------------------------------------- transitions

export interface NewTransition {
	source: string;
	/** The target state's dotted path. */
	target: string;
	label: LocalizedText;
	/** A dotted event name; made from the source and the label when absent. */
	event?: string;
	share?: number;
}

/** Adds a customer action from one state to another; returns the new transition's reference. */
export function addTransition(
	machine: JourneyMachineConfig,
	transition: NewTransition
): { machine: JourneyMachineConfig; ref: TransitionRef } {
	const next = copy(machine);
	const source = stateAt(next, transition.source);
	stateAt(next, transition.target);
	if (source.type === 'final') throw new JourneyEditError(`"${transition.source}" ends the journey: it has no way out.`);
	const event =
		transition.event?.trim() ||
		eventName(lastKey(transition.source), transition.label.fr || transition.label.en, Object.keys(source.on ?? {}));
	const meta: TransitionMeta = { label: { ...transition.label } };
	if (transition.share !== undefined) meta.share = transition.share;
	const list = transitionsAt(source, event);
	setTransitions(source, event, [...list, { target: targetFor(next, transition.source, transition.target), meta }]);
	return { machine: next, ref: { source: transition.source, event, index: list.length } };
}

export interface TransitionPatch {
	label?: Partial<LocalizedText>;
	/** `null` removes the share. */
	share?: number | null;
	/** The new target's dotted path. */
	target?: string;
}

/** Changes a transition's label, share or target. */
export function updateTransition(
	machine: JourneyMachineConfig,
	ref: TransitionRef,
	patch: TransitionPatch
): JourneyMachineConfig {
	const next = copy(machine);
	const transition = transitionAt(next, ref);
	const meta: TransitionMeta = {
		...transition.meta,
		label: { fr: '', en: '', ...transition.meta?.label, ...patch.label }
	};
	if (patch.share === null) delete meta.share;
	else if (patch.share !== undefined) meta.share = patch.share;
	transition.meta = meta;
	if (patch.target !== undefined) {
		stateAt(next, patch.target);
		transition.target = targetFor(next, ref.source, patch.target);
	}
	return next;
}

/** Removes one transition. */
export function deleteTransition(machine: JourneyMachineConfig, ref: TransitionRef): JourneyMachineConfig {
	const next = copy(machine);
	transitionAt(next, ref);
	const source = stateAt(next, ref.source);
	const list = transitionsAt(source, ref.event).filter((_, i) => i !== (ref.index ?? 0));
	setTransitions(source, ref.event, list);
	return next;
}

/** The transitions defined on a state, in the order written, with their references. */
export function outgoing(
	machine: JourneyMachineConfig,
	path: string
): { ref: TransitionRef; transition: JourneyTransition; target: string | undefined }[] {
	const node = findState(machine, path);
	if (!node) return [];
	return Object.keys(node.on ?? {}).flatMap((event) =>
		transitionsAt(node, event).map((transition, index) => ({
			ref: { source: path, event, index },
			transition,
			target: resolveTarget(machine, path, transition.target)
		}))
	);
}

// ---------------------------------------------------------------- new journey

/**
 * The machine a new journey starts from: one stage holding one step (the start), a final stage
 * and the action between them, so it is valid, drawable and can be walked from the first minute.
 */
export function newJourneyMachine(name: LocalizedText): JourneyMachineConfig {
	const empty: JourneyMachineConfig = { id: slug(name.en || name.fr), initial: '', states: {}, meta: { label: { ...name } } };
	const stage = addStage(empty, { key: 'phase1', label: { fr: 'Phase 1', en: 'Stage 1' } });
	const step = addStep(stage.machine, stage.path, { key: 'etape1', label: { fr: 'Étape 1', en: 'Step 1' } });
	const end = addStage(step.machine, { key: 'fin', label: { fr: 'Fin', en: 'End' }, final: true });
	return addTransition(end.machine, {
		source: step.path,
		target: end.path,
		label: { fr: 'Terminer', en: 'Finish' },
		event: 'journey.finish'
	}).machine;
}
