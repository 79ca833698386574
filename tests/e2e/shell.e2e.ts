import { describe, expect, test } from 'vitest';
import { card, checkA11y, demoLink, demoWorkspaceId, screenshot, useApp } from './browser';

const { open } = useApp();

describe('home page', () => {
	test('lists the demo workspace on first start', async () => {
		const app = await open();
		await app.goto('/');
		const link = await demoLink(app.page);
		expect(await link.textContent()).toMatch(/démo/);
		expect(await app.page.title()).toContain('Espaces de travail');
		expect(await app.page.getByText('Démo', { exact: true }).count()).toBe(1);
		expect(app.errors).toEqual([]);
	});

	test('a workspace created through the interface survives a reload', async () => {
		const app = await open();
		const { page } = app;
		await app.goto('/');
		await demoLink(page);
		await page.getByRole('button', { name: 'Nouvel espace de travail' }).click();
		const dialog = page.getByRole('dialog', { name: 'Nouvel espace de travail' });
		await dialog.getByLabel('Nom').fill('Audit FCR — Banque du Nord');
		await dialog.getByLabel('Description').fill('Mission de mars');
		await dialog.getByRole('button', { name: 'Créer' }).click();
		await card(page, 'Audit FCR — Banque du Nord').waitFor();
		expect(await page.getByRole('status').textContent()).toContain('Audit FCR — Banque du Nord');

		await page.reload();
		await card(page, 'Audit FCR — Banque du Nord').waitFor();
		expect(await card(page, 'Audit FCR — Banque du Nord').getByText('Mission de mars').count()).toBe(1);
		expect(await page.getByRole('article').count()).toBe(2);
		expect(app.errors).toEqual([]);
	});

	test('renames, duplicates and deletes with confirmation', async () => {
		const app = await open();
		const { page } = app;
		await app.goto('/');
		await demoLink(page);
		await page.getByRole('button', { name: 'Nouvel espace de travail' }).click();
		await page.getByRole('dialog').getByLabel('Nom').fill('Client A');
		await page.getByRole('dialog').getByRole('button', { name: 'Créer' }).click();
		await card(page, 'Client A').waitFor();

		await card(page, 'Client A').getByRole('button', { name: 'Renommer' }).click();
		const rename = page.getByRole('dialog', { name: /Renommer/ });
		await rename.getByLabel('Nom').fill('Client B');
		await rename.getByRole('button', { name: 'Renommer' }).click();
		await card(page, 'Client B').waitFor();
		expect(await card(page, 'Client A').count()).toBe(0);

		await card(page, 'Client B').getByRole('button', { name: 'Dupliquer' }).click();
		await card(page, 'Client B (copie)').waitFor();

		// Escape cancels the confirmation: nothing is deleted.
		await card(page, 'Client B').getByRole('button', { name: 'Supprimer' }).click();
		const confirm = page.getByRole('alertdialog', { name: /Supprimer « Client B »/ });
		await confirm.waitFor();
		expect(await confirm.textContent()).toContain('définitive');
		await page.keyboard.press('Escape');
		await confirm.waitFor({ state: 'hidden' });
		expect(await card(page, 'Client B').count()).toBe(1);

		await card(page, 'Client B').getByRole('button', { name: 'Supprimer' }).click();
		await confirm.getByRole('button', { name: 'Supprimer l’espace' }).click();
		await card(page, 'Client B').waitFor({ state: 'detached' });
		expect(await card(page, 'Client B (copie)').count()).toBe(1);

		await page.reload();
		await card(page, 'Client B (copie)').waitFor();
		expect(await card(page, 'Client B').count()).toBe(0);
		expect(app.errors).toEqual([]);
	});

	test('offers to restore the demo once it is deleted', async () => {
		const app = await open();
		const { page } = app;
		await app.goto('/');
		const name = (await (await demoLink(page)).textContent())!.trim();
		await card(page, name).getByRole('button', { name: 'Supprimer' }).click();
		await page.getByRole('alertdialog').getByRole('button', { name: 'Supprimer l’espace' }).click();
		await page.getByText('Aucun espace de travail').waitFor();
		await page.reload();
		// The demo is seeded on first start only: a deleted demo stays deleted.
		await page.getByText('Aucun espace de travail').waitFor();
		await page.getByRole('button', { name: 'Restaurer la démo' }).click();
		await card(page, name).waitFor();
		expect(await page.getByRole('button', { name: 'Restaurer la démo' }).count()).toBe(0);
		expect(app.errors).toEqual([]);
	});
});

describe('languages', () => {
	test('French for a French browser; English is remembered after reload', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		await app.goto('/');
		await page.getByRole('heading', { level: 1, name: 'Espaces de travail' }).waitFor();
		expect(await page.getAttribute('html', 'lang')).toBe('fr');

		await page.getByLabel('Langue').selectOption('en');
		await page.getByRole('heading', { level: 1, name: 'Workspaces' }).waitFor();
		await page.reload();
		await page.getByRole('heading', { level: 1, name: 'Workspaces' }).waitFor();
		expect(await page.getAttribute('html', 'lang')).toBe('en');
		expect(await page.getByRole('button', { name: 'New workspace' }).count()).toBe(1);
		expect(app.errors).toEqual([]);
	});

	test('English for an English browser', async () => {
		const app = await open({ locale: 'en-US' });
		await app.goto('/');
		await app.page.getByRole('heading', { level: 1, name: 'Workspaces' }).waitFor();
		expect(await app.page.getByRole('button', { name: 'Import a file' }).count()).toBe(1);
		expect(app.errors).toEqual([]);
	});
});

