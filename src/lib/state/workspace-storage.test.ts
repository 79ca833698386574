import { describe, expect, it } from 'vitest';
import { LayoutCache } from '$lib/analysis/journey-layout-cache';
import { layoutJourney } from '$lib/analysis/journey-layout';
import { newJourneyMachine } from '$lib/domain/journey-edit';
import { forgetWorkspace } from './workspace-storage';
import { memoryStorage } from '../../../tests/fixtures/storage';

const GONE = '6f1c2a9e-0b7d-4c55-9e3a-1d2f3a4b5c6d';
const KEPT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('deleting a workspace from this browser', () => {
	it('leaves no setting and no layout of it, and keeps those of the others', async () => {
		const storage = memoryStorage();
		for (const id of [GONE, KEPT]) {
			storage.setItem(`parcours.analysis.${id}`, JSON.stringify({ settings: {}, datasetId: null }));
			storage.setItem(`parcours.frictions.${id}`, '{}');
			storage.setItem(`parcours.views.${id}`, '[]');
			storage.setItem(`parcours.overlay.${id}.journey-1`, '{"enabled":true}');
		}
		storage.setItem('parcours.locale', 'fr');

		const ownMachine = newJourneyMachine({ fr: 'Résilier', en: 'Cancel' });
		const otherMachine = newJourneyMachine({ fr: 'Payer', en: 'Pay' });
		const cache = new LayoutCache(storage);
		const own = cache.key(ownMachine, 'fr');
		const other = cache.key(otherMachine, 'fr');
		cache.set(own, await layoutJourney(ownMachine, { locale: 'fr' }), GONE);
		cache.set(other, await layoutJourney(otherMachine, { locale: 'fr' }), KEPT);
		// A layout stored before layouts recorded their workspace: found from the journey itself.
		const olderKey = cache.key(ownMachine, 'en');
		storage.setItem(`parcours.layout.${olderKey}`, JSON.stringify(await layoutJourney(ownMachine, { locale: 'en' })));

		forgetWorkspace(storage, GONE, [ownMachine]);

		const left = [...storage.items].filter(([k, v]) => k.includes(GONE) || v.includes(GONE));
		expect(left).toEqual([]);
		expect(storage.getItem(`parcours.layout.${own}`)).toBeNull();
		expect(storage.getItem(`parcours.layout.${olderKey}`)).toBeNull();
		expect(JSON.parse(storage.getItem('parcours.layout.index') ?? '[]')).toEqual([other]);
		// The other workspace keeps everything, and so does the interface language.
		expect([...storage.items.keys()].filter((k) => k.includes(KEPT)).sort()).toEqual(
			[`parcours.analysis.${KEPT}`, `parcours.frictions.${KEPT}`, `parcours.overlay.${KEPT}.journey-1`, `parcours.views.${KEPT}`].sort()
		);
		expect(new LayoutCache(storage).get(other)).toBeDefined();
		expect(storage.getItem('parcours.locale')).toBe('fr');
	});

	it('keeps a layout another workspace drew too (a duplicated journey)', async () => {
		const storage = memoryStorage();
		const machine = newJourneyMachine({ fr: 'Résilier', en: 'Cancel' });
		const cache = new LayoutCache(storage);
		const key = cache.key(machine, 'fr');
		const layout = await layoutJourney(machine, { locale: 'fr' });
		cache.set(key, layout, GONE);
		cache.set(key, layout, KEPT);
		forgetWorkspace(storage, GONE, [machine]);
		expect(new LayoutCache(storage).get(key)).toEqual(layout);
		expect(storage.getItem('parcours.layout.owners')).not.toContain(GONE);
	});
});
