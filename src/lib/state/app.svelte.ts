/**
 * Application-wide state: start-up (the demo seeded on first start), store failures shown in
 * one banner, and the messages announced after an action.
 */
import { errorDetail } from '$lib/i18n/format';
import { onStoreError, restoreDemo, seedDemoOnFirstStart, StoreError } from '$lib/db';
import { createDemoWorkspace } from '$lib/domain/demo';
import { demoData } from './datasets.svelte';

export type StoreErrorKind = StoreError['kind'];

export interface Notice {
	/** `success` is announced politely; `error` as an alert. */
	tone: 'success' | 'error';
	text: string;
}

function kindOf(error: unknown): StoreErrorKind {
	return error instanceof StoreError ? error.kind : 'unknown';
}

class AppState {
	/** Kinds of store failure seen, each shown once until dismissed. */
	storeErrors = $state<StoreErrorKind[]>([]);
	/** True once the first-start seeding has finished (or failed). */
	started = $state(false);
	/** The last action's outcome, shown under the page heading. */
	notice = $state<Notice | null>(null);

	#starting = false;

	/**
	 * Runs once per page load: listens for store failures, then seeds the demo on first start and
	 * starts making its data in the worker at once, so it is ready by the time a page needs it.
	 */
	start(): void {
		if (this.#starting) return;
		this.#starting = true;
		onStoreError((error) => this.reportStoreError(error));
		seedDemoOnFirstStart(() => createDemoWorkspace())
			.then((demo) => {
				if (demo) demoData.ensure(demo.id);
			})
			.catch((error: unknown) => this.reportStoreError(error))
			.finally(() => (this.started = true));
	}

	reportStoreError(error: unknown): void {
		const kind = kindOf(error);
		if (!this.storeErrors.includes(kind)) this.storeErrors.push(kind);
		if (kind === 'unknown') console.warn(error);
	}

	/** A failed action: a store failure goes to the banner, anything else is announced as `message(detail)`. */
	reportFailure(error: unknown, message: (detail: string) => string): void {
		if (error instanceof StoreError) this.reportStoreError(error);
		else this.announce(message(errorDetail(error)), 'error');
	}

	dismissStoreError(kind: StoreErrorKind): void {
		this.storeErrors = this.storeErrors.filter((k) => k !== kind);
	}

	announce(text: string, tone: Notice['tone'] = 'success'): void {
		this.notice = { tone, text };
	}

	clearNotice(): void {
		this.notice = null;
	}

	async restoreDemo(): Promise<void> {
		await restoreDemo(() => createDemoWorkspace());
	}
}

export const app = new AppState();
