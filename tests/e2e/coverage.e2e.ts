/**
 * Guide coverage on the demo's catalogue: the headline gives the share of contact volume the
 * treatment guides cover, measured on the demo's contact log, and the 6 guided motives of the
 * catalogue; the tree marks a guided motive by name for screen readers. Axe in French and English.
 */
import { describe, expect, test } from 'vitest';
import { checkA11y, demoWorkspaceId, screenshot, useApp, type App } from './browser';

const { open } = useApp();

async function openCatalogue(app: App): Promise<string> {
	const id = await demoWorkspaceId(app);
	await app.goto(`/w/${id}/motives`);
	await app.page.getByRole('tree').waitFor();
	return id;
}

describe('guide coverage on the catalogue', () => {
	test('heads the French catalogue with the measured share the guides cover and marks the guided motives', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await openCatalogue(app);
		const headline = page.getByTestId('guide-coverage').getByRole('heading', { level: 3 });
		// The demo's contact log is made in the background on first start: the share is measured once it is there.
		await expect
			.poll(() => headline.innerText(), { timeout: 45_000 })
			.toMatch(/^Les guides couvrent \d{1,3}\s?% du volume de contacts \(mesuré\) — 6 motifs sur \d+$/);
		const text = await headline.innerText();
		const percent = Number(text.match(/(\d{1,3})\s?%/)?.[1]);
		expect(percent).toBeGreaterThan(0);
		expect(percent).toBeLessThanOrEqual(100);

		const link = page.getByTestId('guide-coverage').getByRole('link', { name: 'Ouvrir la console conseiller' });
		expect(await link.getAttribute('href')).toBe(`/advisor/${id}`);

		expect(await page.getByTestId('guide-mark').count()).toBe(6);
		const debit = page.getByRole('treeitem', { name: /^Prélèvement rejeté(\s|$)/ });
		expect(await debit.getAttribute('aria-level')).toBe('3');
		await expect.poll(() => debit.textContent()).toContain('a un guide de traitement');
		await screenshot(page, 'coverage-catalogue-fr');
		expect(await checkA11y(page)).toEqual([]);
	});

	test('says the same in English, and the overview sums the console up', async () => {
		const app = await open({ locale: 'en-GB' });
		const { page } = app;
		const id = await openCatalogue(app);
		const headline = page.getByTestId('guide-coverage').getByRole('heading', { level: 3 });
		await expect
			.poll(() => headline.innerText(), { timeout: 45_000 })
			.toMatch(/^Guides cover \d{1,3}% of contact volume \(measured\) — 6 of \d+ motives$/);
		await expect.poll(() => page.getByRole('treeitem', { name: /has a treatment guide/ }).count()).toBe(6);
		await screenshot(page, 'coverage-catalogue-en');
		expect(await checkA11y(page)).toEqual([]);

		await app.goto(`/w/${id}`);
		const summary = page.getByTestId('advisor-summary');
		await expect.poll(() => summary.innerText(), { timeout: 45_000 }).toMatch(/6 treatment guides, covering \d{1,3}% of contact volume \(measured\) · 0 wrap-ups in this browser/);
		expect(await summary.getByRole('link', { name: 'Open the advisor console' }).getAttribute('href')).toBe(`/advisor/${id}`);
		await screenshot(page, 'coverage-overview-en');
		expect(await checkA11y(page)).toEqual([]);
		expect(app.errors).toEqual([]);
	});
});