describe('inside a workspace', () => {
	test('the overview counts the content and the navigation marks the current section', async () => {
		const app = await open();
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await (await demoLink(page)).click();
		await page.waitForURL(`**/w/${id}`);
		await page.getByRole('heading', { level: 1, name: /démo/ }).waitFor();
		const nav = page.getByRole('navigation', { name: 'Sections de l’espace' });
		expect(await nav.getByRole('link').allTextContents()).toEqual([
			'Vue d’ensemble',
			'Parcours',
			'Motifs',
			'Connaissances',
			'Données',
			'Analyse',
			'Irritants',
			'Anticiper',
			'Console conseiller ↗'
		]);
		expect(await nav.getByRole('link', { name: 'Vue d’ensemble' }).getAttribute('aria-current')).toBe('page');
		const motives = page.getByRole('link', { name: /Motifs/ }).filter({ hasText: /^\s*\d+/ });
		expect(await motives.textContent()).toMatch(/20\s*Motifs/);

		await nav.getByRole('link', { name: 'Motifs' }).click();
		await page.waitForURL(`**/w/${id}/motives`);
		await page.locator('main h2').first().waitFor();
		await page.waitForFunction(() => document.querySelector('main')?.textContent?.includes('Facturation'));
		expect(await nav.getByRole('link', { name: 'Motifs' }).getAttribute('aria-current')).toBe('page');
		expect(await nav.getByRole('link', { name: 'Vue d’ensemble' }).getAttribute('aria-current')).toBeNull();
		expect(await page.getByRole('heading', { level: 1, name: /démo/ }).count()).toBe(1);
		expect(app.errors).toEqual([]);
	});

	test('every section opens under the workspace heading, marked as current', async () => {
		const app = await open();
		const { page } = app;
		const id = await demoWorkspaceId(app);
		const nav = page.getByRole('navigation', { name: 'Sections de l’espace' });
		const sections = {
			journeys: 'Parcours',
			motives: 'Motifs',
			knowledge: 'Connaissances',
			data: 'Données',
			analysis: 'Analyse',
			frictions: 'Irritants',
			anticipation: 'Anticiper'
		};
		for (const [section, label] of Object.entries(sections)) {
			await app.goto(`/w/${id}/${section}`);
			await nav.locator('a[aria-current="page"]').waitFor();
			expect(await nav.locator('a[aria-current="page"]').textContent(), section).toBe(label);
			expect(await page.getByRole('heading', { level: 1, name: /démo/ }).count(), section).toBe(1);
			expect(await page.title(), section).toMatch(/démo.* · Parcours$/);
		}
		// The journey list leads to each journey, and the section stays current there.
		await app.goto(`/w/${id}/journeys`);
		await page.getByRole('heading', { level: 2, name: 'Parcours' }).waitFor();
		const journeys = page.getByRole('heading', { level: 3 }).getByRole('link');
		expect(await journeys.count()).toBe(2);
		await journeys.first().click();
		await page.waitForURL(`**/w/${id}/journeys/**`);
		expect(await nav.getByRole('link', { name: 'Parcours' }).getAttribute('aria-current')).toBe('page');
		expect(app.errors).toEqual([]);
	});

	test('an unknown workspace and an unknown page say so, with a way home', async () => {
		const app = await open();
		const { page } = app;
		await app.goto('/w/no-such-workspace');
		await page.getByRole('heading', { name: 'Espace de travail introuvable' }).waitFor();
		await page.getByRole('link', { name: 'Retour aux espaces de travail' }).click();
		await page.getByRole('heading', { level: 1, name: 'Espaces de travail' }).waitFor();

		await app.goto('/nowhere/at/all');
		await page.getByRole('heading', { name: 'Page introuvable' }).waitFor();
		await page.getByLabel('Langue').selectOption('en');
		await page.getByRole('heading', { name: 'Page not found' }).waitFor();
		expect(await page.getByRole('link', { name: 'Go to the workspaces' }).count()).toBe(1);
		expect(app.errors).toEqual([]);
	});
});

describe('store failures', () => {
	/** Opens the app in a browser without IndexedDB, as some private modes are. */
	async function openWithoutIndexedDB() {
		const app = await open();
		await app.context.addInitScript(() => {
			Object.defineProperty(window, 'indexedDB', { value: undefined });
		});
		await app.goto('/');
		return app;
	}
	/** The browser's own log may carry the underlying store error; the page must not add others. */
	const unrelated = (errors: string[]) => errors.filter((e) => !/indexedDB|MissingAPI|Database/i.test(e));

	test('a store failure shows a banner saying what to do, not an endless loading', async () => {
		const app = await openWithoutIndexedDB();
		const { page } = app;
		const banner = page.getByRole('alert').filter({ hasText: 'Vos données n’ont pas pu être enregistrées ou lues' });
		await banner.waitFor();
		expect(await banner.getByRole('button', { name: 'Fermer' }).count()).toBe(1);
		expect(await page.getByText('Chargement des espaces de travail').count()).toBe(0);
		expect(await page.getByText('Aucun espace de travail').count()).toBe(0);
		await screenshot(page, 'fr-1366-store-failure');
		expect(await checkA11y(page)).toEqual([]);
		expect(unrelated(app.errors)).toEqual([]);
	});

	test('without IndexedDB the banner points to private browsing', async () => {
		const app = await openWithoutIndexedDB();
		const banner = app.page.getByRole('alert').filter({ hasText: 'navigation privée' });
		await banner.waitFor({ timeout: 5_000 });
		expect(await banner.textContent()).toContain('fenêtre normale');
	});
});
