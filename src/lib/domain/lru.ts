/**
 * A Map that keeps at most `capacity` entries, dropping the least recently used first: an entry
 * is used when it is written or read with `get`. `onEvict` hears of each entry dropped for room.
 */
export class LruMap<K, V> {
	readonly #entries = new Map<K, V>();

	constructor(
		readonly capacity: number,
		private readonly onEvict?: (key: K, value: V) => void
	) {}

	get size(): number {
		return this.#entries.size;
	}

	has(key: K): boolean {
		return this.#entries.has(key);
	}

	/** The value, now the most recently used; `undefined` when absent. */
	get(key: K): V | undefined {
		if (!this.#entries.has(key)) return undefined;
		const value = this.#entries.get(key) as V;
		this.#entries.delete(key);
		this.#entries.set(key, value);
		return value;
	}

	set(key: K, value: V): this {
		this.#entries.delete(key);
		this.#entries.set(key, value);
		for (const [oldest, dropped] of this.#entries) {
			if (this.#entries.size <= this.capacity) break;
			this.#entries.delete(oldest);
			this.onEvict?.(oldest, dropped);
		}
		return this;
	}

	delete(key: K): boolean {
		return this.#entries.delete(key);
	}

	clear(): void {
		this.#entries.clear();
	}
}
