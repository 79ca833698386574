/**
 * Imported datasets as stored: one `Dataset` row of metadata (what the Data page lists) and its
 * columns as `DatasetChunk`s, each one column's slice of up to `chunkRows` rows as an ArrayBuffer
 * (or, for big string dictionaries such as customer ids, a slice of values joined by NUL). A
 * million contacts are a few dozen chunks, not a million rows.
 *
 * The store knows nothing of the columns' meaning: the engine (`workers/dataset-codec.ts`) turns
 * a table into chunks and back.
 */
import type { Id, PseudonymFunction } from '$lib/domain/types';

/** A contact log, a web log, or a business event log (METRICS.md §5b). */
export type DatasetKind = 'contacts' | 'web' | 'events';

/** The small dictionaries a dataset row carries: a contact log's channels…segments, a web log's pages, an event log's event types. */
export type DatasetDictionaries = Partial<Record<'channels' | 'motives' | 'agents' | 'teams' | 'segments' | 'pages' | 'events', string[]>>;

/** How the file was read, so an import can be understood and repeated. */
export interface DatasetSource {
	format: 'csv' | 'xlsx';
	encoding: string;
	delimiter: string;
	/** The timestamp form used (`iso`, `dmy`…); null when detected as none. */
	dateFormat: string | null;
	headers: string[];
	/** Column index per canonical field. */
	mapping: Record<string, number>;
	/** Canonical value per raw value, per field (`channel`, `direction`, booleans), as applied. */
	valueMap: Record<string, Record<string, string>>;
	/** Values that stood for a missing column (`channel`, `direction`), as applied. */
	constants?: Record<string, string>;
}

export interface DatasetRejections {
	count: number;
	byReason: Record<string, number>;
	sample: { row: number; reason: string; column?: string; value?: string }[];
}

export interface Dataset {
	id: Id;
	workspaceId: Id;
	kind: DatasetKind;
	name: string;
	fileName: string;
	/** Rows kept. */
	rows: number;
	/** Rows refused (see `rejections`). */
	rejected: number;
	rejections: DatasetRejections;
	/** Cells read as a default rather than rejected, by kind. */
	warnings: Record<string, number>;
	/** First and last timestamp (wall-clock ms); null when empty. */
	period: { from: number; to: number } | null;
	/** Bytes of the source file. */
	bytes: number;
	/** Bytes the stored chunks take. */
	storedBytes: number;
	importedAt: string;
	/** Optional columns the file had (`channel`, `handled_at`…). */
	columns: string[];
	/** Small string dictionaries (channels, motives, agents, teams, segments, pages). */
	dictionaries: DatasetDictionaries;
	/** Rows per chunk. */
	chunkRows: number;
	source: DatasetSource;
	pseudonymised: boolean;
	/** The function that made the pseudonyms, when `pseudonymised`; `legacy-mix` before version 3. */
	pseudonymisation?: PseudonymFunction;
	/** The SHA-256 (hex) of the file's bytes, to recognise the same file imported again. */
	contentHash?: string;
	/** Made by Parcours for the demo rather than imported. */
	demo?: boolean;
	/**
	 * The IANA zone whose wall clock the stored times written with a zone or offset are on; their
	 * instants are stored too (`zonedTime`, `zonedHandledAt` chunks), so the analysis can put them
	 * on the workspace's zone. Absent when the file had no such time.
	 */
	timeZone?: string;
}

export interface DatasetChunk {
	datasetId: Id;
	workspaceId: Id;
	/** Column name (`time`, `customer`…) or dictionary name (`customers`). */
	column: string;
	index: number;
	data: ArrayBuffer | string;
}

export type DatasetChunkKey = [datasetId: Id, column: string, index: number];

/** A dataset with its chunks, as written together. */
export interface StoredDataset {
	dataset: Dataset;
	chunks: DatasetChunk[];
}

export const DATASET_QUOTA_MESSAGE =
	'The browser has no storage space left for this dataset. Delete datasets you no longer need on the Data page (export the workspace first if you want to keep its model), or free disk space, then import again.';

/** The `meta` flag telling that the demo data of a workspace was made once. */
export const demoDataKey = (workspaceId: Id): string => `demo-data:${workspaceId}`;
/** The `meta` flag telling that the demo's web log was made once (it is made after its contacts). */
export const demoWebKey = (workspaceId: Id): string => `demo-data:${workspaceId}:web`;
