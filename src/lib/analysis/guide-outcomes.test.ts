import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wrapUpFromRun, type FinishedContact, type WrapUp } from '../domain/wrap-up';
import { GUIDE_OUTCOMES } from '../domain/types';
import { fromRows } from './from-rows';
import { guideOutcomes, NO_GUIDE, type GuideOutcomeRow } from './guide-outcomes';
import { analyze } from './metrics';
import { parseObservationEnd } from './settings';
import { rate } from './stats';
import { wrapUpContacts, type WrapUpMotive } from './wrap-up-log';

const PARIS = 'Europe/Paris';
const motives: WrapUpMotive[] = [
	{ id: 'm-prel', crmCodes: ['PAI-PREL'], label: { fr: 'Prélèvement', en: 'Direct debit' } },
	{ id: 'm-move', crmCodes: ['MOVE'], label: { fr: 'Déménagement', en: 'Moving house' } }
];
const guides = { 'g-prel': 'Prélèvement rejeté' };
const END_OF_MARCH = parseObservationEnd('2026-03-31');

const RESOLVED_PATH = ['identify', 'explain', 'end-resolved'];

function wrapUp(id: string, customerId: string, outcome: FinishedContact['outcome'], startedAt: string, path: string[], overrides: Partial<FinishedContact> = {}): WrapUp {
	const start = new Date(startedAt);
	return wrapUpFromRun({
		id,
		workspaceId: 'ws',
		customerId,
		motive: { id: 'm-prel', crmCodes: ['PAI-PREL'] },
		guideId: 'g-prel',
		outcome,
		startedAt: start,
		endedAt: new Date(start.getTime() + 5 * 60_000),
		channel: 'phone',
		path,
		...overrides
	});
}

/** Worked by hand below; times UTC (Paris is UTC+1 in March). */
const log = [
	wrapUp('w1', 'C1', 'resolved', '2026-03-02T09:00:00Z', RESOLVED_PATH),
	// C1 again an hour later, same motive: a repeat, so C1's demand is not resolved at first contact.
	wrapUp('w2', 'C1', 'transferred', '2026-03-02T10:00:00Z', ['identify', 'check-bank', 'end-transferred']),
	wrapUp('w3', 'C2', 'resolved', '2026-03-02T13:00:00Z', RESOLVED_PATH),
	wrapUp('w4', 'C3', 'transferred', '2026-03-03T09:00:00Z', ['identify', 'check-bank', 'end-transferred']),
	wrapUp('w5', 'C4', 'escalated', '2026-03-04T09:00:00Z', ['identify', 'check-bank', 'escalate']),
	wrapUp('w6', 'C5', 'resolved', '2026-03-05T09:00:00Z', [], { guideId: undefined, motive: { id: 'm-move', crmCodes: ['MOVE'] } }),
	wrapUp('w7', 'C7', 'resolved', '2026-03-06T09:00:00Z', ['identify', 'check-bank', 'explain', 'end-resolved']),
	// 30 March + 7 days is past the end of March: pending.
	wrapUp('w8', 'C6', 'resolved', '2026-03-30T09:00:00Z', RESOLVED_PATH)
];

const find = (rows: GuideOutcomeRow[], step: string | null, path?: string[]) =>
	rows.find((r) => r.outcomeStep === step && (path === undefined || JSON.stringify(r.path) === JSON.stringify(path)));

