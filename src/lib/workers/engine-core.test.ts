import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateContacts } from '$lib/analysis/generate';
import { fromRows, type ContactRow } from '$lib/analysis/from-rows';
import { HOUR } from '$lib/analysis/settings';
import { OUTBOUND, TRUE, type ContactTable } from '$lib/analysis/table';
import { pseudonymiser } from '$lib/analysis/pseudonymise';
import { freshStore } from '$lib/db/test-store';
import { rejectionsCsv } from '$lib/state/import.svelte';
import { contactChunks, contactTableFrom, webChunks, webTableFrom } from './dataset-codec';
import { Engine } from './engine-core';
import { demoWebKey } from '$lib/db/datasets';
import type { Dataset } from '$lib/db/datasets';
import { csvText, windows1252 } from '../../../tests/fixtures/ingest-files';
import { createDemoWorkspace, JOURNEY_FACTURE_ID } from '$lib/domain/demo';
import { serializeWorkspace } from '$lib/domain/workspace-file';

const WORKED = readFileSync(new URL('../../../tests/fixtures/worked-example.csv', import.meta.url));
const WORKED_SETTINGS = { observationEnd: Date.UTC(2026, 2, 31, 23, 59, 59), complexMotives: ['MOVE'] };

async function setup() {
	const store = freshStore();
	const workspace = await store.workspaceRepo.create({ name: 'Client' });
	return { ...store, workspace, engine: new Engine(store) };
}

const blob = (bytes: Uint8Array | string) => new Blob([bytes as BlobPart]);

function datasetFor(table: { length: number }, overrides: Partial<Dataset>): Dataset {
	return { rows: table.length, columns: [], dictionaries: {}, ...overrides } as Dataset;
}

function plain(table: ContactTable) {
	const copy: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(table)) copy[k] = ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v;
	return copy;
}

describe('dataset chunks', () => {
	it('give back the same contact table, across several chunks', () => {
		const rows: ContactRow[] = [];
		generateContacts({ contacts: 3000, seed: 7 }, {
			contact: (c) =>
				rows.push({
					customer_id: c.customerId,
					timestamp: new Date(c.timestamp).toISOString().slice(0, 19),
					channel: c.channel,
					motive: c.motive,
					direction: c.direction,
					agent: c.agent,
					team: c.team,
					segment: c.segment,
					transferred: c.transferred ?? undefined,
					resolved: c.resolved ?? undefined,
					csat: c.csat ?? undefined
				})
		});
		const table = fromRows(rows);
		const meta = { id: 'd', workspaceId: 'w' };
		const { chunks, dictionaries } = contactChunks(meta, table, 1000);
		expect(chunks.filter((c) => c.column === 'time').length).toBe(3);
		const dataset = datasetFor(table, { columns: Object.keys(table.present), dictionaries });
		// Small chunks: cut every column into several slices.
		expect(contactTableFrom(dataset, chunks)).toEqual(table);
		expect(plain(contactTableFrom(dataset, [...chunks].reverse()))).toEqual(plain(table));
	});

	it('give back the same web table', () => {
		const table = {
			length: 2,
			customer: new Uint32Array([0, 1]),
			customers: ['A', 'B'],
			time: new Float64Array([1, 2]),
			page: new Uint32Array([0, 0]),
			pages: ['/home'],
			session: new Uint32Array([0, 1]),
			sessions: ['(none)', 's1']
		};
		const { chunks, dictionaries } = webChunks({ id: 'd', workspaceId: 'w' }, table, 1);
		expect(webTableFrom(datasetFor(table, { dictionaries }), chunks)).toEqual(table);
	});
});

