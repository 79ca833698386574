import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../../tests/runes/until';
import { elkInThread, sketchJourney, type LayoutEngine } from '$lib/analysis/journey-layout';
import { LayoutCache } from '$lib/analysis/journey-layout-cache';
import { machine, stateMeta, WS } from '$lib/domain/test-factories';
import type { JourneyMachineConfig, JourneyStateNode } from '$lib/domain/types';
import { JourneyLayout, SKETCH_FROM } from './journey-layout.svelte';

const roots: (() => void)[] = [];
afterEach(() => roots.splice(0).forEach((end) => end()));

/** `stages` stages of `steps` steps each, a step leading to the next. */
function big(stages: number, steps: number): JourneyMachineConfig {
	const states: Record<string, JourneyStateNode> = {};
	for (let s = 0; s < stages; s++) {
		const children: Record<string, JourneyStateNode> = {};
		for (let k = 0; k < steps; k++) {
			const target = k === steps - 1 ? (s === stages - 1 ? '#big.end' : `#big.s${s + 1}.k0`) : `k${k + 1}`;
			children[`k${k}`] = { meta: { kind: 'step', label: { fr: `Étape ${s}.${k}`, en: `Step ${s}.${k}` } }, on: { 'step.next': { target } } };
		}
		states[`s${s}`] = { initial: 'k0', meta: { kind: 'stage', label: { fr: `Phase ${s}`, en: `Stage ${s}` } }, states: children };
	}
	states.end = { type: 'final', meta: { kind: 'stage', label: { fr: 'Fin', en: 'End' } } };
	return { id: 'big', initial: 's0', states };
}

/** ELK in this thread, its layouts held until `release`, counting the graphs it is given. */
function heldEngine() {
	let open!: () => void;
	const gate = new Promise<void>((resolve) => (open = resolve));
	let calls = 0;
	const engine: LayoutEngine = {
		async layout(graph) {
			calls++;
			await gate;
			return elkInThread.layout(graph);
		}
	};
	return { engine, release: open, calls: () => calls };
}

/** A `JourneyLayout` of `machine` under an effect root; paints run when the test says. */
function layoutOf(drawn: JourneyMachineConfig, engine: LayoutEngine, cache = new LayoutCache()) {
	const paints: (() => void)[] = [];
	const paint = () => paints.splice(0).forEach((run) => run());
	let layout!: JourneyLayout;
	roots.push(
		$effect.root(() => {
			layout = new JourneyLayout({
				workspaceId: () => WS,
				machine: () => drawn,
				locale: () => 'en',
				cache,
				engine: () => engine,
				afterPaint: (run) => paints.push(run)
			});
		})
	);
	flushSync();
	return { layout, paint, cache };
}

describe('JourneyLayout', () => {
	it('draws a layout already in the cache at once, without ELK', () => {
		const drawn = machine();
		const cache = new LayoutCache();
		const known = sketchJourney(drawn, { locale: 'en' });
		cache.set(cache.key(drawn, 'en'), known);
		const { engine, calls } = heldEngine();
		const { layout } = layoutOf(drawn, engine, cache);
		expect(layout.current).toBe(known);
		expect(layout.provisional).toBe(false);
		expect(calls()).toBe(0);
	});

	it('lays a small journey out with ELK, no sketch first, and keeps the layout in the cache', async () => {
		// ELK lays out the steps of a stage; a journey of states without steps is framed without it.
		const drawn = machine({ id: 'small', initial: 'shop', states: { shop: { initial: 'browse', meta: stateMeta('Shop', { kind: 'stage' }), states: machine().states } } });
		const { engine, release, calls } = heldEngine();
		const { layout, cache } = layoutOf(drawn, engine);
		await until(() => expect(calls()).toBeGreaterThan(0));
		// Nothing is drawn until ELK answers.
		expect(layout.current).toBeUndefined();
		release();
		await until(() => expect(layout.current).toBeDefined());
		expect(layout.provisional).toBe(false);
		expect(layout.current?.nodes.map((n) => n.id).sort()).toEqual(['shop', 'shop.browse', 'shop.done', 'shop.pay']);
		expect(cache.get(cache.key(drawn, 'en'))).toBe(layout.current);
	});

	it('draws a large journey as a sketch first, then ELK’s layout once the sketch is painted', async () => {
		const drawn = big(10, 8);
		const { engine, release, calls } = heldEngine();
		const { layout, paint } = layoutOf(drawn, engine);
		const sketch = layout.current;
		expect(sketch?.nodes.length).toBeGreaterThanOrEqual(SKETCH_FROM);
		expect(layout.provisional).toBe(true);
		// ELK waits for the sketch to be painted.
		expect(calls()).toBe(0);
		paint();
		await until(() => expect(calls()).toBeGreaterThan(0));
		release();
		await until(() => expect(layout.provisional).toBe(false));
		expect(layout.current).not.toBe(sketch);
		expect(layout.current?.nodes.map((n) => n.id).sort()).toEqual(sketch?.nodes.map((n) => n.id).sort());
	});

	it('says why ELK could not lay the journey out', async () => {
		const failing: LayoutEngine = { layout: () => Promise.reject(new Error('ELK refused')) };
		// A journey of its own: ELK's results are kept by graph, the other tests' would answer.
		const { layout } = layoutOf(
			machine({ initial: 'refused', states: { refused: { initial: 'a', meta: stateMeta('Refused', { kind: 'stage' }), states: { a: { meta: stateMeta('A') } } } } }),
			failing
		);
		await until(() => expect(layout.error).toBe('ELK refused'));
		expect(layout.current).toBeUndefined();
	});
});
