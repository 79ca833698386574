/**
 * Columnar tables (`analysis/table.ts`) to stored chunks and back: each column cut into slices of
 * `CHUNK_ROWS` rows, each slice an ArrayBuffer of its own; small dictionaries ride in the dataset
 * row, big ones (customers, sessions, contact ids) are chunked as NUL-joined text. Columns the
 * file did not have are not stored: they are rebuilt with their defaults on load.
 */
import * as v from 'valibot';
import type { Dataset, DatasetChunk, DatasetDictionaries, DatasetSource, StoredDataset } from '$lib/db/datasets';
import type { ContactIngest, EventIngest, WebIngest } from '$lib/analysis/ingest';
import type { PseudonymFunction } from '$lib/domain/types';
import type { ContactTable, DataTable, EventTable, OptionalContactField, WebTable, ZonedTimes } from '$lib/analysis/table';
import { foldMotives, motiveKey, INBOUND, UNKNOWN } from '$lib/analysis/table';

export const CHUNK_ROWS = 1 << 18;
/** Dictionary values per text chunk. */
const DICTIONARY_CHUNK = 1 << 18;

type Numeric = Uint32Array | Float64Array | Uint8Array | Int8Array;
type NumericCtor<T extends Numeric = Numeric> = { new (n: number): T; new (buffer: ArrayBuffer): T };
/** The names of a table's typed-array columns. */
type NumericColumn<Table> = { [K in keyof Table]-?: Table[K] extends Numeric | undefined ? K : never }[keyof Table];

const CONTACT_COLUMNS: { name: NumericColumn<ContactTable>; type: NumericCtor; field?: OptionalContactField }[] = [
	{ name: 'customer', type: Uint32Array },
	{ name: 'time', type: Float64Array },
	{ name: 'channel', type: Uint32Array, field: 'channel' },
	{ name: 'motive', type: Uint32Array, field: 'motive' },
	{ name: 'direction', type: Uint8Array, field: 'direction' },
	{ name: 'agent', type: Uint32Array, field: 'agent' },
	{ name: 'team', type: Uint32Array, field: 'team' },
	{ name: 'segment', type: Uint32Array, field: 'segment' },
	{ name: 'transferred', type: Int8Array, field: 'transferred' },
	{ name: 'callback', type: Int8Array, field: 'callback' },
	{ name: 'resolved', type: Int8Array, field: 'resolved' },
	{ name: 'surveyResolved', type: Int8Array, field: 'survey_resolved' },
	{ name: 'handledAt', type: Float64Array, field: 'handled_at' },
	{ name: 'csat', type: Uint8Array, field: 'csat' },
	{ name: 'nps', type: Int8Array, field: 'nps' },
	{ name: 'contactId', type: Uint32Array, field: 'contact_id' }
];

const WEB_COLUMNS: { name: NumericColumn<WebTable>; type: NumericCtor }[] = [
	{ name: 'customer', type: Uint32Array },
	{ name: 'time', type: Float64Array },
	{ name: 'page', type: Uint32Array },
	{ name: 'session', type: Uint32Array }
];

const EVENT_COLUMNS: { name: NumericColumn<EventTable>; type: NumericCtor }[] = [
	{ name: 'customer', type: Uint32Array },
	{ name: 'time', type: Float64Array },
	{ name: 'event', type: Uint32Array },
	{ name: 'detail', type: Uint32Array }
];

/** The instants of times written with a zone (`ZonedTimes`), stored beside the columns they belong to. */
const ZONED_COLUMNS = [
	['zonedTime', 'time'],
	['zonedHandledAt', 'handledAt']
] as const;

function zonedChunks(meta: Meta, zoned: ZonedTimes | undefined, length: number, rows: number): DatasetChunk[] {
	const chunks: DatasetChunk[] = [];
	for (const [name, column] of ZONED_COLUMNS) {
		const instants = zoned?.[column];
		if (instants) chunks.push(...columnChunks(meta, name, instants, length, rows));
	}
	return chunks;
}

