import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvLine, utf8, windows1252, type Cell } from '../../../../tests/fixtures/ingest-files';
import { analyze, DIMENSIONS } from '../metrics';
import {
	countQuotes,
	ingestContacts,
	ingestContactsInRanges,
	nominalCuts,
	planContactRanges,
	rangeBoundaries,
	recordStartAfter
} from './index';

const HEADER = ['customer_id', 'timestamp', 'channel', 'motive', 'direction', 'agent', 'resolved', 'transferred', 'csat'];

/** Cells users' exports hold, including the awkward ones: delimiters, quotes and line breaks in quoted fields. */
const awkward = fc.constantFrom('Bill, late', 'He said "no"', 'two\r\nlines', 'one\nmore', 'old\rmac', '"', '', ' padded ', 'É', '🙂');
const contact = fc.record({
	// Few customers and few distinct times: repeats, and ties in time broken by input order.
	customer_id: fc.oneof(fc.constantFrom('A', 'B', 'C', 'D', '', '  '), fc.constantFrom('Zoé', 'E"x"', 'F,G')),
	timestamp: fc.oneof(
		fc.constantFrom('2026-03-01 09:00', '2026-03-01 09:00', '2026-03-02 10:30', '2026-03-09 09:00'),
		fc.constantFrom('n/a', '')
	),
	channel: fc.constantFrom('phone', 'Phone', ' chat', 'email', ''),
	motive: fc.oneof(fc.constantFrom('BILL', 'MOVE', 'BILL'), awkward),
	direction: fc.constantFrom('inbound', 'outbound', 'out', 'sideways', ''),
	agent: fc.oneof(fc.constantFrom('a1', 'a2'), awkward),
	resolved: fc.constantFrom('true', 'false', 'oui', 'maybe', ''),
	transferred: fc.constantFrom('yes', 'no', ''),
	csat: fc.constantFrom('1', '5', '9', '')
});

function fileOf(rows: Record<string, Cell>[], delimiter: string, newline: string, blankEvery: number): string {
	const lines = [csvLine(HEADER, delimiter)];
	rows.forEach((r, i) => {
		lines.push(csvLine(HEADER.map((h) => r[h]), delimiter));
		if (blankEvery > 0 && i % blankEvery === blankEvery - 1) lines.push('');
	});
	return lines.join(newline) + newline;
}

function figures(table: Parameters<typeof analyze>[0]) {
	return analyze(table, {}, { by: DIMENSIONS.filter((d) => d !== 'category') });
}

