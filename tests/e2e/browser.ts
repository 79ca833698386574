/**
 * Real-browser helpers for the end-to-end tests: one Chromium per test file, a fresh context
 * (so a fresh, empty IndexedDB) per test, console and page errors collected, axe checks and
 * screenshots. A test during which the page breaks its Content-Security-Policy fails, whatever
 * it checks itself: the policy is part of what the built app promises.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import axe from 'axe-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

export function chromiumPath(): string {
	return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

export async function launchChromium(): Promise<Browser> {
	return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

export interface AppOptions {
	/** The browser's language, which picks the interface language on first start. @default 'fr-FR' */
	locale?: string;
	/** @default { width: 1366, height: 768 } */
	viewport?: { width: number; height: number };
	/** Where the app is served; the static build by default (a team server's address, for example). */
	baseUrl?: string;
}

export interface App {
	context: BrowserContext;
	page: Page;
	baseUrl: string;
	/** Console errors and uncaught page errors seen so far; every test expects none. */
	errors: string[];
	/** Content-Security-Policy violations seen so far; any fails the test after it ends. */
	violations: string[];
	/** Every address the page asked for, in order. */
	requests: string[];
	/** Opens a path of the app (`/`, `/w/123/motives`) and waits for it to settle. */
	goto(path: string): Promise<void>;
}

/**
 * Registers the hooks of a test file and returns `open()`, which gives each test its own
 * browser context. Contexts are closed after each test, the browser after the file.
 */
export function useApp(): { open(options?: AppOptions): Promise<App> } {
	let browser: Browser | undefined;
	const contexts: BrowserContext[] = [];
	let violations: string[] = [];

	beforeAll(async () => {
		browser = await launchChromium();
	});
	afterEach(async () => {
		await Promise.all(contexts.splice(0).map((c) => c.close()));
		const seen = violations;
		violations = [];
		if (seen.length) throw new Error(`The page broke its Content-Security-Policy:\n${seen.join('\n')}`);
	});
	afterAll(async () => {
		await browser?.close();
	});

	return {
		async open(options: AppOptions = {}) {
			if (!browser) throw new Error('The browser is not started: call useApp() at the top of the file.');
			const baseUrl = options.baseUrl || process.env.E2E_BASE_URL || inject('baseUrl');
			const context = await browser.newContext({
				locale: options.locale ?? 'fr-FR',
				viewport: options.viewport ?? { width: 1366, height: 768 },
				acceptDownloads: true
			});
			contexts.push(context);
			const seen = violations;
			// The page's own report of each violation (pages and the documents they open)…
			await context.exposeBinding('__cspViolation', (_source, text: string) => void seen.push(text));
			await context.addInitScript(() => {
				document.addEventListener('securitypolicyviolation', (event) => {
					const report = (window as unknown as { __cspViolation(text: string): void }).__cspViolation;
					report(`${event.effectiveDirective} refused ${event.blockedURI || '(inline)'} at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
				});
			});
			const page = await context.newPage();
			const errors: string[] = [];
			const requests: string[] = [];
			page.on('console', (message) => {
				if (message.type() !== 'error') return;
				errors.push(`console: ${message.text()}`);
				// …and the browser's console line, which workers' violations give too.
				if (/Content Security Policy/i.test(message.text())) seen.push(`console: ${message.text()}`);
			});
			page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
			page.on('request', (request) => void requests.push(request.url()));
			return {
				context,
				page,
				baseUrl,
				errors,
				violations: seen,
				requests,
				async goto(path: string) {
					await page.goto(new URL(path, baseUrl).href, { waitUntil: 'load' });
				}
			};
		}
	};
}

export interface AxeViolation {
	id: string;
	impact: string;
	help: string;
	targets: string[];
}

/** Runs axe-core on the page; returns the serious and critical violations only. */
export async function checkA11y(page: Page): Promise<AxeViolation[]> {
	const loaded = await page.evaluate(() => 'axe' in window);
	// Evaluated by the test driver, not added as an inline <script>, which the app's policy refuses.
	if (!loaded) await page.evaluate(axe.source);
	const violations = await page.evaluate(async () => {
		const w = window as unknown as { axe: typeof axe };
		const result = await w.axe.run(document, { resultTypes: ['violations'] });
		return result.violations.map((v) => ({
			id: v.id,
			impact: v.impact ?? 'unknown',
			help: v.help,
			targets: v.nodes.map((n) => n.target.join(' '))
		}));
	});
	return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export const SCREENS_DIR = join('test-results', 'screens');

/** Saves a full-page PNG to `test-results/screens/<name>.png`; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
	await mkdir(SCREENS_DIR, { recursive: true });
	const path = join(SCREENS_DIR, `${name}.png`);
	await page.screenshot({ path, fullPage: true });
	return path;
}

/** The demo workspace's card link, once the home page has listed it. */
export async function demoLink(page: Page) {
	const link = page.getByRole('link', { name: /d[ée]mo/i }).first();
	await link.waitFor();
	return link;
}

/** Opens the home page and returns the demo workspace's id (seeded on first start). */
export async function demoWorkspaceId(app: App): Promise<string> {
	await app.goto('/');
	const href = await (await demoLink(app.page)).getAttribute('href');
	const id = href?.match(/^\/w\/([^/]+)$/)?.[1];
	if (!id) throw new Error(`Unexpected demo link: ${href}`);
	return id;
}

/** A workspace card on the home page, by its exact name. */
export function card(page: Page, name: string) {
	return page.getByRole('article', { name, exact: true });
}
