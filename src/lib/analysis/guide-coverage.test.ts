import { describe, expect, it } from 'vitest';
import { motive } from '../domain/test-factories';
import { fromRows } from './from-rows';
import { guideCoverage, measuredShares } from './guide-coverage';
import { analyze } from './metrics';

const catalogue = [
	motive({ id: 'debit', crmCodes: ['PREL'], prevalence: 0.2 }),
	motive({ id: 'move', crmCodes: ['MOVE'], prevalence: 0.1 }),
	motive({ id: 'bill', crmCodes: ['BILL'], prevalence: 0.3 }),
	motive({ id: 'meter', crmCodes: ['METER'], prevalence: undefined })
];
const guides = [{ motiveId: 'debit' }, { motiveId: 'meter' }, { motiveId: 'gone' }];

describe('guideCoverage', () => {
	it('sums the estimated prevalence of the guided motives when nothing is measured', () => {
		const coverage = guideCoverage(catalogue, guides);
		// debit 20 % + meter (no estimate) 0 = 20 %; the guide of a motive not in the catalogue counts for nothing.
		expect(coverage).toEqual({ guided: new Set(['debit', 'meter']), share: 0.2, basis: 'estimated', motives: 4, guidedMotives: 2 });
	});

	it('reads estimates that add up to more than 100 % as weights', () => {
		const heavy = [motive({ id: 'a', prevalence: 0.9 }), motive({ id: 'b', prevalence: 0.6 })];
		// 0.6 / (0.9 + 0.6) = 40 %.
		expect(guideCoverage(heavy, [{ motiveId: 'b' }]).share).toBeCloseTo(0.4, 12);
	});

	it('has no share when no motive has an estimate and nothing is measured', () => {
		const coverage = guideCoverage([motive({ id: 'a', prevalence: undefined })], [{ motiveId: 'a' }]);
		expect(coverage).toMatchObject({ share: null, basis: 'estimated', guidedMotives: 1 });
		expect(guideCoverage([], [])).toMatchObject({ share: null, motives: 0, guidedMotives: 0 });
	});

	it('sums the measured shares of the guided motives, whatever the estimates say', () => {
		const measured = new Map([
			['debit', 0.35],
			['bill', 0.4],
			['OTHER', 0.25]
		]);
		// debit 35 % + meter (no contact in the log) 0 = 35 %.
		expect(guideCoverage(catalogue, guides, measured)).toMatchObject({ share: 0.35, basis: 'measured', guidedMotives: 2 });
		// A measured log without any contact of a guided motive covers 0 %, not "unknown".
		expect(guideCoverage(catalogue, [{ motiveId: 'move' }], measured)).toMatchObject({ share: 0, basis: 'measured' });
	});
});

describe('measuredShares', () => {
	it('divides each motive’s contacts by all inbound contacts of the log, uncatalogued codes included', () => {
		const at = (day: number) => `2026-03-${String(day).padStart(2, '0')}T10:00:00Z`;
		const log = fromRows([
			{ customer_id: 'A', motive: 'PREL', timestamp: at(1) },
			{ customer_id: 'A', motive: 'PREL', timestamp: at(2) },
			{ customer_id: 'B', motive: 'PREL', timestamp: at(3) },
			{ customer_id: 'C', motive: 'BILL', timestamp: at(4) },
			{ customer_id: 'D', motive: 'BILL', timestamp: at(5) },
			{ customer_id: 'E', motive: 'OTHER', timestamp: at(6) },
			{ customer_id: 'F', motive: 'OTHER', timestamp: at(7) },
			{ customer_id: 'G', motive: 'OTHER', timestamp: at(8) }
		]);
		const result = analyze(log, { motiveGroups: { PREL: 'debit', BILL: 'bill' } }, { by: ['motive'] });
		const shares = measuredShares(result);
		// 8 contacts: debit 3 (a repeat included), bill 2, OTHER 3.
		expect(shares).toEqual(new Map([['debit', 3 / 8], ['bill', 2 / 8], ['OTHER', 3 / 8]]));
		// The guided "debit" and "meter": 3/8 = 37.5 %.
		expect(guideCoverage(catalogue, guides, shares).share).toBe(0.375);
	});

	it('is null for a log without contacts', () => {
		expect(measuredShares({ contacts: 0, by: {} })).toBeNull();
	});
});
