/**
 * What the engine worker does, apart from messaging: read a file's head, import it into a stored
 * dataset, analyse a stored dataset, make the demo data. Takes its store as an argument, so tests
 * run it in Node over an in-memory IndexedDB.
 */
import {
	canonicalChannel,
	directionFlag,
	ingestContacts,
	ingestEvents,
	ingestWeb,
	IngestError,
	parseBoolean,
	parseDirection,
	recogniseDirection,
	renameChannels,
	VALUE_FIELDS,
	type ByteSource,
	type DirectionFlag,
	type CanonicalContactField,
	type CanonicalEventField,
	type CanonicalWebField,
	type ContactIngest
} from '$lib/analysis/ingest';
import { HEAD_SIZE, largerHead, sniffHead } from '$lib/analysis/ingest/sniff';
import { drillDown, type DrillResult } from '$lib/analysis/drill';
import { analyze, type AnalysisResult } from '$lib/analysis/metrics';
import { omnichannel } from '$lib/analysis/omnichannel';
import { overlay } from '$lib/analysis/overlay';
import { journeyCoverage, type JourneyCoverage } from '$lib/analysis/journey-coverage';
import { journeyModel } from '$lib/analysis/overlay-model';
import { stableKey } from '$lib/analysis/dashboard-settings';
import { generateContacts, contactsCsvHeader, toCsvLine, toWebCsvLine, webCsvHeader } from '$lib/analysis/generate';
import { DEMO_DATA } from '$lib/analysis/generate-model';
import { eventDeriver, eventsCsvHeader, toEventCsvLine } from '$lib/analysis/generate-events';
import { newPseudonymKey, pseudonymiseDictionary, pseudonymiser, pseudonymiseRejected, PSEUDONYM_FUNCTION } from '$lib/analysis/pseudonymise';
import { looksLikeXlsx, sheetToCsvBytes, type SheetRows } from '$lib/analysis/xlsx';
import { FALSE, INBOUND, OUTBOUND, TRUE, UNKNOWN, type ContactTable, type DataTable } from '$lib/analysis/table';
import type { Dataset, DatasetSource, StoredDataset } from '$lib/db/datasets';
import { demoDataKey, demoWebKey } from '$lib/db/datasets';
import type { DatasetRepo, WorkspaceRepo } from '$lib/db/store';
import { newId } from '$lib/domain/ids';
import { workspaceTimeZone } from '$lib/domain/time-zone';
import { inTimeZone } from '$lib/analysis/time-zone';
import { DAY } from '$lib/analysis/settings';
import type { Id } from '$lib/domain/types';
import { dataOf, makeDataset, tableFrom, type ReadLog } from './dataset-codec';
import type { CrossResult } from '$lib/analysis/cross';
import type { AnticipationResult } from '$lib/analysis/anticipation';
import type {
	AnalyzeRequest,
	AnticipationRequest,
	ComputeProgress,
	CoverageRequest,
	CrossRequest,
	EngineHooks,
	DataKind,
	DrillRequest,
	OverlayAnswer,
	OverlayRequest,
	DemoProgress,
	ImportOutcome,
	ImportProgress,
	ImportRequestOptions,
	FieldValues,
	ScanRequestOptions,
	SniffedFile,
	SniffOptions,
	ValueField,
	ValueScan
} from './protocol';
import { LruMap } from '$lib/domain/lru';
import { errorMessage } from '$lib/domain/guards';

/** How a computation reports where it is and learns it was cancelled. */
export type ComputeHooks = EngineHooks<ComputeProgress>;

/** Between loading and computing: stops a cancelled request, says the computing starts. */
function startComputing(hooks: ComputeHooks | undefined): void {
	if (hooks?.signal?.aborted) throw new IngestError('aborted', 'The computation was cancelled.');
	hooks?.onProgress?.({ phase: 'computing' });
}

export interface EngineStore {
	datasetRepo: DatasetRepo;
	workspaceRepo: WorkspaceRepo;
}

/** How many tables stay loaded for the next analyses. */
const CACHE_SIZE = 3;
/** How many overlay results are kept, so going back to a filter answers at once. */
const OVERLAY_CACHE_SIZE = 12;
/** Bytes read from a file stream before handing them on (and letting a cancel message in). */
const BATCH_BYTES = 4 << 20;

const isXlsxName = (name: string) => /\.xls[xm]$/i.test(name);

