import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	asyncChunks,
	chunked,
	contactRows,
	csvText,
	errorOf,
	utf8,
	webRows,
	windows1252,
	type Cell
} from '../../../../tests/fixtures/ingest-files';
import { FALSE, INBOUND, OUTBOUND, TRUE, UNKNOWN } from '../table';
import { ingestContacts, ingestWeb, readCsvRows, readSideFile, sniffContacts, sniffWeb } from './index';

const HEADER = ['customer_id', 'timestamp', 'channel', 'motive'];

/** A contact row in canonical columns, with readable defaults. */
function row(overrides: Partial<Record<string, Cell>> = {}, header = HEADER): Cell[] {
	const defaults: Record<string, Cell> = { customer_id: 'A', timestamp: '2026-03-01 09:00', channel: 'phone', motive: 'BILL' };
	return header.map((h) => (h in overrides ? overrides[h] : defaults[h]));
}

describe('CSV records', () => {
	it('reads quoted fields holding delimiters, doubled quotes and line breaks of every kind', async () => {
		const text =
			'customer_id,timestamp,motive,channel\r\n' +
			'A,2026-03-01 09:00,"Bill, late",phone\r\n' +
			'B,2026-03-01 10:00,"He said ""no""",chat\r\n' +
			'C,2026-03-01 11:00,"two\r\nlines\nand\rthree",email\n' +
			'"D",2026-03-01 12:00,"",mail';
		const { table, rejections } = await ingestContacts(utf8(text));
		expect(rejections.count).toBe(0);
		expect(contactRows(table).map((r) => [r.customer, r.motive, r.channel])).toEqual([
			['A', 'Bill, late', 'phone'],
			['B', 'He said "no"', 'chat'],
			['C', 'two\r\nlines\nand\rthree', 'email'],
			['D', 'unqualified', 'mail']
		]);
	});

	it('skips blank lines, including the empty rows spreadsheets leave', async () => {
		const text = 'customer_id;timestamp\n\nA;2026-03-01 09:00\r\n\r\n;\n  \nB;2026-03-02 09:00\n\n';
		const { table, rejections } = await ingestContacts(utf8(text));
		expect(table.length).toBe(2);
		expect(rejections.count).toBe(0);
	});

	it('ignores extra fields and reads missing ones as empty', async () => {
		const text = 'customer_id,timestamp,channel,resolved\nA,2026-03-01 09:00,phone,true,extra,more\nB,2026-03-01 10:00\n';
		const rows = contactRows((await ingestContacts(utf8(text))).table);
		expect(rows.map((r) => [r.customer, r.channel, r.resolved])).toEqual([
			['A', 'phone', TRUE],
			['B', 'unknown', UNKNOWN]
		]);
	});

	it('gives the same tables however the bytes are cut into chunks', async () => {
		const text =
			'\uFEFFid contact;Client;Date;Canal;Motif;Équipe\r\n' +
			'c1;A;01/03/2026 09:00;Téléphone;"Facture; retard";Équipe Sud\r\n' +
			'c2;B;13/03/2026 10:00;chat;"dit ""non""\r\npuis part";\r\n' +
			'c3;;14/03/2026 10:00;chat;x;y\r\n' +
			'c4;C;pas une date;chat;x;y\r\n' +
			'\r\n' +
			'c5;Ünïcödé 🙂;15/03/2026 10:00;CHAT;Motif é;Équipe Sud';
		const bytes = new TextEncoder().encode(text);
		const whole = await ingestContacts(bytes);
		expect(whole.table.length).toBe(3);
		await fc.assert(
			fc.asyncProperty(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 12 }), fc.boolean(), async (cuts, sync) => {
				const chunks = chunked(bytes, cuts);
				const result = await ingestContacts(sync ? chunks : asyncChunks(chunks));
				expect(contactRows(result.table)).toEqual(contactRows(whole.table));
				expect(result.rejections).toEqual(whole.rejections);
			}),
			{ numRuns: 150 }
		);
	});

	it('reads back any cells written by an RFC 4180 writer', async () => {
		const cell = fc.string({ unit: fc.constantFrom('a', 'É', '🙂', ' ', ',', ';', '"', '\r', '\n', '\t', '0'), maxLength: 6 });
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 8 }),
				fc.constantFrom(',', ';', '\t'),
				fc.integer({ min: 1, max: 40 }),
				async (cells, delimiter, step) => {
					const rows = cells.map(([a, b, c]) => ['id' + a, b, c]);
					const bytes = utf8(csvText(['x', 'y', 'z'], rows, { delimiter }));
					const cuts = Array.from({ length: Math.ceil(bytes.length / step) }, (_, i) => i * step);
					const read: string[][] = [];
					for await (const r of readCsvRows(chunked(bytes, cuts), { delimiter })) read.push(r);
					expect(read).toEqual([['x', 'y', 'z'], ...rows]);
				}
			),
			{ numRuns: 200 }
		);
	});

	it('gives the same rows at every single cut position', async () => {
		const bytes = utf8('customer_id,timestamp,motive\r\nA,2026-03-01 09:00,"é\r\n""x"""\r\nB,2026-03-01 10:00,ü');
		const whole = contactRows((await ingestContacts(bytes)).table);
		for (let cut = 0; cut <= bytes.length; cut++) {
			expect(contactRows((await ingestContacts(chunked(bytes, [cut]))).table)).toEqual(whole);
		}
	});
});

