/**
 * The structure of a journey machine: its states, its transitions with their targets resolved the
 * way XState v5 resolves them, and what makes a journey unusable (no start, states nobody can
 * reach, steps with no way out, arrows to nowhere).
 *
 * A state is named by its dotted path from the root (`billing.pay`), as `StateRef.stateId` does.
 * XState's own id of that state is the machine id followed by the path (`journey.billing.pay`).
 */
import type { JourneyMachineConfig, JourneyStateNode, JourneyTransition, TransitionMeta } from './types';

export type JourneyIssueCode = 'initial-missing' | 'unreachable' | 'dead-end' | 'missing-target' | 'duplicate-id';

/**
 * The issues that leave a machine XState cannot walk as drawn: no start, an action leading to a
 * state that does not exist, two states with one id. An unreachable state or a dead end is a
 * journey still being drawn, which the editor saves and an import takes.
 */
export const BREAKING_ISSUES: ReadonlySet<string> = new Set<JourneyIssueCode>(['initial-missing', 'missing-target', 'duplicate-id']);

export interface JourneyIssue {
	code: JourneyIssueCode;
	/** The state concerned (its dotted path); absent for the machine itself. */
	stateId?: string;
	event?: string;
	/** The target as written (missing targets, a missing initial state). */
	target?: string;
}

export interface JourneyTransitionEdge {
	/** The state the transition is defined on. */
	source: string;
	event: string;
	/** The target state's dotted path. */
	target: string;
	meta?: TransitionMeta;
}

const DELIMITER = '.';
const ID_PREFIX = '#';

// ---------------------------------------------------------------- state keys

/**
 * Names no state may take: those of the properties every object has (`constructor`, `__proto__`,
 * `toString`…) and `prototype`. Machines are plain objects walked by key — by the validation
 * (which drops such keys without a word), by XState, by the editor — so such a state would vanish
 * or be mistaken for the property.
 */
const RESERVED_STATE_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Why a state key cannot be used: a dot (dots separate the keys of a path) or a reserved name. */
export type StateKeyProblem = 'dot' | 'reserved';

export function stateKeyProblem(key: string): StateKeyProblem | null {
	if (key.includes(DELIMITER)) return 'dot';
	if (RESERVED_STATE_KEYS.has(key)) return 'reserved';
	return null;
}

/** Whether `key` is a name no state may take (see `stateKeyProblem`). */
export const isReservedStateKey = (key: string): boolean => RESERVED_STATE_KEYS.has(key);

/** One sentence on a state key that cannot be used, naming it. */
export function stateKeyMessage(key: string, problem: StateKeyProblem): string {
	return problem === 'dot'
		? `The state key ${JSON.stringify(key)} holds a dot: dots separate the keys of a path.`
		: `The state key ${JSON.stringify(key)} is the name of a property every object has: rename the state.`;
}

/**
 * The first state key of a machine read from a file (before validation) that cannot be used, with
 * its place (`states.billing.states["a.b"]` under `where`). Walks with a stack, not recursion.
 */
export function badStateKey(
	machine: unknown,
	where = ''
): { key: string; problem: StateKeyProblem; path: string } | null {
	const stack: { node: unknown; path: string }[] = [{ node: machine, path: where }];
	while (stack.length) {
		const { node, path } = stack.pop() as { node: unknown; path: string };
		if (typeof node !== 'object' || node === null) continue;
		const states = (node as { states?: unknown }).states;
		if (typeof states !== 'object' || states === null || Array.isArray(states)) continue;
		const statesPath = path ? `${path}.states` : 'states';
		const children: { node: unknown; path: string }[] = [];
		// Object.keys lists a "__proto__" key that JSON.parse made an own property.
		for (const key of Object.keys(states)) {
			const keyPath = `${statesPath}[${JSON.stringify(key)}]`;
			const problem = stateKeyProblem(key);
			if (problem) return { key, problem, path: keyPath };
			children.push({ node: (states as Record<string, unknown>)[key], path: /^[A-Za-z_$][\w$]*$/.test(key) ? `${statesPath}.${key}` : keyPath });
		}
		stack.push(...children.reverse());
	}
	return null;
}

/** Splits a state path on dots; `\.` keeps a dot inside a key, as XState does. */
export function splitPath(path: string): string[] {
	const segments: string[] = [];
	let segment = '';
	for (let i = 0; i < path.length; i++) {
		const char = path[i];
		if (char === '\\') {
			segment += path[i + 1] ?? '';
			i++;
		} else if (char === DELIMITER) {
			segments.push(segment);
			segment = '';
		} else {
			segment += char;
		}
	}
	segments.push(segment);
	return segments;
}

