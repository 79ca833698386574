import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { datasetRepo, db, workspaceRepo } from '$lib/db';
import { contentHash } from '$lib/analysis/content-hash';
import { EngineError } from './engine.svelte';
import { formatWallClock, ImportWizard } from './import.svelte';

// The engine runs in a worker in the app; here it answers as the worker would.
const engineCalls = vi.hoisted(() => ({ importFile: vi.fn() }));
vi.mock('./engine.svelte', async (importOriginal) => {
	const original = await importOriginal<typeof import('./engine.svelte')>();
	return {
		...original,
		engine: {
			sniff: async () => ({
				format: 'csv',
				kind: 'web',
				fileName: 'visits.csv',
				size: 40,
				encoding: 'utf-8',
				delimiter: ',',
				dateFormat: 'iso',
				headers: ['customer_id', 'timestamp'],
				mapping: { customer_id: 0, timestamp: 1 },
				sampleRows: [],
				warnings: []
			}),
			importFile: engineCalls.importFile
		}
	};
});

const bytes = 'customer_id,timestamp\nC1,2026-03-01T09:00:00\n';
const file = (name = 'visits.csv') => new File([bytes], name, { type: 'text/csv' });

async function readyWizard(name?: string) {
	const wizard = new ImportWizard();
	wizard.kind = 'web';
	await wizard.choose(file(name));
	expect(wizard.canImport).toBe(true);
	return wizard;
}

let workspaceId: string;
beforeEach(async () => {
	await db.delete();
	await db.open();
	workspaceId = (await workspaceRepo.create({ name: 'Client' })).id;
	engineCalls.importFile.mockReset();
	engineCalls.importFile.mockImplementation(() => ({ done: new Promise(() => {}), cancel: () => {} }));
});

describe('importing a file already imported', () => {
	it('asks first, naming the dataset; cancelling imports nothing', async () => {
		await datasetRepo.save([
			{
				dataset: {
					id: 'earlier',
					workspaceId,
					kind: 'web',
					name: 'March visits',
					fileName: 'visits.csv',
					rows: 1,
					rejected: 0,
					rejections: { count: 0, byReason: {}, sample: [] },
					warnings: {},
					period: null,
					bytes: bytes.length,
					storedBytes: 0,
					importedAt: '2026-03-02T10:00:00.000Z',
					columns: [],
					dictionaries: {},
					chunkRows: 1,
					source: { format: 'csv', encoding: 'utf-8', delimiter: ',', dateFormat: 'iso', headers: [], mapping: {}, valueMap: {} },
					pseudonymised: false,
					contentHash: await contentHash(file())
				},
				chunks: []
			}
		]);
		const wizard = await readyWizard('renamed copy.csv');
		await wizard.start(workspaceId);
		expect(wizard.duplicate?.name).toBe('March visits');
		expect(engineCalls.importFile).not.toHaveBeenCalled();
		wizard.cancelDuplicate();
		expect(wizard.status).toBe('cancelled');
		expect(engineCalls.importFile).not.toHaveBeenCalled();

		const again = await readyWizard();
		await again.start(workspaceId);
		await again.start(workspaceId, { again: true });
		expect(engineCalls.importFile).toHaveBeenCalledTimes(1);
		expect(engineCalls.importFile.mock.calls[0][3]).toMatchObject({ contentHash: await contentHash(file()) });
	});

	it('imports a file never imported without asking, with its hash', async () => {
		const wizard = await readyWizard();
		await wizard.start(workspaceId);
		expect(wizard.duplicate).toBeNull();
		expect(engineCalls.importFile).toHaveBeenCalledTimes(1);
		expect(engineCalls.importFile.mock.calls[0][3].contentHash).toMatch(/^[0-9a-f]{64}$/);
	});
});

describe('an import into a full storage', () => {
	it('says storage is full rather than the database error', async () => {
		engineCalls.importFile.mockImplementation(() => ({
			done: Promise.reject(new EngineError({ name: 'StoreError', message: 'The browser has no storage space left for this dataset.', kind: 'quota' })),
			cancel: () => {}
		}));
		const wizard = await readyWizard();
		await wizard.start(workspaceId);
		await vi.waitFor(() => expect(wizard.status).toBe('failed'));
		expect(wizard.storageFull).toBe(true);
	});
});

describe('formatWallClock', () => {
	it('writes wall-clock milliseconds as a spreadsheet reads them, to the minute or the second', () => {
		expect.hasAssertions();
		const t = Date.UTC(2026, 2, 1, 9, 0, 5);
		expect(formatWallClock(t)).toBe('2026-03-01 09:00');
		expect(formatWallClock(t, true)).toBe('2026-03-01 09:00:05');
	});
});
