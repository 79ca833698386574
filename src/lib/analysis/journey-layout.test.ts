import { describe, expect, it } from 'vitest';
import { layoutJourney, roundedPath, sketchJourney, wrap, type JourneyLayout, type LayoutNode } from './journey-layout';
import { stateIds, transitionsOf } from '../domain/journey';
import { createDemoWorkspace } from '../domain/demo';
import type { JourneyMachineConfig, JourneyStateNode } from '../domain/types';

const demo = createDemoWorkspace(new Date('2026-03-01T00:00:00Z')).journeys;

function inside(child: LayoutNode, parent: LayoutNode): boolean {
	return (
		child.x >= parent.x &&
		child.y >= parent.y &&
		child.x + child.width <= parent.x + parent.width + 0.01 &&
		child.y + child.height <= parent.y + parent.height + 0.01
	);
}

function overlap(a: LayoutNode, b: LayoutNode): boolean {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function near(p: { x: number; y: number }, n: LayoutNode, tolerance = 1): boolean {
	return (
		p.x >= n.x - tolerance &&
		p.x <= n.x + n.width + tolerance &&
		p.y >= n.y - tolerance &&
		p.y <= n.y + n.height + tolerance
	);
}

/** `stages` stages of `steps` steps, each step going to the next one and, sometimes, back. */
function big(stages: number, steps: number): JourneyMachineConfig {
	const states: Record<string, JourneyStateNode> = {};
	for (let s = 0; s < stages; s++) {
		const children: Record<string, JourneyStateNode> = {};
		for (let k = 0; k < steps; k++) {
			const last = k === steps - 1;
			const target = last ? (s === stages - 1 ? '#big.end' : `#big.s${s + 1}.k0`) : `k${k + 1}`;
			const on: JourneyStateNode['on'] = {
				'step.next': { target, meta: { label: { fr: `Suivant ${s}.${k}`, en: `Next ${s}.${k}` }, share: 0.8 } }
			};
			if (k > 0) on['step.back'] = { target: `k${k - 1}`, meta: { label: { fr: 'Retour', en: 'Back' }, share: 0.2 } };
			children[`k${k}`] = { meta: { kind: 'step', label: { fr: `Étape ${s}.${k}`, en: `Step ${s}.${k}` }, channel: 'web' }, on };
		}
		states[`s${s}`] = { initial: 'k0', meta: { kind: 'stage', label: { fr: `Phase ${s}`, en: `Stage ${s}` } }, states: children };
	}
	states.end = { type: 'final', meta: { kind: 'stage', label: { fr: 'Fin', en: 'End' } } };
	return { id: 'big', initial: 's0', states };
}

describe.each(['columns', 'flow', 'sketch'] as const)('layoutJourney on the demo journeys (%s)', (arrangement) => {
	const layouts = new Map<string, JourneyLayout>();
	const lay = async (machine: JourneyMachineConfig, locale: 'fr' | 'en') =>
		arrangement === 'sketch' ? sketchJourney(machine, { locale }) : layoutJourney(machine, { locale, arrangement });
	const get = async (i: number) => {
		const journey = demo[i];
		if (!layouts.has(journey.id)) layouts.set(journey.id, await lay(journey.machine, 'fr'));
		return { journey, layout: layouts.get(journey.id) as JourneyLayout };
	};

	it.each([0, 1])('gives every state a node and every transition an edge (journey %i)', async (i) => {
		const { journey, layout } = await get(i);
		expect(layout.nodes.map((n) => n.id).sort()).toEqual(stateIds(journey.machine).sort());
		const transitions = transitionsOf(journey.machine);
		expect(layout.edges).toHaveLength(transitions.length);
		for (const t of transitions) {
			expect(layout.edges.some((e) => e.source === t.source && e.target === t.target && e.event === t.event)).toBe(true);
		}
		expect(new Set(layout.edges.map((e) => e.id)).size).toBe(layout.edges.length);
	});

	it.each([0, 1])('places children inside their stage, siblings apart, all inside the drawing (journey %i)', async (i) => {
		const { layout } = await get(i);
		const byId = new Map(layout.nodes.map((n) => [n.id, n]));
		for (const node of layout.nodes) {
			expect(node.width).toBeGreaterThan(0);
			expect(node.height).toBeGreaterThan(0);
			expect(node.x + node.width).toBeLessThanOrEqual(layout.width);
			expect(node.y + node.height).toBeLessThanOrEqual(layout.height);
			if (node.parent) {
				const parent = byId.get(node.parent) as LayoutNode;
				expect(inside(node, parent), `${node.id} inside ${node.parent}`).toBe(true);
				expect(node.depth).toBe(parent.depth + 1);
			}
		}
		for (const a of layout.nodes) {
			for (const b of layout.nodes) {
				if (a !== b && a.parent === b.parent) expect(overlap(a, b), `${a.id} / ${b.id}`).toBe(false);
			}
		}
	});

	it.each([0, 1])('starts and ends each edge on its states, in absolute coordinates (journey %i)', async (i) => {
		const { layout } = await get(i);
		const byId = new Map(layout.nodes.map((n) => [n.id, n]));
		for (const edge of layout.edges) {
			expect(edge.points.length).toBeGreaterThanOrEqual(2);
			expect(near(edge.points[0], byId.get(edge.source) as LayoutNode), `${edge.id} start`).toBe(true);
			expect(near(edge.points.at(-1) as { x: number; y: number }, byId.get(edge.target) as LayoutNode), `${edge.id} end`).toBe(true);
			expect(edge.path.startsWith('M')).toBe(true);
		}
	});

	it('describes the states for drawing: kind, final, start, labels in the chosen language', async () => {
		const { journey, layout } = await get(0);
		const stage = layout.nodes.find((n) => n.id === journey.machine.initial) as LayoutNode;
		expect(stage).toMatchObject({ kind: 'stage', compound: true, initial: true, depth: 0 });
		expect(layout.nodes.some((n) => n.final)).toBe(true);
		expect(layout.nodes.find((n) => n.id === 'decouverte.comparer')).toMatchObject({
			channel: 'web',
			touchpoint: 'self-care',
			lines: ['Comparer les', 'offres']
		});
		expect(layout.start).toBeDefined();
		const en = await lay(journey.machine, 'en');
		expect(en.nodes.find((n) => n.id === 'decouverte.comparer')?.lines).toEqual(['Compare plans']);
		expect(en.edges.find((e) => e.id === 'decouverte.comparer:offre.simuler')?.lines).toEqual(['Estimate the bill']);
	});
});

describe('layoutJourney on other shapes', () => {
	it('fits a journey in columns: stages side by side, steps stacked, closer to a screen’s shape than one flow', async () => {
		const machine = demo[0].machine;
		const columns = await layoutJourney(machine);
		const flow = await layoutJourney(machine, { arrangement: 'flow' });
		expect(columns.width / columns.height).toBeLessThan(flow.width / flow.height);
		expect(columns.width / columns.height).toBeLessThan(4);
		const stages = columns.nodes.filter((n) => n.depth === 0).sort((a, b) => a.x - b.x);
		expect(stages.map((n) => n.id)).toEqual(Object.keys(machine.states));
		// Inside a stage, steps are stacked: a sequence of four steps spans four rows.
		const steps = columns.nodes.filter((n) => n.parent === 'souscription');
		expect(new Set(steps.map((n) => Math.round(n.y))).size).toBeGreaterThanOrEqual(4);
	});

	it('lays out an empty journey and a journey of simple states', async () => {
		expect(await layoutJourney({ id: 'x', initial: '', states: {} })).toMatchObject({ nodes: [], edges: [] });
		const flat = await layoutJourney({
			id: 'flat',
			initial: 'a',
			states: {
				a: { meta: { kind: 'stage', label: { fr: 'A', en: 'A' } }, on: { go: { target: 'b' }, stay: { target: 'a' } } },
				b: { type: 'final', meta: { kind: 'stage', label: { fr: 'B', en: 'B' } } }
			}
		});
		expect(flat.nodes).toHaveLength(2);
		expect(flat.edges.map((e) => e.id).sort()).toEqual(['a:go', 'a:stay']);
		const [a, b] = flat.nodes;
		expect(a.x).toBeLessThan(b.x); // left to right
	});

	// Its speed is measured by bench/journey-render.ts, not here, where a busy machine could fail it.
	it('lays out a 67-state journey with a node per state and an edge per transition', async () => {
		const machine = big(6, 10);
		expect(stateIds(machine)).toHaveLength(67);
		const layout = await layoutJourney(machine);
		expect(layout.nodes).toHaveLength(67);
		expect(layout.edges).toHaveLength(transitionsOf(machine).length);
	});
});

describe('stage by stage', () => {
	it('gives the same layout when each stage’s graph was laid out before', async () => {
		const machine = big(4, 5);
		const first = await layoutJourney(machine);
		const again = await layoutJourney(structuredClone(machine));
		expect(again).toEqual(first);
	});

	it('keeps the other stages as drawn inside (same sizes, same contents) when an edit changes one', async () => {
		const machine = big(4, 5);
		const before = await layoutJourney(machine);
		const edited = structuredClone(machine);
		// A longer label on a step of the second stage: three lines instead of one.
		const step = (edited.states.s1.states as Record<string, JourneyStateNode>).k2;
		step.meta = { ...step.meta, label: { fr: 'Une étape au libellé bien plus long que les autres étapes', en: 'x' } };
		const after = await layoutJourney(edited);
		const at = (layout: JourneyLayout, id: string) => layout.nodes.find((n) => n.id === id) as LayoutNode;
		const relative = (layout: JourneyLayout, id: string) => {
			const node = at(layout, id);
			const stage = at(layout, node.parent as string);
			return { x: node.x - stage.x, y: node.y - stage.y };
		};
		expect(at(after, 's1.k2').height).toBeGreaterThan(at(before, 's1.k2').height);
		for (const id of ['s0.k1', 's2.k3', 's3.k4']) expect(relative(after, id)).toEqual(relative(before, id));
		for (const id of ['s0', 's2', 's3']) expect(at(after, id).width).toEqual(at(before, id).width);
		// The columns stay as tall as each other: the tallest stage sets them.
		expect(new Set(after.nodes.filter((n) => n.depth === 0 && n.compound).map((n) => n.height)).size).toBe(1);
	});
});

describe('the journey map’s frame', () => {
	const phases = (layout: JourneyLayout) =>
		layout.nodes.filter((n) => n.depth === 0).sort((a, b) => a.x - b.x).map((n) => n.id);

	it.each(['elk', 'sketch'] as const)('puts the phases in columns in the order the user set, the end at the right (%s)', async (how) => {
		const machine = big(4, 3);
		machine.meta = { stageOrder: ['s2', 'end', 's0', 'gone', 's0'] };
		const layout = how === 'elk' ? await layoutJourney(machine) : sketchJourney(machine);
		// s2 and s0 first as set, s1 and s3 as written, the final state last whatever its place.
		expect(phases(layout)).toEqual(['s2', 's0', 's1', 's3', 'end']);
		const tops = layout.nodes.filter((n) => n.depth === 0);
		for (const a of tops) for (const b of tops) if (a !== b) expect(overlap(a, b), `${a.id} / ${b.id}`).toBe(false);
		// Columns: no two phases share a column, and their tops are aligned.
		const sorted = [...tops].sort((a, b) => a.x - b.x);
		for (let i = 1; i < sorted.length; i++) expect(sorted[i].x).toBeGreaterThanOrEqual(sorted[i - 1].x + sorted[i - 1].width);
		expect(new Set(tops.filter((n) => n.compound).map((n) => n.y)).size).toBe(1);
	});

	it('keeps no two states on top of each other, steps inside their column, on the demo journeys', async () => {
		for (const journey of demo) {
			const layout = await layoutJourney(journey.machine);
			const leaves = layout.nodes.filter((n) => !n.compound);
			for (const a of leaves) for (const b of leaves) if (a !== b) expect(overlap(a, b), `${journey.id}: ${a.id} / ${b.id}`).toBe(false);
			const end = layout.nodes.filter((n) => n.depth === 0 && n.final);
			const rightmost = Math.max(...layout.nodes.filter((n) => n.depth === 0).map((n) => n.x));
			for (const node of end) expect(node.x, `${journey.id}: ${node.id} at the right`).toBe(rightmost);
			expect(layout.start?.points[0].x).toBeLessThan(Math.min(...layout.nodes.map((n) => n.x)));
		}
	});

	it('draws the steps’ emotions as a curve under the map, in the map’s order', async () => {
		const machine = big(3, 2);
		const emotions = [-2, 1, 0, 2, -1, -1] as const;
		let i = 0;
		for (const stage of ['s0', 's1', 's2']) {
			for (const step of Object.values(machine.states[stage].states ?? {})) step.meta = { ...step.meta, emotion: emotions[i++] };
		}
		const layout = await layoutJourney(machine);
		const band = layout.emotion;
		expect(band).toBeDefined();
		if (!band) return;
		expect(band.points.map((p) => p.id)).toEqual(['s0.k0', 's0.k1', 's1.k0', 's1.k1', 's2.k0', 's2.k1']);
		expect(band.points.map((p) => p.emotion)).toEqual([...emotions]);
		const xs = band.points.map((p) => p.x);
		expect(xs).toEqual([...xs].sort((a, b) => a - b));
		// Under every state, a better emotion higher up, inside the drawing.
		expect(band.y).toBeGreaterThanOrEqual(Math.max(...layout.nodes.map((n) => n.y + n.height)));
		// …and under the arrows that loop below the columns.
		expect(band.y).toBeGreaterThan(Math.max(...layout.edges.flatMap((e) => e.points.map((p) => p.y))));
		expect(band.points[3].y).toBe(band.scale.best);
		expect(band.points[0].y).toBe(band.scale.worst);
		expect(band.points[2].y).toBe(band.scale.neutral);
		expect(band.y + band.height).toBeLessThanOrEqual(layout.height);
		expect((await layoutJourney(big(2, 2))).emotion).toBeUndefined();
	});
});

describe('sketchJourney', () => {
	it('draws the nodes ELK draws, at the same sizes, each stage’s steps in written order top to bottom', async () => {
		const machine = big(5, 6);
		const sketch = sketchJourney(machine);
		const elk = await layoutJourney(machine);
		const size = (layout: JourneyLayout) =>
			new Map(layout.nodes.filter((n) => !n.compound).map((n) => [n.id, [n.width, n.height]]));
		expect(size(sketch)).toEqual(size(elk));
		expect(sketch.edges.map((e) => e.id).sort()).toEqual(elk.edges.map((e) => e.id).sort());
		for (let s = 0; s < 5; s++) {
			const ys = sketch.nodes.filter((n) => n.parent === `s${s}`).map((n) => n.y);
			expect(ys).toEqual([...ys].sort((a, b) => a - b));
		}
		const stages = sketch.nodes.filter((n) => n.depth === 0 && n.compound);
		expect(stages.map((n) => n.x)).toEqual(stages.map((n) => n.x).sort((a, b) => a - b));
		expect(sketch.start?.points).toHaveLength(2);
	});
});

describe('helpers', () => {
	it('wraps labels on spaces, with an ellipsis past the last line', () => {
		expect(wrap('Comparer les offres', 24, 3)).toEqual(['Comparer les offres']);
		expect(wrap('Saisir l’index (compteur communicant, mise en service à distance)', 26, 2)).toEqual([
			'Saisir l’index (compteur',
			'communicant, mise en…'
		]);
		expect(wrap('', 10, 2)).toEqual([]);
	});

	it('rounds corners of a path', () => {
		expect(roundedPath([{ x: 0, y: 0 }, { x: 10, y: 0 }])).toBe('M0,0L10,0');
		expect(roundedPath([{ x: 0, y: 0 }, { x: 20, y: 0 }, { x: 20, y: 20 }])).toBe('M0,0L12,0Q20,0 20,8L20,20');
	});
});
