/**
 * Fuzzing the reader: random bytes and real exports mutated the ways files get damaged (quotes
 * added or lost, delimiters swapped, line endings changed, re-encoded, cut short). Whatever the
 * bytes, a reading never throws anything but an IngestError (a refusal), accounts for every line
 * (METRICS.md §1: header + blank + inside quotes + rows read + rows rejected = the file's lines,
 * each rejection on one of them), and a reading in parts, in memory or by the command line's
 * range readers, gives what one reading gives.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestError, ingestContacts, ingestContactsInRanges, type ContactIngest } from '../lib/analysis/ingest/index';
import { encodeText } from '../lib/analysis/ingest/text';
import type { WorkerReply, WorkerRequest } from './ingest-worker';
import { RangeReader } from './range-reader';
import { readContactsFile } from './read-contacts';

/** Runs per property: each reads a file (up to 400 KB) six ways; the whole file takes a few seconds. */
const RUNS = 60;
const DAMAGED_RUNS = 40;

const ROOT = join(import.meta.dirname, '../..');
const SAMPLES = [
	'tests/fixtures/worked-example.csv',
	'tests/fixtures/data-french-export.csv',
	'tests/fixtures/overlay-contacts.csv',
	'tests/fixtures/parity-contacts.csv',
	'tests/fixtures/real/twcs-sample.csv'
]
	.map((path) => join(ROOT, path))
	.map((path) => new Uint8Array(readFileSync(path)));

