/**
 * A store over a fresh in-memory IndexedDB, so each test starts from nothing.
 */
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { ParcoursDB } from './database';
import { createStore } from './store';
import type { SchemaVersion } from './schema';

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
