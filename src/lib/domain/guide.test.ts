import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createMachine, type AnyMachineSnapshot, type StateValue } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import {
	answer,
	back,
	currentStateId,
	currentStep,
	guideChoices,
	guideIssuePath,
	guideSteps,
	outcomeOf,
	startGuide,
	validateGuide,
	type GuideIssue
} from './guide';
import { guide, guideMachine, guideMeta, text } from './test-factories';
import type { GuideMachineConfig, GuideStateNode } from './types';

// ---------------------------------------------------------------- XState, the oracle

const buildMachine = (config: GuideMachineConfig) => createMachine(structuredClone(config) as Parameters<typeof createMachine>[0]);

/** Every event name the config uses, so the graph walks try them all. */
function eventsOf(config: GuideMachineConfig): { type: string }[] {
	const names = new Set<string>();
	const visit = (states: Record<string, GuideStateNode>) => {
		for (const node of Object.values(states)) {
			for (const event of Object.keys(node.on ?? {})) names.add(event);
			visit(node.states ?? {});
		}
	};
	visit(config.states);
	return [...names].map((type) => ({ type }));
}

/** The dotted path of the active leaf (`{ a: 'b' }` → `a.b`). */
function leafOf(value: StateValue): string {
	if (typeof value === 'string') return value;
	const [key] = Object.keys(value);
	const inner = value[key];
	return inner === undefined ? key : `${key}.${leafOf(inner as StateValue)}`;
}

/** What XState says: the leaves reachable from the start, and those from which it can end (`done`). */
function xstateReach(config: GuideMachineConfig): { reachable: Set<string>; canEnd: Set<string> } {
	const machine = buildMachine(config);
	const events = eventsOf(config);
	const reached = getShortestPaths(machine, { events }).map((p) => p.state as AnyMachineSnapshot);
	const reachable = new Set(reached.map((s) => leafOf(s.value)));
	const canEnd = new Set<string>();
	for (const snapshot of reached) {
		const paths = getShortestPaths(machine, { events, fromState: snapshot });
		if (paths.some((p) => (p.state as AnyMachineSnapshot).status === 'done')) canEnd.add(leafOf(snapshot.value));
	}
	return { reachable, canEnd };
}

const codes = (issues: GuideIssue[]) => issues.map((i) => [i.code, i.stateId ?? '']);

// ---------------------------------------------------------------- building guides in tests

const question = (label: string, on: Record<string, string>): GuideStateNode => ({
	meta: guideMeta(label, { kind: 'question', text: text(`${label}?`) }),
	on: Object.fromEntries(Object.entries(on).map(([event, target]) => [event, { target, meta: { label: text(event) } }]))
});
const action = (label: string, next?: string): GuideStateNode => ({
	meta: guideMeta(label, { kind: 'action', system: 'CRM', instruction: label }),
	...(next ? { on: { 'guide.next': { target: next } } } : {})
});
const outcome = (label: string, kind: 'resolved' | 'transferred' = 'resolved'): GuideStateNode => ({
	type: 'final',
	meta: guideMeta(label, { kind: 'outcome', outcome: kind })
});
const flat = (states: Record<string, GuideStateNode>): GuideMachineConfig => ({ id: 'guide', initial: Object.keys(states)[0], states });

/**
 * A group (by default of two steps, ask → check, ask may leave to `done`) with the given
 * transitions on the group (by default a way out to `out` from any of its steps).
 */
const grouped = (
	on: GuideStateNode['on'] = { 'guide.abort': { target: 'out' } },
	steps: Record<string, GuideStateNode> = { ask: question('Ask', { 'answer.a': 'check', 'answer.b': '#guide.done' }), check: action('Check') }
): GuideMachineConfig => ({
	id: 'guide',
	initial: 'identify',
	states: {
		identify: { meta: { kind: 'stage', label: text('Identify') }, initial: 'ask', on, states: steps },
		done: outcome('Done'),
		out: outcome('Out', 'transferred')
	}
});