interface Node {
	/** Dotted path; '' for the root. */
	path: string;
	keys: string[];
	config: JourneyStateNode | JourneyMachineConfig;
	parent: Node | null;
	children: Map<string, Node>;
	/** XState's id: an explicit `id`, else the machine id and the path. */
	xstateId: string;
}

function childrenOf(config: JourneyStateNode | JourneyMachineConfig): Record<string, JourneyStateNode> {
	return config.states ?? {};
}

/** An explicit `id` is not part of the stored model, but a config written by hand may carry one. */
function explicitId(config: JourneyStateNode | JourneyMachineConfig): string | undefined {
	const id = (config as { id?: unknown }).id;
	return typeof id === 'string' && id ? id : undefined;
}

interface Tree {
	root: Node;
	/** All states but the root, in document order. */
	nodes: Node[];
	byPath: Map<string, Node>;
	/** XState's id map; the first node wins, as later ones are reported as duplicates. */
	byId: Map<string, Node>;
	duplicateIds: Node[];
}

function buildTree(machine: JourneyMachineConfig): Tree {
	const root: Node = {
		path: '',
		keys: [],
		config: machine,
		parent: null,
		children: new Map(),
		xstateId: machine.id
	};
	const nodes: Node[] = [];
	const byPath = new Map<string, Node>();
	const byId = new Map<string, Node>([[root.xstateId, root]]);
	const duplicateIds: Node[] = [];
	const visit = (parent: Node) => {
		for (const [key, config] of Object.entries(childrenOf(parent.config))) {
			const keys = [...parent.keys, key];
			const path = keys.join(DELIMITER);
			const node: Node = {
				path,
				keys,
				config,
				parent,
				children: new Map(),
				xstateId: explicitId(config) ?? [machine.id, ...keys].join(DELIMITER)
			};
			parent.children.set(key, node);
			nodes.push(node);
			if (!byPath.has(path)) byPath.set(path, node);
			if (byId.has(node.xstateId)) duplicateIds.push(node);
			else byId.set(node.xstateId, node);
			visit(node);
		}
	};
	visit(root);
	return { root, nodes, byPath, byId, duplicateIds };
}

function walk(from: Node, segments: readonly string[]): Node | undefined {
	let node: Node | undefined = from;
	for (const key of segments) {
		if (!key) break;
		node = node.children.get(key);
		if (!node) return undefined;
	}
	return node;
}

/**
 * The state a transition defined on `source` goes to, following XState v5: `#id.a.b` from the
 * state whose id is `id`, `.child` from the source itself, anything else from the source's parent
 * (a sibling, or a sibling's descendant).
 */
function resolveTarget(tree: Tree, source: Node, target: string): Node | undefined {
	if (target.startsWith(ID_PREFIX)) {
		const [first, ...rest] = splitPath(target);
		const anchor = tree.byId.get(first.slice(ID_PREFIX.length));
		return anchor && walk(anchor, rest);
	}
	if (target.startsWith(DELIMITER)) return walk(source, splitPath(target.slice(1)));
	if (!source.parent) return undefined;
	return walk(source.parent, splitPath(target));
}

function transitionsList(config: JourneyStateNode): [string, JourneyTransition][] {
	const out: [string, JourneyTransition][] = [];
	for (const [event, value] of Object.entries(config.on ?? {})) {
		for (const transition of Array.isArray(value) ? value : [value]) out.push([event, transition]);
	}
	return out;
}

const isCompound = (node: Node) => node.children.size > 0;

/** The dotted paths of all states, parents before their children, in the order written. */
export function stateIds(machine: JourneyMachineConfig): string[] {
	return buildTree(machine).nodes.map((node) => node.path);
}

/** The state at a dotted path (`billing.pay`), if any. */
/**
 * The top-level states' keys in the order the map shows them: those of `meta.stageOrder` that
 * exist, then the others in the order written. A journey without `stageOrder` keeps its order.
 */
export function stageKeys(machine: JourneyMachineConfig): string[] {
	const keys = Object.keys(machine.states ?? {});
	const present = new Set(keys);
	const listed = (machine.meta?.stageOrder ?? []).filter((key, i, all) => present.has(key) && all.indexOf(key) === i);
	const placed = new Set(listed);
	return [...listed, ...keys.filter((key) => !placed.has(key))];
}

