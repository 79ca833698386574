import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { checkA11y, demoWorkspaceId, screenshot, useApp } from './browser';
import { freshWorkspace } from './figures-helpers';

const { open } = useApp();

describe('the presentation deck', () => {
	test('a slide renamed and given its key message by keyboard shows it when presenting and in the PowerPoint notes', async () => {
		const app = await open({ locale: 'en-GB' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/present`);
		await page.locator('.kpi .k-value').first().filter({ hasText: /%/ }).waitFor({ timeout: 120_000 });

		await page.getByRole('button', { name: 'Slides' }).click();
		// The second slide's title is reached with Tab from the list's first controls.
		await page.getByRole('button', { name: 'Move “Once and done: where we stand” later' }).focus();
		const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '');
		for (let steps = 0; steps < 12 && (await focused()) !== 'Title of slide 2'; steps++) await page.keyboard.press('Tab');
		expect(await focused()).toBe('Title of slide 2');
		await page.keyboard.type('Where the money goes');
		// Tab leaves the title (saving it) for the slide's key message.
		await page.keyboard.press('Tab');
		expect(await focused()).toBe('Key message of slide Where the money goes');
		await page.keyboard.type('Billing questions cost the most: fix the bill first.');
		await page.keyboard.press('Tab');
		await page.getByRole('textbox', { name: 'Key message of slide Once and done: where we stand' }).fill('One demand in three comes back.');
		await page.getByRole('textbox', { name: 'Title of slide 1' }).focus();
		await screenshot(page, 'deck-editor-en-1366');
		expect(await checkA11y(page)).toEqual([]);

		await page.getByRole('button', { name: 'Where the money goes', exact: true }).click();
		const slide = page.locator('section.slide');
		await expect.poll(() => slide.locator('h1').innerText()).toBe('Where the money goes');
		expect(await slide.locator('.message').innerText()).toBe('Billing questions cost the most: fix the bill first.');
		await expect.poll(() => new URL(page.url()).searchParams.get('slide')).toBe('2');
		await page.locator('section.slide tbody tr').first().waitFor();
		await screenshot(page, 'deck-slide-en-1366');

		// Kept with the workspace: there after a reload.
		await page.reload();
		await expect.poll(() => slide.locator('h1').innerText(), { timeout: 60_000 }).toBe('Where the money goes');
		expect(await slide.locator('.message').innerText()).toBe('Billing questions cost the most: fix the bill first.');

		// The PowerPoint deck: the title on the slide, the key message in its speaker notes.
		await app.goto(`/w/${id}/frictions`);
		await page.locator('table.frictions tbody tr').first().waitFor({ timeout: 120_000 });
		const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Deck (PowerPoint)' }).click()]);
		const files = unzipSync(new Uint8Array(await readFile(await download.path())));
		const text = (name: string) => new TextDecoder().decode(files[name]);
		// Slide 1 is the cover: the deck's second slide is the file's third.
		expect(text('ppt/slides/slide3.xml')).toContain('Where the money goes');
		const notes = text('ppt/slides/_rels/slide3.xml.rels').match(/notesSlides\/(notesSlide\d+\.xml)/)?.[1];
		expect(text(`ppt/notesSlides/${notes}`)).toContain('Billing questions cost the most: fix the bill first.');
		expect(app.errors).toEqual([]);
	});

	test('in a workspace without contact data, a slide of figures says so and links to the Data page', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await freshWorkspace(app, 'Sans données');
		await app.goto(`/w/${id}/present`);
		const slide = page.locator('section.slide');
		await slide.getByText('Pas encore de données de contacts dans cet espace').waitFor({ timeout: 30_000 });
		expect(await slide.getByText('Préparation des chiffres…').count()).toBe(0);
		const link = slide.getByRole('link', { name: 'Importer un journal de contacts dans la page Données' });
		expect(await link.getAttribute('href')).toBe(`/w/${id}/data`);
		await screenshot(page, 'deck-no-data-fr-1366');
		expect(await checkA11y(page)).toEqual([]);
		// The action plan needs no contact data: its slide is drawn as usual.
		await page.keyboard.press('End');
		await expect.poll(() => slide.getAttribute('data-slide')).toBe('actions');
		expect(await slide.getByText('Pas encore de données de contacts').count()).toBe(0);
		await page.keyboard.press('Home');
		await link.click();
		await page.waitForURL(`**/w/${id}/data`);
		expect(app.errors).toEqual([]);
	});
});