describe('encodings and delimiters', () => {
	const header = ['Client', 'Date', 'Canal', 'Motif', 'Équipe'];
	const rows = [
		['Éloïse', '01/03/2026 09:00', 'Téléphone', 'Résiliation', 'Équipe Sud'],
		['Bob', '02/03/2026 10:30', 'Courrier', 'Facture, erreur', 'Nord']
	];
	const expected = [
		// Channel names are read through the synonym table: Téléphone is phone, Courrier postal mail.
		{ customer: 'Éloïse', channel: 'phone', motive: 'Résiliation', team: 'Équipe Sud' },
		{ customer: 'Bob', channel: 'mail', motive: 'Facture, erreur', team: 'Nord' }
	];
	const pick = (r: ReturnType<typeof contactRows>[number]) => ({
		customer: r.customer,
		channel: r.channel,
		motive: r.motive,
		team: r.team
	});

	it.each([
		['UTF-8', utf8(csvText(header, rows)), 'utf-8', false],
		['UTF-8 with BOM', utf8(csvText(header, rows), true), 'utf-8', true],
		['Windows-1252', windows1252(csvText(header, rows)), 'windows-1252', false]
	] as const)('reads %s', async (_name, bytes, encoding, bom) => {
		const { table, detected } = await ingestContacts(bytes);
		expect(detected.encoding).toBe(encoding);
		expect(detected.bom).toBe(bom);
		expect(detected.headers).toEqual(header);
		expect(contactRows(table).map(pick)).toEqual(expected);
	});

	it.each([
		[';', 'semicolon'],
		['\t', 'tab'],
		[',', 'comma']
	])('detects the %j delimiter (%s), counting outside quotes', async (delimiter) => {
		const text = csvText(header, rows, { delimiter, newline: '\r\n' });
		const { table, detected } = await ingestContacts(utf8(text));
		expect(detected.delimiter).toBe(delimiter);
		expect(contactRows(table).map(pick)).toEqual(expected);
	});

	it('follows a `sep=` first line and counts it as a line', async () => {
		const text = 'sep=;\r\nClient;Date\r\nA;01/03/2026 09:00\r\n;02/03/2026 09:00\r\n';
		const { table, rejections, detected } = await ingestContacts(utf8(text));
		expect(detected.delimiter).toBe(';');
		expect(table.length).toBe(1);
		expect(rejections.sample[0].row).toBe(4);
	});

	it('switches to Windows-1252 at the first accent past an all-ASCII head', async () => {
		const rows = Array.from({ length: 3000 }, (_, i) => row({ customer_id: `C${i}`, motive: 'Facture' }));
		rows.push(row({ customer_id: 'Zoé', motive: 'Résiliation' }));
		const bytes = windows1252(csvText(HEADER, rows));
		expect(bytes.length).toBeGreaterThan(65_536);
		const { table, detected } = await ingestContacts(chunked(bytes, [70_000]));
		expect(detected.encoding).toBe('windows-1252');
		expect(table.customers.at(-1)).toBe('Zoé');
		expect(table.motives).toEqual(['Facture', 'Résiliation']);
		const asUtf8 = await ingestContacts(utf8(csvText(HEADER, rows)));
		expect(asUtf8.detected.encoding).toBe('utf-8');
		expect(asUtf8.table.customers.at(-1)).toBe('Zoé');
	});

	it('lets the caller force the encoding and delimiter', async () => {
		const bytes = windows1252('Who,x;When\nÉ,1;2026-03-01 09:00\n');
		const mapping = { customer_id: 0, timestamp: 1 };
		const { table } = await ingestContacts(bytes, { encoding: 'windows-1252', delimiter: ';', mapping });
		expect(table.customers).toEqual(['É,1']);
		const guessed = await ingestContacts(bytes, { mapping });
		expect(guessed.detected.delimiter).toBe(',');
	});
});

