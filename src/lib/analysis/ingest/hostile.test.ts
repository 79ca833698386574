/**
 * Malformed files read to the end with every line accounted for: a quote that is never closed,
 * a late change of encoding, a header longer than the head, duplicate column names, years no
 * export holds.
 */
import { describe, expect, it } from 'vitest';
import { contactRows, errorOf, utf8, windows1252 } from '../../../../tests/fixtures/ingest-files';
import { ingestContacts, ingestContactsInRanges, ingestWeb, readCsvRows, streamContacts, type ContactIngest } from './index';

/** The rows, rejections and detected form of two readings agree (deep equality of whole tables is slow at this size). */
function expectSame(a: ContactIngest, b: ContactIngest): void {
	expect(a.rejections).toEqual(b.rejections);
	expect(a.detected).toEqual(b.detected);
	expect(contactRows(a.table)).toEqual(contactRows(b.table));
}

const HEADER = 'customer_id;timestamp;channel;motive\n';

/** `n` data lines (file lines 2 to n + 1), `edit` rewriting some of them by file line. */
function file(n: number, edit: (line: number, text: string) => string = (_, t) => t): string {
	const lines: string[] = [];
	for (let i = 0; i < n; i++) {
		const line = i + 2;
		lines.push(edit(line, `C${i % 300};2026-03-${String(1 + (i % 28)).padStart(2, '0')} 09:${String(i % 60).padStart(2, '0')};phone;BILL`));
	}
	return HEADER + lines.join('\n') + '\n';
}

describe('a quote that is never closed', () => {
	it('rejects the line that opens it, naming it, and reads every line after it (2,000 rows, quote on line 6)', async () => {
		const bytes = utf8(file(2000, (line, t) => (line === 6 ? t.replace(';BILL', ';"BILL') : t)));
		const read = await ingestContacts(bytes);
		expect(read.table.length).toBe(1999);
		expect(read.rejections.count).toBe(1);
		expect(read.rejections.byReason).toEqual({ 'unterminated-quote': 1 });
		expect(read.rejections.sample[0]).toMatchObject({ row: 6, reason: 'unterminated-quote', column: 'motive' });
		expect(read.table.length + read.rejections.count).toBe(2000);
	});

	it('bounds a quoted field far from the end of the file: the lines after it are read', async () => {
		const bytes = utf8(file(12_000, (line, t) => (line === 4000 ? t.replace(';phone', ';"phone') : t)));
		const read = await ingestContacts(bytes);
		expect(read.table.length).toBe(11_999);
		expect(read.rejections.sample).toEqual([expect.objectContaining({ row: 4000, reason: 'unterminated-quote', column: 'channel' })]);
		// Read in parts, the result is the same (or the parts are refused and the file is read whole).
		for (const parts of [2, 3, 4]) {
			const inRanges = ingestContactsInRanges(bytes, parts, {});
			if (inRanges !== null) expectSame(inRanges, read);
		}
	});

	it('still reads a quoted field that holds line breaks and closes', async () => {
		const bytes = utf8(file(50, (line, t) => (line === 6 ? t.replace(';BILL', ';"BILL\nsecond line\nthird"') : t)));
		const read = await ingestContacts(bytes);
		expect(read.table.length).toBe(50);
		expect(read.rejections.count).toBe(0);
		expect(read.table.motives).toContain('BILL\nsecond line\nthird');
	});

	it('rejects a last line whose quote runs to the end of the file', async () => {
		const bytes = utf8(HEADER + 'A;2026-03-01 09:00;phone;BILL\nB;2026-03-01 10:00;"phone;BILL');
		const read = await ingestContacts(bytes);
		expect(read.table.length).toBe(1);
		expect(read.rejections.sample).toEqual([expect.objectContaining({ row: 3, reason: 'unterminated-quote' })]);
	});

	it('reads the same in batches, from a stream', async () => {
		const bytes = utf8(file(3000, (line, t) => (line === 100 ? t.replace(';BILL', ';"BILL') : t)));
		let rows = 0;
		const summary = await streamContacts([bytes.subarray(0, 5000), bytes.subarray(5000)], {}, (batch) => (rows += batch.length));
		expect(rows).toBe(2999);
		expect(summary.rejections.sample[0]).toMatchObject({ row: 100, reason: 'unterminated-quote' });
	});

	it('rejects such a line of a web log, and a page view dated 9999', async () => {
		const text = 'customer_id,timestamp,page\nA,2026-03-01 09:00,/home\nB,2026-03-01 09:01,"/bill\nC,9999-12-31 00:00,/home\nD,2026-03-01 09:02,/help\n';
		const read = await ingestWeb(utf8(text));
		expect(read.table.length).toBe(2);
		expect(read.rejections.sample.map((r) => [r.row, r.reason])).toEqual([
			[3, 'unterminated-quote'],
			[4, 'year-out-of-range']
		]);
		expect(read.lines).toEqual({ header: 1, blank: 0, inQuotes: 0 });
	});

	it('refuses a header whose quote is never closed, naming the line', async () => {
		const error = await errorOf(ingestContacts(utf8('customer_id;"timestamp;motive\nA;2026-03-01 09:00;BILL\n')));
		expect(error.code).toBe('unterminated-quote');
		expect(error.message).toMatch(/line 1\b/);
	});

	it('refuses a side file with such a quote, naming the line', async () => {
		const rows = async () => {
			for await (const _ of readCsvRows(utf8('motive,category\nBILL,"Billing\nMOVE,Moving\n'))) void _;
		};
		const error = await errorOf(rows());
		expect(error.message).toMatch(/line 2\b/);
	});
});

