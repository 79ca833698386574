import { readFile } from 'node:fs/promises';
// fflate comes with read-excel-file; it writes the small workbook the XLSX test imports.
import { describe, expect, test } from 'vitest';
import { DATABASE_NAME } from '../../src/lib/db/schema';
import { xlsxWorkbook } from '../fixtures/xlsx';
import { checkA11y, demoWorkspaceId, screenshot, useApp, type App } from './browser';

const { open } = useApp();

const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url));

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The catalogue tree item of a theme or motive, by its label (its name goes on with its figures). */
const treeItem = (app: App, label: string) =>
	app.page.getByRole('treeitem', { name: new RegExp(`^${escape(label)}(\\s|$)`) });
/** The tree item of a theme or sub-theme: its label, then its count of motives. */
const themeItem = (app: App, label: string) =>
	app.page.getByRole('treeitem', { name: new RegExp(`^${escape(label)} \\d+ (motifs?|motives?)$`) });

/** The demo workspace's catalogue page in French, its import dialog open. */
async function openCatalogueImport() {
	const app = await open({ locale: 'fr-FR' });
	const id = await demoWorkspaceId(app);
	await app.goto(`/w/${id}/motives`);
	await app.page.getByRole('tree').waitFor();
	await app.page.getByRole('button', { name: 'Importer CSV ou XLSX' }).click();
	const dialog = app.page.getByRole('dialog', { name: 'Importer un catalogue de motifs' });
	return { app, dialog };
}

