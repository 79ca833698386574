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
import type { Id } from '$lib/domain/types';
import {
	COMPUTE_METHODS,
	type AnalyzeRequest,
	type AnticipationRequest,
	type ComputeProgress,
	type CoverageRequest,
	type CrossRequest,
	type DataKind,
	type DemoProgress,
	type DrillRequest,
	type EngineArgs,
	type EngineMethod,
	type EngineProgressOf,
	type EngineResult,
	type ImportProgress,
	type ImportRequestOptions,
	type OverlayRequest,
	type ScanRequestOptions,
	type SniffOptions
} from '$lib/workers/protocol';
import { cancelledError, EngineError, WorkerLane, type WorkerLike } from '$lib/workers/worker-lane';

export type {
	ComputeProgress,
	ScanRequestOptions,
	ValueScan,
	OverlayAnswer,
	OverlayRequest,
	AnalyzeRequest,
	AnticipationRequest,
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

type ComputeMethod = (typeof COMPUTE_METHODS)[number];
type FileMethod = Exclude<EngineMethod, ComputeMethod>;

class EngineClient {
	#next = 1;
	#spawn = (): WorkerLike => new Worker(new URL('../workers/engine.worker.ts', import.meta.url), { type: 'module' });
	/** Files: sniff, scan, import, demo data; cancelled by asking the worker. */
	#files = new WorkerLane(this.#spawn, () => this.#next++, false);
	/** Computations: a cancelled one that is computing stops its worker. */
	#compute = new WorkerLane(this.#spawn, () => this.#next++, true);

	/** A request on the files' lane, cancelled by asking the worker. */
	#file<M extends FileMethod>(
		method: M,
		args: EngineArgs<M>,
		onProgress?: (p: EngineProgressOf<M>) => void
	): { done: Promise<EngineResult<M>>; cancel(): void } {
		const { id, done } = this.#files.call(method, args, onProgress);
		return { done, cancel: () => this.#files.cancel(id) };
	}

	/** A computation, cancelled when `options.signal` aborts (at once when it already has). */
	#computation<M extends ComputeMethod>(
		method: M,
		args: EngineArgs<M>,
		options: { onProgress?: (p: EngineProgressOf<M>) => void; signal?: AbortSignal } = {}
	): Promise<EngineResult<M>> {
		const { signal, onProgress } = options;
		if (signal?.aborted) return Promise.reject(cancelledError());
		const { id, done } = this.#compute.call(method, args, onProgress);
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
	sniff(file: File, kind: DataKind, options?: SniffOptions) {
		return this.#file('sniff', [file, file.name, kind, options]).done;
	}

	/**
	 * Reads the whole file for the distinct values of channel, direction and the yes/no fields,
	 * with their row counts; reports progress and can be cancelled (`done` then rejects with a
	 * cancelled `EngineError`).
	 */
	scanValues(file: File, options: ScanRequestOptions, onProgress?: (p: ImportProgress) => void) {
		return this.#file('scanValues', [file, file.name, $state.snapshot(options)], onProgress);
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
	) {
		return this.#file('importFile', [workspaceId, file, file.name, kind, $state.snapshot(options)], onProgress);
	}

	/** The figures of METRICS.md for a stored contacts dataset. */
	analyze(workspaceId: Id, request: AnalyzeRequest, options?: ComputeOptions) {
		return this.#computation('analyze', [workspaceId, $state.snapshot(request)], options);
	}

	/** `crossBreakdown` (analysis/cross.ts) of a stored contacts dataset. */
	cross(workspaceId: Id, request: CrossRequest, options?: ComputeOptions) {
		return this.#computation('cross', [workspaceId, $state.snapshot(request)], options);
	}

	/** The demands behind a breakdown row or a heat-map cell (analysis/drill.ts), with why each failed. */
	drill(workspaceId: Id, request: DrillRequest, options?: ComputeOptions) {
		return this.#computation('drill', [workspaceId, $state.snapshot(request)], options);
	}

	/** The journey overlay (METRICS.md §6) of a stored contacts dataset and web log. */
	overlay(workspaceId: Id, request: OverlayRequest, options?: ComputeOptions) {
		return this.#computation('overlay', [workspaceId, $state.snapshot(request)], options);
	}

	/** The contacts the journeys' rules map (METRICS.md §6), per journey and in all. */
	coverage(workspaceId: Id, request: CoverageRequest, options?: ComputeOptions) {
		return this.#computation('coverage', [workspaceId, $state.snapshot(request)], options);
	}

	/** The moments that make customers call (METRICS.md §5b), ranked. */
	anticipate(workspaceId: Id, request: AnticipationRequest, options?: ComputeOptions) {
		return this.#computation('anticipate', [workspaceId, $state.snapshot(request)], options);
	}

	/** Makes the demo datasets of a demo workspace, once; resolves with those written (none if they existed). */
	generateDemo(workspaceId: Id, onProgress?: (p: DemoProgress) => void) {
		return this.#file('generateDemo', [workspaceId], onProgress).done;
	}
}

export const engine = new EngineClient();
