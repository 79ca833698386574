/**
 * A store over a fresh in-memory IndexedDB, so each test starts from nothing.
 */
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { ParcoursDB } from './database';
import { createStore } from './store';
import type { SchemaVersion } from './schema';
import type { Dataset } from './datasets';

// `liveQuery` only runs when Dexie sees a global IndexedDB, which Node lacks; each test database
// still uses its own factory.
Dexie.dependencies.indexedDB ??= new IDBFactory();
Dexie.dependencies.IDBKeyRange ??= IDBKeyRange;

export function freshDatabase(versions?: readonly SchemaVersion[], indexedDB: IDBFactory = new IDBFactory()): ParcoursDB {
	return new ParcoursDB({ indexedDB, IDBKeyRange, versions });
}

export function freshStore() {
	const db = freshDatabase();
	return { db, ...createStore(db) };
}

/** A stored contacts dataset of three rows, for tests; `overrides` sets any field. */
export function dataset(workspaceId: string, id: string, overrides: Partial<Dataset> = {}): Dataset {
	return {
		id,
		workspaceId,
		kind: 'contacts',
		name: id,
		fileName: `${id}.csv`,
		rows: 3,
		rejected: 0,
		rejections: { count: 0, byReason: {}, sample: [] },
		warnings: {},
		period: { from: 0, to: 1 },
		bytes: 100,
		storedBytes: 24,
		importedAt: '2026-03-01T00:00:00.000Z',
		columns: [],
		dictionaries: {},
		chunkRows: 2,
		source: { format: 'csv', encoding: 'utf-8', delimiter: ',', dateFormat: 'iso', headers: [], mapping: {}, valueMap: {} },
		pseudonymised: false,
		...overrides
	};
}
