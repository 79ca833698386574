import { app } from './app.svelte';

/**
 * A component's store writes, one at a time: `busy` while one runs (its buttons wait), and a
 * failure reported where it belongs: a store failure in the banner, anything else as an alert in
 * the words of `failed`.
 */
export class Writes {
	busy = $state(false);
	readonly #failed: (detail: string) => string;

	constructor(failed: (detail: string) => string) {
		this.#failed = failed;
	}

	async run(action: () => Promise<void>): Promise<void> {
		this.busy = true;
		try {
			await action();
		} catch (error) {
			app.reportFailure(error, this.#failed);
		} finally {
			this.busy = false;
		}
	}
}

/** Something that waits for the user's confirmation (a deletion): its dialog is open while it waits. */
export class Confirmation<T> {
	pending = $state<T | null>(null);
	open = $state(false);

	ask(item: T) {
		this.pending = item;
		this.open = true;
	}

	/** Closes the dialog; gives back what was confirmed. */
	take(): T | null {
		this.open = false;
		return this.pending;
	}
}
