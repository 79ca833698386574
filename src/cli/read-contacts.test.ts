import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { csvText, utf8, windows1252 } from '../../tests/fixtures/ingest-files';
import { ingestContacts, ingestEvents, ingestWeb, IngestError } from '../lib/analysis/ingest/index';
import { analyze } from '../lib/analysis/metrics';
import { defaultThreads, readContactsFile, readInLanes, readLogFile } from './read-contacts';

const dir = mkdtempSync(join(tmpdir(), 'parcours-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The worker from its TypeScript source, as the built `ingest-worker.js` runs it. */
const WORKER_SOURCE = new URL('./ingest-worker.ts', import.meta.url).href;
let started = 0;
function startWorker(): Worker {
	started++;
	return new Worker(
		`import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(WORKER_SOURCE)}); });`,
		{ eval: true }
	);
}

function file(name: string, bytes: Uint8Array): { path: string; size: number } {
	const path = join(dir, name);
	writeFileSync(path, bytes);
	return { path, size: bytes.length };
}

const HEADER = ['customer_id', 'timestamp', 'channel', 'motive', 'direction', 'resolved'];

/** Contacts with quoted multi-line motives everywhere, ties in time and rejected rows. */
function contacts(n: number): string {
	const rows = Array.from({ length: n }, (_, i) => [
		i % 97 === 0 ? '' : `C${(i * 7919) % 1000}`,
		i % 89 === 0 ? 'n/a' : `2026-03-${String(1 + (i % 28)).padStart(2, '0')} 09:0${i % 3}`,
		['phone', 'Email', 'chat'][i % 3],
		i % 5 === 0 ? `Bill,\r\nline ${i % 7}\n"late"` : `M${i % 11}`,
		i % 13 === 0 ? 'outbound' : 'inbound',
		['true', 'false', ''][i % 3]
	]);
	return csvText(HEADER, rows, { newline: '\r\n' });
}

describe('readContactsFile on several threads', () => {
	it('gives the table, rejections and figures of one reading, on real worker threads', async () => {
		const bytes = utf8(contacts(6000));
		const { path, size } = file('contacts.csv', bytes);
		const whole = await ingestContacts(bytes, { contactIds: false });
		for (const threads of [2, 3, 4]) {
			const before = started;
			const read = await readContactsFile(path, size, { threads, parallelFrom: 0, startWorker });
			expect(started - before).toBe(threads - 1);
			expect(read).toEqual(whole);
			expect(analyze(read.table, {}, { by: ['channel', 'motive'] })).toEqual(
				analyze(whole.table, {}, { by: ['channel', 'motive'] })
			);
		}
	}, 60_000);

	it('reads the file in this thread when the ranges disagree on the encoding', async () => {
		const header = 'customer_id,timestamp,motive\n';
		const filler = Array.from({ length: 4000 }, (_, i) => `C${i},2026-03-01 09:00,Facture\n`).join('');
		// UTF-8 told early, Windows-1252 bytes in the second half: the whole reading refuses the
		// file, naming the line, rather than replace characters.
		const bytes = new Uint8Array([
			...utf8(header + filler + 'Zoé,2026-03-02 09:00,x\n' + filler),
			...windows1252('Zoé,2026-03-03 09:00,Résiliation\n')
		]);
		const { path, size } = file('mixed.csv', bytes);
		const read = readContactsFile(path, size, { threads: 2, parallelFrom: 0, startWorker });
		await expect(read).rejects.toMatchObject({ code: 'mixed-encoding', message: expect.stringMatching(/line 8003\b/) });
		// All ASCII until the second half: Windows-1252 read on every thread, as in one.
		const late = windows1252(header + filler + filler + 'Zoé,2026-03-03 09:00,Résiliation énergie\n');
		const lateFile = file('late.csv', late);
		const whole = await ingestContacts(late, { contactIds: false });
		expect(whole.table.motives).toContain('Résiliation énergie');
		expect(await readContactsFile(lateFile.path, lateFile.size, { threads: 2, parallelFrom: 0, startWorker })).toEqual(whole);
	}, 60_000);

	it('reads every line after a quote that is never closed, on several threads as on one', async () => {
		const lines = Array.from({ length: 6000 }, (_, i) => `C${i % 400},2026-03-01 09:0${i % 10},phone,${i === 4 ? '"' : ''}BILL\n`);
		const bytes = utf8('customer_id,timestamp,channel,motive\n' + lines.join(''));
		const { path, size } = file('stray-quote.csv', bytes);
		const whole = await ingestContacts(bytes, { contactIds: false });
		expect(whole.table.length).toBe(5999);
		expect(whole.rejections.sample).toEqual([expect.objectContaining({ row: 6, reason: 'unterminated-quote' })]);
		for (const threads of [2, 3]) {
			expect(await readContactsFile(path, size, { threads, parallelFrom: 0, startWorker })).toEqual(whole);
		}
	}, 60_000);

	it('reads small files and single threads without workers', async () => {
		const bytes = utf8(contacts(200));
		const { path, size } = file('small.csv', bytes);
		const before = started;
		expect(await readContactsFile(path, size, { threads: 4, startWorker })).toEqual(
			await ingestContacts(bytes, { contactIds: false })
		);
		expect(await readContactsFile(path, size, { threads: 1, parallelFrom: 0, startWorker })).toEqual(
			await ingestContacts(bytes, { contactIds: false })
		);
		expect(started).toBe(before);
	});

	it('takes as many threads as there are idle cores, at least one and at most four', () => {
		expect(defaultThreads(2, 0.1)).toBe(2);
		expect(defaultThreads(2, 1.2)).toBe(1);
		expect(defaultThreads(2, 3)).toBe(1);
		expect(defaultThreads(16, 2)).toBe(4);
		expect(defaultThreads(1, 0)).toBe(1);
	});
});

describe('readLogFile', () => {
	const web = csvText(
		['customer_id', 'timestamp', 'page', 'session_id'],
		Array.from({ length: 3000 }, (_, i) => [
			i % 101 === 0 ? '' : `C${(i * 31) % 400}`,
			i % 97 === 0 ? 'never' : `2026-03-${String(1 + (i % 28)).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')}`,
			['/', '/facture', ' /aide '][i % 3],
			i % 7 === 0 ? '' : `S${Math.floor(i / 3)}`
		])
	);
	const events = csvText(
		['customer_id', 'timestamp', 'event', 'detail'],
		Array.from({ length: 2000 }, (_, i) => [`C${i % 300}`, `2026-02-${String(1 + (i % 28)).padStart(2, '0')}`, ['bill', 'late'][i % 2], i % 3 ? `${i} EUR` : ''])
	);
	const options = { timeZone: 'Europe/Paris', sizeHint: 0 };

	it('reads a web or event log in a worker thread as ingestWeb and ingestEvents do here', async () => {
		for (const [kind, text, ingest] of [
			['web', web, ingestWeb],
			['events', events, ingestEvents]
		] as const) {
			const { path, size } = file(`${kind}.csv`, utf8(text));
			const here = await ingest(utf8(text), options);
			const before = started;
			let readHere = 0;
			const read = await readLogFile(kind, path, size, options, async () => (readHere++, here), { parallelFrom: 0, startWorker });
			expect(started - before).toBe(1);
			expect(readHere).toBe(0);
			expect(read).toEqual(here);
		}
	}, 60_000);

	it('codes session ids read without their texts on the thread and here, as one reading here does', async () => {
		const { path, size } = file('web-codes.csv', utf8(web));
		const bare = { ...options, sessionIds: false };
		const here = await ingestWeb(utf8(web), bare);
		expect(here.table.sessions).toEqual([]);
		expect(new Set(here.table.session).size).toBeGreaterThan(500);
		const read = await readLogFile('web', path, size, bare, async () => here, { parallelFrom: 0, startWorker });
		expect(read).not.toBe(here);
		expect(read).toEqual(here);
	}, 60_000);

	it('reads the file here when the thread cannot, so the error is the one of a reading here', async () => {
		const { path, size } = file('no-customer.csv', utf8('page,timestamp\n/,2026-01-01\n'));
		const read = () => ingestWeb(utf8('page,timestamp\n/,2026-01-01\n'), options);
		await expect(readLogFile('web', path, size, options, read, { parallelFrom: 0, startWorker })).rejects.toBeInstanceOf(IngestError);
		// Small files are read here without a thread.
		const before = started;
		await expect(readLogFile('web', path, size, options, read, { startWorker })).rejects.toBeInstanceOf(IngestError);
		expect(started).toBe(before);
	}, 60_000);
});

describe('readInLanes', () => {
	it('runs the largest readings first, never more at once than lanes, and gives the outcomes in order', async () => {
		const started: string[] = [];
		let running = 0;
		let most = 0;
		const job = (name: string, size: number, fail = false) => ({
			size,
			read: async () => {
				started.push(name);
				most = Math.max(most, ++running);
				await new Promise((resolve) => setTimeout(resolve, size));
				running--;
				if (fail) throw new Error(`${name} failed`);
				return name;
			}
		});
		const outcomes = await readInLanes([job('contacts', 20), job('events', 10, true), job('web', 30)], 2);
		expect(started).toEqual(['web', 'contacts', 'events']);
		expect(most).toBe(2);
		expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual(['contacts', 'events failed', 'web']);
	});
});
