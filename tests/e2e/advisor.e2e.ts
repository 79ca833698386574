/**
 * The advisor console on the demo: an advisor finds rejected direct debits by the customer's
 * word, walks the guide to "resolved" reading its article, then a second contact of the same
 * customer ends "transferred"; the wrap-up log, exported and imported into the analysis, gives that
 * customer's demand FCR 0/1 (METRICS.md: the repeat makes the first contact unresolved). The
 * advisor's "out of date" reaches the article owner's review list. The same run with the keyboard
 * only; axe in French and English.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, demoWorkspaceId, screenshot, useApp, type App } from './browser';
import { freshWorkspace, squash } from './figures-helpers';

const { open } = useApp();

const ARTICLE = 'Prélèvement rejeté : régulariser et changer de moyen de paiement';

async function openConsole(app: App): Promise<string> {
	const id = await demoWorkspaceId(app);
	await app.goto(`/advisor/${id}`);
	await app.page.getByRole('heading', { level: 1, name: /Console conseiller|Advisor console/ }).waitFor();
	await app.page.getByText(/Tapez, puis|Type, then/).waitFor();
	return id;
}

async function pickRejectedDebit(page: Page) {
	await page.getByRole('combobox', { name: 'Que demande le client ?' }).fill('prélèvement');
	const option = page.getByRole('listbox', { name: 'Résultats' }).getByRole('option').first();
	await expect.poll(() => option.innerText()).toMatch(/Prélèvement rejeté/);
	await option.click();
	await page.getByRole('heading', { level: 2, name: /Prélèvement rejeté/ }).waitFor();
}

const answer = (page: Page, name: string | RegExp) => page.getByRole('button', { name }).click();

describe('the advisor console', () => {
	test('resolves and then transfers a customer’s rejected direct debit, and the wrap-up log measures it', async () => {
		const app = await open({ locale: 'fr-FR', viewport: { width: 480, height: 900 } });
		const { page } = app;
		const id = await openConsole(app);
		await page.getByLabel('Numéro client').fill('C-1001');
		await page.getByLabel('Votre nom (dans la fiche de clôture)').fill('Lina');

		// First contact: the rejection reason, same bank account, pays at the next presentation, reads the article.
		await pickRejectedDebit(page);
		await page.getByRole('heading', { level: 3, name: 'Motif du rejet' }).waitFor();
		await answer(page, /Suivant/);
		await page.getByText('Le compte bancaire du client a-t-il changé, ou a-t-il révoqué son mandat ?').waitFor();
		await answer(page, /Non, même compte/);
		await answer(page, /Oui, à la nouvelle présentation/);
		await page.getByRole('button', { name: /Lire l’article/ }).click();
		await page.getByRole('heading', { level: 4, name: ARTICLE }).waitFor();
		await screenshot(page, 'advisor-article-fr');
		// The advisor reports the article out of date, for its owner.
		await page.getByLabel('Commentaire (facultatif)').fill('Les frais de rejet ont changé en novembre');
		await page.getByRole('button', { name: 'Obsolète', exact: true }).click();
		await page.getByText(/le responsable de l’article le verra/).waitFor();
		await answer(page, /Suivant/);
		await page.getByText('Issue : Résolu').waitFor();
		await page.getByRole('heading', { name: 'À dire au client' }).waitFor();
		await page.getByText('Régularisation sous 3 jours ouvrés après le nouveau paiement').waitFor();
		await screenshot(page, 'advisor-outcome-fr');
		expect(await checkA11y(page)).toEqual([]);
		await page.getByRole('button', { name: 'Clôturer le contact' }).click();
		await page.getByRole('status').filter({ hasText: /Fiche de clôture écrite : Prélèvement rejeté, Résolu, client C-1001/ }).waitFor();

		// Second contact of the same customer: asks for more time, has broken a plan before: transferred.
		await page.getByLabel('Numéro client').fill('C-1001');
		await pickRejectedDebit(page);
		await answer(page, /Suivant/);
		await answer(page, /Non, même compte/);
		// Back one step, then the other answer: the path keeps only what was taken.
		await answer(page, /Oui, à la nouvelle présentation/);
		await page.getByRole('button', { name: /Étape précédente/ }).click();
		await answer(page, /Non, il demande un délai/);
		await page.getByRole('button', { name: 'Oui', exact: true }).click();
		await page.getByText(/Issue : Transféré à une équipe/).waitFor();
		await page.getByRole('button', { name: 'Clôturer le contact' }).click();
		await page.getByRole('status').filter({ hasText: /Transféré à une équipe, client C-1001/ }).waitFor();

		// The wrap-up log: two contacts, exported as a contact log.
		await page.getByText('Journal des clôtures (2)').click();
		await screenshot(page, 'advisor-log-fr');
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter en journal de contacts' }).click()]);
		const csv = await readFile((await download.path())!, 'utf8');
		expect(csv.split(/\r?\n/).filter(Boolean)).toHaveLength(3);

		// Imported into the analysis with no mapping: one demand, not resolved at first contact.
		const fresh = await freshWorkspace(app, 'Conseillers');
		await app.goto(`/w/${fresh}/data`);
		await page.getByLabel('Fichier (CSV ou Excel)').setInputFiles({ name: 'clotures.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
		await page.getByRole('table', { name: /Aperçu/ }).waitFor();
		await page.getByRole('button', { name: 'Importer', exact: true }).click();
		await page.getByText(/lignes importées dans « clotures »/).waitFor({ timeout: 30_000 });
		await app.goto(`/w/${fresh}/analysis`);
		const fcr = page.locator('[data-kpi="fcr"]');
		// Both contacts are from today, so the demand's 7-day window is not observed yet: pending
		// (METRICS.md §3). Observed as if a week had passed with no other contact, it is eligible.
		await expect.poll(async () => squash(await fcr.innerText()), { timeout: 30_000 }).toMatch(/0 \/ 0 demande/);
		const later = new Date(Date.now() + 8 * 86_400_000);
		const local = `${later.getFullYear()}-${String(later.getMonth() + 1).padStart(2, '0')}-${String(later.getDate()).padStart(2, '0')}T23:59`;
		await page.getByLabel(/^Fin d’observation/).fill(local);
		await expect.poll(async () => squash(await fcr.innerText()), { timeout: 30_000 }).toMatch(/0,0 % 0 \/ 1 demande/);
		await screenshot(page, 'advisor-log-analysis-fr');

		// The owner sees the report in the knowledge base's review list, first, with its count and comment.
		await app.goto(`/w/${id}/knowledge`);
		// The demo's advisors had reported it out of date twice; this is the third report, the most of any article.
		const review = page.locator('#kb-review > ul > li').first();
		await review.getByText(ARTICLE).waitFor();
		await review.getByText('Obsolète × 3').waitFor();
		await review.getByText('Les frais de rejet ont changé en novembre').waitFor();
		await screenshot(page, 'advisor-feedback-review-fr');
		expect(app.errors).toEqual([]);
	}, 180_000);

	test('runs a contact with the keyboard only, and is accessible in English', async () => {
		const app = await open({ locale: 'en-GB', viewport: { width: 480, height: 900 } });
		const { page } = app;
		await openConsole(app);
		const customer = page.getByLabel('Customer number');
		await customer.focus();
		await page.keyboard.type('C-2002');
		// Customer → channel → name → search.
		await page.keyboard.press('Tab');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Tab');
		await page.keyboard.type('direct debit');
		await expect.poll(() => page.getByRole('listbox', { name: 'Results' }).getByRole('option').first().innerText()).toMatch(/Rejected direct debit/);
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('Enter');
		await page.getByRole('heading', { level: 3, name: 'Rejection reason' }).waitFor();
		expect(await checkA11y(page)).toEqual([]);
		await page.keyboard.press('1'); // Next
		await page.getByRole('heading', { level: 3, name: 'Bank account changed?' }).waitFor();
		await page.keyboard.press('2'); // No, same account
		await page.keyboard.press('2'); // Yes, at the next presentation
		await page.getByRole('heading', { level: 3, name: 'Settle the rejection' }).waitFor();
		await page.keyboard.press('Tab');
		await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/Read the article/);
		await page.keyboard.press('Enter');
		await page.getByRole('heading', { level: 4, name: ARTICLE }).waitFor();
		await page.keyboard.press('Backspace');
		await page.getByRole('heading', { level: 3, name: 'Settle the amount due' }).waitFor();
		await page.keyboard.press('2');
		await page.getByRole('heading', { level: 3, name: 'Settle the rejection' }).waitFor();
		await page.keyboard.press('1');
		await page.getByText('Outcome: Resolved').waitFor();
		// The wrap-up button has the focus: Enter ends the contact.
		await page.keyboard.press('Enter');
		await page.getByRole('status').filter({ hasText: /Wrap-up written: Rejected direct debit, Resolved, customer C-2002/ }).waitFor();
		await screenshot(page, 'advisor-keyboard-en');
		expect(await checkA11y(page)).toEqual([]);
		expect(app.errors).toEqual([]);
	}, 120_000);
});
