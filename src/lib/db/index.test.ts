import { describe, expect, it, vi } from 'vitest';
import * as store from './index';
import { CURRENT_VERSION } from './schema';

describe('the app store', () => {
	it('offers the repositories, the live queries and the error channel', () => {
		for (const repo of ['journeyRepo', 'themeRepo', 'motiveRepo', 'ruleRepo', 'actionRepo'] as const) {
			expect(Object.keys(store[repo]).sort()).toEqual(['get', 'list', 'put', 'putMany', 'remove']);
		}
		for (const repo of ['sourceRepo', 'articleRepo'] as const) {
			expect(Object.keys(store[repo]).sort()).toEqual(['get', 'list', 'put', 'putMany', 'remove', 'removeAndUnlink']);
		}
		expect(Object.keys(store.catalogueRepo)).toEqual(['putMany']);
		expect(typeof store.workspaceRepo.importContent).toBe('function');
		expect(store.db.name).toBe('parcours');
		expect(store.db.verno).toBe(CURRENT_VERSION);
	});

	it('loads where IndexedDB is missing and reports it as unavailable on first use', async () => {
		const listener = vi.fn();
		const stop = store.onStoreError(listener);
		await expect(store.workspaceRepo.list()).rejects.toBeInstanceOf(store.StoreError);
		expect(listener.mock.calls[0][0]).toMatchObject({ kind: 'unavailable' });
		stop();
	});
});
