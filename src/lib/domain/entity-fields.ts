/**
 * Every entity of a workspace as a set of fields, the unit a team server syncs: two people who
 * edit two fields of one motive both keep their edit (last writer wins per field, `hlc.ts`).
 *
 * - A journey's fields are those of `journey-merge.ts` (each state, each language of a label…);
 *   so are a treatment guide's, with its `motiveId` (each step's fields apart: two people editing
 *   two steps of one guide both keep their edit).
 * - Any other entity's fields are its top-level properties, a plain object split one level down
 *   (`label.fr`, `treatment.expectedDelay`): the name of a field of these schemas never holds a
 *   dot, so the dotted name is unambiguous. Arrays and records below that level are one field.
 * - `id` and `workspaceId` are not fields: they name the entity. `updatedAt` is not either: each
 *   replica stamps its own.
 * - Existence is a field of its own, `$deleted`: a deletion is a tombstone with a clock, so a
 *   deletion and an edit made apart settle by their clocks like any two writes.
 *
 * A value that is absent (an optional property left out) is written `undefined` here and as a
 * change without a value on the wire; `null` is a value (a root theme's `parentId`).
 */
import { fromFields, journeyFields, sameValue, type JourneyBody } from './journey-merge';
import { ENTITY_LIST_KEYS, type EntityListKey } from './schemas';
import type { Hlc } from './hlc';
import type { Workspace, WorkspaceContent } from './types';

/** The kinds of entity a workspace syncs: its lists, and the workspace record itself. */
export type EntityKind = EntityListKey | 'workspace';
export const ENTITY_KINDS = ['workspace', ...ENTITY_LIST_KEYS] as const satisfies readonly EntityKind[];

export const isEntityKind = (value: unknown): value is EntityKind =>
	typeof value === 'string' && (ENTITY_KINDS as readonly string[]).includes(value);

/** The field that says an entity was deleted (`true`) or exists (`false`). */
export const DELETED = '$deleted';

/** An entity's fields by name; a missing key and an `undefined` value both mean "absent". */
export type EntityFields = Map<string, unknown>;

/**
 * Properties of the workspace record that never leave the browser: the pseudonym key turns
 * customer ids into pseudonyms (whoever holds it can test a guess), and the demo flag and dates
 * belong to each replica.
 */
const LOCAL_WORKSPACE_PROPERTIES = new Set(['pseudonymKey', 'pseudonymSalt', 'isDemo', 'createdAt']);
const NOT_FIELDS = new Set(['id', 'workspaceId', 'updatedAt']);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The fields of one entity of the given kind (the entity is a valid one of that kind). */
export function entityFields(kind: EntityKind, entity: object): EntityFields {
	const fields: EntityFields = new Map();
	if (kind === 'journeys' || kind === 'guides') {
		// A guide is a journey with its motive: the same fields, and `motiveId` beside the name.
		const { name, description, machine, motiveId } = entity as JourneyBody & { motiveId?: string };
		const body: JourneyBody & { motiveId?: string } = { name, description, machine };
		if (kind === 'guides') body.motiveId = motiveId;
		for (const [key, value] of journeyFields(body)) fields.set(key, value);
		return fields;
	}
	for (const [key, value] of Object.entries(entity)) {
		if (NOT_FIELDS.has(key) || value === undefined) continue;
		if (kind === 'workspace' && LOCAL_WORKSPACE_PROPERTIES.has(key)) continue;
		if (isPlainObject(value)) {
			for (const [inner, innerValue] of Object.entries(value)) {
				if (innerValue !== undefined) fields.set(`${key}.${inner}`, innerValue);
			}
		} else fields.set(key, value);
	}
	return fields;
}

/**
 * The entity the fields describe, `undefined` when it is deleted or has no field. `id` and
 * `workspaceId` come back; `updatedAt` is the one given.
 */
