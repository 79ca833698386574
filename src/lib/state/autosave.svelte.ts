/**
 * Saving as one edits: a save a moment after the last change (`schedule`), at once on demand
 * (`flush`), one save at a time, and a status to show (`saving`, `saved`, `error`). The journey
 * editor and the mapping-rules editor save through it; what a save writes is theirs.
 */

export type SaveStatus = 'saved' | 'saving' | 'error';

/**
 * What a save reports when it wrote what it could but something is still wrong (rules that do
 * not compile, a journey deleted elsewhere): the status stays `error` with this message.
 */
export interface SaveProblem {
	problem: string;
}

export type Save = () => Promise<SaveProblem | void>;

export class Autosave {
	status = $state<SaveStatus>('saved');
	/** Why the last save failed, or its problem; empty when saved. */
	error = $state('');
	/** What the last failed save threw (a `StoreError` tells a full storage); undefined otherwise. */
	failure = $state.raw<unknown>(undefined);

	readonly #save: Save;
	readonly #delay: number;
	#timer: ReturnType<typeof setTimeout> | undefined;
	/** A change waits to be saved. */
	#dirty = false;
	#running: Promise<void> | undefined;

	/** @param delay ms after the last change before saving. */
	constructor(save: Save, delay: number) {
		this.#save = save;
		this.#delay = delay;
	}

	/** A change was made: save a moment after the last one. */
	schedule() {
		this.#dirty = true;
		this.status = 'saving';
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.flush(), this.#delay);
	}

	/** A change waits, or a save that failed waits to be tried again. */
	get pending(): boolean {
		return this.#dirty;
	}

	/** The save under way, if any; it never rejects. */
	get running(): Promise<void> | undefined {
		return this.#running;
	}

	/** Saves now what waits; resolves once nothing this call could save is left unsaved. */
	async flush(): Promise<void> {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		// One save at a time: the next starts from what the previous one wrote.
		while (this.#running) await this.#running;
		if (!this.#dirty) return;
		this.#dirty = false;
		let done!: () => void;
		this.#running = new Promise((resolve) => (done = resolve));
		try {
			const result = await this.#save();
			this.#running = undefined;
			this.failure = undefined;
			if (result) {
				this.status = 'error';
				this.error = result.problem;
			} else {
				// A change made during the save keeps the status at `saving` until it is saved too.
				if (!this.#dirty) this.status = 'saved';
				this.error = '';
			}
		} catch (error) {
			this.#running = undefined;
			// What failed waits for the next save (`flush` again, or the next change).
			this.#dirty = true;
			this.status = 'error';
			this.error = error instanceof Error ? error.message : String(error);
			this.failure = error;
		} finally {
			done();
		}
	}

	/**
	 * Saves what waits when the page is hidden (a tab closed, the phone locked), and when the
	 * returned cleanup runs (the editor leaves the page): return it from an `$effect`.
	 */
	flushOnLeave(target: EventTarget | undefined = globalThis.window): () => void {
		const hidden = (event: Event) => {
			if (event.type === 'pagehide' || document.visibilityState === 'hidden') void this.flush();
		};
		target?.addEventListener('pagehide', hidden);
		target?.addEventListener('visibilitychange', hidden);
		return () => {
			target?.removeEventListener('pagehide', hidden);
			target?.removeEventListener('visibilitychange', hidden);
			if (this.#dirty) void this.flush();
		};
	}
}