describe('values', () => {
	it.each([
		['iso', '2026-03-01T09:00:00Z', '2026-03-01T09:00:00.000Z'],
		['iso with offset', '2026-03-01T09:00:00+01:00', '2026-03-01T08:00:00.000Z'],
		['iso with milliseconds', '2026-03-01 09:00:00.250', '2026-03-01T09:00:00.250Z'],
		['dmy', '13/03/2026 09:00', '2026-03-13T09:00:00.000Z'],
		['dmy with seconds', '13/03/2026 09:00:07', '2026-03-13T09:00:07.000Z'],
		['mdy', '03/13/2026 09:00', '2026-03-13T09:00:00.000Z'],
		['ymd', '2026-03-13 09:00', '2026-03-13T09:00:00.000Z'],
		['date only', '2026-03-13', '2026-03-13T00:00:00.000Z'],
		['excel serial', '46094.375', '2026-03-13T09:00:00.000Z'],
		['twitter', 'Fri Mar 13 09:00:00 +0000 2026', '2026-03-13T09:00:00.000Z']
	])('detects and reads %s timestamps', async (_name, text, iso) => {
		const csv = csvText(['customer_id', 'timestamp'], [['A', text]]);
		// In UTC, times with a zone keep their UTC date and hour (time-zone.test.ts covers other zones).
		const { table, detected } = await ingestContacts(utf8(csv), { timeZone: 'UTC' });
		expect(detected.dateFormat).not.toBeNull();
		expect(new Date(table.time[0]).toISOString()).toBe(iso);
	});

	it('joins a date column and a separate time-of-day column', async () => {
		const text = csvText(['Client', 'Date', 'Heure'], [
			['A', '01/03/2026', '09:30'],
			['B', '13/03/2026', '9h05'],
			['C', '14/03/2026', '17:45:30'],
			['D', '15/03/2026', ''],
			['E', '16/03/2026', 'midi']
		], { delimiter: ';' });
		const { table, rejections, detected } = await ingestContacts(windows1252(text));
		expect(detected.mapping.timestamp).toBe(1);
		expect(detected.timeOfDayColumn).toBe(2);
		expect(contactRows(table).map((r) => r.time)).toEqual([
			'2026-03-01T09:30:00.000Z',
			'2026-03-13T09:05:00.000Z',
			'2026-03-14T17:45:30.000Z',
			'2026-03-15T00:00:00.000Z'
		]);
		expect(rejections.sample).toEqual([{ row: 6, reason: 'bad-timestamp', column: 'Heure', value: 'midi' }]);
		const timeFirst = await ingestContacts(utf8('time,date,customer\n10:00,2026-03-01,A\n'));
		expect(contactRows(timeFirst.table)[0].time).toBe('2026-03-01T10:00:00.000Z');
		const timeAlone = await ingestContacts(utf8('time,customer\n2026-03-01 10:00,A\n'));
		expect(contactRows(timeAlone.table)[0].time).toBe('2026-03-01T10:00:00.000Z');
	});

	it('reads day and month as the user says, even where detection would not', async () => {
		const csv = csvText(['customer_id', 'timestamp'], [['A', '03/04/2026 10:00']]);
		const auto = await ingestContacts(utf8(csv));
		const us = await ingestContacts(utf8(csv), { dateFormat: 'mdy' });
		expect(new Date(auto.table.time[0]).toISOString()).toBe('2026-04-03T10:00:00.000Z');
		expect(new Date(us.table.time[0]).toISOString()).toBe('2026-03-04T10:00:00.000Z');
	});

	it('reads booleans, directions and scores, counting what it could not read', async () => {
		const header = ['customer_id', 'timestamp', 'direction', 'transferred', 'callback', 'resolved', 'survey_resolved', 'csat', 'nps'];
		const rows: Cell[][] = [
			['A', '2026-03-01 09:00', 'Entrant', 'oui', 'NON', 'Vrai', 'y', '5', '10'],
			['B', '2026-03-01 09:00', 'sortant', '1', '0', 'faux', 'n', '1', '0'],
			['C', '2026-03-01 09:00', '', '', '', '', '', '', ''],
			['D', '2026-03-01 09:00', 'OUT', 'TRUE', 'False', 'o', 'N', '6', '11'],
			['E', '2026-03-01 09:00', 'Entrée', 'peut-être', 'yes', 'no', 'Oui', '0', '-1']
		];
		const { table, warnings } = await ingestContacts(utf8(csvText(header, rows)));
		const r = contactRows(table);
		expect(r.map((x) => x.direction)).toEqual(['inbound', 'outbound', 'inbound', 'outbound', 'inbound']);
		expect(r.map((x) => x.transferred)).toEqual([TRUE, TRUE, UNKNOWN, TRUE, UNKNOWN]);
		expect(r.map((x) => x.callback)).toEqual([FALSE, FALSE, UNKNOWN, FALSE, TRUE]);
		expect(r.map((x) => x.resolved)).toEqual([TRUE, FALSE, UNKNOWN, TRUE, FALSE]);
		expect(r.map((x) => x.surveyResolved)).toEqual([TRUE, FALSE, UNKNOWN, FALSE, TRUE]);
		expect(r.map((x) => x.csat)).toEqual([5, 1, 0, 0, 0]);
		expect(r.map((x) => x.nps)).toEqual([10, 0, -1, -1, -1]);
		expect(warnings).toEqual({ 'bad-boolean': 1, 'bad-csat': 2, 'bad-nps': 2 });
		expect(table.present).toMatchObject({ direction: true, transferred: true, csat: true, nps: true });
		expect(table.present.channel).toBeUndefined();
	});

	it('rejects a row whose direction is neither inbound nor outbound (METRICS.md §1), unless the user mapped the word', async () => {
		const header = ['customer_id', 'timestamp', 'direction'];
		const rows: Cell[][] = [
			['A', '2026-03-01 09:00', 'e'],
			['B', '2026-03-01 09:00', 'sideways'],
			['C', '2026-03-01 09:00', ''],
			['D', '2026-03-01 09:00', 'S'],
			['E', '2026-03-01 09:00', 'Sideways ']
		];
		const { table, rejections, warnings } = await ingestContacts(utf8(csvText(header, rows)));
		// Lines 3 and 6 (the header is line 1): 2 rows rejected, 3 kept (A inbound, C empty = inbound, D outbound).
		expect(rejections.count).toBe(2);
		expect(rejections.byReason).toEqual({ direction: 2 });
		expect(rejections.sample).toEqual([
			{ row: 3, reason: 'direction', column: 'direction', value: 'sideways' },
			{ row: 6, reason: 'direction', column: 'direction', value: 'Sideways' }
		]);
		expect(warnings).toEqual({});
		expect(table.customers).toEqual(['A', 'C', 'D']);
		expect(Array.from(table.direction)).toEqual([INBOUND, INBOUND, OUTBOUND]);

		const mapped = await ingestContacts(utf8(csvText(header, rows)), { directionWords: { sideways: 'outbound' } });
		expect(mapped.rejections.count).toBe(0);
		expect(Array.from(mapped.table.direction)).toEqual([INBOUND, OUTBOUND, INBOUND, OUTBOUND, OUTBOUND]);
	});

	it('reads an `inbound` column of true/false as the direction', async () => {
		const csv = csvText(['author_id', 'inbound', 'created_at'], [
			['115712', 'True', 'Tue Oct 31 22:11:45 +0000 2017'],
			['sprintcare', 'False', 'Tue Oct 31 22:10:47 +0000 2017']
		]);
		const { table } = await ingestContacts(utf8(csv));
		expect(Array.from(table.direction)).toEqual([INBOUND, OUTBOUND]);
	});

	it('fills the defaults of METRICS.md §1 for empty cells and absent columns', async () => {
		const header = ['customer_id', 'timestamp', 'channel', 'motive', 'agent', 'team', 'segment'];
		const { table } = await ingestContacts(utf8(csvText(header, [['A', '2026-03-01 09:00', ' ', '', '', '', '']])));
		expect(contactRows(table)[0]).toMatchObject({
			channel: 'unknown',
			motive: 'unqualified',
			agent: '(none)',
			team: '(none)',
			segment: '(none)',
			direction: 'inbound',
			transferred: UNKNOWN,
			handledAt: null,
			csat: 0,
			nps: -1,
			contactId: null
		});
		const bare = await ingestContacts(utf8(csvText(['customer_id', 'timestamp'], [['A', '2026-03-01 09:00']])));
		expect(bare.table.channels).toEqual(['unknown']);
		expect(bare.table.motives).toEqual(['unqualified']);
		expect(bare.table.present).toEqual({});
	});

	it('normalises channels to lower case and trims motives and ids, sharing dictionary entries (motives case-insensitively)', async () => {
		const rows = [
			row({ customer_id: ' A ', channel: 'Phone', motive: ' BILL ' }),
			row({ customer_id: 'A', channel: 'PHONE ', motive: 'BILL' }),
			row({ customer_id: '"A"', channel: 'phone', motive: 'Bill' })
		];
		const text = csvText(HEADER, rows).replace('"""A"""', '"A"');
		const { table } = await ingestContacts(utf8(text));
		expect(table.customers).toEqual(['A']);
		expect(table.channels).toEqual(['phone']);
		// METRICS.md §1: motives compared case-insensitively, shown with their first spelling.
		expect(table.motives).toEqual(['BILL']);
		expect(Array.from(table.motive)).toEqual([0, 0, 0]);
	});

	it('counts unreadable handled_at cells without rejecting their rows', async () => {
		const header = ['customer_id', 'timestamp', 'handled_at'];
		const rows = [
			['A', '2026-03-01 09:00', '2026-03-01 09:30'],
			['B', '2026-03-01 09:00', 'later'],
			['C', '2026-03-01 09:00', '']
		];
		const { table, rejections, warnings } = await ingestContacts(utf8(csvText(header, rows)));
		expect(contactRows(table).map((r) => r.handledAt)).toEqual(['2026-03-01T09:30:00.000Z', null, null]);
		expect(rejections.count).toBe(0);
		expect(warnings).toEqual({ 'bad-handled-at': 1 });
	});

	it('keeps contact ids', async () => {
		const header = ['ID interaction', 'Client', 'Date'];
		const { table } = await ingestContacts(utf8(csvText(header, [['x-1', 'A', '2026-03-01'], ['x-2', 'A', '2026-03-02']])));
		expect(contactRows(table).map((r) => r.contactId)).toEqual(['x-1', 'x-2']);
		expect(table.present.contact_id).toBe(true);
	});

	it('pseudonymises customer ids once per distinct id', async () => {
		const seen: string[] = [];
		const transform = (id: string) => {
			seen.push(id);
			return id === 'drop' ? '' : 'h-' + id.toLowerCase();
		};
		const rows = [row({ customer_id: 'A' }), row({ customer_id: 'a' }), row({ customer_id: 'A' }), row({ customer_id: 'drop' })];
		const { table, rejections } = await ingestContacts(utf8(csvText(HEADER, rows)), { customerTransform: transform });
		expect(table.customers).toEqual(['h-a']);
		expect(Array.from(table.customer)).toEqual([0, 0, 0]);
		expect(seen).toEqual(['A', 'a', 'drop']);
		expect(rejections.byReason).toEqual({ 'missing-customer': 1 });
	});
});

