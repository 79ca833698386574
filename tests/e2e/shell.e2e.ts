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
			'Irritants'
		]);
		expect(await nav.getByRole('link', { name: 'Vue d’ensemble' }).getAttribute('aria-current')).toBe('page');
		const motives = page.getByRole('link', { name: /Motifs/ }).filter({ hasText: /^\s*\d+/ });
		expect(await motives.textContent()).toMatch(/20\s*Motifs/);

		await nav.getByRole('link', { name: 'Motifs' }).click();
		await page.waitForURL(`**/w/${id}/motives`);
		await page.getByRole('heading', { level: 2, name: 'Motifs de contact' }).waitFor();
		expect(await nav.getByRole('link', { name: 'Motifs' }).getAttribute('aria-current')).toBe('page');
		expect(await nav.getByRole('link', { name: 'Vue d’ensemble' }).getAttribute('aria-current')).toBeNull();
		expect(await page.getByRole('heading', { level: 3 }).count()).toBe(5);
		expect(await page.title()).toMatch(/^Motifs de contact · .*démo.* · Parcours$/);
		expect(app.errors).toEqual([]);
	});

	test('every section says what it will hold', async () => {
		const app = await open();
		const { page } = app;
		const id = await demoWorkspaceId(app);
		for (const section of ['journeys', 'motives', 'knowledge', 'data', 'analysis', 'frictions']) {
			await app.goto(`/w/${id}/${section}`);
			await page.getByText('Cette section est prévue').waitFor();
			expect(await page.getByRole('heading', { level: 2 }).count()).toBeGreaterThan(0);
		}
		await app.goto(`/w/${id}/knowledge`);
		await page.getByRole('table').waitFor();
		expect(await page.getByRole('row').count()).toBe(13);
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
	test('a browser without IndexedDB gets a banner saying what to do', async () => {
		const app = await open();
		const { page } = app;
		// What private browsing does in some browsers: no IndexedDB at all.
		await app.context.addInitScript(() => {
			Object.defineProperty(window, 'indexedDB', { value: undefined });
		});
		await app.goto('/');
		const banner = page.getByRole('alert').filter({ hasText: 'navigation privée' });
		await banner.waitFor();
		expect(await banner.textContent()).toContain('fenêtre normale');
		expect(await page.getByText('Aucun espace de travail').count()).toBe(0);
		await screenshot(page, 'fr-1366-store-unavailable');
		expect(await checkA11y(page)).toEqual([]);
		// The failure is shown in the page; the browser's own log may carry the underlying error.
		expect(app.errors.filter((e) => !/indexedDB|IndexedDB|MissingAPI/i.test(e))).toEqual([]);
	});
});

