/**
 * The messages between the app and the engine worker. A request names a method of the engine core
 * (`Engine`) and its arguments, so its types are the method's own: a new method is typed from the
 * app to the worker without a line here. Every request carries an id; the worker answers with
 * progress messages, then one `done` or `error` for that id. Plain data only (Files and Blobs are
 * cloned by reference by the browser, results are plain JSON).
 */
import type { DrillKey, DrillOrder, DrillResult, Verdict } from '$lib/analysis/drill';
import type { AnalysisResult, Dimension } from '$lib/analysis/metrics';
import type { AnalysisSettings } from '$lib/analysis/settings';
import type { Rejections } from '$lib/analysis/table';
import type { DateFormat, Delimiter, Encoding, Sniffed, ValueCount, ValueField } from '$lib/analysis/ingest';
import { VALUE_FIELDS } from '$lib/analysis/ingest/synonyms';
import type { OverlayResult } from '$lib/analysis/overlay';
import type { Dataset } from '$lib/db/datasets';
import type { Rate } from '$lib/analysis/stats';
import type { Id, JourneyMachineConfig, MappingRule, PageMatch } from '$lib/domain/types';
import type { Engine } from './engine-core';

export type DataKind = 'contacts' | 'web' | 'events';

/** What the user chose in the wizard where the detection was wrong. */
export interface SniffOptions {
	encoding?: Encoding;
	delimiter?: Delimiter;
	dateFormat?: DateFormat;
}

/** A file as the engine sees it before import. */
export interface SniffedFile extends Sniffed<string> {
	format: 'csv' | 'xlsx';
	kind: DataKind;
	fileName: string;
	/** Bytes of the file (for XLSX: of the workbook). */
	size: number;
}

/** Fields whose raw values can be mapped to canonical ones in the wizard. */
export type { ValueField };
export { VALUE_FIELDS };

/** Fields a constant can stand for when the file has no such column. */
export type ConstantField = 'channel' | 'direction';

/** How the whole file is read for its distinct values: as the import will read it. */
export interface ScanRequestOptions {
	encoding?: Encoding;
	delimiter?: Delimiter;
	dateFormat?: DateFormat;
	/** Column index per canonical field (customer and timestamp needed: only imported rows count). */
	mapping: Partial<Record<string, number>>;
	/** Distinct values returned per field, the most frequent. @default 200 */
	limit?: number;
}

/** The distinct trimmed raw values of one field over the whole file. */
export interface FieldValues {
	/** Most rows first; at most the request's limit. */
	values: ValueCount[];
	/** Distinct values left out by the limit. */
	more: number;
	/** Rows the values left out hold. */
	moreRows: number;
}

export interface ValueScan {
	/** Rows the import would keep (the shares' denominator). */
	rows: number;
	fields: Partial<Record<ValueField, FieldValues>>;
}

export interface ImportRequestOptions {
	/** @default the file name without its extension */
	name?: string;
	encoding?: Encoding;
	delimiter?: Delimiter;
	dateFormat?: DateFormat;
	/** Column index per canonical field. @default matched from the headers */
	mapping?: Partial<Record<string, number>>;
	/**
	 * Raw value (compared trimmed, case-insensitively) → canonical value, per field: a channel name
	 * (`phone`), `inbound`/`outbound`, or `true`/`false`/`` (unknown) for the booleans. Values not
	 * listed are read as the engine reads them.
	 */
	valueMap?: Partial<Record<ValueField, Record<string, string>>>;
	/**
	 * A value standing for a column the file lacks, for every row: a channel (`social` for a
	 * Twitter export) or a direction. Ignored for a field mapped to a column.
	 */
	constants?: Partial<Record<ConstantField, string>>;
	/** Replace customer ids by their HMAC-SHA-256 under the workspace's secret key. */
	pseudonymise: boolean;
	/** The SHA-256 of the file's bytes, kept with the dataset (`Dataset.contentHash`). */
	contentHash?: string;
}

export interface ImportProgress {
	/** Bytes of the file read so far. */
	bytes: number;
	total: number;
	/** Lines read so far (an estimate of rows while reading). */
	rows: number;
	phase: 'reading' | 'pseudonymising' | 'saving';
	/** Distinct customer ids pseudonymised so far, of `of` (phase `pseudonymising`). */
	done?: number;
	of?: number;
}

export interface ImportOutcome {
	dataset: Dataset;
	rejections: Rejections;
	warnings: Record<string, number>;
}

export interface PeriodFilter {
	from?: number;
	to?: number;
}

export interface AnalyzeRequest {
	datasetId: Id;
	settings: Partial<AnalysisSettings>;
	by?: Dimension[];
	period?: PeriodFilter;
}

export interface CrossRequest {
	datasetId: Id;
	settings: Partial<AnalysisSettings>;
	rows: Dimension;
	cols: Dimension;
	minDemands?: number;
	period?: PeriodFilter;
}

/** The demands behind a breakdown row (one key) or a heat-map cell (two keys): `drillDown`. */
export interface DrillRequest {
	datasetId: Id;
	/** The dashboard's settings and period, so the listed demands add up to its figures. */
	settings: Partial<AnalysisSettings>;
	period?: PeriodFilter;
	where: DrillKey[];
	/** @default 'all' */
	verdict?: Verdict | 'all';
	/** @default 'failures' */
	order?: DrillOrder;
	/** @default 200 */
	limit?: number;
}

