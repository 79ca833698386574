import { stableKey } from '$lib/analysis/dashboard-settings';
import type { ComputeOptions, ComputeProgress } from './engine.svelte';
import { LruMap } from '$lib/domain/lru';

const CACHE_SIZE = 16;

/**
 * One engine computation following a reactive query: recomputed when the query changes (after
 * it has stayed the same for `settleMs`), answered at once from a small cache when the same query
 * comes back, the last figures kept while the next ones are on their way.
 *
 * A newer query cancels the computation of an older one rather than waiting behind it, and the
 * user can cancel the one under way (`cancel()`): the engine stops it, the last figures stay.
 */
export class EngineValue<Q, T> {
	current = $state.raw<T | undefined>(undefined);
	/** The query of `current`. */
	currentKey = $state<string | null>(null);
	busy = $state(false);
	error = $state.raw<unknown>(undefined);
	/** Where the computation under way is (reading the data, computing); null when none is. */
	progress = $state.raw<ComputeProgress | null>(null);
	/** Whether the user cancelled the last computation (until the query changes). */
	cancelled = $state(false);
	/** Milliseconds the last computation took, worker and transfer included. */
	lastMs = $state<number | null>(null);
	#cache = new LruMap<string, T>(CACHE_SIZE);
	#latest = 0;
	/** The computation under way: its query key and how to cancel it. */
	#inflight: { key: string; ticket: number; controller: AbortController } | null = null;

	constructor(query: () => Q | null, settleMs: number, compute: (query: Q, options: ComputeOptions) => Promise<T>) {
		$effect(() => {
			const q = query();
			if (!q) {
				this.#abort();
				this.busy = false;
				return;
			}
			const key = stableKey(q);
			const cached = this.#cache.get(key);
			if (cached !== undefined) {
				this.#abort();
				this.#latest++;
				this.current = cached;
				this.currentKey = key;
				this.busy = false;
				this.error = undefined;
				return;
			}
			this.cancelled = false;
			if (this.#inflight?.key === key) {
				// The same query again (a new object): the computation under way answers it.
				this.#latest = this.#inflight.ticket;
				this.busy = true;
				return;
			}
			this.busy = true;
			const ticket = ++this.#latest;
			const timer = setTimeout(() => {
				// Superseded: the older computation is stopped, not waited for.
				this.#abort();
				const controller = new AbortController();
				this.#inflight = { key, ticket, controller };
				const started = performance.now();
				const onProgress = (p: ComputeProgress) => {
					if (ticket === this.#latest) this.progress = p;
				};
				compute(q, { signal: controller.signal, onProgress }).then(
					(value) => {
						this.#remember(key, value);
						if (this.#inflight?.ticket === ticket) this.#inflight = null;
						if (ticket !== this.#latest) return;
						this.lastMs = performance.now() - started;
						this.current = value;
						this.currentKey = key;
						this.error = undefined;
						this.busy = false;
						this.progress = null;
					},
					(error: unknown) => {
						if (this.#inflight?.ticket === ticket) this.#inflight = null;
						if (ticket !== this.#latest || controller.signal.aborted) return;
						this.error = error;
						this.busy = false;
						this.progress = null;
					}
				);
			}, settleMs);
			return () => clearTimeout(timer);
		});
		// Leaving the page stops what it was computing.
		$effect(() => () => this.#abort());
	}

	/** Stops the computation under way; the figures shown stay until the query changes. */
	cancel(): void {
		this.#latest++;
		this.#abort();
		this.busy = false;
		this.progress = null;
		this.cancelled = true;
	}

	#abort(): void {
		const inflight = this.#inflight;
		this.#inflight = null;
		inflight?.controller.abort();
	}

	/** Keeps the most recently used answers. */
	#remember(key: string, value: T) {
		this.#cache.set(key, value);
	}
}
