import { describe, expect, it } from 'vitest';
import { BUCKETS, bucketCodes, EqualityCodes, firstAppearance, joinCodes } from './equality-codes';
import { Interner } from './interner';
import { RecordScanner } from './csv';
import { FieldDecoder } from './text';

const orNone = (t: string) => {
	const x = t.trim();
	return x === '' ? '(none)' : x;
};

/** The codes of the one-column CSV `cells`, read by an interner (with texts) and by EqualityCodes. */
function bothCodes(cells: string[], shared = false): { interned: number[]; codes: number[]; halves: number[] } {
	const bytes = new TextEncoder().encode(cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join('\n') + '\n');
	const interner = new Interner(new FieldDecoder('utf-8', false), orNone, ['(none)'], 'normalForm');
	const equality = new EqualityCodes(new FieldDecoder('utf-8', false), orNone, '(none)', 4, shared);
	const scanner = new RecordScanner(',');
	const interned: number[] = [];
	let pos = 0;
	for (let row = 0; pos < bytes.length; row++) {
		const next = scanner.next(bytes, pos, bytes.length, true);
		let s = scanner.starts[0];
		let e = scanner.ends[0];
		while (s < e && (bytes[s] === 32 || bytes[s] === 9)) s++;
		while (e > s && (bytes[e - 1] === 32 || bytes[e - 1] === 9)) e--;
		interned.push(interner.intern(bytes, s, e, scanner.kinds[0]));
		equality.add(bytes, s, e, scanner.kinds[0], row);
		pos = next;
	}
	// Two threads' halves: the buckets cut at an uneven place, the second half numbered after every row.
	const rows = equality.rows(interned.length);
	const cut = 389;
	const low = bucketCodes(rows, 0, cut, 1);
	const high = bucketCodes(rows, cut, BUCKETS, rows.n + 1);
	const halves = [...firstAppearance(joinCodes(low.codes, high.codes), high.next)];
	return { interned, codes: [...equality.codes(interned.length)], halves };
}

describe('EqualityCodes', () => {
	it('gives the codes of an interner, in order of first appearance, over many ids that collide in buckets', () => {
		let seed = 7;
		const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
		const pool = Array.from({ length: 20_000 }, (_, i) => {
			const kind = i % 5;
			if (kind === 0) return `S${String(i).padStart(8, '0')}`;
			if (kind === 1) return `session-${i}-with-a-long-tail-${i % 97}`;
			if (kind === 2) return `séance ${i}`;
			if (kind === 3) return ` ${i} `;
			return `"q${i}"`;
		});
		const cells = Array.from({ length: 60_000 }, () => (random() < 0.02 ? '' : pool[Math.floor(random() * random() * pool.length)]));
		const { interned, codes, halves } = bothCodes(cells);
		expect(new Set(codes).size).toBeGreaterThan(10_000);
		expect(codes).toEqual(interned);
		// Coded in two halves of the buckets (as on two threads), from rows in shared memory: the same.
		expect(halves).toEqual(interned);
		const shared = bothCodes(cells.slice(0, 5000), true);
		expect(shared.halves).toEqual(shared.interned);
		expect(shared.codes).toEqual(shared.interned);
	});

	it('codes (none) and empty cells 0', () => {
		expect(bothCodes(['a', '', '(none)', ' a ', '\u00a0', 'b'])).toEqual({ interned: [1, 0, 0, 1, 0, 2], codes: [1, 0, 0, 1, 0, 2], halves: [1, 0, 0, 1, 0, 2] });
	});
});