describe('Engine', () => {
	it('imports the worked example and gives the figures of METRICS.md §7', async () => {
		const { engine, workspace } = await setup();
		const progress: number[] = [];
		const outcome = await engine.importFile(workspace.id, blob(WORKED), 'worked-example.csv', 'contacts', { pseudonymise: false }, {
			onProgress: (p) => progress.push(p.bytes)
		});
		expect(outcome.dataset).toMatchObject({ rows: 11, rejected: 0, name: 'worked-example', kind: 'contacts', pseudonymised: false });
		expect(outcome.dataset.period).toEqual({ from: Date.UTC(2026, 2, 1, 9), to: Date.UTC(2026, 2, 28, 10) });
		expect(progress.at(-1)).toBe(WORKED.length);
		const result = await engine.analyze(workspace.id, { datasetId: outcome.dataset.id, settings: WORKED_SETTINGS });
		expect(result.demands).toBe(9);
		expect(result.fcr).toBeCloseTo(0.5);
		expect(result.fcrExclComplex).toBeCloseTo(3 / 7);
	});

	it('keeps the hash of the file it was given with the dataset', async () => {
		const store = freshStore();
		const workspace = await store.workspaceRepo.create({ name: 'Client' });
		const { dataset } = await new Engine(store).importFile(workspace.id, blob(WORKED), 'w.csv', 'contacts', { pseudonymise: false, contentHash: 'f00d' });
		expect((await store.datasetRepo.findByContent(workspace.id, 'f00d')).map((d) => d.id)).toEqual([dataset.id]);
	});

	it('reads a stored dataset back from the database for analysis', async () => {
		const store = freshStore();
		const workspace = await store.workspaceRepo.create({ name: 'Client' });
		const { dataset } = await new Engine(store).importFile(workspace.id, blob(WORKED), 'w.csv', 'contacts', { pseudonymise: false });
		const result = await new Engine(store).analyze(workspace.id, { datasetId: dataset.id, settings: WORKED_SETTINGS, by: ['channel'] });
		expect(result.fcr).toBeCloseTo(0.5);
		expect(Object.keys(result.by.channel ?? {}).sort()).toEqual(['chat', 'email', 'phone']);
	});

	it('puts times written with a zone on the workspace’s time zone, stored or not, without a new import', async () => {
		const store = freshStore();
		const workspace = await store.workspaceRepo.create({ name: 'Client' });
		await store.workspaceRepo.update(workspace.id, { timeZone: 'Europe/Paris' });
		// 22:30Z on 30 June is 00:30 on 1 July in Paris, 18:30 on 30 June in New York; the third row has no zone and never moves.
		const text = 'customer_id,timestamp,channel\nA,2026-06-30T22:30:00Z,phone\nB,2026-07-01T03:00:00Z,phone\nC,2026-06-30 23:30,phone\n';
		const { dataset } = await new Engine(store).importFile(workspace.id, blob(text), 'zoned.csv', 'contacts', { pseudonymise: false });
		expect(dataset.timeZone).toBe('Europe/Paris');
		const months = async (engine: Engine, timeZone?: string) => {
			const result = await engine.analyze(workspace.id, { datasetId: dataset.id, settings: { timeZone }, by: ['month'] });
			return Object.fromEntries(Object.entries(result.by.month ?? {}).map(([month, f]) => [month, f.contacts]));
		};
		// Read back from the database by a new engine, then from its cache.
		for (const engine of [new Engine(store), new Engine(store)]) {
			expect(await months(engine, 'Europe/Paris')).toEqual({ '2026-06': 1, '2026-07': 2 });
			// New York (−4): A at 18:30 and B at 23:00 on 30 June.
			expect(await months(engine, 'America/New_York')).toEqual({ '2026-06': 3 });
			expect(await months(engine, 'Europe/Paris')).toEqual({ '2026-06': 1, '2026-07': 2 });
			// Without a zone in the settings: the zone it was imported in.
			expect(await months(engine)).toEqual({ '2026-06': 1, '2026-07': 2 });
		}
	});

	it('keeps no raw customer id in the rejected rows of a pseudonymised import, even from a shifted column', async () => {
		const { engine, workspace, workspaceRepo, datasetRepo } = await setup();
		// Line 3 lost its first cell: the id sits in the timestamp column. Line 4 has an id of its own
		// only there. Line 5 has a bad time and an id given elsewhere; line 6 an unknown direction.
		const text = [
			'customer_id,timestamp,channel,direction',
			'CUST-7781,2026-03-01 09:00,phone,inbound',
			'2026-03-02 10:00,CUST-7781,phone,inbound',
			'2026-03-02 11:00,CUST-9920,phone,inbound',
			'CUST-5555,not a date,phone,inbound',
			'CUST-7781,2026-03-03 09:00,phone,CUST-5555'
		].join('\n');
		const outcome = await engine.importFile(workspace.id, blob(text), 'shifted.csv', 'contacts', { pseudonymise: true });
		expect(outcome.rejections.count).toBe(4);
		const stored = await datasetRepo.list(workspace.id);
		const key = (await workspaceRepo.get(workspace.id))!.pseudonymKey!;
		const [p7781] = await (await pseudonymiser(key))(['CUST-7781']);
		for (const rejections of [outcome.rejections, stored.find((d) => d.id === outcome.dataset.id)!.rejections]) {
			const serialised = JSON.stringify(rejections);
			expect(serialised).not.toMatch(/CUST-/);
			// The id in the wrong cell reads as its pseudonym, so the row can still be matched.
			expect(rejections.sample.find((r) => r.row === 3)?.value).toBe(p7781);
			// Any other value is kept as its shape: enough to see why a time was not read.
			expect(rejections.sample.find((r) => r.row === 4)?.value).toBe('AAAA-9999');
			expect(rejections.sample.find((r) => r.row === 5)?.value).toBe('aaa a aaaa');
		}
		expect(rejectionsCsv(outcome)).not.toMatch(/CUST-/);
	});

	it('keeps the rejected cells as written when the import is not pseudonymised', async () => {
		const { engine, workspace } = await setup();
		const text = 'customer_id,timestamp,channel\nCUST-1,2026-03-01 09:00,phone\n2026-03-02 10:00,CUST-1,phone\n';
		const outcome = await engine.importFile(workspace.id, blob(text), 'shifted.csv', 'contacts', { pseudonymise: false });
		expect(outcome.rejections.sample).toMatchObject([{ row: 3, value: 'CUST-1' }]);
	});

	it('lists the demands behind a breakdown key of a stored dataset, with pseudonymised customers', async () => {
		const { engine, workspace, workspaceRepo } = await setup();
		const { dataset } = await engine.importFile(workspace.id, blob(WORKED), 'w.csv', 'contacts', { pseudonymise: true });
		const key = (await workspaceRepo.get(workspace.id))?.pseudonymKey;
		const pseudonyms = await (await pseudonymiser(key!))(['A', 'B', 'E']);
		const drill = await engine.drill(workspace.id, {
			datasetId: dataset.id,
			settings: WORKED_SETTINGS,
			where: [{ dimension: 'channel', key: 'phone' }],
			verdict: 'failed'
		});
		expect(drill).toMatchObject({ demands: 5, eligible: 4, resolvedFirst: 1, failed: 3, matching: 3, more: false });
		// a1 (repeat a2), b1 (transferred), e1 (repeat e3): customers as stored, never in clear.
		expect(drill.listed.map((d) => [d.customer, d.reasons.map((r) => r.kind)])).toEqual(
			[['repeat'], ['transferred'], ['repeat']].map((r, i) => [pseudonyms[i], r])
		);
	});

	it('pseudonymises customer ids by HMAC-SHA-256 under the workspace key, the same on every import', async () => {
		const { engine, workspace, workspaceRepo } = await setup();
		const phases = new Set<string>();
		const first = await engine.importFile(workspace.id, blob(WORKED), 'a.csv', 'contacts', { pseudonymise: true }, { onProgress: (p) => phases.add(p.phase) });
		const stored = await workspaceRepo.get(workspace.id);
		expect(stored?.pseudonymKey).toMatch(/^[0-9a-f]{64}$/);
		expect(stored).not.toHaveProperty('pseudonymSalt');
		const second = await engine.importFile(workspace.id, blob(WORKED), 'b.csv', 'contacts', { pseudonymise: true });
		const table1 = await engine.loadContacts(workspace.id, first.dataset.id);
		const table2 = await engine.loadContacts(workspace.id, second.dataset.id);
		const hmac = (id: string) => createHmac('sha256', Buffer.from(stored!.pseudonymKey!, 'hex')).update(id).digest('hex').slice(0, 16);
		expect(table1.customers).toEqual(['A', 'B', 'C', 'D', 'E'].map(hmac));
		expect(table2.customers).toEqual(table1.customers);
		expect(first.dataset).toMatchObject({ pseudonymised: true, pseudonymisation: 'hmac-sha256' });
		expect(phases).toContain('pseudonymising');
		// The key stays in this browser: the workspace file, as exported, has none.
		expect(serializeWorkspace(await workspaceRepo.exportContent(workspace.id))).not.toContain(stored!.pseudonymKey!);
		const result = await engine.analyze(workspace.id, { datasetId: first.dataset.id, settings: WORKED_SETTINGS });
		expect(result.fcr).toBeCloseTo(0.5);
	});

	it('imports a French export: semicolons, Windows-1252, dd/mm/yyyy, value maps', async () => {
		const { engine, workspace } = await setup();
		const text = csvText(
			['N° client', 'Date du contact', 'Canal', 'Motif', 'Sens', 'Transféré'],
			[
				['C1', '01/03/2026 09:00', 'Tél', 'FACT', 'Appel entrant', 'Oui'],
				['C1', '02/03/2026 10:00', 'Tél', 'FACT', 'Appel sortant', 'Non'],
				['C2', '15/04/2026 11:30', 'Courriel', 'DEMENAG', 'Appel entrant', 'X'],
				['', '16/04/2026 11:30', 'Tél', 'FACT', 'Appel entrant', 'Non'],
				['C3', '31/02/2026 08:00', 'Tél', 'FACT', 'Appel entrant', 'Non']
			],
			{ delimiter: ';', newline: '\r\n' }
		);
		const file = blob(windows1252(text));
		const sniffed = await engine.sniff(file, 'export.csv', 'contacts');
		expect(sniffed).toMatchObject({ encoding: 'windows-1252', delimiter: ';', dateFormat: 'dmy', format: 'csv' });
		expect(sniffed.headers[0]).toBe('N° client');
		const outcome = await engine.importFile(workspace.id, file, 'export.csv', 'contacts', {
			pseudonymise: false,
			valueMap: {
				channel: { 'Tél': 'phone', courriel: 'email' },
				direction: { 'Appel entrant': 'inbound', 'Appel sortant': 'outbound' },
				transferred: { X: 'true' }
			}
		});
		expect(outcome.dataset.rows).toBe(3);
		expect(outcome.rejections.sample.map((r) => [r.row, r.reason])).toEqual([
			[5, 'missing-customer'],
			[6, 'bad-timestamp']
		]);
		expect(outcome.dataset.period).toEqual({ from: Date.UTC(2026, 2, 1, 9), to: Date.UTC(2026, 3, 15, 11, 30) });
		const table = await engine.loadContacts(workspace.id, outcome.dataset.id);
		expect(table.channels).toEqual(['phone', 'email']);
		expect(Array.from(table.direction)).toEqual([0, OUTBOUND, 0]);
		expect(Array.from(table.transferred)).toEqual([TRUE, 0, TRUE]);
		expect(outcome.dataset.source.valueMap.channel).toEqual({ 'Tél': 'phone', courriel: 'email' });
	});

	it('reads Windows-1252 accents past an all-ASCII head with the encoding the wizard sniffed (UTF-8)', async () => {
		const { engine, workspace } = await setup();
		const rows = Array.from({ length: 3000 }, (_, i) => [`C${i}`, '01/03/2026 09:00', 'Facturation mensuelle']);
		rows.push(['C1', '02/03/2026 09:00', 'Réclamation énergie']);
		const file = blob(windows1252(csvText(['N client', 'Date', 'Motif'], rows, { delimiter: ';' })));
		expect(file.size).toBeGreaterThan(64 * 1024);
		const sniffed = await engine.sniff(file, 'late.csv', 'contacts');
		expect(sniffed.encoding).toBe('utf-8');
		const outcome = await engine.importFile(workspace.id, file, 'late.csv', 'contacts', {
			pseudonymise: false,
			encoding: sniffed.encoding,
			delimiter: sniffed.delimiter,
			dateFormat: sniffed.dateFormat ?? undefined
		});
		expect(outcome.dataset.source.encoding).toBe('windows-1252');
		const table = await engine.loadContacts(workspace.id, outcome.dataset.id);
		expect(table.motives).toContain('Réclamation énergie');
	});

	it('names duplicate column names for the wizard and leaves them unmapped; the column the user picks is read', async () => {
		const { engine, workspace } = await setup();
		const file = blob('Client;Date;Motif;client\nA;01/03/2026 09:00;BILL;B\n');
		const sniffed = await engine.sniff(file, 'dup.csv', 'contacts');
		expect(sniffed.duplicateHeaders).toEqual(['client']);
		expect(sniffed.mapping.customer_id).toBeUndefined();
		const { dataset } = await engine.importFile(workspace.id, file, 'dup.csv', 'contacts', {
			pseudonymise: false,
			mapping: { customer_id: 3, timestamp: 1, motive: 2 }
		});
		const table = await engine.loadContacts(workspace.id, dataset.id);
		expect(table.customers).toEqual(['B']);
	});

	it('sniffs a header longer than 64 KB whole', async () => {
		const { engine } = await setup();
		const extra = Array.from({ length: 5000 }, (_, i) => `colonne_${i}_sans_usage`);
		const file = blob(['N client', ...extra, 'Date'].join(';') + '\nA;' + extra.map(() => '').join(';') + ';01/03/2026 09:00\n');
		const sniffed = await engine.sniff(file, 'wide.csv', 'contacts');
		expect(sniffed.headers.at(-1)).toBe('Date');
		expect(sniffed.mapping).toMatchObject({ customer_id: 0, timestamp: 5001 });
	});

	it('scans the whole file for its distinct values, those that first appear after the first batch too', async () => {
		const { engine } = await setup();
		// Over 4 MiB, so the file arrives in more than one batch: the late values sit in the last one.
		const early = 'C{i};01/03/2026 09:00;Tél;Entrant;Non\r\n';
		const rows: string[] = ['N° client;Date du contact;Canal;Sens;Transféré\r\n'];
		for (let i = 0; i < 120_000; i++) rows.push(early.replace('{i}', String(i % 5000)));
		rows.push('Z1;02/03/2026 09:00;Formulaire web;Sortant;Oui\r\n', 'Z2;02/03/2026 10:00; Fax ;sideways;peut-être\r\n');
		rows.push('Z3;02/03/2026 11:00;Fax;Entrant;\r\n', ';02/03/2026 12:00;Pigeon;Entrant;Non\r\n');
		// Given in parts of 1 MiB, as a browser's file stream gives its bytes.
		const bytes = windows1252(rows.join(''));
		const parts = Array.from({ length: Math.ceil(bytes.length / (1 << 20)) }, (_, k) => bytes.subarray(k << 20, (k + 1) << 20));
		const file = new Blob(parts as BlobPart[]);
		expect(file.size).toBeGreaterThan(4 << 20);
		const progress: number[] = [];
		const scan = await engine.scanValues(
			file,
			'export.csv',
			{ encoding: 'windows-1252', delimiter: ';', dateFormat: 'dmy', mapping: { customer_id: 0, timestamp: 1, channel: 2, direction: 3, transferred: 4 } },
			{ onProgress: (p) => progress.push(p.bytes) }
		);
		expect(progress.length).toBeGreaterThan(1);
		expect(scan.rows).toBe(120_003); // the row without a customer is not imported, nor counted
		expect(scan.fields.channel).toEqual({
			values: [
				{ value: 'Tél', rows: 120_000 },
				{ value: 'Fax', rows: 2 },
				{ value: 'Formulaire web', rows: 1 }
			],
			more: 0,
			moreRows: 0
		});
		expect(scan.fields.direction?.values.map((v) => v.value)).toEqual(['Entrant', 'Sortant', 'sideways']);
		expect(scan.fields.transferred?.values).toEqual([
			{ value: 'Non', rows: 120_000 },
			{ value: '', rows: 1 },
			{ value: 'Oui', rows: 1 },
			{ value: 'peut-être', rows: 1 }
		]);
		const capped = await engine.scanValues(file, 'export.csv', {
			encoding: 'windows-1252',
			delimiter: ';',
			dateFormat: 'dmy',
			mapping: { customer_id: 0, timestamp: 1, channel: 2 },
			limit: 1
		});
		expect(capped.fields.channel).toEqual({ values: [{ value: 'Tél', rows: 120_000 }], more: 2, moreRows: 3 });
		expect(capped.fields.direction).toBeUndefined();
	}, 60_000);

	it('reads a true/false inbound column, a fixed channel and the user\'s map of the other values', async () => {
		const { engine, workspace } = await setup();
		const text = [
			'tweet_id,author_id,inbound,created_at,canal',
			'1,115712,True,2026-03-01 09:00:00,Formulaire web',
			'2,brand,False,2026-03-01 09:05:00,Fax',
			'3,115712,True,2026-03-02 09:00:00,Courrier',
			'4,115713,yes,2026-03-02 10:00:00,mail'
		].join('\n');
		const flagged = await engine.importFile(workspace.id, blob(text), 'tweets.csv', 'contacts', {
			pseudonymise: false,
			mapping: { customer_id: 1, timestamp: 3, direction: 2 },
			constants: { channel: 'Twitter', direction: 'outbound' }
		});
		const table = await engine.loadContacts(workspace.id, flagged.dataset.id);
		expect(Array.from(table.direction)).toEqual([0, OUTBOUND, 0, 0]);
		// The constant stands for the missing channel column only; direction has its column.
		expect(table.channels).toEqual(['social']);
		expect(Array.from(table.channel)).toEqual([0, 0, 0, 0]);
		expect(flagged.dataset.source.constants).toEqual({ channel: 'Twitter' });

		const mapped = await engine.importFile(workspace.id, blob(text), 'tweets.csv', 'contacts', {
			pseudonymise: false,
			mapping: { customer_id: 1, timestamp: 3, direction: 2, channel: 4 },
			valueMap: { channel: { Fax: 'fax', Courrier: 'mail' }, direction: { True: 'inbound', False: 'outbound', yes: 'outbound' } }
		});
		const read = await engine.loadContacts(workspace.id, mapped.dataset.id);
		expect(Array.from(read.channel, (c) => read.channels[c])).toEqual(['web_form', 'fax', 'mail', 'mail']);
		expect(Array.from(read.direction)).toEqual([0, OUTBOUND, 0, OUTBOUND]);
	});

	it('leaves nothing behind when the import is cancelled or refused', async () => {
		const { engine, workspace, db } = await setup();
		const controller = new AbortController();
		const big = 'customer_id,timestamp\n' + 'A,2026-03-01 09:00:00\n'.repeat(400_000);
		const done = engine.importFile(workspace.id, blob(big), 'big.csv', 'contacts', { pseudonymise: false }, { onProgress: () => controller.abort(), signal: controller.signal });
		await expect(done).rejects.toMatchObject({ code: 'aborted' });
		await expect(engine.importFile(workspace.id, blob('a,b\n1,2\n'), 'x.csv', 'contacts', { pseudonymise: false })).rejects.toMatchObject({
			code: 'no-customer-column'
		});
		expect(await db.datasets.count()).toBe(0);
		expect(await db.datasetChunks.count()).toBe(0);
	});

	it('makes the demo data once: contacts over six months, web sessions and business events', async () => {
		const { engine, workspace, datasetRepo } = await setup();
		const made = await engine.generateDemo(workspace.id, { contacts: 4000, now: new Date('2026-06-15T12:00:00Z') });
		expect(made.map((d) => d.kind)).toEqual(['contacts', 'web', 'events']);
		expect(made[0].rows).toBe(4000);
		expect(made[1].rows).toBeGreaterThan(0);
		expect(made[0].period!.from).toBeGreaterThanOrEqual(Date.UTC(2025, 11, 15));
		expect(made[0].period!.to).toBeLessThan(Date.UTC(2026, 6, 1));
		const result = await engine.analyze(workspace.id, { datasetId: made[0].id, settings: { coldFlowDelays: { email: 24 * HOUR } } });
		expect(result.fcr).toBeGreaterThan(0.3);
		await datasetRepo.remove(workspace.id, made[0].id);
		await datasetRepo.remove(workspace.id, made[1].id);
		await datasetRepo.remove(workspace.id, made[2].id);
		expect(await engine.generateDemo(workspace.id, { contacts: 4000 })).toEqual([]);
	});

	it('makes only the web log when the worker stopped after saving the contacts, and the same contacts as a whole run', async () => {
		const { engine, workspace, datasetRepo, db } = await setup();
		const now = new Date('2026-06-15T12:00:00Z');
		const [contacts, web] = await engine.generateDemo(workspace.id, { contacts: 3000, now });
		const whole = await engine.loadTable(workspace.id, web.id);
		await datasetRepo.remove(workspace.id, web.id);
		await db.meta.delete(demoWebKey(workspace.id));
		const made = await engine.generateDemo(workspace.id, { contacts: 3000, now });
		expect(made.map((d) => d.kind)).toEqual(['web']);
		expect(made[0].rows).toBe(web.rows);
		// The same page views as the first run's, for the contacts kept.
		const again = await engine.loadTable(workspace.id, made[0].id);
		expect(Array.from(again.table.time)).toEqual(Array.from(whole.table.time));
		expect(again.table.customers).toEqual(whole.table.customers);
		expect((await datasetRepo.list(workspace.id)).map((d) => d.id)).toContain(contacts.id);
		// Deleted by hand afterwards, it is not made again.
		await datasetRepo.remove(workspace.id, made[0].id);
		expect(await engine.generateDemo(workspace.id, { contacts: 3000, now })).toEqual([]);
	});
});

