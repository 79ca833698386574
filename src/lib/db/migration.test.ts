import { describe, expect, it } from 'vitest';
import { content, WS } from '$lib/domain/test-factories';
import { ENTITY_LIST_KEYS } from '$lib/domain/schemas';
import { openAtVersion, upgradeFrom, versionsUpTo } from './migration-harness';
import { CURRENT_VERSION, VERSIONS } from './schema';
import { createStore } from './store';

describe('schema history', () => {
	it('is appended in increasing versions and ends at the current one', () => {
		const versions = VERSIONS.map((v) => v.version);
		expect(versions).toEqual([...versions].sort((a, b) => a - b));
		expect(new Set(versions).size).toBe(versions.length);
		expect(versions.at(-1)).toBe(CURRENT_VERSION);
	});

	it('refuses a version that never existed', () => {
		expect(() => versionsUpTo(CURRENT_VERSION + 1)).toThrow(/not in the schema history/);
	});
});

describe('upgrading from version 1', () => {
	it('keeps every row written by version 1', async () => {
		const written = content();
		// The entity tables of version 1: guides and feedback came with version 6.
		const version1Keys = ENTITY_LIST_KEYS.filter((key) => Object.hasOwn(VERSIONS[0].stores, key));
		written.guides = [];
		written.feedback = [];
		const db = await upgradeFrom(1, async (old) => {
			await old.table('workspaces').put(written.workspace);
			for (const key of version1Keys) await old.table(key).bulkPut(written[key]);
			await old.table('meta').put({ key: 'demo-seeded', value: '2026-01-01' });
		});
		expect(db.verno).toBe(CURRENT_VERSION);
		const store = createStore(db);
		const read = await store.workspaceRepo.exportContent(WS);
		const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
		expect(read.workspace).toEqual(written.workspace);
		for (const key of ENTITY_LIST_KEYS) {
			expect(byId(read[key] as { id: string }[])).toEqual(byId(written[key] as { id: string }[]));
		}
		expect(await db.meta.get('demo-seeded')).toEqual({ key: 'demo-seeded', value: '2026-01-01' });
		db.close();
	});

	it('opens version 1 with the tables and indexes of version 1', async () => {
		const db = await openAtVersion(1);
		expect(db.tables.map((t) => t.name).sort()).toEqual(Object.keys(VERSIONS[0].stores).sort());
		expect(db.table('motives').schema.primKey.keyPath).toEqual(['workspaceId', 'id']);
		expect(db.table('motives').schema.indexes.map((i) => i.name)).toEqual(['workspaceId']);
		db.close();
	});
});

describe('upgrading from version 2', () => {
	const datasetRow = (id: string, pseudonymised: boolean) => ({
		id,
		workspaceId: WS,
		kind: 'contacts',
		name: id,
		fileName: `${id}.csv`,
		rows: 1,
		rejected: 0,
		rejections: { count: 0, byReason: {}, sample: [] },
		warnings: {},
		period: null,
		bytes: 1,
		storedBytes: 1,
		importedAt: '2026-03-01T00:00:00.000Z',
		columns: [],
		dictionaries: {},
		chunkRows: 1,
		source: { format: 'csv', encoding: 'utf-8', delimiter: ',', dateFormat: 'iso', headers: [], mapping: {}, valueMap: {} },
		pseudonymised
	});

	it('says which function made the pseudonyms of older datasets, and drops the reversible salt', async () => {
		const written = content();
		const db = await upgradeFrom(2, async (old) => {
			await old.table('workspaces').put({ ...written.workspace, pseudonymSalt: '0123456789abcdef0123456789abcdef' });
			await old.table('datasets').bulkPut([datasetRow('mixed', true), datasetRow('plain', false)]);
		});
		expect(db.verno).toBe(CURRENT_VERSION);
		const workspace = await db.workspaces.get(WS);
		expect(workspace).not.toHaveProperty('pseudonymSalt');
		expect(workspace).not.toHaveProperty('pseudonymKey');
		expect(workspace).toEqual(written.workspace);
		expect(await db.datasets.get([WS, 'mixed'])).toMatchObject({ pseudonymised: true, pseudonymisation: 'legacy-mix' });
		const plain = await db.datasets.get([WS, 'plain']);
		expect(plain).toMatchObject({ pseudonymised: false });
		expect(plain).not.toHaveProperty('pseudonymisation');
		db.close();
	});

	it('gives every journey one version for all its fields, the clock of its last change', async () => {
		const written = content();
		const db = await upgradeFrom(2, async (old) => {
			await old.table('workspaces').put(written.workspace);
			await old.table('journeys').bulkPut(written.journeys);
		});
		expect(db.verno).toBe(CURRENT_VERSION);
		const rows = await db.journeyClocks.toArray();
		expect(rows).toHaveLength(written.journeys.length);
		for (const journey of written.journeys) {
			const row = await db.journeyClocks.get([journey.workspaceId, journey.id]);
			expect(row).toEqual({
				workspaceId: journey.workspaceId,
				journeyId: journey.id,
				since: `${String(Date.parse(journey.updatedAt)).padStart(13, '0')}-000000-upgrade`,
				clocks: {}
			});
		}
		// The journeys themselves are kept as they were.
		expect(await db.journeys.toArray()).toEqual(written.journeys);
		db.close();
	});
});