describe('rejections', () => {
	it('rejects rows without a customer or a readable timestamp, with the line where each starts', async () => {
		const text =
			'customer_id,timestamp,motive\n' + // line 1
			'A,2026-03-01 09:00,"one\nline more"\n' + // lines 2-3
			',2026-03-01 09:00,x\n' + // line 4
			'\n' + // line 5
			'B,,x\n' + // line 6
			'C,yesterday,"multi\r\nline"\r\n' + // lines 7-8
			'"   ",2026-03-01 09:00,x\n' + // line 9
			'D,2026-03-02 10:00,x'; // line 10
		const { table, rejections } = await ingestContacts(utf8(text));
		expect(table.customers).toEqual(['A', 'D']);
		expect(rejections.count).toBe(4);
		expect(rejections.byReason).toEqual({ 'missing-customer': 2, 'bad-timestamp': 2 });
		expect(rejections.sample).toEqual([
			{ row: 4, reason: 'missing-customer', column: 'customer_id', value: '' },
			{ row: 6, reason: 'bad-timestamp', column: 'timestamp', value: '' },
			{ row: 7, reason: 'bad-timestamp', column: 'timestamp', value: 'yesterday' },
			{ row: 9, reason: 'missing-customer', column: 'customer_id', value: '' }
		]);
	});

	it('keeps a sample of the first hundred but counts them all', async () => {
		const rows = Array.from({ length: 250 }, (_, i) => row({ timestamp: i % 2 ? '2026-03-01 09:00' : 'n/a' }));
		const { table, rejections } = await ingestContacts(utf8(csvText(HEADER, rows)));
		expect(table.length).toBe(125);
		expect(rejections.count).toBe(125);
		expect(rejections.sample).toHaveLength(100);
		expect(rejections.sample[1].row).toBe(4);
	});
});