/** How much of a contact log the journeys' rules map (METRICS.md §6): `journeyCoverage`. */
export interface CoverageRequest {
	datasetId: Id;
	/** The dashboard's settings: their time zone and the catalogue's categories. */
	settings: Partial<AnalysisSettings>;
	/** Every journey's rules. */
	rules: MappingRule[];
}

/** The measured journey: events mapped to the journey's states by its rules (METRICS.md §6). */
export interface OverlayRequest {
	journeyId: Id;
	contactsDatasetId: Id;
	webDatasetId?: Id | null;
	settings: Partial<AnalysisSettings>;
	/** The journey's rules (those of other journeys are ignored). */
	rules: MappingRule[];
	machine: JourneyMachineConfig;
	filters?: { period?: PeriodFilter; segments?: string[]; channels?: string[]; motives?: string[] };
	/** Horizon of the web → contact and bounce rates, ms. @default 24 hours */
	horizon?: number;
	/** Pages that count as self-care for the bounce rate (e.g. the customer space); none: any session. */
	selfCarePages?: PageMatch | null;
}

/**
 * The moments that make customers call (METRICS.md §5b): every event type of the event log, every
 * state of the journey (through its rules) and every exit page of the web log, ranked.
 */
export interface AnticipationRequest {
	contactsDatasetId: Id;
	eventsDatasetId?: Id | null;
	webDatasetId?: Id | null;
	settings: Partial<AnalysisSettings>;
	/** A journey's rules, for its states as triggers (those of other journeys are ignored). */
	rules?: MappingRule[];
	journeyId?: Id | null;
	/** Horizon `H`, ms. @default 7 days */
	horizon?: number;
	/** Deflection share, 0–1. @default 0.3 */
	deflection?: number;
	/**
	 * Customers of these segments; contacts of these channels; the logs of the Analysis page's
	 * period (`analysis/anticipation/filter.ts`).
	 */
	filters?: { segments?: string[]; channels?: string[]; period?: PeriodFilter };
}

/** The overlay, with the bounce to the self-care pages when they were given (over the whole logs). */
export interface OverlayAnswer extends OverlayResult {
	selfCareBounce: Rate | null;
}

/**
 * Where a computation (analysis, cross table, drill-down, overlay) is: reading the stored dataset,
 * then computing. A computation can be cancelled at any phase (the app stops the worker when it
 * is computing).
 */
export interface ComputeProgress {
	phase: 'loading' | 'computing';
}

export interface DemoProgress {
	phase: 'generating' | 'saving';
	contacts: number;
	total: number;
}

/** What any request may report while it runs. */
export type EngineProgress = ImportProgress | DemoProgress | ComputeProgress;

/**
 * The last parameter of every engine method the app calls: how it reports where it is and learns
 * it was cancelled. It stays in the worker (functions do not cross); the app's side of it is the
 * lane's progress callback and cancel.
 */
export interface EngineHooks<P extends EngineProgress = EngineProgress> {
	onProgress?: (progress: P) => void;
	/** Aborted by a `cancel` message: the method stops at its next step. */
	signal?: AbortSignal;
}

/** The engine's methods the app may call: its asynchronous ones whose last parameter is their hooks. */
export type EngineMethod = {
	[K in keyof Engine]: Engine[K] extends (...args: [...infer _Args, EngineHooks<infer _P>?]) => Promise<unknown> ? K : never;
}[keyof Engine];

/** A method's arguments as they cross to the worker: all but its hooks. */
export type EngineArgs<M extends EngineMethod> = Engine[M] extends (...args: [...infer Args, EngineHooks<infer _P>?]) => Promise<unknown>
	? Args
	: never;

/** What a method answers, as it arrives from the worker. */
export type EngineResult<M extends EngineMethod> = Awaited<ReturnType<Engine[M]>>;

/** The progress a method reports. */
export type EngineProgressOf<M extends EngineMethod> = Engine[M] extends (...args: [...infer _Args, EngineHooks<infer P>?]) => Promise<unknown>
	? P
	: never;

/** The methods that compute over a stored dataset: they run in their own worker, which may be stopped. */
export const COMPUTE_METHODS = ['analyze', 'cross', 'drill', 'overlay', 'coverage', 'anticipate'] as const satisfies readonly EngineMethod[];

/**
 * A request as it crosses to the worker. Its arguments are checked where it is made (the lane's
 * `call`, typed by `EngineArgs`); the worker hands them on to the method as they are.
 */
export type EngineRequest =
	| { method: EngineMethod; args: readonly unknown[] }
	/** Stops the request `target` (an import, a value scan, a computation not yet computing); answered like any request. */
	| { method: 'cancel'; target: number };

export interface EngineMessage {
	id: number;
	request: EngineRequest;
}

/** An error as it crosses the worker boundary: the engine's own message, and its code or kind. */
export interface EngineErrorInfo {
	name: string;
	message: string;
	/** IngestError code (`no-customer-column`, `aborted`…). */
	code?: string;
	/** The file line and the column names an IngestError names. */
	line?: number;
	names?: string[];
	/** StoreError kind (`quota`…). */
	kind?: string;
}

export type EngineReply =
	| { id: number; type: 'progress'; progress: EngineProgress }
	| { id: number; type: 'done'; value: unknown }
	| { id: number; type: 'error'; error: EngineErrorInfo };

export type { AnalysisResult, DrillResult, OverlayResult };
