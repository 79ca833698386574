import { describe, expect, it } from 'vitest';
import { guideSteps, validateGuide } from './guide';
import { newGuide, setStep, stepOf, stepOfKind, type StepDefaults } from './guide-edit';
import { findState } from './journey';
import { guideMachine, text } from './test-factories';
import { GUIDE_STEP_KINDS, type GuideMachineConfig } from './types';

const catalogue = { motiveIds: new Set(['motive-bill-amount']), sourceIds: new Set(['source-crm']), articleIds: new Set(['article-read-bill']) };
const defaults: StepDefaults = { text: text('Ask', 'Demander'), sourceId: 'source-crm', articleId: 'article-read-bill', system: 'CRM' };
const check = (machine: GuideMachineConfig) => validateGuide({ motiveId: 'motive-bill-amount', machine }, catalogue);

describe('newGuide', () => {
	const guide = newGuide({ id: 'g1', workspaceId: 'ws', motiveId: 'motive-bill-amount', name: text('Bill', 'Facture'), now: '2026-01-01T00:00:00.000Z' });

	it('passes every check of a guide from the start', () => {
		expect(check(guide.machine)).toEqual([]);
	});

	it('asks one question whose two answers end on "resolved" and on "transferred"', () => {
		const steps = guideSteps(guide.machine).map((s) => s.step?.kind === 'outcome' ? s.step.outcome : s.step?.kind);
		expect(steps).toEqual(['question', 'resolved', 'transferred']);
		expect(Object.keys(guide.machine.states.question.on ?? {})).toHaveLength(2);
		expect(guide.motiveId).toBe('motive-bill-amount');
	});
});

describe('stepOfKind', () => {
	it('keeps the step when its kind is the same', () => {
		const previous = { kind: 'action', system: 'SAP', instruction: 'Refund' } as const;
		expect(stepOfKind('action', defaults, previous)).toBe(previous);
	});

	it('gives every kind a step that the guide schema accepts (a system named, a source and an article picked)', () => {
		const kinds = GUIDE_STEP_KINDS.map((kind) => stepOfKind(kind, defaults));
		expect(kinds).toEqual([
			{ kind: 'question', text: text('Ask', 'Demander') },
			{ kind: 'check', sourceId: 'source-crm', lookFor: '' },
			{ kind: 'action', system: 'CRM', instruction: '' },
			{ kind: 'article', articleId: 'article-read-bill' },
			{ kind: 'outcome', outcome: 'resolved' }
		]);
	});

	it('gives no check without a source, and no article step without an article', () => {
		const bare: StepDefaults = { text: text('Ask'), system: 'CRM' };
		expect(stepOfKind('check', bare)).toBeUndefined();
		expect(stepOfKind('article', bare)).toBeUndefined();
	});
});

describe('setStep', () => {
	it('makes a step that becomes an outcome end the guide, its answers gone, and the guide stays valid', () => {
		const machine = guideMachine();
		// "Explain" leads to "resolved"; as an outcome it ends there and "resolved" is no longer reached.
		const next = setStep(machine, 'read', { kind: 'outcome', outcome: 'callback' });
		const read = findState(next, 'read');
		expect(read?.type).toBe('final');
		expect(read?.on).toBeUndefined();
		expect(stepOf(read)).toEqual({ kind: 'outcome', outcome: 'callback' });
		expect(check(next).map((i) => [i.code, i.stateId])).toEqual([['unreachable', 'resolved']]);
		// The input is not changed: the editor keeps it for undo.
		expect(stepOf(findState(machine, 'read'))?.kind).toBe('article');
	});

	it('makes an outcome that becomes another step go on, keeping its label', () => {
		const next = setStep(guideMachine(), 'transferred', { kind: 'action', system: 'CRM', instruction: 'Open a claim' });
		const node = findState(next, 'transferred');
		expect(node?.type).toBeUndefined();
		expect(node?.meta.label).toEqual(text('Transferred'));
		expect(check(next).map((i) => i.code)).toContain('dead-end');
	});

	it('changes a step of the same kind without touching the shape', () => {
		const machine = guideMachine();
		const next = setStep(machine, 'ask', { kind: 'question', text: text('Is the bill clear?', 'La facture est-elle claire ?') });
		expect(next.states.ask.on).toEqual(machine.states.ask.on);
		expect(check(next)).toEqual([]);
	});
});
