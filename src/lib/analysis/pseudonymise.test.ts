import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newSalt, pseudonymiseDictionary, pseudonymiser } from './pseudonymise';

describe('pseudonymiser', () => {
	it('gives the same pseudonym for the same salt and id, today and tomorrow', () => {
		const hash = pseudonymiser('salt-1');
		expect(hash('C0010756')).toBe(pseudonymiser('salt-1')('C0010756'));
		// Frozen values: a change of the hash would split a customer across two imports.
		expect(hash('C0010756')).toMatch(/^[0-9a-f]{16}$/);
		expect([hash('A'), hash('C0010756'), pseudonymiser('')('')]).toEqual(FROZEN);
	});

	it('depends on the salt and on where the salt ends', () => {
		expect(pseudonymiser('a')('bc')).not.toBe(pseudonymiser('b')('bc'));
		expect(pseudonymiser('ab')('c')).not.toBe(pseudonymiser('a')('bc'));
	});

	it('never gives two ids the same pseudonym among a million customer numbers', () => {
		const hash = pseudonymiser(newSalt());
		const seen = new Set<string>();
		for (let i = 0; i < 1_000_000; i++) seen.add(hash(`C${String(i).padStart(7, '0')}`));
		expect(seen.size).toBe(1_000_000);
	});

	it('spreads close ids over all the output bits', () => {
		const hash = pseudonymiser('k');
		const ones = new Array<number>(64).fill(0);
		const n = 20_000;
		for (let i = 0; i < n; i++) {
			const h = hash(String(i));
			const bits = BigInt('0x' + h);
			for (let b = 0; b < 64; b++) if ((bits >> BigInt(b)) & 1n) ones[b]++;
		}
		for (const count of ones) expect(Math.abs(count / n - 0.5)).toBeLessThan(0.03);
	});

	it('is a function of the id: equal ids equal pseudonyms, different ids different ones', () => {
		const hash = pseudonymiser('prop');
		fc.assert(
			fc.property(fc.string(), fc.string(), (a, b) => {
				expect(hash(a) === hash(b)).toBe(a === b);
			})
		);
	});

	it('rewrites a dictionary in place', () => {
		const dict = ['A', 'B'];
		pseudonymiseDictionary(dict, 's');
		expect(dict).toEqual([pseudonymiser('s')('A'), pseudonymiser('s')('B')]);
	});

	it('makes salts that differ', () => {
		expect(newSalt()).toMatch(/^[0-9a-f]{32}$/);
		expect(newSalt()).not.toBe(newSalt());
	});
});

const FROZEN = ['3a87449815e78a27', 'c5150c44fcdcdff9', '2c54b17806e7f2b7'];
