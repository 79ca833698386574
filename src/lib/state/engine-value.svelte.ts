import { stableKey } from '$lib/analysis/dashboard-settings';

const CACHE_SIZE = 16;

/**
 * One engine computation following a reactive query: recomputed when the query changes (after
 * it has stayed the same for `settleMs`), answered at once from a small cache when the same query
 * comes back, the last figures kept while the next ones are on their way.
 */
export class EngineValue<Q, T> {
	current = $state.raw<T | undefined>(undefined);
	/** The query of `current`. */
	currentKey = $state<string | null>(null);
	busy = $state(false);
	error = $state.raw<unknown>(undefined);
	/** Milliseconds the last computation took, worker and transfer included. */
	lastMs = $state<number | null>(null);
	#cache = new Map<string, T>();
	#latest = 0;

	constructor(query: () => Q | null, settleMs: number, compute: (query: Q) => Promise<T>) {
		$effect(() => {
			const q = query();
			if (!q) {
				this.busy = false;
				return;
			}
			const key = stableKey(q);
			const cached = this.#cache.get(key);
			if (cached !== undefined) {
				this.#latest++;
				this.current = cached;
				this.currentKey = key;
				this.busy = false;
				this.error = undefined;
				return;
			}
			this.busy = true;
			const ticket = ++this.#latest;
			const timer = setTimeout(() => {
				const started = performance.now();
				compute(q).then(
					(value) => {
						this.#remember(key, value);
						if (ticket !== this.#latest) return;
						this.lastMs = performance.now() - started;
						this.current = value;
						this.currentKey = key;
						this.error = undefined;
						this.busy = false;
					},
					(error: unknown) => {
						if (ticket !== this.#latest) return;
						this.error = error;
						this.busy = false;
					}
				);
			}, settleMs);
			return () => clearTimeout(timer);
		});
	}

	/** Keeps the most recently used answers. */
	#remember(key: string, value: T) {
		this.#cache.delete(key);
		this.#cache.set(key, value);
		while (this.#cache.size > CACHE_SIZE) {
			const oldest = this.#cache.keys().next().value;
			if (oldest === undefined) break;
			this.#cache.delete(oldest);
		}
	}
}