function zonedFrom(dataset: Dataset, parts: Map<string, DatasetChunk[]>): ZonedTimes | undefined {
	if (!dataset.timeZone) return undefined;
	const zoned: ZonedTimes = { timeZone: dataset.timeZone };
	for (const [name, column] of ZONED_COLUMNS) {
		if (parts.has(name)) zoned[column] = joinColumn(Float64Array, parts.get(name), dataset.rows, name);
	}
	return zoned;
}

const SMALL_CONTACT_DICTIONARIES = ['channels', 'motives', 'agents', 'teams', 'segments'] as const;
const BIG_CONTACT_DICTIONARIES = ['customers', 'contactIds'] as const;
const SEP = '\u0000';

type Meta = Pick<Dataset, 'id' | 'workspaceId'>;

function columnChunks(meta: Meta, column: string, values: Numeric, length: number, rows: number): DatasetChunk[] {
	const chunks: DatasetChunk[] = [];
	for (let index = 0, from = 0; from < length; index++, from += rows) {
		const slice = values.slice(from, Math.min(length, from + rows));
		chunks.push({ datasetId: meta.id, workspaceId: meta.workspaceId, column, index, data: slice.buffer as ArrayBuffer });
	}
	return chunks;
}

function dictionaryChunks(meta: Meta, column: string, values: readonly string[]): DatasetChunk[] {
	if (values.some((v) => v.includes(SEP))) {
		// A NUL inside a value would split it: keep such a dictionary as JSON.
		return [{ datasetId: meta.id, workspaceId: meta.workspaceId, column, index: -1, data: JSON.stringify(values) }];
	}
	const chunks: DatasetChunk[] = [];
	for (let index = 0, from = 0; from < values.length; index++, from += DICTIONARY_CHUNK) {
		const data = values.slice(from, from + DICTIONARY_CHUNK).join(SEP);
		chunks.push({ datasetId: meta.id, workspaceId: meta.workspaceId, column, index, data });
	}
	if (!chunks.length) chunks.push({ datasetId: meta.id, workspaceId: meta.workspaceId, column, index: 0, data: '' });
	return chunks;
}

export function chunkBytes(chunks: readonly DatasetChunk[]): number {
	let bytes = 0;
	for (const c of chunks) bytes += typeof c.data === 'string' ? c.data.length * 2 : c.data.byteLength;
	return bytes;
}

export function contactChunks(meta: Meta, table: ContactTable, rows = CHUNK_ROWS): { chunks: DatasetChunk[]; dictionaries: DatasetDictionaries } {
	const chunks: DatasetChunk[] = [];
	for (const { name, field } of CONTACT_COLUMNS) {
		if (field && !table.present[field]) continue;
		const values = table[name];
		if (!values) continue;
		chunks.push(...columnChunks(meta, name, values, table.length, rows));
	}
	for (const name of BIG_CONTACT_DICTIONARIES) {
		const values = table[name];
		if (values) chunks.push(...dictionaryChunks(meta, name, values));
	}
	chunks.push(...zonedChunks(meta, table.zoned, table.length, rows));
	const dictionaries: DatasetDictionaries = {};
	for (const name of SMALL_CONTACT_DICTIONARIES) dictionaries[name] = table[name];
	return { chunks, dictionaries };
}

export function webChunks(meta: Meta, table: WebTable, rows = CHUNK_ROWS): { chunks: DatasetChunk[]; dictionaries: DatasetDictionaries } {
	const chunks: DatasetChunk[] = [];
	for (const { name } of WEB_COLUMNS) chunks.push(...columnChunks(meta, name, table[name], table.length, rows));
	chunks.push(...dictionaryChunks(meta, 'customers', table.customers), ...dictionaryChunks(meta, 'sessions', table.sessions));
	chunks.push(...zonedChunks(meta, table.zoned, table.length, rows));
	return { chunks, dictionaries: { pages: table.pages } };
}

