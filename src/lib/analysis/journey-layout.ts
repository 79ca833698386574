/**
 * Where each state and transition of a journey is drawn, as a journey map: the phases (top-level
 * states) as columns left to right in the order the user set (`meta.stageOrder`), the final
 * states last; each phase's steps top to bottom; the steps' emotions as a curve under the map.
 * ELK's layered layout places the steps of each phase and routes the arrows between them; the
 * columns are framed here, and arrows between phases are drawn as curves. Returns plain data in
 * absolute coordinates; the component only draws it.
 *
 * Each phase goes to ELK on its own (a pool of workers in the browser lays several out at once),
 * and each graph's result is kept by the graph ELK was given, so an edit lays out again only the
 * phase it changed.
 */
import type { ElkExtendedEdge, ElkNode, ElkPoint } from 'elkjs/lib/elk-api';
import { stepOf } from '../domain/guide-edit';
import { splitPath, stageKeys, transitionsOf } from '../domain/journey';
import type {
	Channel,
	Emotion,
	GuideOutcome,
	GuideStepKind,
	JourneyMachineConfig,
	JourneyStateNode,
	Locale,
	LocalizedText,
	StateKind,
	TouchpointType
} from '../domain/types';
import { CHANNELS, TOUCHPOINT_TYPES } from '../domain/types';
import { LruMap } from '../domain/lru';

export interface LayoutOptions {
	/** The language the labels are measured in (their width sets the boxes'). @default 'fr' */
	locale?: Locale;
	/**
	 * `columns`: stages left to right, each stage's steps top to bottom (a journey fits a
	 * screen); ELK routes arrows inside a stage and between stages, arrows from a step to a
	 * step of another stage are drawn as curves. `flow`: one left-to-right flow through every
	 * state (`hierarchyHandling: INCLUDE_CHILDREN`), ELK routing every arrow; wide.
	 * @default 'columns'
	 */
	arrangement?: 'columns' | 'flow';
	/** Who runs ELK. @default ELK in this thread (`elk.bundled.js`, loaded on first use) */
	engine?: LayoutEngine;
}

/** What the layout needs of ELK: `ELK` itself, or a pool of ELK workers. */
export interface LayoutEngine {
	layout(graph: ElkNode): Promise<ElkNode>;
}

export interface Point {
	x: number;
	y: number;
}

export interface LayoutNode {
	/** The state's dotted path. */
	id: string;
	/** The parent state's dotted path; absent for top-level states. */
	parent?: string;
	x: number;
	y: number;
	width: number;
	height: number;
	kind: StateKind;
	/** 0 for the journey's stages, 1 for their steps… */
	depth: number;
	/** Holds other states (a stage with steps): drawn as a box around them. */
	compound: boolean;
	final: boolean;
	/** The state its parent (or the journey) starts at. */
	initial: boolean;
	label: LocalizedText;
	/** The label in the layout's language, cut into the lines drawn. */
	lines: string[];
	channel?: Channel;
	touchpoint?: TouchpointType;
	emotion?: Emotion;
	/** A guide's state: what the advisor does there, and how the contact ends at an outcome. */
	step?: GuideStepKind;
	outcome?: GuideOutcome;
}

export interface LayoutEdge {
	/** `source:event`, with `:index` when one event has several transitions. */
	id: string;
	source: string;
	target: string;
	event: string;
	label?: LocalizedText;
	share?: number;
	/** The label in the layout's language, cut into the lines drawn; empty when it has none. */
	lines: string[];
	points: Point[];
	/** An SVG path through the points, corners rounded. */
	path: string;
	/** Centre of the label box. */
	labelPos: Point;
}

/** A step's emotion placed on the curve drawn under the map. */
export interface EmotionPoint {
	/** The state's dotted path. */
	id: string;
	x: number;
	y: number;
	emotion: Emotion;
}

/** The band under the map where the emotion of each step is drawn as a curve, steps in map order. */
export interface EmotionBand {
	/** The band's top edge and height, in drawing units; it spans the map's width. */
	y: number;
	height: number;
	/** The y of the emotions +2, 0 and −2 (the curve's scale). */
	scale: { best: number; neutral: number; worst: number };
	points: EmotionPoint[];
}

export interface JourneyLayout {
	width: number;
	height: number;
	nodes: LayoutNode[];
	edges: LayoutEdge[];
	/** The start marker and the arrow into the journey's first state. */
	start?: { x: number; y: number; points: Point[]; path: string };
	/** In columns, when a step has an emotion: the curve of emotions under the map. */
	emotion?: EmotionBand;
	/** With swimlanes: the rows, top to bottom, each state in its phase's column and its lane's row. */
	lanes?: LayoutLane[];
	/** What the lanes are cut by. */
	lanesBy?: Exclude<LaneMode, 'none'>;
}

/** How the map is cut into swimlanes: not at all, by channel, by touchpoint type. */
export const LANE_MODES = ['none', 'channel', 'touchpoint'] as const;
export type LaneMode = (typeof LANE_MODES)[number];

