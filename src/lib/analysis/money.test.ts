import { describe, expect, it } from 'vitest';
import { amountDigits, costsSet, roundAmount, workspaceCosts } from './money';

describe('roundAmount', () => {
	it('rounds to the cent below 100 and to the unit from 100', () => {
		expect(roundAmount(6.505)).toBe(6.51);
		expect(roundAmount(99.994)).toBe(99.99);
		expect(roundAmount(99.996)).toBe(100);
		expect(roundAmount(744.5)).toBe(745);
		expect(roundAmount(34336.5)).toBe(34337);
		expect(roundAmount(34336.49)).toBe(34336);
		expect(amountDigits(99.99)).toBe(2);
		expect(amountDigits(99.996)).toBe(0);
		expect(amountDigits(0)).toBe(0);
		expect(amountDigits(0.004)).toBe(0);
		expect(amountDigits(0.005)).toBe(2);
	});

	it('gives one figure for sums of the same costs in any order (float noise removed)', () => {
		const costs = [6.5, 4.2, 3.8, 3.2, 3.5, 4.5, 9, 12, 0.1, 0.2];
		const many = Array.from({ length: 4000 }, (_, i) => costs[i % costs.length]);
		const forward = many.reduce((s, c) => s + c, 0);
		const backward = [...many].reverse().reduce((s, c) => s + c, 0);
		expect(roundAmount(forward)).toBe(roundAmount(backward));
		// A half that a float sum leaves just under .5 still rounds up, as the exact sum does.
		expect(roundAmount(34336.499999999996)).toBe(34337);
	});

	it('rounds halves away from zero for negative amounts too', () => {
		expect(roundAmount(-1500.5)).toBe(-1501);
		expect(roundAmount(-0.005)).toBe(-0.01);
	});
});

describe('workspaceCosts', () => {
	it('defaults to euros and no cost', () => {
		expect(workspaceCosts(undefined)).toEqual({ currency: 'EUR', costPerChannel: {} });
		expect(workspaceCosts({ costs: { currency: 'GBP', costPerChannel: { phone: 5 } } })).toEqual({ currency: 'GBP', costPerChannel: { phone: 5 } });
		expect(costsSet({ phone: 0 })).toBe(false);
		expect(costsSet({ phone: 0, email: 2 })).toBe(true);
	});
});