/** An event log's columns; its details (one per bill or parcel, often) are a big dictionary, its event types a small one. */
export function eventChunks(meta: Meta, table: EventTable, rows = CHUNK_ROWS): { chunks: DatasetChunk[]; dictionaries: DatasetDictionaries } {
	const chunks: DatasetChunk[] = [];
	for (const { name } of EVENT_COLUMNS) chunks.push(...columnChunks(meta, name, table[name], table.length, rows));
	chunks.push(...dictionaryChunks(meta, 'customers', table.customers), ...dictionaryChunks(meta, 'details', table.details));
	chunks.push(...zonedChunks(meta, table.zoned, table.length, rows));
	return { chunks, dictionaries: { events: table.events } };
}

function byColumn(chunks: readonly DatasetChunk[]): Map<string, DatasetChunk[]> {
	const map = new Map<string, DatasetChunk[]>();
	for (const c of chunks) {
		const list = map.get(c.column) ?? [];
		list.push(c);
		map.set(c.column, list);
	}
	for (const list of map.values()) list.sort((a, b) => a.index - b.index);
	return map;
}

function joinColumn<T extends Numeric>(type: NumericCtor<T>, parts: DatasetChunk[] | undefined, length: number, missing: string): T {
	if (!parts) throw new Error(`The stored dataset lacks its "${missing}" column; delete it and import the file again.`);
	const out = new type(length);
	let at = 0;
	for (const part of parts) {
		// A column's chunks are buffers; text would be a dictionary's, so the column is incomplete.
		if (typeof part.data === 'string') break;
		const slice = new type(part.data);
		out.set(slice, at);
		at += slice.length;
	}
	if (at !== length) throw new Error(`The stored dataset's "${missing}" column is incomplete; delete it and import the file again.`);
	return out;
}

/** The text of a dictionary's chunk. */
function textOf(chunk: DatasetChunk): string {
	if (typeof chunk.data !== 'string') throw new Error(`The stored dataset's "${chunk.column}" values are damaged; delete it and import the file again.`);
	return chunk.data;
}

const DictionarySchema = v.array(v.string());

function joinDictionary(parts: DatasetChunk[] | undefined): string[] | undefined {
	if (!parts) return undefined;
	if (parts.length === 1 && parts[0].index === -1) return v.parse(DictionarySchema, JSON.parse(textOf(parts[0])));
	const values: string[] = [];
	for (const part of parts) {
		const text = textOf(part);
		if (text === '' && parts.length === 1) return [];
		for (const v of text.split(SEP)) values.push(v);
	}
	return values;
}

