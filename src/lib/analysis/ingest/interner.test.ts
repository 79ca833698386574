import { describe, expect, it } from 'vitest';
import { Interner } from './interner';
import { FieldDecoder } from './text';
import { PLAIN } from './csv';

const bytes = (text: string) => new TextEncoder().encode(text);
const orNone = (t: string) => {
	const x = t.trim();
	return x === '' ? '(none)' : x;
};
function codes(interner: Interner, fields: string[]): number[] {
	return fields.map((f) => {
		const b = bytes(f);
		return interner.intern(b, 0, b.length, PLAIN);
	});
}

describe('Interner keying', () => {
	const fields = ['S1', 'S1\u00a0', '', '(none)', 'S2', '\u00a0S2', 'S3', 'S1', ' '];
	it('gives the codes of a text map when the normaliser is idempotent (normalForm)', () => {
		const byText = new Interner(new FieldDecoder('utf-8', false), orNone, ['(none)'], 'text');
		const byForm = new Interner(new FieldDecoder('utf-8', false), orNone, ['(none)'], 'normalForm');
		const expected = codes(byText, fields);
		expect(expected).toEqual([1, 1, 0, 0, 2, 2, 3, 1, 0]);
		expect(codes(byForm, fields)).toEqual(expected);
		expect(byForm.values).toEqual(byText.values);
		expect(byForm.values).toEqual(['(none)', 'S1', 'S2', 'S3']);
	});

	it('keeps ids apart that a non-idempotent transform sends to another id (text)', () => {
		const swap = (t: string) => (t === 'a' ? 'b' : t === 'b' ? 'c' : t);
		const interner = new Interner(new FieldDecoder('utf-8', false), swap, [], 'text');
		expect(codes(interner, ['a', 'b', 'a'])).toEqual([0, 1, 0]);
		expect(interner.values).toEqual(['b', 'c']);
	});

	it('finds long values and many of them through the byte table', () => {
		const interner = new Interner(new FieldDecoder('utf-8', false), orNone, ['(none)'], 'normalForm');
		const ids = Array.from({ length: 5000 }, (_, i) => `session-with-a-long-id-${i}`);
		expect(codes(interner, [...ids, ...ids.map((id) => id + '\u00a0')])).toEqual([...ids, ...ids].map((_, i) => (i % 5000) + 1));
	});

	it('codes ids of 9 to 16 bytes, recent or not, as the table does', () => {
		// Lengths 9 to 16, ids that differ only in their last bytes, revisited near and far.
		const ids = Array.from({ length: 6000 }, (_, i) => `S${String(i).padStart(8 + (i % 8), '0')}`);
		const order = ids.flatMap((_, i) => [ids[i], ids[(i * 7) % ids.length], ids[Math.max(0, i - 3)], `${ids[i]}\u00a0`]);
		const byText = new Interner(new FieldDecoder('utf-8', false), orNone, ['(none)'], 'text');
		const byForm = new Interner(new FieldDecoder('utf-8', false), orNone, ['(none)'], 'normalForm');
		expect(codes(byForm, order)).toEqual(codes(byText, order));
		expect(byForm.values).toEqual(byText.values);
		expect(byForm.values.length).toBe(ids.length + 1);
	});
});
