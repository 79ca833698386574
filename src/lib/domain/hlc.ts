/**
 * Hybrid logical clocks: a wall-clock time in milliseconds, a counter for events within one
 * millisecond (or while the wall clock lags behind a clock already seen), and the id of the
 * writer (a tab, later a device). Written as a string that sorts in clock order, so a stored
 * version compares with `<` and a sync server can merge fields by last writer
 * (`journey-merge.ts`, `mergeByClock`).
 */

/** `<wall ms, 13 digits>-<counter, 6 digits>-<writer id>`. */
export type Hlc = string;

export interface HlcParts {
	wall: number;
	counter: number;
	node: string;
}

export function formatHlc({ wall, counter, node }: HlcParts): Hlc {
	return `${String(wall).padStart(13, '0')}-${String(counter).padStart(6, '0')}-${node}`;
}

export function parseHlc(clock: Hlc): HlcParts {
	const [wall, counter, ...node] = clock.split('-');
	return { wall: Number(wall), counter: Number(counter), node: node.join('-') };
}

/** Orders two clocks; a missing clock is older than any. */
export function compareHlc(a: Hlc | undefined, b: Hlc | undefined): number {
	if (a === b) return 0;
	if (a === undefined) return -1;
	if (b === undefined) return 1;
	return a < b ? -1 : 1;
}

/**
 * One writer's clock. `now()` gives a clock later than every clock this writer gave or `receive`d,
 * even when the wall clock goes back.
 */
export class HybridClock {
	#last: HlcParts;
	constructor(
		readonly node: string,
		private readonly wallClock: () => number = Date.now
	) {
		this.#last = { wall: 0, counter: 0, node };
	}

	now(): Hlc {
		const wall = Math.max(this.wallClock(), this.#last.wall);
		const counter = wall === this.#last.wall ? this.#last.counter + 1 : 0;
		this.#last = { wall, counter, node: this.node };
		return formatHlc(this.#last);
	}

	/** Takes in a clock seen from another writer, so the next `now()` comes after it. */
	receive(clock: Hlc): void {
		const seen = parseHlc(clock);
		if (seen.wall > this.#last.wall || (seen.wall === this.#last.wall && seen.counter > this.#last.counter)) {
			this.#last = { wall: seen.wall, counter: seen.counter, node: this.node };
		}
	}
}
