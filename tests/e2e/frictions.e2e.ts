import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { checkA11y, demoWorkspaceId, screenshot, SCREENS_DIR, useApp, type App } from './browser';

const { open } = useApp();

/** Opens the demo's frictions page and waits for the ranking (the demo data is made on first start). */
async function openFrictions(app: App): Promise<string> {
	const id = await demoWorkspaceId(app);
	await app.goto(`/w/${id}/frictions`);
	await app.page.locator('table.frictions tbody tr').first().waitFor({ timeout: 120_000 });
	return id;
}

/** Clicks and returns the downloaded file's bytes and name. */
async function downloadOf(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
	const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), button.click()]);
	const path = await file.path();
	return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

/** A French amount (`12 345 €`, `1 234,50 €`) as a number. */
const amountOf = (text: string) => Number(text.replace(/[^\d,.-]/g, '').replace(',', '.'));

/** Spaces of any width as one plain space: `pdftotext` gives the PDF's narrow no-break spaces as spaces. */
const spaced = (text: string) => text.replace(/[\s\u00a0\u202f\u2009]+/g, ' ');

/** The text of a PDF, as `pdftotext` reads it back through its embedded font. */
async function pdfTextOf(bytes: Buffer): Promise<string> {
	const file = join(await mkdtemp(join(tmpdir(), 'report-')), 'report.pdf');
	await writeFile(file, bytes);
	return spaced(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
}

describe('friction points', () => {
	test('rank the demo motives by avoidable cost with savings; an action created from one lands on the board', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await openFrictions(app);

		// One row per catalogue motive; the complex ones in a table of their own, below.
		const main = page.locator('table.frictions').first();
		const rows = main.locator('tbody tr');
		expect(await rows.count()).toBeGreaterThanOrEqual(12);
		const complex = page.getByRole('table', { name: 'Motifs complexes classés à part' });
		expect(await complex.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
		expect(await complex.locator('tbody tr').first().innerText()).toContain('hors gisement');
		// The demo workspace comes with its costs per channel: the costliest frictions have a cost and savings, in euros.
		const first = rows.first();
		const costs = await rows.locator('td:nth-child(6)').allInnerTexts();
		expect(amountOf(costs[0])).toBeGreaterThan(0);
		expect(costs[0]).toContain('€');
		expect(costs.map(amountOf)).toEqual([...costs.map(amountOf)].sort((a, b) => b - a));
		expect(amountOf((await first.locator('td.savings').innerText()).split('\n')[0])).toBeGreaterThan(0);
		expect(await first.locator('th > a').getAttribute('href')).toMatch(new RegExp(`^/w/${id}/motives/m-`));
		expect(await first.locator('ul.where a').first().getAttribute('href')).toMatch(/\/journeys\/j-[a-z]+\?state=/);
		const costHeader = main.getByRole('columnheader', { name: /Coût évitable/ });
		expect(await costHeader.getAttribute('aria-sort')).toBe('descending');
		// The trend arrives with the motive × month figures.
		await expect.poll(() => page.locator('table.frictions td span.sub').filter({ hasText: '→' }).count(), { timeout: 60_000 }).toBeGreaterThan(0);

		// The global target moves the savings.
		const totalBefore = amountOf(await page.locator('tfoot td.savings').innerText());
		const target = page.getByLabel('RPC cible pour tous les motifs');
		await target.fill('95');
		await target.press('Enter');
		await expect.poll(async () => amountOf(await page.locator('tfoot td.savings').innerText())).toBeGreaterThan(totalBefore);

		// Sorting by FCR.
		const fcrHeader = main.getByRole('columnheader', { name: 'RPC', exact: true });
		await fcrHeader.getByRole('button').click();
		await expect.poll(() => fcrHeader.getAttribute('aria-sort')).toBe('descending');
		await costHeader.getByRole('button').click();
		await expect.poll(() => costHeader.getAttribute('aria-sort')).toBe('descending');

		await screenshot(page, 'frictions-fr-1366');
		expect(await checkA11y(page)).toEqual([]);

		// Create an action from the costliest friction.
		const label = (await first.locator('th > a').innerText()).trim();
		await first.getByRole('button', { name: `Créer une action pour ${label}` }).click();
		const dialog = page.getByRole('dialog', { name: 'Nouvelle action' });
		const title = dialog.getByLabel('Titre');
		expect(await title.inputValue()).toContain(label);
		expect(amountOf(await dialog.getByLabel('Gain attendu par an').inputValue())).toBeGreaterThan(0);
		await title.fill(`Plan e2e : ${label}`);
		await dialog.getByLabel('Responsable').fill('Équipe qualité');
		await dialog.getByRole('button', { name: 'Enregistrer' }).click();
		await page.getByRole('status').filter({ hasText: `Plan e2e : ${label}` }).waitFor();

		await page.getByRole('link', { name: 'Plan d’action' }).first().click();
		const todo = page.locator('section.column.todo');
		const card = todo.locator('article', { hasText: `Plan e2e : ${label}` });
		await card.waitFor();
		// The demo's own actions are there too.
		expect(await page.locator('article.card').count()).toBeGreaterThanOrEqual(5);
		// Moved with its button, then with the keyboard.
		await card.getByRole('button', { name: /à En cours$/ }).click();
		const moved = page.locator('section.column.in-progress article', { hasText: `Plan e2e : ${label}` });
		await moved.waitFor();
		await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-action-id') ?? '')).toMatch(/^action-/);
		await page.keyboard.press('Alt+ArrowRight');
		await page.locator('section.column.done article', { hasText: `Plan e2e : ${label}` }).waitFor();
		await screenshot(page, 'action-board-fr-1366');
		expect(await checkA11y(page)).toEqual([]);

		await page.getByRole('radio', { name: 'Liste par horizon' }).check();
		await page.getByRole('heading', { name: /Stratégique/ }).waitFor();
		expect(app.errors).toEqual([]);
	});

	test('export the table as CSV, the report as PDF, the deck as PowerPoint and the journey map as SVG and PNG', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await openFrictions(app);
		await expect.poll(() => page.locator('table.frictions td span.sub').filter({ hasText: '→' }).count(), { timeout: 60_000 }).toBeGreaterThan(0);

		const csv = await downloadOf(page, page.getByRole('button', { name: 'Tableau (CSV)' }));
		expect(csv.name).toMatch(/frictions\.csv$/);
		const lines = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
		expect(lines[0]).toMatch(/^Motif;codes;group;in_savings;journey;state;demands/);
		expect(lines[0]).toContain('Coût évitable (EUR)');
		expect(lines.length).toBeGreaterThanOrEqual(16);
		expect(lines[1].split(';')[13]).toMatch(/^\d+,\d\d$/);
		// Motives in words with their codes; complex motives flagged, out of the savings.
		expect(lines.some((line) => /;complexe;0;/.test(line))).toBe(true);

		const pdf = await downloadOf(page, page.getByRole('button', { name: 'Rapport (PDF)' }));
		expect(pdf.name).toMatch(/\.pdf$/);
		const pdfText = pdf.bytes.toString('latin1');
		expect(pdfText.startsWith('%PDF')).toBe(true);
		expect(pdfText.match(/\/Type \/Page\b/g)?.length ?? 0).toBeGreaterThanOrEqual(4);

		const pptx = await downloadOf(page, page.getByRole('button', { name: 'Présentation (PowerPoint)' }));
		expect(pptx.name).toMatch(/\.pptx$/);
		const files = unzipSync(new Uint8Array(pptx.bytes));
		const slides = Object.keys(files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
		// Title, six default views (figures, frictions, trend, two journeys, plan), friction table, note, plan.
		expect(slides.length).toBeGreaterThanOrEqual(10);
		for (let n = 1; n <= slides.length; n++) expect(files[`ppt/slides/slide${n}.xml`]).toBeDefined();
		const second = new TextDecoder().decode(files['ppt/slides/slide2.xml']);
		expect(second).toContain('Once and done');
		await mkdir(SCREENS_DIR, { recursive: true });
		await writeFile(join(SCREENS_DIR, 'deck.pptx'), pptx.bytes);
		await writeFile(join(SCREENS_DIR, 'report.pdf'), pdf.bytes);

		await app.goto(`/w/${id}/journeys/j-facture`);
		await page.locator('.graph svg g.state').first().waitFor({ timeout: 30_000 });
		const svg = await downloadOf(page, page.getByRole('button', { name: 'Carte (SVG)' }));
		expect(svg.name).toMatch(/\.svg$/);
		// Parsed in the page, whose Content-Security-Policy refuses style attributes in markup: they
		// are left out of what is parsed here (the drawing's structure is what is checked).
		const parsed = await page.evaluate((text) => {
			const doc = new DOMParser().parseFromString(text.replace(/ style="[^"]*"/g, ''), 'image/svg+xml');
			return {
				error: doc.querySelector('parsererror')?.textContent ?? null,
				root: doc.documentElement.nodeName,
				states: doc.querySelectorAll('g.state').length,
				width: Number(doc.documentElement.getAttribute('width'))
			};
		}, svg.bytes.toString('utf8'));
		expect(parsed).toMatchObject({ error: null, root: 'svg' });
		expect(parsed.states).toBeGreaterThan(5);
		expect(parsed.width).toBeGreaterThan(400);
		expect(svg.bytes.toString('utf8')).toContain('Fin du parcours');
		await writeFile(join(SCREENS_DIR, 'journey-map.svg'), svg.bytes);

		const png = await downloadOf(page, page.getByRole('button', { name: 'Carte (PNG)' }));
		expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		await writeFile(join(SCREENS_DIR, 'journey-map.png'), png.bytes);
		expect(app.errors).toEqual([]);
	});

	test('on first visit the Analysis page shows the avoidable cost in euros; page, slides and exports agree on it and on the savings', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		// Straight to Analysis: the costs are the workspace's, not seeded by the frictions page.
		await app.goto(`/w/${id}/analysis`);
		const kpi = page.locator('[data-kpi="avoidable"] .count');
		await kpi.filter({ hasText: /coût évitable/ }).waitFor({ timeout: 120_000 });
		const analysisCost = (await kpi.innerText()).replace(/^coût évitable\s*:\s*/, '').trim();
		expect(analysisCost).toMatch(/^\d[\d\s\u202f\u00a0]*\s€$/);

		await app.goto(`/w/${id}/frictions`);
		const summary = page.locator('p.summary');
		await summary.waitFor({ timeout: 120_000 });
		const text = await summary.innerText();
		expect(text).toContain(analysisCost);
		const savings = text.match(/gisement de productivité aux cibles : (.+?) sur la période/)?.[1] ?? '';
		expect(amountOf(savings)).toBeGreaterThan(0);
		expect(text).toMatch(/sans les motifs complexes : .+ · avec les motifs complexes : /);
		// The main table's footer sums its rows (complex motives apart): its savings are the headline figure.
		expect((await page.locator('tfoot td.savings').innerText()).trim()).toBe(savings);

		const pdf = await downloadOf(page, page.getByRole('button', { name: 'Rapport (PDF)' }));
		const pdfText = await pdfTextOf(pdf.bytes);
		expect(pdfText).toContain(spaced(analysisCost));
		expect(pdfText).toContain(spaced(savings));

		const pptx = await downloadOf(page, page.getByRole('button', { name: 'Présentation (PowerPoint)' }));
		const files = unzipSync(new Uint8Array(pptx.bytes));
		const kpiSlide = new TextDecoder().decode(files['ppt/slides/slide2.xml']);
		expect(kpiSlide).toContain(analysisCost);
		expect(kpiSlide).toContain(savings);

		await app.goto(`/w/${id}/present`);
		await page.locator('[data-figure="savings"] .k-value').waitFor({ timeout: 60_000 });
		expect((await page.locator('[data-figure="avoidable-cost"] .k-value').innerText()).trim()).toBe(analysisCost);
		expect((await page.locator('[data-figure="savings"] .k-value').innerText()).trim()).toBe(savings);

		// The currency is the workspace's: chosen on Frictions, it shows on Analysis too.
		await app.goto(`/w/${id}/frictions`);
		await page.getByRole('combobox', { name: /^Devise/ }).selectOption('CHF');
		await expect.poll(() => summary.innerText(), { timeout: 30_000 }).toContain(savings.replace('€', 'CHF'));
		await app.goto(`/w/${id}/analysis`);
		await expect.poll(() => kpi.innerText(), { timeout: 60_000 }).toMatch(/CHF$/);
		expect(app.errors).toEqual([]);
	});

	test('the presentation moves through its slides with the keyboard and Escape leaves it', async () => {
		const app = await open({ locale: 'fr-FR', viewport: { width: 1280, height: 800 } });
		const { page } = app;
		const id = await openFrictions(app);
		// A view saved from the frictions page joins the default deck.
		await page.getByRole('button', { name: 'Ajouter à la présentation' }).click();
		await page.getByRole('status').filter({ hasText: /Ajouté à la présentation \(7 diapositives\)/ }).waitFor();
		// The same view again is not a second slide: the notice says where it is.
		await page.getByRole('button', { name: 'Ajouter à la présentation' }).click();
		await page.getByRole('status').filter({ hasText: 'Déjà dans la présentation (diapositive 7).' }).waitFor();
		// Its link opens the presentation at that slide.
		expect(await page.getByRole('status').getByRole('link', { name: 'Présenter' }).getAttribute('href')).toBe(`/w/${id}/present?slide=7`);

		await app.goto(`/w/${id}/present`);
		const counter = page.locator('.counter');
		await expect.poll(() => counter.innerText()).toBe('Diapositive 1 sur 7');
		await page.locator('.kpi .k-value').first().filter({ hasText: /%/ }).waitFor({ timeout: 60_000 });
		const shots: string[] = [];
		for (let n = 1; n <= 7; n++) {
			await expect.poll(() => counter.innerText()).toBe(`Diapositive ${n} sur 7`);
			await page.waitForTimeout(200);
			shots.push(await screenshot(page, `present-${n}`));
			await page.keyboard.press(n % 2 ? 'ArrowRight' : 'PageDown');
		}
		await expect.poll(() => counter.innerText()).toBe('Diapositive 7 sur 7');
		await page.keyboard.press('Home');
		await expect.poll(() => counter.innerText()).toBe('Diapositive 1 sur 7');
		await page.keyboard.press('Space');
		await expect.poll(() => counter.innerText()).toBe('Diapositive 2 sur 7');
		await page.keyboard.press('End');
		await expect.poll(() => counter.innerText()).toBe('Diapositive 7 sur 7');
		await page.keyboard.press('ArrowLeft');
		await page.keyboard.press('PageUp');
		await expect.poll(() => counter.innerText()).toBe('Diapositive 5 sur 7');
		// The URL names the slide shown: a reload or a link opens it.
		await expect.poll(() => new URL(page.url()).searchParams.get('slide')).toBe('5');
		await app.goto(`/w/${id}/present?slide=3`);
		await expect.poll(() => counter.innerText()).toBe('Diapositive 3 sur 7');
		await page.keyboard.press('ArrowRight');
		await expect.poll(() => new URL(page.url()).searchParams.get('slide')).toBe('4');
		await expect.poll(() => counter.innerText()).toBe('Diapositive 4 sur 7');
		// Body text is large enough for a projector.
		const size = await page.locator('.slide').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
		expect(size).toBeGreaterThanOrEqual(28);
		expect(await checkA11y(page)).toEqual([]);
		await page.keyboard.press('Escape');
		await page.waitForURL(`**/w/${id}/frictions`);
		expect(app.errors).toEqual([]);
	});
});
