import { afterEach, describe, expect, it, vi } from 'vitest';
import { Dexie } from 'dexie';
import { ValidationError } from '$lib/domain/issues';
import { ENTITY_LIST_KEYS, type EntityListKey } from '$lib/domain/schemas';
import {
	action,
	article,
	contactRule,
	content,
	feedback,
	guide,
	journey,
	motive,
	source,
	text,
	theme
} from '$lib/domain/test-factories';
import type { Id, WorkspaceContent } from '$lib/domain/types';
import { createDemoWorkspace } from '$lib/domain/demo';
import { parseWorkspaceFile, serializeWorkspace } from '$lib/domain/workspace-file';
import { StoreError } from './errors';
import { DEMO_SEEDED_KEY, type EntityRepo, type Store } from './store';
import { freshStore } from './test-store';

afterEach(() => {
	vi.useRealTimers();
	vi.restoreAllMocks();
});

/** Moves the clock on, so `updatedAt` changes are visible. */
function at(iso: string) {
	vi.useFakeTimers({ toFake: ['Date'] });
	vi.setSystemTime(new Date(iso));
}

async function withWorkspace() {
	const store = freshStore();
	const workspace = await store.workspaceRepo.create({ name: 'Energy retail' });
	return { ...store, workspace };
}

/** A workspace imported from the factory content, with a theme for motives to sit on. */
async function withContent() {
	const store = freshStore();
	const workspace = await store.workspaceRepo.importContent(content());
	return { ...store, workspace };
}

const byId = <T extends { id: Id }>(list: readonly T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));

function sameContent(actual: WorkspaceContent, expected: WorkspaceContent) {
	for (const key of ENTITY_LIST_KEYS) {
		expect(byId(actual[key] as { id: Id }[]), key).toEqual(byId(expected[key] as { id: Id }[]));
	}
}

function reKeyed(c: WorkspaceContent, workspaceId: Id): WorkspaceContent {
	const out = { ...c, workspace: { ...c.workspace, id: workspaceId } } as WorkspaceContent;
	for (const key of ENTITY_LIST_KEYS) {
		(out[key] as unknown) = (c[key] as { workspaceId: Id }[]).map((e) => ({ ...e, workspaceId }));
	}
	return out;
}