describe('motive catalogue', () => {
	test('creates a theme and a motive with codes, sources and the complex flag, which survive a reload', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/motives`);
		await page.getByRole('tree').waitFor();

		await page.getByRole('button', { name: 'Nouveau thème' }).click();
		await page.getByLabel('Nom (français)').fill('Réclamations');
		await page.getByLabel('Nom (anglais)').fill('Complaints');
		await page.getByRole('button', { name: 'Créer' }).click();
		await themeItem(app, 'Réclamations').waitFor();

		await page.getByRole('button', { name: 'Ajouter un motif ici' }).click();
		// Saving an empty form names the fields to fix, next to them.
		await page.getByRole('button', { name: 'Créer' }).click();
		await page.getByText('Libellé (français) : obligatoire.').waitFor();

		await page.getByLabel('Libellé (français)').fill('Contester une relance');
		await page.getByLabel('Libellé (anglais)').fill('Dispute a reminder');
		// A code of the demo catalogue: the conflict is shown as it is typed, naming the other motive.
		await page.getByLabel('Codes CRM').fill('REC-RELANCE, FAC-EXPL');
		await page.getByText(/FAC-EXPL est déjà utilisé par « Explication de facture »/).waitFor();
		await page.getByLabel('Codes CRM').fill('REC-RELANCE, REC-LITIGE');
		expect(await page.getByText(/est déjà utilisé par/).count()).toBe(0);
		await page.getByLabel('Prévalence (% des contacts)').fill('2,5');
		await page.getByLabel('Motif complexe').check();
		await page.getByRole('checkbox', { name: 'CRM Volta' }).check();
		await page.getByRole('checkbox', { name: 'Facturation clientèle' }).check();
		await page.getByRole('region', { name: 'Édition' }).getByLabel('Responsable').fill('Cellule réclamations');
		await page.getByRole('button', { name: 'Créer' }).click();
		await page.getByRole('status').filter({ hasText: 'Motif « Contester une relance » créé.' }).waitFor();

		await page.reload();
		await treeItem(app, 'Contester une relance').waitFor();
		await treeItem(app, 'Contester une relance').click();
		await page.getByRole('link', { name: 'Ouvrir la fiche du motif' }).click();
		await page.getByRole('heading', { level: 2, name: 'Contester une relance' }).waitFor();
		const sheet = page.getByRole('article').first();
		expect(await sheet.textContent()).toContain('REC-RELANCE');
		expect(await sheet.textContent()).toContain('REC-LITIGE');
		expect(await sheet.textContent()).toMatch(/2,5\s%/);
		expect(await sheet.textContent()).toContain('Oui : ne peut pas être résolu au premier contact');
		expect(await page.getByRole('link', { name: 'CRM Volta' }).count()).toBe(1);
		expect(await sheet.getByText('Facturation clientèle').count()).toBe(1);
		expect(await sheet.textContent()).toContain('Cellule réclamations');

		// "Modifier" opens the catalogue with the motive in the editor.
		await page.getByRole('link', { name: 'Modifier' }).click();
		await page.getByRole('heading', { level: 3, name: 'Modifier « Contester une relance »' }).waitFor();
		expect(await page.getByRole('treeitem', { selected: true }).textContent()).toContain('Contester une relance');
		expect(app.errors).toEqual([]);
	});

	test('creates a theme and a motive named in French only, shown in French in the English interface', async () => {
		const app = await open({ locale: 'en-GB' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/motives`);
		await page.getByRole('tree').waitFor();

		await page.getByRole('button', { name: 'New theme' }).click();
		await page.getByLabel('Name (French)').fill('Réclamations');
		await page.getByRole('button', { name: 'Create' }).click();
		await themeItem(app, 'Réclamations').waitFor();

		await page.getByRole('button', { name: 'Add a motive here' }).click();
		await page.getByLabel('Label (French)').fill('Contester une relance');
		await page.getByRole('button', { name: 'Create' }).click();
		await page.getByRole('treeitem', { name: /^Contester une relance/ }).first().waitFor();
		expect(app.errors).toEqual([]);
	});

	test('the tree follows the WAI-ARIA keyboard pattern', async () => {
		const app = await open({ locale: 'en-US' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/motives`);
		const first = themeItem(app, 'Billing');
		await first.waitFor();
		expect(await first.getAttribute('aria-expanded')).toBe('true');
		await first.focus();
		await page.keyboard.press('ArrowLeft');
		expect(await first.getAttribute('aria-expanded')).toBe('false');
		await page.keyboard.press('ArrowRight');
		expect(await first.getAttribute('aria-expanded')).toBe('true');
		await page.keyboard.press('ArrowDown');
		const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-level'));
		expect(await focused()).toBe('2');
		// On an open sub-theme, ← closes it; pressed again, it goes up to the theme.
		await page.keyboard.press('ArrowLeft');
		expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded'))).toBe('false');
		await page.keyboard.press('ArrowLeft');
		expect(await page.evaluate(() => document.activeElement?.id)).toBe(await first.getAttribute('id'));
		await page.keyboard.press('End');
		await page.keyboard.press('Enter');
		await page.getByRole('heading', { level: 3, name: /^Edit “/ }).waitFor();
		expect(await page.locator('[role=treeitem][tabindex="0"]').count()).toBe(1);
		expect(app.errors).toEqual([]);
	});

	test('imports a catalogue CSV: two bad rows reported, nothing written before confirmation', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/motives`);
		await page.getByRole('tree').waitFor();
		const before = await page.getByRole('treeitem').count();

		await page.getByRole('button', { name: 'Importer CSV ou XLSX' }).click();
		const dialog = page.getByRole('dialog', { name: 'Importer un catalogue de motifs' });
		await dialog.getByLabel('Fichier (CSV ou XLSX)').setInputFiles({
			name: 'catalogue-two-bad-rows.csv',
			mimeType: 'text/csv',
			buffer: await fixture('catalogue-two-bad-rows.csv')
		});
		await dialog.getByText('5 lignes lues, 3 prêtes, 2 en erreur.', { exact: false }).waitFor();
		const errors = dialog.getByRole('region', { name: /Erreurs \(2\)/ }).getByRole('listitem');
		expect(await errors.allTextContents()).toEqual([
			'Ligne 3, colonne prevalence : « abc » n’est pas un nombre.',
			'Ligne 5, colonne codes : le code « REC-REL » figure déjà ligne 2.'
		]);
		// No import button for the whole file, only the explicit choice of the valid rows.
		expect(await dialog.getByRole('button', { name: /^Importer 3 lignes/ }).count()).toBe(0);
		await dialog.getByRole('button', { name: 'Annuler' }).click();
		await dialog.waitFor({ state: 'hidden' });
		expect(await page.getByRole('treeitem').count()).toBe(before);
		expect(await themeItem(app, 'Réclamations').count()).toBe(0);

		await page.reload();
		await page.getByRole('tree').waitFor();
		expect(await treeItem(app, 'Contester un relevé').count()).toBe(0);

		// A good file, then confirmation: everything arrives at once.
		await page.getByRole('button', { name: 'Importer CSV ou XLSX' }).click();
		await dialog.getByLabel('Fichier (CSV ou XLSX)').setInputFiles({
			name: 'catalogue-good.csv',
			mimeType: 'text/csv',
			buffer: await fixture('catalogue-good.csv')
		});
		await dialog.getByText('4 lignes lues, 4 prêtes, 0 en erreur.', { exact: false }).waitFor();
		await dialog.getByRole('button', { name: 'Importer 4 lignes' }).click();
		await dialog.waitFor({ state: 'hidden' });
		await page.getByRole('status').filter({ hasText: '4 motifs créés' }).waitFor();
		await treeItem(app, 'Étaler une facture').waitFor();
		await page.reload();
		await themeItem(app, 'Déménagement').waitFor();
		await treeItem(app, 'Étaler une facture').waitFor();
		expect(await themeItem(app, 'Échéancier').count()).toBe(1);
		expect(app.errors).toEqual([]);
	});

	test('refuses a catalogue whose quote is never closed, naming its line in French', async () => {
		const { app, dialog } = await openCatalogueImport();
		await dialog.getByLabel('Fichier (CSV ou XLSX)').setInputFiles({
			name: 'catalogue-guillemet.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from('thème;motif;codes CRM\nRéclamations;Contester un relevé;REC-REL\nRéclamations;"Saisir le médiateur;REC-MED\n')
		});
		const alert = dialog.getByRole('alert');
		await alert.waitFor();
		expect(await alert.textContent()).toContain('Un guillemet (") ouvert ligne 3 n’est jamais fermé');
		expect(app.errors).toEqual([]);
	});

	test('imports the first sheet of an XLSX workbook', async () => {
		const { app, dialog } = await openCatalogueImport();
		await dialog.getByLabel('Fichier (CSV ou XLSX)').setInputFiles({
			name: 'motifs.xlsx',
			mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			buffer: xlsxWorkbook('Motifs', [
				['thème', 'motif', 'codes CRM', 'prévalence', 'complexe'],
				['Réclamations', 'Contester un relevé', 'REC-REL', 0.06, 'oui'],
				['Réclamations', 'Saisir le médiateur', 'REC-MED', 0.005, 'oui']
			])
		});
		await dialog.getByText('2 lignes lues, 2 prêtes, 0 en erreur.', { exact: false }).waitFor();
		await dialog.getByRole('button', { name: 'Importer 2 lignes' }).click();
		await dialog.waitFor({ state: 'hidden' });
		const item = treeItem(app, 'Contester un relevé');
		await item.waitFor();
		expect(await item.textContent()).toMatch(/6\s%.*REC-REL.*complexe/);
		expect(app.errors).toEqual([]);
	});

	test('exports the catalogue as a CSV for French Excel', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/motives`);
		await page.getByRole('tree').waitFor();
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Exporter en CSV' }).click()
		]);
		const text = await readFile((await download.path())!, 'utf8');
		expect(download.suggestedFilename()).toMatch(/motifs\.csv$/);
		expect(text.startsWith('\uFEFFthème;sous-thème;motif_fr;motif_en;codes CRM;prévalence')).toBe(true);
		expect(text.split('\r\n').filter(Boolean)).toHaveLength(21);
		expect(app.errors).toEqual([]);
	});
});

describe('knowledge base', () => {
	test('a stale article reviewed in one click leaves the list, and stays reviewed after reload', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/knowledge`);
		const list = page.locator('#kb-review');
		const title = "Expliquer une facture d'électricité ou de gaz";
		await list.getByText(title).waitFor();
		const count = await list.getByRole('listitem').count();
		await list.getByRole('button', { name: `Marquer comme revu : ${title}` }).click();
		await list.getByText(title).waitFor({ state: 'detached' });
		expect(await list.getByRole('listitem').count()).toBe(count - 1);
		await page.getByRole('status').filter({ hasText: 'marqué comme revu' }).waitFor();

		await page.reload();
		await list.getByRole('listitem').first().waitFor();
		expect(await list.getByText(title).count()).toBe(0);
		expect(await list.getByRole('listitem').count()).toBe(count - 1);
		// The orphans panel names both ways.
		expect(await page.getByRole('heading', { name: /Articles reliés à aucun motif \(2\)/ }).count()).toBe(1);
		expect(app.errors).toEqual([]);
	});

	test('deleting an article unlinks it from the motives it served', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/motives/m-cpt-panne`);
		const title = 'Coupure ou panne : orienter vers le gestionnaire de réseau';
		await page.getByRole('heading', { level: 4, name: title }).waitFor();

		await app.goto(`/w/${id}/knowledge`);
		await page.getByRole('button', { name: `Modifier l’article « ${title} »` }).click();
		await page.getByRole('button', { name: 'Supprimer l’article' }).click();
		await page.getByRole('alertdialog').getByRole('button', { name: 'Supprimer' }).click();
		await page.getByRole('status').filter({ hasText: 'supprimé' }).waitFor();

		await app.goto(`/w/${id}/motives/m-cpt-panne`);
		await page.getByRole('heading', { level: 2 }).first().waitFor();
		await page.getByText('Aucun article de connaissance lié.').waitFor();
		expect(await page.getByRole('heading', { level: 4, name: title }).count()).toBe(0);
		// The stored motive no longer points at the deleted article.
		const articleIds = await page.evaluate(
			([name, workspaceId]) =>
				new Promise<string[]>((resolve, reject) => {
					const request = indexedDB.open(name);
					request.onerror = () => reject(request.error);
					request.onsuccess = () => {
						const get = request.result.transaction('motives').objectStore('motives').get([workspaceId, 'm-cpt-panne']);
						get.onsuccess = () => resolve(get.result.articleIds);
						get.onerror = () => reject(get.error);
					};
				}),
			[DATABASE_NAME, id]
		);
		expect(articleIds).toEqual([]);
		expect(app.errors).toEqual([]);
	});

	test('renders Markdown safely in the editor preview', async () => {
		const app = await open({ locale: 'en-US' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/knowledge`);
		await page.getByRole('button', { name: 'New article' }).click();
		await page.getByLabel('Title').fill('Hostile');
		await page
			.getByLabel('Content (Markdown)')
			.fill('## Safe\n<img src=x onerror="window.__pwned=1">\n[click](javascript:window.__pwned=2)\n<script>window.__pwned=3</script>');
		const preview = page.getByRole('region', { name: 'Preview' });
		await preview.getByRole('heading', { name: 'Safe' }).waitFor();
		expect(await preview.locator('img, script, a').count()).toBe(0);
		expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
		await page.getByRole('button', { name: 'Create' }).click();
		await page.getByRole('button', { name: 'Edit the article “Hostile”' }).waitFor();
		expect(app.errors).toEqual([]);
	});
});

