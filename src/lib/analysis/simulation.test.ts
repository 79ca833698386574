import { describe, expect, it } from 'vitest';
import { getSimplePaths } from 'xstate/graph';
import {
	actionsAt,
	journeyMachine,
	likeliestPaths,
	pathOfValue,
	simplePaths,
	startWalk,
	visited,
	walkActions,
	walkSend,
	withProbabilities
} from './simulation';
import { createDemoWorkspace } from '../domain/demo';
import { findState } from '../domain/journey';
import type { JourneyMachineConfig, JourneyStateNode } from '../domain/types';

const demo = createDemoWorkspace(new Date('2026-03-01T00:00:00Z')).journeys;
const meta = (label: string, kind: 'stage' | 'step' = 'step') => ({ kind, label: { fr: label, en: label } });
const go = (target: string, share?: number) => ({
	target,
	meta: { label: { fr: target, en: target }, ...(share === undefined ? {} : { share }) }
});

/** start → (a | b) → end, with shares 0.7 / 0.3. */
function diamond(): JourneyMachineConfig {
	return {
		id: 'diamond',
		initial: 'start',
		states: {
			start: { meta: meta('Start', 'stage'), on: { 'go.a': go('a', 0.7), 'go.b': go('b', 0.3) } },
			a: { meta: meta('A', 'stage'), on: { 'go.end': go('end'), 'go.back': go('start') } },
			b: { meta: meta('B', 'stage'), on: { 'go.end': go('end'), 'go.a': go('a') } },
			end: { type: 'final', meta: meta('End', 'stage') }
		}
	};
}

/** Two stages; the first stage's own transition is available from both its steps. */
function nested(): JourneyMachineConfig {
	return {
		id: 'nested',
		initial: 'one',
		states: {
			one: {
				initial: 'x',
				meta: meta('One', 'stage'),
				on: { 'stage.skip': go('#nested.two', 0.1) },
				states: {
					x: { meta: meta('X'), on: { 'step.next': go('y', 0.9) } },
					y: { meta: meta('Y'), on: { 'step.next': go('#nested.two.z') } }
				}
			},
			two: {
				initial: 'z',
				meta: meta('Two', 'stage'),
				states: { z: { meta: meta('Z'), on: { 'step.finish': go('#nested.done') } } }
			},
			done: { type: 'final', meta: meta('Done', 'stage') }
		}
	};
}

/** What `xstate/graph` counts: simple paths from the start to the final states. */
function graphCount(config: JourneyMachineConfig): number {
	const logic = journeyMachine(config);
	return getSimplePaths(logic, {
		events: (snapshot) => actionsAt(config, pathOfValue(snapshot.value)).map((a) => ({ type: a.event })),
		toState: (snapshot) =>
			snapshot.status === 'done' || findState(config, pathOfValue(snapshot.value))?.type === 'final'
	}).length;
}

describe('the running machine', () => {
	it('starts at the deepest initial state', () => {
		expect(startWalk(nested()).current).toBe('one.x');
		expect(pathOfValue({ a: { b: 'c' } })).toBe('a.b.c');
		expect(pathOfValue('a')).toBe('a');
	});

	it('lists the actions of the state and of its stages, with labels and probabilities', () => {
		const actions = walkActions(nested(), startWalk(nested()));
		expect(actions.map((a) => [a.event, a.source, a.target])).toEqual([
			['step.next', 'one.x', 'one.y'],
			['stage.skip', 'one', 'two']
		]);
		expect(actions[0].label).toEqual({ fr: 'y', en: 'y' });
		expect(actions.map((a) => a.probability)).toEqual([0.9, 0.1].map((p) => expect.closeTo(p, 10)));
	});

	it('walks, records the trail and stops at the end', () => {
		const config = nested();
		const logic = journeyMachine(config);
		let walk = startWalk(config, logic);
		walk = walkSend(config, logic, walk, 'step.next');
		expect(walk.current).toBe('one.y');
		walk = walkSend(config, logic, walk, 'step.next');
		expect(walk.current).toBe('two.z');
		const same = walkSend(config, logic, walk, 'stage.skip');
		expect(same).toBe(walk); // not available in stage two
		walk = walkSend(config, logic, walk, 'step.finish');
		expect(walk).toMatchObject({ current: 'done', done: true });
		expect(walkActions(config, walk)).toEqual([]);
		expect(visited(walk)).toEqual(['one.x', 'one.y', 'two.z', 'done']);
		expect(walk.steps.map((s) => s.event)).toEqual(['step.next', 'step.next', 'step.finish']);
	});

	it('keeps the stored config untouched', () => {
		const config = demo[0].machine;
		const before = JSON.stringify(config);
		const logic = journeyMachine(config);
		walkSend(config, logic, startWalk(config, logic), 'offre.simuler');
		expect(JSON.stringify(config)).toBe(before);
	});
});

