import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { card, demoLink, demoWorkspaceId, screenshot, useApp, type App } from './browser';

const { open } = useApp();

/** Clicks "Exporter" on a card, then in its dialog, and returns the downloaded file's name and text. */
async function exportCard(page: Page, index: number, name: string) {
	await card(page, name).nth(index).getByRole('button', { name: 'Exporter' }).click();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('dialog').getByRole('button', { name: 'Exporter sans la clé' }).click()
	]);
	const path = await download.path();
	return { fileName: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/** Chooses a file through the "Importer un fichier" button, as a user would. */
async function importFile(page: Page, name: string, text: string) {
	const [chooser] = await Promise.all([
		page.waitForEvent('filechooser'),
		page.getByRole('button', { name: 'Importer un fichier' }).click()
	]);
	await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') });
}

type Json = Record<string, unknown>;

/** The workspace's content without what differs between two copies: ids of the workspace, dates, names. */
function comparable(text: string) {
	const file = JSON.parse(text) as Json;
	const { format, version, exportedAt: _exportedAt, settings: _settings, workspace, ...entities } = file;
	const { id: _id, createdAt: _c, updatedAt: _u, isDemo: _d, name: _n, ...rest } = workspace as Json;
	const lists = Object.fromEntries(
		Object.entries(entities).map(([key, list]) => [
			key,
			(list as Json[]).map(({ workspaceId: _w, ...entity }) => entity)
		])
	);
	return { format, version, workspace: rest, ...lists };
}

describe('workspace file', () => {
	test('an exported workspace imports back identical', async () => {
		const app = await open();
		const { page } = app;
		await app.goto('/');
		const name = (await (await demoLink(page)).textContent())!.trim();

		const first = await exportCard(page, 0, name);
		expect(first.fileName).toBe(`${name}.parcours.json`);
		expect(JSON.parse(first.text).motives).toHaveLength(20);

		// The file carries this browser's settings (window, target FCR) unless told otherwise.
		expect(JSON.parse(first.text).settings).toMatchObject({ dashboard: { window: expect.any(String) }, frictionTarget: expect.any(Number) });

		// Imported next to the original, the workspace is named as a copy.
		await importFile(page, first.fileName, first.text);
		await page.getByRole('status').getByText('importé').waitFor();
		const copyName = `${name} (copie)`;
		await card(page, copyName).waitFor();
		expect(await card(page, name).count()).toBe(1);

		const second = await exportCard(page, 0, copyName);
		expect(JSON.parse(second.text).workspace.name).toBe(copyName);
		expect(JSON.parse(second.text).settings).toEqual(JSON.parse(first.text).settings);
		expect(comparable(second.text)).toEqual(comparable(first.text));
		expect(app.errors).toEqual([]);
	});

	test('a broken file is refused with its problem named, and nothing changes', async () => {
		const app = await open();
		const { page } = app;
		await app.goto('/');
		const name = (await (await demoLink(page)).textContent())!.trim();
		const { text } = await exportCard(page, 0, name);
		const valid = JSON.parse(text) as Json & { motives: Json[] };

		const newer = { ...valid, version: 99 };
		const invalid = { ...valid, motives: [{ ...valid.motives[0], label: 42 }, ...valid.motives.slice(1)] };
		const cases: { file: string; content: string; problem: RegExp }[] = [
			{ file: 'notes.json', content: 'Bonjour, ceci est une note.', problem: /pas un fichier JSON/ },
			{ file: 'coupe.json', content: text.slice(0, Math.floor(text.length / 2)), problem: /tronqué/ },
			{ file: 'futur.json', content: JSON.stringify(newer), problem: /version plus récente.*version 99/ },
			{ file: 'autre.json', content: JSON.stringify({ hello: 'world' }), problem: /pas un espace de travail Parcours/ },
			{ file: 'faux.json', content: JSON.stringify(invalid), problem: /valeur invalide en « motives\[0\]\.label/ },
			{ file: 'vide.json', content: '', problem: /vide/ }
		];
		for (const { file, content, problem } of cases) {
			await importFile(page, file, content);
			const alert = page.getByRole('alert').filter({ hasText: file });
			await alert.waitFor();
			const message = (await alert.textContent()) ?? '';
			expect(message, file).toMatch(problem);
			expect(message, file).toContain('Rien n’a été modifié');
			expect(await page.getByRole('article').count(), file).toBe(1);
		}
		await page.reload();
		await demoLink(page);
		expect(await page.getByRole('article').count()).toBe(1);
		expect(app.errors).toEqual([]);
	});

	test('the import failure is explained in English too', async () => {
		const app = await open({ locale: 'en-US' });
		const { page } = app;
		await app.goto('/');
		await demoLink(page);
		const [chooser] = await Promise.all([
			page.waitForEvent('filechooser'),
			page.getByRole('button', { name: 'Import a file' }).click()
		]);
		await chooser.setFiles({ name: 'list.json', mimeType: 'application/json', buffer: Buffer.from('[1, 2') });
		const alert = page.getByRole('alert').filter({ hasText: 'list.json' });
		await alert.waitFor();
		expect(await alert.textContent()).toMatch(/truncated.*Nothing was changed/);
		expect(app.errors).toEqual([]);
	});

	test('a file nested thousands of levels deep, or with a state named __proto__, is refused with a sentence', async () => {
		const app = await open();
		const { page } = app;
		await app.goto('/');
		const name = (await (await demoLink(page)).textContent())!.trim();
		const { text } = await exportCard(page, 0, name);
		const deep = text.replace('"journeys": [', '"journeys": [' + '['.repeat(5000) + ']'.repeat(5000) + ',');
		const proto = text.replace(/"states": \{\s*"([^"]+)":/, '"states": { "__proto__":');
		expect(proto).not.toBe(text);
		const cases = [
			{ file: 'profond.json', content: deep, problem: /imbriqués sur plus de 100 niveaux/ },
			{ file: 'proto.json', content: proto, problem: /état nommé « __proto__ »/ }
		];
		for (const { file, content, problem } of cases) {
			await importFile(page, file, content);
			const alert = page.getByRole('alert').filter({ hasText: file });
			await alert.waitFor();
			expect(await alert.textContent(), file).toMatch(problem);
			if (file === 'profond.json') await screenshot(page, 'workspace-file-too-deep');
			expect(await page.getByRole('article').count(), file).toBe(1);
		}
		expect(app.errors).toEqual([]);
	});

	for (const [locale, lang] of [
		['fr-FR', 'fr'],
		['en-GB', 'en']
	] as const) {
		test(`the export dialog says the logs stay here, and leaves the settings and the deck out on request (${lang})`, async () => {
			const app = await open({ locale });
			const { page } = app;
			await app.goto('/');
			const name = (await (await demoLink(page)).textContent())!.trim();
			await card(page, name).getByRole('button', { name: lang === 'fr' ? 'Exporter' : 'Export' }).click();
			const dialog = page.getByRole('dialog');
			await dialog.waitFor();
			expect(await dialog.innerText()).toMatch(lang === 'fr' ? /données personnelles/ : /personal data/);
			const settings = dialog.getByRole('checkbox', { name: lang === 'fr' ? /^Les réglages/ : /^The settings/ });
			const deck = dialog.getByRole('checkbox', { name: lang === 'fr' ? /^La présentation/ : /^The presentation deck/ });
			expect(await settings.isChecked()).toBe(true);
			expect(await deck.isChecked()).toBe(true);
			await screenshot(page, `workspace-file-export-${lang}`);
			await settings.uncheck();
			await deck.uncheck();
			const [download] = await Promise.all([
				page.waitForEvent('download'),
				dialog.getByRole('button', { name: lang === 'fr' ? 'Exporter sans la clé' : 'Export without the key' }).click()
			]);
			const file = JSON.parse(await readFile(await download.path(), 'utf8')) as Json;
			expect(file.version).toBe(4);
			expect(file.datasets).toBeUndefined();
			expect(file.settings).toBeUndefined();
			expect((file.workspace as Json).costs).toBeUndefined();
			expect((file.workspace as Json).deck).toBeUndefined();
			expect((file.workspace as Json).pseudonymKey).toBeUndefined();
			expect(file.motives).toHaveLength(20);
			expect(app.errors).toEqual([]);
		});
	}

	test('the demo exported with its logs imports back with the same FCR on the Analysis page', { timeout: 240_000 }, async () => {
		const app = await open();
		const { page } = app;
		const fcrOf = async (app: App, id: string) => {
			await app.goto(`/w/${id}/analysis`);
			await page.locator('[data-kpi="fcr"] .value').waitFor({ timeout: 90_000 });
			await page.locator('.results[aria-busy="false"]').waitFor({ timeout: 60_000 });
			return page.locator('[data-kpi="fcr"] .value').innerText();
		};
		const demoId = await demoWorkspaceId(app);
		// The demo's logs are made when a page first needs them.
		const fcr = await fcrOf(app, demoId);
		expect(fcr).toMatch(/^\d{1,3},\d\s%$/);
		// The web log is made after the contacts: wait for it before exporting.
		await app.goto(`/w/${demoId}/data`);
		await page.getByRole('rowheader', { name: /^Web \(démo\)/ }).waitFor({ timeout: 90_000 });

		await app.goto('/');
		const name = (await (await demoLink(page)).textContent())!.trim();
		await card(page, name).getByRole('button', { name: 'Exporter' }).click();
		const dialog = page.getByRole('dialog');
		const logs = dialog.getByRole('checkbox', { name: 'Inclure les journaux de contacts et de navigation (données personnelles)' });
		await logs.waitFor();
		expect(await logs.isChecked()).toBe(false);
		await logs.check();
		const warning = dialog.locator('#export-datasets-warning');
		expect(await warning.innerText()).toMatch(/données personnelles, environ [\d,]+\s(Mo|ko) de plus/);
		await screenshot(page, 'workspace-file-export-logs-fr');
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			dialog.getByRole('button', { name: 'Exporter sans la clé' }).click()
		]);
		const text = await readFile(await download.path(), 'utf8');
		const file = JSON.parse(text) as Json & { datasets: { dataset: Json }[] };
		expect(file.version).toBe(4);
		expect(file.datasets.map((d) => d.dataset.kind).sort()).toEqual(['contacts', 'events', 'web']);

		await importFile(page, download.suggestedFilename(), text);
		await page.getByRole('status').getByText('importé').waitFor({ timeout: 60_000 });
		const copy = card(page, `${name} (copie)`);
		await copy.waitFor();
		const href = await copy.getByRole('link').first().getAttribute('href');
		const copyId = href?.match(/^\/w\/([^/]+)$/)?.[1];
		expect(copyId).toBeTruthy();
		expect(await fcrOf(app, copyId!)).toBe(fcr);
		expect(app.errors).toEqual([]);
	});

	test('a log damaged in the file is refused by its name, in English too, and nothing changes', { timeout: 240_000 }, async () => {
		const app = await open({ locale: 'en-US' });
		const { page } = app;
		const demoId = await demoWorkspaceId(app);
		const name = (await (await demoLink(page)).textContent())!.trim();
		// The demo's logs are made on the first page that needs them; wait for the export to offer them.
		await app.goto(`/w/${demoId}/data`);
		await page.getByRole('rowheader', { name: /^Contacts \(démo\)/ }).waitFor({ timeout: 90_000 });
		await app.goto('/');
		await card(page, name).getByRole('button', { name: 'Export' }).click();
		const dialog = page.getByRole('dialog');
		await dialog.getByRole('checkbox', { name: 'Include the contact and web logs (personal data)' }).check();
		expect(await dialog.locator('#export-datasets-warning').innerText()).toMatch(/personal data, about [\d.]+\s(MB|kB) more/);
		await screenshot(page, 'workspace-file-export-logs-en');
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			dialog.getByRole('button', { name: 'Export without the key' }).click()
		]);
		const file = JSON.parse(await readFile(await download.path(), 'utf8')) as Json & { datasets: { dataset: Json; chunks: Json[] }[] };
		const contacts = file.datasets.find((d) => d.dataset.kind === 'contacts')!;
		const time = contacts.chunks.find((c) => c.column === 'time')!;
		time.base64 = (time.base64 as string).slice(0, 320);
		const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import a file' }).click()]);
		await chooser.setFiles({ name: 'damaged.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file), 'utf8') });
		const alert = page.getByRole('alert').filter({ hasText: 'damaged.json' });
		await alert.waitFor();
		expect(await alert.textContent()).toMatch(/its log “Contacts \(démo\)” is damaged \(the column “time” is incomplete.*Nothing was changed/);
		expect(await page.getByRole('article').count()).toBe(1);
		expect(app.errors).toEqual([]);
	});
});