/** A swimlane: a row across the phases' columns. */
export interface LayoutLane {
	/** The channel or touchpoint type of its states; `none` for states without one. */
	key: Channel | TouchpointType | 'none';
	/** The band's top edge and height; it spans the map's width, its label sits at the left. */
	y: number;
	height: number;
}

// Sizes in SVG units; labels are drawn at 14px (states) and 12px (actions).
const NODE_WIDTH = 200;
const NODE_LINE = 18;
const NODE_PADDING = 34;
// Leaves room on the right for the channel badge.
const NODE_CHARS = 18;
const EDGE_CHARS = 26;
const EDGE_CHAR_WIDTH = 6.6;
const EDGE_LINE = 15;
const STAGE_HEADER = 44;
const START_SIZE = 16;
const START_ID = '__start';
const MARGIN = 16;
/** Room between two phases' columns, where arrows between phases curve. */
const COLUMN_GAP = 64;
/** Room from the start marker to the first column. */
const START_GAP = 36;
/** The emotion band under the map: its distance from the columns, its height. */
const EMOTION_GAP = 28;
const EMOTION_HEIGHT = 120;
const EMOTION_PAD = 22;

/** Cuts a text into lines of at most `width` characters, on spaces; at most `max` lines, the last one ending in `…`. */
export function wrap(text: string, width: number, max: number): string[] {
	const words = text.split(/\s+/).filter(Boolean);
	const lines: string[] = [];
	let line = '';
	for (const word of words) {
		if (!line) line = word;
		else if (line.length + 1 + word.length <= width) line += ` ${word}`;
		else {
			lines.push(line);
			line = word;
		}
	}
	if (line) lines.push(line);
	if (lines.length <= max) return lines.map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
	const kept = lines.slice(0, max);
	const last = kept[max - 1];
	kept[max - 1] = `${last.length >= width ? last.slice(0, width - 1) : last}…`;
	return kept;
}

function pick(text: LocalizedText | undefined, locale: Locale): string {
	if (!text) return '';
	return text[locale] || text.fr || text.en || '';
}

/** A coordinate rounded to a tenth, as SVG paths are written. */
export function tenth(n: number): number {
	return Math.round(n * 10) / 10;
}

/** An SVG path through the points with rounded corners. */
export function roundedPath(points: readonly Point[], radius = 8): string {
	if (points.length === 0) return '';
	let d = `M${tenth(points[0].x)},${tenth(points[0].y)}`;
	for (let i = 1; i < points.length - 1; i++) {
		const [p, c, n] = [points[i - 1], points[i], points[i + 1]];
		const d1 = Math.hypot(c.x - p.x, c.y - p.y);
		const d2 = Math.hypot(n.x - c.x, n.y - c.y);
		const r = Math.min(radius, d1 / 2, d2 / 2);
		if (r < 0.5) {
			d += `L${tenth(c.x)},${tenth(c.y)}`;
			continue;
		}
		const a = { x: c.x + ((p.x - c.x) * r) / d1, y: c.y + ((p.y - c.y) * r) / d1 };
		const b = { x: c.x + ((n.x - c.x) * r) / d2, y: c.y + ((n.y - c.y) * r) / d2 };
		d += `L${tenth(a.x)},${tenth(a.y)}Q${tenth(c.x)},${tenth(c.y)} ${tenth(b.x)},${tenth(b.y)}`;
	}
	const last = points[points.length - 1];
	if (points.length > 1) d += `L${tenth(last.x)},${tenth(last.y)}`;
	return d;
}

interface Built {
	node: LayoutNode;
	elk: ElkNode;
}

let elkInstance: LayoutEngine | undefined;

/** ELK in this thread, loaded on first use only: a journey whose layout is cached is drawn without loading it. */
export const elkInThread: LayoutEngine = {
	async layout(graph) {
		if (!elkInstance) {
			const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
			elkInstance ??= new ELK({ algorithms: ['layered'] });
		}
		return elkInstance.layout(graph);
	}
};

/** ELK's results by the graph it was given (its JSON); ELK is deterministic. */
const laidOut = new LruMap<string, Promise<ElkNode>>(500);

/** Lays out a graph, or gives the result already computed for the same graph. */
function layoutOnce(engine: LayoutEngine, graph: ElkNode): Promise<ElkNode> {
	const key = JSON.stringify(graph);
	let result = laidOut.get(key);
	if (!result) {
		result = engine.layout(graph);
		result.catch(() => laidOut.delete(key));
		laidOut.set(key, result);
	}
	return result;
}

/**
 * Columns: each stage laid out by ELK as a graph of its own (ELK places its steps and routes the
 * arrows between them), then the stages framed as columns in the map's order (`frameColumns`).
 */
