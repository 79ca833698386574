import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createActor, createMachine } from 'xstate';
import { findState, isFinal, splitPath, stateIds, transitionsOf, validateJourney } from './journey';
import { machine, stateMeta } from './test-factories';
import type { JourneyMachineConfig, JourneyStateNode, JourneyTransition } from './types';

/** A state with transitions written as `{ event: target }`. */
function state(
	on: Record<string, string | string[]> = {},
	extra: Partial<JourneyStateNode> = {}
): JourneyStateNode {
	const transitions: Record<string, JourneyTransition | JourneyTransition[]> = {};
	for (const [event, target] of Object.entries(on)) {
		transitions[event] = Array.isArray(target) ? target.map((t) => ({ target: t })) : { target };
	}
	return { meta: stateMeta('s'), ...(Object.keys(on).length ? { on: transitions } : {}), ...extra };
}
const final = (): JourneyStateNode => ({ type: 'final', meta: stateMeta('end') });
const config = (
	states: Record<string, JourneyStateNode>,
	initial = Object.keys(states)[0]
): JourneyMachineConfig => ({ id: 'journey', initial, states });

/** Builds the machine with XState, resolving every initial state and transition target. */
function buildWithXState(cfg: JourneyMachineConfig): void {
	const built = createMachine(cfg as Parameters<typeof createMachine>[0]);
	const visit = (node: typeof built.root) => {
		void node.transitions;
		if (node.type === 'compound') void node.initial;
		Object.values(node.states).forEach(visit);
	};
	visit(built.root);
	createActor(built).start().stop();
}

/** A journey with stages and steps: browse → billing (read → pay) → done; help on the stage. */
const nested = (): JourneyMachineConfig =>
	config({
		browse: state({ 'bill.open': 'billing' }),
		billing: state(
			{ 'help.call': '#journey.contact' },
			{
				initial: 'read',
				states: {
					read: state({ 'bill.pay': 'pay', 'bill.detail': '#journey.billing.detail' }),
					detail: state({ 'bill.back': 'read' }),
					pay: state({ 'bill.paid': '#journey.done' })
				}
			}
		),
		contact: state({ 'contact.solved': 'done', 'contact.pay': 'billing.pay' }),
		done: final()
	});

