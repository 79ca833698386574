import { describe, expect, test } from 'vitest';
import { demoWorkspaceId, screenshot, useApp } from './browser';
import { JOURNEY_EMMENAGEMENT_ID } from '../../src/lib/domain/demo';

const { open } = useApp();

/** Words of the French interface that an English page must not show (the data may be French). */
const FRENCH_UI = [/\bRPC\b/, /\bIC ?95\b/, /\w\(s\)/, /\blignes\b/, /\bEnregistré\b/, /\bréitérations?\b/i, /\bDiapositive\b/];

describe('the English interface', () => {
	test('shows its main pages at 1366×768 without French interface words or “(s)” plurals', async () => {
		const app = await open({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		const pages: [string, string][] = [
			['overview', `/w/${id}`],
			['journeys', `/w/${id}/journeys`],
			['journey', `/w/${id}/journeys/${JOURNEY_EMMENAGEMENT_ID}`],
			['motives', `/w/${id}/motives`],
			['knowledge', `/w/${id}/knowledge`],
			['data', `/w/${id}/data`],
			['analysis', `/w/${id}/analysis`],
			['frictions', `/w/${id}/frictions`]
		];
		const found: string[] = [];
		for (const [name, path] of pages) {
			await app.goto(path);
			await page.locator('main h1, main h2').first().waitFor();
			// The measured figures come from a worker: let them arrive before reading the page.
			await page.waitForTimeout(name === 'analysis' || name === 'frictions' ? 6000 : 1500);
			const text = await page.locator('main').innerText();
			for (const word of FRENCH_UI) if (word.test(text)) found.push(`${name}: ${word} in “${text.match(word)?.[0]}”`);
			await screenshot(page, `en-${name}`);
		}
		expect(found).toEqual([]);
		expect(app.errors).toEqual([]);
	});
});
