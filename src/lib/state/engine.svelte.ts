/**
 * The engine client: the one way the interface talks to the engine worker. Requests are promises;
 * an import also reports progress and can be cancelled. The worker starts on first use.
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
	CrossRequest,
	DataKind,
	DemoProgress,
	DrillRequest,
	DrillResult,
	EngineErrorInfo,
	EngineMessage,
	EngineReply,
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

export type {
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

export class EngineError extends Error {
	/** IngestError code (`aborted`, `no-customer-column`…), when the engine refused the file. */
	readonly code?: string;
	/** StoreError kind (`quota`…), when the browser database failed. */
	readonly kind?: string;
	/** The file line and column names the refusal names. */
	readonly line?: number;
	readonly names?: string[];
	constructor(info: EngineErrorInfo) {
		super(info.message);
		this.name = info.name;
		this.code = info.code;
		this.kind = info.kind;
		this.line = info.line;
		this.names = info.names;
	}
	/** True when the user cancelled the import. */
	get cancelled(): boolean {
		return this.code === 'aborted';
	}
}

interface Pending {
	resolve(value: unknown): void;
	reject(error: Error): void;
	progress?: (p: ImportProgress | DemoProgress) => void;
}

class EngineClient {
	#worker: Worker | null = null;
	#next = 1;
	#pending = new Map<number, Pending>();

	#start(): Worker {
		if (this.#worker) return this.#worker;
		const worker = new Worker(new URL('../workers/engine.worker.ts', import.meta.url), { type: 'module' });
		worker.onmessage = (event: MessageEvent<EngineReply>) => this.#receive(event.data);
		worker.onerror = (event) => {
			// The worker itself failed (its script did not load): every request fails with the reason.
			const error = new EngineError({ name: 'Error', message: event.message || 'The engine worker failed to start.' });
			for (const pending of this.#pending.values()) pending.reject(error);
			this.#pending.clear();
			this.#worker?.terminate();
			this.#worker = null;
		};
		this.#worker = worker;
		return worker;
	}

	#receive(reply: EngineReply): void {
		const pending = this.#pending.get(reply.id);
		if (!pending) return;
		if (reply.type === 'progress') {
			pending.progress?.(reply.progress);
			return;
		}
		this.#pending.delete(reply.id);
		if (reply.type === 'done') pending.resolve(reply.value);
		else pending.reject(new EngineError(reply.error));
	}

	#send<K extends EngineRequest['type']>(
		request: Extract<EngineRequest, { type: K }>,
		progress?: Pending['progress']
	): { id: number; done: Promise<EngineResults[K]> } {
		const worker = this.#start();
		const id = this.#next++;
		const done = new Promise<EngineResults[K]>((resolve, reject) => {
			this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, progress });
		});
		worker.postMessage({ id, request } satisfies EngineMessage);
		return { id, done };
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
			onProgress as Pending['progress']
		);
		return { done, cancel: () => void this.#send({ type: 'cancel', target: id }).done.catch(() => {}) };
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
			onProgress as Pending['progress']
		);
		return {
			done,
			cancel: () => void this.#send({ type: 'cancel', target: id }).done.catch(() => {})
		};
	}

	/** The figures of METRICS.md for a stored contacts dataset. */
	analyze(workspaceId: Id, request: AnalyzeRequest): Promise<AnalysisResult> {
		return this.#send({ type: 'analyze', workspaceId, request: $state.snapshot(request) as AnalyzeRequest }).done;
	}

	/** `crossBreakdown` (analysis/cross.ts) of a stored contacts dataset. */
	cross(workspaceId: Id, request: CrossRequest): Promise<unknown> {
		return this.#send({ type: 'cross', workspaceId, request: $state.snapshot(request) as CrossRequest }).done;
	}

	/** The demands behind a breakdown row or a heat-map cell (analysis/drill.ts), with why each failed. */
	drill(workspaceId: Id, request: DrillRequest): Promise<DrillResult> {
		return this.#send({ type: 'drill', workspaceId, request: $state.snapshot(request) as DrillRequest }).done;
	}

	/** The journey overlay (METRICS.md §6) of a stored contacts dataset and web log. */
	overlay(workspaceId: Id, request: OverlayRequest): Promise<OverlayAnswer> {
		return this.#send({ type: 'overlay', workspaceId, request: $state.snapshot(request) as OverlayRequest }).done;
	}

	/** Makes the demo datasets of a demo workspace, once; resolves with those written (none if they existed). */
	generateDemo(workspaceId: Id, onProgress?: (p: DemoProgress) => void) {
		return this.#send({ type: 'generateDemo', workspaceId }, onProgress as Pending['progress']).done;
	}
}

export const engine = new EngineClient();