export function entityFromFields(
	kind: EntityKind,
	ids: { id: string; workspaceId: string },
	fields: EntityFields,
	updatedAt: string
): Record<string, unknown> | undefined {
	if (fields.get(DELETED) === true) return undefined;
	const present = [...fields].filter(([key, value]) => key !== DELETED && value !== undefined);
	if (present.length === 0) return undefined;
	if (kind === 'journeys' || kind === 'guides') {
		return { id: ids.id, workspaceId: ids.workspaceId, ...fromFields(new Map(present)), updatedAt };
	}
	const entity: Record<string, unknown> =
		kind === 'workspace' ? { id: ids.id, updatedAt } : { id: ids.id, workspaceId: ids.workspaceId };
	for (const [key, value] of present) {
		const dot = key.indexOf('.');
		if (dot < 0) entity[key] = value;
		else {
			const outer = key.slice(0, dot);
			const holder = isPlainObject(entity[outer]) ? entity[outer] : (entity[outer] = {});
			(holder as Record<string, unknown>)[key.slice(dot + 1)] = value;
		}
	}
	if (kind === 'workspace' && entity.createdAt === undefined) entity.createdAt = updatedAt;
	return entity;
}

/** Every entity of a workspace with its kind, the workspace record first. */
export function* contentEntities(content: WorkspaceContent): Generator<{ kind: EntityKind; entity: { id: string } }> {
	yield { kind: 'workspace', entity: content.workspace satisfies Workspace };
	for (const kind of ENTITY_LIST_KEYS) for (const entity of content[kind]) yield { kind, entity };
}

/** The names of the fields that differ between two editions of one entity (added, removed, changed). */
export function changedFieldNames(before: EntityFields, after: EntityFields): string[] {
	const names: string[] = [];
	for (const [key, value] of after) {
		if (value !== undefined && !sameValue(before.get(key), value)) names.push(key);
	}
	for (const [key, value] of before) if (value !== undefined && after.get(key) === undefined) names.push(key);
	return names;
}

/** One field of one entity written by one replica; no `value` means the field was removed. */
export interface FieldChange {
	entity: EntityKind;
	id: string;
	field: string;
	value?: unknown;
	hlc: Hlc;
}

/** The changes that write one entity whole (it exists, and each of its fields), each with a new clock. */
export function entityChanges(kind: EntityKind, entity: { id: string }, clock: () => Hlc): FieldChange[] {
	const changes: FieldChange[] = [{ entity: kind, id: entity.id, field: DELETED, value: false, hlc: clock() }];
	for (const [field, value] of entityFields(kind, entity)) changes.push({ entity: kind, id: entity.id, field, value, hlc: clock() });
	return changes;
}

/** The changes that write a whole workspace: what publishing it sends. */
export function contentChanges(content: WorkspaceContent, clock: () => Hlc): FieldChange[] {
	return [...contentEntities(content)].flatMap(({ kind, entity }) => entityChanges(kind, entity, clock));
}

/**
 * An edit made in a form, replayed on the entity as it is stored now: the fields the person
 * changed (from `base`, what the form opened with, to `edited`) over `current`, whatever else
 * changed meanwhile (another tab, a team member). Without it, saving a form opened before a
 * teammate's edit would write the form's stale copy of their field back.
 */
export function rebaseEdit<T extends { id: string }>(kind: EntityKind, base: T, edited: T, current: T | undefined): Record<string, unknown> {
	if (!current) return { ...edited };
	const from = entityFields(kind, base);
	const to = entityFields(kind, edited);
	const fields = entityFields(kind, current);
	for (const name of changedFieldNames(from, to)) {
		if (to.has(name)) fields.set(name, to.get(name));
		else fields.delete(name);
	}
	const { id, workspaceId, updatedAt } = edited as T & { workspaceId?: string; updatedAt?: string };
	const rebuilt = entityFromFields(kind, { id, workspaceId: workspaceId ?? id }, fields, updatedAt ?? '');
	if (!rebuilt) return { ...edited };
	return kind === 'workspace' ? { ...current, ...rebuilt } : rebuilt;
}