describe('unusable files', () => {
	it.each([
		['an empty file', new Uint8Array(0)],
		['a file of white space', utf8(' \r\n\t\n')],
		['a file with only a BOM', utf8('', true)]
	])('refuses %s', async (_name, bytes) => {
		const error = await errorOf(ingestContacts(bytes));
		expect(error.code).toBe('empty');
		expect(error.message).toBe('The file is empty.');
	});

	it.each([
		['a header', 'customer_id,timestamp\n'],
		['a header without line break', 'customer_id,timestamp'],
		['a header and blank lines', 'customer_id;timestamp\r\n;\r\n\r\n']
	])('refuses %s only', async (_name, text) => {
		const error = await errorOf(ingestContacts(utf8(text)));
		expect(error.code).toBe('header-only');
		expect(error.message).toBe('The file has a header line but no data rows.');
	});

	it('names the headers it found when the customer column is missing', async () => {
		const error = await errorOf(ingestContacts(utf8('Date;Canal\n01/03/2026;tel\n')));
		expect(error.code).toBe('no-customer-column');
		expect(error.message).toMatch(/customer/);
		expect(error.message).toContain('"Date", "Canal"');
	});

	it('names the headers it found when the timestamp column is missing', async () => {
		const error = await errorOf(ingestContacts(utf8('Client;Canal\nA;tel\n')));
		expect(error.code).toBe('no-timestamp-column');
		expect(error.message).toMatch(/timestamp/);
		expect(error.message).toContain('"Client", "Canal"');
	});

	it('refuses binary files, naming an Excel workbook as such', async () => {
		const binary = await errorOf(ingestContacts(Uint8Array.from([1, 2, 0, 0, 255, 7, 8, 0, 3])));
		expect(binary.code).toBe('not-text');
		expect(binary.message).toMatch(/text/);
		const xlsx = await errorOf(ingestContacts(Uint8Array.from([0x50, 0x4b, 3, 4, 20, 0, 6, 0])));
		expect(xlsx.code).toBe('not-text');
		expect(xlsx.message).toMatch(/Excel/);
		const controls = await errorOf(ingestContacts(Uint8Array.from({ length: 400 }, (_, i) => (i % 3 ? (i % 31) + 1 : 65))));
		expect(controls.code).toBe('not-text');
	});

	it('stops when the import is cancelled', async () => {
		const rows = Array.from({ length: 20_000 }, (_, i) => row({ customer_id: `C${i}` }));
		const bytes = utf8(csvText(HEADER, rows));
		const controller = new AbortController();
		controller.abort();
		expect((await errorOf(ingestContacts(bytes, { signal: controller.signal }))).code).toBe('aborted');

		const later = new AbortController();
		const chunks = chunked(bytes, [100_000, 200_000, 300_000]);
		async function* source() {
			for (const [i, chunk] of chunks.entries()) {
				if (i === 2) later.abort();
				yield chunk;
			}
		}
		const error = await errorOf(ingestContacts(source(), { signal: later.signal }));
		expect(error.code).toBe('aborted');
		expect(error.message).toBe('The import was cancelled.');
	});

	it('stops a file held in memory when cancelled between two steps', async () => {
		const rows = Array.from({ length: 300_000 }, (_, i) => row({ customer_id: `C${i}` }));
		const bytes = utf8(csvText(HEADER, rows));
		expect(bytes.length).toBeGreaterThan(8 << 20);
		const controller = new AbortController();
		const progress: number[] = [];
		const onProgress = (n: number) => {
			progress.push(n);
			// The cancel button's message arrives while the import runs.
			setTimeout(() => controller.abort(), 0);
		};
		const error = await errorOf(ingestContacts(bytes, { signal: controller.signal, onProgress }));
		expect(error.code).toBe('aborted');
		expect(progress.at(-1)).toBeLessThan(bytes.length);
	});
});

