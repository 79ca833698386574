/**
 * The repositories over one `ParcoursDB`. `index.ts` binds them to the app's database; tests bind
 * them to a database of their own.
 *
 * Rules kept here: every write that touches several tables runs in one transaction; every entity
 * write touches its workspace's `updatedAt`; what is stored passes the domain validation, so a
 * workspace that was saved can always be exported and imported again; every failure of the
 * browser database becomes a `StoreError`, thrown and announced.
 */
import { liveQuery, type Table } from 'dexie';
import { newId } from '$lib/domain/ids';
import { HybridClock, compareHlc } from '$lib/domain/hlc';
import { guideReferenceProblems, guideSteps } from '$lib/domain/guide';
import { mergeJourney, type FieldConflict, type FieldKey } from '$lib/domain/journey-merge';
import { parseWrapUp, type WrapUp } from '$lib/domain/wrap-up';
import { ValidationError, type Issue } from '$lib/domain/issues';
import {
	ENTITY_LIST_KEYS,
	parseEntity,
	parseWith,
	parseWorkspaceContent,
	WorkspaceSchema,
	type Parsed,
	type EntityListKey
} from '$lib/domain/schemas';
import type {
	Action,
	ArticleFeedback,
	Guide,
	Id,
	InformationSource,
	Journey,
	KnowledgeArticle,
	MappingRule,
	Motive,
	Theme,
	Workspace,
	WorkspaceContent
} from '$lib/domain/types';
import { entityTable, type EditHistoryRow, type EntityKey, type EntityOf, type ParcoursDB } from './database';
import {
	DATASET_QUOTA_MESSAGE,
	demoDataKey,
	demoWebKey,
	type Dataset,
	type DatasetChunk,
	type StoredDataset
} from './datasets';
import { FileDatasetError, readFileDatasets } from './workspace-file-datasets';
import { StoreError, StoreErrorBus, toStoreError, type StoreErrorListener } from './errors';

export interface EntityRepo<T> {
	/** The workspace's entities, by id. */
	list(workspaceId: Id): Promise<T[]>;
	get(workspaceId: Id, id: Id): Promise<T | undefined>;
	/** Creates or replaces; throws a `ValidationError` when the entity fails domain validation. */
	put(entity: T): Promise<void>;
	/** Creates or replaces all of them in one transaction: all are written or none. */
	putMany(entities: T[]): Promise<void>;
	remove(workspaceId: Id, id: Id): Promise<void>;
}

/** An article or a source, which motives link to by id. */
export interface LinkedRepo<T> extends EntityRepo<T> {
	/** Removes it and its id from every motive of the workspace, in one transaction. */
	removeAndUnlink(workspaceId: Id, id: Id): Promise<void>;
}

/** Writes over the whole catalogue of a workspace. */
export interface CatalogueRepo {
	/** Creates or replaces themes, then motives (which may be filed under those themes), all or none. */
	putMany(themes: Theme[], motives: Motive[]): Promise<void>;
}

/** What a save of a journey's edits did (`JourneyEditRepo.save`). */
export interface JourneySave {
	/** The journey as stored before this save; undefined when it no longer exists. */
	before: Journey | undefined;
	/** The journey as stored after it (`before` when nothing was written). */
	after: Journey | undefined;
	/** Fields this save wrote. */
	written: FieldKey[];
	/** Fields changed here and, differently, in the stored journey: the stored value was kept. */
	conflicts: FieldConflict[];
}

export interface JourneyEditRepo {
	/**
	 * Writes over the stored journey only the fields `mine` changed since `base`, in one
	 * transaction, with a new clock for each field written; the fields both changed are left as
	 * stored and returned as conflicts. Nothing is written for a journey deleted meanwhile.
	 */
	save(base: Journey, mine: Journey): Promise<JourneySave>;
}