describe('workspaceRepo', () => {
	it('creates a workspace with a trimmed name and reads it back', async () => {
		const { workspaceRepo } = freshStore();
		const created = await workspaceRepo.create({ name: '  Energy retail ', description: ' Pilot ' });
		expect(created).toMatchObject({ name: 'Energy retail', description: 'Pilot' });
		expect(created.createdAt).toBe(created.updatedAt);
		expect(await workspaceRepo.get(created.id)).toEqual(created);
		expect(await workspaceRepo.get('nope')).toBeUndefined();
	});

	it('refuses an empty name with a ValidationError naming the field', async () => {
		const { workspaceRepo } = freshStore();
		const error = await workspaceRepo.create({ name: '   ' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as ValidationError).path).toBe('name');
		expect(await workspaceRepo.list()).toEqual([]);
	});

	it('lists the most recently updated first', async () => {
		const { workspaceRepo } = freshStore();
		at('2026-01-01T00:00:00Z');
		const first = await workspaceRepo.create({ name: 'First' });
		at('2026-01-02T00:00:00Z');
		const second = await workspaceRepo.create({ name: 'Second' });
		expect((await workspaceRepo.list()).map((w) => w.name)).toEqual(['Second', 'First']);
		at('2026-01-03T00:00:00Z');
		await workspaceRepo.rename(first.id, 'First, renamed');
		expect((await workspaceRepo.list()).map((w) => w.id)).toEqual([first.id, second.id]);
	});

	it('renames and updates, keeping id and creation date', async () => {
		const { workspaceRepo, workspace } = await withWorkspace();
		at('2030-01-01T00:00:00Z');
		await workspaceRepo.rename(workspace.id, ' Telecom ');
		await workspaceRepo.update(workspace.id, { description: 'Audit', pseudonymSalt: 'salt' });
		const read = await workspaceRepo.get(workspace.id);
		expect(read).toMatchObject({ id: workspace.id, name: 'Telecom', description: 'Audit', pseudonymSalt: 'salt' });
		expect(read?.createdAt).toBe(workspace.createdAt);
		expect(read?.updatedAt).toBe('2030-01-01T00:00:00.000Z');
		await expect(workspaceRepo.rename(workspace.id, '')).rejects.toBeInstanceOf(ValidationError);
		await expect(workspaceRepo.rename('nope', 'x')).rejects.toMatchObject({ code: 'not-found' });
	});

	it('duplicates every entity under a new workspace and leaves the original alone', async () => {
		const { workspaceRepo, workspace } = await withContent();
		const before = await workspaceRepo.exportContent(workspace.id);
		const copy = await workspaceRepo.duplicate(workspace.id, ' Copy ');
		expect(copy.id).not.toBe(workspace.id);
		expect(copy.name).toBe('Copy');
		const copied = await workspaceRepo.exportContent(copy.id);
		sameContent(copied, reKeyed(before, copy.id));
		expect(await workspaceRepo.exportContent(workspace.id)).toEqual(before);
		expect(await workspaceRepo.list()).toHaveLength(2);
	});

	it('keeps the workspace costs and currency through the workspace file and a duplicate', async () => {
		const { workspaceRepo, workspace } = await withContent();
		const costs = { currency: 'GBP' as const, costPerChannel: { phone: 5.75, email: 3 } };
		await workspaceRepo.update(workspace.id, { costs });
		const file = parseWorkspaceFile(serializeWorkspace(await workspaceRepo.exportContent(workspace.id)));
		if (!file.ok) throw new Error(file.error.code);
		const imported = await workspaceRepo.importContent(file.content);
		expect((await workspaceRepo.get(imported.id))?.costs).toEqual(costs);
		const copy = await workspaceRepo.duplicate(workspace.id, 'Copy');
		expect((await workspaceRepo.get(copy.id))?.costs).toEqual(costs);
		await expect(workspaceRepo.update(workspace.id, { costs: { currency: 'EUR', costPerChannel: { phone: -1 } } })).rejects.toBeInstanceOf(ValidationError);
	});

	it('keeps the presentation deck through the workspace file and a duplicate, and refuses a slide without its journey', async () => {
		const { workspaceRepo, workspace } = await withContent();
		const deck = [
			{ id: 'v1', kind: 'frictions' as const, title: 'Où ça coince', top: 4 },
			{ id: 'v2', kind: 'journey' as const, title: '', journeyId: 'j1' }
		];
		await workspaceRepo.update(workspace.id, { deck });
		const file = parseWorkspaceFile(serializeWorkspace(await workspaceRepo.exportContent(workspace.id)));
		if (!file.ok) throw new Error(file.error.code);
		const imported = await workspaceRepo.importContent(file.content);
		expect((await workspaceRepo.get(imported.id))?.deck).toEqual(deck);
		const copy = await workspaceRepo.duplicate(workspace.id, 'Copy');
		expect((await workspaceRepo.get(copy.id))?.deck).toEqual(deck);
		await expect(workspaceRepo.update(workspace.id, { deck: [{ id: 'v3', kind: 'journey', title: '' }] })).rejects.toBeInstanceOf(ValidationError);
		await workspaceRepo.update(workspace.id, { deck: undefined });
		expect((await workspaceRepo.get(workspace.id))?.deck).toBeUndefined();
	});

	it('seeds the demo with its costs per channel in euros', async () => {
		const { workspaceRepo, seedDemoOnFirstStart } = freshStore();
		const demo = await seedDemoOnFirstStart(() => createDemoWorkspace(new Date('2026-05-01T00:00:00Z')));
		expect((await workspaceRepo.get(demo!.id))?.costs).toMatchObject({ currency: 'EUR', costPerChannel: { phone: 6.5 } });
	});

	it('does not mark a duplicate of the demo as the demo', async () => {
		const { workspaceRepo, seedDemoOnFirstStart } = freshStore();
		const demo = await seedDemoOnFirstStart(content);
		const copy = await workspaceRepo.duplicate(demo!.id, 'Mine');
		expect(copy.isDemo).toBeUndefined();
	});

	it('removes a workspace with everything in it, and nothing of others', async () => {
		const { workspaceRepo, workspace, db } = await withContent();
		const other = await workspaceRepo.importContent(content());
		await workspaceRepo.remove(workspace.id);
		expect(await workspaceRepo.get(workspace.id)).toBeUndefined();
		for (const key of ENTITY_LIST_KEYS) {
			expect(await db[key].where('workspaceId').equals(workspace.id).count(), key).toBe(0);
			expect(await db[key].where('workspaceId').equals(other.id).count(), key).toBe(content()[key].length);
		}
	});

	it('imports content as a new workspace and exports it back the same', async () => {
		const { workspaceRepo } = freshStore();
		at('2026-06-01T00:00:00Z');
		const original = content();
		const imported = await workspaceRepo.importContent(original);
		expect(imported.id).not.toBe(original.workspace.id);
		expect(imported).toEqual({ ...original.workspace, id: imported.id, createdAt: '2026-06-01T00:00:00.000Z', updatedAt: '2026-06-01T00:00:00.000Z' });
		const exported = await workspaceRepo.exportContent(imported.id);
		expect(exported.workspace).toEqual(imported);
		sameContent(exported, reKeyed(original, imported.id));
		const again = await workspaceRepo.importContent(exported);
		expect(again.id).not.toBe(imported.id);
	});

	it('writes nothing when the imported content is invalid', async () => {
		const { workspaceRepo, db } = freshStore();
		const bad = content();
		bad.motives[0].themeId = 'gone';
		const error = await workspaceRepo.importContent(bad).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as ValidationError).path).toBe('motives[0].themeId');
		expect(await db.workspaces.count()).toBe(0);
		for (const key of ENTITY_LIST_KEYS) expect(await db[key].count()).toBe(0);
	});

	it('writes nothing when the browser fails halfway through an import', async () => {
		const { workspaceRepo, db, onStoreError } = freshStore();
		const heard: StoreError[] = [];
		onStoreError((e) => heard.push(e));
		vi.spyOn(db.actions, 'bulkAdd').mockRejectedValue(new DOMException('disk full', 'QuotaExceededError'));
		await expect(workspaceRepo.importContent(content())).rejects.toMatchObject({ kind: 'quota' });
		expect(heard.map((e) => e.kind)).toEqual(['quota']);
		vi.restoreAllMocks();
		expect(await db.workspaces.count()).toBe(0);
		for (const key of ENTITY_LIST_KEYS) expect(await db[key].count(), key).toBe(0);
	});

	it('refuses to export a workspace that does not exist', async () => {
		const { workspaceRepo } = freshStore();
		await expect(workspaceRepo.exportContent('nope')).rejects.toMatchObject({ code: 'not-found' });
	});
});

