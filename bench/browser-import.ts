/**
 * The browser import benchmark: a contact CSV (1M rows by default) imported through the Data
 * page of the built app in Chromium, end to end (file → worker → IndexedDB → first analysis),
 * with the longest main-thread task seen meanwhile, then the Analysis page on that dataset until
 * its FCR card shows the command line's figures; beside it, the command line on the same file.
 *
 *   npx vite build && npx tsx bench/browser-import.ts [contacts.csv]
 *
 * The file defaults to bench/data/contacts-1m.csv (made by
 * `node bin/parcours.js generate --contacts 1000000 --seed 1 --out bench/data/contacts-1m.csv`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../tests/e2e/browser';
import { serveStatic } from '../tests/e2e/static-server';

const file = resolve(process.argv[2] ?? 'bench/data/contacts-1m.csv');
const pseudonymise = !process.argv.includes('--no-pseudonymise');
if (!existsSync(file)) {
	console.error(`${file} is missing: node bin/parcours.js generate --contacts 1000000 --seed 1 --out ${file}`);
	process.exit(1);
}
if (!existsSync('build/index.html')) {
	console.error('build/ is missing: run npx vite build first.');
	process.exit(1);
}

const { url, server } = await serveStatic('build');
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
	const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(url, { waitUntil: 'load' });
	const href = await page.getByRole('link', { name: /d[ée]mo/i }).first().getAttribute('href');
	await page.goto(new URL(`${href}/data`, url).href, { waitUntil: 'load' });
	// Let the demo data be made first, so it does not share the timing.
	await page.locator('tbody tr').filter({ hasText: 'demo-contacts.csv' }).waitFor({ timeout: 120_000 });
	await page.getByText(/Motive codes of|Every motive code/).first().waitFor({ timeout: 120_000 });

	await page.getByLabel('File (CSV or Excel)').setInputFiles(file);
	await page.getByRole('table', { name: /Preview/ }).waitFor({ timeout: 60_000 });
	if (!pseudonymise) await page.getByRole('checkbox', { name: 'Pseudonymise customer ids' }).uncheck();
	await page.evaluate(() => {
		const w = window as unknown as { longest: number; tasks: number };
		w.longest = 0;
		w.tasks = 0;
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) {
				w.tasks++;
				w.longest = Math.max(w.longest, entry.duration);
			}
		}).observe({ type: 'longtask', buffered: false });
	});
	const name = file.split('/').pop()!.replace(/\.[^.]+$/, '');
	const started = Date.now();
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	await page.getByText(/rows imported into/).waitFor({ timeout: 300_000 });
	const imported = Date.now() - started;
	// The Data page then analyses the new dataset (motive volumes): the first figures on screen.
	await page.getByText(new RegExp(`Motive codes of “${name}”|Every motive code of “${name}”`)).waitFor({ timeout: 300_000 });
	const analysed = Date.now() - started;
	const rows = await page.locator('tbody tr').filter({ hasText: file.split('/').pop()! }).locator('.rows').textContent();
	// Then the dashboard: the Analysis page on the new dataset, until its FCR card shows the
	// figures the command line gives for the same file (same default settings).
	const cliJson = JSON.parse(
		execFileSync('node', ['bin/parcours.js', 'analyze', file, '--format', 'json'], { encoding: 'utf8' })
	) as { resolvedFirst: number; eligible: number };
	const expected = `${cliJson.resolvedFirst.toLocaleString('en-GB')} / ${cliJson.eligible.toLocaleString('en-GB')}`;
	const dashboardStarted = Date.now();
	await page.getByRole('link', { name: 'Analysis', exact: true }).click();
	const picker = page.getByRole('combobox', { name: /Dataset/ });
	await picker.waitFor({ timeout: 60_000 });
	const option = picker.locator('option').filter({ hasText: name });
	await picker.selectOption((await option.getAttribute('value'))!);
	await page.locator('[data-kpi="fcr"]').filter({ hasText: expected }).waitFor({ timeout: 120_000 });
	const dashboard = Date.now() - dashboardStarted;
	const fcrCard = (await page.locator('[data-kpi="fcr"]').innerText()).replace(/\s+/g, ' ');

	const { longest, tasks } = await page.evaluate(() => {
		const w = window as unknown as { longest: number; tasks: number };
		return { longest: w.longest, tasks: w.tasks };
	});

	const cliStarted = Date.now();
	execFileSync('node', ['bin/parcours.js', 'analyze', file], { stdio: 'ignore' });
	const cli = Date.now() - cliStarted;

	const mb = statSync(file).size / (1 << 20);
	console.log(
		JSON.stringify(
			{
				file,
				megabytes: Math.round(mb),
				rows,
				pseudonymise,
				browserImportMs: imported,
				browserImportAndFirstAnalysisMs: analysed,
				dashboardAfterImportMs: dashboard,
				importPlusDashboardMs: imported + dashboard,
				dashboardFcrCard: fcrCard,
				cliFcr: expected,
				longestMainThreadTaskMs: Math.round(longest),
				longTasks: tasks,
				cliAnalyzeMs: cli,
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