export interface WorkspaceRepo {
	/** Most recently updated first. */
	list(): Promise<Workspace[]>;
	get(id: Id): Promise<Workspace | undefined>;
	create(input: { name: string; description?: string }): Promise<Workspace>;
	rename(id: Id, name: string): Promise<void>;
	update(id: Id, patch: Partial<Omit<Workspace, 'id' | 'createdAt'>>): Promise<void>;
	/**
	 * A new workspace with a copy of every entity (same entity ids) and of every imported dataset
	 * (new dataset ids), in one transaction.
	 */
	duplicate(id: Id, name: string): Promise<Workspace>;
	/**
	 * Removes the workspace and everything in it, datasets, wrap-ups, journey versions and its flags
	 * included, in one transaction. Settings kept outside the database (localStorage) are the
	 * interface's to remove (`state/workspace-storage.ts`).
	 */
	remove(id: Id): Promise<void>;
	/**
	 * Everything the workspace file holds; entity lists are ordered by id. Imported datasets are
	 * not in it (they can weigh hundreds of megabytes and hold customers' data): the file carries
	 * them only on the user's choice, read by `workspaceDatasetParts` (`workspace-file-datasets.ts`).
	 */
	exportContent(id: Id): Promise<WorkspaceContent>;
	/**
	 * Always a new workspace (new id, entities moved to it), in one transaction; nothing written on
	 * failure. With the `datasets` a workspace file carried, those too, in the same transaction:
	 * a damaged one refuses the whole import (`FileDatasetError`, naming it).
	 */
	importContent(content: WorkspaceContent, datasets?: unknown[]): Promise<Workspace>;
}

export interface DatasetRepo {
	/** The workspace's datasets, most recently imported first. */
	list(workspaceId: Id): Promise<Dataset[]>;
	get(workspaceId: Id, id: Id): Promise<Dataset | undefined>;
	/** The workspace's datasets imported from a file with these bytes (`contentHash`), latest first. */
	findByContent(workspaceId: Id, contentHash: string): Promise<Dataset[]>;
	/**
	 * Writes datasets and all their chunks in one transaction: all or nothing. With `onceKey`,
	 * writes only when that `meta` flag is unset, and sets it in the same transaction (the demo
	 * data, made once even when two tabs start together); returns whether it wrote. A full disk
	 * gives `StoreError('quota')` saying what to do.
	 */
	save(entries: StoredDataset[], onceKey?: string): Promise<boolean>;
	/** The chunks of one column, or of every column, ordered by column then index. */
	chunks(datasetId: Id, column?: string): Promise<DatasetChunk[]>;
	/** Removes the dataset and its chunks in one transaction. */
	remove(workspaceId: Id, id: Id): Promise<void>;
}

/**
 * The wrap-up log of a workspace (`domain/wrap-up.ts`). It holds customer ids, so it stays in this
 * browser: not an entity table, never synced, never in the workspace file, not copied with a
 * duplicated workspace (the copy's advisors have wrapped nothing up yet). Writing a wrap-up does not
 * touch the workspace's `updatedAt`, a synced field.
 */
export interface WrapUpRepo {
	/** Validates and stores one wrap-up of an existing workspace; returns it as stored. */
	add(wrapUp: WrapUp): Promise<WrapUp>;
	/** The workspace's wrap-ups, the latest ended first. */
	list(workspaceId: Id): Promise<WrapUp[]>;
	/** Removes one wrap-up. */
	remove(workspaceId: Id, id: Id): Promise<void>;
	/** Removes every wrap-up of the workspace. */
	clear(workspaceId: Id): Promise<void>;
}

/** The undo history of the editors, per journey or guide, in this browser only (`EditHistoryRow`). */
export interface EditHistoryRepo {
	get(workspaceId: Id, key: string): Promise<EditHistoryRow | undefined>;
	/** Keeps the history, its oldest steps dropped beyond `EDIT_HISTORY_LIMIT` on either side. */
	put(row: EditHistoryRow): Promise<void>;
}

/** Undo (and redo) steps kept across a reload for one journey: machines can be large. @default 50 */
export const EDIT_HISTORY_LIMIT = 50;

export interface Observable<T> {
	subscribe(observer: { next: (value: T) => void; error?: (e: unknown) => void }): {
		unsubscribe(): void;
	};
}

