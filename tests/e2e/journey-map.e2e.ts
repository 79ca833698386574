import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, demoWorkspaceId, screenshot, useApp, type App } from './browser';
import { createDemoWorkspace, JOURNEY_FACTURE_ID } from '../../src/lib/domain/demo';
import { stageKeys } from '../../src/lib/domain/journey';

const { open } = useApp();
const facture = createDemoWorkspace().journeys.find((j) => j.id === JOURNEY_FACTURE_ID)!.machine;
/** The phases that can move: the top-level states but the final ones, in the demo's order. */
const phases = stageKeys(facture).filter((key) => facture.states[key].type !== 'final');

const lanes = {
	fr: { name: 'Couloirs', channel: 'par canal', touchpoint: 'par type de point de contact', none: 'aucun', noChannel: 'Sans canal' },
	en: { name: 'Lanes', channel: 'by channel', touchpoint: 'by touchpoint type', none: 'none', noChannel: 'No channel' }
} as const;

const words = {
	fr: { phases: '▦ Phases seules', fit: "⤢ Ajuster à l'écran", overlay: 'Réalité mesurée', saved: 'Enregistré', right: 'Déplacer la phase vers la droite', left: 'Déplacer la phase vers la gauche' },
	en: { phases: '▦ Phases only', fit: '⤢ Fit to screen', overlay: 'Measured overlay', saved: 'Saved', right: 'Move the phase right', left: 'Move the phase left' }
} as const;

async function openFacture(app: App): Promise<string> {
	const id = await demoWorkspaceId(app);
	const path = `/w/${id}/journeys/${JOURNEY_FACTURE_ID}`;
	await app.goto(path);
	await app.page.locator('g.state[data-state-id]').first().waitFor();
	// ELK's layout, not the quick sketch, and the view fitted to it.
	await app.page.locator('.sketching').waitFor({ state: 'detached' });
	await app.page.waitForTimeout(300);
	return path;
}

interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** What the map shows at the current zoom: each state label's size on screen, the boxes of states and legends. */
async function measure(page: Page) {
	return page.evaluate(() => {
		const svg = document.querySelector<SVGSVGElement>('svg[aria-describedby="journey-graph-help"]');
		if (!svg) throw new Error('no graph');
		const box = (r: DOMRect) => ({ x: r.x, y: r.y, width: r.width, height: r.height });
		const labels = [...svg.querySelectorAll<SVGTextElement>('text.state-label, text.stage-title, text.lane-label')].map((text) => ({
			text: text.textContent ?? '',
			// The font size drawn times the zoom the SVG applies to it, and the height the browser gives it.
			px: parseFloat(getComputedStyle(text).fontSize) * (text.getScreenCTM()?.a ?? 0),
			height: text.getBoundingClientRect().height
		}));
		const states = [...svg.querySelectorAll<SVGGElement>('g[data-state-id]')].map((g) => ({
			id: g.dataset.stateId ?? '',
			stage: g.classList.contains('stage'),
			box: box((g.querySelector('rect') as SVGRectElement).getBoundingClientRect())
		}));
		const legends = [...document.querySelectorAll<HTMLElement>('.legend')].map((l) => box(l.getBoundingClientRect()));
		return { labels, states, legends, view: box(svg.getBoundingClientRect()), leaves: svg.querySelectorAll('g.state').length };
	});
}

const clip = (a: Box, to: Box): Box | null => {
	const x = Math.max(a.x, to.x);
	const y = Math.max(a.y, to.y);
	const right = Math.min(a.x + a.width, to.x + to.width);
	const bottom = Math.min(a.y + a.height, to.y + to.height);
	return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
};
const meets = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The phases in the order the map shows them, left to right. */
async function shownPhases(page: Page): Promise<string[]> {
	const { states } = await measure(page);
	return states
		.filter((s) => s.stage && phases.includes(s.id))
		.sort((a, b) => a.box.x - b.box.x)
		.map((s) => s.id);
}

