import { describe, expect, it, vi } from 'vitest';
import { Dexie } from 'dexie';
import { ParcoursDB } from './database';
import { isQuotaError, StoreError, StoreErrorBus, toStoreError } from './errors';
import { createStore } from './store';

describe('isQuotaError', () => {
	it.each([
		['IndexedDB or localStorage full', new DOMException('full', 'QuotaExceededError'), true],
		['Firefox legacy localStorage full', new DOMException('full', 'NS_ERROR_DOM_QUOTA_REACHED'), true],
		['Safari localStorage full (code 22)', Object.create(DOMException.prototype, { name: { value: 'Error' }, code: { value: 22 } }), true],
		['Dexie full', new Dexie.AbortError('aborted', new DOMException('full', 'QuotaExceededError')), true],
		['a settings write refused', new StoreError('settingsQuota'), true],
		['a storage denied', new DOMException('denied', 'SecurityError'), false],
		['anything else', new TypeError('bug'), false]
	] as const)('tells %s', (_, error, full) => {
		expect(isQuotaError(error)).toBe(full);
	});
});

describe('toStoreError', () => {
	it.each([
		['a full disk', new DOMException('full', 'QuotaExceededError'), 'quota'],
		['a full disk in Dexie words', new Dexie.QuotaExceededError('full'), 'quota'],
		['a full disk behind an aborted transaction', new Dexie.AbortError('aborted', new DOMException('full', 'QuotaExceededError')), 'quota'],
		['a full disk behind a failed open', new Dexie.OpenFailedError('open', new Dexie.AbortError('aborted', new DOMException('full', 'QuotaExceededError'))), 'quota'],
		['a database closed for another tab', new Dexie.DatabaseClosedError('closed'), 'blocked'],
		['data from a newer version', new Dexie.VersionError('newer'), 'version'],
		['no IndexedDB at all', new Dexie.MissingAPIError('no indexedDB'), 'unavailable'],
		['a database closed because IndexedDB is missing', new Dexie.DatabaseClosedError(new Dexie.MissingAPIError('no indexedDB')), 'unavailable'],
		['a failed open without a known cause', new Dexie.OpenFailedError('open'), 'unavailable'],
		['anything else', new TypeError('bug'), 'unknown'],
		['a thrown string', 'oops', 'unknown']
	] as const)('classifies %s', (_, error, kind) => {
		const converted = toStoreError(error);
		expect(converted).toBeInstanceOf(StoreError);
		expect(converted.kind).toBe(kind);
		expect(converted.cause).toBe(error);
		expect(converted.message).not.toBe('');
	});

	it('keeps a store error as it is', () => {
		const error = new StoreError('quota');
		expect(toStoreError(error)).toBe(error);
	});
});

describe('StoreErrorBus', () => {
	it('tells every listener until it unsubscribes, even when one listener throws', () => {
		const bus = new StoreErrorBus();
		const broken = vi.fn(() => {
			throw new Error('listener bug');
		});
		const listener = vi.fn();
		vi.spyOn(console, 'error').mockImplementation(() => undefined);
		bus.on(broken);
		const stop = bus.on(listener);
		bus.announce(new StoreError('quota'));
		stop();
		bus.announce(new StoreError('quota'));
		expect(broken).toHaveBeenCalledTimes(2);
		expect(listener).toHaveBeenCalledTimes(1);
	});
});

describe('a browser without IndexedDB', () => {
	it('reports the store as unavailable', async () => {
		// Node has no global IndexedDB, like a browser in some private modes.
		expect(globalThis.indexedDB).toBeUndefined();
		const store = createStore(new ParcoursDB({ name: 'no-idb' }));
		const listener = vi.fn();
		store.onStoreError(listener);
		await expect(store.workspaceRepo.list()).rejects.toMatchObject({ kind: 'unavailable' });
		expect(listener).toHaveBeenCalledTimes(1);
	});
});
