import { describe, expect, it } from 'vitest';
import { addStage, moveStage, newJourneyMachine, renameState, updateStateMeta } from '../domain/journey-edit';
import { hash, LayoutCache, type LayoutStore } from './journey-layout-cache';
import { layoutJourney } from './journey-layout';

function memoryStore(): LayoutStore & { items: Map<string, string> } {
	const items = new Map<string, string>();
	return {
		items,
		getItem: (k) => items.get(k) ?? null,
		setItem: (k, v) => void items.set(k, v),
		removeItem: (k) => void items.delete(k)
	};
}

describe('LayoutCache', () => {
	it('gives back a layout by machine and language, from the store in a new page', async () => {
		const store = memoryStore();
		const machine = newJourneyMachine({ fr: 'Résilier', en: 'Cancel' });
		const layout = await layoutJourney(machine, { locale: 'fr' });
		const cache = new LayoutCache(store);
		const key = cache.key(machine, 'fr');
		expect(cache.get(key)).toBeUndefined();
		cache.set(key, layout);
		expect(new LayoutCache(store).get(key)).toEqual(layout);
		// Another language or any change to the machine is another key.
		expect(cache.key(machine, 'en')).not.toBe(key);
		expect(cache.key(renameState(machine, 'fin', { fr: 'Terminé' }), 'fr')).not.toBe(key);
		expect(cache.key(updateStateMeta(machine, 'phase1.etape1', { channel: 'phone' }), 'fr')).not.toBe(key);
		// What the graph does not show keeps the layout (and the layout indeed does not change).
		const noted = updateStateMeta(machine, 'phase1.etape1', { notes: 'À revoir', ownerTeam: 'Back-office', expectedMotives: ['m1'] });
		expect(cache.key(noted, 'fr')).toBe(key);
		expect(await layoutJourney(noted, { locale: 'fr' })).toEqual(layout);
	});

	it('keeps only the most recent layouts in the store, and survives a broken entry', () => {
		const store = memoryStore();
		const cache = new LayoutCache(store, 2);
		const layout = { width: 1, height: 1, nodes: [], edges: [] };
		for (const key of ['a', 'b', 'c']) cache.set(key, layout);
		expect([...store.items.keys()].filter((k) => !k.endsWith('index')).sort()).toEqual(['parcours.layout.b', 'parcours.layout.c']);
		store.setItem('parcours.layout.d', '{broken');
		expect(new LayoutCache(store).get('d')).toBeUndefined();
		expect(hash('x')).not.toBe(hash('y'));
	});

	it('lays a journey out again when its phases are reordered', () => {
		const cache = new LayoutCache();
		const machine = addStage(newJourneyMachine({ fr: 'Résilier', en: 'Cancel' }), { label: { fr: 'Suite', en: 'Next' } }).machine;
		const [first] = Object.keys(machine.states);
		expect(cache.key(moveStage(machine, first, 1), 'fr')).not.toBe(cache.key(machine, 'fr'));
	});
});