async function layoutColumns(engine: LayoutEngine, graph: ElkNode, minimum: Map<string, { width: number; height: number }>): Promise<ElkNode> {
	const top = graph.children ?? [];
	const stages = await Promise.all(top.map((node) => (node.children?.length ? layoutOnce(engine, node) : undefined)));
	return frameColumns(
		graph,
		top.map((node, i) => stages[i] ?? node),
		minimum
	);
}

/**
 * The map's frame: the top-level states as columns left to right in the order given (the map's
 * order, final states last), their tops aligned, the stages holding steps all as tall as the
 * tallest; a state without steps sits level with the first steps. The start marker sits left of
 * the first column, its arrow straight into the journey's first state.
 */
function frameColumns(graph: ElkNode, top: ElkNode[], minimum: Map<string, { width: number; height: number }>): ElkNode {
	const compound = (node: ElkNode) => !!node.children?.length;
	const tallest = Math.max(80, ...top.filter(compound).map((node) => Math.max(node.height ?? 0, minimum.get(node.id)?.height ?? 0)));
	const hasStart = top.some((node) => node.id === START_ID);
	let x = MARGIN + (hasStart ? START_SIZE + START_GAP : 0);
	let bottom = MARGIN;
	const children: ElkNode[] = [];
	for (const node of top) {
		if (node.id === START_ID) continue;
		const least = minimum.get(node.id) ?? { width: 0, height: 0 };
		const placed: ElkNode = compound(node)
			? { ...node, x, y: MARGIN, width: Math.max(node.width ?? 0, least.width), height: tallest }
			: { ...node, x, y: MARGIN + STAGE_HEADER };
		children.push(placed);
		x += (placed.width ?? 0) + COLUMN_GAP;
		bottom = Math.max(bottom, (placed.y ?? 0) + (placed.height ?? 0));
	}
	const edges: ElkExtendedEdge[] = [];
	const first = (graph.edges ?? []).find((e) => e.id === START_ID)?.targets[0];
	const target = children.find((c) => c.id === first);
	if (hasStart && target) {
		const y = compound(target) ? (target.y ?? 0) + STAGE_HEADER / 2 : (target.y ?? 0) + (target.height ?? 0) / 2;
		children.unshift({ id: START_ID, x: MARGIN, y: y - START_SIZE / 2, width: START_SIZE, height: START_SIZE });
		edges.push({ id: START_ID, sources: [START_ID], targets: [target.id], sections: [{ id: START_ID, startPoint: { x: MARGIN + START_SIZE, y }, endPoint: { x: target.x ?? 0, y } }] });
	}
	return { id: graph.id, x: 0, y: 0, width: Math.max(x - COLUMN_GAP + MARGIN, 2 * MARGIN), height: bottom + MARGIN, children, edges };
}

/** Lays out a journey; every state gets a node, every transition whose target exists an edge. */
export async function layoutJourney(machine: JourneyMachineConfig, options: LayoutOptions = {}): Promise<JourneyLayout> {
	const engine = options.engine ?? elkInThread;
	const prepared = prepare(machine, options);
	const { graph, minimum } = prepared;
	if (!prepared.columns) return compose(prepared, await layoutOnce(engine, graph));
	return withEmotion(compose(prepared, await layoutColumns(engine, graph, minimum)));
}

/**
 * A quick drawing of a journey, at once and without ELK, to show while ELK lays it out (a large
 * journey opened for the first time): stages left to right, each stage's steps top to bottom in
 * the order they are written, arrows as curves. Same nodes, sizes and arrows as `layoutJourney`.
 */
export function sketchJourney(machine: JourneyMachineConfig, options: LayoutOptions = {}): JourneyLayout {
	const prepared = prepare(machine, { ...options, arrangement: 'columns' });
	return withEmotion(compose(prepared, sketch(prepared.graph, prepared.minimum)));
}

/** What ELK is given, and what the layout is made of once ELK has placed it. */
interface Prepared {
	graph: ElkNode;
	built: Map<string, Built>;
	/** The least size of each compound state: its title's width. */
	minimum: Map<string, { width: number; height: number }>;
	planned: Planned[];
	columns: boolean;
}

interface Planned {
	id: string;
	transition: ReturnType<typeof transitionsOf>[number];
	lines: string[];
	/** ELK routes it (else it is drawn as a curve). */
	routed: boolean;
}