describe('Engine overlay', () => {
	it('maps the demo data to a demo journey, from the cached tables, and answers a repeated request from its cache', async () => {
		const { engine, workspace } = await setup();
		const [contacts, web] = await engine.generateDemo(workspace.id, { contacts: 6000, now: new Date('2026-06-15T12:00:00Z') });
		const demo = createDemoWorkspace(new Date('2026-06-15T12:00:00Z'));
		const journey = demo.journeys.find((j) => j.id === JOURNEY_FACTURE_ID)!;
		const rules = demo.rules.map((rule) => ({ ...rule, workspaceId: workspace.id }));
		const request = {
			journeyId: journey.id,
			contactsDatasetId: contacts.id,
			webDatasetId: web.id,
			settings: { window: { kind: 'duration' as const, ms: 7 * 24 * HOUR } },
			rules,
			machine: journey.machine
		};
		const result = await engine.overlay(workspace.id, request);
		expect(result.journeyId).toBe(journey.id);
		expect(result.totals.contacts).toBe(6000);
		expect(result.totals.mappedContacts).toBeGreaterThan(1000);
		expect(result.totals.mappedWebEvents).toBeGreaterThan(0);
		expect(result.deviations.length).toBeGreaterThan(0);
		expect(result.omnichannel?.fir.chains).toBeGreaterThan(0);
		const busiest = Object.values(result.states).sort((a, b) => b.events - a.events)[0];
		expect(busiest.events).toBeGreaterThan(0);
		expect(busiest.repeatRate ?? busiest.webToContact.rate).not.toBeNull();
		// Only this journey's rules count, each with what it matched.
		expect(result.rules.map((r) => r.id)).toEqual(rules.filter((r) => r.journeyId === journey.id).sort((a, b) => a.order - b.order).map((r) => r.id));
		// The same request is answered from the cache: the very same object.
		expect(await engine.overlay(workspace.id, structuredClone(request))).toBe(result);
		// A filter is a new computation; a channel filter without `web` drops the page views.
		const phone = await engine.overlay(workspace.id, { ...request, filters: { channels: ['phone'] } });
		expect(phone).not.toBe(result);
		expect(phone.totals.contacts).toBeLessThan(result.totals.contacts);
		expect(phone.totals.webEvents).toBe(0);
		// Without the web log there is no omnichannel section.
		const alone = await engine.overlay(workspace.id, { ...request, webDatasetId: null });
		expect(alone.omnichannel).toBeNull();
		// Bounce towards the customer space only: fewer contacts than towards any session.
		expect(result.selfCareBounce).toBeNull();
		const space = await engine.overlay(workspace.id, { ...request, selfCarePages: { page: '/espace-client/**', syntax: 'glob' } });
		expect(space.selfCareBounce!.total).toBe(result.omnichannel!.bounceToSelfCare.total);
		expect(space.selfCareBounce!.count).toBeLessThan(result.omnichannel!.bounceToSelfCare.count);
		await expect(engine.overlay(workspace.id, { ...request, contactsDatasetId: web.id })).rejects.toThrow(/web log/);
	});
});

describe('Engine computations: progress and cancel', () => {
	it('says when it reads and when it computes, and stops a cancelled request before computing', async () => {
		const { engine, workspace } = await setup();
		const [contacts] = await engine.generateDemo(workspace.id, { contacts: 2000, now: new Date('2026-06-15T12:00:00Z') });
		const phases: string[] = [];
		const request = { datasetId: contacts.id, settings: {} };
		await engine.analyze(workspace.id, request, { onProgress: (p) => phases.push(p.phase) });
		expect(phases).toEqual(['loading', 'computing']);

		const controller = new AbortController();
		const seen: string[] = [];
		const cancelled = engine.analyze(workspace.id, request, { signal: controller.signal, onProgress: (p) => seen.push(p.phase) });
		controller.abort();
		await expect(cancelled).rejects.toMatchObject({ code: 'aborted' });
		expect(seen).toEqual(['loading']);
	});
});
