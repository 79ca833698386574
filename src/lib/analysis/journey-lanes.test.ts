import { describe, expect, it } from 'vitest';
import { laneOf, layoutLanes, separateLabels, type JourneyLayout, type LabelBox, type LayoutNode } from './journey-layout';
import { splitPath, stateIds, transitionsOf } from '../domain/journey';
import { createDemoWorkspace } from '../domain/demo';
import { CHANNELS, TOUCHPOINT_TYPES, type JourneyMachineConfig } from '../domain/types';

const demo = createDemoWorkspace(new Date('2026-03-01T00:00:00Z')).journeys;
const overlap = (a: LayoutNode, b: LayoutNode) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function checkLanes(machine: JourneyMachineConfig, layout: JourneyLayout, by: 'channel' | 'touchpoint') {
	const lanes = layout.lanes ?? [];
	const leaves = layout.nodes.filter((n) => !n.compound);
	// One lane per key present, in the stable order, « none » last.
	const order: readonly string[] = by === 'channel' ? CHANNELS : TOUCHPOINT_TYPES;
	const present = new Set<string>(leaves.map((n) => laneOf(n, by)));
	expect(lanes.map((l) => l.key)).toEqual([...order.filter((k) => present.has(k)), ...(present.has('none') ? ['none'] : [])]);
	// Lanes stacked top to bottom without overlapping.
	for (let i = 1; i < lanes.length; i++) expect(lanes[i].y).toBeGreaterThanOrEqual(lanes[i - 1].y + lanes[i - 1].height);
	const phases = layout.nodes.filter((n) => n.depth === 0).sort((a, b) => a.x - b.x);
	for (const leaf of leaves) {
		// In its lane's band…
		const lane = lanes.find((l) => l.key === laneOf(leaf, by));
		expect(lane, leaf.id).toBeDefined();
		expect(leaf.y).toBeGreaterThanOrEqual(lane!.y);
		expect(leaf.y + leaf.height).toBeLessThanOrEqual(lane!.y + lane!.height);
		// …and in its phase's column, which no other phase's column meets.
		const phase = phases.find((p) => p.id === splitPath(leaf.id)[0])!;
		expect(leaf.x).toBeGreaterThanOrEqual(phase.x);
		expect(leaf.x + leaf.width).toBeLessThanOrEqual(phase.x + phase.width);
		// Right of the lanes' labels.
		expect(leaf.x).toBeGreaterThan(150);
	}
	for (let i = 1; i < phases.length; i++) expect(phases[i].x).toBeGreaterThan(phases[i - 1].x + phases[i - 1].width);
	for (let i = 0; i < leaves.length; i++) for (let j = i + 1; j < leaves.length; j++) expect(overlap(leaves[i], leaves[j]), `${leaves[i].id} / ${leaves[j].id}`).toBe(false);
	// The end at the right: final states in the last columns.
	const finals = phases.filter((p) => p.final);
	const others = phases.filter((p) => !p.final);
	if (finals.length && others.length) expect(Math.min(...finals.map((f) => f.x))).toBeGreaterThan(Math.max(...others.map((o) => o.x)));
	// Every state and transition drawn, inside the drawing.
	expect(layout.nodes.map((n) => n.id).sort()).toEqual(stateIds(machine).sort());
	expect(layout.edges).toHaveLength(transitionsOf(machine).length);
	for (const n of layout.nodes) {
		expect(n.x + n.width).toBeLessThanOrEqual(layout.width);
		expect(n.y + n.height).toBeLessThanOrEqual(layout.height);
	}
}

describe('layoutLanes', () => {
	for (const journey of demo) {
		for (const by of ['channel', 'touchpoint'] as const) {
			it(`puts each state of « ${journey.name.fr} » in its phase × ${by} cell`, () => {
				const layout = layoutLanes(journey.machine, by, { locale: 'fr' });
				checkLanes(journey.machine, layout, by);
			});
		}
	}

	it('makes a lane of the states without a channel, last, and starts at the first step', () => {
		const machine: JourneyMachineConfig = {
			id: 'm',
			initial: 'a',
			states: {
				a: {
					initial: 'x',
					meta: { kind: 'stage', label: { fr: 'A', en: 'A' } },
					states: {
						x: { meta: { kind: 'step', label: { fr: 'X', en: 'X' }, channel: 'phone' }, on: { 'go.y': { target: 'y' } } },
						y: { meta: { kind: 'step', label: { fr: 'Y', en: 'Y' }, channel: 'web' }, on: { 'go.z': { target: 'z' } } },
						z: { meta: { kind: 'step', label: { fr: 'Z', en: 'Z' } }, on: { 'go.end': { target: '#m.end' } } }
					}
				},
				end: { type: 'final', meta: { kind: 'stage', label: { fr: 'Fin', en: 'End' } } }
			}
		};
		const layout = layoutLanes(machine, 'channel');
		expect(layout.lanes?.map((l) => l.key)).toEqual(['web', 'phone', 'none']);
		checkLanes(machine, layout, 'channel');
		const x = layout.nodes.find((n) => n.id === 'a.x')!;
		expect(layout.start?.y).toBeCloseTo(x.y + x.height / 2);
		const end = layout.nodes.find((n) => n.id === 'end')!;
		const none = layout.lanes!.at(-1)!;
		expect(end.y).toBeGreaterThanOrEqual(none.y);
	});
});

describe('separateLabels', () => {
	const overlaps = (a: LabelBox, b: LabelBox) => Math.abs(a.x - b.x) < (a.width + b.width) / 2 && Math.abs(a.y - b.y) < (a.height + b.height) / 2;

	it('moves overlapping labels apart, up and down, and leaves the others', () => {
		const boxes: LabelBox[] = [
			{ x: 100, y: 100, width: 90, height: 17 },
			{ x: 110, y: 105, width: 90, height: 17 },
			{ x: 400, y: 100, width: 90, height: 17 }
		];
		const at = separateLabels(boxes);
		const moved = boxes.map((b, i) => ({ ...b, ...at[i] }));
		expect(overlaps(moved[0], moved[1])).toBe(false);
		expect(at[0].y).toBeLessThan(100);
		expect(at[1].y).toBeGreaterThan(105);
		expect(at[2]).toEqual({ x: 400, y: 100 });
		expect(at.map((p) => p.x)).toEqual([100, 110, 400]);
	});

	it('keeps a fixed label in place and separates a pile of labels', () => {
		const pile: LabelBox[] = [{ x: 0, y: 0, width: 100, height: 32, fixed: true }, ...Array.from({ length: 6 }, (_, i) => ({ x: i * 5, y: i, width: 100, height: 17 }))];
		const at = separateLabels(pile);
		expect(at[0]).toEqual({ x: 0, y: 0 });
		const moved = pile.map((b, i) => ({ ...b, ...at[i] }));
		for (let i = 0; i < moved.length; i++) for (let j = i + 1; j < moved.length; j++) expect(overlaps(moved[i], moved[j]), `${i} / ${j}`).toBe(false);
	});

	it('leaves no two arrow labels of the demo journeys in lanes on top of one another', () => {
		for (const journey of demo) {
			const layout = layoutLanes(journey.machine, 'channel', { locale: 'fr' });
			const boxes = layout.edges
				.filter((e) => e.lines.length)
				.map((e) => ({ x: e.labelPos.x, y: e.labelPos.y, width: Math.max(...e.lines.map((l) => l.length)) * 6.6 + 8, height: e.lines.length * 15 + 2 }));
			for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i], boxes[j]), `${journey.name.fr}: ${layout.edges[i].id}`).toBe(false);
		}
	});
});
