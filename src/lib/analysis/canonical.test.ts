import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell as anyCsvCell } from '../domain/csv-cell';
import { CanonicalContactWriter, CanonicalWebWriter, DATA, canonicalTime, contactColumnsOf } from './canonical';

const csvCell = (text: string) => anyCsvCell(text, DATA);
import { contactsCsvHeader, generateContacts, toCsvLine, toWebCsvLine, webCsvHeader } from './generate';
import { ingestContacts, ingestWeb, streamContacts, streamWeb } from './ingest/index';
import type { ContactTable, WebTable } from './table';

/** The bytes cut into chunks of `size`: a stream's windows, so a reading in batches gets several. */
function* chunks(bytes: Uint8Array, size: number): Generator<Uint8Array> {
	for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

function generated(contacts: number, seed: number): { contacts: Uint8Array; web: Uint8Array } {
	const lines = [contactsCsvHeader];
	const web = [webCsvHeader];
	generateContacts({ contacts, seed, months: 2, web: true }, { contact: (row) => lines.push(toCsvLine(row)), web: (e) => web.push(toWebCsvLine(e)) });
	const encode = (l: string[]) => new TextEncoder().encode(l.join('\n') + '\n');
	return { contacts: encode(lines), web: encode(web) };
}

function contactCsv(tables: ContactTable[]): string {
	const writer = new CanonicalContactWriter(contactColumnsOf(tables[0].present));
	const lines = [writer.header];
	for (const table of tables) writer.write(table, (line) => lines.push(line));
	return lines.join('\n');
}

function webCsv(tables: WebTable[]): string {
	const writer = new CanonicalWebWriter();
	const lines = [writer.header];
	for (const table of tables) writer.write(table, (line) => lines.push(line));
	return lines.join('\n');
}

describe('canonical form', () => {
	it('writes wall-clock times without zone, milliseconds only when not zero', () => {
		expect(canonicalTime(Date.UTC(2026, 2, 1, 9, 0, 0))).toBe('2026-03-01T09:00:00');
		expect(canonicalTime(Date.UTC(2026, 2, 1, 23, 59, 59, 5))).toBe('2026-03-01T23:59:59.005');
		expect(canonicalTime(Date.UTC(1999, 11, 31, 0, 0, 1, 250))).toBe('1999-12-31T00:00:01.250');
		expect(canonicalTime(NaN)).toBe('');
	});

	it('quotes a cell only when it holds a comma, a quote or a line break', () => {
		expect(csvCell('BILL')).toBe('BILL');
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
	});

	it('writes the same lines from batches as from the whole table, contacts and web, however the bytes are cut', async () => {
		const files = generated(2000, 7);
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1 << 10, max: 1 << 13 }), async (size) => {
				const whole = await ingestContacts(files.contacts);
				const batches: ContactTable[] = [];
				const streamed = await streamContacts(chunks(files.contacts, size), {}, (batch) => batches.push(batch));
				expect(batches.length).toBeGreaterThan(1);
				expect(streamed.rows).toBe(whole.table.length);
				expect(streamed.values).toEqual(whole.values);
				expect(contactCsv(batches)).toBe(contactCsv([whole.table]));

				const web = await ingestWeb(files.web);
				const webBatches: WebTable[] = [];
				await streamWeb(chunks(files.web, size), {}, (batch) => webBatches.push(batch));
				expect(webCsv(webBatches)).toBe(webCsv([web.table]));
			}),
			{ numRuns: 4 }
		);
	}, 30_000);

	it('writes a motive code in the first spelling met, and the engine defaults empty', async () => {
		const csv =
			'customer_id,timestamp,motive,agent,csat,nps,transferred\n' +
			'A,2026-03-01 09:00,Bill,Ana,4,,oui\n' +
			'B,2026-03-01 10:00, BILL ,,,0,non\n' +
			'C,2026-03-01 11:00,,,,10,\n';
		const { table } = await ingestContacts(new TextEncoder().encode(csv));
		expect(contactCsv([table])).toBe(
			'customer_id,timestamp,motive,agent,transferred,csat,nps\n' +
				'A,2026-03-01T09:00:00,Bill,Ana,true,4,\n' +
				'B,2026-03-01T10:00:00,Bill,,false,,0\n' +
				'C,2026-03-01T11:00:00,,,,,10'
		);
	});

	it('hands every rejected row to onReject, beyond the sample', async () => {
		const rows = Array.from({ length: 150 }, (_, i) => `C${i},not a date`).join('\n');
		const rejected: { row: number; reason: string }[] = [];
		const { rejections } = await ingestContacts(new TextEncoder().encode(`customer_id,timestamp\nA,2026-03-01 09:00\n${rows}\n`), {
			onReject: (r) => rejected.push(r)
		});
		expect(rejections.sample).toHaveLength(100);
		expect(rejected).toHaveLength(150);
		expect(rejected[149]).toMatchObject({ row: 152, reason: 'bad-timestamp', column: 'timestamp', value: 'not a date' });
	});
});
