import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellShape, newPseudonymKey, pseudonymiseDictionary, pseudonymiser, pseudonymiseRejected, PSEUDONYM_FUNCTION } from './pseudonymise';

const KEY = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

/** The reference: HMAC-SHA-256 of the id's UTF-8 bytes under the key's bytes, first 64 bits in hex. */
const reference = (key: string, id: string): string => createHmac('sha256', Buffer.from(key, 'hex')).update(id, 'utf8').digest('hex').slice(0, 16);

describe('pseudonymiser', () => {
	it('is HMAC-SHA-256 of the id under a secret key, not a fast mix anyone can run backwards', async () => {
		expect(PSEUDONYM_FUNCTION).toBe('hmac-sha256');
		const hash = await pseudonymiser(KEY);
		const ids = ['C0010756', 'A', '', 'Émilie-42', '😀'];
		expect(await hash(ids)).toEqual(ids.map((id) => reference(KEY, id)));
		// Frozen values: a change of the function would split a customer across two imports.
		expect(await hash(['C0010756'])).toEqual([FROZEN]);
	});

	it('refuses a key that is not 256 bits written in hex', async () => {
		await expect(pseudonymiser('salt-1')).rejects.toThrow(/256 bits/);
		await expect(pseudonymiser('00'.repeat(16))).rejects.toThrow(/256 bits/);
	});

	it('depends on the key', async () => {
		const [a] = await (await pseudonymiser(KEY))(['C1']);
		const [b] = await (await pseudonymiser(newPseudonymKey()))(['C1']);
		expect(a).not.toBe(b);
	});

	it('never gives two ids the same pseudonym among 100,000 customer numbers', { timeout: 30_000 }, async () => {
		const ids = Array.from({ length: 100_000 }, (_, i) => `C${String(i).padStart(7, '0')}`);
		const out = await (await pseudonymiser(newPseudonymKey()))(ids);
		expect(new Set(out).size).toBe(ids.length);
	});

	it('is a function of the id: equal ids equal pseudonyms, different ids different ones', async () => {
		const hash = await pseudonymiser(KEY);
		await fc.assert(
			fc.asyncProperty(fc.string(), fc.string(), async (a, b) => {
				const [ha, hb] = await hash([a, b]);
				expect(ha === hb).toBe(a === b);
			}),
			{ numRuns: 200 }
		);
	});

	it('rewrites a dictionary in place, in batches, saying how far it got', async () => {
		const dict = Array.from({ length: 40_000 }, (_, i) => `id-${i}`);
		const seen: number[] = [];
		await pseudonymiseDictionary(dict, KEY, { onProgress: (done) => seen.push(done) });
		expect(dict[0]).toBe(reference(KEY, 'id-0'));
		expect(dict[39_999]).toBe(reference(KEY, 'id-39999'));
		expect(seen.at(-1)).toBe(40_000);
		expect(seen.length).toBeGreaterThan(1);
	});

	it('stops when asked to', async () => {
		const controller = new AbortController();
		controller.abort();
		await expect(pseudonymiseDictionary(['a'], KEY, { signal: controller.signal })).rejects.toThrow();
	});

	it('makes 256-bit keys that differ', () => {
		expect(newPseudonymKey()).toMatch(/^[0-9a-f]{64}$/);
		expect(newPseudonymKey()).not.toBe(newPseudonymKey());
	});
});

describe('rejected rows of a pseudonymised import', () => {
	it('show a customer id as its pseudonym and any other value as its shape', async () => {
		const sign = await pseudonymiser(KEY);
		const sample = [{ value: ' C-42 ' }, { value: '31/02/2026 9h' }, { value: '' }, {}, { value: 'Éloïse' }];
		await pseudonymiseRejected(sample, ['C-1', 'C-42'], sign);
		expect(sample).toEqual([{ value: reference(KEY, 'C-42') }, { value: '99/99/9999 9a' }, { value: '' }, {}, { value: 'Aaaaaa' }]);
	});

	it('never keep a letter or a digit of a value in its shape', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme' }), (text) => {
				expect(cellShape(text).replace(/[Aa9]/g, '')).not.toMatch(/[\p{L}\p{N}]/u);
			})
		);
	});
});

const FROZEN = 'ca3dc7407c6e5204';
