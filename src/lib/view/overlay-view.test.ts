import { describe, expect, it } from 'vitest';
import type { JourneyLayout, LayoutNode } from '$lib/analysis/journey-layout';
import { contrast, metricScale, NO_VALUE_FILL, observedEdges, textOn } from './overlay-view';

const node = (id: string, x: number, y: number): LayoutNode =>
	({ id, x, y, width: 200, height: 60, kind: 'step', depth: 1, compound: false, final: false, initial: false, label: { fr: id, en: id }, lines: [id] }) as LayoutNode;

describe('the overlay colour scale', () => {
	it('is darker where it is worse: high repeat rates, low FCR', () => {
		const repeat = metricScale('repeatRate', [0.05, 0.32, null]);
		expect(repeat.domain).toEqual([0, 0.4]);
		expect(contrast(repeat.fill(0.35), '#fff')).toBeGreaterThan(contrast(repeat.fill(0.05), '#fff'));
		expect(repeat.fill(null)).toBe(NO_VALUE_FILL);
		const fcr = metricScale('fcr', [0.55, 0.9]);
		expect(fcr.domain).toEqual([0.5, 1]);
		expect(contrast(fcr.fill(0.55), '#fff')).toBeGreaterThan(contrast(fcr.fill(0.9), '#fff'));
		expect(fcr.ticks[0]).toBeGreaterThanOrEqual(0.5);
	});

	it('keeps text readable over every fill', () => {
		const scale = metricScale('repeatRate', [0, 1]);
		for (let v = 0; v <= 1; v += 0.05) {
			const fill = scale.fill(v);
			expect(contrast(fill, textOn(fill)), fill).toBeGreaterThanOrEqual(4.5);
		}
	});
});

describe('observed edges', () => {
	const layout: JourneyLayout = {
		width: 800,
		height: 400,
		nodes: [node('a', 0, 0), node('b', 400, 0), node('c', 0, 300)],
		edges: [{ id: 'a:go', source: 'a', target: 'b', event: 'go', lines: [], points: [], path: 'M200,30L400,30', labelPos: { x: 300, y: 30 } }]
	};

	it('follow the model arrow when there is one, curve otherwise, loop on a repeat', () => {
		const edges = observedEdges(layout, [
			{ from: 'a', to: 'b', count: 100, customers: 90, deviation: false },
			{ from: 'b', to: 'c', count: 10, customers: 10, deviation: true },
			{ from: 'c', to: 'c', count: 4, customers: 3, deviation: false },
			{ from: 'x', to: 'c', count: 4, customers: 3, deviation: true }
		]);
		expect(edges.map((e) => [e.key, e.onModelArrow])).toEqual([
			['a→b', true],
			['b→c', false],
			['c→c', false]
		]);
		expect(edges[0].path).toBe('M200,30L400,30');
		expect(edges[0].width).toBeGreaterThan(edges[1].width);
		expect(edges[1].path).toMatch(/^M[\d.-]+,[\d.-]+ Q/);
	});
});
