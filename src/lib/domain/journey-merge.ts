/**
 * A journey as a set of fields, and the merge of two editions of it field by field.
 *
 * Two tabs (and, later, two people through a team server) edit one journey. Saving the whole
 * machine lets the last save erase the other's edits; instead a save writes only the fields its
 * editor changed since the version it started from (its *base*), on top of what is stored now.
 * A field is the smallest part two people would edit apart:
 *
 * - each language of the journey's name, its description, each part of the machine's metadata;
 * - for each state: that it exists, its `type` (final), its `initial`, each CX field of its `meta`
 *   (each language of the label apart), and the transitions of each of its events;
 *
 * so renaming a state in French in one tab and setting its channel in another keeps both. When
 * both changed one field from the same base to different values, that is a conflict: the stored
 * value stays until the person chooses (`resolveConflict`), never dropped silently. Deleting a
 * state while the other side edited inside it is one conflict on the whole state.
 *
 * A field is named by a key (`FieldKey`, the JSON of its path), never by a dotted string, so state
 * keys holding a dot or named `__proto__` stay apart. Per-field versions (`FieldClocks`) are kept
 * with hybrid logical clocks (`hlc.ts`), so a sync server can merge with last-writer-wins per
 * field (`mergeByClock`) with the same fields.
 */
import type { Journey } from './types';
import { compareHlc, type Hlc } from './hlc';

/** The JSON of a field's path: `["s",["billing","pay"],"meta","label","fr"]`. */
export type FieldKey = string;
/** A journey's fields, in the order they are drawn (states in their order). */
export type JourneyFields = Map<FieldKey, unknown>;
/** The clock of the last write of each field. */
export type FieldClocks = Record<FieldKey, Hlc>;

/** What a journey's fields are made of; `id`, `workspaceId` and `updatedAt` are not fields. */
export type JourneyBody = Pick<Journey, 'name' | 'description' | 'machine'>;

type Path = readonly string[];
type Json = unknown;
type Obj = Record<string, Json>;

const isPlainObject = (value: unknown): value is Obj =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Structural equality of JSON values (object key order does not count). */
export function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (Array.isArray(a)) {
		return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
	}
	if (isPlainObject(a) && isPlainObject(b)) {
		const keys = Object.keys(a);
		if (keys.length !== Object.keys(b).length) return false;
		return keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]));
	}
	return false;
}

// ---------------------------------------------------------------- fields

/** Where a field belongs: the journey, the machine, or a state (by its keys from the root). */
export type FieldPlace =
	| { on: 'journey'; path: Path }
	| { on: 'machine'; path: Path }
	| { on: 'state'; state: Path; path: Path };

const key = (parts: readonly unknown[]): FieldKey => JSON.stringify(parts);

export function fieldKey(place: FieldPlace): FieldKey {
	if (place.on === 'journey') return key(['j', ...place.path]);
	if (place.on === 'machine') return key(['m', ...place.path]);
	return key(['s', place.state, ...place.path]);
}

export function fieldPlace(field: FieldKey): FieldPlace {
	const [tag, ...rest] = JSON.parse(field) as [string, ...unknown[]];
	if (tag === 'j') return { on: 'journey', path: rest as string[] };
	if (tag === 'm') return { on: 'machine', path: rest as string[] };
	const [state, ...path] = rest as [string[], ...string[]];
	return { on: 'state', state, path };
}

/** The key telling that a state exists. */
export const stateKey = (state: Path): FieldKey => fieldKey({ on: 'state', state, path: [] });

/** Plain objects are split into their fields down to the values; an empty one is a value. */
function splitObject(into: JourneyFields, prefix: readonly unknown[], value: Json): void {
	if (isPlainObject(value) && Object.keys(value).length > 0) {
		for (const [k, v] of Object.entries(value)) if (v !== undefined) splitObject(into, [...prefix, k], v);
	} else into.set(key(prefix), value);
}

/**
 * The fields of a journey, or of anything shaped as one: a treatment guide's properties beside its
 * machine (`motiveId`) are fields of the body like the name and the description.
 */