describe('entity repositories', () => {
	type Case = { key: EntityListKey; repo: (s: Store) => EntityRepo<{ id: Id; workspaceId: Id }>; make: (workspaceId: Id, id: Id) => { id: Id; workspaceId: Id } };
	const cases: Case[] = [
		{ key: 'journeys', repo: (s) => s.journeyRepo as never, make: (workspaceId, id) => journey({ workspaceId, id }) },
		{ key: 'themes', repo: (s) => s.themeRepo as never, make: (workspaceId, id) => theme({ workspaceId, id }) },
		{ key: 'motives', repo: (s) => s.motiveRepo as never, make: (workspaceId, id) => motive({ workspaceId, id, themeId: 'theme-billing' }) },
		{ key: 'sources', repo: (s) => s.sourceRepo as never, make: (workspaceId, id) => source({ workspaceId, id }) },
		{ key: 'articles', repo: (s) => s.articleRepo as never, make: (workspaceId, id) => article({ workspaceId, id }) },
		{ key: 'rules', repo: (s) => s.ruleRepo as never, make: (workspaceId, id) => contactRule({ workspaceId, id }) },
		{ key: 'actions', repo: (s) => s.actionRepo as never, make: (workspaceId, id) => action({ workspaceId, id }) }
	];

	describe.each(cases)('$key', ({ repo, make }) => {
		it('puts, gets, lists and removes within a workspace, touching its updatedAt', async () => {
			at('2026-01-01T00:00:00Z');
			const store = await withContent();
			const other = await store.workspaceRepo.importContent(content());
			const r = repo(store);
			const ws = store.workspace.id;
			const before = await r.list(ws);

			at('2026-02-01T00:00:00Z');
			const entity = make(ws, 'new-one');
			await r.put(entity);
			expect(await r.get(ws, 'new-one')).toEqual(entity);
			expect(await r.get(other.id, 'new-one')).toBeUndefined();
			expect(await r.list(ws)).toHaveLength(before.length + 1);
			expect(await r.list(other.id)).toHaveLength(before.length);
			expect((await store.workspaceRepo.get(ws))?.updatedAt).toBe('2026-02-01T00:00:00.000Z');
			expect((await store.workspaceRepo.get(other.id))?.updatedAt).toBe('2026-01-01T00:00:00.000Z');

			at('2026-03-01T00:00:00Z');
			await r.putMany([make(ws, 'a'), make(ws, 'b')]);
			expect(await r.list(ws)).toHaveLength(before.length + 3);
			expect((await store.workspaceRepo.get(ws))?.updatedAt).toBe('2026-03-01T00:00:00.000Z');

			at('2026-04-01T00:00:00Z');
			await r.remove(ws, 'new-one');
			expect(await r.get(ws, 'new-one')).toBeUndefined();
			expect((await store.workspaceRepo.get(ws))?.updatedAt).toBe('2026-04-01T00:00:00.000Z');
		});

		it('refuses an entity of a workspace that does not exist', async () => {
			const store = await withContent();
			const error = await repo(store).put(make('nope', 'x')).catch((e: unknown) => e);
			expect(error).toMatchObject({ code: 'not-found', path: 'workspaceId' });
		});
	});

	it('refuses an invalid entity, naming the field', async () => {
		const { motiveRepo, workspace } = await withContent();
		const error = await motiveRepo.put(motive({ workspaceId: workspace.id, prevalence: 2 })).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect(error).toMatchObject({ path: 'prevalence', code: 'out-of-range' });
	});

	it('stores a plain copy with only the fields of the model', async () => {
		const { articleRepo, workspace } = await withContent();
		const entity = { ...article({ workspaceId: workspace.id, id: 'a2' }), draftOpen: true };
		// Reactive interface state reaches the store as proxies, which IndexedDB cannot clone.
		await articleRepo.put(new Proxy(entity, {}));
		expect(await articleRepo.get(workspace.id, 'a2')).toEqual(article({ workspaceId: workspace.id, id: 'a2' }));
	});

	it('writes all of a batch or none of it', async () => {
		const { sourceRepo, workspace } = await withContent();
		const before = await sourceRepo.list(workspace.id);
		const batch = [source({ workspaceId: workspace.id, id: 's1' }), source({ workspaceId: workspace.id, id: 's2', name: '' })];
		await expect(sourceRepo.putMany(batch)).rejects.toMatchObject({ path: '[1].name' });
		expect(await sourceRepo.list(workspace.id)).toEqual(before);
	});

	it('refuses a motive on a theme that does not exist', async () => {
		const { motiveRepo, workspace } = await withContent();
		await expect(motiveRepo.put(motive({ workspaceId: workspace.id, id: 'm', themeId: 'gone' }))).rejects.toMatchObject({
			code: 'missing-reference',
			path: 'themeId'
		});
		expect(await motiveRepo.get(workspace.id, 'm')).toBeUndefined();
	});

	it('keeps the theme tree to themes and sub-themes', async () => {
		const { themeRepo, workspace } = await withContent();
		const ws = workspace.id;
		// theme-billing-amount is a sub-theme of theme-billing.
		await expect(themeRepo.put(theme({ workspaceId: ws, id: 'deep', parentId: 'theme-billing-amount' }))).rejects.toMatchObject({ code: 'too-deep' });
		await expect(themeRepo.put(theme({ workspaceId: ws, id: 'lost', parentId: 'gone' }))).rejects.toMatchObject({ code: 'missing-reference' });
		await themeRepo.put(theme({ workspaceId: ws, id: 'other' }));
		await expect(themeRepo.put(theme({ workspaceId: ws, id: 'theme-billing', parentId: 'other' }))).rejects.toMatchObject({ code: 'too-deep' });
		// A new theme and its sub-theme can be written together.
		await themeRepo.putMany([
			theme({ workspaceId: ws, id: 'sub', parentId: 'top', label: text('Sub') }),
			theme({ workspaceId: ws, id: 'top' })
		]);
		expect(await themeRepo.get(ws, 'sub')).toBeDefined();
	});

	it('refuses to remove a theme that still holds motives or sub-themes', async () => {
		const { themeRepo, motiveRepo, guideRepo, workspace } = await withContent();
		const ws = workspace.id;
		await expect(themeRepo.remove(ws, 'theme-billing-amount')).rejects.toMatchObject({ code: 'in-use' });
		await expect(themeRepo.remove(ws, 'theme-billing')).rejects.toMatchObject({ code: 'in-use' });
		await guideRepo.remove(ws, 'guide-bill-amount');
		await motiveRepo.remove(ws, 'motive-bill-amount');
		await themeRepo.remove(ws, 'theme-billing-amount');
		await themeRepo.remove(ws, 'theme-billing');
		expect(await themeRepo.list(ws)).toEqual([]);
	});
});

