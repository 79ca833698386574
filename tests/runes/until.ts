import { flushSync } from 'svelte';

/** Waits until `check` passes, flushing Svelte's effects between tries; throws its last failure after `timeout` ms. */
export async function until(check: () => void, timeout = 2_000): Promise<void> {
	const started = Date.now();
	for (;;) {
		flushSync();
		try {
			check();
			return;
		} catch (error) {
			if (Date.now() - started > timeout) throw error;
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
	}
}
