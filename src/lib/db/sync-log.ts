/**
 * The local side of team sync: which workspaces are shared, the version (hybrid logical clock)
 * of every field of their entities, and the outbox of local edits not yet acknowledged.
 *
 * Local edits are recorded by a Dexie middleware, below every repository: whatever writes an
 * entity of a shared workspace (a form, an import, an undo, another tab), its changed fields get
 * a new clock and an outbox entry in the same transaction, so an edit is never saved without
 * being queued, nor queued without being saved. Edits received from the server are applied by
 * `applyRemote`, in a transaction the middleware recognises and leaves alone.
 */
import { Dexie, type DBCore, type DBCoreMutateRequest, type DBCoreTable, type DBCoreTransaction, type Middleware } from 'dexie';
import { recordOf } from '$lib/domain/guards';
import {
	changedFieldNames,
	DELETED,
	ENTITY_KINDS,
	entityFields,
	entityFromFields,
	type EntityFields,
	type EntityKind,
	type FieldChange
} from '$lib/domain/entity-fields';
import { compareHlc, HybridClock, type Hlc } from '$lib/domain/hlc';
import { parseEntity, parseWith, WorkspaceSchema } from '$lib/domain/schemas';
import type { Id } from '$lib/domain/types';
import type { ParcoursDB } from './database';
import { StoreError } from './errors';

export type SharedRole = 'owner' | 'editor' | 'viewer';

/** A workspace this browser syncs with the team server. */
export interface SharedRow {
	workspaceId: Id;
	/** The last sequence number received: the next catch-up asks for what came after. */
	seq: number;
	role: SharedRole;
	/** The server account this copy belongs to. */
	userId: string;
}

export interface FieldClocksRow {
	workspaceId: Id;
	entity: EntityKind;
	entityId: Id;
	clocks: Record<string, Hlc>;
	/**
	 * Fields received that do not make a valid entity yet (a part of a new entity): kept until the
	 * rest arrives, never dropped.
	 */
	pending?: Record<string, unknown>;
}

export interface OutboxRow {
	n?: number;
	workspaceId: Id;
	change: FieldChange;
}

/** The tables the middleware records, by table name, and the kind of entity each holds. */
const SYNCED: Record<string, EntityKind> = {
	workspaces: 'workspace',
	journeys: 'journeys',
	themes: 'themes',
	motives: 'motives',
	sources: 'sources',
	articles: 'articles',
	rules: 'rules',
	actions: 'actions',
	guides: 'guides',
	feedback: 'feedback'
};
const TABLE_OF = recordOf(ENTITY_KINDS, (kind) => Object.keys(SYNCED).find((table) => SYNCED[table] === kind) ?? kind);
const SYNC_TABLES = ['shared', 'fieldClocks', 'outbox'];

/** This tab's clock: one writer among the tabs and devices of the team. */
export const localClock = new HybridClock(
	(globalThis.crypto?.randomUUID?.() ?? String(Math.random()).slice(2)).replaceAll('-', '').slice(0, 16)
);

/** Transactions that apply the server's changes: not to be recorded as local edits. */
const remoteTransactions = new WeakSet<object>();

type Row = Record<string, unknown> & { id: string; workspaceId?: string };
const workspaceOf = (table: string, row: Row) => (table === 'workspaces' ? row.id : (row.workspaceId as string));

/** Recording of local edits, as a Dexie DBCore middleware (`db.use(syncLog)`). */
export const syncLog: Middleware<DBCore> = {
	stack: 'dbcore',
	name: 'parcours-sync-log',
	create(down) {
		// A database opened at an older version (the migration harness) has nothing to record into.
		if (!down.schema.tables.some((t) => t.name === 'shared')) return down;
		return {
			...down,
			transaction(stores, mode, options) {
				// Every transaction that may write an entity also holds the sync tables, so the record
				// of an edit is written with it.
				const widened =
					mode === 'readwrite' && stores.some((s) => Object.hasOwn(SYNCED, s)) ? [...new Set([...stores, ...SYNC_TABLES])] : stores;
				return down.transaction(widened, mode, options);
			},
			table(name) {
				const table = down.table(name);
				if (!Object.hasOwn(SYNCED, name)) return table;
				const kind = SYNCED[name];
				return { ...table, mutate: (req) => recordMutation(down, table, kind, req) };
			}
		};
	}
};

