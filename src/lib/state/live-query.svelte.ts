/**
 * A live IndexedDB query as a rune: re-runs whenever the tables it read change, in this tab or
 * another. `key()` is read reactively (a route parameter…); when it changes, the old
 * subscription ends and a new one starts. Must be created while a component initialises.
 */
import { observe } from '$lib/db';

export class LiveQuery<T, K = null> {
	/** The latest result; `undefined` until the first one arrives. */
	current = $state.raw<T | undefined>(undefined);
	/** The latest failure, cleared by the next result. */
	error = $state.raw<unknown>(undefined);
	/** True once a result (or an error) arrived for the current key. */
	ready = $state(false);

	constructor(query: (key: K) => Promise<T>, key: () => K = () => null as K) {
		$effect(() => {
			const current = key();
			this.ready = false;
			this.current = undefined;
			const subscription = observe(() => query(current)).subscribe({
				next: (value: T) => {
					this.current = value;
					this.error = undefined;
					this.ready = true;
				},
				error: (error: unknown) => {
					this.error = error;
					this.ready = true;
				}
			});
			return () => subscription.unsubscribe();
		});
	}
}
