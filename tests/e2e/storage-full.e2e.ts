/**
 * A full storage, simulated in the browser: the journey page says so and keeps the edit on
 * screen, then saves it once there is room; a setting that cannot be kept says so too.
 */
import { describe, expect, test } from 'vitest';
import { demoWorkspaceId, screenshot, useApp } from './browser';
import { JOURNEY_EMMENAGEMENT_ID } from '../../src/lib/domain/demo';

const { open } = useApp();
const STATE = 'souscription.enLigne';

describe('a full storage', () => {
	test('the journey page says storage is full, keeps the edit, and saves it when asked again', async () => {
		const app = await open();
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/journeys/${JOURNEY_EMMENAGEMENT_ID}`);
		await page.locator(`[data-state-id="${STATE}"]`).focus();
		await page.keyboard.press('Enter');
		await page.getByRole('heading', { name: 'Souscrire en ligne' }).waitFor();

		// Every IndexedDB write fails as a full disk does.
		await page.evaluate(() => {
			const w = window as unknown as { restoreWrites: () => void };
			const { put, add } = IDBObjectStore.prototype;
			const full = () => {
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			};
			IDBObjectStore.prototype.put = full;
			IDBObjectStore.prototype.add = full;
			w.restoreWrites = () => {
				IDBObjectStore.prototype.put = put;
				IDBObjectStore.prototype.add = add;
			};
		});
		const notes = page.getByLabel('Notes');
		await notes.fill('Écrit disque plein');
		await notes.press('Tab');
		const alert = page.getByRole('alert').filter({ hasText: 'Le stockage est plein : votre dernière modification n’a pas été enregistrée (elle reste affichée ici)' });
		await alert.waitFor();
		await page.getByRole('status').filter({ hasText: 'Non enregistré' }).waitFor();
		expect(await notes.inputValue()).toBe('Écrit disque plein');
		await screenshot(page, 'journey-storage-full');

		await page.evaluate(() => (window as unknown as { restoreWrites: () => void }).restoreWrites());
		await page.getByRole('button', { name: 'Réessayer d’enregistrer' }).click();
		await page.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();
		await alert.waitFor({ state: 'detached' });
		await page.reload();
		await page.locator(`[data-state-id="${STATE}"]`).focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => page.getByLabel('Notes').inputValue()).toBe('Écrit disque plein');
	});

	test('a setting that does not fit in a full localStorage says so', async () => {
		const app = await open();
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/journeys/${JOURNEY_EMMENAGEMENT_ID}`);
		await page.locator('[data-state-id]').first().waitFor();
		await page.evaluate(() => {
			Storage.prototype.setItem = () => {
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			};
		});
		await page.getByRole('switch', { name: 'Réalité mesurée' }).click();
		await page.getByRole('alert').filter({ hasText: 'Le stockage est plein : votre dernier changement de réglage n’a pas été enregistré' }).waitFor();
		// The choice still applies on the page.
		expect(await page.getByRole('switch', { name: 'Réalité mesurée' }).getAttribute('aria-checked')).toBe('true');
	});
});
