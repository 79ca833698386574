/** Deleting a workspace leaves nothing of it in the browser's localStorage. */
import { describe, expect, test } from 'vitest';
import { card, demoLink, demoWorkspaceId, useApp } from './browser';
import { JOURNEY_EMMENAGEMENT_ID } from '../../src/lib/domain/demo';

const { open } = useApp();

describe('deleting a workspace', () => {
	test('removes its settings and its journeys’ layouts from localStorage', async () => {
		const app = await open();
		const { page } = app;
		const id = await demoWorkspaceId(app);
		const name = (await (await demoLink(page)).textContent())!.trim();

		// Its journey is drawn (the layout is kept) and the measured overlay turned on (a setting).
		await app.goto(`/w/${id}/journeys/${JOURNEY_EMMENAGEMENT_ID}`);
		await page.locator('[data-state-id]').first().waitFor();
		await page.getByRole('switch', { name: 'Réalité mesurée' }).click();
		const stored = () =>
			page.evaluate(() => Object.entries(localStorage).filter(([key]) => key.startsWith('parcours.')));
		await expect.poll(async () => (await stored()).some(([key]) => key.includes(id))).toBe(true);
		await expect.poll(async () => (await stored()).filter(([key]) => /^parcours\.layout\.(?!index|owners)/.test(key)).length).toBeGreaterThan(0);

		await app.goto('/');
		await card(page, name).getByRole('button', { name: 'Supprimer' }).click();
		await page.getByRole('alertdialog').getByRole('button', { name: 'Supprimer l’espace' }).click();
		await page.getByText('Aucun espace de travail').waitFor();

		const left = await stored();
		expect(left.filter(([key, value]) => key.includes(id) || value.includes(id))).toEqual([]);
		// The only journey drawn was this workspace's: no layout is left.
		expect(left.filter(([key]) => /^parcours\.layout\.(?!index|owners)/.test(key))).toEqual([]);
		expect(app.errors).toEqual([]);
	});
});
