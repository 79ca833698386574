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
