/**
 * The demands behind a figure: the worked example of METRICS.md §7 imported through the Data
 * page, the phone row of the channel breakdown and a heat-map cell opened, and the demands they
 * list checked by hand against §7 — a1 repeated by a2, b1 transferred, e1 repeated by e3 six days
 * later, d2 pending, d1 resolved.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { checkA11y, useApp, type App } from './browser';
import { fixturePath, freshWorkspace, squash } from './figures-helpers';

const { open } = useApp();

/** Imports the worked example through the Data page's wizard, customer ids kept as written. */
async function importWorkedExample(app: App, workspaceId: string): Promise<void> {
	const { page } = app;
	await app.goto(`/w/${workspaceId}/data`);
	await page.getByRole('heading', { level: 2, name: 'Données' }).waitFor();
	const buffer = await readFile(fixturePath('worked-example.csv'));
	await page.getByLabel('Fichier (CSV ou Excel)').setInputFiles({ name: 'worked-example.csv', mimeType: 'text/csv', buffer });
	await page.getByRole('table', { name: /Aperçu/ }).waitFor();
	await page.getByRole('checkbox', { name: 'Pseudonymiser les identifiants clients' }).setChecked(false);
	await page.getByRole('button', { name: 'Importer', exact: true }).click();
	await page.getByText(/lignes importées dans « worked-example »/).waitFor({ timeout: 30_000 });
}

/** The Analysis page observed up to 31/03/2026 23:59, as §7, once its figures are computed. */
async function dashboardEndOfMarch(app: App, workspaceId: string): Promise<void> {
	const { page } = app;
	await app.goto(`/w/${workspaceId}/analysis`);
	await page.locator('[data-kpi="fcr"] .value').waitFor({ timeout: 30_000 });
	await page.getByLabel(/^Fin d’observation/).fill('2026-03-31T23:59');
	await expect
		.poll(async () => squash(await page.getByTestId('statement').innerText()))
		.toMatch(/fin d’observation 31\/03\/2026 23:59/);
	await expect
		.poll(async () => (await page.locator('.results').getAttribute('aria-busy')) === 'false' && squash(await page.locator('[data-kpi="fcr"] .value').innerText()), {
			timeout: 30_000
		})
		.toBe('50,0 %');
}

/** The demands a drill-down dialog lists: one entry per line, its cells as shown. */
async function listed(dialog: ReturnType<App['page']['getByRole']>) {
	const rows = dialog.locator('tbody tr.demand');
	const out: string[][] = [];
	for (let i = 0; i < (await rows.count()); i++) {
		out.push((await rows.nth(i).locator('th, td').allInnerTexts()).map(squash));
	}
	return out;
}