describe('validateJourney', () => {
	it('accepts a sound journey that XState builds too', () => {
		expect(validateJourney(machine())).toEqual([]);
		expect(validateJourney(nested())).toEqual([]);
		expect(() => buildWithXState(nested())).not.toThrow();
	});

	it('reports a root initial state that is missing or unknown', () => {
		const bad = { ...config({ a: final() }), initial: 'nowhere' };
		expect(validateJourney(bad)).toContainEqual({ code: 'initial-missing', target: 'nowhere' });
		const none = { ...config({ a: final() }), initial: '' };
		expect(validateJourney(none)).toContainEqual({ code: 'initial-missing' });
		expect(() => buildWithXState(none)).toThrow();
	});

	it('reports a compound state without a valid initial state', () => {
		const cfg = config({
			stage: state({}, { states: { x: state({ go: 'y' }), y: final() } })
		});
		expect(validateJourney(cfg)).toContainEqual({ code: 'initial-missing', stateId: 'stage' });
		expect(() => buildWithXState(cfg)).toThrow();
		const fixed = config({
			stage: state({}, { initial: 'x', states: { x: state({ go: 'y' }), y: final() } })
		});
		expect(validateJourney(fixed)).toEqual([]);
		expect(() => buildWithXState(fixed)).not.toThrow();
	});

	it('reports transitions to missing targets, which XState refuses as well', () => {
		const cfg = config({ a: state({ go: 'nowhere', ok: 'b' }), b: final() });
		expect(validateJourney(cfg)).toEqual([
			{ code: 'missing-target', stateId: 'a', event: 'go', target: 'nowhere' }
		]);
		expect(() => buildWithXState(cfg)).toThrow(/nowhere/);
	});

	it('resolves plain targets among siblings, not children or cousins', () => {
		const cfg = config({
			a: state({}, { initial: 'x', states: { x: state({ go: 'b' }), y: final() } }),
			b: final()
		});
		const issues = validateJourney(cfg);
		expect(issues).toContainEqual({ code: 'missing-target', stateId: 'a.x', event: 'go', target: 'b' });
		expect(() => buildWithXState(cfg)).toThrow();
	});

	it('resolves `.child` from the source and `#id.path` from the state with that id', () => {
		const cfg = config({
			a: state({ 'go.in': '.y' }, { initial: 'x', states: { x: state({ 'go.out': '#journey.b' }), y: final() } }),
			b: final()
		});
		expect(validateJourney(cfg)).toEqual([]);
		expect(() => buildWithXState(cfg)).not.toThrow();
		expect(transitionsOf(cfg).map((t) => `${t.source}>${t.target}`)).toEqual(['a>a.y', 'a.x>b']);
		const wrongMachine = config({ a: state({ go: '#other.b' }), b: final() });
		expect(validateJourney(wrongMachine)).toContainEqual({
			code: 'missing-target',
			stateId: 'a',
			event: 'go',
			target: '#other.b'
		});
		expect(() => buildWithXState(wrongMachine)).toThrow();
	});

	it('reports states that cannot be reached from the start', () => {
		const cfg = config({
			a: state({ go: 'b' }),
			b: final(),
			island: state({ go: 'b' }, { initial: 'x', states: { x: state({ go: 'y' }), y: final() } })
		});
		expect(validateJourney(cfg).filter((i) => i.code === 'unreachable')).toEqual([
			{ code: 'unreachable', stateId: 'island' },
			{ code: 'unreachable', stateId: 'island.x' },
			{ code: 'unreachable', stateId: 'island.y' }
		]);
	});

	it('counts a transition into a nested state as reaching its ancestors, and the stage initial otherwise', () => {
		const cfg = config({
			a: state({ deep: 'stage.late', top: 'stage' }),
			stage: state({}, { initial: 'early', states: { early: state({ go: 'late' }), late: state({ done: '#journey.end' }) } }),
			end: final()
		});
		expect(validateJourney(cfg)).toEqual([]);
		// Entering a nested state directly does not enter its siblings.
		const direct = config({
			a: state({ deep: 'stage.late' }),
			stage: state({}, { initial: 'early', states: { early: final(), late: state({ done: '#journey.end' }) } }),
			end: final()
		});
		expect(validateJourney(direct)).toEqual([{ code: 'unreachable', stateId: 'stage.early' }]);
	});

	it('reports leaves with no way out, counting transitions defined on their stage', () => {
		const cfg = config({
			a: state({ go: 'stage' }),
			stage: state(
				{ 'help.call': 'end' },
				{ initial: 'x', states: { x: state({ next: 'y' }), y: state() } }
			),
			stuck: state(),
			end: final()
		}, 'a');
		const deadEnds = validateJourney(cfg).filter((i) => i.code === 'dead-end');
		// stage.y can still leave through the stage's `help.call`; stuck cannot leave at all.
		expect(deadEnds).toEqual([{ code: 'dead-end', stateId: 'stuck' }]);
	});

	it('does not count final states as dead ends', () => {
		expect(validateJourney(config({ a: state({ go: 'b' }), b: final() }))).toEqual([]);
	});

	it('reports two states sharing an XState id', () => {
		// A key containing a dot gets the id of another state's child.
		const cfg = config({
			a: state({ go: 'a\\.b', in: '.b' }, { initial: 'b', states: { b: final() } }),
			'a.b': final()
		});
		expect(validateJourney(cfg)).toContainEqual({ code: 'duplicate-id', stateId: 'a.b', target: '#journey.a.b' });
		const explicit = config({
			a: { ...state({ go: 'b' }), id: 'same' } as JourneyStateNode,
			b: { ...final(), id: 'same' } as JourneyStateNode
		});
		expect(validateJourney(explicit)).toEqual([{ code: 'duplicate-id', stateId: 'b', target: '#same' }]);
	});
});