describe('column growth', () => {
	it('gives the same table whether the columns were sized up front or grown', async () => {
		const header = ['customer_id', 'timestamp', 'channel', 'resolved', 'handled_at', 'csat', 'contact_id'];
		const rows = Array.from({ length: 70_000 }, (_, i) => [
			`C${i % 5003}`,
			`2026-03-${String((i % 28) + 1).padStart(2, '0')} 09:00`,
			i % 3 ? 'phone' : 'Chat',
			i % 2 ? 'oui' : '',
			i % 5 ? '' : '2026-03-01 10:00',
			(i % 6) + 1,
			`K${i}`
		]);
		const bytes = utf8(csvText(header, rows));
		const sized = await ingestContacts(bytes);
		const grown = await ingestContacts(bytes, { sizeHint: 1000 });
		const streamed = await ingestContacts(asyncChunks(chunked(bytes, [1 << 16, 1 << 20])));
		expect(sized.table.length).toBe(70_000);
		expect(contactRows(grown.table)).toEqual(contactRows(sized.table));
		expect(contactRows(streamed.table)).toEqual(contactRows(sized.table));
		expect(sized.table.customers).toHaveLength(5003);
		expect(sized.table.customer.length).toBe(70_000);
	});
});

describe('progress', () => {
	it('reports the bytes read as it goes, ending with the whole file', async () => {
		const rows = Array.from({ length: 150_000 }, (_, i) => row({ customer_id: `C${i % 997}` }));
		const bytes = utf8(csvText(HEADER, rows));
		const seen: number[] = [];
		const { table } = await ingestContacts(bytes, { onProgress: (n) => seen.push(n) });
		expect(table.length).toBe(150_000);
		expect(seen.length).toBeGreaterThanOrEqual(2);
		expect(seen.at(-1)).toBe(bytes.length);
		expect([...seen].sort((a, b) => a - b)).toEqual(seen);
	});
});