async function checkReadable(app: App, lang: 'fr' | 'en', overlay: boolean) {
	const { page } = app;
	// The workspace's header above scrolled away: the journey's header at the top of the screen.
	await page.locator('.screen').evaluate((el) => el.scrollIntoView({ block: 'start' }));
	const seen = await measure(page);
	// Every state has its label drawn, at least 12 px on screen.
	expect(seen.labels.length).toBeGreaterThanOrEqual(seen.leaves);
	const smallest = Math.min(...seen.labels.map((l) => l.px));
	console.log(`journey map (${lang}, overlay ${overlay ? 'on' : 'off'}): ${seen.states.length} states, smallest label ${smallest.toFixed(1)} px at fit`);
	for (const label of seen.labels) {
		expect(label.px, `${label.text} (${lang})`).toBeGreaterThanOrEqual(12);
		expect(label.height, `${label.text} (${lang})`).toBeGreaterThanOrEqual(12);
	}
	// No legend over a state: the part of each state visible in the view meets no legend.
	expect(seen.legends.length).toBeGreaterThan(0);
	for (const state of seen.states) {
		const visible = clip(state.box, seen.view);
		if (!visible) continue;
		for (const legend of seen.legends) expect(meets(visible, legend), `legend over ${state.id}`).toBe(false);
	}
	// The graph, its legend and the side panel fit the screen under the journey's header and toolbar.
	const work = (await page.locator('.work').boundingBox()) as Box;
	const toolbar = (await page.getByRole('toolbar').boundingBox()) as Box;
	expect(work.height + toolbar.height, JSON.stringify({ work, toolbar })).toBeLessThanOrEqual(768);
	// (Within a pixel: the page scrolls by whole pixels.)
	if (!overlay) expect(work.y + work.height).toBeLessThanOrEqual(769);
	// The side panel's tabs do not overlap one another.
	const tabs = await page.getByRole('tab').evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })));
	for (let i = 0; i < tabs.length; i++) for (let j = i + 1; j < tabs.length; j++) expect(meets(tabs[i], tabs[j]), `tabs ${i} and ${j}`).toBe(false);
	const clipped = await page.getByRole('tab').evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth + 1).length);
	expect(clipped).toBe(0);
}

