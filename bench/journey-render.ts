/**
 * The journey rendering benchmark: a 200-state journey (bench/journey-big.ts) imported through
 * the journey page of the built app in Chromium, then, over several reloads, the time from
 * navigation start to the 200 states drawn and the ELK layout time the page measures
 * (`journey-layout`), first with no cached layout, then with the layout the page cached in
 * localStorage (src/lib/analysis/journey-layout-cache.ts); then ~1 s of wheel zoom and ~1 s of drag pan, counting animation frames and
 * frames longer than 50 ms. Beside it, `layoutJourney` on the same journey in Node.
 *
 *   npx vite build && npx tsx bench/journey-render.ts [runs]
 */
import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { layoutJourney } from '../src/lib/analysis/journey-layout';
import { stateIds } from '../src/lib/domain/journey';
import { exportMachineJson } from '../src/lib/domain/journey-interop';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/e2e/browser';
import { serveStatic } from '../tests/e2e/static-server';
import { bigJourney } from './journey-big';

const runs = Number(process.argv[2] ?? 5);
if (!existsSync('build/index.html')) {
	console.error('build/ is missing: run npx vite build first.');
	process.exit(1);
}

const machine = bigJourney();
const count = stateIds(machine).length;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (values: number[]) => values.map((v) => Math.round(v));

// Node: the same layout, first call (cold) then warm calls.
const nodeLayout: number[] = [];
for (let i = 0; i < runs + 1; i++) {
	const started = performance.now();
	await layoutJourney(machine, { locale: 'fr' });
	nodeLayout.push(performance.now() - started);
}

/** Counts animation frames while `drive` runs: how many, and how many took longer than 50 ms. */
async function frames(page: Page, drive: () => Promise<void>) {
	// A string, so the bundler's helpers for named functions do not reach the page.
	await page.evaluate(`(() => {
		window.frames_ = [];
		window.counting = true;
		const tick = (time) => {
			window.frames_.push(time);
			if (window.counting) requestAnimationFrame(tick);
		};
		requestAnimationFrame(tick);
	})()`);
	const started = Date.now();
	await drive();
	const elapsed = Date.now() - started;
	const times = (await page.evaluate('window.counting = false, window.frames_')) as number[];
	const gaps = times.slice(1).map((t, i) => t - times[i]);
	return {
		ms: elapsed,
		frames: times.length,
		fps: Math.round((times.length / elapsed) * 1000),
		framesOver50ms: gaps.filter((g) => g > 50).length,
		longestFrameMs: Math.round(Math.max(0, ...gaps))
	};
}

const { url, server } = await serveStatic('build');
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
	const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1600, height: 1000 } });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	await page.goto(url, { waitUntil: 'load' });
	const href = await page.getByRole('link', { name: /d[ée]mo/i }).first().getAttribute('href');
	const journeys = new URL(`${href}/journeys`, url).href;
	await page.goto(journeys, { waitUntil: 'load' });
	const journey = await page.locator('ul.list a').first().getAttribute('href');
	const address = new URL(journey!, url).href;
	await page.goto(address, { waitUntil: 'load' });
	await page.locator('[data-state-id]').first().waitFor();

	// Import the 200-state journey through the page, and wait until it is saved.
	await page.locator('input[type="file"]').setInputFiles({
		name: 'big.machine.json',
		mimeType: 'application/json',
		buffer: Buffer.from(exportMachineJson(machine))
	});
	await page.waitForFunction((n) => document.querySelectorAll('[data-state-id]').length === n, count, { timeout: 60_000 });
	await page.getByRole('status').filter({ hasText: 'Enregistré' }).waitFor();

	/** Reloads the page; the time from navigation start to the states drawn. */
	const reload = async () => {
		await page.reload({ waitUntil: 'commit' });
		// performance.now() counts from the navigation start.
		const at = await page.waitForFunction(
			(n) => (document.querySelectorAll('[data-state-id]').length === n ? performance.now() : 0),
			count,
			{ polling: 'raf', timeout: 60_000 }
		);
		return (await at.jsonValue()) as number;
	};
	const clearLayoutCache = () =>
		page.evaluate(() => {
			for (const key of Object.keys(localStorage)) if (key.startsWith('parcours.layout.')) localStorage.removeItem(key);
		});
	const cacheBytes = await page.evaluate(() =>
		Object.keys(localStorage)
			.filter((key) => key.startsWith('parcours.layout.'))
			.reduce((sum, key) => sum + (localStorage.getItem(key)?.length ?? 0), 0)
	);

	// First visit (no cached layout: ELK runs), then a revisit (the layout comes from the cache).
	const drawn: number[] = [];
	const layout: number[] = [];
	const drawnCached: number[] = [];
	for (let i = 0; i < runs; i++) {
		await clearLayoutCache();
		drawn.push(await reload());
		const measures = await page.evaluate(() => performance.getEntriesByName('journey-layout').map((e) => e.duration));
		layout.push(measures.at(-1) ?? NaN);
		await page.waitForFunction(() => Object.keys(localStorage).some((key) => key.startsWith('parcours.layout.') && !key.endsWith('index')));
		drawnCached.push(await reload());
	}

	// Pan and zoom over the graph: wheel for about 1 s, then drag for about 1 s.
	const box = (await page.locator('svg[role="group"]').first().boundingBox())!;
	const cx = box.x + box.width / 2;
	const cy = box.y + box.height / 2;
	await page.mouse.move(cx, cy);
	const zoom = await frames(page, async () => {
		for (let i = 0; i < 60; i++) {
			await page.mouse.wheel(0, i < 30 ? -60 : 60);
			await page.waitForTimeout(16);
		}
	});
	const pan = await frames(page, async () => {
		await page.mouse.down();
		for (let i = 0; i < 60; i++) {
			await page.mouse.move(cx + Math.sin(i / 10) * 300, cy + Math.cos(i / 10) * 150);
			await page.waitForTimeout(16);
		}
		await page.mouse.up();
	});

	console.log(
		JSON.stringify(
			{
				states: count,
				runs,
				navigationToGraphDrawnMs: { median: Math.round(median(drawn)), all: round(drawn) },
				navigationToGraphDrawnCachedLayoutMs: { median: Math.round(median(drawnCached)), all: round(drawnCached) },
				layoutCacheCharacters: cacheBytes,
				layoutInPageMs: { median: Math.round(median(layout)), all: round(layout) },
				layoutInNodeMs: { cold: Math.round(nodeLayout[0]), warmMedian: Math.round(median(nodeLayout.slice(1))), all: round(nodeLayout) },
				zoom,
				pan,
				pageErrors: errors
			},
			null,
			2
		)
	);
} finally {
	await browser.close();
	server.close();
}