describe('probabilities', () => {
	it('normalises shares and splits what is left between actions without one', () => {
		const p = (shares: (number | undefined)[]) =>
			withProbabilities(shares.map((share, i) => ({ event: `e${i}`, source: 's', target: 't', ...(share === undefined ? {} : { share }) }))).map(
				(a) => Math.round(a.probability * 1000) / 1000
			);
		expect(p([0.5, 0.5])).toEqual([0.5, 0.5]);
		expect(p([0.6, undefined, undefined])).toEqual([0.6, 0.2, 0.2]);
		expect(p([undefined, undefined])).toEqual([0.5, 0.5]);
		expect(p([2, 2])).toEqual([0.5, 0.5]);
		expect(p([1, undefined])).toEqual([1, 0]);
		expect(p([0, 0])).toEqual([0.5, 0.5]);
	});
});

describe('simple paths', () => {
	it('counts the paths of a diamond with loops, and their probabilities', () => {
		const { paths, truncated } = simplePaths(diamond());
		expect(truncated).toBe(false);
		// start→a→end, start→b→end, start→b→a→end (a→start would revisit start).
		expect(paths.map((p) => p.states.join('>')).sort()).toEqual(['start>a>end', 'start>b>a>end', 'start>b>end']);
		const byStates = new Map(paths.map((p) => [p.states.join('>'), p.probability]));
		expect(byStates.get('start>a>end')).toBeCloseTo(0.7 * 0.5);
		expect(byStates.get('start>b>end')).toBeCloseTo(0.3 * 0.5);
		expect(byStates.get('start>b>a>end')).toBeCloseTo(0.3 * 0.5 * 0.5);
		expect(likeliestPaths({ paths, truncated }, 1)[0].states).toEqual(['start', 'a', 'end']);
		expect(graphCount(diamond())).toBe(3);
	});

	it('follows stage transitions from every step', () => {
		const { paths } = simplePaths(nested());
		expect(paths.map((p) => p.events.join(' '))).toEqual([
			'step.next step.next step.finish',
			'step.next stage.skip step.finish',
			'stage.skip step.finish'
		]);
		expect(paths[0].probability).toBeCloseTo(0.9 * 0.9);
		expect(paths[2].probability).toBeCloseTo(0.1);
		expect(graphCount(nested())).toBe(3);
	});

	it('counts 2^n paths through n two-way forks', () => {
		const n = 8;
		const states: Record<string, JourneyStateNode> = {};
		for (let i = 0; i < n; i++) {
			const next = i === n - 1 ? 'end' : `f${i + 1}`;
			states[`f${i}`] = { meta: meta(`F${i}`, 'stage'), on: { left: go(`l${i}`), right: go(`r${i}`) } };
			states[`l${i}`] = { meta: meta(`L${i}`, 'stage'), on: { on: go(next) } };
			states[`r${i}`] = { meta: meta(`R${i}`, 'stage'), on: { on: go(next) } };
		}
		states.end = { type: 'final', meta: meta('End', 'stage') };
		const config: JourneyMachineConfig = { id: 'forks', initial: 'f0', states };
		const result = simplePaths(config);
		expect(result.paths).toHaveLength(2 ** n);
		expect(result.paths.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1);
		expect(simplePaths(config, { limit: 10 })).toMatchObject({ truncated: true, paths: { length: 10 } });
	});

	it.each([0, 1])('agrees with xstate/graph on demo journey %i, every path ending on a final state', (i) => {
		const config = demo[i].machine;
		const { paths, truncated } = simplePaths(config);
		expect(truncated).toBe(false);
		expect(paths.length).toBeGreaterThan(1);
		expect(paths.length).toBe(graphCount(config));
		for (const path of paths) {
			expect(findState(config, path.states.at(-1) as string)?.type).toBe('final');
			expect(new Set(path.states).size).toBe(path.states.length);
			expect(path.probability).toBeGreaterThan(0);
			expect(path.probability).toBeLessThanOrEqual(1);
		}
		const likely = likeliestPaths({ paths, truncated }, 3);
		expect(likely[0].probability).toBeGreaterThanOrEqual(likely[1].probability);
	});
});
