/**
 * The one Parcours database. Tests and the migration harness pass their own IndexedDB factory
 * (fake-indexeddb) and, for the harness, only the first versions of the history.
 */
import { Dexie, type Table } from 'dexie';
import type { EntityListKey } from '$lib/domain/schemas';
import type { Id, JourneyMachineConfig, Workspace, WorkspaceContent } from '$lib/domain/types';
import type { FieldClocks } from '$lib/domain/journey-merge';
import type { Hlc } from '$lib/domain/hlc';
import type { WrapUp } from '$lib/domain/wrap-up';
import type { Dataset, DatasetChunk, DatasetChunkKey } from './datasets';
import { DATABASE_NAME, VERSIONS, type SchemaVersion } from './schema';
import { syncLog, type FieldClocksRow, type OutboxRow, type SharedRow } from './sync-log';

/** A row of the `meta` table: flags such as "the demo was seeded". */
export interface MetaRow {
	key: string;
	value: unknown;
}

export type EntityKey = [workspaceId: Id, id: Id];

/** The entity of one per-workspace table, by the name of its list in `WorkspaceContent`. */
export type EntityOf<K extends EntityListKey> = WorkspaceContent[K][number];

/** The per-workspace entity tables, each typed by its entity. */
export type EntityTables = { [K in EntityListKey]: Table<EntityOf<K>, EntityKey> };

/**
 * The version of each field of one journey (`domain/journey-merge.ts`): the hybrid clock of its
 * last write; a field with no clock of its own was last written at `since`.
 */
export interface JourneyClocksRow {
	workspaceId: Id;
	journeyId: Id;
	/** The clock of every field without one of its own; absent for a journey never saved since. */
	since?: Hlc;
	clocks: FieldClocks;
}

/**
 * The undo and redo steps of one journey or guide in the editor (version 9), kept in this browser
 * only: `key` is `journey:<id>` or `guide:<id>`; `head` is the machine the steps lead back from.
 */
export interface EditHistoryRow {
	workspaceId: Id;
	key: string;
	head: JourneyMachineConfig;
	past: JourneyMachineConfig[];
	future: JourneyMachineConfig[];
}

export interface ParcoursDBOptions {
	/** @default globalThis.indexedDB */
	indexedDB?: IDBFactory;
	/** @default globalThis.IDBKeyRange */
	IDBKeyRange?: typeof IDBKeyRange;
	/** @default DATABASE_NAME */
	name?: string;
	/** The schema history to apply; the migration harness passes only its first entries. @default VERSIONS */
	versions?: readonly SchemaVersion[];
}

export class ParcoursDB extends Dexie {
	workspaces!: Table<Workspace, Id>;
	journeys!: EntityTables['journeys'];
	themes!: EntityTables['themes'];
	motives!: EntityTables['motives'];
	sources!: EntityTables['sources'];
	articles!: EntityTables['articles'];
	rules!: EntityTables['rules'];
	actions!: EntityTables['actions'];
	guides!: EntityTables['guides'];
	feedback!: EntityTables['feedback'];
	meta!: Table<MetaRow, string>;
	datasets!: Table<Dataset, EntityKey>;
	datasetChunks!: Table<DatasetChunk, DatasetChunkKey>;
	journeyClocks!: Table<JourneyClocksRow, EntityKey>;
	shared!: Table<SharedRow, Id>;
	fieldClocks!: Table<FieldClocksRow, [Id, string, Id]>;
	outbox!: Table<OutboxRow, number>;
	/** The wrap-up log (version 7): kept in this browser only, never synced nor exported with the workspace. */
	wrapups!: Table<WrapUp, EntityKey>;
	/** Undo history of the editors (version 9): this browser only, never synced nor exported. */
	editHistory!: Table<EditHistoryRow, [Id, string]>;

	constructor(options: ParcoursDBOptions = {}) {
		const { name = DATABASE_NAME, versions = VERSIONS, ...dependencies } = options;
		super(name, dependencies.indexedDB ? { indexedDB: dependencies.indexedDB, IDBKeyRange: dependencies.IDBKeyRange } : undefined);
		for (const entry of versions) {
			const version = this.version(entry.version).stores(entry.stores);
			if (entry.upgrade) version.upgrade(entry.upgrade);
		}
		this.use(syncLog);
	}
}

/** The table of one kind of entity, typed by it: the way to a table named by a key. */
export function entityTable<K extends EntityListKey>(db: ParcoursDB, key: K): EntityTables[K] {
	const tables: EntityTables = db;
	return tables[key];
}