describe('an encoding told late', () => {
	/** All ASCII, with fields longer than 12 bytes, for more than the 64 KB head; then accents. */
	const text = file(3000, (line, t) =>
		line === 2900 ? 'Zoé;2026-03-02 09:00;phone;Réclamation énergie' : t.replace('BILL', 'Facturation mensuelle')
	);

	it('reads Windows-1252 accents past an ASCII head whose fields are longer than twelve bytes', async () => {
		const bytes = windows1252(text);
		expect(bytes.length).toBeGreaterThan(64 * 1024);
		const read = await ingestContacts(bytes);
		expect(read.detected.encoding).toBe('windows-1252');
		expect(read.table.motives).toContain('Réclamation énergie');
		expect(read.table.customers).toContain('Zoé');
		for (const parts of [2, 3]) {
			const inRanges = ingestContactsInRanges(bytes, parts);
			if (inRanges !== null) expectSame(inRanges, read);
		}
	});

	it('reads them when the caller named UTF-8 from an all-ASCII head (the import wizard)', async () => {
		const read = await ingestContacts(windows1252(text), { encoding: 'utf-8' });
		expect(read.detected.encoding).toBe('windows-1252');
		expect(read.table.motives).toContain('Réclamation énergie');
	});

	it('refuses a file that mixes UTF-8 and Windows-1252, naming the line, rather than replace characters', async () => {
		// UTF-8 told in the head, Windows-1252 bytes on line 3003.
		const head = utf8(file(3000, (line, t) => (line === 2 ? 'Zoé;2026-03-01 09:00;phone;Facture' : t)));
		const mixed = new Uint8Array([...head, ...windows1252('Zoé;2026-03-03 09:00;phone;Résiliation\n')]);
		const error = await errorOf(ingestContacts(mixed));
		expect(error.code).toBe('mixed-encoding');
		expect(error.message).toMatch(/line 3002\b/);
		expect(ingestContactsInRanges(mixed, 2)).toBeNull();
	});
});

describe('headers', () => {
	it('reads a header longer than the 64 KB head, with no phantom line 2', async () => {
		const extra = Array.from({ length: 4000 }, (_, i) => `extra_column_${String(i).padStart(5, '0')}`);
		const header = ['customer_id', 'timestamp', ...extra, 'motive'].join(',');
		const rows = Array.from({ length: 10 }, (_, i) => [`C${i}`, '2026-03-01 09:00', ...extra.map(() => ''), 'BILL'].join(','));
		const bytes = utf8(header + '\n' + rows.join('\n') + '\n');
		expect(header.length).toBeGreaterThan(64 * 1024);
		const read = await ingestContacts(bytes);
		expect(read.rejections.count).toBe(0);
		expect(read.table.length).toBe(10);
		expect(read.detected.headers.at(-1)).toBe('motive');
		expect(read.table.motives).toEqual(['BILL']);
		const inRanges = ingestContactsInRanges(bytes, 2);
		if (inRanges !== null) expectSame(inRanges, read);
	});

	it('refuses a file of one giant line as a header without data, not as a rejected line 2', async () => {
		const line = 'customer_id,timestamp,' + 'x,'.repeat(100_000);
		const error = await errorOf(ingestContacts(utf8(line)));
		expect(error.code).toBe('header-only');
	});

	it('refuses duplicate column names that would be read, naming them, unless the mapping says which', async () => {
		const text = 'customer_id,timestamp,motive,customer_id\nA,2026-03-01 09:00,BILL,B\n';
		const error = await errorOf(ingestContacts(utf8(text)));
		expect(error.code).toBe('duplicate-columns');
		expect(error.message).toContain('"customer_id"');
		const read = await ingestContacts(utf8(text), { mapping: { customer_id: 3, timestamp: 1, motive: 2 } });
		expect(read.table.customers).toEqual(['B']);
		// Columns the import does not read may share a name (the empty names of trailing delimiters).
		expect((await ingestContacts(utf8('customer_id,timestamp,,\nA,2026-03-01 09:00,,\n'))).table.length).toBe(1);
	});
});

describe('years no export holds', () => {
	const text =
		HEADER +
		'A;2026-03-01 09:00;phone;BILL\n' +
		'B;9999-12-31 00:00;phone;BILL\n' +
		'C;1900-01-01 00:00;phone;BILL\n' +
		'D;2026-03-02 09:00;phone;BILL\n';

	it('rejects a year outside 1990–2100 with its own reason, so a 9999-12-31 placeholder is not the latest contact', async () => {
		const read = await ingestContacts(utf8(text));
		expect(read.table.length).toBe(2);
		expect(Math.max(...read.table.time)).toBe(Date.UTC(2026, 2, 2, 9));
		expect(read.rejections.byReason).toEqual({ 'year-out-of-range': 2 });
		expect(read.rejections.sample).toEqual([
			{ row: 3, reason: 'year-out-of-range', column: 'timestamp', value: '9999-12-31 00:00' },
			{ row: 4, reason: 'year-out-of-range', column: 'timestamp', value: '1900-01-01 00:00' }
		]);
		expect(ingestContactsInRanges(utf8(text), 2)?.rejections).toEqual(read.rejections);
	});

	it('takes the range the caller gives, in dd/mm/yyyy too', async () => {
		const read = await ingestContacts(utf8(text), { years: { from: 1900, to: 9999 } });
		expect(read.table.length).toBe(4);
		const dmy = await ingestContacts(utf8(HEADER + 'A;01/03/2026 09:00;phone;BILL\nB;31/12/2200 00:00;phone;BILL\n'));
		expect(dmy.rejections.byReason).toEqual({ 'year-out-of-range': 1 });
	});
});