/** A macrotask, so messages (a cancel) waiting for the worker are handled. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Lines in `b` (line feeds), to show rows while reading. */
function countLines(b: Uint8Array): number {
	let n = 0;
	for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
	return n;
}

/**
 * A Blob's bytes as a source for the ingest: read in batches of a few megabytes, a macrotask
 * between batches (so cancel can arrive), lines counted for progress.
 */
async function* blobBatches(blob: Blob, onBatch: (bytes: number, lines: number) => void): AsyncGenerator<Uint8Array> {
	const reader = blob.stream().getReader();
	let parts: Uint8Array[] = [];
	let size = 0;
	let bytes = 0;
	let lines = 0;
	const flush = () => {
		const joined = parts.length === 1 ? parts[0] : new Uint8Array(size);
		if (parts.length > 1) {
			let at = 0;
			for (const p of parts) {
				joined.set(p, at);
				at += p.length;
			}
		}
		parts = [];
		size = 0;
		bytes += joined.length;
		lines += countLines(joined);
		onBatch(bytes, lines);
		return joined;
	};
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			parts.push(value);
			size += value.length;
			if (size >= BATCH_BYTES) {
				yield flush();
				await nextTask();
			}
		}
		if (size > 0) yield flush();
	} finally {
		reader.releaseLock();
	}
}

async function headOf(blob: Blob, size = HEAD_SIZE): Promise<Uint8Array> {
	return new Uint8Array(await blob.slice(0, size).arrayBuffer());
}

/** Lower-cased trimmed keys (an empty cell is a key too: the user may map it). */
function foldKeys(map: Record<string, string> | undefined): Map<string, string> {
	const folded = new Map<string, string>();
	for (const [raw, value] of Object.entries(map ?? {})) folded.set(raw.trim().toLowerCase(), value);
	return folded;
}

/** The user's direction map for the ingest: keyed trimmed and lower-cased, values inbound or outbound. */
function directionWords(map: Record<string, string> | undefined): Record<string, 'inbound' | 'outbound'> {
	const words: Record<string, 'inbound' | 'outbound'> = {};
	for (const [raw, value] of foldKeys(map)) words[raw] = value === 'outbound' ? 'outbound' : 'inbound';
	return words;
}

/** Distinct values returned per field by a scan, unless the request says otherwise. */
const SCAN_LIMIT = 200;

const BOOLEAN_FIELDS = ['transferred', 'callback', 'resolved', 'survey_resolved'] as const;
type BooleanField = (typeof BOOLEAN_FIELDS)[number];
const BOOLEAN_COLUMN: Record<BooleanField, 'transferred' | 'callback' | 'resolved' | 'surveyResolved'> = {
	transferred: 'transferred',
	callback: 'callback',
	resolved: 'resolved',
	survey_resolved: 'surveyResolved'
};

function booleanCode(value: string): number {
	const v = value.trim().toLowerCase();
	return v === 'true' ? TRUE : v === 'false' ? FALSE : UNKNOWN;
}

/**
 * The entries of a direction or boolean map that change what the engine reads by itself (`flag`:
 * how the engine reads a true/false direction column, from its header).
 */
function changedEntries(field: ValueField, map: Map<string, string>, flag: DirectionFlag): Map<string, number> {
	const changed = new Map<string, number>();
	for (const [raw, value] of map) {
		if (field === 'direction') {
			const wanted = value === 'outbound' ? OUTBOUND : INBOUND;
			if ((parseDirection(raw, flag) ?? INBOUND) !== wanted) changed.set(raw, wanted);
		} else {
			const wanted = booleanCode(value);
			if (parseBoolean(raw) !== wanted) changed.set(raw, wanted);
		}
	}
	return changed;
}

/** The constants that stand for a column the file does not map. */
function appliedConstants(options: ImportRequestOptions, mapping: Partial<Record<string, number>>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [field, value] of Object.entries(options.constants ?? {})) {
		if (value !== undefined && value.trim() !== '' && mapping[field] === undefined) out[field] = value.trim();
	}
	return out;
}

/** Fills the columns a constant stands for: every row gets the channel (read through the synonyms) or direction. */
function applyConstants(ingest: ContactIngest, options: ImportRequestOptions): void {
	const constants = appliedConstants(options, ingest.detected.mapping);
	const table = ingest.table;
	if (constants.channel !== undefined) {
		table.channel = new Uint32Array(table.length);
		table.channels = [canonicalChannel(constants.channel)];
		table.present.channel = true;
	}
	if (constants.direction !== undefined) {
		const direction = recogniseDirection(constants.direction);
		if (direction === null) throw new Error(`The direction "${constants.direction}" is neither inbound nor outbound.`);
		table.direction.fill(direction === 'outbound' ? OUTBOUND : INBOUND);
		table.present.direction = true;
	}
}

