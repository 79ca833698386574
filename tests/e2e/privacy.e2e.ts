import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { demoWorkspaceId, screenshot, SCREENS_DIR, useApp } from './browser';

const { open } = useApp();

const BEACON = 'https://tracker.example/pixel.gif?reader=1';

describe('privacy', () => {
	test('an article never fetches an image from an address: no request leaves the page', async () => {
		const app = await open({ locale: 'en-US' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/knowledge`);
		await page.getByRole('button', { name: 'New article' }).click();
		await page.getByLabel('Title').fill('Reading a bill');
		await page
			.getByLabel('Content (Markdown)')
			.fill(`## Your bill\n\n![The bill, page 1](${BEACON})\n\nA point drawn in: ![dot](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=)`);
		const preview = page.getByRole('region', { name: 'Preview' });
		const placeholder = preview.locator('.blocked-image');
		await placeholder.waitFor();
		expect(await placeholder.textContent()).toContain('Image not loaded');
		// The address is there to open on purpose, as a link.
		expect(await placeholder.getByRole('link', { name: BEACON }).getAttribute('href')).toBe(BEACON);
		expect(await preview.locator('img').count()).toBe(1);
		expect(await preview.locator('img').getAttribute('alt')).toBe('dot');
		await preview.scrollIntoViewIfNeeded();
		await mkdir(SCREENS_DIR, { recursive: true });
		await page.screenshot({ path: join(SCREENS_DIR, 'article-blocked-image.png') });
		const base = new URL(app.baseUrl).origin;
		expect(app.requests.filter((url) => !url.startsWith(base) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
		expect(app.errors).toEqual([]);
	});
});

describe('the pseudonymisation key', () => {
	test('stays out of an exported file unless ticked, with a warning; a key in a received file is left aside unless adopted', async () => {
		const app = await open({ locale: 'en-US' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/data`);
		await page.getByLabel('File (CSV or Excel)').setInputFiles({
			name: 'clients.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from('customer_id,timestamp,channel\nCUST-7781,2026-03-01 09:00,phone\n2026-03-02 10:00,CUST-7781,phone\n')
		});
		await page.getByRole('table', { name: /Preview/ }).waitFor();
		await page.getByRole('checkbox', { name: 'Pseudonymise customer ids' }).setChecked(true);
		await page.getByRole('button', { name: 'Import', exact: true }).click();
		await page.getByText(/imported into “clients”/).waitFor({ timeout: 30_000 });
		// The rejected (shifted) row keeps no customer number.
		expect(await page.locator('.rejections').innerText()).not.toContain('CUST-7781');
		await page.getByRole('cell', { name: /HMAC-SHA-256/ }).waitFor();

		await app.goto('/');
		const exportButton = page.getByRole('article').first().getByRole('button', { name: 'Export' });
		await exportButton.click();
		const dialog = page.getByRole('dialog');
		const box = dialog.getByRole('checkbox', { name: 'Include the pseudonymisation key' });
		expect(await box.isChecked()).toBe(false);
		await box.check();
		expect(await dialog.getByText(/whoever opens the file can compute the code/).isVisible()).toBe(true);
		await screenshot(page, 'export-dialog-key');
		const [withKey] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export with the key' }).click()]);
		const fileWithKey = JSON.parse(await readFile(await withKey.path(), 'utf8'));
		expect(fileWithKey.workspace.pseudonymKey).toMatch(/^[0-9a-f]{64}$/);

		await exportButton.click();
		expect(await box.isChecked()).toBe(false);
		const [plain] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export without the key' }).click()]);
		const plainText = await readFile(await plain.path(), 'utf8');
		expect(plainText).not.toContain(fileWithKey.workspace.pseudonymKey);
		expect(JSON.parse(plainText).datasets).toBeUndefined();

		// The logs without the key: the dialog says a later import will not match the same customers.
		await exportButton.click();
		const logs = dialog.getByRole('checkbox', { name: 'Include the contact and web logs (personal data)' });
		expect(await logs.isChecked()).toBe(false);
		await logs.check();
		const withoutKey = dialog.getByText(/a log imported later into the copy will not recognise the same customers/);
		expect(await withoutKey.isVisible()).toBe(true);
		await box.check();
		expect(await withoutKey.count()).toBe(0);
		await dialog.getByRole('button', { name: 'Cancel' }).click();

		// The file with the key, received: the key is not adopted unless the user says so.
		const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import a file' }).click()]);
		await chooser.setFiles({ name: 'received.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(fileWithKey)) });
		const ask = page.getByRole('alertdialog', { name: 'The file carries a pseudonymisation key' });
		await ask.waitFor();
		await ask.getByRole('button', { name: 'Leave the key aside' }).click();
		await page.getByRole('status').getByText(/without the file’s pseudonymisation key/).waitFor();
		const keys = await page.evaluate(
			() =>
				new Promise<unknown[]>((done) => {
					const request = indexedDB.open('parcours');
					request.onsuccess = () => {
						const all = request.result.transaction('workspaces').objectStore('workspaces').getAll();
						all.onsuccess = () => done((all.result as { pseudonymKey?: string }[]).map((w) => w.pseudonymKey ?? null));
					};
				})
		);
		expect(keys.filter((k) => k === fileWithKey.workspace.pseudonymKey)).toHaveLength(1);
		expect(app.errors).toEqual([]);
	});
});

describe('the Content-Security-Policy', () => {
	test('is declared by the page and refuses a connection or an image from elsewhere', async () => {
		const app = await open();
		const { page } = app;
		await demoWorkspaceId(app);
		const policy = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
		for (const directive of ["default-src 'self'", "img-src 'self' data: blob:", "connect-src 'self'", "worker-src 'self' blob:", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "style-src 'self'"]) {
			expect(policy).toContain(directive);
		}
		expect(policy).not.toContain('unsafe-inline');
		const outcome = await page.evaluate(async () => {
			const fetched = await fetch('https://tracker.example/beacon').then(
				() => 'sent',
				() => 'refused'
			);
			const image = await new Promise<string>((done) => {
				const img = new Image();
				img.onload = () => done('loaded');
				img.onerror = () => done('refused');
				img.src = 'https://tracker.example/pixel.gif';
			});
			return { fetched, image };
		});
		expect(outcome).toEqual({ fetched: 'refused', image: 'refused' });
		// Each refusal is reported twice: by the page's event and by the browser's console line.
		await expect.poll(() => app.violations.filter((v) => !v.startsWith('console')).length).toBeGreaterThanOrEqual(2);
		await expect.poll(() => app.violations.filter((v) => v.startsWith('console')).length).toBeGreaterThanOrEqual(2);
		await page.waitForTimeout(300);
		expect(app.violations.join('\n')).toMatch(/connect-src/);
		expect(app.violations.join('\n')).toMatch(/img-src/);
		// Provoked on purpose: not a failure of this test.
		app.violations.splice(0);
		app.errors.splice(0);
	});
});