describe('drill-down: the demands behind a figure', () => {
	test('the phone row and a heat-map cell of the worked example list its demands and why they failed', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await freshWorkspace(app, 'Exploration');
		await importWorkedExample(app, id);
		await dashboardEndOfMarch(app, id);

		// The phone row: a1, b1, d1, d2, e1 — 1 resolved (d1) of 4 eligible, d2 pending.
		await page.getByRole('tab', { name: 'Canal' }).click();
		const table = page.getByRole('table', { name: 'RPC par Canal' });
		const phone = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Téléphone/ }) });
		expect(squash((await phone.getByRole('cell').allInnerTexts())[1])).toMatch(/^25,0 %/);
		await phone.click();

		const dialog = page.getByRole('dialog', { name: 'Demandes derrière « Téléphone »' });
		await dialog.locator('tbody tr.demand').first().waitFor();
		expect(squash(await dialog.getByTestId('drill-summary').innerText())).toBe(
			'5 demandes : 1 résolues au premier contact, 3 non résolues, 1 en attente. RPC 25,0 %.'
		);
		// Not resolved first, then pending, then resolved; each oldest first.
		expect(await listed(dialog)).toEqual([
			['A', '01/03/2026 09:00', 'Téléphone', 'BILL', '✗ Non résolue', 'réitération 2 j 1 h plus tard (03/03/2026 10:00)', '▸ 2 contacts Contacts du client A'],
			['B', '02/03/2026 11:00', 'Téléphone', 'BILL', '✗ Non résolue', 'transféré', '▸ 1 contact Contacts du client B'],
			['E', '08/03/2026 09:00', 'Téléphone', 'BILL', '✗ Non résolue', 'réitération 6 j plus tard (14/03/2026 09:00)', '▸ 2 contacts Contacts du client E'],
			['D', '28/03/2026 10:00', 'Téléphone', 'BILL', '… En attente fenêtre ouverte jusqu’au 04/04/2026 10:00', '', '▸ 1 contact Contacts du client D'],
			['D', '06/03/2026 14:00', 'Téléphone', 'MOVE', '✓ Résolue', '', '▸ 1 contact Contacts du client D']
		]);

		// a1's chain: its first contact and the repeat a2.
		await dialog.getByRole('button', { name: /Contacts du client A$/ }).click();
		const contactsOfA = dialog.getByRole('table', { name: 'Contacts du client A' });
		const rowsOfA = contactsOfA.locator('tbody tr');
		expect(await rowsOfA.count()).toBe(2);
		expect((await rowsOfA.nth(0).locator('td').allInnerTexts()).map(squash).slice(0, 5)).toEqual([
			'01/03/2026 09:00',
			'premier contact',
			'Téléphone',
			'BILL',
			'entrant'
		]);
		expect((await rowsOfA.nth(1).locator('td').allInnerTexts()).map(squash).slice(0, 2)).toEqual(['03/03/2026 10:00', 'réitération']);

		// Only the failures.
		await dialog.getByRole('button', { name: 'Non résolues (3)' }).click();
		await expect.poll(async () => (await listed(dialog)).map((cells) => cells[0])).toEqual(['A', 'B', 'E']);
		expect(await checkA11y(page)).toEqual([]);

		// What is listed, as CSV for a spreadsheet: reasons in words.
		const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Liste en CSV' }).click()]);
		expect(download.suggestedFilename()).toMatch(/^Exploration-demandes-t[ée]l[ée]phone\.csv$/);
		const csv = await readFile(await download.path(), 'utf8');
		expect(csv.slice(1).trim().split('\r\n')).toEqual([
			'Client;Premier contact;Canal;Motif;Conseiller;Verdict;Pourquoi elle n’est pas résolue;Contacts;Réitérations',
			'A;2026-03-01 09:00;phone;BILL;(none);Non résolue;réitération 2 j 1 h plus tard (03/03/2026 10:00);2;1',
			'B;2026-03-02 11:00;phone;BILL;(none);Non résolue;transféré;1;0',
			'E;2026-03-08 09:00;phone;BILL;(none);Non résolue;réitération 6 j plus tard (14/03/2026 09:00);2;1'
		]);

		// Escape closes, and focus goes back to the row that opened it.
		await page.keyboard.press('Escape');
		await dialog.waitFor({ state: 'hidden' });
		expect(await page.evaluate(() => document.activeElement?.querySelector('th')?.textContent ?? '')).toMatch(/Téléphone/);

		// The keyboard opens a row too: the e-mail row, c2 answered after 3 h.
		const email = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /E-mail/ }) });
		await email.focus();
		await page.keyboard.press('Enter');
		const emailDialog = page.getByRole('dialog', { name: 'Demandes derrière « E-mail »' });
		await emailDialog.locator('tbody tr.demand').first().waitFor();
		expect((await listed(emailDialog)).map((cells) => [cells[0], cells[1], cells[4], cells[5]])).toEqual([
			['C', '10/03/2026 08:00', '✗ Non résolue', 'réponse après 3 h (délai 1 h)'],
			['C', '05/03/2026 08:00', '✓ Résolue', '']
		]);
		await emailDialog.getByRole('button', { name: 'Fermer' }).click();
		await emailDialog.waitFor({ state: 'hidden' });

		// A heat-map cell: channel × motive, phone × BILL holds a1, b1, d2, e1.
		const heat = page.locator('section[aria-labelledby="heat-heading"]');
		await heat.getByLabel('Lignes').selectOption('channel');
		const grid = page.getByRole('grid');
		await expect.poll(() => grid.getByRole('rowheader', { name: 'Téléphone' }).count(), { timeout: 30_000 }).toBe(1);
		const columns = (await grid.locator('thead th').allInnerTexts()).map(squash);
		const bill = columns.indexOf('BILL');
		expect(bill).toBeGreaterThanOrEqual(0);
		await grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Téléphone' }) }).locator('td').nth(bill).click();
		const cell = page.getByRole('dialog', { name: 'Demandes derrière « Téléphone × BILL »' });
		await cell.locator('tbody tr.demand').first().waitFor();
		expect(squash(await cell.getByTestId('drill-summary').innerText())).toBe(
			'4 demandes : 0 résolues au premier contact, 3 non résolues, 1 en attente. RPC 0,0 %.'
		);
		expect((await listed(cell)).map((cells) => cells[0])).toEqual(['A', 'B', 'E', 'D']);
		await page.keyboard.press('Escape');
		await cell.waitFor({ state: 'hidden' });
		expect(app.errors).toEqual([]);
	}, 120_000);
});
