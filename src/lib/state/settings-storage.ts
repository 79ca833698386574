/**
 * Settings kept in this browser's localStorage (analysis, frictions, saved views, overlay
 * choices). A full storage is not silent: the journey layouts kept there (a cache) are given up
 * first, and if the setting still does not fit, the interface says that storage is full and that
 * the change holds only until the page is closed.
 */
import { forgetAllLayouts } from '$lib/analysis/journey-layout-cache';
import { StoreError } from '$lib/db';
import { isQuotaError } from '$lib/db/errors';
import { app } from './app.svelte';

/** Writes one setting; returns whether it was stored. */
export function saveSetting(key: string, value: string, storage: Storage | undefined = globalThis.localStorage): boolean {
	if (!storage) return false;
	try {
		storage.setItem(key, value);
		return true;
	} catch (error) {
		if (!isQuotaError(error)) return false;
		forgetAllLayouts(storage);
		try {
			storage.setItem(key, value);
			return true;
		} catch (again) {
			app.reportStoreError(new StoreError('settingsQuota', again));
			return false;
		}
	}
}
