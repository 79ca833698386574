import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { demoWorkspaceId, screenshot, SCREENS_DIR, useApp } from './browser';

const { open } = useApp();

/** The contact channel ids the demo's data and settings use: never shown as such to a client. */
const CHANNEL_IDS = /(?<![\p{L}\p{N}_-])(phone|email|chat|web_form|store|mail|social|messaging|callback)(?![\p{L}\p{N}_-])/gu;

/** Each channel id found in a text, with a few characters around it. */
const rawIds = (text: string) => [...text.matchAll(CHANNEL_IDS)].map((m) => `«${m[0]}» in «${text.slice(Math.max(0, (m.index ?? 0) - 15), (m.index ?? 0) + 15).replace(/\s+/g, ' ')}»`);

interface SlideProblems {
	/** Elements whose box leaves the slide's box, or whose content is wider than themselves. */
	overflows: string[];
	/** Line breaks that fall inside a word: `…Factu|ration…`. */
	splitWords: string[];
	/** Texts: what the slide says. */
	text: string;
}

/**
 * Measures the slide shown: every element inside the slide's box, and every line break of every
 * text at a space or after a hyphen (a Range over each character gives its line box).
 */
function measureSlide(page: Page): Promise<SlideProblems> {
	return page.evaluate(() => {
		const slide = document.querySelector<HTMLElement>('section.slide');
		if (!slide) throw new Error('no slide');
		const box = slide.getBoundingClientRect();
		const name = (e: Element) => `${e.tagName.toLowerCase()}.${[...e.classList].filter((c) => !c.startsWith('svelte-')).join('.')} “${(e.textContent ?? '').trim().slice(0, 40)}”`;
		const overflows: string[] = [];
		for (const element of slide.querySelectorAll('*')) {
			const r = element.getBoundingClientRect();
			if (r.width === 0 && r.height === 0) continue;
			if (r.left < box.left - 1 || r.top < box.top - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1) overflows.push(`outside: ${name(element)}`);
			if (element instanceof HTMLElement && element.clientWidth > 0 && element.scrollWidth > element.clientWidth + 1) overflows.push(`too wide: ${name(element)}`);
		}
		const splitWords: string[] = [];
		const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
		const range = document.createRange();
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			if (node.parentElement?.closest('svg')) continue;
			const text = node.textContent ?? '';
			let lastTop: number | null = null;
			let lastHeight = 0;
			for (let i = 0; i < text.length; i++) {
				if (/\s/.test(text[i])) continue;
				range.setStart(node, i);
				range.setEnd(node, i + 1);
				const rects = range.getClientRects();
				if (rects.length === 0) continue;
				const top = rects[0].top;
				if (lastTop !== null && top > lastTop + lastHeight / 2) {
					// A new line starts at character i: the one before must be a space or a hyphen.
					const before = text[i - 1] ?? ' ';
					if (!/[\s\-‐–—/]/.test(before)) splitWords.push(`${text.slice(Math.max(0, i - 12), i)}|${text.slice(i, i + 12)}`);
				}
				lastTop = top;
				lastHeight = rects[0].height;
			}
		}
		return { overflows, splitWords, text: slide.innerText };
	});
}

