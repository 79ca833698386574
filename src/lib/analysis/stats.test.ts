import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohenKappa, wilson } from './stats';

describe('wilson', () => {
	it('matches published values', () => {
		const [low, high] = wilson(4, 8)!;
		expect(low).toBeCloseTo(0.2152, 4);
		expect(high).toBeCloseTo(0.7848, 4);
		const [low2, high2] = wilson(0, 10)!;
		expect(low2).toBe(0);
		expect(high2).toBeCloseTo(0.2775, 4);
		const [low3, high3] = wilson(81, 263)!;
		expect(low3).toBeCloseTo(0.2553, 4);
		expect(high3).toBeCloseTo(0.3662, 4);
	});

	it('is null without observations', () => {
		expect(wilson(0, 0)).toBeNull();
	});

	it('contains the observed proportion, within [0, 1]', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, share) => {
				const k = Math.round(share * n);
				const [low, high] = wilson(k, n)!;
				expect(low).toBeGreaterThanOrEqual(0);
				expect(high).toBeLessThanOrEqual(1);
				expect(low).toBeLessThanOrEqual(k / n + 1e-12);
				expect(high).toBeGreaterThanOrEqual(k / n - 1e-12);
			})
		);
	});
});

describe('cohenKappa', () => {
	it('gives 1 for perfect agreement, 0 at chance, negative below', () => {
		expect(cohenKappa({ bothResolved: 5, internalOnly: 0, perceivedOnly: 0, neither: 5 })).toBe(1);
		expect(cohenKappa({ bothResolved: 5, internalOnly: 5, perceivedOnly: 5, neither: 5 })).toBe(0);
		expect(cohenKappa({ bothResolved: 0, internalOnly: 5, perceivedOnly: 5, neither: 0 })).toBe(-1);
	});

	it('matches a textbook table', () => {
		// 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: po = 0.7, pe = 0.5 → kappa 0.4.
		expect(cohenKappa({ bothResolved: 20, internalOnly: 5, perceivedOnly: 10, neither: 15 })).toBeCloseTo(0.4, 12);
	});

	it('is null when empty or when chance agreement is total', () => {
		expect(cohenKappa({ bothResolved: 0, internalOnly: 0, perceivedOnly: 0, neither: 0 })).toBeNull();
		expect(cohenKappa({ bothResolved: 7, internalOnly: 0, perceivedOnly: 0, neither: 0 })).toBeNull();
	});
});
