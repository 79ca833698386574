import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	ImportRefused,
	catalogueToCsv,
	parseDate,
	parseShare,
	parseTreatmentLevel,
	planCatalogueImport,
	previewCatalogueImport
} from './catalogue-csv';
// The one reader of the files users hand us gives this module its records (DESIGN.md, "Reading what users hand us").
import { readSheetTable, workbookTable } from '../analysis/sheet';
import { windows1252 } from '../../../tests/fixtures/ingest-files';
import { createDemoWorkspace } from './demo';
import { motive, text, theme, WS } from './test-factories';
import type { Motive, Theme } from './types';

const fixture = (name: string) => readFileSync(new URL(`../../../tests/fixtures/${name}`, import.meta.url));
const read = (file: string | Uint8Array) => readSheetTable(typeof file === 'string' ? new TextEncoder().encode(file) : file);
let counter = 0;
const newId = (prefix: string) => `${prefix}-${++counter}`;

const catalogue = {
	themes: [theme({ id: 'billing', label: text('Billing', 'Facturation') })],
	motives: [motive({ id: 'm-amount', themeId: 'billing', label: text('Amount', 'Montant'), crmCodes: ['FAC-01'] })]
};

describe('cell values', () => {
	it('reads prevalences as percentages or shares, with a comma or a point', async () => {
		expect(parseShare('12%')).toEqual({ ok: true, value: 0.12 });
		expect(parseShare('12,5 %')).toEqual({ ok: true, value: 0.125 });
		expect(parseShare('0,12')).toEqual({ ok: true, value: 0.12 });
		expect(parseShare('0.12')).toEqual({ ok: true, value: 0.12 });
		expect(parseShare('12')).toEqual({ ok: true, value: 0.12 });
		expect(parseShare('')).toEqual({ ok: true, value: undefined });
		expect(parseShare('abc')).toEqual({ ok: false, code: 'not-a-number' });
		expect(parseShare('150%')).toEqual({ ok: false, code: 'out-of-range' });
		expect(parseShare('-2%')).toEqual({ ok: false, code: 'out-of-range' });
	});

	it('reads treatment levels and dates as French and English files write them', async () => {
		expect(parseTreatmentLevel('N1')).toBe('front-line');
		expect(parseTreatmentLevel('Niveau 2')).toBe('second-level');
		expect(parseTreatmentLevel('Autre service')).toBe('other-department');
		expect(parseTreatmentLevel('other_department')).toBe('other-department');
		expect(parseTreatmentLevel('whoever')).toBeUndefined();
		expect(parseDate('05/03/2026')).toBe('2026-03-05');
		expect(parseDate('2026-03-05T10:00:00Z')).toBe('2026-03-05');
		expect(parseDate('31/02/2026')).toBeUndefined();
	});

	it('decodes UTF-8 with BOM and Windows-1252', async () => {
		expect((await read(new Uint8Array([0xef, 0xbb, 0xbf, 0x74, 0xc3, 0xa9]))).rows[0].cells).toEqual(['té']);
		expect((await read(new Uint8Array([0x74, 0xe9, 0x80]))).rows[0].cells).toEqual(['té€']);
	});
});