export interface Store {
	onStoreError(listener: StoreErrorListener): () => void;
	observe<T>(query: () => T | Promise<T>): Observable<T>;
	workspaceRepo: WorkspaceRepo;
	journeyRepo: EntityRepo<Journey>;
	journeyEditRepo: JourneyEditRepo;
	themeRepo: EntityRepo<Theme>;
	motiveRepo: EntityRepo<Motive>;
	catalogueRepo: CatalogueRepo;
	sourceRepo: LinkedRepo<InformationSource>;
	articleRepo: LinkedRepo<KnowledgeArticle>;
	ruleRepo: EntityRepo<MappingRule>;
	actionRepo: EntityRepo<Action>;
	/** Treatment guides: a guide's motive, and the sources and articles its steps name, must exist. */
	guideRepo: EntityRepo<Guide>;
	/** Feedback on articles from the console; removing an article removes its feedback. */
	feedbackRepo: EntityRepo<ArticleFeedback>;
	datasetRepo: DatasetRepo;
	wrapUpRepo: WrapUpRepo;
	editHistoryRepo: EditHistoryRepo;
	seedDemoOnFirstStart(factory: () => WorkspaceContent): Promise<Workspace | null>;
	restoreDemo(factory: () => WorkspaceContent): Promise<Workspace>;
}

/** The `meta` flag telling that the demo was seeded once in this browser. */
export const DEMO_SEEDED_KEY = 'demo-seeded';

type Entity = { id: Id; workspaceId: Id };

const nowIso = (): string => new Date().toISOString();

function fail(path: string, code: Issue['code'], message: string): never {
	throw new ValidationError([{ path, code, message }]);
}

function checked(issues: Issue[]): void {
	if (issues.length) throw new ValidationError(issues);
}

function valueOf<T>(parsed: Parsed<T>): T {
	if (!parsed.ok) throw new ValidationError(parsed.issues);
	return parsed.value;
}

function withPrefix(issues: Issue[], prefix: string): Issue[] {
	if (!prefix) return issues;
	return issues.map((issue) => ({
		...issue,
		path: issue.path ? (issue.path.startsWith('[') ? `${prefix}${issue.path}` : `${prefix}.${issue.path}`) : prefix
	}));
}