describe('validateGuide', () => {
	it('accepts a sound guide, which XState builds and walks to an outcome on every path', () => {
		const config = guideMachine();
		expect(validateGuide(guide(), { motiveIds: new Set(['motive-bill-amount']), sourceIds: new Set(['source-crm']), articleIds: new Set(['article-read-bill']) })).toEqual([]);
		const machine = buildMachine(config);
		const paths = getSimplePaths(machine, { events: eventsOf(config), toState: (s) => s.status === 'done' });
		expect(paths.map((p) => leafOf((p.state as AnyMachineSnapshot).value)).sort()).toEqual(['resolved', 'transferred']);
	});

	it('names the steps from which no outcome can be reached, as XState finds them', () => {
		const config = flat({
			ask: question('Ask', { 'answer.a': 'loop1', 'answer.b': 'done' }),
			loop1: action('Loop 1', 'loop2'),
			loop2: action('Loop 2', 'loop1'),
			done: outcome('Done')
		});
		expect(codes(validateGuide({ motiveId: 'm', machine: config }))).toEqual([
			['no-outcome', 'loop1'],
			['no-outcome', 'loop2']
		]);
		const { canEnd } = xstateReach(config);
		expect(canEnd.has('loop1') || canEnd.has('loop2')).toBe(false);
		expect(canEnd.has('ask')).toBe(true);
	});

	it('reports dead ends and unreachable steps as journeys do', () => {
		const config = flat({
			ask: question('Ask', { 'answer.a': 'stuck', 'answer.b': 'done' }),
			stuck: action('Stuck'),
			lost: action('Lost', 'done'),
			done: outcome('Done')
		});
		expect(codes(validateGuide({ motiveId: 'm', machine: config }))).toEqual([
			['unreachable', 'lost'],
			['dead-end', 'stuck']
		]);
	});

	it('wants outcomes exactly on final states, a step on every leaf and two answers to a question', () => {
		const config = flat({
			ask: question('Ask', { 'answer.a': 'early' }),
			early: { ...outcome('Early'), type: undefined, on: { 'guide.next': { target: 'bare' } } },
			bare: { meta: { kind: 'step', label: text('Bare') }, on: { 'guide.next': { target: 'end' } } },
			end: { type: 'final', meta: guideMeta('End', { kind: 'action', system: 'CRM', instruction: 'close' }) }
		});
		delete config.states.early.type;
		expect(codes(validateGuide({ motiveId: 'm', machine: config }))).toEqual([
			['too-few-answers', 'ask'],
			['outcome-not-final', 'early'],
			['step-missing', 'bare'],
			['final-not-outcome', 'end']
		]);
	});

	it('names a motive, source or article the catalogue lacks, with the field and its path', () => {
		const issues = validateGuide(guide({ motiveId: 'gone' }), { motiveIds: new Set(), sourceIds: new Set(), articleIds: new Set(['article-read-bill']) });
		expect(issues).toEqual([
			{ code: 'missing-reference', field: 'motiveId', target: 'gone' },
			{ code: 'missing-reference', stateId: 'check', field: 'sourceId', target: 'source-crm' }
		]);
		expect(issues.map(guideIssuePath)).toEqual(['motiveId', 'machine.states.check.meta.step.sourceId']);
	});

	it('judges steps inside a group through the group’s transitions and initial step', () => {
		const config = grouped();
		// `check` has no transition of its own, but its group's way out serves it.
		expect(validateGuide({ motiveId: 'm', machine: config })).toEqual([]);
		const { reachable, canEnd } = xstateReach(config);
		expect([...reachable].sort()).toEqual(['done', 'identify.ask', 'identify.check', 'out']);
		expect(canEnd.has('identify.check')).toBe(true);
	});

	it('counts only the ways out XState takes: a step’s own event hides its group’s', () => {
		const config = grouped(
			{ 'guide.next': { target: 'done' } },
			{ ask: question('Ask', { 'answer.a': 'loop1', 'answer.b': '#guide.done' }), loop1: action('Loop 1', 'loop2'), loop2: action('Loop 2', 'loop1') }
		);
		// (Nothing leads to `out` here.)
		expect(codes(validateGuide({ motiveId: 'm', machine: config }))).toEqual([
			['unreachable', 'out'],
			['no-outcome', 'identify.loop1'],
			['no-outcome', 'identify.loop2']
		]);
		const { reachable, canEnd } = xstateReach(config);
		expect(reachable.has('identify.loop1')).toBe(true);
		expect(canEnd.has('identify.loop1') || canEnd.has('identify.loop2')).toBe(false);
		expect(canEnd.has('identify.ask')).toBe(true);
	});

	it('wants outcomes at the top level, where XState ends the guide rather than a group', () => {
		const config = grouped();
		const group = config.states.identify;
		group.states = { ...group.states, closed: outcome('Closed') };
		group.states.ask.on = { ...group.states.ask.on, 'answer.c': { target: 'closed' } };
		expect(codes(validateGuide({ motiveId: 'm', machine: config }))).toEqual([['outcome-in-group', 'identify.closed']]);
		const machine = buildMachine(config);
		const paths = getShortestPaths(machine, { events: eventsOf(config) });
		const closed = paths.find((p) => leafOf((p.state as AnyMachineSnapshot).value) === 'identify.closed');
		expect((closed?.state as AnyMachineSnapshot | undefined)?.status).toBe('active');
	});

	it('agrees with XState on unreachable steps and steps with no way to an outcome, for any flat guide', () => {
		const names = ['a', 'b', 'c', 'd', 'e', 'f'];
		const spec = fc.integer({ min: 2, max: 6 }).chain((n) =>
			fc.array(
				fc.record({
					final: fc.boolean(),
					targets: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 3 })
				}),
				{ minLength: n, maxLength: n }
			)
		);
		fc.assert(
			fc.property(spec, (states) => {
				const config = flat(
					Object.fromEntries(
						states.map((s, i) => [
							names[i],
							s.final && i > 0
								? outcome(names[i])
								: {
										meta: guideMeta(names[i], { kind: 'question', text: text('?') }),
										on: Object.fromEntries(s.targets.map((t) => [`answer.${names[t]}`, { target: names[t] }]))
									}
						])
					)
				);
				const issues = validateGuide({ motiveId: 'm', machine: config });
				const { reachable, canEnd } = xstateReach(config);
				const leaves = Object.keys(config.states);
				const unreachable = issues.filter((i) => i.code === 'unreachable').map((i) => i.stateId);
				expect(unreachable).toEqual(leaves.filter((s) => !reachable.has(s)));
				// Reachable steps that never end; unreachable ones are reported as such only.
				const noOutcome = issues.filter((i) => i.code === 'no-outcome').map((i) => i.stateId);
				expect(noOutcome).toEqual(leaves.filter((s) => reachable.has(s) && !canEnd.has(s)));
			}),
			{ numRuns: 150 }
		);
	});
});

