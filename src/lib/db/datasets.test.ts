import { describe, expect, it } from 'vitest';
import { content, WS } from '$lib/domain/test-factories';
import { ENTITY_LIST_KEYS } from '$lib/domain/schemas';
import { journey } from '$lib/domain/test-factories';
import { updateStateMeta } from '$lib/domain/journey-edit';
import { demoDataKey, type DatasetChunk } from './datasets';
import { StoreError } from './errors';
import { upgradeFrom } from './migration-harness';
import { CURRENT_VERSION } from './schema';
import { createStore } from './store';
import { freshStore, dataset } from './test-store';

function chunks(workspaceId: string, datasetId: string): DatasetChunk[] {
	return [
		{ datasetId, workspaceId, column: 'time', index: 0, data: new Float64Array([1, 2]).buffer },
		{ datasetId, workspaceId, column: 'time', index: 1, data: new Float64Array([3]).buffer },
		{ datasetId, workspaceId, column: 'customers', index: 0, data: 'A\u0000B' }
	];
}

async function withWorkspace() {
	const store = freshStore();
	const workspace = await store.workspaceRepo.create({ name: 'Retail' });
	return { ...store, workspace };
}

describe('upgrading from version 1 to datasets', () => {
	it('keeps a version 1 workspace intact and gives it working dataset tables', async () => {
		const written = content();
		const db = await upgradeFrom(1, async (old) => {
			await old.table('workspaces').put(written.workspace);
			// The entity tables of version 1 (guides and feedback came later).
			for (const key of ENTITY_LIST_KEYS) if (old.tables.some((t) => t.name === key)) await old.table(key).bulkPut(written[key]);
		});
		expect(db.verno).toBe(CURRENT_VERSION);
		const store = createStore(db);
		const read = await store.workspaceRepo.exportContent(WS);
		expect(read.workspace).toEqual(written.workspace);
		expect(read.motives.length).toBe(written.motives.length);
		expect(await store.datasetRepo.list(WS)).toEqual([]);
		await store.datasetRepo.save([{ dataset: dataset(WS, 'd1'), chunks: chunks(WS, 'd1') }]);
		expect((await store.datasetRepo.list(WS)).map((d) => d.id)).toEqual(['d1']);
		expect(db.datasetChunks.schema.primKey.keyPath).toEqual(['datasetId', 'column', 'index']);
		db.close();
	});
});

describe('datasetRepo', () => {
	it('writes a dataset with its chunks and reads the chunks back by column, in order', async () => {
		const { datasetRepo, workspace } = await withWorkspace();
		await datasetRepo.save([{ dataset: dataset(workspace.id, 'd1'), chunks: chunks(workspace.id, 'd1') }]);
		const time = await datasetRepo.chunks('d1', 'time');
		expect(time.map((c) => Array.from(new Float64Array(c.data as ArrayBuffer)))).toEqual([[1, 2], [3]]);
		expect((await datasetRepo.chunks('d1')).map((c) => `${c.column}/${c.index}`)).toEqual(['customers/0', 'time/0', 'time/1']);
	});

	it('lists the latest import first', async () => {
		const { datasetRepo, workspace } = await withWorkspace();
		await datasetRepo.save([
			{ dataset: dataset(workspace.id, 'old', { importedAt: '2026-01-01T00:00:00Z' }), chunks: [] },
			{ dataset: dataset(workspace.id, 'new', { importedAt: '2026-02-01T00:00:00Z' }), chunks: [] }
		]);
		expect((await datasetRepo.list(workspace.id)).map((d) => d.id)).toEqual(['new', 'old']);
	});

	it('finds the datasets imported from the same bytes, in this workspace only', async () => {
		const { datasetRepo, workspaceRepo, workspace } = await withWorkspace();
		const other = await workspaceRepo.create({ name: 'Other' });
		await datasetRepo.save([
			{ dataset: dataset(workspace.id, 'first', { contentHash: 'abc', importedAt: '2026-01-01T00:00:00Z' }), chunks: [] },
			{ dataset: dataset(workspace.id, 'again', { contentHash: 'abc', importedAt: '2026-02-01T00:00:00Z' }), chunks: [] },
			{ dataset: dataset(workspace.id, 'different', { contentHash: 'def' }), chunks: [] },
			{ dataset: dataset(other.id, 'elsewhere', { contentHash: 'abc' }), chunks: [] }
		]);
		expect((await datasetRepo.findByContent(workspace.id, 'abc')).map((d) => d.id)).toEqual(['again', 'first']);
		expect(await datasetRepo.findByContent(workspace.id, 'zzz')).toEqual([]);
	});

	it('writes nothing when any part of the write fails', async () => {
		const { datasetRepo, db, workspace } = await withWorkspace();
		const bad = chunks(workspace.id, 'd1');
		bad.push({ ...bad[0] }); // same key twice: the second add fails
		await expect(datasetRepo.save([{ dataset: dataset(workspace.id, 'd1'), chunks: bad }])).rejects.toBeInstanceOf(StoreError);
		expect(await datasetRepo.list(workspace.id)).toEqual([]);
		expect(await db.datasetChunks.count()).toBe(0);
	});

	it('refuses a dataset for a workspace that does not exist', async () => {
		const { datasetRepo, db } = freshStore();
		await expect(datasetRepo.save([{ dataset: dataset('nope', 'd1'), chunks: chunks('nope', 'd1') }])).rejects.toThrow();
		expect(await db.datasetChunks.count()).toBe(0);
	});

	it('turns a full disk into a quota error saying what to do', async () => {
		const { datasetRepo, db, workspace } = await withWorkspace();
		const quota = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
		db.datasetChunks.hook('creating', () => {
			throw quota;
		});
		const error = await datasetRepo.save([{ dataset: dataset(workspace.id, 'd1'), chunks: chunks(workspace.id, 'd1') }]).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(StoreError);
		expect((error as StoreError).kind).toBe('quota');
		expect((error as StoreError).message).toMatch(/Delete datasets you no longer need.*export the workspace/);
		expect(await db.datasets.count()).toBe(0);
	});

	it('writes once per flag (the demo data of two tabs starting together)', async () => {
		const { datasetRepo, workspace } = await withWorkspace();
		const entry = { dataset: dataset(workspace.id, 'd1'), chunks: chunks(workspace.id, 'd1') };
		expect(await datasetRepo.save([entry], 'demo-data:x')).toBe(true);
		expect(await datasetRepo.save([{ ...entry, dataset: dataset(workspace.id, 'd2'), chunks: chunks(workspace.id, 'd2') }], 'demo-data:x')).toBe(false);
		expect((await datasetRepo.list(workspace.id)).map((d) => d.id)).toEqual(['d1']);
	});

	it('removes a dataset with its chunks only', async () => {
		const { datasetRepo, db, workspace } = await withWorkspace();
		await datasetRepo.save([
			{ dataset: dataset(workspace.id, 'd1'), chunks: chunks(workspace.id, 'd1') },
			{ dataset: dataset(workspace.id, 'd2'), chunks: chunks(workspace.id, 'd2') }
		]);
		await datasetRepo.remove(workspace.id, 'd1');
		expect((await datasetRepo.list(workspace.id)).map((d) => d.id)).toEqual(['d2']);
		expect(await db.datasetChunks.where('datasetId').equals('d1').count()).toBe(0);
		expect(await db.datasetChunks.where('datasetId').equals('d2').count()).toBe(3);
	});
});

