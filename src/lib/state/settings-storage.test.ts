import { afterEach, describe, expect, it } from 'vitest';
import { LayoutCache } from '$lib/analysis/journey-layout-cache';
import { app } from './app.svelte';
import { saveSetting } from './settings-storage';

/** A localStorage holding at most `room` characters, failing as browsers do when full. */
function smallStorage(room: number): Storage & { items: Map<string, string> } {
	const items = new Map<string, string>();
	const used = () => [...items].reduce((n, [k, v]) => n + k.length + v.length, 0);
	return {
		items,
		get length() {
			return items.size;
		},
		key: (i) => [...items.keys()][i] ?? null,
		getItem: (k) => items.get(k) ?? null,
		setItem(k, v) {
			const before = items.get(k);
			items.set(k, v);
			if (used() > room) {
				if (before === undefined) items.delete(k);
				else items.set(k, before);
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			}
		},
		removeItem: (k) => void items.delete(k),
		clear: () => items.clear()
	};
}

const layout = { width: 1, height: 1, nodes: [], edges: [], padding: 'x'.repeat(400) } as never;

afterEach(() => app.dismissStoreError('settingsQuota'));

describe('saving a setting in a full storage', () => {
	it('gives up the kept layouts to make room, and stores the setting', () => {
		const storage = smallStorage(1_200);
		const cache = new LayoutCache(storage);
		cache.set('a', layout, 'ws');
		cache.set('b', layout, 'ws');
		expect(saveSetting('parcours.analysis.ws', 'y'.repeat(500), storage)).toBe(true);
		expect(storage.getItem('parcours.analysis.ws')).toHaveLength(500);
		expect(storage.getItem('parcours.layout.a')).toBeNull();
		expect(app.storeErrors).not.toContain('settingsQuota');
	});

	it('says storage is full when the setting still does not fit', () => {
		const storage = smallStorage(100);
		expect(saveSetting('parcours.analysis.ws', 'y'.repeat(500), storage)).toBe(false);
		expect(app.storeErrors).toContain('settingsQuota');
	});
});
