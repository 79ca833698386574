import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// fflate comes with read-excel-file; it writes the small workbook the XLSX test imports.
import { describe, expect, test } from 'vitest';
import { xlsxWorkbook } from '../fixtures/xlsx';
import { checkA11y, demoWorkspaceId, screenshot, useApp, type App } from './browser';

const { open } = useApp();

const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url));

/** The Data page of the demo workspace, once its demo datasets are listed. */
async function dataPage(app: App): Promise<string> {
	const id = await demoWorkspaceId(app);
	await app.goto(`/w/${id}/data`);
	await app.page.getByRole('heading', { level: 2, name: /Données|Data/ }).waitFor();
	return id;
}

const codes = (app: App) => app.page.getByRole('region', { name: /Codes motifs et catalogue|Motive codes and the catalogue/ });
const datasetRow = (app: App, name: string) => app.page.locator('tbody tr').filter({ has: app.page.getByRole('rowheader', { name: new RegExp(`^${name}`) }) });

async function chooseFile(app: App, name: string, mimeType: string, buffer: Buffer) {
	await app.page.getByLabel(/Fichier \(CSV ou Excel\)|File \(CSV or Excel\)/).setInputFiles({ name, mimeType, buffer });
}

describe('data page', () => {
	test('makes the demo data on first start, imports the worked example, keeps it after a reload', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		await dataPage(app);
		// The demo data is made in the worker on first start.
		await datasetRow(app, 'Contacts \\(démo\\)').waitFor({ timeout: 30_000 });
		// Its web log comes just after its contacts.
		await datasetRow(app, 'Web \\(démo\\)').waitFor({ timeout: 30_000 });
		await expect(datasetRow(app, 'Web \\(démo\\)').count()).resolves.toBe(1);
		const demoRows = await datasetRow(app, 'Contacts \\(démo\\)').locator('.rows').textContent();
		expect(Number(demoRows?.replace(/\D/g, ''))).toBe(40_000);

		await chooseFile(app, 'worked-example.csv', 'text/csv', await fixture('worked-example.csv'));
		await page.getByRole('table', { name: /Aperçu/ }).waitFor();
		await expect(page.getByRole('table', { name: /Aperçu/ }).getByRole('row').count()).resolves.toBe(12);
		await expect(page.getByLabel('Séparateur').inputValue()).resolves.toBe(',');
		await expect(page.getByLabel('Format des dates').inputValue()).resolves.toBe('iso');
		await expect(page.getByRole('checkbox', { name: 'Pseudonymiser les identifiants clients' }).isChecked()).resolves.toBe(true);
		await page.getByRole('button', { name: 'Importer', exact: true }).click();
		await page.getByText('11 lignes importées dans « worked-example ».').waitFor();
		await page.getByText('Toutes les lignes ont été importées.').waitFor();
		const row = datasetRow(app, 'worked-example');
		await row.waitFor();
		expect(await row.locator('.rows').textContent()).toBe('11');
		expect(await row.textContent()).toContain('01/03/2026 – 28/03/2026');
		expect(await row.textContent()).toContain('Oui');

		// Unmapped motive codes of the latest contacts dataset (the worked example's BILL, DELIV, MOVE).
		await codes(app).getByRole('row', { name: /BILL/ }).waitFor();
		expect(await page.getByRole('combobox', { name: 'Motif du code BILL' }).count()).toBe(1);

		expect(await checkA11y(page)).toEqual([]);
		await screenshot(page, 'data-fr');

		await page.reload({ waitUntil: 'load' });
		await datasetRow(app, 'worked-example').waitFor();
		expect(await datasetRow(app, 'worked-example').locator('.rows').textContent()).toBe('11');
		expect(app.errors).toEqual([]);
	});

	test('imports a French Excel export (semicolons, Windows-1252, dd/mm/yyyy) with its values mapped', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		await dataPage(app);
		await chooseFile(app, 'export-crm.csv', 'text/csv', await fixture('data-french-export.csv'));
		await page.getByRole('table', { name: /Aperçu/ }).waitFor();
		await expect(page.getByLabel('Séparateur').inputValue()).resolves.toBe(';');
		await expect(page.getByLabel('Encodage').inputValue()).resolves.toBe('windows-1252');
		await expect(page.getByLabel('Format des dates').inputValue()).resolves.toBe('dmy');
		await expect(page.getByLabel(/^Client/).inputValue()).resolves.toBe('0');
		await expect(page.getByRole('combobox', { name: /^Équipe/ }).inputValue()).resolves.toBe('6');
		// Values: Tél is read as phone, Courriel as email, Sortant as outbound.
		await expect(page.getByRole('combobox', { name: 'Canal : Tél' }).inputValue()).resolves.toBe('phone');
		await expect(page.getByRole('combobox', { name: 'Canal : Courriel' }).inputValue()).resolves.toBe('email');
		await expect(page.getByRole('combobox', { name: 'Sens : Sortant' }).inputValue()).resolves.toBe('outbound');
		await page.getByRole('combobox', { name: 'Canal : Chat' }).selectOption('messaging');
		const preview = page.getByRole('table', { name: /Aperçu/ });
		expect(await preview.getByRole('row').nth(1).textContent()).toContain('2026-03-01 09:00:00');
		expect(await preview.getByRole('row').nth(5).textContent()).toContain('messaging');
		expect(await checkA11y(page)).toEqual([]);
		await screenshot(page, 'data-wizard-fr');
		await page.getByRole('button', { name: 'Importer', exact: true }).click();
		await page.getByText('8 lignes importées dans « export-crm ».').waitFor();
		const row = datasetRow(app, 'export-crm');
		await row.waitFor();
		expect(await row.textContent()).toContain('01/03/2026 – 30/04/2026');
		// MOTIF-INCONNU maps to no catalogue motive; the demo codes do.
		await codes(app).getByRole('row', { name: /MOTIF-INCONNU/ }).waitFor();
		expect(await codes(app).getByRole('row', { name: /FAC-DUPL/ }).count()).toBe(0);
		await page.getByRole('combobox', { name: 'Motif du code MOTIF-INCONNU' }).selectOption({ index: 1 });
		await page.getByRole('button', { name: 'Ajouter MOTIF-INCONNU' }).click();
		await page.getByText(/Code MOTIF-INCONNU ajouté à/).waitFor();
		await codes(app).getByRole('row', { name: /MOTIF-INCONNU/ }).waitFor({ state: 'detached' });
		await page.getByRole('button', { name: 'Mettre à jour les prévalences' }).click();
		await page.getByText(/Prévalence mise à jour pour \d+ motifs/).waitFor();
		expect(app.errors).toEqual([]);
	});

	test('lists rejected rows with their line numbers, offers them as CSV, and deletes a dataset', async () => {
		const app = await open({ locale: 'en-GB' });
		const { page } = app;
		await dataPage(app);
		const text = [
			'customer_id,timestamp,channel',
			'A,2026-03-01 09:00:00,phone',
			',2026-03-01 10:00:00,phone',
			'B,not a date,chat',
			'C,2026-03-02 11:00:00,email'
		].join('\n');
		await chooseFile(app, 'bad-rows.csv', 'text/csv', Buffer.from(text));
		await page.getByRole('table', { name: /Preview/ }).waitFor();
		await page.getByRole('checkbox', { name: 'Pseudonymise customer ids' }).uncheck();
		await page.getByRole('button', { name: 'Import', exact: true }).click();
		await page.getByText('2 rows imported into “bad-rows”.').waitFor();
		await page.getByRole('heading', { name: '2 rows were not imported' }).waitFor();
		const rejected = page.locator('.rejections tbody tr');
		expect(await rejected.allTextContents()).toEqual(['3no customer idcustomer_id', '4date not readabletimestampnot a date']);
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the rejected rows (CSV)' }).click()]);
		const csv = await readFile((await download.path())!, 'utf8');
		expect(csv).toBe('line,reason,column,value\n3,missing-customer,customer_id,\n4,bad-timestamp,timestamp,not a date\n');
		expect(await datasetRow(app, 'bad-rows').textContent()).toContain('No');
		// A file without a motive column is told so, not that its codes all map to the catalogue.
		await expect.poll(() => codes(app).innerText()).toMatch(/“bad-rows” has no motive column/);
		expect(await codes(app).innerText()).not.toMatch(/maps to a motive/);

		expect(await checkA11y(page)).toEqual([]);
		await screenshot(page, 'data-en');

		await page.getByRole('button', { name: 'Delete bad-rows' }).click();
		await page.getByRole('alertdialog', { name: 'Delete this dataset?' }).waitFor();
		await page.getByRole('button', { name: 'Delete the dataset' }).click();
		await datasetRow(app, 'bad-rows').waitFor({ state: 'detached' });
		expect(app.errors).toEqual([]);
	});

	test('says when dd/mm cannot be told from mm/dd, and reads the dates as chosen', async () => {
		const app = await open({ locale: 'en-GB' });
		const { page } = app;
		await dataPage(app);
		// Every day ≤ 12: detection takes dd/mm (3 April) and says so beside the choice.
		const text = ['customer_id,timestamp', 'A,03/04/2026 09:00', 'B,12/01/2026 10:00'].join('\n');
		await chooseFile(app, 'ambiguous.csv', 'text/csv', Buffer.from(text));
		await page.getByRole('table', { name: /Preview/ }).waitFor();
		const format = page.getByRole('combobox', { name: 'Date format' });
		expect(await format.inputValue()).toBe('dmy');
		const notice = page.locator('.date-ambiguous');
		expect(await notice.innerText()).toMatch(/Every day in this file is 12 or less.*read as day\/month \(dd\/mm\)/);
		expect(await format.getAttribute('aria-describedby')).toBe(await notice.getAttribute('id'));
		const preview = page.getByRole('table', { name: /Preview/ });
		expect(await preview.innerText()).toContain('2026-04-03 09:00:00');
		await format.selectOption('mdy');
		await expect.poll(() => notice.innerText()).toMatch(/read as month\/day \(mm\/dd\), as you chose/);
		expect(await preview.innerText()).toContain('2026-03-04 09:00:00');
		expect(await checkA11y(page)).toEqual([]);
		expect(app.errors).toEqual([]);
	});

	test('names columns sharing a name and reads the one chosen; rejects a line whose quote is never closed and reads the next ones', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		await dataPage(app);
		const text = ['Client;Date;Motif;client', 'A;01/03/2026 09:00;"FACT;B', 'A;02/03/2026 09:00;FACT;B', 'C;03/03/2026 09:00;FACT;D'].join('\n');
		await chooseFile(app, 'doublons.csv', 'text/csv', Buffer.from(text));
		await page.getByText('Plusieurs colonnes s’appellent « client » : choisissez ci-dessous laquelle lire.').waitFor();
		await page.getByRole('combobox', { name: /^Client/ }).selectOption({ label: 'client' });
		await page.getByRole('checkbox', { name: /Pseudonymiser/ }).uncheck();
		await page.getByRole('button', { name: 'Importer', exact: true }).click();
		await page.getByText(/2 lignes importées/).waitFor();
		const rejected = page.locator('.rejections tbody tr');
		expect(await rejected.allTextContents()).toEqual([expect.stringMatching(/^2un guillemet ouvert sur cette ligne n’est jamais fermé/)]);
		expect(app.errors).toEqual([]);
	});

	test('imports the first sheet of an Excel workbook', async () => {
		const app = await open({ locale: 'en-GB' });
		const { page } = app;
		await dataPage(app);
		const xlsx = xlsxWorkbook('Contacts', [
			['N° client', 'Date du contact', 'Canal', 'Motif'],
			['C1', '01/03/2026 09:00', 'Tél', 'FAC-DUPL'],
			['C2', '02/03/2026 10:30', 'Courriel', 'CTR-EMM'],
			['C3', '03/03/2026 11:00', 'Tél', 'FAC-DUPL']
		]);
		await chooseFile(app, 'export.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xlsx);
		await page.getByText('Excel workbook: the first sheet is read.').waitFor();
		await expect(page.getByLabel('Date format').inputValue()).resolves.toBe('dmy');
		await page.getByRole('button', { name: 'Import', exact: true }).click();
		await page.getByText('3 rows imported into “export”.').waitFor();
		expect(await datasetRow(app, 'export').textContent()).toContain('01/03/2026 – 03/03/2026');
		expect(app.errors).toEqual([]);
	});

	test('a cancelled import leaves nothing behind', async () => {
		const app = await open({ locale: 'en-GB' });
		const { page } = app;
		await dataPage(app);
		await datasetRow(app, 'Contacts \\(demo\\)|Contacts \\(démo\\)').waitFor({ timeout: 30_000 });
		const line = 'C0000001,2026-03-01 09:00:00,phone,BILL\n';
		// Bigger than a buffer handed to the browser may be: written to a file first.
		const path = join(tmpdir(), 'parcours-big.csv');
		await writeFile(path, 'customer_id,timestamp,channel,motive\n' + line.repeat(1_500_000));
		await page.getByLabel('File (CSV or Excel)').setInputFiles(path);
		await page.getByRole('table', { name: /Preview/ }).waitFor();
		await page.getByRole('button', { name: 'Import', exact: true }).click();
		const bar = page.getByRole('progressbar', { name: 'Import progress' });
		await bar.waitFor();
		await page.getByRole('button', { name: 'Cancel import' }).click();
		await page.getByText('Import cancelled: nothing was stored.').waitFor();
		await page.waitForTimeout(300);
		expect(await datasetRow(app, 'parcours-big').count()).toBe(0);
		const stored = await page.evaluate(
			() =>
				new Promise<number>((resolve, reject) => {
					const request = indexedDB.open('parcours');
					request.onerror = () => reject(request.error);
					request.onsuccess = () => {
						const tx = request.result.transaction('datasets');
						const all = tx.objectStore('datasets').getAll();
						all.onsuccess = () => resolve((all.result as { name: string }[]).filter((d) => d.name === 'parcours-big').length);
					};
				})
		);
		expect(stored).toBe(0);
		expect(app.errors).toEqual([]);
	});
});