const dir = mkdtempSync(join(tmpdir(), 'parcours-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lines of a file as a text editor counts them (CR, LF or CR LF end one; a last line may lack it), after a UTF-8 mark. */
function fileLines(b: Uint8Array): number {
	const from = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
	let n = 0;
	for (let i = from; i < b.length; i++) {
		if (b[i] === 10) n++;
		else if (b[i] === 13) {
			n++;
			if (b[i + 1] === 10) i++;
		}
	}
	const last = b[b.length - 1];
	return b.length > from && last !== 10 && last !== 13 ? n + 1 : n;
}

/** The reading, or the refusal's code; anything else thrown fails the property. */
async function outcome(read: () => Promise<ContactIngest | null> | ContactIngest | null): Promise<ContactIngest | null | { refused: string }> {
	try {
		return await read();
	} catch (error) {
		if (error instanceof IngestError) return { refused: error.code };
		throw error;
	}
}

function isRefusal(x: unknown): x is { refused: string } {
	return typeof x === 'object' && x !== null && 'refused' in x;
}

/** Every line accounted for, and every rejection on a line of the file. */
function expectAccounted(read: ContactIngest, bytes: Uint8Array): void {
	const { header, blank, inQuotes } = read.lines;
	expect(header + blank + inQuotes + read.table.length + read.rejections.count).toBe(fileLines(bytes));
	for (const r of read.rejections.sample) {
		expect(r.row).toBeGreaterThan(header);
		expect(r.row).toBeLessThanOrEqual(fileLines(bytes));
	}
}

/**
 * A thread of `readContactsFile` run in this one, answering as `ingest-worker.ts` does: the
 * reading in parts and its range readers are exercised without the cost of starting threads.
 */
class InThreadWorker extends EventEmitter {
	private reader: RangeReader | null = null;
	postMessage(request: WorkerRequest): void {
		let reply: WorkerReply;
		try {
			if (request.type === 'read') {
				this.reader = new RangeReader(request.path, request);
				reply = { type: 'quotes', quotes: this.reader.quotes() };
			} else if (request.type === 'ingest') {
				reply = { type: 'done', part: this.reader!.ingest(request) };
				this.reader = null;
			} else {
				// Whole logs are not read here: the caller reads them itself.
				reply = { type: 'failed' };
			}
		} catch (error) {
			setImmediate(() => this.emit('error', error));
			return;
		}
		setImmediate(() => this.emit('message', reply));
	}
	terminate(): Promise<number> {
		return Promise.resolve(0);
	}
}
const inThread = () => new InThreadWorker() as unknown as Worker;

/** Bytes that fast-check prints short when a run fails (their size, start and end as text). */
function shown(b: Uint8Array): Uint8Array {
	const text = (x: Uint8Array) => JSON.stringify(new TextDecoder().decode(x));
	return Object.assign(b, {
		[fc.toStringMethod]: () => `${b.length} bytes: ${text(b.subarray(0, 120))} … ${text(b.subarray(Math.max(0, b.length - 120)))}`
	});
}

/** `expect(a).toEqual(b)`, with Node's comparison first: vitest's diffing equality is slow on tables of thousands of rows. */
function expectSameReading(a: unknown, b: unknown): void {
	if (!isDeepStrictEqual(a, b)) expect(a).toEqual(b);
	else expect(true).toBe(true);
}

let files = 0;
/** Reads `bytes` whole, in memory in 2 and 3 parts, and by the command line on 2 and 3 threads; checks they agree. */
async function checkReader(bytes: Uint8Array): Promise<void> {
	const whole = await outcome(() => ingestContacts(bytes));
	if (!isRefusal(whole)) expectAccounted(whole!, bytes);
	for (const parts of [2, 3]) {
		const inRanges = await outcome(() => ingestContactsInRanges(bytes, parts));
		// Null: the parts were refused, and the file is read whole.
		if (inRanges !== null) expectSameReading(inRanges, whole);
	}
	const path = join(dir, `f${files++}.csv`);
	writeFileSync(path, bytes);
	const cliWhole = await outcome(() => readContactsFile(path, bytes.length, { threads: 1, contactIds: true }));
	expectSameReading(cliWhole, whole);
	for (const threads of [2, 3]) {
		const read = await outcome(() => readContactsFile(path, bytes.length, { threads, parallelFrom: 0, startWorker: inThread, contactIds: true }));
		expectSameReading(read, whole);
	}
	rmSync(path);
}

const QUOTE = 34;
type Mutation = (b: Uint8Array) => Uint8Array;
const at = (b: Uint8Array, f: number) => Math.floor(f * (b.length + 1));
const splice = (b: Uint8Array, from: number, to: number, insert: ArrayLike<number> = []): Uint8Array =>
	new Uint8Array([...b.subarray(0, from), ...Array.from(insert), ...b.subarray(to)]);
function replaceAll(b: Uint8Array, pairs: [number[], number[]][]): Uint8Array {
	const out: number[] = [];
	for (let i = 0; i < b.length; ) {
		const pair = pairs.find(([from]) => from.every((x, k) => b[i + k] === x));
		if (pair) {
			out.push(...pair[1]);
			i += pair[0].length;
		} else out.push(b[i++]);
	}
	return Uint8Array.from(out);
}

/** The ways files get damaged, each at a random place. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	fc.double({ min: 0, max: 1, noNaN: true }).map((f) => (b: Uint8Array) => splice(b, at(b, f), at(b, f), [QUOTE])),
	fc.double({ min: 0, max: 1, noNaN: true }).map((f) => (b: Uint8Array) => {
		const i = b.indexOf(QUOTE, at(b, f));
		return i < 0 ? b : splice(b, i, i + 1);
	}),
	fc.constantFrom<[number, number]>([44, 59], [59, 44], [44, 9], [59, 9]).map(([x, y]) => (b: Uint8Array) =>
		replaceAll(b, [[[x], [y]], [[y], [x]]])
	),
	fc.double({ min: 0, max: 1, noNaN: true }).map((f) => (b: Uint8Array) => {
		const i = at(b, f);
		return i < b.length ? splice(b, i, i + 1, [[44, 59, 9, 10, 13, 34][i % 6]]) : b;
	}),
	fc.constantFrom<[number[], number[]][]>(
		[[[13, 10], [10]]],
		[[[13, 10], [13]], [[10], [13]]],
		[[[13, 10], [13, 10]], [[10], [13, 10]]]
	).map((pairs) => (b: Uint8Array) => replaceAll(b, pairs)),
	fc.constant((b: Uint8Array) => encodeText(new TextDecoder().decode(b), 'windows-1252')),
	fc.constant((b: Uint8Array) => {
		const text = new TextDecoder().decode(b);
		const out = new Uint8Array(2 + text.length * 2);
		out.set([0xff, 0xfe]);
		for (let i = 0; i < text.length; i++) {
			out[2 + 2 * i] = text.charCodeAt(i) & 0xff;
			out[3 + 2 * i] = text.charCodeAt(i) >> 8;
		}
		return out;
	}),
	fc.double({ min: 0, max: 1, noNaN: true }).map((f) => (b: Uint8Array) => b.subarray(0, at(b, f)))
);

/** A real export (its first bytes, up to 400 KB), damaged one to four ways. */
const damagedExport = fc
	.record({
		sample: fc.integer({ min: 0, max: SAMPLES.length - 1 }),
		// Small; past the 64 KB head; past the 64 KB margin the range readers read beyond their range.
		length: fc.oneof(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 60_000, max: 100_000 }), fc.integer({ min: 200_000, max: 400_000 })),
		mutations: fc.array(mutation, { minLength: 1, maxLength: 4 })
	})
	.map(({ sample, length, mutations }) => shown(mutations.reduce<Uint8Array>((b, m) => m(b), SAMPLES[sample].slice(0, length))));

