import { describe, expect, it } from 'vitest';
import { WORKED_EXAMPLE_SETTINGS, contact, table } from '../../../tests/fixtures/contacts';
import { motive, text, theme } from '../domain/test-factories';
import { catalogueLabels, oneLine } from './breakdown-labels';
import { catalogueSettings } from './dashboard-settings';
import { analyze } from './metrics';

const billing = theme({ id: 'th-bill', label: text('Billing', 'Facturation') });
const disputes = theme({ id: 'th-disp', parentId: 'th-bill', label: text('Disputes', 'Contestations') });
const contest = motive({
	id: 'm-contest',
	themeId: 'th-disp',
	label: text('Bill disputed', 'Contestation de facture'),
	crmCodes: ['FAC-CONTEST', ' FACT02 ']
});
const moving = motive({ id: 'm-move', themeId: 'th-bill', label: text('Moving house', 'Déménagement'), crmCodes: ['MOVE'] });
const motives = [contest, moving];
const themes = [billing, disputes];

describe('catalogueLabels', () => {
	const settings = catalogueSettings(motives, themes, [], ['FAC-CONTEST', 'fact02', 'MOVE', 'XYZ']);
	const fr = catalogueLabels(motives, themes, settings, 'fr');
	const en = catalogueLabels(motives, themes, settings, 'en');

	it('reads a motive with two codes as one label naming both codes', () => {
		const label = fr('motive', 'm-contest');
		expect(label).toEqual({
			name: 'Contestation de facture',
			detail: 'FAC-CONTEST, FACT02',
			codes: ['FAC-CONTEST', 'FACT02'],
			catalogued: true
		});
		expect(oneLine(label!, 'hors catalogue')).toBe('Contestation de facture · FAC-CONTEST, FACT02');
		expect(en('motive', 'm-contest')?.name).toBe('Bill disputed');
	});

	it('reads a code no motive claims as itself, not in the catalogue, in every catalogue breakdown', () => {
		for (const dimension of ['motive', 'code', 'category', 'theme'] as const) {
			expect(fr(dimension, 'XYZ'), dimension).toEqual({ name: 'XYZ', detail: null, codes: ['XYZ'], catalogued: false });
		}
		expect(oneLine(fr('motive', 'XYZ')!, 'hors catalogue')).toBe('XYZ (hors catalogue)');
		expect(oneLine(en('motive', 'XYZ')!, 'not in catalogue')).toBe('XYZ (not in catalogue)');
	});

	it('reads a raw code that equals a motive id as the code when no code is grouped under it', () => {
		const none = catalogueLabels(motives, themes, { motiveGroups: {}, categories: {}, themes: {} }, 'fr');
		expect(none('motive', 'm-contest')?.catalogued).toBe(false);
	});

	it('reads a code as itself with its motive beside it', () => {
		expect(fr('code', 'fact02')).toEqual({ name: 'fact02', detail: 'Contestation de facture', codes: ['fact02'], catalogued: true });
	});

	it('reads categories and themes by their labels, a sub-theme with its parent', () => {
		expect(fr('category', 'th-disp')).toMatchObject({ name: 'Contestations', detail: 'Facturation', catalogued: true });
		expect(fr('category', 'th-bill')).toMatchObject({ name: 'Facturation', detail: null, catalogued: true });
		expect(en('theme', 'th-bill')).toMatchObject({ name: 'Billing', detail: null, codes: [], catalogued: true });
	});

	it('names nothing for breakdowns outside the catalogue', () => {
		expect(fr('channel', 'phone')).toBeNull();
		expect(fr('agent', 'm-contest')).toBeNull();
	});

	it('labels every key the engine gives for a log that writes one motive with two codes', () => {
		const log = table(
			contact({ customer_id: 'a', timestamp: '2026-03-02T09:00', motive: 'FAC-CONTEST' }),
			contact({ customer_id: 'b', timestamp: '2026-03-02T10:00', motive: 'fact02' }),
			contact({ customer_id: 'c', timestamp: '2026-03-02T11:00', motive: 'XYZ' })
		);
		const result = analyze(log, { ...WORKED_EXAMPLE_SETTINGS, ...catalogueSettings(motives, themes, [], log.motives) }, { by: ['motive', 'theme'] });
		const rows = Object.keys(result.by.motive ?? {}).map((key) => oneLine(fr('motive', key)!, 'hors catalogue'));
		expect(rows.sort()).toEqual(['Contestation de facture · FAC-CONTEST, FACT02', 'XYZ (hors catalogue)']);
		expect(result.by.motive?.['m-contest'].demands).toBe(2);
		expect(Object.keys(result.by.theme ?? {}).map((key) => fr('theme', key)?.name).sort()).toEqual(['Facturation', 'XYZ']);
	});
});

describe('an uncatalogued code named like a theme id (METRICS.md §2)', () => {
	it('is its own category key, labelled as the code, not in the catalogue', () => {
		// `th-disp` is a code of the log no motive claims, and also the id of the Disputes sub-theme.
		const log = table(contact({ customer_id: 'A', motive: 'FAC-CONTEST' }), contact({ customer_id: 'B', motive: 'th-disp' }));
		const settings = catalogueSettings(motives, themes, [], log.motives);
		const result = analyze(log, { ...settings, observationEnd: Date.UTC(2027, 0, 1) }, { by: ['category'] });
		expect(Object.keys(result.by.category ?? {}).sort()).toEqual(['th-disp', 'th-disp (uncatalogued)']);
		const fr = catalogueLabels(motives, themes, settings, 'fr');
		expect(fr('category', 'th-disp')).toMatchObject({ name: 'Contestations', catalogued: true });
		expect(fr('category', 'th-disp (uncatalogued)')).toEqual({ name: 'th-disp', detail: null, codes: ['th-disp'], catalogued: false });
	});

	it('finds the motive of a code whatever its case', () => {
		const settings = catalogueSettings(motives, themes);
		expect(catalogueLabels(motives, themes, settings, 'fr')('code', 'fac-contest')).toMatchObject({ detail: 'Contestation de facture', catalogued: true });
	});
});
