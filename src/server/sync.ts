/**
 * Field-level changes of shared workspaces: received, checked, stored once, merged by last
 * writer per field (hybrid logical clocks), and served back to members who catch up.
 *
 * A batch of changes is one transaction. It takes the workspace's next sequence number (the
 * row lock on the workspace orders the batches of one workspace, so a client that has seen
 * sequence n has seen every write numbered n or less), records every change in the history,
 * applies those whose clock is later than the field's, then checks every entity it touched
 * against the model's schema: one invalid entity refuses the whole batch, and nothing is applied.
 */
import * as v from 'valibot';
import { DELETED, ENTITY_KINDS, entityFromFields, type EntityFields, type EntityKind, type FieldChange } from '../lib/domain/entity-fields';
import { compareHlc, parseHlc, type Hlc } from '../lib/domain/hlc';
import type { Issue } from '../lib/domain/issues';
import { ENTITY_SCHEMAS, WorkspaceSchema, toIssues } from '../lib/domain/schemas';
import type { Queryable } from './database';

export type Change = FieldChange;

/** A change as stored and sent back: with the sequence number of its batch. */
export interface StoredChange extends Change {
	seq: number;
}

/** How far ahead of the server's clock a client's clock may be. */
export const MAX_CLOCK_SKEW_MS = 24 * 3600_000;
export const MAX_BATCH = 20_000;

const HLC = /^\d{13}-\d{6}-[A-Za-z0-9_-]{1,64}$/;
const ChangeSchema = v.object({
	entity: v.picklist(ENTITY_KINDS),
	id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
	field: v.pipe(v.string(), v.minLength(1), v.maxLength(2000)),
	value: v.optional(v.unknown()),
	hlc: v.pipe(v.string(), v.regex(HLC, 'is not a hybrid logical clock'))
});
export const ChangesSchema = v.pipe(v.array(ChangeSchema), v.maxLength(MAX_BATCH));

/** A batch refused, with the reasons (field paths name the change and the entity). */
export class ChangesRefused extends Error {
	constructor(readonly issues: Issue[]) {
		super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
	}
}

/** Validates the shape of a batch (before any transaction). */
export function parseChanges(body: unknown, now = Date.now()): Change[] {
	const parsed = v.safeParse(ChangesSchema, body);
	if (!parsed.success) throw new ChangesRefused(toIssues(parsed.issues, ['changes']));
	const issues: Issue[] = [];
	parsed.output.forEach((change, index) => {
		if (parseHlc(change.hlc).wall > now + MAX_CLOCK_SKEW_MS) {
			issues.push({ path: `changes[${index}].hlc`, code: 'invalid', message: 'is more than a day ahead of the server clock' });
		}
		if (change.entity === 'workspace' && change.field.startsWith('pseudonym')) {
			issues.push({ path: `changes[${index}].field`, code: 'invalid', message: 'the pseudonym key never leaves the browser' });
		}
	});
	if (issues.length) throw new ChangesRefused(issues);
	return parsed.output.map((c) => ('value' in c && c.value !== undefined ? c : { entity: c.entity, id: c.id, field: c.field, hlc: c.hlc }));
}

/** A value as JSON text for a `jsonb` parameter; SQL null when absent (JSON null stays a value). */
const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
/**
 * A `jsonb` column read so that JSON null and SQL null (absent) stay apart: boxed in an array.
 * `unbox` gives the value back, `undefined` when absent.
 */
const boxed = (column: string) => `case when ${column} is null then null else jsonb_build_array(${column}) end`;
const unbox = (value: unknown): unknown => (Array.isArray(value) ? value[0] : undefined);

export interface Applied {
	seq: number;
	/** The changes that won over the stored value (those members must apply), the last per field. */
	won: StoredChange[];
	/** Changes already received before (sent twice): stored once. */
	duplicates: number;
}

const fieldId = (c: { entity: string; id: string; field: string }) => JSON.stringify([c.entity, c.id, c.field]);

/**
 * Applies a batch to a workspace inside the caller's transaction (see the module comment), in
 * four statements whatever its size. `workspaceId`'s own record is the entity `workspace` with
 * that id.
 */