describe('a French Excel export', () => {
	const frenchHeader = [
		'N° client', 'Date du contact', 'Canal', 'Motif de contact', 'Sens', 'Conseiller', 'Équipe',
		'Transféré', 'Rappel', 'Résolu', 'Date de réponse', 'Satisfaction'
	];
	const canonicalHeader = [
		'customer_id', 'timestamp', 'channel', 'motive', 'direction', 'agent', 'team',
		'transferred', 'callback', 'resolved', 'handled_at', 'csat'
	];
	const contacts = [
		{ c: 'C001', t: [2026, 3, 1, 9, 5], ch: 'Téléphone', m: 'Facture erronée', d: 'Entrant', a: 'Hélène', team: 'Équipe Sud', tr: 'Non', cb: 'Non', r: 'Oui', h: [2026, 3, 1, 9, 20], s: '5' },
		{ c: 'C002', t: [2026, 3, 13, 14, 30], ch: 'E-mail', m: 'Résiliation; urgent', d: 'Entrant', a: 'Loïc', team: 'Nord', tr: 'Oui', cb: 'Non', r: 'Non', h: null, s: '' },
		{ c: 'C001', t: [2026, 3, 20, 8, 0], ch: 'Téléphone', m: 'Facture erronée', d: 'Sortant', a: 'Hélène', team: 'Équipe Sud', tr: '', cb: 'Oui', r: '', h: [2026, 3, 21, 10, 0], s: '3' },
		{ c: 'C003', t: [2026, 12, 31, 23, 59], ch: 'Courrier', m: '"Adresse" à changer', d: 'Entrée', a: '', team: '', tr: 'Non', cb: 'Non', r: 'Oui', h: null, s: '4' }
	];
	const two = (n: number) => String(n).padStart(2, '0');
	const fr = (d: number[] | null) => (d ? `${two(d[2])}/${two(d[1])}/${d[0]} ${two(d[3])}:${two(d[4])}` : '');
	const iso = (d: number[] | null) => (d ? `${d[0]}-${two(d[1])}-${two(d[2])}T${two(d[3])}:${two(d[4])}:00` : '');
	const yesNo = (v: string) => (v === 'Oui' ? 'true' : v === 'Non' ? 'false' : '');
	const english = (dir: string) => (dir === 'Sortant' ? 'outbound' : 'inbound');

	it('gives the same table as its canonical twin', async () => {
		const french = windows1252(
			csvText(
				frenchHeader,
				contacts.map((x) => [x.c, fr(x.t), x.ch, x.m, x.d, x.a, x.team, x.tr, x.cb, x.r, fr(x.h), x.s]),
				{ delimiter: ';', newline: '\r\n' }
			)
		);
		const canonical = utf8(
			csvText(
				canonicalHeader,
				contacts.map((x) => [x.c, iso(x.t), x.ch.toLowerCase(), x.m, english(x.d), x.a, x.team, yesNo(x.tr), yesNo(x.cb), yesNo(x.r), iso(x.h), x.s])
			)
		);
		const a = await ingestContacts(french);
		const b = await ingestContacts(canonical);
		expect(a.detected).toMatchObject({ encoding: 'windows-1252', delimiter: ';', dateFormat: 'dmy' });
		expect(b.detected).toMatchObject({ encoding: 'utf-8', delimiter: ',', dateFormat: 'iso' });
		expect(a.detected.mapping).toEqual(b.detected.mapping);
		expect(a.rejections.count + b.rejections.count).toBe(0);
		expect(contactRows(a.table)).toEqual(contactRows(b.table));
		expect(contactRows(a.table)[1]).toMatchObject({
			customer: 'C002',
			time: '2026-03-13T14:30:00.000Z',
			channel: 'email',
			motive: 'Résiliation; urgent',
			transferred: TRUE,
			resolved: FALSE,
			csat: 0
		});
		expect(a.table.present).toEqual(b.table.present);
	});
});

describe('sniffing', () => {
	it('describes a contacts file from its head', () => {
		const text = csvText(['Client', 'Date du contact', 'Canal', 'Commentaire'], [
			['A', '13/03/2026 10:00', 'tel', 'rappel, demain'],
			['B', '14/03/2026 11:00', 'chat', '']
		], { delimiter: ';' });
		const sniffed = sniffContacts(windows1252(text));
		expect(sniffed).toMatchObject({
			encoding: 'utf-8',
			bom: false,
			delimiter: ';',
			headers: ['Client', 'Date du contact', 'Canal', 'Commentaire'],
			mapping: { customer_id: 0, timestamp: 1, channel: 2 },
			dateFormat: 'dmy'
		});
		expect(sniffed.sampleRows).toEqual([
			['A', '13/03/2026 10:00', 'tel', 'rappel, demain'],
			['B', '14/03/2026 11:00', 'chat', '']
		]);
	});

	it('keeps twenty sample rows', () => {
		const rows = Array.from({ length: 50 }, () => row());
		expect(sniffContacts(utf8(csvText(HEADER, rows))).sampleRows).toHaveLength(20);
	});

	it('describes a web file', () => {
		const sniffed = sniffWeb(utf8('id client\turl\tsession\thorodatage\nA\t/home\ts1\t2026-03-01T09:00:00Z\n'));
		expect(sniffed.delimiter).toBe('\t');
		expect(sniffed.mapping).toEqual({ customer_id: 0, page: 1, session_id: 2, timestamp: 3 });
	});
});