describe('catalogue import', () => {
	it('previews a good French file: columns mapped, rows ready, nothing written yet', async () => {
		const table = await read(fixture('catalogue-good.csv'));
		expect(table.delimiter).toBe(';');
		const preview = previewCatalogueImport(table, catalogue, 'fr');
		expect(preview.errors).toEqual([]);
		expect(preview.columns.map((c) => c.field)).toEqual([
			'theme', 'subTheme', 'labelFr', 'labelEn', 'codes', 'prevalence', 'treatmentLevel', 'team', 'complex', 'owner', 'description'
		]);
		expect(preview.rows).toHaveLength(4);

		const plan = planCatalogueImport(preview, catalogue, WS, { validOnly: false, newId });
		expect(plan.themes.map((t) => [t.label.fr, t.parentId === null])).toEqual([
			['Facturation', false].map((v, i) => (i === 0 ? 'Échéancier' : v)) as [string, boolean],
			['Déménagement', true]
		]);
		expect(plan.themes[0].parentId).toBe('billing');
		const spread = plan.motives.find((m) => m.label.fr === 'Étaler une facture')!;
		expect(spread).toMatchObject({
			label: { fr: 'Étaler une facture', en: 'Spread a bill' },
			crmCodes: ['ECH-ETAL', 'ECH-PLAN'],
			prevalence: 0.03,
			treatment: { level: 'second-level', team: 'Recouvrement', procedure: '' },
			complex: true,
			owner: 'Karim Benali',
			description: "Plan d'apurement ; accord écrit"
		});
		expect(plan.motives.map((m) => m.prevalence)).toEqual([0.04, 0.03, 0.05, 0.02]);
		expect(plan).toMatchObject({ created: 4, updated: 0 });
	});

	it('reports the two bad rows with their row and column, and refuses to import anything', async () => {
		const preview = previewCatalogueImport(await read(fixture('catalogue-two-bad-rows.csv')), catalogue, 'fr');
		expect(preview.delimiter).toBe(',');
		expect(preview.errors).toEqual([
			{ row: 3, column: 'prevalence', code: 'not-a-number', value: 'abc' },
			{ row: 5, column: 'codes', code: 'duplicate-code-in-file', value: 'REC-REL', otherRow: 2 }
		]);
		expect(preview.invalidRows).toEqual([3, 5]);
		expect(preview.rows.map((r) => r.row)).toEqual([2, 4, 6]);
		expect(() => planCatalogueImport(preview, catalogue, WS, { validOnly: false, newId })).toThrow(ImportRefused);

		const plan = planCatalogueImport(preview, catalogue, WS, { validOnly: true, newId });
		expect(plan.motives.map((m) => m.crmCodes[0])).toEqual(['REC-REL', 'REC-NOM', 'REC-MED']);
		expect(plan.themes).toHaveLength(1);
	});

	it('reports a missing label, an unknown level, a code used by another motive, a bad yes/no', async () => {
		const csv = [
			'thème;motif;codes;traitement;complexe',
			'Facturation;;X1;N1;non',
			'Facturation;Relance;X2;chef de projet;non',
			'Facturation;Autre montant;fac-01;N1;non',
			'Facturation;Montant;FAC-01;N2;peut-être',
			'Facturation;Montant;FAC-01;N2;oui'
		].join('\n');
		const preview = previewCatalogueImport(await read(csv), catalogue, 'fr');
		expect(preview.errors).toEqual([
			{ row: 2, column: 'motif', code: 'missing-label', value: '' },
			{ row: 3, column: 'traitement', code: 'unknown-level', value: 'chef de projet' },
			{ row: 4, column: 'codes', code: 'code-used', value: 'fac-01', otherLabel: 'Montant' },
			{ row: 5, column: 'complexe', code: 'not-yes-no', value: 'peut-être' },
			{ row: 6, column: 'motif', code: 'duplicate-row', value: 'Montant', otherRow: 5 }
		]);
	});

	it('refuses a file without a theme or label column, even for the valid rows', async () => {
		const preview = previewCatalogueImport(await read('libellé du client,codes\nA,B'), catalogue, 'fr');
		expect(preview.errors.map((e) => e.code)).toEqual(['missing-column', 'missing-column']);
		expect(() => planCatalogueImport(preview, catalogue, WS, { validOnly: true, newId })).toThrow(ImportRefused);
	});

	it('lets the user map a column the file names differently', async () => {
		const table = await read('thème;libellé du client\nFacturation;Relance');
		expect(previewCatalogueImport(table, catalogue, 'fr').errors.map((e) => e.code)).toEqual(['missing-column']);
		const preview = previewCatalogueImport(table, catalogue, 'fr', ['theme', 'labelFr']);
		expect(preview.errors).toEqual([]);
		expect(preview.rows[0].label).toEqual({ fr: 'Relance', en: '' });
	});

	it('updates the motive a row names (same theme, same label), keeping its links', async () => {
		const linked = { ...catalogue, motives: [{ ...catalogue.motives[0], articleIds: ['a1'], sourceIds: ['s1'] }] };
		const preview = previewCatalogueImport(await read('theme,motive_fr,codes,prevalence\nBilling,montant,FAC-01;FAC-02,7%'), linked, 'en');
		expect(preview.errors).toEqual([]);
		const plan = planCatalogueImport(preview, linked, WS, { validOnly: false, newId });
		expect(plan).toMatchObject({ created: 0, updated: 1, themes: [] });
		expect(plan.motives[0]).toMatchObject({ id: 'm-amount', articleIds: ['a1'], sourceIds: ['s1'], crmCodes: ['FAC-01', 'FAC-02'], prevalence: 0.07 });
	});

	it('reads spreadsheet cells (numbers, booleans, dates) like CSV text', async () => {
		const table = await workbookTable([
			['Theme', 'Motive', 'Prevalence', 'Complex', 'Last review'],
			['Billing', 'Late bill', 0.04, true, new Date(Date.UTC(2026, 0, 31))]
		]);
		const preview = previewCatalogueImport(table, catalogue, 'en');
		expect(preview.errors).toEqual([]);
		expect(preview.rows[0].values).toMatchObject({ prevalence: 0.04, complex: true, lastReview: '2026-01-31' });
	});
});