describe('guides and feedback', () => {
	it('writes a guide only on an existing motive, with the sources and articles of its steps', async () => {
		const { guideRepo, feedbackRepo, workspace } = await withContent();
		const ws = workspace.id;
		await expect(guideRepo.put(guide({ workspaceId: ws, id: 'g2', motiveId: 'gone' }))).rejects.toMatchObject({
			code: 'missing-reference',
			path: 'motiveId'
		});
		const lost = guide({ workspaceId: ws, id: 'g3' });
		lost.machine.states.check.meta.step = { kind: 'check', sourceId: 'gone', lookFor: '' };
		await expect(guideRepo.put(lost)).rejects.toMatchObject({ code: 'missing-reference', path: 'machine.states.check.meta.step.sourceId' });
		await expect(feedbackRepo.put(feedback({ workspaceId: ws, id: 'f2', articleId: 'gone' }))).rejects.toMatchObject({
			code: 'missing-reference',
			path: 'articleId'
		});
		expect(await guideRepo.list(ws)).toHaveLength(1);
	});

	it('refuses to remove a motive, a source or an article a guide names; removing an article removes its feedback', async () => {
		const { guideRepo, motiveRepo, sourceRepo, articleRepo, feedbackRepo, workspace } = await withContent();
		const ws = workspace.id;
		await expect(motiveRepo.remove(ws, 'motive-bill-amount')).rejects.toMatchObject({ code: 'in-use' });
		await expect(sourceRepo.removeAndUnlink(ws, 'source-crm')).rejects.toMatchObject({ code: 'in-use' });
		await expect(articleRepo.remove(ws, 'article-read-bill')).rejects.toMatchObject({ code: 'in-use' });
		expect(await feedbackRepo.list(ws)).toHaveLength(1);
		await guideRepo.remove(ws, 'guide-bill-amount');
		await articleRepo.removeAndUnlink(ws, 'article-read-bill');
		expect(await feedbackRepo.list(ws)).toEqual([]);
		await sourceRepo.remove(ws, 'source-crm');
		await motiveRepo.remove(ws, 'motive-bill-amount');
	});
});

