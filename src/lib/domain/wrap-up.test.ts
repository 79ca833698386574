import { describe, expect, it } from 'vitest';
import { outcomeFlags, parseWrapUp, wrapUpFromRun, type FinishedContact } from './wrap-up';
import { GUIDE_OUTCOMES, type GuideOutcome } from './types';

function run(overrides: Partial<FinishedContact> = {}): FinishedContact {
	return {
		workspaceId: 'ws',
		customerId: '  C1 ',
		motive: { id: 'm-pai', crmCodes: [' ', 'PAI-PREL', 'PAI-02'] },
		guideId: 'g-prel',
		outcome: 'resolved',
		startedAt: '2026-03-02T09:00:00.000Z',
		endedAt: new Date('2026-03-02T09:06:00.000Z'),
		channel: ' Phone ',
		agent: ' Nadia ',
		path: ['identify', 'check-mandate', 'done'],
		articleIds: ['a1', 'a2', 'a1'],
		id: 'w1',
		contactId: 'k1',
		...overrides
	};
}

describe('the flags an outcome declares', () => {
	it.each<[GuideOutcome, boolean, boolean, boolean | undefined]>([
		['resolved', false, false, true],
		['transferred', true, false, undefined],
		['escalated', true, false, undefined],
		['callback', false, true, undefined],
		['out-of-scope', false, false, undefined]
	])('%s: transferred %s, callback %s, resolved %s', (outcome, transferred, callback, resolved) => {
		expect(outcomeFlags(outcome)).toEqual({ transferred, callback, resolved });
		const wrapUp = wrapUpFromRun(run({ outcome }));
		expect([wrapUp.transferred, wrapUp.callback, wrapUp.resolved]).toEqual([transferred, callback, resolved]);
		// An undeclared resolution is no field at all, so the stored record and the export agree.
		expect('resolved' in wrapUp).toBe(resolved !== undefined);
	});
});

describe('a wrap-up from a guide run', () => {
	it('trims what was typed, takes the first CRM code, keeps articles once and ends on the final state', () => {
		const wrapUp = wrapUpFromRun(run());
		expect(wrapUp).toEqual({
			id: 'w1',
			workspaceId: 'ws',
			contactId: 'k1',
			customerId: 'C1',
			motiveId: 'm-pai',
			motiveCode: 'PAI-PREL',
			guideId: 'g-prel',
			outcome: 'resolved',
			outcomeStep: 'done',
			transferred: false,
			callback: false,
			resolved: true,
			startedAt: '2026-03-02T09:00:00.000Z',
			endedAt: '2026-03-02T09:06:00.000Z',
			channel: 'phone',
			agent: 'Nadia',
			path: ['identify', 'check-mandate', 'done'],
			articleIds: ['a1', 'a2']
		});
		expect(parseWrapUp(wrapUp)).toEqual({ ok: true, value: wrapUp });
	});

	it('leaves out what the run does not give: no code, no guide, a blank agent', () => {
		const wrapUp = wrapUpFromRun(run({ motive: { id: 'm', crmCodes: [] }, guideId: undefined, agent: '  ', path: [], id: undefined, contactId: undefined }));
		expect(wrapUp).not.toHaveProperty('motiveCode');
		expect(wrapUp).not.toHaveProperty('guideId');
		expect(wrapUp).not.toHaveProperty('agent');
		expect(wrapUp).not.toHaveProperty('outcomeStep');
		expect(wrapUp.id).toMatch(/^wrapup-/);
		expect(wrapUp.contactId).toMatch(/^contact-/);
		expect(parseWrapUp(wrapUp).ok).toBe(true);
	});

	it('refuses a record without a customer, with a time without its zone, or ending before it starts', () => {
		const wrapUp = wrapUpFromRun(run());
		const issues = (value: unknown) => {
			const parsed = parseWrapUp(value);
			return parsed.ok ? [] : parsed.issues.map((i) => [i.path, i.code]);
		};
		expect(issues({ ...wrapUp, customerId: ' ' })).toEqual([['customerId', 'empty']]);
		expect(issues({ ...wrapUp, startedAt: '2026-03-02 09:00' })).toEqual([['startedAt', 'invalid']]);
		expect(issues({ ...wrapUp, endedAt: '2026-03-02T08:59:00Z' })).toEqual([['endedAt', 'out-of-range']]);
		expect(issues({ ...wrapUp, outcome: 'done' })).toEqual([['outcome', 'not-allowed']]);
		expect(GUIDE_OUTCOMES).toHaveLength(5);
	});
});
