/**
 * The engine client: the one way the interface talks to the engine workers. Requests are promises;
 * an import reports progress and can be cancelled, and so can a computation (analysis, cross
 * table, drill-down, overlay), which runs in a worker of its own (see workers/worker-lane.ts).
 * Workers start on first use.
 *
 *   const { done, cancel } = engine.importFile(workspaceId, file, 'contacts', { pseudonymise: true }, onProgress);
 *   const result = await engine.analyze(workspaceId, { datasetId, settings: {}, by: ['channel'] });
 *
 * Errors from the worker arrive as `EngineError`s carrying the engine's own message (an
 * IngestError's sentence, a StoreError's advice) and its `code` or `kind`.
 */
import type { AnalysisResult } from '$lib/analysis/metrics';
import type { Id } from '$lib/domain/types';
import type {
	AnalyzeRequest,
	ComputeProgress,
	ComputeRequestType,
	CrossRequest,
	DataKind,
	DemoProgress,
	DrillRequest,
	DrillResult,
	EngineRequest,
	EngineResults,
	ImportOutcome,
	ImportProgress,
	ImportRequestOptions,
	OverlayAnswer,
	OverlayRequest,
	ScanRequestOptions,
	SniffedFile,
	SniffOptions,
	ValueScan
} from '$lib/workers/protocol';
import { cancelledError, EngineError, WorkerLane, type EngineProgress, type WorkerLike } from '$lib/workers/worker-lane';

export type {
	ComputeProgress,
	ScanRequestOptions,
	ValueScan,
	OverlayAnswer,
	OverlayRequest,
	AnalyzeRequest,
	CrossRequest,
	DataKind,
	DemoProgress,
	DrillRequest,
	DrillResult,
	ImportOutcome,
	ImportProgress,
	ImportRequestOptions,
	SniffedFile,
	SniffOptions
} from '$lib/workers/protocol';
export type { Dataset } from '$lib/db';

export { EngineError };

/** How a computation is followed: its progress, and a signal that cancels it. */
export interface ComputeOptions {
	onProgress?: (progress: ComputeProgress) => void;
	/** Aborting cancels the request: `done` rejects with a cancelled `EngineError`. */
	signal?: AbortSignal;
}

type Progress = (p: EngineProgress) => void;

class EngineClient {
	#next = 1;
	#spawn = (): WorkerLike => new Worker(new URL('../workers/engine.worker.ts', import.meta.url), { type: 'module' });
	/** Files: sniff, scan, import, demo data; cancelled by asking the worker. */
	#files = new WorkerLane(this.#spawn, () => this.#next++, false);
	/** Computations: a cancelled one that is computing stops its worker. */
	#compute = new WorkerLane(this.#spawn, () => this.#next++, true);

	#send<K extends EngineRequest['type']>(
		request: Extract<EngineRequest, { type: K }>,
		progress?: Progress
	): { id: number; done: Promise<EngineResults[K]> } {
		return this.#files.send<EngineResults[K]>(request, progress);
	}

	/** A computation, cancelled when `options.signal` aborts (at once when it already has). */
	#computeRequest<K extends ComputeRequestType>(
		request: Extract<EngineRequest, { type: K }>,
		options: ComputeOptions = {}
	): Promise<EngineResults[K]> {
		const { signal, onProgress } = options;
		if (signal?.aborted) return Promise.reject(cancelledError());
		const { id, done } = this.#compute.send<EngineResults[K]>(request, onProgress as Progress | undefined);
		if (signal) {
			const cancel = () => this.#compute.cancel(id);
			signal.addEventListener('abort', cancel, { once: true });
			void done.then(
				() => signal.removeEventListener('abort', cancel),
				() => signal.removeEventListener('abort', cancel)
			);
		}
		return done;
	}

	/** The file's head: encoding, delimiter, headers, guessed mapping, date form, first rows. */
	sniff(file: File, kind: DataKind, options?: SniffOptions): Promise<SniffedFile> {
		return this.#send({ type: 'sniff', file, fileName: file.name, kind, options }).done;
	}

	/**
	 * Reads the whole file for the distinct values of channel, direction and the yes/no fields,
	 * with their row counts; reports progress and can be cancelled (`done` then rejects with a
	 * cancelled `EngineError`).
	 */
	scanValues(
		file: File,
		options: ScanRequestOptions,
		onProgress?: (p: ImportProgress) => void
	): { done: Promise<ValueScan>; cancel(): void } {
		const { id, done } = this.#send(
			{ type: 'scanValues', file, fileName: file.name, options: $state.snapshot(options) as ScanRequestOptions },
			onProgress as Progress
		);
		return { done, cancel: () => this.#files.cancel(id) };
	}

	/**
	 * Imports the file into a new dataset of the workspace, written in one transaction: a failed
	 * or cancelled import leaves nothing behind. `done` rejects with an `EngineError` whose
	 * `cancelled` is true after `cancel()`.
	 */
	importFile(
		workspaceId: Id,
		file: File,
		kind: DataKind,
		options: ImportRequestOptions,
		onProgress?: (p: ImportProgress) => void
	): { done: Promise<ImportOutcome>; cancel(): void } {
		const { id, done } = this.#send(
			{ type: 'import', workspaceId, file, fileName: file.name, kind, options: $state.snapshot(options) as ImportRequestOptions },
			onProgress as Progress
		);
		return { done, cancel: () => this.#files.cancel(id) };
	}

	/** The figures of METRICS.md for a stored contacts dataset. */
	analyze(workspaceId: Id, request: AnalyzeRequest, options?: ComputeOptions): Promise<AnalysisResult> {
		return this.#computeRequest({ type: 'analyze', workspaceId, request: $state.snapshot(request) as AnalyzeRequest }, options);
	}

	/** `crossBreakdown` (analysis/cross.ts) of a stored contacts dataset. */
	cross(workspaceId: Id, request: CrossRequest, options?: ComputeOptions): Promise<unknown> {
		return this.#computeRequest({ type: 'cross', workspaceId, request: $state.snapshot(request) as CrossRequest }, options);
	}

	/** The demands behind a breakdown row or a heat-map cell (analysis/drill.ts), with why each failed. */
	drill(workspaceId: Id, request: DrillRequest, options?: ComputeOptions): Promise<DrillResult> {
		return this.#computeRequest({ type: 'drill', workspaceId, request: $state.snapshot(request) as DrillRequest }, options);
	}

	/** The journey overlay (METRICS.md §6) of a stored contacts dataset and web log. */
	overlay(workspaceId: Id, request: OverlayRequest, options?: ComputeOptions): Promise<OverlayAnswer> {
		return this.#computeRequest({ type: 'overlay', workspaceId, request: $state.snapshot(request) as OverlayRequest }, options);
	}

	/** Makes the demo datasets of a demo workspace, once; resolves with those written (none if they existed). */
	generateDemo(workspaceId: Id, onProgress?: (p: DemoProgress) => void) {
		return this.#send({ type: 'generateDemo', workspaceId }, onProgress as Progress).done;
	}
}

export const engine = new EngineClient();