function prepare(machine: JourneyMachineConfig, options: LayoutOptions): Prepared {
	const locale = options.locale ?? 'fr';
	const built = new Map<string, Built>();
	/** The least size of each compound state: its title's width. */
	const minimum = new Map<string, { width: number; height: number }>();

	const visit = (states: [string, JourneyStateNode][], parent: string | undefined, depth: number, initial: string | undefined): ElkNode[] =>
		states.map(([key, state]) => {
			const id = parent ? `${parent}.${key}` : key;
			const compound = !!state.states && Object.keys(state.states).length > 0;
			const lines = wrap(pick(state.meta?.label, locale) || key, compound ? 40 : NODE_CHARS, compound ? 1 : 3);
			const node: LayoutNode = {
				id,
				x: 0,
				y: 0,
				width: 0,
				height: 0,
				kind: state.meta?.kind ?? (depth === 0 ? 'stage' : 'step'),
				depth,
				compound,
				final: state.type === 'final',
				initial: initial === key,
				label: state.meta?.label ?? { fr: key, en: key },
				lines
			};
			if (parent) node.parent = parent;
			if (state.meta?.channel) node.channel = state.meta.channel;
			if (state.meta?.touchpoint) node.touchpoint = state.meta.touchpoint;
			if (state.meta?.emotion !== undefined) node.emotion = state.meta.emotion;
			const step = stepOf(state);
			if (step) node.step = step.kind;
			if (step?.kind === 'outcome') node.outcome = step.outcome;
			const elk: ElkNode = { id };
			if (compound) {
				elk.children = visit(Object.entries(state.states ?? {}), id, depth + 1, state.initial);
				// The stage's title sits in the top padding; a long title widens the box.
				const titleWidth = lines[0].length * 8.4 + 40;
				minimum.set(id, { width: Math.round(titleWidth), height: 80 });
				elk.layoutOptions = {
					'elk.padding': `[top=${STAGE_HEADER},left=18,bottom=18,right=18]`,
					'elk.nodeSize.constraints': 'MINIMUM_SIZE',
					'elk.nodeSize.minimum': `(${Math.round(titleWidth)}, 80)`
				};
			} else {
				elk.width = NODE_WIDTH;
				elk.height = NODE_PADDING + Math.max(2, lines.length) * NODE_LINE;
			}
			built.set(id, { node, elk });
			return elk;
		});

	const columns = (options.arrangement ?? 'columns') === 'columns';
	// The phases in the map's order, the journey's final states last (the end sits at the right).
	const order = stageKeys(machine).map((key): [string, JourneyStateNode] => [key, machine.states[key]]);
	const top = columns ? [...order.filter(([, s]) => s.type !== 'final'), ...order.filter(([, s]) => s.type === 'final')] : order;
	const children = visit(top, undefined, 0, machine.initial);
	const transitions = transitionsOf(machine);
	const seen = new Map<string, number>();
	const planned: Planned[] = [];
	/** Edges ELK routes, by the node whose `edges` list holds them ('' for the root). */
	const declared = new Map<string, ElkExtendedEdge[]>();
	const declare = (container: string, edge: ElkExtendedEdge) => {
		const list = declared.get(container) ?? [];
		list.push(edge);
		declared.set(container, list);
	};
	for (const transition of transitions) {
		const base = `${transition.source}:${transition.event}`;
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		const id = count === 0 ? base : `${base}:${count}`;
		const lines = wrap(pick(transition.meta?.label, locale), EDGE_CHARS, 2);
		const width = Math.max(0, ...lines.map((l) => l.length)) * EDGE_CHAR_WIDTH + 8;
		const labels = lines.length ? [{ text: lines.join('\n'), width, height: lines.length * EDGE_LINE + 2 }] : [];
		const sourceParent = parentOf(transition.source);
		// In columns, ELK routes an edge between steps of one stage; the others (between columns)
		// are drawn as curves.
		const routed = !columns || (sourceParent !== '' && sourceParent === parentOf(transition.target));
		planned.push({ id, transition, lines, routed });
		if (routed) declare(columns ? sourceParent : '', { id, sources: [transition.source], targets: [transition.target], labels });
	}
	if (machine.initial && built.has(machine.initial)) {
		children.unshift({ id: START_ID, width: START_SIZE, height: START_SIZE });
		declare('', { id: START_ID, sources: [START_ID], targets: [machine.initial] });
	}
	for (const [container, list] of declared) {
		if (container) (built.get(container) as Built).elk.edges = list;
	}
	if (columns) {
		// Steps read top to bottom inside their stage, stages left to right.
		for (const { node, elk } of built.values()) {
			if (node.compound) elk.layoutOptions = { ...elk.layoutOptions, ...COMMON, 'elk.direction': 'DOWN' };
		}
	}

	const graph: ElkNode = {
		id: '__root',
		layoutOptions: {
			...COMMON,
			'elk.direction': 'RIGHT',
			'elk.hierarchyHandling': columns ? 'SEPARATE_CHILDREN' : 'INCLUDE_CHILDREN',
			'elk.padding': `[top=${MARGIN},left=${MARGIN},bottom=${MARGIN},right=${MARGIN}]`
		},
		children,
		edges: declared.get('') ?? []
	};

	return { graph, built, minimum, planned, columns };
}

