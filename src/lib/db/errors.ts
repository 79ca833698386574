/**
 * Every failure of the store becomes a `StoreError` of a few kinds the interface can explain
 * (the disk is full, another tab holds an old version open, private browsing without IndexedDB…).
 */

export const STORE_ERROR_KINDS = ['quota', 'settingsQuota', 'blocked', 'version', 'unavailable', 'readOnly', 'unknown'] as const;
export type StoreErrorKind = (typeof STORE_ERROR_KINDS)[number];

const MESSAGES: Record<StoreErrorKind, string> = {
	quota: 'The browser has no storage space left for Parcours.',
	settingsQuota: 'The browser has no space left for Parcours settings (localStorage).',
	blocked: 'Another Parcours tab uses a different version of the database; close the other tabs and reload.',
	version: 'The stored data was written by a newer version of Parcours.',
	unavailable: 'The browser does not give Parcours a database (private browsing or storage disabled).',
	readOnly: 'This shared workspace is read-only for you: viewers read, they do not edit.',
	unknown: 'The browser database failed.'
};

export class StoreError extends Error {
	readonly kind: StoreErrorKind;
	declare readonly cause?: unknown;
	constructor(kind: StoreErrorKind, cause?: unknown, message = MESSAGES[kind]) {
		super(message, cause === undefined ? undefined : { cause });
		this.name = 'StoreError';
		this.kind = kind;
		if (cause !== undefined && this.cause === undefined) {
			Object.defineProperty(this, 'cause', { value: cause, enumerable: false });
		}
	}
}

const DIRECT_KINDS: Record<string, StoreErrorKind> = {
	QuotaExceededError: 'quota',
	// Firefox's legacy name for the same condition.
	NS_ERROR_DOM_QUOTA_REACHED: 'quota',
	DatabaseClosedError: 'blocked',
	VersionError: 'version',
	MissingAPIError: 'unavailable',
	// Opening IndexedDB in some private modes fails with these.
	InvalidStateError: 'unavailable',
	SecurityError: 'unavailable'
};

function kindOf(error: unknown, depth: number): StoreErrorKind | undefined {
	if (depth > 5 || typeof error !== 'object' || error === null) return undefined;
	if (error instanceof StoreError) return error.kind;
	const { name, inner, cause } = error as { name?: unknown; inner?: unknown; cause?: unknown };
	// Dexie wraps the browser's error in `inner` (an aborted transaction's cause, a failed open's
	// reason). The wrapped error says what went wrong: a database closed because IndexedDB is
	// missing is 'unavailable', not 'blocked', so look inside before trusting the wrapper's name.
	const nested = kindOf(inner, depth + 1) ?? kindOf(cause, depth + 1);
	if (nested) return nested;
	const direct = typeof name === 'string' ? DIRECT_KINDS[name] : undefined;
	if (direct) return direct;
	if (name === 'OpenFailedError') return 'unavailable';
	return undefined;
}

/** True for a full storage, as IndexedDB, Dexie or localStorage (`setItem`) report it. */
export function isQuotaError(error: unknown): boolean {
	const kind = kindOf(error, 0);
	if (kind === 'quota' || kind === 'settingsQuota') return true;
	// Safari reports a full localStorage as code 22, Firefox as 1014, without a known name.
	const code = (error as { code?: unknown } | null)?.code;
	return typeof DOMException !== 'undefined' && error instanceof DOMException && (code === 22 || code === 1014);
}

export function toStoreError(error: unknown): StoreError {
	if (error instanceof StoreError) return error;
	return new StoreError(kindOf(error, 0) ?? 'unknown', error);
}

export type StoreErrorListener = (error: StoreError) => void;

/** Listeners told of every store failure, so one place of the interface can show them. */
export class StoreErrorBus {
	#listeners = new Set<StoreErrorListener>();
	on(listener: StoreErrorListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}
	announce(error: StoreError): void {
		for (const listener of [...this.#listeners]) {
			try {
				listener(error);
			} catch (failure) {
				// A broken listener must not hide the store error from the others.
				console.error(failure);
			}
		}
	}
}