describe('catalogue and knowledge writes over several tables', () => {
	it('writes new themes and the motives filed under them together, or nothing', async () => {
		const { catalogueRepo, themeRepo, motiveRepo, workspace } = await withContent();
		const ws = workspace.id;
		await catalogueRepo.putMany([theme({ workspaceId: ws, id: 'new-theme' })], [motive({ workspaceId: ws, id: 'new-motive', themeId: 'new-theme' })]);
		expect(await motiveRepo.get(ws, 'new-motive')).toMatchObject({ themeId: 'new-theme' });
		await expect(
			catalogueRepo.putMany([theme({ workspaceId: ws, id: 'kept-out' })], [motive({ workspaceId: ws, id: 'lost', themeId: 'gone' })])
		).rejects.toMatchObject({ code: 'missing-reference', path: '[0].themeId' });
		expect(await themeRepo.get(ws, 'kept-out')).toBeUndefined();
	});

	it('removes an article or a source with its links from the motives, and only those', async () => {
		const { articleRepo, sourceRepo, motiveRepo, workspace } = await withContent();
		const ws = workspace.id;
		await articleRepo.putMany([article({ workspaceId: ws, id: 'a1' }), article({ workspaceId: ws, id: 'a2' })]);
		await sourceRepo.put(source({ workspaceId: ws, id: 's1' }));
		await motiveRepo.put(motive({ workspaceId: ws, id: 'linked', themeId: 'theme-billing', articleIds: ['a1', 'a2'], sourceIds: ['s1'] }));
		await articleRepo.removeAndUnlink(ws, 'a1');
		await sourceRepo.removeAndUnlink(ws, 's1');
		expect(await articleRepo.get(ws, 'a1')).toBeUndefined();
		expect(await sourceRepo.get(ws, 's1')).toBeUndefined();
		expect(await motiveRepo.get(ws, 'linked')).toMatchObject({ articleIds: ['a2'], sourceIds: [] });
	});
});

