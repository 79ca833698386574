/** The same file imported twice into a workspace is recognised, and the user chooses. */
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { demoWorkspaceId, useApp } from './browser';

const { open } = useApp();

describe('importing a file already imported', () => {
	test('asks before importing the same bytes again: cancel stores nothing, import anyway stores a second dataset', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/data`);
		const buffer = await readFile(new URL('../fixtures/worked-example.csv', import.meta.url));
		const choose = (name: string) =>
			page.getByLabel('Fichier (CSV ou Excel)').setInputFiles({ name, mimeType: 'text/csv', buffer });
		const rows = page.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: /^worked-example/ }) });
		const importButton = page.getByRole('button', { name: 'Importer', exact: true });
		const question = page.getByRole('alertdialog', { name: 'Ce fichier a déjà été importé' });

		await choose('worked-example.csv');
		await importButton.click();
		await page.getByText('11 lignes importées dans « worked-example ».').waitFor();
		await rows.first().waitFor();

		// The same bytes under another name: recognised by content.
		await page.getByRole('button', { name: 'Choisir un autre fichier' }).first().click();
		await choose('export (1).csv');
		await page.getByLabel('Nom').fill('worked-example again');
		await importButton.click();
		await question.waitFor();
		expect(await question.textContent()).toContain('« worked-example »');
		await question.getByRole('button', { name: 'Annuler' }).click();
		await page.getByText('Import annulé : rien n’a été enregistré.').waitFor();
		expect(await question.count()).toBe(0);
		expect(await rows.count()).toBe(1);

		// Chosen again, asked again: this time imported anyway.
		await choose('export (1).csv');
		await page.getByLabel('Nom').fill('worked-example again');
		await importButton.click();
		await question.getByRole('button', { name: 'Importer quand même' }).click();
		await page.getByText('11 lignes importées dans « worked-example again ».').waitFor();
		await expect.poll(() => rows.count()).toBe(2);
		expect(app.errors).toEqual([]);
	});
});