export function createStore(db: ParcoursDB): Store {
	const bus = new StoreErrorBus();
	db.on('blocked', (event) => bus.announce(new StoreError('blocked', event)));

	/** Runs a store operation: domain refusals pass as they are, anything else becomes a `StoreError`. */
	async function run<T>(operation: () => Promise<T>): Promise<T> {
		try {
			return await operation();
		} catch (error) {
			if (error instanceof ValidationError || error instanceof FileDatasetError) throw error;
			const storeError = toStoreError(error);
			bus.announce(storeError);
			throw storeError;
		}
	}

	const tableOf = (key: EntityListKey): Table<Entity, EntityKey> => entityTable(db, key);
	const entityTables = (): Table<Entity, EntityKey>[] => ENTITY_LIST_KEYS.map(tableOf);

	async function requireWorkspace(id: Id, path = 'id'): Promise<Workspace> {
		const workspace = await db.workspaces.get(id);
		if (!workspace) fail(path, 'not-found', `workspace "${id}" does not exist`);
		return workspace;
	}

	async function touch(workspaceId: Id): Promise<void> {
		await db.workspaces.update(workspaceId, { updatedAt: nowIso() });
	}

	// ------------------------------------------------------------ catalogue rules inside a write

	/** Themes being written: parents exist and are themes; a theme with sub-themes stays a theme. */
	async function checkThemes(workspaceId: Id, batch: Theme[], prefixOf: (i: number) => string): Promise<void> {
		const merged = new Map<Id, Theme>();
		for (const theme of await db.themes.where('workspaceId').equals(workspaceId).toArray()) merged.set(theme.id, theme);
		for (const theme of batch) merged.set(theme.id, theme);
		const issues: Issue[] = [];
		batch.forEach((theme, index) => {
			if (theme.parentId === null) return;
			const path = withPrefix([{ path: 'parentId', code: 'invalid', message: '' }], prefixOf(index))[0].path;
			const parent = merged.get(theme.parentId);
			if (!parent) {
				issues.push({ path, code: 'missing-reference', message: `refers to theme "${theme.parentId}", which does not exist` });
			} else if (parent.parentId !== null) {
				issues.push({ path, code: 'too-deep', message: `is under sub-theme "${parent.id}"; a catalogue has themes and sub-themes only` });
			} else if ([...merged.values()].some((t) => t.parentId === theme.id)) {
				issues.push({ path, code: 'too-deep', message: `theme "${theme.id}" has sub-themes, so it cannot become a sub-theme` });
			}
		});
		checked(issues);
	}

	async function checkMotives(workspaceId: Id, batch: Motive[], prefixOf: (i: number) => string): Promise<void> {
		const themeIds = new Set(
			(await db.themes.where('workspaceId').equals(workspaceId).primaryKeys()).map(([, id]) => id)
		);
		const issues: Issue[] = [];
		batch.forEach((motive, index) => {
			if (!themeIds.has(motive.themeId)) {
				issues.push(
					...withPrefix(
						[{ path: 'themeId', code: 'missing-reference', message: `refers to theme "${motive.themeId}", which does not exist` }],
						prefixOf(index)
					)
				);
			}
		});
		checked(issues);
	}

	const idsOf = async (table: Table<Entity, EntityKey>, workspaceId: Id) =>
		new Set((await table.where('workspaceId').equals(workspaceId).primaryKeys()).map(([, id]) => id));

	/** Guides being written: their motive, and the sources and articles of their steps, exist. */
	async function checkGuides(workspaceId: Id, batch: Guide[], prefixOf: (i: number) => string): Promise<void> {
		const catalogue = {
			motiveIds: await idsOf(db.motives, workspaceId),
			sourceIds: await idsOf(db.sources, workspaceId),
			articleIds: await idsOf(db.articles, workspaceId)
		};
		checked(batch.flatMap((guide, index) => guideReferenceProblems(guide, catalogue, prefixOf(index))));
	}

	async function checkFeedback(workspaceId: Id, batch: ArticleFeedback[], prefixOf: (i: number) => string): Promise<void> {
		const articleIds = await idsOf(db.articles, workspaceId);
		const issues: Issue[] = [];
		batch.forEach((feedback, index) => {
			if (articleIds.has(feedback.articleId)) return;
			const message = `refers to article "${feedback.articleId}", which does not exist`;
			issues.push(...withPrefix([{ path: 'articleId', code: 'missing-reference', message }], prefixOf(index)));
		});
		checked(issues);
	}

	/**
	 * Refuses to remove a motive, a source or an article that a guide still names (the guide would
	 * point at nothing); removing an article removes the feedback on it.
	 */
	async function releaseReferences(key: EntityListKey, workspaceId: Id, id: Id): Promise<void> {
		if (key !== 'motives' && key !== 'sources' && key !== 'articles') return;
		const guides = await db.guides.where('workspaceId').equals(workspaceId).toArray();
		const users = guides.filter((guide) =>
			key === 'motives'
				? guide.motiveId === id
				: guideSteps(guide.machine).some(({ step }) =>
						key === 'sources' ? step?.kind === 'check' && step.sourceId === id : step?.kind === 'article' && step.articleId === id
					)
		);
		if (users.length) fail('id', 'in-use', `"${id}" is still used by ${users.length} guide(s): ${users.map((g) => g.name.en).join(', ')}`);
		if (key === 'articles') await db.feedback.where('[workspaceId+articleId]').equals([workspaceId, id]).delete();
	}

	// ------------------------------------------------------------ entities

	/** The catalogue rules a write of some kinds of entity must keep, checked inside its transaction. */
	const writeChecks: { [K in EntityListKey]?: (workspaceId: Id, batch: EntityOf<K>[], prefixOf: (i: number) => string) => Promise<void> } = {
		themes: checkThemes,
		motives: checkMotives,
		guides: checkGuides,
		feedback: checkFeedback
	};

	/** The tables the checks of a write read, besides the table written (a nested write's parent must hold them). */
	const checkedTables = (key: EntityListKey): Table<Entity, EntityKey>[] =>
		key === 'guides' ? [db.motives, db.sources, db.articles] : key === 'feedback' ? [db.articles] : [db.themes];

	/** Validates and writes entities of one table, touching their workspaces, in one transaction. */
	async function writeEntities<K extends EntityListKey>(key: K, input: EntityOf<K>[], prefixOf: (i: number) => string): Promise<void> {
		const table = entityTable(db, key);
		const parsed = input.map((entity) => parseEntity(key, entity));
		checked(parsed.flatMap((result, index) => (result.ok ? [] : withPrefix(result.issues, prefixOf(index)))));
		const entities = parsed.map(valueOf);
		const workspaceIds = [...new Set(entities.map((e) => e.workspaceId))];
		await db.transaction('rw', [table, db.workspaces, ...checkedTables(key)], async () => {
			for (const workspaceId of workspaceIds) {
				const index = entities.findIndex((e) => e.workspaceId === workspaceId);
				await requireWorkspace(workspaceId, withPrefix([{ path: 'workspaceId', code: 'invalid', message: '' }], prefixOf(index))[0].path);
			}
			for (const workspaceId of workspaceIds) {
				const own = entities.filter((e) => e.workspaceId === workspaceId);
				const prefix = (i: number) => prefixOf(entities.indexOf(own[i]));
				await writeChecks[key]?.(workspaceId, own, prefix);
			}
			await table.bulkPut(entities);
			for (const workspaceId of workspaceIds) await touch(workspaceId);
		});
	}

	function entityRepo<K extends EntityListKey>(key: K): EntityRepo<EntityOf<K>> {
		const table = () => entityTable(db, key);
		const write = (input: EntityOf<K>[], prefixOf: (i: number) => string) => writeEntities(key, input, prefixOf);

		return {
			list: (workspaceId) => run(() => table().where('workspaceId').equals(workspaceId).toArray()),
			get: (workspaceId, id) => run(() => table().get([workspaceId, id])),
			put: (entity) => run(() => write([entity], () => '')),
			putMany: (entities) => run(() => (entities.length ? write(entities, (i) => `[${i}]`) : Promise.resolve())),
			remove: (workspaceId, id) =>
				run(() =>
					db.transaction('rw', [table(), db.workspaces, db.motives, db.themes, db.journeyClocks, db.guides, db.feedback], async () => {
						if (key === 'themes') {
							const motives = await db.motives.where('workspaceId').equals(workspaceId).filter((m) => m.themeId === id).count();
							if (motives) fail('id', 'in-use', `theme "${id}" still holds ${motives} motive(s)`);
							const children = await db.themes.where('workspaceId').equals(workspaceId).filter((t) => t.parentId === id).count();
							if (children) fail('id', 'in-use', `theme "${id}" still holds ${children} sub-theme(s)`);
						}
						await releaseReferences(key, workspaceId, id);
						await table().delete([workspaceId, id]);
						if (key === 'journeys') await db.journeyClocks.delete([workspaceId, id]);
						await touch(workspaceId);
					})
				)
		};
	}

	function linkedRepo<K extends 'articles' | 'sources'>(key: K, link: 'articleIds' | 'sourceIds'): LinkedRepo<EntityOf<K>> {
		return {
			...entityRepo(key),
			removeAndUnlink: (workspaceId, id) =>
				run(() =>
					db.transaction('rw', [tableOf(key), db.motives, db.themes, db.workspaces, db.guides, db.feedback], async () => {
						await releaseReferences(key, workspaceId, id);
						const unlinked = (await db.motives.where('workspaceId').equals(workspaceId).filter((m) => m[link].includes(id)).toArray()).map(
							(m) => ({ ...m, [link]: m[link].filter((x) => x !== id) })
						);
						if (unlinked.length) await writeEntities('motives', unlinked, (i) => `[${i}]`);
						await tableOf(key).delete([workspaceId, id]);
						await touch(workspaceId);
					})
				)
		};
	}

	const catalogueRepo: CatalogueRepo = {
		putMany: (themes, motives) =>
			run(() =>
				db.transaction('rw', [db.themes, db.motives, db.workspaces], async () => {
					if (themes.length) await writeEntities('themes', themes, (i) => `[${i}]`);
					if (motives.length) await writeEntities('motives', motives, (i) => `[${i}]`);
				})
			)
	};

	// ------------------------------------------------------------ workspaces

	function cleanName(name: string, path = 'name'): string {
		const trimmed = typeof name === 'string' ? name.trim() : '';
		if (!trimmed) fail(path, 'empty', 'must not be empty');
		return trimmed;
	}

	/** Writes a whole workspace under a fresh id; the caller runs it inside a transaction over every table. */
	async function writeContent(content: WorkspaceContent, workspace: Workspace): Promise<void> {
		await db.workspaces.add(workspace);
		for (const key of ENTITY_LIST_KEYS) {
			const rows = (content[key] as Entity[]).map((entity) => ({ ...entity, workspaceId: workspace.id }));
			if (rows.length) await tableOf(key).bulkAdd(rows);
		}
	}

	function freshWorkspace(from: Workspace, changes: Partial<Workspace>): Workspace {
		const now = nowIso();
		const workspace: Workspace = { ...from, ...changes, id: newId(), createdAt: now, updatedAt: now };
		if (!workspace.isDemo) delete workspace.isDemo;
		return workspace;
	}

	const allTables = () => [db.workspaces, db.meta, ...entityTables(), db.datasets, db.datasetChunks, db.journeyClocks];

	async function importAs(content: WorkspaceContent, changes: Partial<Workspace>, flagDemo: boolean, datasets?: unknown[]): Promise<Workspace | null> {
		content = valueOf(parseWorkspaceContent(content));
		const workspace = freshWorkspace(content.workspace, { ...changes, name: content.workspace.name.trim() });
		// Checked before the transaction: a damaged dataset leaves the store untouched.
		const stored = readFileDatasets(datasets, workspace.id, newId);
		return db.transaction('rw', allTables(), async () => {
			if (flagDemo) {
				if (await db.meta.get(DEMO_SEEDED_KEY)) return null;
				await db.meta.put({ key: DEMO_SEEDED_KEY, value: workspace.createdAt });
			}
			await writeContent(content, workspace);
			for (const { dataset, chunks } of stored) {
				await db.datasets.add(dataset);
				if (chunks.length) await db.datasetChunks.bulkAdd(chunks);
			}
			return workspace;
		});
	}

	const workspaceRepo: WorkspaceRepo = {
		list: () => run(() => db.workspaces.orderBy('updatedAt').reverse().toArray()),
		get: (id) => run(() => db.workspaces.get(id)),
		create: (input) =>
			run(async () => {
				const now = nowIso();
				const workspace = valueOf(
					parseWith(WorkspaceSchema, {
						id: newId(),
						name: cleanName(input.name),
						description: (input.description ?? '').trim(),
						createdAt: now,
						updatedAt: now
					})
				);
				await db.workspaces.add(workspace);
				return workspace;
			}),
		rename: (id, name) => workspaceRepo.update(id, { name }),
		update: (id, patch) =>
			run(async () => {
				const changes: Partial<Workspace> = { ...patch };
				delete (changes as { id?: Id }).id;
				delete (changes as { createdAt?: string }).createdAt;
				if (changes.name !== undefined) changes.name = cleanName(changes.name);
				await db.transaction('rw', db.workspaces, async () => {
					const current = await requireWorkspace(id);
					const next = valueOf(parseWith(WorkspaceSchema, { ...current, ...changes, updatedAt: nowIso() }));
					await db.workspaces.put(next);
				});
			}),
		duplicate: (id, name) =>
			run(async () => {
				const cleaned = cleanName(name);
				return db.transaction('rw', allTables(), async () => {
					const source = await requireWorkspace(id);
					const copy = freshWorkspace(source, { name: cleaned, isDemo: false });
					await db.workspaces.add(copy);
					for (const table of entityTables()) {
						const rows = await table.where('workspaceId').equals(id).toArray();
						if (rows.length) await table.bulkAdd(rows.map((row) => ({ ...row, workspaceId: copy.id })));
					}
					for (const dataset of await db.datasets.where('workspaceId').equals(id).toArray()) {
						// Chunks are keyed by dataset id alone, so the copy needs a new one.
						const datasetId = newId();
						await db.datasets.add({ ...dataset, id: datasetId, workspaceId: copy.id });
						// One column at a time keeps the memory of a big dataset's copy bounded.
						const columns = new Set(
							(await db.datasetChunks.where('datasetId').equals(dataset.id).primaryKeys()).map(([, column]) => column)
						);
						for (const column of columns) {
							const chunks = await db.datasetChunks
								.where('[datasetId+column+index]')
								.between([dataset.id, column, -Infinity], [dataset.id, column, Infinity])
								.toArray();
							await db.datasetChunks.bulkAdd(chunks.map((chunk) => ({ ...chunk, datasetId, workspaceId: copy.id })));
						}
					}
					return copy;
				});
			}),
		remove: (id) =>
			run(() =>
				db.transaction('rw', [...allTables(), db.wrapups, db.editHistory], async () => {
					for (const table of entityTables()) await table.where('workspaceId').equals(id).delete();
					await db.editHistory.where('workspaceId').equals(id).delete();
					await db.datasetChunks.where('workspaceId').equals(id).delete();
					await db.datasets.where('workspaceId').equals(id).delete();
					await db.wrapups.where('workspaceId').equals(id).delete();
					await db.journeyClocks.where('workspaceId').equals(id).delete();
					await db.meta.delete(demoDataKey(id));
					await db.meta.delete(demoWebKey(id));
					await db.workspaces.delete(id);
				})
			),
		exportContent: (id) =>
			run(() =>
				db.transaction('r', allTables(), async () => {
					const workspace = await requireWorkspace(id);
					const list = <K extends EntityListKey>(key: K) => entityTable(db, key).where('workspaceId').equals(id).toArray();
					const [journeys, themes, motives, sources, articles, rules, actions, guides, feedback] = await Promise.all([
						list('journeys'),
						list('themes'),
						list('motives'),
						list('sources'),
						list('articles'),
						list('rules'),
						list('actions'),
						list('guides'),
						list('feedback')
					]);
					return { workspace, journeys, themes, motives, sources, articles, rules, actions, guides, feedback };
				})
			),
		importContent: (content, datasets) => run(async () => (await importAs(content, {}, false, datasets)) as Workspace)
	};

	// This tab's clock: every field it writes gets a version later than any it has seen.
	const clock = new HybridClock(newId());

	const journeyEditRepo: JourneyEditRepo = {
		save: (base, mine) =>
			run(() =>
				db.transaction('rw', [db.journeys, db.journeyClocks, db.workspaces, db.themes], async () => {
					const key: EntityKey = [mine.workspaceId, mine.id];
					const before = await db.journeys.get(key);
					if (!before) return { before, after: before, written: [], conflicts: [] };
					const merged = mergeJourney(base, mine, before);
					if (!merged.written.length) return { before, after: before, written: [], conflicts: merged.conflicts };
					const after: Journey = { ...merged.journey, updatedAt: nowIso() };
					await writeEntities('journeys', [after], () => '');
					const row = (await db.journeyClocks.get(key)) ?? { workspaceId: mine.workspaceId, journeyId: mine.id, clocks: {} };
					const seen = [row.since, ...Object.values(row.clocks)].reduce<string | undefined>(
						(latest, c) => (compareHlc(c, latest) > 0 ? c : latest),
						undefined
					);
					if (seen) clock.receive(seen);
					const now = clock.now();
					const clocks = { ...row.clocks };
					for (const field of merged.written) clocks[field] = now;
					await db.journeyClocks.put({ ...row, clocks });
					return { before, after, written: merged.written, conflicts: merged.conflicts };
				})
			)
	};

	const datasetRepo: DatasetRepo = {
		list: (workspaceId) =>
			run(async () => {
				const list = await db.datasets.where('workspaceId').equals(workspaceId).toArray();
				return list.sort((a, b) => b.importedAt.localeCompare(a.importedAt) || a.name.localeCompare(b.name));
			}),
		get: (workspaceId, id) => run(() => db.datasets.get([workspaceId, id])),
		findByContent: (workspaceId, contentHash) =>
			run(async () => {
				// A workspace holds a few datasets: no index needed to look through them.
				const list = await db.datasets.where('workspaceId').equals(workspaceId).filter((d) => d.contentHash === contentHash).toArray();
				return list.sort((a, b) => b.importedAt.localeCompare(a.importedAt));
			}),
		save: (entries, onceKey) =>
			run(async () => {
				try {
					return await db.transaction('rw', [db.datasets, db.datasetChunks, db.workspaces, db.meta], async () => {
						if (onceKey !== undefined) {
							if (await db.meta.get(onceKey)) return false;
							await db.meta.put({ key: onceKey, value: nowIso() });
						}
						for (const { dataset } of entries) await requireWorkspace(dataset.workspaceId, 'workspaceId');
						for (const { dataset, chunks } of entries) {
							await db.datasets.add(dataset);
							await db.datasetChunks.bulkAdd(chunks);
						}
						for (const workspaceId of new Set(entries.map((e) => e.dataset.workspaceId))) await touch(workspaceId);
						return true;
					});
				} catch (error) {
					const storeError = toStoreError(error);
					if (storeError.kind === 'quota') throw new StoreError('quota', error, DATASET_QUOTA_MESSAGE);
					throw error;
				}
			}),
		chunks: (datasetId, column) =>
			run(() =>
				db.datasetChunks
					.where('[datasetId+column+index]')
					.between(
						[datasetId, column ?? '', -Infinity],
						[datasetId, column ?? '\uffff', Infinity],
						true,
						true
					)
					.toArray()
			),
		remove: (workspaceId, id) =>
			run(() =>
				db.transaction('rw', [db.datasets, db.datasetChunks, db.workspaces], async () => {
					const dataset = await db.datasets.get([workspaceId, id]);
					if (!dataset) return;
					await db.datasetChunks.where('datasetId').equals(id).delete();
					await db.datasets.delete([workspaceId, id]);
					await touch(workspaceId);
				})
			)
	};

	const wrapUpRepo: WrapUpRepo = {
		add: (input) =>
			run(async () => {
				const parsed = valueOf(parseWrapUp(input));
				// Instants in one spelling (UTC), so the `[workspaceId+endedAt]` index sorts them in time.
				const utc = (instant: string) => new Date(instant).toISOString();
				const wrapUp: WrapUp = { ...parsed, startedAt: utc(parsed.startedAt), endedAt: utc(parsed.endedAt) };
				await db.transaction('rw', [db.wrapups, db.workspaces], async () => {
					await requireWorkspace(wrapUp.workspaceId, 'workspaceId');
					await db.wrapups.put(wrapUp);
				});
				return wrapUp;
			}),
		list: (workspaceId) =>
			run(async () =>
				(
					await db.wrapups
						.where('[workspaceId+endedAt]')
						.between([workspaceId, ''], [workspaceId, '\uffff'])
						.toArray()
				).reverse()
			),
		remove: (workspaceId, id) => run(() => db.wrapups.delete([workspaceId, id])),
		clear: (workspaceId) => run(async () => void (await db.wrapups.where('workspaceId').equals(workspaceId).delete()))
	};

	const editHistoryRepo: EditHistoryRepo = {
		get: (workspaceId, key) => run(() => db.editHistory.get([workspaceId, key])),
		put: (row) =>
			run(async () => {
				await db.editHistory.put({
					...row,
					past: row.past.slice(-EDIT_HISTORY_LIMIT),
					future: row.future.slice(-EDIT_HISTORY_LIMIT)
				});
			})
	};

	return {
		onStoreError: (listener) => bus.on(listener),
		observe<T>(query: () => T | Promise<T>): Observable<T> {
			const observable = liveQuery(query);
			return {
				subscribe(observer) {
					return observable.subscribe({
						next: observer.next,
						error: (error: unknown) => {
							const storeError = toStoreError(error);
							bus.announce(storeError);
							observer.error?.(storeError);
						}
					});
				}
			};
		},
		workspaceRepo,
		journeyRepo: entityRepo('journeys'),
		journeyEditRepo,
		themeRepo: entityRepo('themes'),
		motiveRepo: entityRepo('motives'),
		catalogueRepo,
		sourceRepo: linkedRepo('sources', 'sourceIds'),
		articleRepo: linkedRepo('articles', 'articleIds'),
		ruleRepo: entityRepo('rules'),
		actionRepo: entityRepo('actions'),
		guideRepo: entityRepo('guides'),
		feedbackRepo: entityRepo('feedback'),
		datasetRepo,
		wrapUpRepo,
		editHistoryRepo,
		seedDemoOnFirstStart: (factory) =>
			run(async () => {
				// Checked again inside the write, where two tabs starting together are serialised.
				if (await db.meta.get(DEMO_SEEDED_KEY)) return null;
				return importAs(factory(), { isDemo: true }, true);
			}),
		restoreDemo: (factory) =>
			run(async () => (await importAs(factory(), { isDemo: true }, false)) as Workspace)
	};
}