export function journeyFields(journey: JourneyBody): JourneyFields {
	const fields: JourneyFields = new Map();
	// `id`, `workspaceId` and `updatedAt` name or stamp the entity: they are no fields.
	const { name, description, machine: whole, id: _id, workspaceId: _workspaceId, updatedAt: _updatedAt, ...others } = journey as JourneyBody & Obj;
	splitObject(fields, ['j', 'name'], name);
	fields.set(key(['j', 'description']), description);
	for (const [k, v] of Object.entries(others)) if (v !== undefined) splitObject(fields, ['j', k], v);
	const { states, ...machine } = whole;
	for (const [k, v] of Object.entries(machine)) if (v !== undefined) splitObject(fields, ['m', k], v);
	const visit = (nodes: unknown, parent: Path) => {
		if (!isPlainObject(nodes)) return;
		for (const [name, value] of Object.entries(nodes)) {
			if (!isPlainObject(value)) continue;
			const state = [...parent, name];
			const { states: children, on, meta, ...rest } = value;
			fields.set(stateKey(state), true);
			for (const [k, v] of Object.entries(rest)) if (v !== undefined) fields.set(key(['s', state, k]), v);
			for (const [event, transitions] of Object.entries(isPlainObject(on) ? on : {})) {
				fields.set(key(['s', state, 'on', event]), transitions);
			}
			if (meta !== undefined) splitObject(fields, ['s', state, 'meta'], meta);
			visit(children, state);
		}
	};
	visit(states, []);
	return fields;
}

/** Sets `value` at `path` under `target`, making objects on the way; `__proto__` is a plain key. */
function setIn(target: Obj, path: Path, value: Json): void {
	let node = target;
	for (const [i, part] of path.entries()) {
		if (i === path.length - 1) {
			Object.defineProperty(node, part, { value, enumerable: true, writable: true, configurable: true });
			return;
		}
		const existing = Object.hasOwn(node, part) ? node[part] : undefined;
		if (isPlainObject(existing)) node = existing;
		else {
			const next: Obj = {};
			Object.defineProperty(node, part, { value: next, enumerable: true, writable: true, configurable: true });
			node = next;
		}
	}
}

/** A state node's properties in the order journeys are written in. */
const NODE_ORDER = ['type', 'initial', 'states', 'on', 'meta'];

function ordered(node: Obj): Obj {
	const out: Obj = {};
	const keys = Object.keys(node).sort((a, b) => rank(a) - rank(b));
	for (const k of keys) setIn(out, [k], node[k]);
	return out;
}
const rank = (k: string) => (NODE_ORDER.includes(k) ? NODE_ORDER.indexOf(k) : NODE_ORDER.length);

/**
 * The journey body the fields describe. Fields of a state that does not exist (its existence
 * field is gone) are left out, as are the states inside it.
 */
export function fromFields(fields: JourneyFields): JourneyBody {
	const machine: Obj = {};
	const body: Obj = { name: {}, description: '', machine };
	const nodes = new Map<FieldKey, Obj>();
	const rootStates: Obj = {};
	const childrenOf = new Map<Obj, Obj>();
	// States first, parents before their children, each level in the fields' order.
	const existing = [...fields.keys()]
		.map((k) => ({ k, place: fieldPlace(k) }))
		.filter((f): f is { k: FieldKey; place: Extract<FieldPlace, { on: 'state' }> } => f.place.on === 'state' && f.place.path.length === 0)
		.map((f, order) => ({ ...f, order }))
		.sort((a, b) => a.place.state.length - b.place.state.length || a.order - b.order);
	for (const { k, place } of existing) {
		const parentKey = place.state.length > 1 ? stateKey(place.state.slice(0, -1)) : undefined;
		const parent = parentKey === undefined ? undefined : nodes.get(parentKey);
		if (parentKey !== undefined && !parent) continue;
		const node: Obj = {};
		nodes.set(k, node);
		let holder = parent ? childrenOf.get(parent) : rootStates;
		if (!holder && parent) {
			holder = {};
			childrenOf.set(parent, holder);
			parent.states = holder;
		}
		if (!holder) continue;
		setIn(holder, [place.state[place.state.length - 1]], node);
	}
	for (const [k, value] of fields) {
		const place = fieldPlace(k);
		if (place.on === 'journey') setIn(body, place.path, value);
		else if (place.on === 'machine') setIn(machine, place.path, value);
		else if (place.path.length > 0) {
			const node = nodes.get(stateKey(place.state));
			if (node) setIn(node, place.path, value);
		}
	}
	for (const [k, node] of nodes) {
		const tidy = ordered(node);
		for (const prop of Object.keys(node)) delete node[prop];
		Object.assign(node, tidy);
		void k;
	}
	const { states: _ignored, ...machineRest } = machine;
	void _ignored;
	body.machine = { ...machineRest, states: rootStates };
	return body as unknown as JourneyBody;
}

