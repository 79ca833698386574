import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { checkA11y, demoWorkspaceId, screenshot, useApp, type App } from './browser';

const { open } = useApp();

/** Opens the demo workspace's Analysis page and waits for its first figures. */
async function openDashboard(app: App): Promise<void> {
	const id = await demoWorkspaceId(app);
	await app.goto(`/w/${id}/analysis`);
	// The demo contacts are generated in the worker on first start, then analysed.
	await app.page.locator('[data-kpi="fcr"] .value').waitFor({ timeout: 90_000 });
	await app.page.locator('.results[aria-busy="false"]').waitFor({ timeout: 60_000 });
	await app.page.getByRole('grid').waitFor({ timeout: 60_000 });
}

const fcrText = (app: App) => app.page.locator('[data-kpi="fcr"] .value').innerText();

describe('FCR dashboard', () => {
	test('shows FCR with its count and interval, breakdowns, trend and heat map on the demo workspace', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		await openDashboard(app);

		const fcr = page.locator('[data-kpi="fcr"]');
		expect(await fcr.locator('.value').innerText()).toMatch(/^\d{1,3},\d\s%$/);
		expect(await fcr.locator('.count').innerText()).toMatch(/^[\d\s\u202f]+ \/ [\d\s\u202f]+ demandes$/);
		expect(await fcr.locator('.ci').innerText()).toMatch(/^IC 95 % : \d{1,3},\d – \d{1,3},\d\s%$/);
		await expect.poll(() => page.getByTestId('statement').innerText()).toMatch(/fenêtre 7 j · périmètre : même motif/);
		expect(await page.getByTestId('statement').innerText()).toMatch(/fin d’observation \d{2}\/\d{2}\/\d{4}/);
		for (const kpi of ['fcr-excl', 'repeat', 'cpd', 'avoidable', 'pending']) {
			expect(await page.locator(`[data-kpi="${kpi}"] .value`).innerText()).not.toBe('—');
		}
		// The demo has survey columns: perceived FCR with its agreement table, CSAT and NPS.
		await expect.poll(() => page.locator('[data-kpi="perceived"] caption').innerText()).toMatch(/kappa de Cohen/);
		expect(await page.locator('[data-kpi="csat"] .value').count()).toBe(1);

		// Breakdown by channel, then by motive with catalogue labels; sortable headers.
		const table = page.getByRole('tabpanel').getByRole('table');
		expect(await table.locator('tbody tr').count()).toBeGreaterThan(3);
		await page.getByRole('tab', { name: 'Motif' }).click();
		await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThanOrEqual(15);
		expect(await table.locator('tbody').innerText()).toMatch(/FAC-EXPL/);
		// One row per catalogue motive, named, its CRM codes beneath: the demo's legacy codes join the current ones.
		expect(await table.getByRole('rowheader', { name: /^Contestation de facture FAC-CONTEST, FACT02/ }).count()).toBe(1);
		expect(await table.getByRole('rowheader', { name: /^FACT02/ }).count()).toBe(0);
		await page.getByRole('tab', { name: 'Thème' }).click();
		await expect.poll(() => table.getByRole('rowheader', { name: /^Facturation/ }).count()).toBe(1);
		await page.getByRole('tab', { name: 'Motif' }).click();
		await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThanOrEqual(15);
		const fcrHeader = table.getByRole('columnheader', { name: /RPC \(IC 95/ });
		await fcrHeader.getByRole('button').click();
		await expect.poll(() => fcrHeader.getAttribute('aria-sort')).toBe('descending');

		// Trend chart with its data table.
		const chart = page.locator('svg[role="img"]').filter({ hasText: /RPC et réitération par semaine/ });
		expect(await chart.locator('path.fcr').count()).toBeGreaterThan(0);
		await page.getByRole('button', { name: 'Afficher les chiffres en tableau' }).click();
		expect(await page.getByRole('table', { name: /par semaine/ }).locator('tbody tr').count()).toBeGreaterThan(10);

		// Heat map: readable cells carry their figure, small ones say so; the keyboard reads them.
		const grid = page.getByRole('grid');
		expect(await grid.locator('td:not(.small)').count()).toBeGreaterThan(10);
		await grid.locator('td[tabindex="0"]').focus();
		await page.keyboard.press('ArrowRight');
		await expect.poll(() => page.locator('.detail').innerText()).toMatch(/×.*(RPC|demandes)/);

		await screenshot(page, 'analysis-fr-1366');
		expect(await checkA11y(page)).toEqual([]);
		expect(app.errors).toEqual([]);
	});

	test('recomputes when the window changes and keeps the settings over a reload', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		await openDashboard(app);
		const before = await fcrText(app);
		await page.locator('label.preset', { hasText: '30 j' }).click();
		await expect.poll(() => page.getByTestId('statement').innerText()).toMatch(/fenêtre 30 j/);
		await expect.poll(() => fcrText(app), { timeout: 30_000 }).not.toBe(before);
		await page.locator('.results[aria-busy="false"]').waitFor();
		const after = await fcrText(app);
		// A longer window catches more repeats: FCR can only go down.
		const value = (text: string) => Number(text.replace(/[^\d,]/g, '').replace(',', '.'));
		expect(value(after)).toBeLessThan(value(before));

		await page.reload();
		await page.locator('[data-kpi="fcr"] .value').waitFor({ timeout: 60_000 });
		await expect.poll(() => page.getByTestId('statement').innerText()).toMatch(/fenêtre 30 j/);
		await expect.poll(() => fcrText(app), { timeout: 30_000 }).toBe(after);
		expect(app.errors).toEqual([]);
	});

	test('exports a breakdown as CSV for a spreadsheet', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		await openDashboard(app);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: 'Exporter en CSV' }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/rpc-par-canal\.csv$/);
		const path = await download.path();
		const text = await readFile(path, 'utf8');
		expect(text.charCodeAt(0)).toBe(0xfeff);
		const [header, ...lines] = text.slice(1).trim().split('\r\n');
		expect(header.split(';')[0]).toBe('Canal');
		expect(lines.length).toBeGreaterThan(3);
		expect(lines.some((l) => l.startsWith('phone;'))).toBe(true);
		expect(text).toMatch(/;\d{1,3},\d;/);

		// By motive: its name, its codes and whether the catalogue knows it, not its internal id.
		await page.getByRole('tab', { name: 'Motif' }).click();
		const [byMotive] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter en CSV' }).click()]);
		expect(byMotive.suggestedFilename()).toMatch(/rpc-par-motif\.csv$/);
		const motives = (await readFile(await byMotive.path(), 'utf8')).slice(1).trim().split('\r\n');
		expect(motives[0].startsWith('Motif;Codes CRM;Au catalogue;contacts;')).toBe(true);
		expect(motives.filter((l) => l.startsWith('Contestation de facture;FAC-CONTEST, FACT02;oui;'))).toHaveLength(1);
		expect(motives.some((l) => l.includes('m-'))).toBe(false);
		expect(app.errors).toEqual([]);
	});

	test('reads well in English at 1280×720', async () => {
		const app = await open({ locale: 'en-GB', viewport: { width: 1280, height: 720 } });
		const { page } = app;
		await openDashboard(app);
		expect(await page.locator('[data-kpi="fcr"] .value').innerText()).toMatch(/^\d{1,3}\.\d%$/);
		expect(await page.locator('[data-kpi="fcr"] .count').innerText()).toMatch(/demands$/);
		await expect.poll(() => page.getByTestId('statement').innerText()).toMatch(/window 7 d · scope: same motive/);
		await screenshot(page, 'analysis-en-1280');
		expect(await checkA11y(page)).toEqual([]);
		expect(app.errors).toEqual([]);
	});
});
