import { describe, expect, test } from 'vitest';
import { card, checkA11y, demoLink, demoWorkspaceId, screenshot, useApp, type App } from './browser';
import { freshWorkspace } from './figures-helpers';

const { open } = useApp();

/** Nothing is wider than the window: no horizontal scroll at 1366 px. */
const overflowsX = (app: App) => app.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

describe('workspace overview as a cockpit', () => {
	for (const [locale, lang] of [
		['fr-FR', 'fr'],
		['en-GB', 'en']
	] as const) {
		test(`the demo's overview shows its FCR and trend, three friction points, the mapped share and the last import (${lang})`, async () => {
			const app = await open({ locale });
			const { page } = app;
			const id = await demoWorkspaceId(app);
			await app.goto(`/w/${id}`);
			const fcr = page.getByTestId('cockpit-fcr');
			// The demo data is made in the worker on first start, then the figures are computed.
			await expect.poll(() => fcr.getAttribute('data-fcr'), { timeout: 90_000 }).not.toBe('');
			const value = Number(await fcr.getAttribute('data-fcr'));
			expect(value).toBeGreaterThan(0);
			expect(value).toBeLessThan(1);
			expect(await fcr.locator('.value').innerText()).toMatch(lang === 'fr' ? /^\d+,\d\s%$/ : /^\d+\.\d%$/);
			const spark = page.getByTestId('fcr-sparkline');
			expect(Number(await spark.getAttribute('data-points'))).toBeGreaterThan(1);
			expect(await spark.getAttribute('aria-label')).toMatch(lang === 'fr' ? /^RPC par mois/ : /^FCR by month/);

			const frictions = page.getByTestId('cockpit-frictions');
			await expect.poll(() => frictions.locator('li').count(), { timeout: 60_000 }).toBe(3);
			expect(await frictions.getByRole('link').getAttribute('href')).toBe(`/w/${id}/frictions`);

			const mapped = page.getByTestId('cockpit-mapped');
			await expect.poll(() => mapped.getAttribute('data-share'), { timeout: 60_000 }).not.toBe('');
			const share = Number(await mapped.getAttribute('data-share'));
			expect(share).toBeGreaterThan(0.5);
			expect(share).toBeLessThanOrEqual(1);

			expect(await page.getByTestId('cockpit-import').innerText()).toMatch(lang === 'fr' ? /Contacts\s:\s[\d\s]+ lignes/ : /Contacts: [\d,]+ rows/);
			expect(Number(await page.getByTestId('cockpit-review').getAttribute('data-due'))).toBeGreaterThanOrEqual(0);
			// Everything is set up in the demo: no checklist.
			expect(await page.getByTestId('setup-checklist').count()).toBe(0);
			expect(await overflowsX(app)).toBe(false);
			await screenshot(page, `cockpit-demo-${lang}`);
			// The key figures fit in the first screen at 1366×768.
			const box = await frictions.boundingBox();
			expect(box && box.y + box.height).toBeLessThanOrEqual(768);
			expect(await checkA11y(page)).toEqual([]);
			expect(app.errors).toEqual([]);
		});
	}

	test('a new workspace shows the four-step checklist, ticks a step once done, and says what to do without data', async () => {
		const app = await open();
		const { page } = app;
		const id = await freshWorkspace(app, 'Audit vide');
		await app.goto(`/w/${id}`);
		const checklist = page.getByTestId('setup-checklist');
		await checklist.waitFor();
		const steps = checklist.locator('li');
		expect(await steps.evaluateAll((items) => items.map((li) => [li.getAttribute('data-step'), li.getAttribute('data-done')]))).toEqual([
			['journey', 'false'],
			['motives', 'false'],
			['data', 'false'],
			['rules', 'false']
		]);
		expect(await checklist.getByRole('link', { name: 'Importer un journal de contacts' }).getAttribute('href')).toBe(`/w/${id}/data`);
		// No data: the cards say what to do rather than computing forever.
		const fcr = page.getByTestId('cockpit-fcr');
		await expect.poll(() => fcr.innerText()).toMatch(/importez un journal de contacts/);
		expect(await fcr.getByRole('link', { name: 'Importer des contacts' }).getAttribute('href')).toBe(`/w/${id}/data`);
		expect(await page.locator('[aria-busy="true"]').count()).toBe(0);
		expect(await page.getByTestId('cockpit-import').innerText()).toMatch(/Rien d’importé/);
		expect(await overflowsX(app)).toBe(false);
		await screenshot(page, 'cockpit-new-fr');
		expect(await checkA11y(page)).toEqual([]);

		// Drawing a journey ticks the first step, and the rules step now leads to its rules.
		await checklist.getByRole('link', { name: 'Dessiner un parcours client' }).click();
		await page.waitForURL(`**/w/${id}/journeys`);
		await page.getByRole('button', { name: 'Nouveau parcours' }).click();
		const dialog = page.getByRole('dialog', { name: 'Nouveau parcours' });
		await dialog.getByLabel('Nom (français)').fill('Résiliation');
		await dialog.getByRole('button', { name: 'Créer le parcours' }).click();
		await page.waitForURL(/\/journeys\/journey-/);
		const journeyId = page.url().split('/journeys/')[1];
		await page.getByRole('link', { name: 'Vue d’ensemble' }).click();
		await page.waitForURL(`**/w/${id}`);
		await expect.poll(() => steps.first().getAttribute('data-done')).toBe('true');
		expect(await checklist.getByRole('link', { name: 'Rattacher les contacts au parcours' }).getAttribute('href')).toBe(
			`/w/${id}/journeys/${journeyId}/rules`
		);
		expect(app.errors).toEqual([]);
	});

	test('a new workspace reads in English too', async () => {
		const app = await open({ locale: 'en-GB' });
		const { page } = app;
		await app.goto('/');
		await demoLink(page);
		await page.getByRole('button', { name: 'New workspace' }).click();
		const dialog = page.getByRole('dialog', { name: 'New workspace' });
		await dialog.getByLabel('Name').fill('Empty audit');
		await dialog.getByRole('button', { name: 'Create' }).click();
		await card(page, 'Empty audit').getByRole('link', { name: 'Empty audit', exact: true }).click();
		const checklist = page.getByTestId('setup-checklist');
		await checklist.waitFor();
		expect(await checklist.getByRole('heading').innerText()).toBe('Getting started');
		await expect.poll(() => page.getByTestId('cockpit-fcr').innerText()).toMatch(/import a contact log/);
		expect(await overflowsX(app)).toBe(false);
		await screenshot(page, 'cockpit-new-en');
		expect(app.errors).toEqual([]);
	});
});