/** A table with its times written with a zone put on `timeZone`'s wall clock, of the same kind. */
function dataInTimeZone(data: DataTable, timeZone: string): DataTable {
	switch (data.kind) {
		case 'contacts':
			return { kind: 'contacts', table: inTimeZone(data.table, timeZone) };
		case 'web':
			return { kind: 'web', table: inTimeZone(data.table, timeZone) };
		case 'events':
			return { kind: 'events', table: inTimeZone(data.table, timeZone) };
	}
}

export class Engine {
	readonly #store: EngineStore;
	readonly #tables = new LruMap<Id, DataTable>(CACHE_SIZE, (id) => this.#zoned.delete(id));
	/** Per dataset, the table last put on another zone than the one it was stored in. */
	readonly #zoned = new Map<Id, { source: DataTable; timeZone: string; data: DataTable }>();
	/** The last XLSX read, so the import does not read it again after the sniff. */
	#xlsx: { file: Blob; bytes: Uint8Array } | null = null;
	/** Overlay results by request (and the datasets' import times, so a re-import is never stale). */
	readonly #overlays = new LruMap<string, OverlayAnswer>(OVERLAY_CACHE_SIZE);

	constructor(store: EngineStore) {
		this.#store = store;
	}

	// ------------------------------------------------------------------ files