export function contactTableFrom(dataset: Dataset, chunks: readonly DatasetChunk[]): ContactTable {
	const n = dataset.rows;
	const parts = byColumn(chunks);
	const present: ContactTable['present'] = {};
	for (const c of dataset.columns) present[c as OptionalContactField] = true;
	const column = <T extends Numeric>(name: string, type: NumericCtor<T>, field: OptionalContactField | undefined, fill: number): T => {
		if (field && !present[field]) {
			const filled = new type(n);
			if (fill !== 0) filled.fill(fill);
			return filled;
		}
		return joinColumn(type, parts.get(name), n, name);
	};
	const d = dataset.dictionaries;
	const dict = (name: (typeof SMALL_CONTACT_DICTIONARIES)[number], field: OptionalContactField, fallback: string) => (present[field] ? (d[name] ?? [fallback]) : [fallback]);
	const table: ContactTable = {
		length: n,
		customer: column('customer', Uint32Array, undefined, 0),
		customers: joinDictionary(parts.get('customers')) ?? [],
		time: column('time', Float64Array, undefined, 0),
		channel: column('channel', Uint32Array, 'channel', 0),
		channels: dict('channels', 'channel', 'unknown'),
		motive: column('motive', Uint32Array, 'motive', 0),
		motives: dict('motives', 'motive', 'unqualified'),
		direction: column('direction', Uint8Array, 'direction', INBOUND),
		agent: column('agent', Uint32Array, 'agent', 0),
		agents: dict('agents', 'agent', '(none)'),
		team: column('team', Uint32Array, 'team', 0),
		teams: dict('teams', 'team', '(none)'),
		segment: column('segment', Uint32Array, 'segment', 0),
		segments: dict('segments', 'segment', '(none)'),
		transferred: column('transferred', Int8Array, 'transferred', UNKNOWN),
		callback: column('callback', Int8Array, 'callback', UNKNOWN),
		resolved: column('resolved', Int8Array, 'resolved', UNKNOWN),
		surveyResolved: column('surveyResolved', Int8Array, 'survey_resolved', UNKNOWN),
		handledAt: column('handledAt', Float64Array, 'handled_at', NaN),
		csat: column('csat', Uint8Array, 'csat', 0),
		nps: column('nps', Int8Array, 'nps', -1),
		present
	};
	const contactIds = joinDictionary(parts.get('contactIds'));
	if (present.contact_id && contactIds) {
		table.contactId = joinColumn(Uint32Array, parts.get('contactId'), n, 'contactId');
		table.contactIds = contactIds;
	} else delete present.contact_id;
	const zoned = zonedFrom(dataset, parts);
	if (zoned) table.zoned = zoned;
	// Datasets stored before motives were compared case-insensitively may hold `BILL` and `bill` apart.
	if (new Set(table.motives.map(motiveKey)).size !== table.motives.length) {
		table.motive = table.motive.slice(); // the column may be a view on the stored chunk
		foldMotives(table);
	}
	return table;
}

export function webTableFrom(dataset: Dataset, chunks: readonly DatasetChunk[]): WebTable {
	const n = dataset.rows;
	const parts = byColumn(chunks);
	const table: WebTable = {
		length: n,
		customer: joinColumn(Uint32Array, parts.get('customer'), n, 'customer'),
		customers: joinDictionary(parts.get('customers')) ?? [],
		time: joinColumn(Float64Array, parts.get('time'), n, 'time'),
		page: joinColumn(Uint32Array, parts.get('page'), n, 'page'),
		pages: dataset.dictionaries.pages ?? ['(none)'],
		session: joinColumn(Uint32Array, parts.get('session'), n, 'session'),
		sessions: joinDictionary(parts.get('sessions')) ?? ['(none)']
	};
	const zoned = zonedFrom(dataset, parts);
	if (zoned) table.zoned = zoned;
	return table;
}

export function eventTableFrom(dataset: Dataset, chunks: readonly DatasetChunk[]): EventTable {
	const n = dataset.rows;
	const parts = byColumn(chunks);
	const table: EventTable = {
		length: n,
		customer: joinColumn(Uint32Array, parts.get('customer'), n, 'customer'),
		customers: joinDictionary(parts.get('customers')) ?? [],
		time: joinColumn(Float64Array, parts.get('time'), n, 'time'),
		event: joinColumn(Uint32Array, parts.get('event'), n, 'event'),
		events: dataset.dictionaries.events ?? ['(none)'],
		detail: joinColumn(Uint32Array, parts.get('detail'), n, 'detail'),
		details: joinDictionary(parts.get('details')) ?? ['(none)']
	};
	const zoned = zonedFrom(dataset, parts);
	if (zoned) table.zoned = zoned;
	return table;
}

/** The table of a stored dataset, of its kind. */
export function tableFrom(dataset: Dataset, chunks: readonly DatasetChunk[]): DataTable {
	switch (dataset.kind) {
		case 'contacts':
			return { kind: 'contacts', table: contactTableFrom(dataset, chunks) };
		case 'web':
			return { kind: 'web', table: webTableFrom(dataset, chunks) };
		case 'events':
			return { kind: 'events', table: eventTableFrom(dataset, chunks) };
	}
}

