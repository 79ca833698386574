import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { checkA11y, demoWorkspaceId, screenshot, SCREENS_DIR, useApp, type App } from './browser';
import { JOURNEY_FACTURE_ID } from '../../src/lib/domain/demo';

const { open } = useApp();

/** Opens the demo's anticipation page and waits for the ranking (the demo data is made on first start). */
async function openAnticipation(app: App): Promise<string> {
	const id = await demoWorkspaceId(app);
	await app.goto(`/w/${id}/anticipation`);
	// The demo's web log is made after its contacts and events: the ranking is redrawn when it
	// arrives. Wait for the ranking that has it, settled.
	await app.page.locator('p.sources', { hasText: 'Web (démo)' }).waitFor({ timeout: 120_000 });
	await app.page.locator('.results:not(.busy) tr[data-trigger]').first().waitFor({ timeout: 120_000 });
	return id;
}

/** A French amount (`12 345 €`, `1 234,50 €`) as a number. */
const amountOf = (text: string) => Number(text.replace(/[^\d,.-]/g, '').replace(',', '.'));

describe('anticipation', () => {
	test('the demo ranks its bills issued first with a lift above 2; a proactive action lands in the plan with its saving', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await openAnticipation(app);
		await page.getByRole('heading', { level: 2, name: 'Les moments qui font appeler', exact: true }).waitFor();
		const rows = page.locator('tr[data-trigger]');
		const first = rows.first();
		expect(await first.getAttribute('data-trigger')).toBe('event:Facture émise');
		expect(Number(await first.locator('td[data-lift]').getAttribute('data-lift'))).toBeGreaterThan(2);
		// Strong triggers say so in words.
		await first.getByRole('img', { name: /Déclencheur fort : lift ×\d/ }).waitFor();
		// The chart of the first trigger, drawn against its baseline.
		await page.getByRole('img', { name: /Contacts par jour après « Facture émise »/ }).waitFor();
		// Median delays in a unit that shows them: minutes under an hour, never « 0 h ».
		const delays = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td:nth-last-child(2)')?.textContent?.trim() ?? ''));
		expect(delays.length).toBeGreaterThan(3);
		for (const delay of delays) expect(delay).toMatch(/^(—|[1-9]\d* min|(\d,\d|[1-4]\d) h|\d+,\d j)$/);
		// Every column reads at 1366 px: the ranking does not scroll sideways.
		const widths = await page.locator('.table-wrap').evaluate((el) => [el.scrollWidth, el.clientWidth]);
		console.log(`anticipation table: ${widths[0]} px wide in ${widths[1]} px`);
		expect(widths[0]).toBeLessThanOrEqual(widths[1] + 1);
		await screenshot(page, 'anticipation-fr-1366');
		await page.screenshot({ path: join(SCREENS_DIR, 'anticipation-fr-1366-first-screen.png') });
		await page.locator('section.detail').scrollIntoViewIfNeeded();
		await page.screenshot({ path: join(SCREENS_DIR, 'anticipation-fr-1366-detail.png') });
		await page.locator('tr[data-trigger]').nth(6).scrollIntoViewIfNeeded();
		await page.screenshot({ path: join(SCREENS_DIR, 'anticipation-fr-1366-table.png') });
		const violations = await checkA11y(page);
		expect(violations, JSON.stringify(violations)).toEqual([]);

		// Only the events: every row is an event.
		await page.getByLabel('Type de déclencheur').selectOption('event');
		await expect.poll(async () => (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-trigger')))).every((k) => k?.startsWith('event:'))).toBe(true);
		// The newsletter drives nothing: a lift near 1.
		const newsletter = page.locator('tr[data-trigger="event:Newsletter envoyée"]');
		expect(Number(await newsletter.locator('td[data-lift]').getAttribute('data-lift'))).toBeLessThan(1.5);

		// A proactive action from the first trigger, with its saving per year.
		await first.getByRole('button', { name: 'Créer une action proactive pour « Facture émise »' }).click();
		const dialog = page.getByRole('dialog', { name: 'Nouvelle action' });
		expect(await dialog.getByLabel('Titre').inputValue()).toBe('Agir avant « Facture émise »');
		const gain = amountOf(await dialog.getByLabel('Gain attendu par an').inputValue());
		expect(gain).toBeGreaterThan(0);
		expect(await dialog.getByLabel('Levier').inputValue()).toBe('proactive-contact');
		await dialog.getByText('Déclencheur : Facture émise').waitFor();
		await dialog.getByRole('button', { name: 'Enregistrer' }).click();
		await page.getByRole('status').filter({ hasText: 'Agir avant « Facture émise »' }).waitFor();
		await first.getByText('1 action', { exact: true }).waitFor();

		await page.getByRole('link', { name: 'Ouvrir le plan d’action' }).click();
		await page.waitForURL(`**/w/${id}/frictions/actions`);
		const card = page.locator('article.card', { hasText: 'Agir avant « Facture émise »' });
		await card.waitFor();
		expect(amountOf(await card.locator('.gain').innerText())).toBe(gain);
		expect(app.errors).toEqual([]);
	});

	test('in English: the page, its CSV, and its slide in the presentation', async () => {
		const app = await open({ locale: 'en-GB' });
		const { page } = app;
		const id = await openAnticipation(app);
		await page.getByRole('heading', { level: 2, name: 'Moments that make customers call', exact: true }).waitFor();
		await page.getByRole('link', { name: 'Anticipate', exact: true }).waitFor();
		await screenshot(page, 'anticipation-en-1366');
		await page.screenshot({ path: join(SCREENS_DIR, 'anticipation-en-1366-first-screen.png') });

		// The web log can be left out: its exit pages are no longer triggers, and the choice is kept.
		const kind = page.getByLabel('Trigger kind');
		await kind.selectOption('exitPage');
		await page.locator('tr[data-trigger^="exitPage:"]').first().waitFor();
		const webLog = page.getByLabel('Web log');
		expect(await webLog.locator('option:checked').innerText()).toBe('Web (démo)');
		await webLog.selectOption({ label: 'Leave out' });
		await page.getByText('No trigger of this kind.').waitFor();
		await app.goto(`/w/${id}/anticipation`);
		await page.getByText('No trigger of this kind.').waitFor({ timeout: 60_000 });
		expect(await page.getByLabel('Web log').locator('option:checked').innerText()).toBe('Leave out');
		await page.getByLabel('Web log').selectOption({ label: 'Web (démo)' });
		await page.locator('tr[data-trigger^="exitPage:"]').first().waitFor({ timeout: 60_000 });
		await page.getByLabel('Trigger kind').selectOption('');
		await page.locator('.results:not(.busy) tr[data-trigger="event:Facture émise"]').waitFor();

		const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV', exact: true }).click()]);
		expect(file.suggestedFilename()).toMatch(/anticipation\.csv$/);
		const { readFile } = await import('node:fs/promises');
		const lines = (await readFile(await file.path(), 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
		expect(lines[0].split(';').slice(0, 3)).toEqual(['Trigger kind', 'Trigger', 'Occurrences']);
		expect(lines[1].split(';')[1]).toBe('Facture émise');

		await page.getByRole('button', { name: '+ Add to the presentation' }).click();
		await page.getByRole('link', { name: 'Open the presentation' }).click();
		await page.waitForURL(`**/w/${id}/present?slide=*`);
		const slide = page.locator('section.slide[data-slide="anticipation"]');
		await slide.getByRole('heading', { name: 'Moments that make customers call' }).waitFor();
		await slide.locator('tbody tr').first().waitFor({ timeout: 60_000 });
		expect(await slide.locator('tbody tr').first().innerText()).toContain('Facture émise');
		await screenshot(page, 'anticipation-slide-en-1366');
		expect(app.errors).toEqual([]);
	});

	test('an event log with a bad row is imported with the row named, and listed as business events', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/data`);
		await page.getByRole('heading', { level: 2, name: 'Données' }).waitFor();
		await page.getByRole('radio', { name: /Journal d’événements métier/ }).check();
		const csv = ['client;date;événement;détail', 'C1;2026-03-01 08:00;facture émise;F-1', 'C2;pas une date;facture émise;F-2', 'C3;2026-03-02 09:00;retard livraison;'].join('\n');
		await page.getByLabel('Fichier (CSV ou Excel)').setInputFiles({ name: 'evenements.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
		await page.getByRole('table', { name: /Aperçu/ }).waitFor();
		await expect(page.getByLabel(/^Événement/).inputValue()).resolves.toBe('2');
		await page.getByRole('button', { name: 'Importer', exact: true }).click();
		await page.getByText('2 lignes importées dans « evenements ».').waitFor();
		await page.getByText('1 ligne n’a pas été importée').waitFor();
		const rejected = page.locator('.rejections tbody tr').first();
		const cells = await rejected.locator('td').allInnerTexts();
		expect(cells[0]).toBe('3');
		expect(cells[2]).toBe('date');
		const listed = page.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: /^evenements/ }) });
		await listed.waitFor();
		expect(await listed.innerText()).toContain('Événements');
		await screenshot(page, 'anticipation-import-fr-1366');
		expect(app.errors).toEqual([]);
	});

	test('on the measured journey, strong triggers carry a marker named with the state, and the state figures show the lift', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/journeys/${JOURNEY_FACTURE_ID}`);
		await page.locator('[data-state-id]').first().waitFor();
		await page.getByRole('switch', { name: 'Réalité mesurée' }).click();
		// The marker comes with the anticipation figures, after the overlay's.
		const marked = page.locator('g.state[aria-label*="Déclencheur fort : lift ×"]');
		await marked.first().waitFor({ timeout: 120_000 });
		const stateId = await marked.first().getAttribute('data-state-id');
		expect(await page.locator('text.strong-trigger').count()).toBe(await marked.count());
		await page.locator(`g.state[data-state-id="${stateId}"]`).hover();
		const lift = page.getByTestId('state-figures').getByTestId('state-lift');
		await lift.waitFor();
		expect(await lift.innerText()).toMatch(/×\d+,\d.*déclencheur fort/s);
		await screenshot(page, 'anticipation-journey-fr-1366');
		await page.locator('.canvas').screenshot({ path: join(SCREENS_DIR, 'anticipation-journey-fr-1366-graph.png') });
		expect(app.errors).toEqual([]);
	});
});