describe('catalogue files through the one reader', () => {
	it('refuses a catalogue whose quote is never closed, naming its line', async () => {
		const csv = 'thème;motif;codes\nFacturation;Montant;FAC-01\nFacturation;"Relance;FAC-02\nVie;Déménagement;DEM\n';
		await expect(read(csv)).rejects.toMatchObject({ code: 'unterminated-quote', line: 3, message: expect.stringMatching(/line 3\b/) });
	});

	it('reads the accents of a Windows-1252 catalogue', async () => {
		const table = await read(windows1252('thème;sous-thème;motif\r\nFacturation;Échéancier;Étaler une facture\r\n'));
		expect(table.delimiter).toBe(';');
		const preview = previewCatalogueImport(table, catalogue, 'fr');
		expect(preview.errors).toEqual([]);
		expect(preview.rows[0]).toMatchObject({ theme: 'Facturation', subTheme: 'Échéancier', label: { fr: 'Étaler une facture' } });
	});

	it('reads the complex flag of a French Excel catalogue (`;`, oui/non)', async () => {
		const csv = '\uFEFFthème;motif;complexe\r\nFacturation;Montant;oui\r\nFacturation;Relance;non\r\nFacturation;Échéance;\r\nFacturation;Litige;Vrai\r\n';
		const preview = previewCatalogueImport(await read(csv), catalogue, 'fr');
		expect(preview.errors).toEqual([]);
		expect(preview.rows.map((r) => [r.label.fr, r.values.complex])).toEqual([
			['Montant', true],
			['Relance', false],
			['Échéance', false],
			['Litige', true]
		]);
	});

	it('numbers rows by the line they start on when a cell holds line breaks', async () => {
		const csv = 'thème;motif;description;complexe\nFacturation;Montant;"deux\nlignes";oui\nFacturation;Relance;;peut-être\n';
		const preview = previewCatalogueImport(await read(csv), catalogue, 'fr');
		expect(preview.errors).toEqual([{ row: 4, column: 'complexe', code: 'not-yes-no', value: 'peut-être' }]);
	});
});

describe('catalogue export', () => {
	it('writes UTF-8 with a BOM, semicolons and CRLF, French headers and values for French Excel', async () => {
		const csv = catalogueToCsv(catalogue.themes, [{ ...catalogue.motives[0], prevalence: 0.125, description: 'a; "b"\nc' }], 'fr');
		expect(csv.startsWith('\uFEFFthème;sous-thème;motif_fr;motif_en;codes CRM;prévalence;traitement')).toBe(true);
		expect(csv).toContain('\r\nFacturation;;Montant;Amount;FAC-01;12,5%;front-line;Billing;;;;non;;"a; ""b""\r\nc";');
	});

	it('writes labels a spreadsheet would run as formulas as quoted text, and reads them back as they were', async () => {
		const hostile = { ...catalogue.motives[0], label: text('=1+2', '@SUM(A1)'), owner: '-2+3', description: "'=already quoted", crmCodes: ['+X1', 'FAC-01'] };
		const csv = catalogueToCsv(catalogue.themes, [hostile], 'fr');
		const line = csv.split('\r\n')[1];
		expect(line).toContain(`;"'@SUM(A1)";"'=1+2";"'+X1, FAC-01";`);
		expect(line).toContain(`;"'-2+3";"''=already quoted";`);
		const preview = previewCatalogueImport(await read(csv), { themes: [], motives: [] }, 'fr');
		expect(preview.errors).toEqual([]);
		const plan = planCatalogueImport(preview, { themes: [] }, WS, { validOnly: false, newId });
		expect(plan.motives[0]).toMatchObject({ label: { fr: '@SUM(A1)', en: '=1+2' }, owner: '-2+3', description: "'=already quoted", crmCodes: ['+X1', 'FAC-01'] });
	});

	for (const locale of ['fr', 'en'] as const) {
		it(`round-trips the demo catalogue through CSV (${locale}): into an empty workspace, then onto itself`, async () => {
			const demo = createDemoWorkspace(new Date(2026, 2, 15));
			const csv = catalogueToCsv(demo.themes, demo.motives, locale);
			const preview = previewCatalogueImport(await read(csv), { themes: [], motives: [] }, locale);
			expect(preview.errors).toEqual([]);
			const plan = planCatalogueImport(preview, { themes: [] }, WS, { validOnly: false, newId });
			expect(plan.themes).toHaveLength(demo.themes.length);
			expect(plan.motives).toHaveLength(demo.motives.length);
			const pathOf = (m: Motive, themes: Theme[]) => {
				const node = themes.find((t) => t.id === m.themeId)!;
				const parent = themes.find((t) => t.id === node.parentId);
				return [parent, node].filter(Boolean).map((t) => t!.label[locale]).join(' / ');
			};
			const summary = (m: Motive, themes: Theme[]) => ({
				path: pathOf(m, themes),
				label: m.label,
				codes: m.crmCodes,
				prevalence: m.prevalence,
				treatment: m.treatment,
				complex: m.complex,
				owner: m.owner,
				description: m.description,
				lastReview: m.lastReview,
				synonyms: m.synonyms
			});
			const sortByLabel = <T extends { label: { fr: string } }>(list: T[]) => list.sort((a, b) => a.label.fr.localeCompare(b.label.fr));
			expect(sortByLabel(plan.motives.map((m) => summary(m, plan.themes)))).toEqual(
				sortByLabel(demo.motives.map((m) => summary(m, demo.themes)))
			);

			const again = previewCatalogueImport(await read(csv), demo, locale);
			expect(again.errors).toEqual([]);
			const update = planCatalogueImport(again, demo, demo.workspace.id, { validOnly: false, newId });
			expect(update).toMatchObject({ created: 0, updated: demo.motives.length, themes: [] });
			expect(sortByLabel(update.motives)).toEqual(sortByLabel(structuredClone(demo.motives)));
		});
	}
});