export async function applyChanges(
	tx: Queryable,
	workspaceId: string,
	userId: string,
	changes: readonly Change[]
): Promise<Applied> {
	const foreign = changes.findIndex((c) => c.entity === 'workspace' && c.id !== workspaceId);
	if (foreign >= 0) throw new ChangesRefused([{ path: `changes[${foreign}].id`, code: 'invalid', message: 'is not this workspace' }]);
	const [{ seq }] = await tx.query<{ seq: number }>('update workspaces set seq = seq + 1 where id = $1 returning seq', [workspaceId]);
	const keys = [...new Map(changes.map((c) => [fieldId(c), { entity: c.entity, id: c.id, field: c.field }])).values()];
	const stored = await tx.query<{ entity: string; entity_id: string; field: string; value: unknown; hlc: string }>(
		`select f.entity, f.entity_id, f.field, ${boxed('f.value')} as value, f.hlc
		 from fields f join jsonb_to_recordset($2::jsonb) as k(entity text, id text, field text)
		   on f.entity = k.entity and f.entity_id = k.id and f.field = k.field
		 where f.workspace_id = $1 for update of f`,
		[workspaceId, JSON.stringify(keys)]
	);
	const current = new Map(stored.map((r) => [fieldId({ entity: r.entity, id: r.entity_id, field: r.field }), { value: unbox(r.value), hlc: r.hlc }]));
	const received = changes.map((change) => {
		const key = fieldId(change);
		const before = current.get(key);
		const wins = compareHlc(change.hlc, before?.hlc) > 0;
		if (wins) current.set(key, { value: change.value, hlc: change.hlc });
		return {
			entity: change.entity,
			id: change.id,
			field: change.field,
			value: json(change.value),
			old: before ? json(before.value) : null,
			hlc: change.hlc,
			client: parseHlc(change.hlc).node,
			won: wins
		};
	});
	const inserted = await tx.query(
		`insert into changes (workspace_id, seq, entity, entity_id, field, value, old_value, hlc, client_id, user_id, won)
		 select $1, $2, r.entity, r.id, r.field, r.value::jsonb, r.old::jsonb, r.hlc, r.client, $3, r.won
		 from jsonb_to_recordset($4::jsonb) as r(entity text, id text, field text, value text, old text, hlc text, client text, won boolean)
		 on conflict (workspace_id, entity, entity_id, field, hlc) do nothing returning 1`,
		[workspaceId, seq, userId, JSON.stringify(received)]
	);
	// A change received before never wins again (its clock is the stored one or older).
	const winners = new Map<string, StoredChange>();
	for (const [index, change] of changes.entries()) if (received[index].won) winners.set(fieldId(change), { ...change, seq });
	const won = [...winners.values()];
	if (won.length) {
		await tx.query(
			`insert into fields (workspace_id, entity, entity_id, field, value, hlc, seq)
			 select $1, w.entity, w.id, w.field, w.value::jsonb, w.hlc, $2
			 from jsonb_to_recordset($3::jsonb) as w(entity text, id text, field text, value text, hlc text)
			 on conflict (workspace_id, entity, entity_id, field)
			 do update set value = excluded.value, hlc = excluded.hlc, seq = excluded.seq`,
			[workspaceId, seq, JSON.stringify(won.map((c) => ({ entity: c.entity, id: c.id, field: c.field, value: json(c.value), hlc: c.hlc })))]
		);
	}
	const issues = await checkEntities(tx, workspaceId, won);
	if (issues.length) throw new ChangesRefused(issues);
	const name = won.filter((c) => c.entity === 'workspace' && c.field === 'name').pop()?.value;
	if (typeof name === 'string') await tx.query('update workspaces set name = $2 where id = $1', [workspaceId, name]);
	return { seq, won, duplicates: changes.length - inserted.length };
}

/** The fields of one entity as stored now. */
export async function loadFields(db: Queryable, workspaceId: string, entity: EntityKind, id: string): Promise<EntityFields> {
	const rows = await db.query<{ field: string; value: unknown }>(
		`select field, ${boxed('value')} as value from fields where workspace_id = $1 and entity = $2 and entity_id = $3`,
		[workspaceId, entity, id]
	);
	return new Map(rows.map((r) => [r.field, unbox(r.value)]));
}