describe('workspaces and their datasets', () => {
	it('removing a workspace removes its datasets and chunks, not the others', async () => {
		const store = freshStore();
		const a = await store.workspaceRepo.create({ name: 'A' });
		const b = await store.workspaceRepo.create({ name: 'B' });
		await store.datasetRepo.save([
			{ dataset: dataset(a.id, 'da'), chunks: chunks(a.id, 'da') },
			{ dataset: dataset(b.id, 'db'), chunks: chunks(b.id, 'db') }
		]);
		await store.workspaceRepo.remove(a.id);
		expect(await store.db.datasets.count()).toBe(1);
		expect(await store.db.datasetChunks.where('workspaceId').equals(a.id).count()).toBe(0);
		expect(await store.db.datasetChunks.where('workspaceId').equals(b.id).count()).toBe(3);
	});

	it('removing a workspace leaves no row naming it in any table', async () => {
		const store = freshStore();
		const a = await store.workspaceRepo.create({ name: 'A' });
		const b = await store.workspaceRepo.create({ name: 'B' });
		const flows = journey({ workspaceId: a.id });
		await store.journeyRepo.put(flows);
		await store.journeyEditRepo.save(flows, { ...flows, machine: updateStateMeta(flows.machine, 'pay', { channel: 'phone' }) });
		await store.datasetRepo.save([{ dataset: dataset(a.id, 'da'), chunks: chunks(a.id, 'da') }], demoDataKey(a.id));
		await store.datasetRepo.save([{ dataset: dataset(b.id, 'db'), chunks: [] }], demoDataKey(b.id));
		await store.workspaceRepo.remove(a.id);
		for (const table of store.db.tables) {
			const rows = await table.toArray();
			const naming = rows.filter((row) => JSON.stringify(row).includes(a.id));
			expect({ table: table.name, naming }).toEqual({ table: table.name, naming: [] });
		}
		expect(await store.db.meta.get(demoDataKey(b.id))).toBeDefined();
	});

	it('a duplicate gets its own copy of each dataset, the export none', async () => {
		const { workspaceRepo, datasetRepo, db, workspace } = await withWorkspace();
		await datasetRepo.save([{ dataset: dataset(workspace.id, 'd1'), chunks: chunks(workspace.id, 'd1') }]);
		const copy = await workspaceRepo.duplicate(workspace.id, 'Copy');
		const [copied] = await datasetRepo.list(copy.id);
		expect(copied.id).not.toBe('d1');
		expect(copied.name).toBe('d1');
		const time = await datasetRepo.chunks(copied.id, 'time');
		expect(time.map((c) => Array.from(new Float64Array(c.data as ArrayBuffer)))).toEqual([[1, 2], [3]]);
		await datasetRepo.remove(workspace.id, 'd1');
		expect(await db.datasetChunks.where('datasetId').equals(copied.id).count()).toBe(3);
		const exported = await workspaceRepo.exportContent(copy.id);
		expect(Object.keys(exported)).not.toContain('datasets');
	});
});