describe('web events', () => {
	it('reads pages and sessions, (none) when a session is missing', async () => {
		const text = csvText(['Client', 'URL', 'Session', 'Date'], [
			['A', '/compte', 's1', '2026-03-01 09:00'],
			['A', ' /facture ', '', '2026-03-01 09:01'],
			['', '/x', 's2', '2026-03-01 09:02'],
			['B', '/compte', 's2', '2026-03-01 09:03']
		]);
		const { table, rejections } = await ingestWeb(utf8(text));
		expect(webRows(table)).toEqual([
			{ customer: 'A', time: '2026-03-01T09:00:00.000Z', page: '/compte', session: 's1' },
			{ customer: 'A', time: '2026-03-01T09:01:00.000Z', page: '/facture', session: '(none)' },
			{ customer: 'B', time: '2026-03-01T09:03:00.000Z', page: '/compte', session: 's2' }
		]);
		expect(rejections.sample).toEqual([{ row: 4, reason: 'missing-customer', column: 'Client', value: '' }]);
	});

	it('gives session ids the same codes when it keeps no texts as when it keeps them', async () => {
		const tricky = ['s1', ' s1 ', '', '\u00a0', 's1\u00a0', 'séance', '"q""uoted"', 'q"uoted', 'a-session-id-longer-than-16-bytes', '(none)', 'S00000001', 'S00000002'];
		await fc.assert(
			fc.asyncProperty(fc.array(fc.constantFrom(...tricky), { minLength: 1, maxLength: 40 }), async (ids) => {
				const text = 'customer_id,timestamp,page,session_id\n' + ids.map((id, i) => `C${i % 3},2026-03-01 09:${String(i % 60).padStart(2, '0')},/p,${id}`).join('\n') + '\n';
				const kept = await ingestWeb(utf8(text));
				const codes = await ingestWeb(utf8(text), { sessionIds: false });
				expect(codes.table.sessions).toEqual([]);
				expect(codes.table.session).toEqual(kept.table.session);
			}),
			{ numRuns: 200 }
		);
	});

	it('codes every session (none) when the file has no session column', async () => {
		const { table } = await ingestWeb(utf8('customer_id,timestamp,page\nA,2026-03-01 09:00,/a\n'));
		expect(table.sessions[table.session[0]]).toBe('(none)');
		expect(table.session[0]).toBe(0);
	});
});

describe('readCsvRows', () => {
	it('streams decoded rows of a side file, header first', async () => {
		const bytes = windows1252('Motif;Catégorie\r\nFacture;"Argent; paiement"\r\n\r\n"Déménagement\r\nlong";Vie\r\n');
		const rows: string[][] = [];
		for await (const r of readCsvRows(chunked(bytes, [5, 17, 40]))) rows.push(r);
		expect(rows).toEqual([
			['Motif', 'Catégorie'],
			['Facture', 'Argent; paiement'],
			['Déménagement\r\nlong', 'Vie']
		]);
	});

	it('yields nothing for an empty file', async () => {
		const rows: string[][] = [];
		for await (const r of readCsvRows(new Uint8Array(0))) rows.push(r);
		expect(rows).toEqual([]);
	});
});

describe('readSideFile', () => {
	it('gives the records of a side file with the line each starts on, and what it found', async () => {
		const bytes = windows1252('Motif;Catégorie\r\nFacture;"Argent; paiement"\r\n\r\n"Déménagement\r\nlong";Vie\r\nÉnergie;Prix en ');
		// The euro sign is 0x80 in Windows-1252 (the test encoder knows only Latin-1).
		const file = await readSideFile(chunked(new Uint8Array([...bytes, 0x80, 0x0d, 0x0a]), [7, 30]));
		expect(file).toEqual({
			delimiter: ';',
			encoding: 'windows-1252',
			records: [
				{ line: 1, cells: ['Motif', 'Catégorie'] },
				{ line: 2, cells: ['Facture', 'Argent; paiement'] },
				{ line: 4, cells: ['Déménagement\r\nlong', 'Vie'] },
				{ line: 6, cells: ['Énergie', 'Prix en €'] }
			]
		});
	});

	it('gives null for an empty file', async () => {
		expect(await readSideFile(new Uint8Array(0))).toBeNull();
	});
});

// A real public sample (tests/fixtures/real/README.md).
const TWCS = fileURLToPath(new URL('../../../../tests/fixtures/real/twcs-sample.csv', import.meta.url));

describe('the Twitter customer-support sample', () => {
	it('reads 5000 tweets with multi-line text, inbound flags and Twitter dates', async () => {
		const bytes = new Uint8Array(readFileSync(TWCS));
		const { table, rejections, detected } = await ingestContacts(chunked(bytes, [65_536, 100_000, 400_000]), { timeZone: 'UTC' });
		expect(detected).toMatchObject({ delimiter: ',', encoding: 'utf-8', dateFormat: 'twitter' });
		expect(detected.mapping).toEqual({ contact_id: 0, customer_id: 1, direction: 2, timestamp: 3 });
		// One tweet has unquoted line breaks in its text: its tail is a row without author.
		expect(table.length).toBe(5000);
		expect(rejections.byReason).toEqual({ 'missing-customer': 1 });
		// Counts agree with Python's csv module on the same file.
		expect(table.direction.reduce((n, d) => n + d, 0)).toBe(2222);
		expect(table.customers).toHaveLength(1519);
		const rows = contactRows(table);
		expect(rows[0]).toMatchObject({ customer: 'sprintcare', time: '2017-10-31T22:10:47.000Z', direction: 'outbound', contactId: '1' });
		expect(rows[1]).toMatchObject({ customer: '115712', direction: 'inbound' });
		const times = Array.from(table.time);
		expect(times.every((t) => t > Date.UTC(2008, 0) && t < Date.UTC(2018, 0))).toBe(true);
	});
});
