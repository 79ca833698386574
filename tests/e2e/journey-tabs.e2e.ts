/**
 * One journey open in two tabs of one browser: edits of different fields are both kept, each tab
 * shows the other's saves, and a field changed in both is shown as a conflict with a choice.
 */
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, demoWorkspaceId, screenshot, useApp, type App } from './browser';
import { JOURNEY_EMMENAGEMENT_ID } from '../../src/lib/domain/demo';

const { open } = useApp();
const STATE = 'souscription.enLigne';

async function twoTabs(app: App): Promise<[Page, Page]> {
	const id = await demoWorkspaceId(app);
	const url = new URL(`/w/${id}/journeys/${JOURNEY_EMMENAGEMENT_ID}`, app.baseUrl).href;
	const second = await app.context.newPage();
	second.on('pageerror', (error) => app.errors.push(`page 2: ${error.message}`));
	await app.page.goto(url);
	await second.goto(url);
	for (const page of [app.page, second]) {
		await page.locator(`[data-state-id="${STATE}"]`).focus();
		await page.keyboard.press('Enter');
		await page.getByRole('heading', { name: 'Souscrire en ligne' }).waitFor();
	}
	return [app.page, second];
}

const team = (page: Page) => page.getByRole('textbox', { name: 'Équipe responsable', exact: true });
const saved = (page: Page) => page.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();

describe('a journey open in two tabs', () => {
	test('keeps the edits of both tabs on different fields of one state', async () => {
		const app = await open();
		const [a, b] = await twoTabs(app);

		// Tab A renames the step; tab B, which has not reloaded, writes a note on it.
		const label = a.getByLabel('Libellé (français)');
		await label.fill('Souscrire sur le site');
		await label.press('Enter');
		const notes = b.getByLabel('Notes');
		await notes.fill('Vérifier le RIB');
		await notes.press('Tab');
		await saved(a);
		await saved(b);

		// Each tab shows the other's change without a reload, its own kept.
		await b.getByRole('heading', { name: 'Souscrire sur le site' }).waitFor();
		await expect.poll(() => a.getByLabel('Notes').inputValue()).toBe('Vérifier le RIB');

		// Both are stored.
		await a.reload();
		await a.locator(`[data-state-id="${STATE}"]`).focus();
		await a.keyboard.press('Enter');
		await a.getByRole('heading', { name: 'Souscrire sur le site' }).waitFor();
		expect(await a.getByLabel('Notes').inputValue()).toBe('Vérifier le RIB');
		expect(app.errors).toEqual([]);
	});

	test('shows a field changed in both tabs as a conflict, and keeps the value chosen', async () => {
		const app = await open();
		const [a, b] = await twoTabs(app);

		// Both change the owner team before either has saved.
		await Promise.all([
			team(a).fill('Équipe web'),
			team(b).fill('Équipe agence')
		]);
		await Promise.all([team(a).press('Tab'), team(b).press('Tab')]);

		// The tab that saved last is told; the other tab's value is the one stored meanwhile.
		const notice = (page: Page) => page.getByRole('alert').filter({ hasText: 'Modifié dans un autre onglet' });
		const told = await Promise.race([
			notice(a).waitFor().then(() => a),
			notice(b).waitFor().then(() => b)
		]);
		const other = told === a ? b : a;
		const mine = told === a ? 'Équipe web' : 'Équipe agence';
		const theirs = told === a ? 'Équipe agence' : 'Équipe web';
		await expect.poll(() => team(told).inputValue()).toBe(theirs);
		await expect.poll(() => notice(told).textContent()).toContain(`La vôtre : ${mine}`);
		expect(await notice(told).textContent()).toContain(`Autre onglet : ${theirs}`);
		await told.getByRole('button', { name: 'Garder la mienne pour Équipe responsable de « Souscrire en ligne »' }).waitFor();
		await screenshot(told, 'journey-conflict');
		expect(await checkA11y(told)).toEqual([]);

		// Keeping mine writes it; the other tab shows it.
		await told.getByRole('button', { name: 'Garder la mienne pour Équipe responsable de « Souscrire en ligne »' }).click();
		await notice(told).waitFor({ state: 'detached' });
		await expect.poll(() => team(told).inputValue()).toBe(mine);
		await expect.poll(() => team(other).inputValue()).toBe(mine);
		await saved(told);
		await other.reload();
		await other.locator(`[data-state-id="${STATE}"]`).focus();
		await other.keyboard.press('Enter');
		await expect.poll(() => team(other).inputValue()).toBe(mine);
		expect(app.errors).toEqual([]);
	});
});
