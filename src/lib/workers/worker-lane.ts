/**
 * One engine worker as the app sees it: requests are promises answered by id, with progress on
 * the way. The app keeps two: one for files (sniff, scan, import, demo data) and one for
 * computations (analysis, cross table, drill-down, overlay), so stopping a computation never stops
 * an import.
 *
 * Cancelling a request rejects it at once with a cancelled `EngineError`. A request the worker has
 * not begun computing is told to stop (a `cancel` message: it stops at its next step). A request
 * the worker is computing — synchronous work that no message can interrupt — is stopped by
 * terminating the worker (when the lane `restarts`): a new worker starts and the lane's other
 * requests are sent to it again, so nothing waits behind a computation nobody wants.
 */
import type {
	EngineArgs,
	EngineErrorInfo,
	EngineMessage,
	EngineMethod,
	EngineProgress,
	EngineProgressOf,
	EngineReply,
	EngineRequest,
	EngineResult
} from './protocol';

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
	/** True when the user (or a newer request) cancelled the request. */
	get cancelled(): boolean {
		return this.code === 'aborted';
	}
}

export const cancelledError = () => new EngineError({ name: 'EngineError', message: 'Cancelled.', code: 'aborted' });

export type { EngineProgress };

/** What the lane needs of a Worker (a fake one in tests). */
export interface WorkerLike {
	postMessage(message: EngineMessage): void;
	terminate(): void;
	onmessage: ((event: MessageEvent<EngineReply>) => void) | null;
	onerror: ((event: ErrorEvent) => void) | null;
}

interface Pending {
	message: EngineMessage;
	resolve(value: unknown): void;
	reject(error: Error): void;
	progress?: (p: EngineProgress) => void;
}

export class WorkerLane {
	#spawn: () => WorkerLike;
	#restarts: boolean;
	#worker: WorkerLike | null = null;
	#pending = new Map<number, Pending>();
	/** The request the worker said it is computing, until it answers. */
	#computing: number | null = null;
	/** Cancelled requests the worker may still begin computing (then it is stopped). */
	#cancelled = new Set<number>();
	#next: () => number;

	/**
	 * @param spawn starts a worker
	 * @param next the next request id (shared by the app's lanes, so ids never collide)
	 * @param restarts whether a cancelled computation stops the worker (the computations' lane)
	 */
	constructor(spawn: () => WorkerLike, next: () => number, restarts: boolean) {
		this.#spawn = spawn;
		this.#next = next;
		this.#restarts = restarts;
	}

	#start(): WorkerLike {
		if (this.#worker) return this.#worker;
		const worker = this.#spawn();
		worker.onmessage = (event) => this.#receive(event.data);
		worker.onerror = (event) => {
			// The worker itself failed (its script did not load): every request fails with the reason.
			const error = new EngineError({ name: 'Error', message: event.message || 'The engine worker failed to start.' });
			for (const pending of this.#pending.values()) pending.reject(error);
			this.#pending.clear();
			this.#stop();
		};
		this.#worker = worker;
		return worker;
	}

	#stop(): void {
		this.#worker?.terminate();
		this.#worker = null;
		this.#computing = null;
		this.#cancelled.clear();
	}

	/** Stops the worker and sends the requests still wanted to a new one. */
	#restart(): void {
		this.#stop();
		if (this.#pending.size === 0) return;
		const worker = this.#start();
		for (const pending of this.#pending.values()) worker.postMessage(pending.message);
	}

	#receive(reply: EngineReply): void {
		if (reply.type === 'progress' && 'phase' in reply.progress && reply.progress.phase === 'computing') {
			this.#computing = reply.id;
			// Cancelled before the worker saw it: stop it now rather than wait for figures nobody wants.
			if (this.#cancelled.has(reply.id) && this.#restarts) {
				this.#restart();
				return;
			}
		} else if (reply.type !== 'progress') {
			if (this.#computing === reply.id) this.#computing = null;
			this.#cancelled.delete(reply.id);
		}
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

	/** Calls an engine method in the worker: typed by the method itself (`Engine` in engine-core.ts). */
	call<M extends EngineMethod>(
		method: M,
		args: EngineArgs<M>,
		progress?: (p: EngineProgressOf<M>) => void
	): { id: number; done: Promise<EngineResult<M>> } {
		const { id, done } = this.send({ method, args }, progress as ((p: EngineProgress) => void) | undefined);
		// The worker answers a request with its method's result (engine.worker.ts).
		return { id, done: done as Promise<EngineResult<M>> };
	}

	send(request: EngineRequest, progress?: (p: EngineProgress) => void): { id: number; done: Promise<unknown> } {
		const worker = this.#start();
		const id = this.#next();
		const message: EngineMessage = { id, request };
		const done = new Promise<unknown>((resolve, reject) => {
			this.#pending.set(id, { message, resolve, reject, progress });
		});
		worker.postMessage(message);
		return { id, done };
	}

	/**
	 * Cancels a request. In a lane that restarts, the request rejects at once as cancelled; in the
	 * files' lane, the worker is asked to stop it and its answer (a cancelled error) settles it.
	 */
	cancel(id: number): void {
		if (!this.#restarts) {
			void this.send({ method: 'cancel', target: id }).done.catch(() => {});
			return;
		}
		const pending = this.#pending.get(id);
		if (!pending) return;
		this.#pending.delete(id);
		pending.reject(cancelledError());
		if (this.#computing === id) this.#restart();
		else if (this.#worker) {
			this.#cancelled.add(id);
			this.#worker.postMessage({ id: this.#next(), request: { method: 'cancel', target: id } });
		}
	}

	/** Requests sent and not yet answered (tests). */
	get pending(): number {
		return this.#pending.size;
	}
}