/** The layout from the graph's nodes placed (by ELK or by `sketch`): absolute positions, arrows. */
function compose({ built, planned }: Prepared, result: ElkNode): JourneyLayout {

	// ELK gives positions relative to the parent; edges relative to their container.
	const absolute = new Map<string, Point>([['__root', { x: 0, y: 0 }]]);
	const routedEdges: (ElkExtendedEdge & { container?: string })[] = [...(result.edges ?? [])];
	const place = (elkNodes: ElkNode[] | undefined, origin: Point) => {
		for (const elkNode of elkNodes ?? []) {
			const at = { x: origin.x + (elkNode.x ?? 0), y: origin.y + (elkNode.y ?? 0) };
			absolute.set(elkNode.id, at);
			const entry = built.get(elkNode.id);
			if (entry) {
				entry.node.x = at.x;
				entry.node.y = at.y;
				entry.node.width = elkNode.width ?? 0;
				entry.node.height = elkNode.height ?? 0;
			}
			for (const edge of elkNode.edges ?? []) routedEdges.push({ container: elkNode.id, ...edge });
			place(elkNode.children, at);
		}
	};
	place(result.children, { x: 0, y: 0 });

	const layoutEdges: LayoutEdge[] = [];
	let start: JourneyLayout['start'];
	const elkById = new Map(routedEdges.map((e) => [e.id, e]));
	const startEdge = elkById.get(START_ID);
	if (startEdge) {
		const points = edgePoints(startEdge, absolute);
		const marker = absolute.get(START_ID) ?? { x: 0, y: 0 };
		start = { x: marker.x + START_SIZE / 2, y: marker.y + START_SIZE / 2, points, path: roundedPath(points) };
	}
	for (const { id, transition, lines, routed } of planned) {
		let points: Point[];
		let path: string;
		let labelPos: Point;
		const elkEdge = routed ? elkById.get(id) : undefined;
		if (elkEdge) {
			points = edgePoints(elkEdge, absolute);
			path = roundedPath(points);
			const origin = absolute.get(elkEdge.container ?? '__root') ?? { x: 0, y: 0 };
			const label = elkEdge.labels?.[0];
			labelPos =
				label && label.x !== undefined
					? { x: origin.x + label.x + (label.width ?? 0) / 2, y: origin.y + (label.y ?? 0) + (label.height ?? 0) / 2 }
					: midpoint(points);
		} else {
			({ points, path, labelPos } = connect((built.get(transition.source) as Built).node, (built.get(transition.target) as Built).node));
		}
		const edge: LayoutEdge = {
			id,
			source: transition.source,
			target: transition.target,
			event: transition.event,
			lines,
			points,
			path,
			labelPos
		};
		if (transition.meta?.label) edge.label = transition.meta.label;
		if (transition.meta?.share !== undefined) edge.share = transition.meta.share;
		layoutEdges.push(edge);
	}

	const curved = new Set(planned.filter((p) => !p.routed || !elkById.has(p.id)).map((p) => p.id));
	return {
		width: Math.ceil(result.width ?? 0),
		height: Math.ceil(result.height ?? 0),
		nodes: [...built.values()].map((b) => b.node),
		edges: nudgeLabels(layoutEdges, (e) => curved.has(e.id)),
		...(start ? { start } : {})
	};
}

const COMMON: Record<string, string> = {
	'elk.algorithm': 'layered',
	'elk.edgeRouting': 'ORTHOGONAL',
	'elk.edgeLabels.placement': 'CENTER',
	'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
	// Steps read in the order written: an arrow back to an earlier step goes up.
	'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
	'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
	'elk.spacing.nodeNode': '28',
	'elk.layered.spacing.nodeNodeBetweenLayers': '56',
	'elk.spacing.edgeNode': '16',
	'elk.spacing.edgeEdge': '10',
	'elk.spacing.edgeLabel': '4',
	'elk.layered.spacing.edgeNodeBetweenLayers': '16'
};

function parentOf(path: string): string {
	const keys = splitPath(path);
	return keys.slice(0, -1).join('.');
}

function edgePoints(edge: ElkExtendedEdge & { container?: string }, absolute: Map<string, Point>): Point[] {
	const origin = absolute.get(edge.container ?? '__root') ?? { x: 0, y: 0 };
	const points: Point[] = [];
	for (const section of edge.sections ?? []) {
		const shift = (p: ElkPoint): Point => ({ x: p.x + origin.x, y: p.y + origin.y });
		points.push(shift(section.startPoint), ...(section.bendPoints ?? []).map(shift), shift(section.endPoint));
	}
	return points;
}

const SKETCH_GAP = 56;
const STAGE_SIDE = 18;

/**
 * The graph placed without ELK, as ELK would give it: a compound node's children top to bottom
 * in their order, the top level left to right; the arrow from the start marker drawn straight.
 */
function sketch(graph: ElkNode, minimum: Map<string, { width: number; height: number }>): ElkNode {
	const box = (node: ElkNode): ElkNode => {
		if (!node.children?.length) return { id: node.id, width: node.width, height: node.height };
		let y = STAGE_HEADER;
		let width = 0;
		const children = node.children.map((child) => {
			const placed = { ...box(child), x: STAGE_SIDE, y };
			y += (placed.height ?? 0) + SKETCH_GAP;
			width = Math.max(width, placed.width ?? 0);
			return placed;
		});
		const least = minimum.get(node.id) ?? { width: 0, height: 0 };
		return {
			id: node.id,
			width: Math.max(width + 2 * STAGE_SIDE, least.width),
			height: Math.max(y - SKETCH_GAP + STAGE_SIDE, least.height),
			children
		};
	};
	return frameColumns(graph, (graph.children ?? []).map((node) => (node.id === START_ID ? node : box(node))), minimum);
}