async function recordMutation(down: DBCore, table: DBCoreTable, kind: EntityKind, req: DBCoreMutateRequest) {
	if (remoteTransactions.has(req.trans)) return table.mutate(req);
	const shared = down.table('shared');
	const sharedCount = await shared.count({ trans: req.trans, query: { index: shared.schema.primaryKey, range: { type: 3, lower: undefined, upper: undefined } } });
	if (sharedCount === 0) return table.mutate(req);
	const keys = await mutatedKeys(table, req);
	const before: (Row | undefined)[] = keys.length ? await table.getMany({ trans: req.trans, keys }) : [];
	const after: (Row | undefined)[] = req.type === 'add' || req.type === 'put' ? [...(req.values as Row[])] : keys.map(() => undefined);
	const sharedIds = new Set<string>();
	for (const row of [...before, ...after]) {
		if (!row) continue;
		const workspaceId = workspaceOf(table.name, row);
		if (sharedIds.has(workspaceId)) continue;
		const sharing = (await shared.get({ trans: req.trans, key: workspaceId })) as SharedRow | undefined;
		if (!sharing) continue;
		// A viewer's copy is the server's to write: a local edit would never be accepted.
		if (sharing.role === 'viewer') throw new StoreError('readOnly');
		sharedIds.add(workspaceId);
	}
	const response = await table.mutate(req);
	if (!sharedIds.size) return response;
	const changes: { workspaceId: string; change: FieldChange }[] = [];
	// A deleted entity's last values stay with its clocks: if another replica brings it back with
	// only some fields newer, the others are still here to make it whole.
	const kept = new Map<string, Record<string, unknown> | undefined>();
	const pairs = req.type === 'add' || req.type === 'put' ? after.map((row, i) => [before[i], row] as const) : before.map((row) => [row, undefined] as const);
	for (const [old, now] of pairs) {
		const row = now ?? old;
		if (!row) continue;
		const workspaceId = workspaceOf(table.name, row);
		if (!sharedIds.has(workspaceId)) continue;
		for (const change of fieldChanges(kind, old, now)) changes.push({ workspaceId, change });
		kept.set(JSON.stringify([workspaceId, kind, row.id]), now || !old ? undefined : Object.fromEntries(entityFields(kind, old).set(DELETED, true)));
	}
	if (!changes.length) return response;
	await writeClocks(down, req.trans, changes, kept);
	await down.table('outbox').mutate({ type: 'add', trans: req.trans, values: changes });
	return response;
}

/** The primary keys a write touches (put and add: those of its rows; deletions: the keys or range). */
async function mutatedKeys(table: DBCoreTable, req: DBCoreMutateRequest): Promise<unknown[]> {
	const keyPath = table.schema.primaryKey.keyPath;
	const keyOf = (row: Row) => (Array.isArray(keyPath) ? keyPath.map((k) => row[k]) : row[keyPath as string]);
	if (req.type === 'add' || req.type === 'put') return (req.values as Row[]).map(keyOf);
	if (req.type === 'delete') return req.keys;
	const found = await table.query({ trans: req.trans, values: false, query: { index: table.schema.primaryKey, range: req.range } });
	return found.result;
}

