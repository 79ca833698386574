import { describe, expect, test } from 'vitest';
import { checkA11y, demoWorkspaceId, screenshot, useApp } from './browser';
import { demoMotiveId } from '../../src/lib/domain/demo';

const { open } = useApp();

describe('treatment guide editor', () => {
	test('edits the rejected direct debit guide from its motive sheet, and creates a guide for a motive without one', async () => {
		const app = await open();
		const { page } = app;
		const id = await demoWorkspaceId(app);

		// The motive sheet shows the guide, its size and its checks, and opens the editor.
		await app.goto(`/w/${id}/motives/${demoMotiveId('PAI-PREL')}`);
		const section = page.getByRole('region', { name: 'Guide de traitement' });
		await section.waitFor();
		expect(await section.textContent()).toContain('Aucun problème');
		await screenshot(page, 'guide-sheet-fr');
		await section.getByRole('link', { name: 'Modifier le guide' }).click();

		// Its steps are drawn on the graph, laid out by ELK.
		await page.locator('[data-state-id="compte"]').waitFor();
		expect(await page.locator('[data-state-id]').count()).toBeGreaterThan(5);
		// ELK's layout replaces the first sketch.
		await page.getByRole('status').filter({ hasText: 'Esquisse' }).waitFor({ state: 'detached' });
		await screenshot(page, 'guide-editor-fr');

		// Select the question and change what is asked; it is saved as typed.
		await page.locator('[data-state-id="compte"]').focus();
		await page.keyboard.press('Enter');
		await page.getByRole('heading', { name: 'Compte bancaire changé ?' }).waitFor();
		const question = page.getByLabel('Question posée (français)');
		await question.fill('Le client a-t-il changé de banque ?');
		await question.press('Tab');
		// Saved 300 ms after the edit; the step stays selected once saved (the page does not load the guide again).
		await page.waitForTimeout(800);
		await page.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
		expect(await page.locator('#state-panel-title').textContent()).toBe('Compte bancaire changé ?');
		// Closer, where a working advisor's steps read at their size.
		await page.getByRole('button', { name: 'Zoomer', exact: true }).click();
		await page.getByRole('button', { name: 'Zoomer', exact: true }).click();
		await page.getByRole('button', { name: 'Zoomer', exact: true }).click();
		await screenshot(page, 'guide-editor-step-fr');
		expect(await checkA11y(page)).toEqual([]);

		await page.reload();
		await page.locator('[data-state-id="compte"]').focus();
		await page.keyboard.press('Enter');
		expect(await page.getByLabel('Question posée (français)').inputValue()).toBe('Le client a-t-il changé de banque ?');

		// A motive without a guide gets a first one, which passes its checks.
		await app.goto(`/w/${id}/motives/${demoMotiveId('FAC-DUPL')}`);
		await page.getByRole('button', { name: 'Créer un guide' }).click();
		await page.waitForURL(/\/guide$/);
		await page.locator('[data-state-id="question"]').waitFor();
		await page.getByRole('tab', { name: /Vérifications/ }).click();
		await page.getByText('Aucun problème : chaque étape mène à une issue.').waitFor();
		expect(await page.locator('[data-state-id]').count()).toBe(3);
		await screenshot(page, 'guide-editor-new-fr');
		expect(await checkA11y(page)).toEqual([]);

		// Back on the sheet, the new guide is listed and valid.
		await app.goto(`/w/${id}/motives/${demoMotiveId('FAC-DUPL')}`);
		const created = page.getByRole('region', { name: 'Guide de traitement' });
		await created.getByRole('link', { name: 'Modifier le guide' }).waitFor();
		expect(await created.textContent()).toContain('3 étapes');
		expect(app.errors).toEqual([]);
	});

	test('shows a guide and its steps in English', async () => {
		const app = await open({ locale: 'en-GB' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/motives/${demoMotiveId('PAI-PREL')}`);
		const section = page.getByRole('region', { name: 'Treatment guide' });
		await section.getByRole('link', { name: 'Edit the guide' }).click();
		await page.locator('[data-state-id="compte"]').waitFor();
		// An outcome says how the contact ends, and who it goes to.
		const transferred = page.locator('[data-state-id][aria-label*="Transferred to a team"]');
		expect(await transferred.count()).toBe(1);
		await transferred.focus();
		await page.keyboard.press('Enter');
		expect(await page.getByLabel('What the advisor does').inputValue()).toBe('outcome');
		expect(await page.getByRole('combobox', { name: /^Outcome/ }).inputValue()).toBe('transferred');
		await screenshot(page, 'guide-editor-en');
		expect(app.errors).toEqual([]);
	});
});