describe('demo', () => {
	it('is seeded on the first start only', async () => {
		const { seedDemoOnFirstStart, workspaceRepo, db } = freshStore();
		const factory = vi.fn(content);
		const demo = await seedDemoOnFirstStart(factory);
		expect(demo?.isDemo).toBe(true);
		expect(await seedDemoOnFirstStart(factory)).toBeNull();
		expect(factory).toHaveBeenCalledTimes(1);
		expect(await workspaceRepo.list()).toHaveLength(1);
		expect(await db.meta.get(DEMO_SEEDED_KEY)).toBeDefined();
	});

	it('is not recreated once the user deleted it, but can be restored on request', async () => {
		const { seedDemoOnFirstStart, restoreDemo, workspaceRepo } = freshStore();
		const demo = await seedDemoOnFirstStart(content);
		await workspaceRepo.remove(demo!.id);
		expect(await seedDemoOnFirstStart(content)).toBeNull();
		expect(await workspaceRepo.list()).toEqual([]);
		const restored = await restoreDemo(content);
		expect(restored.isDemo).toBe(true);
		const again = await restoreDemo(content);
		expect(again.id).not.toBe(restored.id);
		expect(await workspaceRepo.list()).toHaveLength(2);
		sameContent(await workspaceRepo.exportContent(restored.id), reKeyed(content(), restored.id));
	});

	it('is seeded once when two starts race', async () => {
		const { seedDemoOnFirstStart, workspaceRepo } = freshStore();
		const results = await Promise.all([seedDemoOnFirstStart(content), seedDemoOnFirstStart(content)]);
		expect(results.filter(Boolean)).toHaveLength(1);
		expect(await workspaceRepo.list()).toHaveLength(1);
	});

	it('does not set the flag when the demo content is invalid', async () => {
		const { seedDemoOnFirstStart, db } = freshStore();
		const broken = () => ({ ...content(), themes: [] });
		await expect(seedDemoOnFirstStart(broken)).rejects.toBeInstanceOf(ValidationError);
		expect(await db.meta.get(DEMO_SEEDED_KEY)).toBeUndefined();
		expect(await seedDemoOnFirstStart(content)).not.toBeNull();
	});
});