/** The field changes from one edition of an entity to the next (undefined: absent, deleted). */
function fieldChanges(kind: EntityKind, old: Row | undefined, now: Row | undefined): FieldChange[] {
	const id = (now ?? old)?.id as string;
	if (!now) return [{ entity: kind, id, field: DELETED, value: true, hlc: localClock.now() }];
	const before: EntityFields = old ? entityFields(kind, old) : new Map();
	const after = entityFields(kind, now);
	const changes: FieldChange[] = old ? [] : [{ entity: kind, id, field: DELETED, value: false, hlc: localClock.now() }];
	for (const field of changedFieldNames(before, after)) {
		const change: FieldChange = { entity: kind, id, field, hlc: localClock.now() };
		if (after.has(field)) change.value = after.get(field);
		changes.push(change);
	}
	return changes;
}

async function writeClocks(
	down: DBCore,
	trans: DBCoreTransaction,
	changes: readonly { workspaceId: string; change: FieldChange }[],
	kept: ReadonlyMap<string, Record<string, unknown> | undefined>
) {
	const clocksTable = down.table('fieldClocks');
	const rows = new Map<string, FieldClocksRow>();
	for (const { workspaceId, change } of changes) {
		const key = [workspaceId, change.entity, change.id];
		const id = JSON.stringify(key);
		let row = rows.get(id);
		if (!row) {
			row = ((await clocksTable.get({ trans, key })) as FieldClocksRow | undefined) ?? {
				workspaceId,
				entity: change.entity,
				entityId: change.id,
				clocks: {}
			};
			rows.set(id, row);
		}
		row.clocks[change.field] = change.hlc;
	}
	for (const [id, row] of rows) {
		const values = kept.get(id);
		if (values) row.pending = values;
		else delete row.pending;
	}
	await clocksTable.mutate({ type: 'put', trans, values: [...rows.values()] });
}

// ---------------------------------------------------------------- from the server

/**
 * Applies changes received from the server (a catch-up or a live batch): each field whose clock
 * is later than the local one takes the received value; entities are rebuilt from their fields,
 * deleted by their tombstone. Not recorded as local edits. Raises the workspace's sequence to
 * `seq`. Returns how many fields changed here.
 */
export async function applyRemote(db: ParcoursDB, workspaceId: Id, changes: readonly FieldChange[], seq: number): Promise<number> {
	const tables = [...Object.keys(SYNCED), ...SYNC_TABLES].map((name) => db.table(name));
	return db.transaction('rw', tables, async () => {
		remoteTransactions.add(Dexie.currentTransaction.idbtrans);
		// A copy no longer shared (deleted here, or access removed) takes nothing more.
		const shared: SharedRow | undefined = await db.table('shared').get(workspaceId);
		if (!shared) return 0;
		let applied = 0;
		const byEntity = new Map<string, FieldChange[]>();
		for (const change of changes) {
			localClock.receive(change.hlc);
			const key = JSON.stringify([change.entity, change.id]);
			byEntity.set(key, [...(byEntity.get(key) ?? []), change]);
		}
		const now = new Date().toISOString();
		for (const entityChanges of byEntity.values()) {
			const { entity: kind, id } = entityChanges[0];
			const table = db.table(TABLE_OF[kind]);
			const key = kind === 'workspace' ? workspaceId : [workspaceId, id];
			const clockRow: FieldClocksRow = (await db.table('fieldClocks').get([workspaceId, kind, id])) ?? {
				workspaceId,
				entity: kind,
				entityId: id,
				clocks: {}
			};
			const stored: Row | undefined = await table.get(key);
			// The entity's fields here: those waiting to make a whole entity, or the stored entity's, or
			// — not stored but versioned — a deleted one (its values went with it, its clocks stay).
			const fields: EntityFields = clockRow.pending
				? new Map(Object.entries(clockRow.pending))
				: stored
					? entityFields(kind, stored).set(DELETED, false)
					: new Map(DELETED in clockRow.clocks ? [[DELETED, true]] : []);
			let changed = false;
			for (const change of entityChanges) {
				if (compareHlc(change.hlc, clockRow.clocks[change.field]) <= 0) continue;
				clockRow.clocks[change.field] = change.hlc;
				fields.set(change.field, change.value);
				changed = true;
				applied++;
			}
			if (!changed) continue;
			const record = entityFromFields(kind, { id, workspaceId }, fields, now);
			delete clockRow.pending;
			if (!record) {
				// Deleted (its values kept, should it come back) or not whole yet: nothing stored.
				if (stored && fields.get(DELETED) === true) await table.delete(key);
				clockRow.pending = Object.fromEntries(fields);
			} else {
				const parsed =
					kind === 'workspace'
						? parseWith(WorkspaceSchema, { ...stored, ...record, createdAt: stored?.createdAt ?? now })
						: parseEntity(kind, record);
				if (parsed.ok) await table.put(kind === 'workspace' ? { ...stored, ...parsed.value } : parsed.value);
				else clockRow.pending = Object.fromEntries(fields);
			}
			await db.table('fieldClocks').put(clockRow);
		}
		if (seq > shared.seq) await db.table('shared').put({ ...shared, seq });
		return applied;
	});
}

