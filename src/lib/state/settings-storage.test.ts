import { afterEach, describe, expect, it } from 'vitest';
import { LayoutCache } from '$lib/analysis/journey-layout-cache';
import { app } from './app.svelte';
import { saveSetting } from './settings-storage';
import { memoryStorage } from '../../../tests/fixtures/storage';

const layout = { width: 1, height: 1, nodes: [], edges: [], padding: 'x'.repeat(400) } as never;

afterEach(() => app.dismissStoreError('settingsQuota'));

describe('saving a setting in a full storage', () => {
	it('gives up the kept layouts to make room, and stores the setting', () => {
		const storage = memoryStorage(1_200);
		const cache = new LayoutCache(storage);
		cache.set('a', layout, 'ws');
		cache.set('b', layout, 'ws');
		expect(saveSetting('parcours.analysis.ws', 'y'.repeat(500), storage)).toBe(true);
		expect(storage.getItem('parcours.analysis.ws')).toHaveLength(500);
		expect(storage.getItem('parcours.layout.a')).toBeNull();
		expect(app.storeErrors).not.toContain('settingsQuota');
	});

	it('says storage is full when the setting still does not fit', () => {
		const storage = memoryStorage(100);
		expect(saveSetting('parcours.analysis.ws', 'y'.repeat(500), storage)).toBe(false);
		expect(app.storeErrors).toContain('settingsQuota');
	});
});