describe('reading a contact file in ranges', () => {
	it('gives the table, rejections and figures of reading it whole, whatever the number of ranges', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(contact, { minLength: 1, maxLength: 60 }),
				fc.constantFrom(',', ';', '\t'),
				fc.constantFrom('\n', '\r\n'),
				fc.integer({ min: 0, max: 7 }),
				fc.integer({ min: 1, max: 9 }),
				async (rows, delimiter, newline, blankEvery, parts) => {
					const bytes = utf8(fileOf(rows, delimiter, newline, blankEvery));
					let whole;
					try {
						whole = await ingestContacts(bytes);
					} catch (error) {
						// A file without a single data record: refused alike.
						expect(() => ingestContactsInRanges(bytes, parts)).toThrow((error as Error).message);
						return;
					}
					const inRanges = ingestContactsInRanges(bytes, parts);
					expect(inRanges).not.toBeNull();
					expect(inRanges).toEqual(whole);
					expect(figures(inRanges!.table)).toEqual(figures(whole.table));
				}
			),
			{ numRuns: 400 }
		);
	});

	it('cuts at every position of a file whose quoted fields hold line breaks', async () => {
		const records = [
			'A,2026-03-01 09:00,"one\r\ntwo\nthree"\r\n',
			',2026-03-01 09:00,"x\n\ny"\r\n',
			'B,2026-03-01 09:00,"""quoted""\nline"\r\n',
			'C,never,"\n"\r\n',
			'A,2026-03-01 09:00,plain\r\n',
			'D,2026-03-01 09:00,"last\r\none"'
		];
		const header = 'customer_id,timestamp,motive\r\n';
		const text = header + records.join('');
		const starts = new Set<number>();
		records.reduce((at, r) => (starts.add(at), at + r.length), header.length);
		const bytes = utf8(text);
		const whole = await ingestContacts(bytes);
		const plan = planContactRanges(bytes, {}, true);
		expect(plan.dataStart).toBe(header.length);
		for (let cut = plan.dataStart; cut <= bytes.length; cut++) {
			const inQuotes = (countQuotes(bytes, plan.dataStart, cut) & 1) === 1;
			const start = recordStartAfter(bytes, cut, inQuotes);
			// The boundary found starts a record of the whole reading, never a line of a quoted field.
			expect(start === -1 || starts.has(start), `cut at ${cut}: ${start}`).toBe(true);
		}
		for (let parts = 1; parts <= 40; parts++) {
			expect(ingestContactsInRanges(bytes, parts), `${parts} ranges`).toEqual(whole);
		}
	});

	it('places ranges on record boundaries, in order, covering all the data', () => {
		const text = 'customer_id,timestamp,motive\n' + Array.from({ length: 200 }, (_, i) => `C${i},2026-03-01 09:00,"m\n${i}"\n`).join('');
		const bytes = utf8(text);
		const plan = planContactRanges(bytes, {}, true);
		for (const parts of [1, 2, 3, 4, 7]) {
			const bounds = rangeBoundaries(bytes, plan, parts);
			expect(bounds[0]).toBe(plan.dataStart);
			expect(bounds.at(-1)).toBe(bytes.length);
			for (let k = 1; k < bounds.length - 1; k++) {
				expect(bounds[k]).toBeGreaterThanOrEqual(bounds[k - 1]);
				// Each boundary starts a record: `C<n>,` right after a line feed outside quotes.
				expect(text.slice(bounds[k], bounds[k] + 1)).toBe('C');
			}
		}
		expect(nominalCuts(10, 110, 4)).toEqual([10, 35, 60, 85, 110]);
	});

	it('refuses, rather than misreads, ranges cut inside a record of a malformed file', async () => {
		// A quote inside an unquoted field: the quote parity no longer tells where records are.
		const rows = Array.from({ length: 40 }, (_, i) =>
			i % 4 === 3 ? `C${i},2026-03-01 09:00,"real\nline break"\n` : `C${i},2026-03-01 09:00,5" screen\n`
		);
		const bytes = utf8('customer_id,timestamp,motive\n' + rows.join(''));
		const whole = await ingestContacts(bytes);
		let refused = 0;
		for (let parts = 1; parts <= 60; parts++) {
			const inRanges = ingestContactsInRanges(bytes, parts);
			if (inRanges === null) refused++;
			else expect(inRanges).toEqual(whole);
		}
		expect(refused).toBeGreaterThan(0);
	});

	it('refuses ranges that found another encoding than the first, and agrees when they found the same', async () => {
		const filler = Array.from({ length: 3000 }, (_, i) => `C${i},2026-03-01 09:00,Facture\n`).join('');
		const header = 'customer_id,timestamp,motive\n';
		// All ASCII until far past the head, then Windows-1252 accents: the encoding is told late.
		const late = windows1252(header + filler + filler + 'Zoé,2026-03-02 09:00,Résiliation\n');
		const whole = await ingestContacts(late);
		expect(whole.detected.encoding).toBe('windows-1252');
		for (const parts of [1, 2, 3, 5]) {
			const inRanges = ingestContactsInRanges(late, parts);
			if (inRanges !== null) expect(inRanges).toEqual(whole);
		}
		expect(ingestContactsInRanges(late, 2)).toEqual(whole);
		// An accent in UTF-8 early on, and Windows-1252 bytes in a later range: a whole reading
		// refuses the file (never replacement characters); the ranges are refused.
		const mixed = new Uint8Array([
			...utf8(header + filler + 'Zoé,2026-03-02 09:00,x\n' + filler),
			...windows1252('Zoé,2026-03-03 09:00,Résiliation\n')
		]);
		expect(ingestContactsInRanges(mixed, 2)).toBeNull();
		await expect(ingestContacts(mixed)).rejects.toMatchObject({ code: 'mixed-encoding' });
	});
});

describe('motive spellings across parts', () => {
	it('makes BILL in one part and bill in a later part one motive, spelt as first seen (METRICS.md §1)', async () => {
		const lines = ['customer_id,timestamp,motive'];
		for (let i = 0; i < 50; i++) lines.push(`C${i},2026-03-01 09:00,${i < 25 ? 'BILL' : ' bill '}`);
		const bytes = utf8(lines.join('\n') + '\n');
		const whole = await ingestContacts(bytes);
		expect(whole.table.motives).toEqual(['BILL']);
		for (const parts of [2, 3, 7]) {
			const inRanges = ingestContactsInRanges(bytes, parts);
			expect(inRanges?.table.motives, `${parts} ranges`).toEqual(['BILL']);
			expect(inRanges, `${parts} ranges`).toEqual(whole);
		}
	});
});