describe('the journey map', () => {
	for (const lang of ['fr', 'en'] as const) {
		test(`is readable at fit on a 1366×768 screen, legends beside the states (${lang})`, async () => {
			const app = await open({ locale: lang === 'fr' ? 'fr-FR' : 'en-GB', viewport: { width: 1366, height: 768 } });
			const { page } = app;
			await openFacture(app);
			await page.locator('.screen').evaluate((el) => el.scrollIntoView({ block: 'start' }));
			await screenshot(page, `journey-map-${lang}`);
			await checkReadable(app, lang, false);

			// The phases only: a card per phase with its counts; one opens on its steps, readable.
			await page.getByRole('button', { name: words[lang].phases, exact: true }).click();
			const cards = page.getByTestId('phase-overview').getByRole('button');
			expect(await cards.count()).toBe(stageKeys(facture).length);
			await screenshot(page, `journey-map-phases-${lang}`);
			expect(await checkA11y(page)).toEqual([]);
			await cards.nth(2).click();
			await page.getByTestId('phase-overview').waitFor({ state: 'detached' });
			await page.waitForTimeout(300);
			const third = phases[2];
			const shown = await measure(page);
			const box = shown.states.find((st) => st.id === third)?.box as Box;
			expect(clip(box, shown.view)).not.toBeNull();
			for (const label of shown.labels) expect(label.px).toBeGreaterThanOrEqual(12);
			await page.getByRole('button', { name: words[lang].fit }).click();

			await page.getByRole('switch', { name: words[lang].overlay }).click();
			await page.locator('g.state[data-volume]:not([data-volume="0"])').first().waitFor({ timeout: 90_000 });
			await page.waitForTimeout(400);
			await screenshot(page, `journey-map-overlay-${lang}`);
			await checkReadable(app, lang, true);
			expect(app.errors).toEqual([]);
		}, 180_000);
	}

	test('moves a phase with the keyboard and by dragging it, and keeps the order after a reload', async () => {
		const app = await open({ viewport: { width: 1366, height: 768 } });
		const { page } = app;
		await openFacture(app);
		expect(await shownPhases(page)).toEqual(phases);

		// Keyboard: focus the first phase, select it, move it right.
		await page.locator(`g.stage[data-state-id="${phases[0]}"]`).focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => page.getByRole('button', { name: words.fr.left }).isDisabled()).toBe(true);
		expect(await checkA11y(page)).toEqual([]);
		await page.getByRole('button', { name: words.fr.right }).click();
		const once = [phases[1], phases[0], ...phases.slice(2)];
		await expect.poll(() => shownPhases(page)).toEqual(once);
		await page.getByRole('status').filter({ hasText: words.fr.saved }).waitFor();
		await page.reload();
		await page.locator('g.state[data-state-id]').first().waitFor();
		await expect.poll(() => shownPhases(page)).toEqual(once);

		// Drag: the second phase by its title before the first (both in view at the readable fit).
		const second = once[1];
		const handle = page.locator(`[data-drag-handle="${second}"]`);
		const from = (await handle.boundingBox()) as Box;
		const first = (await page.locator(`[data-drag-handle="${once[0]}"]`).boundingBox()) as Box;
		await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
		await page.mouse.down();
		for (let i = 1; i <= 10; i++) await page.mouse.move(from.x + from.width / 2 + ((first.x - 20 - from.x - from.width / 2) * i) / 10, from.y + from.height / 2);
		await page.locator('[data-testid="stage-drop"]').waitFor({ state: 'attached' });
		await page.mouse.up();
		const dragged = [second, once[0], ...once.slice(2)];
		await expect.poll(() => shownPhases(page)).toEqual(dragged);
		await page.getByRole('status').filter({ hasText: words.fr.saved }).waitFor();
		await page.reload();
		await page.locator('g.state[data-state-id]').first().waitFor();
		await expect.poll(() => shownPhases(page)).toEqual(dragged);
		await screenshot(page, 'journey-map-reordered');
		expect(app.errors).toEqual([]);
	}, 120_000);

	for (const lang of ['fr', 'en'] as const) {
		test(`draws swimlanes by channel and by touchpoint type, readable at fit, remembered after a reload (${lang})`, async () => {
			const app = await open({ locale: lang === 'fr' ? 'fr-FR' : 'en-GB', viewport: { width: 1366, height: 768 } });
			const { page } = app;
			await openFacture(app);
			const select = page.getByRole('combobox', { name: lanes[lang].name, exact: true });
			await select.selectOption({ label: lanes[lang].channel });
			await page.getByTestId('lanes').waitFor();
			await page.waitForTimeout(400);
			await page.locator('.screen').evaluate((el) => el.scrollIntoView({ block: 'start' }));
			await screenshot(page, `journey-map-lanes-channel-${lang}`);
			await checkReadable(app, lang, false);
			// Each state sits in the band of its lane, its channel's.
			const cells = await page.evaluate(() => {
				const svg = document.querySelector<SVGSVGElement>('svg[aria-describedby="journey-graph-help"]') as SVGSVGElement;
				const bands = new Map([...svg.querySelectorAll<SVGGElement>('g.lane')].map((g) => [g.dataset.lane ?? '', (g.querySelector('rect') as SVGRectElement).getBoundingClientRect()]));
				return [...svg.querySelectorAll<SVGGElement>('g.state[data-state-id]')].map((g) => {
					const r = (g.querySelector('rect') as SVGRectElement).getBoundingClientRect();
					return { id: g.dataset.stateId ?? '', top: r.top, bottom: r.bottom, bands: [...bands].filter(([, b]) => r.top >= b.top - 0.5 && r.bottom <= b.bottom + 0.5).map(([k]) => k) };
				});
			});
			const channelOf = (id: string) => {
				const keys = id.split('.');
				let node = facture.states[keys[0]];
				for (const key of keys.slice(1)) node = node.states![key];
				return node.meta?.channel ?? 'none';
			};
			expect(cells.length).toBeGreaterThan(5);
			for (const cell of cells) expect(cell.bands, cell.id).toEqual([channelOf(cell.id)]);
			expect(await page.getByTestId('lanes').getByText(lanes[lang].noChannel).count()).toBeLessThanOrEqual(1);
			expect(await checkA11y(page)).toEqual([]);

			await select.selectOption({ label: lanes[lang].touchpoint });
			await page.waitForTimeout(400);
			await page.locator('.screen').evaluate((el) => el.scrollIntoView({ block: 'start' }));
			await screenshot(page, `journey-map-lanes-touchpoint-${lang}`);
			await checkReadable(app, lang, false);

			// Remembered for this journey in this browser.
			await page.reload();
			await page.getByTestId('lanes').waitFor();
			expect(await page.getByRole('combobox', { name: lanes[lang].name, exact: true }).inputValue()).toBe('touchpoint');
			await page.getByRole('combobox', { name: lanes[lang].name, exact: true }).selectOption({ label: lanes[lang].none });
			await page.getByTestId('lanes').waitFor({ state: 'detached' });
			expect(app.errors).toEqual([]);
		}, 180_000);
	}
});