describe('running a guide', () => {
	it('starts at the first step, offers the answers with their labels, and reaches an outcome', () => {
		const config = guideMachine();
		const run = startGuide(config);
		if (!run) throw new Error('no start');
		expect(currentStep(config, run)?.step).toEqual({ kind: 'question', text: text('Does the customer understand the bill?', 'Le client comprend-il sa facture ?') });
		expect(guideChoices(config, run)).toEqual([
			{ event: 'answer.no', target: 'check', label: text('No', 'Non') },
			{ event: 'answer.yes', target: 'transferred', label: text('Yes, disputes it', 'Oui, la conteste') }
		]);
		let walked = answer(config, run, 'answer.no');
		expect(currentStep(config, walked)?.step?.kind).toBe('check');
		walked = answer(config, answer(config, walked, 'guide.next'), 'guide.next');
		expect(walked.path).toEqual(['ask', 'check', 'read', 'resolved']);
		expect(outcomeOf(config, walked)).toEqual({ outcome: 'resolved' });
		expect(guideChoices(config, walked)).toEqual([]);
		// An answer that is not offered changes nothing; back undoes one step, never the first.
		expect(answer(config, walked, 'answer.yes')).toBe(walked);
		expect(back(walked).path).toEqual(['ask', 'check', 'read']);
		expect(outcomeOf(config, back(walked))).toBeUndefined();
		expect(back(run)).toBe(run);
		expect(outcomeOf(config, answer(config, run, 'answer.yes'))).toEqual({ outcome: 'transferred', team: 'Billing disputes' });
	});

	it('enters a group at its first step and takes the group’s way out from any of its steps', () => {
		const config = grouped({ 'guide.abort': { target: 'out' }, 'answer.a': { target: 'done' } });
		const run = startGuide(config);
		if (!run) throw new Error('no start');
		expect(currentStateId(run)).toBe('identify.ask');
		// The step's own `answer.a` hides the group's.
		expect(guideChoices(config, run).map((c) => [c.event, c.target])).toEqual([
			['answer.a', 'identify.check'],
			['answer.b', 'done'],
			['guide.abort', 'out']
		]);
		const atCheck = answer(config, run, 'answer.a');
		expect(guideChoices(config, atCheck).map((c) => c.event)).toEqual(['guide.abort', 'answer.a']);
		expect(outcomeOf(config, answer(config, atCheck, 'answer.a'))).toEqual({ outcome: 'resolved' });
	});

	it('goes where XState goes on every simple path of a guide', () => {
		const config = guideMachine();
		const machine = buildMachine(config);
		const paths = getSimplePaths(machine, { events: eventsOf(config), toState: (s) => s.status === 'done' });
		expect(paths.length).toBe(2);
		for (const path of paths) {
			let run = startGuide(config);
			if (!run) throw new Error('no start');
			for (const step of path.steps.slice(1)) {
				run = answer(config, run, step.event.type);
				expect(currentStateId(run)).toBe(leafOf((step.state as AnyMachineSnapshot).value));
			}
			expect(outcomeOf(config, run)).toBeDefined();
		}
	});

	it('has no start when the initial state is missing, and lists every step in order', () => {
		expect(startGuide({ ...guideMachine(), initial: 'nowhere' })).toBeUndefined();
		expect(guideSteps(guideMachine()).map((s) => [s.stateId, s.step?.kind])).toEqual([
			['ask', 'question'],
			['check', 'check'],
			['read', 'article'],
			['resolved', 'outcome'],
			['transferred', 'outcome']
		]);
	});
});