describe('upgrading from version 5', () => {
	it('keeps the rows of version 5 and adds guides and feedback, indexed by motive and by article', async () => {
		const written = content();
		const db = await upgradeFrom(5, async (old) => {
			await old.table('workspaces').put(written.workspace);
			for (const key of ['journeys', 'themes', 'motives', 'sources', 'articles', 'rules', 'actions'] as const) {
				await old.table(key).bulkPut(written[key]);
			}
			await old.table('shared').put({ workspaceId: WS, seq: 3, role: 'editor', userId: 'u1' });
		});
		expect(db.verno).toBe(CURRENT_VERSION);
		expect(await db.motives.toArray()).toEqual(written.motives);
		expect(await db.shared.get(WS)).toEqual({ workspaceId: WS, seq: 3, role: 'editor', userId: 'u1' });
		expect(await db.guides.count()).toBe(0);
		expect(db.guides.schema.indexes.map((i) => i.name).sort()).toEqual(['[workspaceId+motiveId]', 'workspaceId']);
		expect(db.feedback.schema.indexes.map((i) => i.name).sort()).toEqual(['[workspaceId+articleId]', 'workspaceId']);

		const store = createStore(db);
		await store.guideRepo.putMany(written.guides);
		await store.feedbackRepo.putMany(written.feedback);
		const [guide] = written.guides;
		expect(await db.guides.where('[workspaceId+motiveId]').equals([WS, guide.motiveId]).toArray()).toEqual([guide]);
		const [feedback] = written.feedback;
		expect(await db.feedback.where('[workspaceId+articleId]').equals([WS, feedback.articleId]).toArray()).toEqual([feedback]);
		// The workspace is shared: the sync log records the new tables' writes for the team server.
		const queued = new Set((await db.outbox.toArray()).map((row) => row.change.entity));
		expect(queued).toEqual(new Set(['guides', 'feedback']));
		db.close();
	});

	it('keeps every row and adds the empty wrap-up log, listed by workspace and end', async () => {
		const written = content();
		const db = await upgradeFrom(5, async (old) => {
			await old.table('workspaces').put(written.workspace);
			await old.table('motives').bulkPut(written.motives);
			await old.table('shared').put({ workspaceId: WS, seq: 3, role: 'editor', userId: 'u1' });
		});
		expect(db.verno).toBe(CURRENT_VERSION);
		expect(await db.workspaces.get(WS)).toEqual(written.workspace);
		expect(await db.motives.toArray()).toEqual(written.motives);
		expect(await db.shared.get(WS)).toEqual({ workspaceId: WS, seq: 3, role: 'editor', userId: 'u1' });
		expect(await db.wrapups.count()).toBe(0);
		expect(db.wrapups.schema.primKey.keyPath).toEqual(['workspaceId', 'id']);
		expect(db.wrapups.schema.indexes.map((i) => i.name).sort()).toEqual(['[workspaceId+endedAt]', 'workspaceId']);
		db.close();
	});

	it('keeps every row and adds the empty edit history, kept per workspace', async () => {
		const written = content();
		const db = await upgradeFrom(7, async (old) => {
			await old.table('workspaces').put(written.workspace);
			await old.table('journeys').bulkPut(written.journeys);
		});
		expect(db.verno).toBe(CURRENT_VERSION);
		expect(await db.workspaces.get(WS)).toEqual(written.workspace);
		expect(await db.journeys.toArray()).toEqual(written.journeys);
		expect(await db.editHistory.count()).toBe(0);
		expect(db.editHistory.schema.primKey.keyPath).toEqual(['workspaceId', 'key']);
		expect(db.editHistory.schema.indexes.map((i) => i.name)).toEqual(['workspaceId']);
		db.close();
	});
});
