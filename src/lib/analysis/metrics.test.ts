import { describe, expect, it } from 'vitest';
import { analyze } from './metrics';
import { fromRows } from './from-rows';
import { WORKED_EXAMPLE, WORKED_EXAMPLE_SETTINGS } from '../../../tests/fixtures/contacts';

describe('METRICS.md §7 worked example', () => {
	const example = fromRows(WORKED_EXAMPLE);

	it('gives the figures of scope motive', () => {
		const result = analyze(example, WORKED_EXAMPLE_SETTINGS);
		expect(result).toMatchObject({
			contacts: 11,
			demands: 9,
			pending: 1,
			eligible: 8,
			resolvedFirst: 4,
			fcr: 0.5,
			eligibleExclComplex: 7,
			resolvedFirstExclComplex: 3,
			repeatContacts: 2,
			contactsPerDemand: 1.25,
			avoidableContacts: 2
		});
		expect(result.fcrExclComplex).toBeCloseTo(3 / 7, 12);
		expect(result.repeatRate).toBeCloseTo(2 / 11, 12);
	});

	it('gives the figures of scope any', () => {
		const result = analyze(example, { ...WORKED_EXAMPLE_SETTINGS, scope: 'any' });
		expect(result).toMatchObject({ demands: 7, pending: 1, eligible: 6, resolvedFirst: 2 });
	});
});