describe('the slides of the demo deck', () => {
	for (const locale of ['fr-FR', 'en-GB'] as const) {
		test(`fit their 16:9 box at 1366×768 without cutting a word (${locale})`, async () => {
			const app = await open({ locale });
			const { page } = app;
			const id = await demoWorkspaceId(app);
			await app.goto(`/w/${id}/present?slide=1`);
			await page.locator('.kpi .k-value').first().filter({ hasText: /%/ }).waitFor({ timeout: 120_000 });
			const total = Number((await page.locator('.bar .counter').innerText()).match(/(\d+)\D*$/)?.[1]);
			expect(total).toBeGreaterThanOrEqual(5);
			const slide = page.locator('section.slide');
			const kinds: string[] = [];
			for (let n = 1; n <= total; n++) {
				if (n > 1) await page.keyboard.press('ArrowRight');
				await expect.poll(() => new URL(page.url()).searchParams.get('slide')).toBe(String(n));
				const kind = (await slide.getAttribute('data-slide')) ?? '';
				kinds.push(kind);
				if (kind === 'frictions') await slide.locator('tbody tr').first().waitFor();
				if (kind === 'journey') await slide.locator('.state').first().waitFor();
				if (kind === 'trend') await slide.locator('svg').waitFor();
				// The fitting runs on the next frame after the content changes.
				await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
				const box = await slide.boundingBox();
				expect(box && Math.abs(box.width / box.height - 16 / 9)).toBeLessThan(0.01);
				const measured = await measureSlide(page);
				expect(measured.overflows, `slide ${n} (${kind})`).toEqual([]);
				expect(measured.splitWords, `slide ${n} (${kind})`).toEqual([]);
				// In French no word is a channel id ("phone" is English for a channel a journey step may name).
				if (locale === 'fr-FR') expect(rawIds(measured.text).join(' / '), `slide ${n} (${kind})`).toBe('');
				if (kind === 'journey') {
					// A journey step's figures say what they are.
					expect(measured.text).toMatch(locale === 'fr-FR' ? /\d contacts? évitables?/ : /\d avoidable contacts?/);
					expect(measured.text).toMatch(locale === 'fr-FR' ? /Coût évitable : \d/ : /Avoidable cost: €?\d/);
				}
				await screenshot(page, `slide-${locale.slice(0, 2)}-${n}-${kind}`);
			}
			expect(kinds).toEqual(expect.arrayContaining(['kpis', 'frictions', 'trend', 'journey', 'actions']));
			expect(app.errors).toEqual([]);
		});
	}

	test('give a PowerPoint deck without twin slides or channel ids, and a PDF with the map, the trend, the friction table, € and dashes', async () => {
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/frictions`);
		await page.locator('table.frictions tbody tr').first().waitFor({ timeout: 120_000 });
		const rowNames = (await page.locator('table.frictions tbody tr th').allInnerTexts()).map((s) => s.split('\n')[0].trim()).filter(Boolean);
		expect(rowNames.length).toBeGreaterThan(3);

		const [pptx] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Présentation (PowerPoint)' }).click()]);
		// Kept beside the screenshots, to open it in PowerPoint or LibreOffice.
		await mkdir('test-results', { recursive: true });
		await pptx.saveAs(join('test-results', 'deck-demo-fr.pptx'));
		const files = unzipSync(new Uint8Array(await readFile(await pptx.path())));
		const slides = Object.keys(files)
			.filter((f) => /^ppt\/(slides|notesSlides)\/\w+\d+\.xml$/.test(f))
			.map((f) => ({ f, xml: new TextDecoder().decode(files[f]) }));
		const texts = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]);
		const contents = slides.filter(({ f }) => f.startsWith('ppt/slides/')).map(({ xml }) => texts(xml).join('|'));
		expect(contents.length).toBeGreaterThanOrEqual(8);
		expect(new Set(contents).size).toBe(contents.length);
		for (const { f, xml } of slides) expect(rawIds(texts(xml).join('\n')).join(' / '), f).toBe('');

		const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('button', { name: 'Rapport (PDF)' }).click()]);
		const dir = await mkdtemp(join(tmpdir(), 'report-'));
		const file = join(dir, 'report.pdf');
		await pdf.saveAs(file);
		const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
		expect(text).toContain('€');
		expect(text).toContain('—');
		// The journeys' maps (the unit tests check the narrow no-break space, which pdftotext turns into a space).
		expect(text).toMatch(/Carte du parcours\s: /);
		// Each step named on the deck's first journey slide is drawn on its map.
		const journeySlide = contents.find((c) => c.startsWith('Parcours : '))?.split('|') ?? [];
		const steps = journeySlide.filter((s) => !/\d|:|aucun motif/.test(s)).slice(1);
		expect(steps.length).toBeGreaterThan(5);
		const mapPage = text.split('\f').find((p) => /Carte du parcours\s: /.test(p)) ?? '';
		for (const step of steps) for (const word of step.replace(/&apos;/g, "'").match(/\p{L}{3,}/gu) ?? []) expect(mapPage, step).toContain(word);
		expect(text).toContain('Résolution au premier contact par mois');
		// Every row of the friction table, whole (the table wraps, so compare word by word).
		const words = text.replace(/\s+/g, ' ');
		for (const name of rowNames) for (const word of name.split(/\s+/)) expect(words).toContain(word);
		expect(rawIds(text).join(' / ')).toBe('');
		// The pages, as images, for looking at.
		execFileSync('pdftoppm', ['-r', '60', '-png', file, join(dir, 'page')]);
		await mkdir(SCREENS_DIR, { recursive: true });
		const pages = (await readdir(dir)).filter((f) => f.endsWith('.png')).sort();
		expect(pages.length).toBeGreaterThanOrEqual(6);
		for (const png of pages) await copyFile(join(dir, png), join(SCREENS_DIR, `report-fr-${png}`));
		expect(app.errors).toEqual([]);
	});
});