/** The fields whose value differs between two editions (added, removed or changed). */
export function changedFields(from: JourneyFields, to: JourneyFields): FieldKey[] {
	const changed: FieldKey[] = [];
	for (const [k, value] of to) if (!from.has(k) || !sameValue(from.get(k), value)) changed.push(k);
	for (const k of from.keys()) if (!to.has(k)) changed.push(k);
	return changed;
}

// ---------------------------------------------------------------- three-way merge

export interface FieldConflict {
	/** The field both sides changed, or the existence field of a state one side deleted. */
	field: FieldKey;
	/** `state`: one side deleted the state, the other changed something inside it. */
	scope: 'field' | 'state';
	/** The values under `field` (the field alone, or every field of the state) on each side. */
	mine: [FieldKey, unknown][];
	theirs: [FieldKey, unknown][];
}

export interface MergeResult {
	/** What is stored once merged (conflicting fields keep the stored value). */
	fields: JourneyFields;
	/** Fields this side's edits wrote. */
	written: FieldKey[];
	conflicts: FieldConflict[];
}

const isUnder = (field: FieldKey, state: Path): boolean => {
	const place = fieldPlace(field);
	return place.on === 'state' && state.every((part, i) => place.state[i] === part) && place.state.length >= state.length;
};

const sliceOf = (fields: JourneyFields, under: (k: FieldKey) => boolean): [FieldKey, unknown][] =>
	[...fields].filter(([k]) => under(k));

/**
 * Merges `mine` (an editor's journey) into `theirs` (what is stored now), both from `base`: the
 * fields mine changed since base are written over theirs, unless theirs changed them too (to
 * another value), which is a conflict. Works on fields, so it runs the same for a team server.
 */
export function mergeFields(base: JourneyFields, mine: JourneyFields, theirs: JourneyFields): MergeResult {
	const result: JourneyFields = new Map(theirs);
	const written: FieldKey[] = [];
	const clashing: FieldKey[] = [];
	for (const k of changedFields(base, mine)) {
		const had = base.get(k);
		const now = theirs.get(k);
		const want = mine.get(k);
		if (theirs.has(k) === mine.has(k) && sameValue(now, want)) continue;
		if (theirs.has(k) === base.has(k) && sameValue(now, had)) {
			if (mine.has(k)) result.set(k, want);
			else result.delete(k);
			written.push(k);
		} else clashing.push(k);
	}
	// A state one side deleted while the other changed inside it is one conflict on the state.
	const deletedStates: Path[] = [];
	for (const k of base.keys()) {
		const place = fieldPlace(k);
		if (place.on !== 'state' || place.path.length > 0) continue;
		const byMine = !mine.has(k) && theirs.has(k);
		const byTheirs = mine.has(k) && !theirs.has(k);
		if (!byMine && !byTheirs) continue;
		const other = byMine ? theirs : mine;
		const touched = changedFields(base, other).some((f) => isUnder(f, place.state));
		if (touched) deletedStates.push(place.state);
	}
	// Only the outermost of nested deleted states.
	const scopes = deletedStates.filter((s) => !deletedStates.some((o) => o.length < s.length && o.every((p, i) => s[i] === p)));
	const conflicts: FieldConflict[] = [];
	for (const state of scopes) {
		const under = (k: FieldKey) => isUnder(k, state);
		// Until the person chooses, the stored state stays as it is.
		for (const k of [...result.keys()]) if (under(k) && !theirs.has(k)) result.delete(k);
		for (const [k, v] of theirs) if (under(k)) result.set(k, v);
		conflicts.push({ field: stateKey(state), scope: 'state', mine: sliceOf(mine, under), theirs: sliceOf(theirs, under) });
	}
	const inScope = (k: FieldKey) => scopes.some((s) => isUnder(k, s));
	for (const k of clashing) {
		if (inScope(k)) continue;
		conflicts.push({
			field: k,
			scope: 'field',
			mine: mine.has(k) ? [[k, mine.get(k)]] : [],
			theirs: theirs.has(k) ? [[k, theirs.get(k)]] : []
		});
	}
	return { fields: result, written: written.filter((k) => !inScope(k)), conflicts };
}