describe('the reader on hostile input', () => {
	it(`never throws, accounts for every line, and reads in parts as whole: random bytes (${RUNS} runs)`, async () => {
		const header = new TextEncoder().encode('customer_id,timestamp,motive\n');
		const bytes = fc.oneof(
			fc.uint8Array({ maxLength: 3000 }),
			fc.uint8Array({ maxLength: 3000 }).map((b) => new Uint8Array([...header, ...b])),
			// Only the bytes that make records: delimiters, quotes, line breaks, a letter, a date.
			fc
				.array(fc.constantFrom(',', ';', '\t', '"', '\n', '\r', 'a', '2026-03-01 09:00'), { maxLength: 800 })
				.map((parts) => new TextEncoder().encode('customer_id,timestamp\n' + parts.join('')))
		);
		await fc.assert(fc.asyncProperty(bytes.map(shown), checkReader), { numRuns: RUNS });
	}, 120_000);

	it(`never throws, accounts for every line, and reads in parts as whole: damaged real exports (${DAMAGED_RUNS} runs)`, async () => {
		await fc.assert(fc.asyncProperty(damagedExport, checkReader), { numRuns: DAMAGED_RUNS });
	}, 120_000);

	it(`never lets a stray quote hide the lines after it (${RUNS} runs)`, async () => {
		// Rows without quotes, one quote put at the start of a field: it is never closed, so its line
		// is rejected and every other line read.
		const stray = fc
			.record({
				rows: fc.integer({ min: 1, max: 2000 }),
				line: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
				field: fc.integer({ min: 0, max: 3 }),
				newline: fc.constantFrom('\n', '\r\n', '\r')
			})
			.map(({ rows, line, field, newline }) => {
				const damaged = Math.floor(line * rows);
				const lines = Array.from({ length: rows }, (_, i) => {
					const cells = [`C${i % 50}`, `2026-03-${String(1 + (i % 28)).padStart(2, '0')} 09:00`, 'phone', 'BILL'];
					if (i === damaged) cells[field] = '"' + cells[field];
					return cells.join(';');
				});
				return { bytes: shown(new TextEncoder().encode(['customer_id;timestamp;channel;motive', ...lines].join(newline) + newline)), rows, damaged };
			});
		await fc.assert(
			fc.asyncProperty(stray, async ({ bytes, rows, damaged }) => {
				const read = await ingestContacts(bytes);
				expect(read.table.length).toBe(rows - 1);
				expect(read.rejections.sample).toEqual([expect.objectContaining({ row: damaged + 2, reason: 'unterminated-quote' })]);
				expect(read.lines).toEqual({ header: 1, blank: 0, inQuotes: 0 });
				await checkReader(bytes);
			}),
			{ numRuns: RUNS }
		);
	}, 120_000);
});
