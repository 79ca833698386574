/**
 * Opens the database as an older Parcours left it, then as today's Parcours opens it, so an
 * upgrade can be tested on the rows it will really meet.
 *
 *   const db = await upgradeFrom(1, async (old) => { await old.table('motives').put(row); });
 *   expect(await db.motives.get([ws, id])).toEqual(...);
 *
 * The old database is written through `table(name)`, because its tables are the old ones, not
 * the ones `ParcoursDB` declares today.
 */
import { IDBFactory } from 'fake-indexeddb';
import type { Dexie } from 'dexie';
import type { ParcoursDB } from './database';
import { VERSIONS, type SchemaVersion } from './schema';
import { freshDatabase } from './test-store';

/** The schema history as it stood at `version`. */
export function versionsUpTo(version: number): readonly SchemaVersion[] {
	const versions = VERSIONS.filter((entry) => entry.version <= version);
	if (!versions.length || versions[versions.length - 1].version !== version) {
		throw new Error(`Version ${version} is not in the schema history (${VERSIONS.map((v) => v.version).join(', ')}).`);
	}
	return versions;
}

/** A database opened at an older version, in its own in-memory IndexedDB unless given one. */
export async function openAtVersion(version: number, indexedDB: IDBFactory = new IDBFactory()): Promise<ParcoursDB> {
	const db = freshDatabase(versionsUpTo(version), indexedDB);
	await db.open();
	return db;
}

/**
 * Opens the database at `version`, lets `write` fill it, closes it, and reopens it with the whole
 * schema history: the returned database has run every later upgrade.
 */
export async function upgradeFrom(
	version: number,
	write: (old: Dexie) => Promise<void>,
	indexedDB: IDBFactory = new IDBFactory()
): Promise<ParcoursDB> {
	const old = await openAtVersion(version, indexedDB);
	await write(old);
	old.close();
	const current = freshDatabase(VERSIONS, indexedDB);
	await current.open();
	return current;
}