// ---------------------------------------------------------------- outbox and shared workspaces

export async function outbox(db: ParcoursDB, workspaceId: Id, limit = 5000): Promise<OutboxRow[]> {
	return db.table('outbox').where('workspaceId').equals(workspaceId).limit(limit).toArray();
}

export function outboxCount(db: ParcoursDB, workspaceId: Id): Promise<number> {
	return db.outbox.where('workspaceId').equals(workspaceId).count();
}

/** Removes acknowledged outbox entries. */
export async function acknowledge(db: ParcoursDB, ns: readonly number[]): Promise<void> {
	await db.table('outbox').bulkDelete([...ns]);
}

/**
 * Forgets the versions of the fields that queued edits wrote (edits the server refused), so the
 * next catch-up brings the server's values back for them.
 */
export async function dropLocalVersions(db: ParcoursDB, workspaceId: Id, ns: readonly number[]): Promise<void> {
	await db.transaction('rw', [db.outbox, db.fieldClocks], async () => {
		const rows = (await db.outbox.bulkGet([...ns])).filter((r): r is OutboxRow => r !== undefined);
		for (const { change } of rows) {
			const clocks = await db.fieldClocks.get([workspaceId, change.entity, change.id]);
			if (!clocks) continue;
			delete clocks.clocks[change.field];
			await db.fieldClocks.put(clocks);
		}
	});
}

export async function sharedWorkspaces(db: ParcoursDB): Promise<SharedRow[]> {
	return db.table('shared').toArray();
}

/**
 * Marks a local workspace as shared, with the clocks of the changes that published it (so its
 * fields are versioned from then on), in one transaction.
 */
export async function markShared(db: ParcoursDB, row: SharedRow, published: readonly FieldChange[]): Promise<void> {
	await db.transaction('rw', [db.table('shared'), db.table('fieldClocks')], async () => {
		const clocks = new Map<string, FieldClocksRow>();
		for (const change of published) {
			const key = JSON.stringify([change.entity, change.id]);
			const clockRow = clocks.get(key) ?? { workspaceId: row.workspaceId, entity: change.entity, entityId: change.id, clocks: {} };
			clockRow.clocks[change.field] = change.hlc;
			clocks.set(key, clockRow);
		}
		await db.table('fieldClocks').bulkPut([...clocks.values()]);
		await db.table('shared').put(row);
	});
}

/** Stops syncing a workspace here (before deleting the local copy, or when access was removed). */
export async function forgetShared(db: ParcoursDB, workspaceId: Id): Promise<void> {
	await db.transaction('rw', SYNC_TABLES.map((t) => db.table(t)), async () => {
		await db.table('shared').delete(workspaceId);
		await db.table('outbox').where('workspaceId').equals(workspaceId).delete();
		await db.table('fieldClocks').where('workspaceId').equals(workspaceId).delete();
	});
}
