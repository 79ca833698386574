/**
 * The journey rendering benchmark: a 200-state journey (bench/journey-big.ts) imported through
 * the journey page of the built app in Chromium, then, run after run, the layout and first
 * drawing the page measures (`journey-drawn`: from the page having the journey to the graph
 * painted; `journey-layout`: ELK's part):
 * - cold: the journey page loaded afresh, no layout cached, ELK's workers just started;
 * - warm: the journey opened from the journeys list, whose load warmed ELK's workers;
 * - cached: the page reloaded with its layout in localStorage (journey-layout-cache.ts);
 * - after an edit: one action renamed, ELK laying out its stage again;
 * and the time from navigation start to the 200 states drawn. Then ~1 s of wheel zoom and ~1 s
 * of drag pan, counting animation frames and frames longer than 50 ms. Beside it,
 * `layoutJourney` on the same journey in Node (ELK in the same thread).
 *
 *   npx vite build && npx tsx bench/journey-render.ts [runs]
 *
 * Results are printed and written to bench/journey-results.json.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
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

// Node: the same layout, first call (cold) then warm calls; the arrows' labels differ from run
// to run, so that no stage's layout is the one computed (and kept) before.
const nodeLayout: number[] = [];
for (let i = 0; i < runs + 1; i++) {
	const variant = JSON.parse(JSON.stringify(machine).replaceAll('Continuer', `Continuer ${i}`)) as typeof machine;
	const started = performance.now();
	await layoutJourney(variant, { locale: 'fr' });
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

	const lastMeasure = (name: string) =>
		page.evaluate((n) => performance.getEntriesByName(n).at(-1)?.duration ?? NaN, name);
	const waitCached = () =>
		page.waitForFunction(() => Object.keys(localStorage).some((key) => key.startsWith('parcours.layout.') && !key.endsWith('index')));

	// Cold: the journey page loaded afresh, no layout cached, ELK's workers started by the page.
	// Cached: the same page reloaded, its layout in the cache (no ELK).
	// Warm: the journeys list loaded afresh, ELK's workers warmed there, then the journey opened
	// from its link, no layout cached. Edit: one action renamed (ELK lays out its stage again,
	// and the row of stages when the stage's size changed).
	const cold = { drawn: [] as number[], layout: [] as number[], refined: [] as number[], navigation: [] as number[] };
	const cached = { drawn: [] as number[], navigation: [] as number[] };
	const warm = { drawn: [] as number[], layout: [] as number[], refined: [] as number[] };
	const edit: number[] = [];
	const list = journeys;
	for (let i = 0; i < runs; i++) {
		await clearLayoutCache();
		cold.navigation.push(await reload());
		await page.waitForFunction(() => performance.getEntriesByName('journey-drawn').length > 0);
		cold.drawn.push(await lastMeasure('journey-drawn'));
		await page.waitForFunction(() => performance.getEntriesByName('journey-refined').length > 0, undefined, { timeout: 60_000 });
		cold.layout.push(await lastMeasure('journey-layout'));
		cold.refined.push(await lastMeasure('journey-refined'));
		await waitCached();
		cached.navigation.push(await reload());
		await page.waitForFunction(() => performance.getEntriesByName('journey-drawn').length > 0);
		cached.drawn.push(await lastMeasure('journey-drawn'));

		await page.goto(list, { waitUntil: 'load' });
		await page.waitForFunction(() => performance.getEntriesByName('elk-warm').length > 0, undefined, { timeout: 60_000 });
		await clearLayoutCache();
		await page.locator(`a[href$="${new URL(address).pathname}"]`).first().click();
		await page.waitForFunction((n) => document.querySelectorAll('[data-state-id]').length === n, count, { timeout: 60_000 });
		await page.waitForFunction(() => performance.getEntriesByName('journey-drawn').length > 0);
		warm.drawn.push(await lastMeasure('journey-drawn'));
		await page.waitForFunction(() => performance.getEntriesByName('journey-refined').length > 0, undefined, { timeout: 60_000 });
		warm.layout.push(await lastMeasure('journey-layout'));
		warm.refined.push(await lastMeasure('journey-refined'));

		const before = await page.evaluate(() => performance.getEntriesByName('journey-layout').length);
		await page.locator('[data-state-id="phase7.etape4"]').click();
		const action = page.getByLabel('Action (français)').first();
		await action.fill(`Continuer, version ${i}`);
		await action.press('Tab');
		await page.waitForFunction((n) => performance.getEntriesByName('journey-layout').length > n, before, { timeout: 60_000 });
		edit.push(await lastMeasure('journey-layout'));
	}
	await page.goto(address, { waitUntil: 'load' });
	await page.locator('[data-state-id]').nth(count - 1).waitFor();

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

	const results = JSON.stringify(
		{
			date: new Date().toISOString().slice(0, 10),
			cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
			states: count,
			runs,
			// Layout and first drawing: from the page having the journey to the graph painted.
			layoutAndFirstDrawMs: {
				coldWorkers: { median: Math.round(median(cold.drawn)), all: round(cold.drawn) },
				warmWorkers: { median: Math.round(median(warm.drawn)), all: round(warm.drawn) },
				cachedLayout: { median: Math.round(median(cached.drawn)), all: round(cached.drawn) }
			},
			// ELK's layout drawn in place of the sketch shown first.
			elkLayoutDrawnMs: {
				coldWorkers: { median: Math.round(median(cold.refined)), all: round(cold.refined) },
				warmWorkers: { median: Math.round(median(warm.refined)), all: round(warm.refined) }
			},
			layoutMs: {
				coldWorkers: { median: Math.round(median(cold.layout)), all: round(cold.layout) },
				warmWorkers: { median: Math.round(median(warm.layout)), all: round(warm.layout) },
				afterRenamingOneAction: { median: Math.round(median(edit)), all: round(edit) }
			},
			navigationToGraphDrawnMs: {
				coldWorkers: { median: Math.round(median(cold.navigation)), all: round(cold.navigation) },
				cachedLayout: { median: Math.round(median(cached.navigation)), all: round(cached.navigation) }
			},
			layoutCacheCharacters: cacheBytes,
			layoutInNodeMs: { cold: Math.round(nodeLayout[0]), warmMedian: Math.round(median(nodeLayout.slice(1))), all: round(nodeLayout) },
			zoom,
			pan,
			pageErrors: errors
		},
		null,
		2
	);
	console.log(results);
	writeFileSync('bench/journey-results.json', `${results}\n`);
} finally {
	await browser.close();
	server.close();
}