/** `mergeFields` over journeys: the result keeps `theirs`' id, workspace and date. */
export function mergeJourney(
	base: JourneyBody,
	mine: JourneyBody,
	theirs: Journey
): { journey: Journey; written: FieldKey[]; conflicts: FieldConflict[] } {
	const merged = mergeFields(journeyFields(base), journeyFields(mine), journeyFields(theirs));
	return { journey: { ...theirs, ...fromFields(merged.fields) }, written: merged.written, conflicts: merged.conflicts };
}

/**
 * Puts the changes from `base` to `theirs` into other editions of the journey (an editor's undo
 * history): `apply(edition)` is `mergeJourney(base, theirs, edition)`, each edition keeping its
 * own value where both changed a field. Flattens `base` and `theirs` once for all editions.
 */
export function rebaseOnto(base: JourneyBody, theirs: JourneyBody): (edition: JourneyBody) => JourneyBody {
	const baseFields = journeyFields(base);
	const theirFields = journeyFields(theirs);
	if (!changedFields(baseFields, theirFields).length) return (edition) => edition;
	return (edition) => fromFields(mergeFields(baseFields, theirFields, journeyFields(edition)).fields);
}

/** The journey with a conflict settled: `mine` puts this side's values under the conflict's field. */
export function resolveConflict(journey: Journey, conflict: FieldConflict, choice: 'mine' | 'theirs'): Journey {
	const chosen = choice === 'mine' ? conflict.mine : conflict.theirs;
	const fields = journeyFields(journey);
	const under =
		conflict.scope === 'state' ? (k: FieldKey) => isUnder(k, (fieldPlace(conflict.field) as { state: Path }).state) : (k: FieldKey) => k === conflict.field;
	const next: JourneyFields = new Map();
	for (const [k, v] of fields) if (!under(k)) next.set(k, v);
	for (const [k, v] of chosen) next.set(k, v);
	// Kept in place: fields in the journey's order, the chosen ones where the old ones stood.
	const ordered: JourneyFields = new Map();
	for (const k of fields.keys()) if (next.has(k)) ordered.set(k, next.get(k));
	for (const [k, v] of next) if (!ordered.has(k)) ordered.set(k, v);
	return { ...journey, ...fromFields(ordered) };
}

// ---------------------------------------------------------------- last writer wins, by clock

export interface VersionedFields {
	fields: JourneyFields;
	/** The clock of each field's last write, deletions included (a field absent with a clock was deleted). */
	clocks: FieldClocks;
}

/**
 * Last-writer-wins per field: for each field, the side whose clock is later wins, a deletion
 * included. Commutative, associative and idempotent, so replicas that exchange their edits in any
 * order agree: the rule a sync server applies. A field with no clock is older than any write.
 */
export function mergeByClock(a: VersionedFields, b: VersionedFields): VersionedFields {
	// The fields in a's order, then b's others (the order of states follows the first side).
	const keys = new Set<FieldKey>([...a.fields.keys(), ...b.fields.keys(), ...Object.keys(a.clocks), ...Object.keys(b.clocks)]);
	const fields: JourneyFields = new Map();
	const clocks: FieldClocks = {};
	const tie = (side: VersionedFields, k: FieldKey) => (side.fields.has(k) ? JSON.stringify([side.fields.get(k)]) : '');
	for (const k of keys) {
		const ca = a.clocks[k];
		const cb = b.clocks[k];
		const order = compareHlc(ca, cb);
		// Equal clocks come from one write; two values without a clock are settled by their JSON.
		const winner = order > 0 ? a : order < 0 ? b : tie(a, k) >= tie(b, k) ? a : b;
		if (winner.fields.has(k)) fields.set(k, winner.fields.get(k));
		const clock = order >= 0 ? ca : cb;
		if (clock !== undefined) clocks[k] = clock;
	}
	return { fields, clocks };
}
