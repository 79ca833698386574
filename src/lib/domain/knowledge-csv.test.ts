import { describe, expect, it } from 'vitest';
// The one reader of the files users hand us gives this module its records (DESIGN.md, "Reading what users hand us").
import { readSheetTable } from '../analysis/sheet';
import { ImportRefused } from './catalogue-csv';
import { createDemoWorkspace } from './demo';
import { articlesToCsv, parseInterval, parseStatus, planArticleImport, previewArticleImport } from './knowledge-csv';
import { article, WS } from './test-factories';

const read = (text: string) => readSheetTable(new TextEncoder().encode(text));

let counter = 0;
const newId = (prefix: string) => `${prefix}-${++counter}`;

describe('articles metadata import and export', () => {
	it('reads statuses and intervals in French or English', async () => {
		expect(parseStatus('Publié')).toBe('published');
		expect(parseStatus('brouillon')).toBe('draft');
		expect(parseStatus('archived')).toBe('archived');
		expect(parseStatus('peut-être')).toBeUndefined();
		expect(parseInterval('90 jours')).toBe(90);
		expect(parseInterval('0')).toBeUndefined();
		expect(parseInterval('abc')).toBeUndefined();
	});

	it('updates matching titles, creates the others, and reports bad rows by row and column', async () => {
		const existing = [article({ id: 'a1', title: 'Lire une facture', body: '# Corps', owner: 'Ancien' })];
		const csv = [
			'titre;responsable;intervalle de revue (jours);dernière revue;statut;étiquettes',
			'lire une facture;Claire;60;01/02/2026;publié;facture, lecture',
			'Nouvel article;Karim;;;brouillon;',
			'Autre;Nadia;tous les mois;;publié;',
			';Nadia;30;;publié;',
			'Encore;Nadia;30;2026-13-01;publié;'
		].join('\n');
		const preview = previewArticleImport(await read(csv), existing);
		expect(preview.errors).toEqual([
			{ row: 4, column: 'intervalle de revue (jours)', code: 'not-an-interval', value: 'tous les mois' },
			{ row: 5, column: 'titre', code: 'missing-title', value: '' },
			{ row: 6, column: 'dernière revue', code: 'not-a-date', value: '2026-13-01' }
		]);
		expect(() => planArticleImport(preview, WS, { validOnly: false, newId })).toThrow(ImportRefused);
		const plan = planArticleImport(preview, WS, { validOnly: true, newId });
		expect(plan).toMatchObject({ created: 1, updated: 1 });
		expect(plan.articles[0]).toMatchObject({ id: 'a1', body: '# Corps', owner: 'Claire', reviewIntervalDays: 60, lastReview: '2026-02-01', status: 'published', tags: ['facture', 'lecture'] });
		expect(plan.articles[1]).toMatchObject({ title: 'Nouvel article', body: '', reviewIntervalDays: 90, status: 'draft' });
	});

	it('writes titles, owners and tags a spreadsheet would run as formulas as quoted text, and reads them back', async () => {
		const hostile = article({ id: 'h1', title: '=HYPERLINK("http://x")', owner: '@Claire', tags: ['-x', 'y'] });
		const csv = articlesToCsv([hostile], 'fr');
		expect(csv.split('\r\n')[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/x""\)";"'@Claire";.*;"'-x, y"$/);
		const preview = previewArticleImport(await read(csv), [hostile]);
		expect(preview.errors).toEqual([]);
		const plan = planArticleImport(preview, WS, { validOnly: false, newId });
		expect(plan.articles[0]).toMatchObject({ id: 'h1', title: '=HYPERLINK("http://x")', owner: '@Claire', tags: ['-x', 'y'] });
	});

	it('round-trips the demo articles’ metadata', async () => {
		const demo = createDemoWorkspace(new Date(2026, 2, 15));
		const csv = articlesToCsv(demo.articles, 'fr');
		expect(csv.startsWith('\uFEFFtitre;responsable;')).toBe(true);
		const preview = previewArticleImport(await read(csv), demo.articles);
		expect(preview.errors).toEqual([]);
		const plan = planArticleImport(preview, demo.workspace.id, { validOnly: false, newId });
		expect(plan.updated).toBe(demo.articles.length);
		const byId = (list: typeof demo.articles) => [...list].sort((a, b) => a.id.localeCompare(b.id));
		expect(byId(plan.articles)).toEqual(byId(demo.articles));
	});
});