describe('FCR by guide step and path', () => {
	const result = guideOutcomes(log, motives, { guides, timeZone: PARIS, settings: { observationEnd: END_OF_MARCH } });

	it('counts the demands worked by hand: 7 demands, 1 pending, 3 of 6 resolved at first contact', () => {
		expect([result.demands, result.eligible, result.resolvedFirst]).toEqual([7, 6, 3]);
	});

	it('files each demand under its first contact’s outcome step', () => {
		expect(result.byStep.map((r) => [r.guide, r.outcomeStep, r.outcome, r.demands, r.pending, r.eligible, r.resolvedFirst, r.transfers, r.callbacks])).toEqual([
			// C1 (repeat: failed), C2, C7 resolved, C6 pending. C1's transfer is a repeat: not counted here.
			['Prélèvement rejeté', 'end-resolved', 'resolved', 4, 1, 3, 2, 0, 0],
			[NO_GUIDE, null, 'resolved', 1, 0, 1, 1, 0, 0],
			['Prélèvement rejeté', 'end-transferred', 'transferred', 1, 0, 1, 0, 1, 0],
			['Prélèvement rejeté', 'escalate', 'escalated', 1, 0, 1, 0, 1, 0]
		]);
		expect(find(result.byStep, 'end-resolved')?.fcr).toEqual(rate(2, 3));
		expect(result.byStep.every((r) => r.path === null)).toBe(true);
	});

	it('files each demand under its first contact’s path', () => {
		expect(find(result.byPath, 'end-resolved', RESOLVED_PATH)).toMatchObject({ demands: 3, pending: 1, eligible: 2, resolvedFirst: 1 });
		expect(find(result.byPath, 'end-resolved', ['identify', 'check-bank', 'explain', 'end-resolved'])).toMatchObject({ demands: 1, eligible: 1, resolvedFirst: 1 });
		expect(find(result.byPath, 'end-resolved', RESOLVED_PATH)?.fcr).toEqual(rate(1, 2));
		expect(result.byPath.reduce((sum, r) => sum + r.demands, 0)).toBe(7);
	});

	it('follows the settings: with "transfer is failure" off, a transferred first contact alone counts as resolved', () => {
		const lenient = guideOutcomes(log, motives, { guides, timeZone: PARIS, settings: { observationEnd: END_OF_MARCH, transferIsFailure: false } });
		// Transfers leave resolution undeclared, so the setting can count them (METRICS.md §2).
		expect(find(lenient.byStep, 'end-transferred')).toMatchObject({ eligible: 1, resolvedFirst: 1 });
		expect(find(lenient.byStep, 'escalate')).toMatchObject({ eligible: 1, resolvedFirst: 1 });
		expect(lenient.resolvedFirst).toBe(5);
	});

	it('ends the observation at the latest contact by default: one day of wrap-ups is all pending', () => {
		const oneDay = guideOutcomes(log.slice(0, 3), motives, { timeZone: PARIS });
		expect([oneDay.demands, oneDay.eligible]).toEqual([2, 0]);
		expect(oneDay.byStep[0]).toMatchObject({ demands: 2, pending: 2, fcr: rate(0, 0) });
		expect(guideOutcomes(log, motives, { timeZone: PARIS })).toMatchObject({ demands: 7, eligible: 6 });
	});
});

describe('invariants', () => {
	const wrapUpArbitrary = fc
		.record({
			customer: fc.constantFrom('C1', 'C2', 'C3'),
			motive: fc.constantFrom(motives[0], motives[1]),
			guideId: fc.constantFrom('g-prel', 'g-move', undefined),
			outcome: fc.constantFrom(...GUIDE_OUTCOMES),
			// Whole hours over 3 days, so that many contacts tie or fall within a window.
			hour: fc.integer({ min: 0, max: 3 * 24 }),
			minutes: fc.integer({ min: 0, max: 180 }),
			channel: fc.constantFrom('phone', 'email', 'chat'),
			path: fc.constantFrom(['a', 'end'], ['a', 'b', 'end'], ['a', 'b'])
		})
		.map((w) => {
			const start = Date.UTC(2026, 2, 1) + w.hour * 3_600_000;
			return { ...w, start };
		});
	const logArbitrary = fc
		.array(wrapUpArbitrary, { maxLength: 25 })
		.map((list) =>
			list.map((w, i) =>
				wrapUpFromRun({
					id: `w${i}`,
					workspaceId: 'ws',
					customerId: w.customer,
					motive: w.motive,
					guideId: w.guideId,
					outcome: w.outcome,
					startedAt: new Date(w.start),
					endedAt: new Date(w.start + w.minutes * 60_000),
					channel: w.channel,
					path: w.path
				})
			)
		);

	it('gives the same rows in any order of the wrap-ups, the engine’s totals, and never more resolved than demands', () => {
		fc.assert(
			fc.property(logArbitrary, fc.integer(), fc.constantFrom('7d', 'intraday'), fc.integer({ min: 0, max: 12 }), (wrapUps, seed, window, endDay) => {
				// Wall-clock ms (table.ts): some demands pending, some not.
				const observationEnd = Date.UTC(2026, 2, 1 + endDay);
				const settings = { window: window === '7d' ? { kind: 'duration' as const, ms: 7 * 86_400_000 } : { kind: 'intraday' as const }, observationEnd };
				const result = guideOutcomes(wrapUps, motives, { timeZone: PARIS, settings });
				const shuffled = fc.sample(fc.shuffledSubarray(wrapUps, { minLength: wrapUps.length, maxLength: wrapUps.length }), { numRuns: 1, seed })[0];
				expect(guideOutcomes(shuffled, motives, { timeZone: PARIS, settings })).toEqual(result);
				const engine = analyze(fromRows(wrapUpContacts(wrapUps, motives, { timeZone: PARIS })), settings);
				expect([result.demands, result.eligible, result.resolvedFirst]).toEqual([engine.demands, engine.eligible, engine.resolvedFirst]);
				for (const rows of [result.byStep, result.byPath]) {
					expect(rows.reduce((sum, r) => sum + r.demands, 0)).toBe(result.demands);
					for (const row of rows) {
						expect(row.resolvedFirst).toBeLessThanOrEqual(row.eligible);
						expect(row.eligible + row.pending).toBe(row.demands);
						expect(row.transfers + row.callbacks).toBeLessThanOrEqual(row.demands);
					}
				}
			}),
			{ numRuns: 150 }
		);
	});
});