/** The model's issues with the entities as their fields now make them (deleted ones have none). */
async function checkEntities(db: Queryable, workspaceId: string, touched: readonly Change[]): Promise<Issue[]> {
	const entities = [...new Map(touched.map((c) => [JSON.stringify([c.entity, c.id]), { entity: c.entity, id: c.id }])).values()];
	if (!entities.length) return [];
	const rows = await db.query<{ entity: EntityKind; entity_id: string; field: string; value: unknown }>(
		`select f.entity, f.entity_id, f.field, ${boxed('f.value')} as value
		 from fields f join jsonb_to_recordset($2::jsonb) as k(entity text, id text) on f.entity = k.entity and f.entity_id = k.id
		 where f.workspace_id = $1`,
		[workspaceId, JSON.stringify(entities)]
	);
	const fieldsOf = new Map<string, EntityFields>();
	for (const r of rows) {
		const key = JSON.stringify([r.entity, r.entity_id]);
		const fields = fieldsOf.get(key) ?? new Map();
		fieldsOf.set(key, fields.set(r.field, unbox(r.value)));
	}
	const now = new Date().toISOString();
	const issues: Issue[] = [];
	for (const { entity, id } of entities) {
		const record = entityFromFields(entity, { id, workspaceId }, fieldsOf.get(JSON.stringify([entity, id])) ?? new Map(), now);
		if (!record) continue;
		const result = v.safeParse(entity === 'workspace' ? WorkspaceSchema : ENTITY_SCHEMAS[entity], record);
		if (!result.success) issues.push(...toIssues(result.issues, [entity, id]));
	}
	return issues;
}

/** Every field written after sequence `since` (its last value only): what a client missed. */
export async function changesSince(db: Queryable, workspaceId: string, since: number): Promise<{ seq: number; changes: StoredChange[] }> {
	const [{ seq }] = await db.query<{ seq: number }>('select seq from workspaces where id = $1', [workspaceId]);
	const rows = await db.query<{ entity: EntityKind; entity_id: string; field: string; value: unknown; hlc: string; seq: number }>(
		`select entity, entity_id, field, ${boxed('value')} as value, hlc, seq from fields
		 where workspace_id = $1 and seq > $2 and seq <= $3 order by seq`,
		[workspaceId, since, seq]
	);
	const changes = rows.map((r) => {
		const change: StoredChange = { entity: r.entity, id: r.entity_id, field: r.field, hlc: r.hlc, seq: r.seq };
		const value = unbox(r.value);
		if (value !== undefined) change.value = value;
		return change;
	});
	return { seq, changes };
}

export interface HistoryEntry {
	entity: EntityKind;
	id: string;
	field: string;
	value?: unknown;
	oldValue?: unknown;
	hlc: Hlc;
	won: boolean;
	at: string;
	user: { id: string; name: string } | null;
}

/** The changes of one entity, or of the whole workspace (its activity), newest first. */
export async function history(
	db: Queryable,
	workspaceId: string,
	filter: { entity?: EntityKind; id?: string; limit: number; before?: number }
): Promise<(HistoryEntry & { changeId: number })[]> {
	const params: unknown[] = [workspaceId, filter.limit, filter.before ?? Number.MAX_SAFE_INTEGER];
	let where = '';
	if (filter.entity && filter.id) {
		params.push(filter.entity, filter.id);
		where = 'and c.entity = $4 and c.entity_id = $5';
	}
	const rows = await db.query<{
		id: number; entity: EntityKind; entity_id: string; field: string; value: unknown; old_value: unknown;
		hlc: string; won: boolean; received_at: Date | string; user_id: string | null; name: string | null;
	}>(
		`select c.id, c.entity, c.entity_id, c.field, ${boxed('c.value')} as value, ${boxed('c.old_value')} as old_value, c.hlc, c.won, c.received_at, c.user_id, u.name
		 from changes c left join users u on u.id = c.user_id
		 where c.workspace_id = $1 and c.id < $3 ${where} order by c.id desc limit $2`,
		params
	);
	return rows.map((r) => ({
		changeId: r.id,
		entity: r.entity,
		id: r.entity_id,
		field: r.field,
		...(r.value !== null ? { value: unbox(r.value) } : {}),
		...(r.old_value !== null ? { oldValue: unbox(r.old_value) } : {}),
		hlc: r.hlc,
		won: r.won,
		at: new Date(r.received_at).toISOString(),
		user: r.user_id ? { id: r.user_id, name: r.name ?? '' } : null
	}));
}

export const isDeleted = (fields: EntityFields) => fields.get(DELETED) === true;