export function findState(machine: JourneyMachineConfig, path: string): JourneyStateNode | undefined {
	if (!path) return undefined;
	let states: Record<string, JourneyStateNode> | undefined = machine.states;
	let node: JourneyStateNode | undefined;
	for (const key of splitPath(path)) {
		// Own keys only: `constructor` or `__proto__` are no state (a rule may name them).
		node = states && Object.hasOwn(states, key) ? states[key] : undefined;
		if (!node) return undefined;
		states = node.states;
	}
	return node;
}

export function isFinal(machine: JourneyMachineConfig, path: string): boolean {
	return findState(machine, path)?.type === 'final';
}

/** Every transition whose target exists, with the target as a dotted path. */
export function transitionsOf(machine: JourneyMachineConfig): JourneyTransitionEdge[] {
	const tree = buildTree(machine);
	const edges: JourneyTransitionEdge[] = [];
	for (const node of tree.nodes) {
		for (const [event, transition] of transitionsList(node.config as JourneyStateNode)) {
			const target = resolveTarget(tree, node, transition.target);
			// A target that resolves to the machine itself re-enters the journey at its start.
			const path = target && (target.path || machine.initial);
			if (!path) continue;
			const edge: JourneyTransitionEdge = { source: node.path, event, target: path };
			if (transition.meta) edge.meta = transition.meta;
			edges.push(edge);
		}
	}
	return edges;
}

/**
 * What prevents the journey from being walked from start to end. Issues come grouped by kind,
 * in the order: initial states, duplicate ids, missing targets, unreachable states, dead ends.
 */
export function validateJourney(machine: JourneyMachineConfig): JourneyIssue[] {
	const tree = buildTree(machine);
	const issues: JourneyIssue[] = [];

	// Initial states: the root's, and every compound state's.
	for (const node of [tree.root, ...tree.nodes]) {
		if (node !== tree.root && !isCompound(node)) continue;
		const initial = node.config.initial;
		if (initial === undefined || initial === '' || !node.children.has(initial)) {
			const issue: JourneyIssue = { code: 'initial-missing' };
			if (node !== tree.root) issue.stateId = node.path;
			if (initial) issue.target = initial;
			issues.push(issue);
		}
	}

	for (const node of tree.duplicateIds) {
		issues.push({ code: 'duplicate-id', stateId: node.path, target: `#${node.xstateId}` });
	}

	// Transitions and their targets.
	const outgoing = new Map<Node, Node[]>();
	const hasTransitions = new Set<Node>();
	for (const node of tree.nodes) {
		const targets: Node[] = [];
		for (const [event, transition] of transitionsList(node.config as JourneyStateNode)) {
			hasTransitions.add(node);
			const target = resolveTarget(tree, node, transition.target);
			if (target) targets.push(target);
			else issues.push({ code: 'missing-target', stateId: node.path, event, target: transition.target });
		}
		outgoing.set(node, targets);
	}

	// Reachability: entering a state enters its ancestors and, down its initial states, a leaf;
	// a transition defined on a state can fire whenever that state is active.
	const reached = new Set<Node>();
	const queue: Node[] = [];
	const enter = (node: Node | undefined) => {
		for (let n: Node | null | undefined = node; n && n !== tree.root; n = n.parent) {
			if (reached.has(n)) break;
			reached.add(n);
			queue.push(n);
		}
		if (node && isCompound(node) && node.config.initial !== undefined) {
			const initial = node.children.get(node.config.initial);
			if (initial && !reached.has(initial)) enter(initial);
		}
	};
	enter(tree.root);
	for (let node = queue.shift(); node; node = queue.shift()) {
		for (const target of outgoing.get(node) ?? []) enter(target);
	}
	for (const node of tree.nodes) {
		if (!reached.has(node)) issues.push({ code: 'unreachable', stateId: node.path });
	}

	// Dead ends: a leaf that is not final, with no transition on itself or any ancestor.
	for (const node of tree.nodes) {
		if (isCompound(node) || (node.config as JourneyStateNode).type === 'final') continue;
		let wayOut = false;
		for (let n: Node | null = node; n && n !== tree.root; n = n.parent) {
			if (hasTransitions.has(n)) wayOut = true;
		}
		if (!wayOut) issues.push({ code: 'dead-end', stateId: node.path });
	}

	return issues;
}