/** A log the ingest read, told apart by its kind: what `makeDataset` stores. */
export type ReadLog = { kind: 'contacts'; ingest: ContactIngest } | { kind: 'web'; ingest: WebIngest } | { kind: 'events'; ingest: EventIngest };

/** The table a read log holds, as the engine keeps it. */
export function dataOf(read: ReadLog): DataTable {
	switch (read.kind) {
		case 'contacts':
			return { kind: 'contacts', table: read.ingest.table };
		case 'web':
			return { kind: 'web', table: read.ingest.table };
		case 'events':
			return { kind: 'events', table: read.ingest.table };
	}
}

/** The optional columns a dataset lists (`Dataset.columns`). */
function columnsOf(read: ReadLog, mapping: Record<string, number>): string[] {
	if (read.kind === 'contacts') return Object.keys(read.ingest.table.present);
	const optional = read.kind === 'web' ? ['page', 'session_id'] : ['event', 'detail'];
	return Object.keys(mapping).filter((f) => optional.includes(f));
}

/** What the ingest does not know about a dataset: its names, its file and how it was imported. */
export interface DatasetDetails {
	name: string;
	fileName: string;
	/** Bytes of the source file. */
	bytes: number;
	importedAt: string;
	format: DatasetSource['format'];
	valueMap?: DatasetSource['valueMap'];
	constants?: Record<string, string>;
	/** The function that made the pseudonyms; absent when the ids are kept as read. */
	pseudonymisation?: PseudonymFunction;
	contentHash?: string;
	demo?: boolean;
}

/** The one place a dataset is built: its row of metadata and its chunks, from a log the ingest read. */
export function makeDataset(meta: Pick<Dataset, 'id' | 'workspaceId'>, read: ReadLog, details: DatasetDetails): StoredDataset {
	const { chunks, dictionaries } =
		read.kind === 'contacts'
			? contactChunks(meta, read.ingest.table)
			: read.kind === 'web'
				? webChunks(meta, read.ingest.table)
				: eventChunks(meta, read.ingest.table);
	const { table, detected, rejections, warnings } = read.ingest;
	const mapping: Record<string, number> = {};
	for (const [field, column] of Object.entries(detected.mapping)) if (column !== undefined) mapping[field] = column;
	const dataset: Dataset = {
		...meta,
		kind: read.kind,
		name: details.name,
		fileName: details.fileName,
		rows: table.length,
		rejected: rejections.count,
		rejections,
		warnings,
		period: periodOf(table.time, table.length),
		bytes: details.bytes,
		storedBytes: chunkBytes(chunks),
		importedAt: details.importedAt,
		columns: columnsOf(read, mapping),
		dictionaries,
		chunkRows: CHUNK_ROWS,
		source: {
			format: details.format,
			encoding: detected.encoding,
			delimiter: detected.delimiter,
			dateFormat: detected.dateFormat,
			headers: detected.headers,
			mapping,
			valueMap: details.valueMap ?? {},
			...(details.constants && Object.keys(details.constants).length ? { constants: details.constants } : {})
		},
		pseudonymised: details.pseudonymisation !== undefined,
		...(details.pseudonymisation !== undefined ? { pseudonymisation: details.pseudonymisation } : {}),
		...(details.demo ? { demo: true } : {})
	};
	if (table.zoned) dataset.timeZone = table.zoned.timeZone;
	if (details.contentHash) dataset.contentHash = details.contentHash;
	return { dataset, chunks };
}

/** First and last timestamp; null for an empty table. */
export function periodOf(time: Float64Array, length: number): { from: number; to: number } | null {
	if (length === 0) return null;
	let from = Infinity;
	let to = -Infinity;
	for (let i = 0; i < length; i++) {
		const t = time[i];
		if (t < from) from = t;
		if (t > to) to = t;
	}
	return { from, to };
}
