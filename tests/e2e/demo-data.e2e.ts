import { describe, expect, test } from 'vitest';
import { demoLink, screenshot, useApp } from './browser';

const { open } = useApp();

describe('demo data', () => {
	test('is made on first start and shows its figures soon after the analysis is opened', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const started = Date.now();
		await app.goto('/');
		// As a visitor would: the demo from the home page, then its analysis.
		await (await demoLink(page)).click();
		await page.getByRole('link', { name: 'Analyse', exact: true }).click();
		const opened = Date.now();
		const fcr = page.locator('[data-kpi="fcr"] .value');
		await fcr.waitFor({ timeout: 60_000 });
		const shown = Date.now();
		console.log(`demo data: FCR shown ${shown - opened} ms after the analysis was opened, ${shown - started} ms after the first start`);
		// The demo's headline figure stays plausible for a contact centre.
		const rate = Number((await fcr.innerText()).replace(/[^\d,]/g, '').replace(',', '.'));
		expect(rate).toBeGreaterThanOrEqual(55);
		expect(rate).toBeLessThanOrEqual(80);
		// Far from the minutes a slow generation would take on a busy machine.
		expect(shown - opened).toBeLessThan(15_000);
		await screenshot(page, 'demo-data-analysis-fr');
		expect(app.errors).toEqual([]);
	});
});