describe('journey helpers', () => {
	it('lists state ids as dotted paths, parents first', () => {
		expect(stateIds(nested())).toEqual([
			'browse',
			'billing',
			'billing.read',
			'billing.detail',
			'billing.pay',
			'contact',
			'done'
		]);
	});

	it('finds states by path and tells final ones', () => {
		const cfg = nested();
		expect(findState(cfg, 'billing.pay')).toBe(cfg.states.billing.states?.pay);
		expect(findState(cfg, 'billing.nope')).toBeUndefined();
		expect(findState(cfg, '')).toBeUndefined();
		expect(isFinal(cfg, 'done')).toBe(true);
		expect(isFinal(cfg, 'billing.pay')).toBe(false);
		expect(isFinal(cfg, 'missing')).toBe(false);
	});

	it('lists transitions with their targets resolved to dotted paths', () => {
		const edges = transitionsOf(nested()).map(({ source, event, target }) => [source, event, target]);
		expect(edges).toEqual([
			['browse', 'bill.open', 'billing'],
			['billing', 'help.call', 'contact'],
			['billing.read', 'bill.pay', 'billing.pay'],
			['billing.read', 'bill.detail', 'billing.detail'],
			['billing.detail', 'bill.back', 'billing.read'],
			['billing.pay', 'bill.paid', 'done'],
			['contact', 'contact.solved', 'done'],
			['contact', 'contact.pay', 'billing.pay']
		]);
	});

	it('keeps transition metadata and lists every alternative of an event', () => {
		const cfg = config({ a: state({ go: ['b', 'c'] }), b: final(), c: final() });
		expect(transitionsOf(cfg).map((t) => t.target)).toEqual(['b', 'c']);
		expect(transitionsOf(machine()).find((t) => t.event === 'bill.paid')?.meta?.share).toBe(0.9);
	});

	it('splits paths on unescaped dots', () => {
		expect(splitPath('a.b')).toEqual(['a', 'b']);
		expect(splitPath('a\\.b.c')).toEqual(['a.b', 'c']);
	});
});

describe('validateJourney against XState', () => {
	const keys = ['a', 'b', 'c'];
	const targets = ['a', 'b', 'c', 'a.a', 'b.c', '.a', '.b', '#journey.a', '#journey.b.a', '#journey.c.b', '#nope.a', 'zz'];
	const leaf = fc.record({
		on: fc.dictionary(fc.constantFrom('go', 'back'), fc.constantFrom(...targets), { maxKeys: 2 }),
		final: fc.boolean()
	});
	const toNode = (l: { on: Record<string, string>; final: boolean }, children?: Record<string, JourneyStateNode>, initial?: string): JourneyStateNode =>
		l.final && !children ? final() : state(l.on, children ? { states: children, ...(initial !== undefined ? { initial } : {}) } : {});
	const stage = fc
		.tuple(leaf, fc.option(fc.dictionary(fc.constantFrom(...keys), leaf, { minKeys: 1, maxKeys: 3 })), fc.constantFrom('a', 'b', 'zz', undefined))
		.map(([l, children, initial]) =>
			toNode(l, children ? Object.fromEntries(Object.entries(children).map(([k, c]) => [k, toNode(c)])) : undefined, initial)
		);
	const journeys = fc
		.tuple(fc.dictionary(fc.constantFrom(...keys), stage, { minKeys: 1, maxKeys: 3 }), fc.constantFrom('a', 'b', 'c'))
		.map(([states, initial]) => config(states, initial));

	it('finds a missing initial state or target exactly when XState refuses the machine', () => {
		fc.assert(
			fc.property(journeys, (cfg) => {
				const blocking = validateJourney(cfg).filter((i) => i.code === 'initial-missing' || i.code === 'missing-target');
				let refused = false;
				try {
					buildWithXState(cfg);
				} catch {
					refused = true;
				}
				expect(refused).toBe(blocking.length > 0);
			}),
			{ numRuns: 300 }
		);
	});
});

describe('findState and inherited names', () => {
	it('finds no state called like a property every object has', () => {
		const machine = { id: 'm', initial: 'a', states: { a: { meta: { kind: 'stage', label: { fr: 'A', en: 'A' } } } } } as unknown as JourneyMachineConfig;
		for (const path of ['constructor', '__proto__', 'toString', 'a.constructor', 'a.__proto__']) expect(findState(machine, path), path).toBeUndefined();
		expect(findState(machine, 'a')).toBeDefined();
	});
});