describe('store errors', () => {
	it('turns a full disk into a quota error, thrown and announced', async () => {
		const { motiveRepo, workspace, db, onStoreError } = await withContent();
		const heard: StoreError[] = [];
		const stop = onStoreError((e) => heard.push(e));
		vi.spyOn(db.motives, 'bulkPut').mockRejectedValue(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
		const error = await motiveRepo.put(motive({ workspaceId: workspace.id, id: 'm9', themeId: 'theme-billing' })).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(StoreError);
		expect(error).toMatchObject({ kind: 'quota' });
		// Dexie hands the browser's error on wrapped in its own.
		expect((error as StoreError).cause).toMatchObject({ inner: expect.any(DOMException) });
		expect(heard).toEqual([error]);
		stop();
		await motiveRepo.put(motive({ workspaceId: workspace.id, id: 'm9', themeId: 'theme-billing' })).catch(() => undefined);
		expect(heard).toHaveLength(1);
	});

	it('finds a quota error wrapped in a Dexie error', async () => {
		const { sourceRepo, workspace, db } = await withContent();
		const wrapped = new Dexie.AbortError('Transaction aborted', new DOMException('full', 'QuotaExceededError'));
		vi.spyOn(db.sources, 'bulkPut').mockRejectedValue(wrapped);
		await expect(sourceRepo.put(source({ workspaceId: workspace.id }))).rejects.toMatchObject({ kind: 'quota', cause: wrapped });
	});

	it('does not announce domain refusals as store errors', async () => {
		const { workspaceRepo, onStoreError } = freshStore();
		const listener = vi.fn();
		onStoreError(listener);
		await expect(workspaceRepo.create({ name: '' })).rejects.toBeInstanceOf(ValidationError);
		expect(listener).not.toHaveBeenCalled();
	});

	it('announces a blocked upgrade when another connection holds the old version open', async () => {
		const { IDBFactory } = await import('fake-indexeddb');
		const { freshDatabase } = await import('./test-store');
		const { createStore } = await import('./store');
		const { VERSIONS } = await import('./schema');
		// Dexie warns on the console for each side of the blocked upgrade; those warnings are what
		// this test provokes, so they are checked here instead of printed. Any other warning fails.
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const indexedDB = new IDBFactory();
		const oldTab = freshDatabase(VERSIONS, indexedDB);
		await oldTab.open();
		// The old tab ignores the request to close, as a tab stuck in a modal dialog would.
		oldTab.on('versionchange', () => false);
		const next = [...VERSIONS, { version: VERSIONS.at(-1)!.version + 1, stores: { extra: 'id' } }];
		const newTab = freshDatabase(next, indexedDB);
		const store = createStore(newTab);
		const heard: StoreError[] = [];
		store.onStoreError((e) => heard.push(e));
		const listing = store.workspaceRepo.list();
		await vi.waitFor(() => expect(heard.map((e) => e.kind)).toContain('blocked'));
		oldTab.close();
		await listing;
		newTab.close();
		const warnings = warn.mock.calls.map((args) => String(args[0]));
		warn.mockRestore();
		expect(warnings.length).toBeGreaterThan(0);
		for (const warning of warnings) {
			expect(warning).toMatch(/^(Another connection wants to upgrade database 'parcours'|Upgrade 'parcours' blocked by other connection)/);
		}
	});
});

describe('observe', () => {
	it('emits the query again when the data changes', async () => {
		const { observe, workspaceRepo } = freshStore();
		const seen: string[][] = [];
		const subscription = observe(() => workspaceRepo.list()).subscribe({
			next: (list) => seen.push(list.map((w) => w.name))
		});
		await vi.waitFor(() => expect(seen).toEqual([[]]));
		await workspaceRepo.create({ name: 'Live' });
		await vi.waitFor(() => expect(seen.at(-1)).toEqual(['Live']));
		subscription.unsubscribe();
	});

	it('hands query failures to the error observer as store errors', async () => {
		const { observe, onStoreError } = freshStore();
		const announced = vi.fn();
		onStoreError(announced);
		const errors: unknown[] = [];
		observe(() => Promise.reject(new DOMException('full', 'QuotaExceededError'))).subscribe({
			next: () => undefined,
			error: (e) => errors.push(e)
		});
		await vi.waitFor(() => expect(errors).toHaveLength(1));
		expect(errors[0]).toMatchObject({ kind: 'quota' });
		expect(announced).toHaveBeenCalledTimes(1);
	});
});