/**
 * The map with its emotion band: under the columns, each step's emotion (−2 to +2) in the map's
 * order — phase by phase, a phase's steps top to bottom spread across its column.
 */
function withEmotion(layout: JourneyLayout): JourneyLayout {
	const felt = layout.nodes.filter((n) => !n.compound && n.emotion !== undefined);
	if (!felt.length) return layout;
	// Under the columns and under the arrows that loop below them (back to an earlier phase).
	const lowest = Math.max(layout.height - MARGIN, ...layout.edges.flatMap((e) => e.points.map((p) => p.y + 12)));
	const y = Math.ceil(lowest) + EMOTION_GAP;
	const best = y + EMOTION_PAD;
	const worst = y + EMOTION_HEIGHT - EMOTION_PAD;
	const neutral = (best + worst) / 2;
	const columnOf = (node: LayoutNode): string => splitPath(node.id)[0];
	const columns = new Map<string, LayoutNode>(layout.nodes.filter((n) => n.depth === 0).map((n) => [n.id, n]));
	const byColumn = new Map<string, LayoutNode[]>();
	for (const node of felt) byColumn.set(columnOf(node), [...(byColumn.get(columnOf(node)) ?? []), node]);
	const points: EmotionPoint[] = [];
	for (const [id, nodes] of [...byColumn].sort(([a], [b]) => (columns.get(a)?.x ?? 0) - (columns.get(b)?.x ?? 0))) {
		const column = columns.get(id) as LayoutNode;
		nodes.sort((a, b) => a.y - b.y || a.x - b.x);
		nodes.forEach((node, i) => {
			const x = node.depth === 0 ? node.x + node.width / 2 : column.x + ((i + 1) / (nodes.length + 1)) * column.width;
			const emotion = node.emotion as Emotion;
			points.push({ id: node.id, x: tenth(x), y: tenth(neutral - (emotion / 2) * (neutral - best)), emotion });
		});
	}
	return {
		...layout,
		height: Math.ceil(y + EMOTION_HEIGHT + MARGIN),
		emotion: { y, height: EMOTION_HEIGHT, scale: { best, neutral, worst }, points }
	};
}

/**
 * An arrow ELK did not route: straight down to a state just below, a loop on the right side to
 * another state of the same column, else a curve (`curveBetween`).
 */
function connect(source: LayoutNode, target: LayoutNode): { points: Point[]; path: string; labelPos: Point } {
	const column = source.x < target.x + target.width && target.x < source.x + source.width;
	if (!column) return curveBetween(source, target);
	const gap = target.y - (source.y + source.height);
	if (gap >= 0 && gap <= SKETCH_GAP + 1) {
		const x = (Math.max(source.x, target.x) + Math.min(source.x + source.width, target.x + target.width)) / 2;
		const points = [
			{ x, y: source.y + source.height },
			{ x, y: target.y }
		];
		return { points, path: roundedPath(points), labelPos: midpoint(points) };
	}
	const p0 = { x: source.x + source.width, y: source.y + source.height / 2 };
	const p3 = { x: target.x + target.width, y: target.y + target.height / 2 };
	const dx = 40 + Math.abs(p3.y - p0.y) / 8;
	const mid = { x: Math.max(p0.x, p3.x) + dx * 0.75, y: (p0.y + p3.y) / 2 };
	return {
		points: [p0, mid, p3],
		path: `M${tenth(p0.x)},${tenth(p0.y)}C${tenth(p0.x + dx)},${tenth(p0.y)} ${tenth(p3.x + dx)},${tenth(p3.y)} ${tenth(p3.x)},${tenth(p3.y)}`,
		labelPos: mid
	};
}

/**
 * A curve from one state to another that ELK did not route (they sit in different stages):
 * out of the source's right side into the target's left side when the target lies to the right,
 * else out of the bottom, looping under, into the target's bottom.
 */
function curveBetween(source: LayoutNode, target: LayoutNode): { points: Point[]; path: string; labelPos: Point } {
	let p0: Point, c1: Point, c2: Point, p3: Point;
	if (target.x >= source.x + source.width) {
		p0 = { x: source.x + source.width, y: source.y + source.height / 2 };
		p3 = { x: target.x, y: target.y + target.height / 2 };
		const dx = Math.max(40, (p3.x - p0.x) / 2);
		c1 = { x: p0.x + dx, y: p0.y };
		c2 = { x: p3.x - dx, y: p3.y };
	} else {
		p0 = { x: source.x + source.width / 2, y: source.y + source.height };
		p3 = { x: target.x + target.width / 2, y: target.y + target.height };
		const dy = 50 + Math.abs(p3.x - p0.x) / 6;
		const low = Math.max(p0.y, p3.y) + dy;
		c1 = { x: p0.x, y: low };
		c2 = { x: p3.x, y: low };
	}
	const at = (t: number): Point => {
		const u = 1 - t;
		return {
			x: u * u * u * p0.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * p3.x,
			y: u * u * u * p0.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * p3.y
		};
	};
	return {
		points: [p0, at(0.25), at(0.5), at(0.75), p3],
		path: `M${tenth(p0.x)},${tenth(p0.y)}C${tenth(c1.x)},${tenth(c1.y)} ${tenth(c2.x)},${tenth(c2.y)} ${tenth(p3.x)},${tenth(p3.y)}`,
		labelPos: at(0.5)
	};
}

