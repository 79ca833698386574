import { describe, expect, test } from 'vitest';
import { card, checkA11y, demoLink, demoWorkspaceId, screenshot, useApp, type App } from './browser';

const { open } = useApp();

const SECTIONS = ['journeys', 'motives', 'knowledge', 'data', 'analysis', 'frictions'] as const;

/** The workspace's section navigation, by its accessible name (pages may have a navigation of their own). */
const SECTIONS_NAV = { fr: 'Sections de l’espace', en: 'Workspace sections' };

const NAV = {
	fr: { overview: 'Vue d’ensemble', journeys: 'Parcours', motives: 'Motifs', knowledge: 'Connaissances', data: 'Données', analysis: 'Analyse', frictions: 'Irritants' },
	en: { overview: 'Overview', journeys: 'Journeys', motives: 'Motives', knowledge: 'Knowledge', data: 'Data', analysis: 'Analysis', frictions: 'Frictions' }
};

/** Every screen: its path, a name for its screenshot, and a text that shows it is ready. */
function screens(id: string, lang: 'fr' | 'en') {
	return [
		{ path: '/', name: 'home', ready: lang === 'fr' ? 'Nouvel espace de travail' : 'New workspace' },
		...(['overview', ...SECTIONS] as const).map((section) => ({
			path: section === 'overview' ? `/w/${id}` : `/w/${id}/${section}`,
			name: section,
			current: NAV[lang][section]
		})),
		{
			path: '/w/unknown-workspace',
			name: 'workspace-not-found',
			ready: lang === 'fr' ? 'Espace de travail introuvable' : 'Workspace not found'
		},
		{ path: '/no/such/page', name: 'error-404', ready: lang === 'fr' ? 'Page introuvable' : 'Page not found' }
	];
}

async function visitAll(app: App, lang: 'fr' | 'en', size: string) {
	const id = await demoWorkspaceId(app);
	const failures: Record<string, unknown> = {};
	for (const screen of screens(id, lang)) {
		await app.goto(screen.path);
		if ('current' in screen) {
			const current = app.page
				.getByRole('navigation', { name: SECTIONS_NAV[lang] })
				.locator('a[aria-current="page"]');
			await current.waitFor();
			expect(await current.textContent(), screen.name).toBe(screen.current);
			await app.page.locator('main h2').first().waitFor();
		} else {
			await app.page.getByText(screen.ready).first().waitFor();
		}
		// Let live queries and layout settle before judging the page.
		await app.page.waitForTimeout(300);
		await screenshot(app.page, `${lang}-${size}-${screen.name}`);
		const violations = await checkA11y(app.page);
		if (violations.length) failures[screen.name] = violations;
	}
	return failures;
}

describe('accessibility of every page (axe: no serious or critical violation)', () => {
	test('French, 1366×768', async () => {
		const app = await open({ locale: 'fr-FR', viewport: { width: 1366, height: 768 } });
		expect(await visitAll(app, 'fr', '1366')).toEqual({});
		expect(app.errors).toEqual([]);
	});

	test('English, 1280×720 (a projector)', async () => {
		const app = await open({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
		expect(await visitAll(app, 'en', '1280')).toEqual({});
		expect(app.errors).toEqual([]);
	});

	test('French, 1280×720 and English, 1366×768', async () => {
		const fr = await open({ locale: 'fr-FR', viewport: { width: 1280, height: 720 } });
		expect(await visitAll(fr, 'fr', '1280')).toEqual({});
		const en = await open({ locale: 'en-US', viewport: { width: 1366, height: 768 } });
		expect(await visitAll(en, 'en', '1366')).toEqual({});
		expect([...fr.errors, ...en.errors]).toEqual([]);
	});

	for (const lang of ['fr', 'en'] as const) {
		test(`dialogs (${lang})`, async () => {
			const app = await open({ locale: lang === 'fr' ? 'fr-FR' : 'en-US' });
			const { page } = app;
			await app.goto('/');
			const name = (await (await demoLink(page)).textContent())!.trim();

			await page.getByRole('button', { name: lang === 'fr' ? 'Nouvel espace de travail' : 'New workspace' }).click();
			await page.getByRole('dialog').waitFor();
			await screenshot(page, `${lang}-1366-dialog-create`);
			expect(await checkA11y(page)).toEqual([]);
			await page.keyboard.press('Escape');
			await page.getByRole('dialog').waitFor({ state: 'hidden' });

			await card(page, name).getByRole('button', { name: lang === 'fr' ? 'Supprimer' : 'Delete' }).click();
			await page.getByRole('alertdialog').waitFor();
			await screenshot(page, `${lang}-1366-dialog-delete`);
			expect(await checkA11y(page)).toEqual([]);
			await page.keyboard.press('Escape');

			const [chooser] = await Promise.all([
				page.waitForEvent('filechooser'),
				page.getByRole('button', { name: lang === 'fr' ? 'Importer un fichier' : 'Import a file' }).click()
			]);
			await chooser.setFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"a":') });
			await page.getByRole('alert').filter({ hasText: 'broken.json' }).waitFor();
			await screenshot(page, `${lang}-1366-import-error`);
			expect(await checkA11y(page)).toEqual([]);
			expect(app.errors).toEqual([]);
		});
	}

	test('keyboard: skip link first, dialogs take and give back focus', async () => {
		const app = await open();
		const { page } = app;
		await app.goto('/');
		await demoLink(page);
		const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

		await page.keyboard.press('Tab');
		expect(await focused()).toBe('Aller au contenu');
		await screenshot(page, 'fr-1366-focus-skip-link');
		let steps = 0;
		while ((await focused()) !== '+ Nouvel espace de travail' && steps++ < 10) await page.keyboard.press('Tab');
		expect(await focused()).toBe('+ Nouvel espace de travail');
		await page.keyboard.press('Enter');
		await page.getByRole('dialog').waitFor();
		expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
		// Focus stays inside the modal dialog.
		for (let i = 0; i < 6; i++) {
			await page.keyboard.press('Tab');
			expect(await page.evaluate(() => !!document.activeElement?.closest('dialog') || document.activeElement === document.body)).toBe(true);
		}
		await page.keyboard.press('Escape');
		await page.getByRole('dialog').waitFor({ state: 'hidden' });
		expect(await focused()).toBe('+ Nouvel espace de travail');
		await screenshot(page, 'fr-1366-focus-returned');
		expect(app.errors).toEqual([]);
	});
});