	async #isXlsx(file: Blob, fileName: string): Promise<boolean> {
		return isXlsxName(fileName) || looksLikeXlsx(new Uint8Array(await file.slice(0, 4).arrayBuffer()));
	}

	/** The first sheet of a workbook as CSV bytes. */
	async #xlsxBytes(file: Blob): Promise<Uint8Array> {
		if (this.#xlsx?.file === file) return this.#xlsx.bytes;
		const { readSheet } = await import('read-excel-file/universal');
		let rows: SheetRows;
		try {
			rows = await readSheet(file);
		} catch (error) {
			throw new IngestError('not-text', `The Excel workbook could not be read (${errorMessage(error)}); save it as CSV and import that.`);
		}
		const bytes = sheetToCsvBytes(rows);
		this.#xlsx = { file, bytes };
		return bytes;
	}

	/** (`_hooks`: a sniff reads only the file's head, too little to report or cancel.) */
	async sniff(file: Blob, fileName: string, kind: DataKind, options: SniffOptions = {}, _hooks?: EngineHooks): Promise<SniffedFile> {
		const xlsx = await this.#isXlsx(file, fileName);
		// 64 KB, more while the header line runs past it.
		for (let size = HEAD_SIZE; ; ) {
			const head = xlsx ? (await this.#xlsxBytes(file)).subarray(0, size) : await headOf(file, size);
			const complete = xlsx ? head.length < size : file.size <= size;
			try {
				const { sniffed } = sniffHead<string>(head, complete, kind, options);
				return { ...sniffed, format: xlsx ? 'xlsx' : 'csv', kind, fileName, size: file.size };
			} catch (error) {
				const larger = largerHead(size, error);
				if (larger === null) throw error;
				size = larger;
			}
		}
	}

	/**
	 * Every distinct trimmed raw value of channel, direction and the yes/no fields over the whole
	 * file, with its row count, read by the import's own reader with the wizard's choices: values
	 * that first appear after the preview's rows are listed too.
	 */
	async scanValues(
		file: Blob,
		fileName: string,
		options: ScanRequestOptions,
		{ onProgress = () => {}, signal }: EngineHooks<ImportProgress> = {}
	): Promise<ValueScan> {
		const xlsx = await this.#isXlsx(file, fileName);
		const total = file.size;
		const source: ByteSource = xlsx
			? await this.#xlsxBytes(file)
			: blobBatches(file, (bytes, lines) => onProgress({ bytes, total, rows: Math.max(0, lines - 1), phase: 'reading' }));
		// Only the columns that decide whether a row is kept, and those whose values are listed.
		const mapping: Partial<Record<CanonicalContactField, number>> = {};
		for (const field of ['customer_id', 'timestamp', ...VALUE_FIELDS] as const) {
			const column = options.mapping[field];
			if (column !== undefined && column >= 0) mapping[field] = column;
		}
		const ingest = await ingestContacts(source, {
			encoding: xlsx ? 'utf-8' : options.encoding,
			delimiter: xlsx ? ',' : options.delimiter,
			dateFormat: options.dateFormat,
			mapping,
			contactIds: false,
			channelNames: 'raw',
			// Every row's words are listed, an unknown direction too: the user maps it before importing.
			rejectUnknownDirection: false,
			signal
		});
		const limit = options.limit ?? SCAN_LIMIT;
		const fields: ValueScan['fields'] = {};
		for (const [field, counts] of Object.entries(ingest.values) as [ValueField, FieldValues['values']][]) {
			const left = counts.slice(limit);
			fields[field] = { values: counts.slice(0, limit), more: left.length, moreRows: left.reduce((n, c) => n + c.rows, 0) };
		}
		return { rows: ingest.table.length, fields };
	}

	/** The workspace's pseudonymisation key, made at its first pseudonymised import. */
	async #pseudonymKey(workspaceId: Id): Promise<string> {
		const workspace = await this.#store.workspaceRepo.get(workspaceId);
		if (!workspace) throw new Error(`The workspace "${workspaceId}" does not exist.`);
		if (workspace.pseudonymKey) return workspace.pseudonymKey;
		const key = newPseudonymKey();
		await this.#store.workspaceRepo.update(workspaceId, { pseudonymKey: key });
		return key;
	}

	/** The workspace's time zone (METRICS.md §1 *Time*), the browser's when it has none. */
	async #timeZone(workspaceId: Id): Promise<string> {
		return workspaceTimeZone(await this.#store.workspaceRepo.get(workspaceId));
	}

	async importFile(
		workspaceId: Id,
		file: Blob,
		fileName: string,
		kind: DataKind,
		options: ImportRequestOptions,
		{ onProgress = () => {}, signal }: EngineHooks<ImportProgress> = {}
	): Promise<ImportOutcome> {
		const xlsx = await this.#isXlsx(file, fileName);
		const key = options.pseudonymise ? await this.#pseudonymKey(workspaceId) : null;
		const total = file.size;
		const source = async (): Promise<ByteSource> =>
			xlsx
				? await this.#xlsxBytes(file)
				: blobBatches(file, (bytes, lines) => onProgress({ bytes, total, rows: Math.max(0, lines - 1), phase: 'reading' }));
		const common = {
			timeZone: await this.#timeZone(workspaceId),
			encoding: xlsx ? ('utf-8' as const) : options.encoding,
			delimiter: xlsx ? (',' as const) : options.delimiter,
			dateFormat: options.dateFormat,
			signal,
			onProgress: xlsx ? (bytes: number) => onProgress({ bytes: Math.round((bytes / Math.max(1, (this.#xlsx?.bytes.length ?? 1))) * total), total, rows: 0, phase: 'reading' }) : undefined
		};
		let read: ReadLog;
		if (kind === 'contacts') {
			const ingest = await ingestContacts(await source(), {
				...common,
				mapping: options.mapping as Partial<Record<CanonicalContactField, number>> | undefined,
				contactIds: false,
				// The user's map is keyed by the raw spellings; `#applyValueMaps` renames after it.
				channelNames: 'raw',
				// A direction the user mapped is read as mapped, never rejected as unknown.
				directionWords: directionWords(options.valueMap?.direction)
			});
			await this.#applyValueMaps(ingest, options, source, signal);
			applyConstants(ingest, options);
			read = { kind, ingest };
		} else if (kind === 'events') {
			read = {
				kind,
				ingest: await ingestEvents(await source(), {
					...common,
					mapping: options.mapping as Partial<Record<CanonicalEventField, number>> | undefined
				})
			};
		} else {
			read = {
				kind,
				ingest: await ingestWeb(await source(), {
					...common,
					mapping: options.mapping as Partial<Record<CanonicalWebField, number>> | undefined
				})
			};
		}
		const result = read.ingest;
		if (signal?.aborted) throw new IngestError('aborted', 'The import was cancelled.');
		if (key) {
			// Before the dictionary changes: a rejected cell that is a customer id reads as its pseudonym.
			await pseudonymiseRejected(result.rejections.sample, result.table.customers, await pseudonymiser(key));
			const rows = result.table.length;
			onProgress({ bytes: total, total, rows, phase: 'pseudonymising' });
			await pseudonymiseDictionary(result.table.customers, key, {
				signal,
				onProgress: (done, of) => onProgress({ bytes: total, total, rows, phase: 'pseudonymising', done, of })
			});
		}
		onProgress({ bytes: total, total, rows: result.table.length, phase: 'saving' });

		const id = newId();
		const valueMap: DatasetSource['valueMap'] = {};
		for (const [field, map] of Object.entries(options.valueMap ?? {})) if (map && Object.keys(map).length) valueMap[field] = { ...map };
		const { dataset, chunks } = makeDataset({ id, workspaceId }, read, {
			name: (options.name ?? '').trim() || fileName.replace(/\.[^.]+$/, '') || fileName,
			fileName,
			bytes: total,
			importedAt: new Date().toISOString(),
			format: xlsx ? 'xlsx' : 'csv',
			valueMap,
			...(read.kind === 'contacts' ? { constants: appliedConstants(options, read.ingest.detected.mapping) } : {}),
			...(key !== null ? { pseudonymisation: PSEUDONYM_FUNCTION } : {}),
			...(options.contentHash ? { contentHash: options.contentHash } : {})
		});
		await this.#store.datasetRepo.save([{ dataset, chunks }]);
		if (signal?.aborted) {
			// Cancelled while it was being written: take it back, so a cancel always leaves nothing.
			await this.#store.datasetRepo.remove(workspaceId, id);
			throw new IngestError('aborted', 'The import was cancelled.');
		}
		this.#remember(id, dataOf(read));
		return { dataset, rejections: result.rejections, warnings: result.warnings };
	}

	/**
	 * Value maps: channel names are rewritten on the dictionary; direction and boolean values the
	 * engine reads differently from the user's map need the raw text, which a second pass reads
	 * (as dictionary columns) only when such an entry exists.
	 */
	async #applyValueMaps(
		ingest: ContactIngest,
		options: ImportRequestOptions,
		source: () => Promise<ByteSource>,
		signal: AbortSignal | undefined
	): Promise<void> {
		const table = ingest.table;
		const exact = options.valueMap?.channel ?? {};
		const folded = foldKeys(exact);
		// The user's choice for a spelling, else the synonym table (what the command line reads).
		if (table.present.channel)
			renameChannels(table, (value) => exact[value] ?? folded.get(value.trim().toLowerCase()) ?? canonicalChannel(value));
		const mapping = ingest.detected.mapping;
		const flag = mapping.direction === undefined ? null : directionFlag(ingest.detected.headers[mapping.direction] ?? '');
		const wanted: { field: 'direction' | BooleanField; changed: Map<string, number> }[] = [];
		// Directions were read through the user's map in the first pass (`directionWords`).
		for (const field of BOOLEAN_FIELDS) {
			if (mapping[field] === undefined) continue;
			const changed = changedEntries(field, foldKeys(options.valueMap?.[field]), flag);
			if (changed.size) wanted.push({ field, changed });
		}
		if (!wanted.length) return;
		// Up to five raw columns ride in the dictionary slots of a second pass.
		const slots = ['motive', 'agent', 'team', 'segment', 'channel'] as const;
		const dictOf = { motive: 'motives', agent: 'agents', team: 'teams', segment: 'segments', channel: 'channels' } as const;
		const rawMapping: Partial<Record<CanonicalContactField, number>> = {
			customer_id: mapping.customer_id,
			timestamp: mapping.timestamp,
			// Read again so the same rows are rejected for their direction and the rows line up.
			direction: mapping.direction
		};
		wanted.forEach((w, i) => (rawMapping[slots[i]] = mapping[w.field]));
		const raw = await ingestContacts(await source(), {
			encoding: ingest.detected.encoding,
			delimiter: ingest.detected.delimiter,
			dateFormat: ingest.detected.dateFormat ?? undefined,
			mapping: rawMapping,
			contactIds: false,
			directionWords: directionWords(options.valueMap?.direction),
			signal
		});
		if (raw.table.length !== table.length) throw new Error('The file changed while it was being imported; import it again.');
		wanted.forEach((w, i) => {
			const slot = slots[i];
			const dict = raw.table[dictOf[slot]];
			const codes = raw.table[slot];
			const byCode = dict.map((value) => w.changed.get(value.trim().toLowerCase()));
			const target = w.field === 'direction' ? table.direction : table[BOOLEAN_COLUMN[w.field]];
			for (let r = 0; r < table.length; r++) {
				const v = byCode[codes[r]];
				if (v !== undefined) target[r] = v;
			}
		});
	}

	// ------------------------------------------------------------------ analysis

	#remember(id: Id, data: DataTable): void {
		this.#tables.set(id, data);
	}

	/**
	 * A stored dataset's table with its times written with a zone put on `timeZone`'s wall clock
	 * (the analysis's setting, the workspace's zone): the last such copy per dataset is kept.
	 */
	async #table(workspaceId: Id, datasetId: Id, timeZone?: string): Promise<{ dataset: Dataset; data: DataTable }> {
		const stored = await this.#storedTable(workspaceId, datasetId);
		if (!timeZone || !stored.data.table.zoned) return stored;
		const kept = this.#zoned.get(datasetId);
		if (kept && kept.source === stored.data && kept.timeZone === timeZone) return { dataset: stored.dataset, data: kept.data };
		const data = dataInTimeZone(stored.data, timeZone);
		this.#zoned.set(datasetId, { source: stored.data, timeZone, data });
		return { dataset: stored.dataset, data };
	}

	async #storedTable(workspaceId: Id, datasetId: Id): Promise<{ dataset: Dataset; data: DataTable }> {
		const dataset = await this.#store.datasetRepo.get(workspaceId, datasetId);
		if (!dataset) {
			this.#tables.delete(datasetId);
			this.#zoned.delete(datasetId);
			throw new Error(`The dataset "${datasetId}" does not exist in this workspace (it may have been deleted).`);
		}
		const data = this.#tables.get(datasetId) ?? tableFrom(dataset, await this.#store.datasetRepo.chunks(datasetId));
		this.#remember(datasetId, data);
		return { dataset, data };
	}

	async #contacts(workspaceId: Id, datasetId: Id, timeZone: string | undefined): Promise<ContactTable> {
		const { dataset, data } = await this.#table(workspaceId, datasetId, timeZone);
		if (data.kind !== 'contacts') throw new Error(`The dataset "${dataset.name}" is a web log, not a contact log.`);
		return data.table;
	}

	/** The loaded table of a dataset (tests, benchmarks). */
	async loadTable(workspaceId: Id, datasetId: Id): Promise<DataTable> {
		return (await this.#table(workspaceId, datasetId)).data;
	}

	/** The loaded table of a contact dataset (tests, benchmarks). */
	loadContacts(workspaceId: Id, datasetId: Id): Promise<ContactTable> {
		return this.#contacts(workspaceId, datasetId, undefined);
	}

	async analyze(workspaceId: Id, request: AnalyzeRequest, hooks?: ComputeHooks): Promise<AnalysisResult> {
		hooks?.onProgress?.({ phase: 'loading' });
		const table = await this.#contacts(workspaceId, request.datasetId, request.settings.timeZone);
		startComputing(hooks);
		return analyze(table, request.settings, { by: request.by, period: request.period });
	}

	async cross(workspaceId: Id, request: CrossRequest, hooks?: ComputeHooks): Promise<CrossResult> {
		hooks?.onProgress?.({ phase: 'loading' });
		const table = await this.#contacts(workspaceId, request.datasetId, request.settings.timeZone);
		// Loaded on first use: the dashboard's first figures do not wait for it.
		const { crossBreakdown } = await import('$lib/analysis/cross');
		startComputing(hooks);
		return crossBreakdown(table, request.settings, {
			rows: request.rows,
			cols: request.cols,
			minDemands: request.minDemands,
			period: request.period
		});
	}

	/** The demands behind a breakdown key or a cross cell, under the dashboard's settings and period. */
	async drill(workspaceId: Id, request: DrillRequest, hooks?: ComputeHooks): Promise<DrillResult> {
		hooks?.onProgress?.({ phase: 'loading' });
		const table = await this.#contacts(workspaceId, request.datasetId, request.settings.timeZone);
		startComputing(hooks);
		return drillDown(table, request.settings, {
			where: request.where,
			period: request.period,
			verdict: request.verdict,
			order: request.order,
			limit: request.limit
		});
	}

	/** The contacts of a stored contacts dataset that the journeys' rules map, per journey and in all. */
	async coverage(workspaceId: Id, request: CoverageRequest, hooks?: ComputeHooks): Promise<JourneyCoverage> {
		hooks?.onProgress?.({ phase: 'loading' });
		const table = await this.#contacts(workspaceId, request.datasetId, request.settings.timeZone);
		startComputing(hooks);
		return journeyCoverage(table, request.rules, request.settings.categories);
	}

	/**
	 * The journey overlay of a stored contacts dataset (and web log), computed once per request:
	 * the same journey, rules, settings and filters come back from the cache.
	 */
	async overlay(workspaceId: Id, request: OverlayRequest, hooks?: ComputeHooks): Promise<OverlayAnswer> {
		hooks?.onProgress?.({ phase: 'loading' });
		const timeZone = request.settings.timeZone;
		const contactsTable = await this.#table(workspaceId, request.contactsDatasetId, timeZone);
		if (contactsTable.data.kind !== 'contacts') {
			throw new Error(`The dataset "${contactsTable.dataset.name}" is a web log, not a contact log.`);
		}
		const contacts = contactsTable.data.table;
		const webTable = request.webDatasetId ? await this.#table(workspaceId, request.webDatasetId, timeZone) : null;
		if (webTable && webTable.data.kind !== 'web') throw new Error(`The dataset "${webTable.dataset.name}" is not a web log.`);
		const web = webTable?.data.kind === 'web' ? webTable.data.table : null;
		const key = stableKey({
			request,
			imported: [contactsTable.dataset.importedAt, webTable?.dataset.importedAt ?? null]
		});
		const cached = this.#overlays.get(key);
		if (cached) {
			this.#overlays.delete(key);
			this.#overlays.set(key, cached);
			return cached;
		}
		startComputing(hooks);
		const filters = request.filters ?? {};
		const figures = overlay(
			{
				contacts,
				web,
				settings: request.settings,
				rules: request.rules,
				journeyId: request.journeyId,
				model: journeyModel(request.machine)
			},
			{
				period: filters.period,
				segments: filters.segments,
				channels: filters.channels,
				motives: filters.motives,
				horizon: request.horizon
			}
		);
		// The bounce towards chosen self-care pages is measured over the whole logs (METRICS.md §5).
		const selfCareBounce =
			request.selfCarePages && web
				? omnichannel(contacts, web, request.settings, {
						horizon: request.horizon,
						selfCarePages: request.selfCarePages
					}).bounceToSelfCare
				: null;
		const result: OverlayAnswer = { ...figures, selfCareBounce };
		this.#overlays.set(key, result);
		return result;
	}

	/**
	 * The anticipation ranking (METRICS.md §5b) over a stored contact log and, when given, an
	 * event log and a web log. The observation end is the unfiltered contact log's, so a channel
	 * or segment filter never changes which occurrences are pending.
	 */
	async anticipate(workspaceId: Id, request: AnticipationRequest, hooks?: ComputeHooks): Promise<AnticipationResult> {
		hooks?.onProgress?.({ phase: 'loading' });
		const timeZone = request.settings.timeZone;
		const load = async (id: Id, kind: DataTable['kind']): Promise<DataTable> => {
			const { dataset, data } = await this.#table(workspaceId, id, timeZone);
			if (data.kind !== kind) throw new Error(`The dataset "${dataset.name}" is not a ${kind === 'events' ? 'business event' : kind === 'web' ? 'web' : 'contact'} log.`);
			return data;
		};
		const contactsData = await load(request.contactsDatasetId, 'contacts');
		const eventsData = request.eventsDatasetId ? await load(request.eventsDatasetId, 'events') : null;
		const webData = request.webDatasetId ? await load(request.webDatasetId, 'web') : null;
		if (contactsData.kind !== 'contacts') throw new Error('Not a contact log.');
		const contacts = contactsData.table;
		const events = eventsData?.kind === 'events' ? eventsData.table : null;
		const web = webData?.kind === 'web' ? webData.table : null;
		const { anticipate } = await import('$lib/analysis/anticipation');
		const { filterLogs, observedSettings } = await import('$lib/analysis/anticipation/filter');
		startComputing(hooks);
		const logs = filterLogs({ contacts, events, web }, request.filters);
		return anticipate(
			{
				...logs,
				rules: request.rules?.length ? request.rules : null,
				journeyId: request.journeyId ?? undefined,
				settings: observedSettings(request.settings, contacts, request.filters?.period)
			},
			{ horizon: request.horizon, deflection: request.deflection }
		);
	}

	// ------------------------------------------------------------------ demo

	/**
	 * The demo workspace's contacts (about six months up to this month), web sessions and business events, made
	 * once per workspace: nothing is written when the demo data was made before (even if deleted
	 * since) or the workspace already has datasets.
	 */
	async generateDemo(
		workspaceId: Id,
		options: { contacts?: number; seed?: number; now?: Date } = {},
		{ onProgress = () => {} }: EngineHooks<DemoProgress> = {}
	): Promise<Dataset[]> {
		const datasets = await this.#store.datasetRepo.list(workspaceId);
		// Only the web log is missing when the worker was stopped between the two.
		const webOnly = datasets.length > 0;
		if (webOnly && !(datasets.some((d) => d.demo && d.kind === 'contacts') && !datasets.some((d) => d.kind === 'web'))) return [];
		const total = options.contacts ?? DEMO_DATA.contacts;
		const now = options.now ?? new Date();
		// Six months up to about today, so the demo's figures look current.
		const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - DEMO_DATA.months, now.getUTCDate())).toISOString().slice(0, 10);
		const walks = { contacts: total, seed: options.seed ?? DEMO_DATA.seed, start, months: DEMO_DATA.months };
		const importedAt = new Date().toISOString();
		const make = (read: ReadLog, name: string, fileName: string, bytes: number): StoredDataset =>
			makeDataset({ id: newId(), workspaceId }, read, { name, fileName, bytes, importedAt, format: 'csv', demo: true });

		// The contacts first, without the web log, and saved: the pages that need them show their
		// figures while the web log is made. The CSV is encoded in batches as it is
		// written, a few megabytes of bytes rather than many strings for the garbage collector.
		const made: Dataset[] = [];
		if (!webOnly) {
			const contactCsv = new CsvBatches(contactsCsvHeader);
			const eventCsv = new CsvBatches(eventsCsvHeader);
			// Business events derived from the contacts as the command line's `generate --events` does:
			// bills issued before billing questions, rejected debits before payment calls…
			const from = Date.parse(`${start}T00:00:00Z`);
			const deriver = eventDeriver(walks.seed, { from, to: from + DEMO_DATA.months * 30.44 * DAY }, (event) => eventCsv.add(toEventCsvLine(event)));
			let rows = 0;
			generateContacts(walks, {
				contact: (row) => {
					contactCsv.add(toCsvLine(row));
					deriver.contact(row);
					if (++rows % 10_000 === 0) onProgress({ phase: 'generating', contacts: rows, total });
				}
			});
			const contactLog = await ingestContacts(contactCsv.finish(), { contactIds: false });
			const eventLog = await ingestEvents(eventCsv.finish());
			const contacts = make({ kind: 'contacts', ingest: contactLog }, 'Contacts (démo)', 'demo-contacts.csv', contactCsv.bytes);
			const events = make({ kind: 'events', ingest: eventLog }, 'Événements (démo)', 'demo-events.csv', eventCsv.bytes);
			onProgress({ phase: 'saving', contacts: rows, total });
			if (!(await this.#store.datasetRepo.save([contacts, events], demoDataKey(workspaceId)))) return [];
			made.push(contacts.dataset, events.dataset);
		}

		// The same walks again with their web visits: the generator draws them apart, so the
		// contacts come out the same and the page views fit them.
		const webCsv = new CsvBatches(webCsvHeader);
		generateContacts({ ...walks, web: true }, { contact: () => {}, web: (event) => webCsv.add(toWebCsvLine(event)) });
		const webLog = await ingestWeb(webCsv.finish());
		const web = make({ kind: 'web', ingest: webLog }, 'Web (démo)', 'demo-web.csv', webCsv.bytes);
		if (!(await this.#store.datasetRepo.save([web], demoWebKey(workspaceId)))) return made;
		// In the order a reader expects: contacts, web, events.
		return [...made, web.dataset].sort((a, b) => DEMO_ORDER.indexOf(a.kind) - DEMO_ORDER.indexOf(b.kind));
	}
}

const DEMO_ORDER: Dataset['kind'][] = ['contacts', 'web', 'events'];

/** CSV lines encoded to UTF-8 a batch at a time, read back as the chunks of one file. */
class CsvBatches {
	#encoder = new TextEncoder();
	#lines: string[] = [];
	#chunks: Uint8Array[] = [];
	/** Bytes encoded so far. */
	bytes = 0;

	constructor(header: string) {
		this.add(header);
	}

	add(line: string): void {
		this.#lines.push(line);
		if (this.#lines.length >= 4096) this.#flush();
	}

	#flush(): void {
		if (this.#lines.length === 0) return;
		const chunk = this.#encoder.encode(this.#lines.join('\n') + '\n');
		this.#chunks.push(chunk);
		this.bytes += chunk.length;
		this.#lines = [];
	}

	/** Every chunk, the last lines included. */
	finish(): Uint8Array[] {
		this.#flush();
		return this.#chunks;
	}
}
