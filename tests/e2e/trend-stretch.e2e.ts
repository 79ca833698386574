import { describe, expect, test } from 'vitest';
import { demoWorkspaceId, screenshot, useApp } from './browser';

const { open } = useApp();

/** 600 contacts from January to June 2026, and three stray ones dated March 2019. */
function strayLog(): Buffer {
	const header = 'contact_id,customer_id,timestamp,channel,motive,direction';
	const rows: string[] = [];
	for (let i = 0; i < 600; i++) {
		const day = new Date(Date.UTC(2026, 0, 5) + Math.floor(i / 4) * 86_400_000);
		rows.push(`c${i},K${i},${day.toISOString().slice(0, 10)} 10:00:00,phone,BILL,inbound`);
	}
	for (let i = 0; i < 3; i++) rows.push(`old${i},OLD${i},2019-03-0${i + 4} 10:00:00,phone,BILL,inbound`);
	return Buffer.from([header, ...rows].join('\n'));
}

describe('the trend chart', () => {
	test('says when three contacts of 2019 stretch a 2026 log, and limits the period in one click, for the Anticipate page too', async () => {
		const app = await open({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' });
		const { page } = app;
		const id = await demoWorkspaceId(app);
		await app.goto(`/w/${id}/data`);
		await page.getByLabel('Fichier (CSV ou Excel)').setInputFiles({ name: 'strays.csv', mimeType: 'text/csv', buffer: strayLog() });
		await page.getByRole('button', { name: 'Importer', exact: true }).click();
		await page.getByText('603 lignes importées dans « strays ».').waitFor({ timeout: 30_000 });

		await app.goto(`/w/${id}/analysis`);
		const picker = page.getByLabel('Jeu de données');
		await picker.waitFor();
		await picker.selectOption({ label: 'strays (603 lignes)' });
		const warning = page.getByRole('note').filter({ hasText: 'étirent la période' });
		await warning.waitFor({ timeout: 30_000 });
		expect(await warning.innerText()).toContain('3 contacts antérieurs au 05/01/2026 étirent la période.');
		await page.getByRole('heading', { name: 'Évolution', exact: true }).scrollIntoViewIfNeeded();
		await screenshot(page, 'trend-stretch-fr');

		await warning.getByRole('button', { name: /^Limiter la période du 05\/01\/2026 au / }).click();
		await expect.poll(() => page.getByLabel('Du', { exact: true }).inputValue()).toBe('2026-01-05');
		await warning.waitFor({ state: 'detached', timeout: 30_000 });
		await screenshot(page, 'trend-stretch-fr-limited');

		// The Anticipate page reads the logs over that period too (its baseline would be measured
		// over seven years otherwise), and says so.
		await app.goto(`/w/${id}/anticipation`);
		await page.getByText('Période de la page Analyse : 05/01/2026 – …').waitFor({ timeout: 30_000 });
		await page.getByRole('link', { name: 'La modifier' }).waitFor();
		await screenshot(page, 'anticipation-period-fr');
		expect(app.errors).toEqual([]);
	});
});