describe('accessibility and screenshots of the catalogue and knowledge pages', () => {
	for (const lang of ['fr', 'en'] as const) {
		test(`no serious or critical axe violation (${lang})`, async () => {
			const app = await open({ locale: lang === 'fr' ? 'fr-FR' : 'en-US', viewport: { width: 1280, height: 720 } });
			const { page } = app;
			const id = await demoWorkspaceId(app);
			const failures: Record<string, unknown> = {};

			await app.goto(`/w/${id}/motives`);
			await page.getByRole('tree').waitFor();
			await screenshot(page, `${lang}-motives`);
			failures.motives = await checkA11y(page);
			await page.getByRole('treeitem').nth(2).click();
			await page.locator('form').last().waitFor();
			await screenshot(page, `${lang}-motives-edit`);
			failures.motivesEdit = await checkA11y(page);
			await page.locator('details summary').first().click();
			failures.pareto = await checkA11y(page);

			await app.goto(`/w/${id}/motives/m-fac-expl`);
			await page.getByRole('heading', { level: 2 }).first().waitFor();
			await page.locator('.markdown').first().waitFor();
			await screenshot(page, `${lang}-motive-sheet`);
			failures.sheet = await checkA11y(page);

			await app.goto(`/w/${id}/knowledge`);
			await page.locator('#kb-review li').first().waitFor();
			await screenshot(page, `${lang}-knowledge`);
			failures.knowledge = await checkA11y(page);
			await page.locator('tbody button').first().click();
			await page.locator('#kb-editor .markdown').waitFor();
			await screenshot(page, `${lang}-knowledge-edit`);
			failures.knowledgeEdit = await checkA11y(page);

			await page.getByRole('button', { name: lang === 'fr' ? 'Annuler' : 'Cancel' }).click();
			await page.getByRole('button', { name: lang === 'fr' ? 'Importer des articles (CSV ou XLSX)' : 'Import articles (CSV or XLSX)' }).click();
			await page.getByRole('dialog').waitFor();
			failures.importDialog = await checkA11y(page);

			expect(Object.fromEntries(Object.entries(failures).filter(([, v]) => (v as unknown[]).length))).toEqual({});
			expect(app.errors).toEqual([]);
		});
	}
});