function midpoint(points: readonly Point[]): Point {
	if (points.length === 0) return { x: 0, y: 0 };
	const a = points[Math.floor((points.length - 1) / 2)];
	const b = points[Math.ceil((points.length - 1) / 2)];
	return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

/** The depth of a dotted path: 0 for a stage. */
export function depthOf(path: string): number {
	return splitPath(path).length - 1;
}

/** Room at the left of a map in lanes for the lanes' labels. */
const LANE_LABEL = 150;
/** Room above and below the states in a lane's cell, and between two states of one cell. */
const LANE_PAD = 22;
const CELL_GAP = 48;

/** The lane a state sits in: its channel or touchpoint type, `none` when it has none. */
export function laneOf(node: Pick<LayoutNode, 'channel' | 'touchpoint'>, by: Exclude<LaneMode, 'none'>): LayoutLane['key'] {
	return (by === 'channel' ? node.channel : node.touchpoint) ?? 'none';
}

/**
 * A journey map in swimlanes, without ELK (a state's cell is fixed): the phases as columns in
 * the map's order, the final states last; one lane (row) per channel or touchpoint type present,
 * in the order of `CHANNELS` or `TOUCHPOINT_TYPES`, then the lane of states without one. Each
 * state sits in the cell of its phase × lane, the states of one cell top to bottom in the order
 * written. Arrows are drawn as curves (`connect`). Synchronous: switching lanes is immediate.
 */
export function layoutLanes(machine: JourneyMachineConfig, by: Exclude<LaneMode, 'none'>, options: Pick<LayoutOptions, 'locale'> = {}): JourneyLayout {
	const prepared = prepare(machine, { ...options, arrangement: 'columns' });
	const { graph, built, minimum } = prepared;
	const top = (graph.children ?? []).filter((n) => n.id !== START_ID);
	const leavesOf = (elk: ElkNode): ElkNode[] => (elk.children?.length ? elk.children.flatMap(leavesOf) : [elk]);
	const nodeOf = (id: string) => (built.get(id) as Built).node;
	const order: readonly string[] = by === 'channel' ? CHANNELS : TOUCHPOINT_TYPES;
	const rank = (key: string) => (key === 'none' ? order.length : order.indexOf(key));
	const columns = top.map((elk) => {
		const cells = new Map<string, ElkNode[]>();
		for (const leaf of leavesOf(elk)) {
			const key = laneOf(nodeOf(leaf.id), by);
			cells.set(key, [...(cells.get(key) ?? []), leaf]);
		}
		return { elk, cells, compound: !!elk.children?.length };
	});
	const keys = [...new Set(columns.flatMap((c) => [...c.cells.keys()]))].sort((a, b) => rank(a) - rank(b));
	const cellHeight = (cell: ElkNode[] | undefined) => (cell ?? []).reduce((h, n, i) => h + (n.height ?? 0) + (i ? CELL_GAP : 0), 0);
	let y = MARGIN + STAGE_HEADER;
	const lanes: LayoutLane[] = keys.map((key) => {
		const height = Math.max(...columns.map((c) => cellHeight(c.cells.get(key)))) + 2 * LANE_PAD;
		const lane = { key: key as LayoutLane['key'], y, height };
		y += height;
		return lane;
	});
	const bottom = y + STAGE_SIDE;
	const hasStart = machine.initial !== undefined && built.has(machine.initial);
	let x = MARGIN + LANE_LABEL + (hasStart ? START_SIZE + START_GAP : 0);
	const columnX = new Map<string, { x: number; width: number }>();
	for (const { elk, cells, compound } of columns) {
		const widest = Math.max(...[...cells.values()].flat().map((n) => n.width ?? 0));
		const width = compound ? Math.max(widest + 2 * STAGE_SIDE, minimum.get(elk.id)?.width ?? 0) : widest;
		columnX.set(elk.id, { x, width });
		if (compound) Object.assign(nodeOf(elk.id), { x, y: MARGIN, width, height: bottom - MARGIN });
		for (const lane of lanes) {
			let top = lane.y + LANE_PAD;
			for (const leaf of cells.get(lane.key) ?? []) {
				const w = leaf.width ?? 0;
				Object.assign(nodeOf(leaf.id), { x: x + (width - w) / 2, y: top, width: w, height: leaf.height ?? 0 });
				top += (leaf.height ?? 0) + CELL_GAP;
			}
		}
		x += width + COLUMN_GAP;
	}
	// A state holding steps below a phase (rare): the box around its steps.
	for (const { node } of [...built.values()].reverse()) {
		if (!node.compound || node.depth === 0) continue;
		const inner = [...built.values()].map((b) => b.node).filter((n) => n.parent === node.id);
		const left = Math.min(...inner.map((n) => n.x)) - 8;
		const up = Math.min(...inner.map((n) => n.y)) - 8;
		Object.assign(node, { x: left, y: up, width: Math.max(...inner.map((n) => n.x + n.width)) + 8 - left, height: Math.max(...inner.map((n) => n.y + n.height)) + 8 - up });
	}
	const edges: LayoutEdge[] = prepared.planned.map(({ id, transition, lines }) => {
		const { points, path, labelPos } = connect(nodeOf(transition.source), nodeOf(transition.target));
		const edge: LayoutEdge = { id, source: transition.source, target: transition.target, event: transition.event, lines, points, path, labelPos };
		if (transition.meta?.label) edge.label = transition.meta.label;
		if (transition.meta?.share !== undefined) edge.share = transition.meta.share;
		return edge;
	});
	let start: JourneyLayout['start'];
	if (hasStart) {
		// Into the state the journey starts at, down its chain of initial states.
		let target = nodeOf(machine.initial as string);
		while (target.compound) {
			const inner = [...built.values()].map((b) => b.node).find((n) => n.parent === target.id && n.initial);
			if (!inner) break;
			target = inner;
		}
		const sy = target.compound ? target.y + STAGE_HEADER / 2 : target.y + target.height / 2;
		const sx = MARGIN + LANE_LABEL;
		const column = columnX.get(splitPath(target.id)[0]);
		const points = [
			{ x: sx + START_SIZE, y: sy },
			{ x: target.compound ? target.x : (column?.x ?? target.x), y: sy }
		];
		if (!target.compound && column && column.x < target.x) points.push({ x: target.x, y: sy });
		start = { x: sx + START_SIZE / 2, y: sy, points, path: roundedPath(points) };
	}
	const width = Math.max(x - COLUMN_GAP + MARGIN, 2 * MARGIN + LANE_LABEL);
	return withEmotion({
		width: Math.ceil(width),
		height: Math.ceil(bottom + MARGIN),
		nodes: [...built.values()].map((b) => b.node),
		edges: nudgeLabels(edges, () => true),
		...(start ? { start } : {}),
		lanes,
		lanesBy: by
	});
}

/** An arrow's label box, by its centre; a fixed one (placed by ELK) does not move. */
export interface LabelBox {
	x: number;
	y: number;
	width: number;
	height: number;
	fixed?: boolean;
}

/**
 * Label centres moved up or down, as little as it takes, so that no two label boxes overlap
 * (within `rounds` passes; a fixed box stays and the other moves the whole way).
 */
export function separateLabels(boxes: readonly LabelBox[], gap = 2, rounds = 40): Point[] {
	const at = boxes.map((b) => ({ x: b.x, y: b.y }));
	for (let round = 0; round < rounds; round++) {
		let moved = false;
		for (let i = 0; i < boxes.length; i++) {
			for (let j = i + 1; j < boxes.length; j++) {
				const [a, b] = [boxes[i], boxes[j]];
				if (!a.width || !b.width || (a.fixed && b.fixed)) continue;
				if (Math.abs(at[i].x - at[j].x) >= (a.width + b.width) / 2) continue;
				const need = (a.height + b.height) / 2 + gap - Math.abs(at[i].y - at[j].y);
				if (need <= 0.01) continue;
				// The lower one goes down, the upper one up (by order when level).
				const down = at[j].y >= at[i].y ? j : i;
				const up = down === j ? i : j;
				const share = boxes[up].fixed ? 0 : boxes[down].fixed ? 1 : 0.5;
				at[up].y -= need * share;
				at[down].y += need * (1 - share);
				moved = true;
			}
		}
		if (!moved) break;
	}
	return at;
}

/** The arrows' labels drawn as curves moved apart (`separateLabels`); ELK's labels stay. */
function nudgeLabels(edges: LayoutEdge[], curved: (edge: LayoutEdge) => boolean): LayoutEdge[] {
	const boxes = edges.map((e) => ({
		x: e.labelPos.x,
		y: e.labelPos.y,
		width: e.lines.length ? Math.max(...e.lines.map((l) => l.length)) * EDGE_CHAR_WIDTH + 8 : 0,
		height: e.lines.length * EDGE_LINE + 2,
		fixed: !curved(e)
	}));
	const at = separateLabels(boxes);
	return edges.map((e, i) => (at[i].y === e.labelPos.y ? e : { ...e, labelPos: { x: e.labelPos.x, y: tenth(at[i].y) } }));
}
