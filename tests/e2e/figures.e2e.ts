/**
 * The dashboard's figures are the command line's figures: the worked example of METRICS.md §7
 * imported through the Data page gives its hand-computed figures, a generated log gives on the
 * Analysis page what `parcours analyze` prints, and a French Excel export gives the same figures
 * as its canonical twin.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { useApp, type App } from './browser';
import {
	analyzeWithCli,
	cards,
	cardsOf,
	ci,
	complexMoveMotive,
	fixturePath,
	freshWorkspace,
	importContacts,
	observationEnd,
	openDashboard,
	percent,
	scope,
	squash,
	whole
} from './figures-helpers';

const { open } = useApp();

let scratch: string | undefined;
afterAll(async () => {
	if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** A theme, and in it one motive filed under two CRM codes (the catalogue's "FAC-CONTEST, FACT02"). */
async function twoCodeMotive(app: App, workspaceId: string): Promise<void> {
	const { page } = app;
	await app.goto(`/w/${workspaceId}/motives`);
	await page.getByRole('button', { name: 'Nouveau thème' }).click();
	await page.getByLabel('Nom (français)').fill('Facturation');
	await page.getByLabel('Nom (anglais)').fill('Billing');
	await page.getByRole('button', { name: 'Créer' }).click();
	await page.getByRole('treeitem', { name: /^Facturation \d+ motifs?$/ }).waitFor();
	await page.getByRole('button', { name: 'Ajouter un motif ici' }).click();
	await page.getByLabel('Libellé (français)').fill('Contestation de facture');
	await page.getByLabel('Libellé (anglais)').fill('Bill disputed');
	await page.getByLabel('Codes CRM').fill('FAC-CONTEST, FACT02');
	await page.getByRole('button', { name: 'Créer' }).click();
	await page.getByRole('status').filter({ hasText: 'Motif « Contestation de facture » créé.' }).waitFor();
}

/** The METRICS.md §7 figures (scope: same motive, end 31/03/2026 23:59:59, MOVE complex). */
const WORKED_EXAMPLE = {
	fcr: '50,0 %',
	fcrCount: '4 / 8 demandes',
	fcrExcl: '42,9 %',
	fcrExclCount: '3 / 7 demandes',
	repeat: '18,2 %',
	repeatCount: '2 / 11 contacts',
	cpd: '1,25',
	pending: '1',
	pendingOf: 'sur 9 demandes'
};

/** Sets the observation end of §7 and waits until the dashboard states it. */
async function endOfMarch(app: App): Promise<void> {
	await observationEnd(app).fill('2026-03-31T23:59');
	await expect
		.poll(async () => squash(await app.page.getByTestId('statement').innerText()))
		.toMatch(/fin d’observation 31\/03\/2026 23:59/);
}

// ------------------------------------------------------------------ the French export

const FRENCH_HEADER = 'N° client;Date du contact;Canal;Motif de contact;Sens;Conseiller;Transféré;Résolu;Date de réponse';

/** The worked example as a French CRM's Excel export: `;`, dd/mm/yyyy hh:mm, French words. */
function frenchExport(canonical: string): Buffer {
	const channel: Record<string, string> = { phone: 'Téléphone', chat: 'Tchat', email: 'Courriel' };
	const agents = ['Agnès', 'Jérôme', 'Hélène'];
	const frenchDate = (iso: string) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}` : '');
	const [header, ...rows] = canonical.trim().split(/\r?\n/);
	const at = (name: string) => header.split(',').indexOf(name);
	const lines = rows.map((line, i) => {
		const c = line.split(',');
		return [
			c[at('customer_id')],
			frenchDate(c[at('timestamp')]),
			channel[c[at('channel')]],
			c[at('motive')],
			'Entrant',
			agents[i % agents.length],
			c[at('transferred')] === 'true' ? 'Oui' : 'Non',
			'',
			frenchDate(c[at('handled_at')])
		].join(';');
	});
	// Every character of these lines is in Latin-1, where Windows-1252 agrees: é is 0xE9, ° 0xB0.
	return Buffer.from([FRENCH_HEADER, ...lines].join('\r\n') + '\r\n', 'latin1');
}

describe('figures: the dashboard and the command line', () => {
	test('the worked example of METRICS.md §7, imported with pseudonymised ids, gives its figures', async () => {
		const app = await open({ locale: 'fr-FR' });
		const id = await freshWorkspace(app, 'Exemple travaillé');
		await complexMoveMotive(app, id);
		await importContacts(app, id, { name: 'worked-example.csv', buffer: await readFile(fixturePath('worked-example.csv')), pseudonymise: true });

		await openDashboard(app, id);
		// The default end is the latest contact (d2, 28/03/2026 10:00); §7 observes up to 31/03 23:59:59.
		expect(await observationEnd(app).inputValue()).toBe('2026-03-28T10:00');
		await endOfMarch(app);
		const shown = () => cards(app).then((c) => c && { ...c, fcrCi: undefined });
		await expect.poll(shown, { timeout: 30_000 }).toEqual({ ...WORKED_EXAMPLE, fcrCi: undefined });

		// The command line agrees on the same file and settings.
		const report = await analyzeWithCli(fixturePath('worked-example.csv'), '--end', '2026-03-31 23:59:59', '--complex', 'MOVE');
		expect(await cards(app).then((c) => c?.fcrCi)).toBe(ci(report.fcrCi95));
		expect(percent(report.fcrExclComplex)).toBe(WORKED_EXAMPLE.fcrExcl);

		// Same subject = any subject: c1, c2 and e1, e2, e3 are one demand each.
		await scope(app).selectOption('any');
		await expect
			.poll(() => cards(app).then((c) => c && [c.fcr, c.fcrCount, c.pending, c.pendingOf]), { timeout: 30_000 })
			.toEqual(['33,3 %', '2 / 6 demandes', '1', 'sur 7 demandes']);
		const any = await analyzeWithCli(fixturePath('worked-example.csv'), '--end', '2026-03-31 23:59:59', '--scope', 'any');
		expect(percent(any.fcr)).toBe('33,3 %');
		expect(await cards(app).then((c) => c?.fcrCi)).toBe(ci(any.fcrCi95));
		expect(app.errors).toEqual([]);
	}, 120_000);

	test('a generated log of 2,000 contacts shows what `parcours analyze` prints, in total and by channel', async () => {
		const file = fixturePath('parity-contacts.csv');
		// The dashboard's defaults: window 7 d, same motive, any channel, transfers fail, e-mail and
		// web forms answered within 1 h, end at the latest contact. A fresh catalogue has no complex motive.
		const report = await analyzeWithCli(file, '--by', 'channel');
		expect(report.rejected.count).toBe(0);
		expect(report.eligible).toBeGreaterThan(1000);

		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await freshWorkspace(app, 'Parité');
		await importContacts(app, id, { name: 'parity-contacts.csv', buffer: await readFile(file), pseudonymise: false });
		await openDashboard(app, id);
		await page.getByText(/^Autres réglages/).click();
		await page.getByText('Aucun motif du catalogue n’est marqué complexe.').waitFor();

		await expect.poll(() => cards(app), { timeout: 30_000 }).toEqual(cardsOf(report));

		const table = page.getByRole('table', { name: 'RPC par Canal' });
		await page.getByRole('tab', { name: 'Canal' }).click();
		const byChannel = report.by!.channel;
		await expect.poll(() => table.locator('tbody tr').count()).toBe(Object.keys(byChannel).length);
		for (const [channel, figures] of Object.entries(byChannel)) {
			// The row header is the channel's name, then its code.
			const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`(^|\\s)${channel}(\\s|$)`) }) });
			expect(await row.count(), channel).toBe(1);
			const cells = (await row.getByRole('cell').allInnerTexts()).map(squash);
			expect(
				{ channel, demands: cells[0], fcr: cells[1].split(' ').slice(0, 2).join(' '), pending: cells.at(-1) },
				channel
			).toEqual({ channel, demands: whole(figures.eligible), fcr: percent(figures.fcr), pending: whole(figures.pending) });
		}
		expect(app.errors).toEqual([]);
	}, 120_000);

	test('a motive with two CRM codes is one row of the motive breakdown, the sum of its codes, and its sheet says the same', async () => {
		// By hand (window 7 d, same motive, end at the latest contact, 30/04 09:00):
		// FAC-CONTEST: A repeats within 7 d (not resolved), B resolved → 2 demands, 1 resolved, 3 contacts, 1 repeat.
		// FACT02: C and E resolved, D repeats → 3 demands, 2 resolved, 4 contacts, 1 repeat.
		// The motive: 5 demands, 3 resolved (60,0 %), 2 repeats of 7 contacts (28,6 %). AUTRE is in no
		// motive: F resolved, G pending.
		const log = [
			'customer_id,timestamp,channel,motive',
			'A,2026-03-02 09:00,phone,FAC-CONTEST',
			'A,2026-03-04 09:00,phone,FAC-CONTEST',
			'B,2026-03-02 10:00,phone,FAC-CONTEST',
			'C,2026-03-03 09:00,chat,FACT02',
			'D,2026-03-03 10:00,phone,FACT02',
			'D,2026-03-05 10:00,phone,FACT02',
			'E,2026-03-06 09:00,phone,FACT02',
			'F,2026-03-02 09:00,phone,AUTRE',
			'G,2026-04-30 09:00,phone,AUTRE'
		].join('\n');
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await freshWorkspace(app, 'Deux codes');
		await twoCodeMotive(app, id);

		// Without a contact log the sheet is the catalogue's page only: no measured figures, no error.
		await page.getByRole('treeitem', { name: /^Contestation de facture/ }).click();
		await page.getByRole('link', { name: 'Ouvrir la fiche du motif' }).click();
		await page.getByRole('heading', { level: 2, name: 'Contestation de facture' }).waitFor();
		const sheetUrl = new URL(page.url()).pathname;
		await page.getByRole('heading', { level: 3, name: 'Traitement', exact: true }).waitFor();
		expect(await page.getByTestId('motive-measured').count()).toBe(0);

		await importContacts(app, id, { name: 'deux-codes.csv', buffer: Buffer.from(log), pseudonymise: false });
		await openDashboard(app, id);
		await page.getByRole('tab', { name: 'Motif', exact: true }).click();
		const table = page.getByRole('table', { name: 'RPC par Motif' });
		await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
		const row = async (name: RegExp) => {
			const header = squash(await table.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) }).getByRole('rowheader').innerText());
			const cells = (await table.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) }).getByRole('cell').allInnerTexts()).map(squash);
			return { header, demands: cells[0], fcr: cells[1].split(' ').slice(0, 2).join(' '), repeat: cells[3], pending: cells.at(-1) };
		};
		expect(await row(/Contestation de facture/)).toEqual({
			// Under 30 eligible demands a row is never flagged, and says so (METRICS.md §4b).
			header: 'Contestation de facture FAC-CONTEST, FACT02 moins de 30 demandes : non signalé',
			demands: '5',
			fcr: '60,0 %',
			repeat: '28,6 %',
			pending: '0'
		});
		expect(await row(/AUTRE/)).toEqual({ header: 'AUTRE hors catalogue moins de 30 demandes : non signalé', demands: '1', fcr: '100,0 %', repeat: '0,0 %', pending: '1' });

		// The CRM code breakdown keeps the codes apart, each with its motive's name.
		await page.getByRole('tab', { name: 'Code CRM' }).click();
		const codes = page.getByRole('table', { name: 'RPC par Code CRM' });
		await expect.poll(() => codes.locator('tbody tr').count()).toBe(3);
		expect(squash(await codes.locator('tbody').innerText())).toMatch(/FAC-CONTEST Contestation de facture moins de 30 demandes : non signalé 2 50,0 %/);
		expect(squash(await codes.locator('tbody').innerText())).toMatch(/FACT02 Contestation de facture moins de 30 demandes : non signalé 3 66,7 %/);

		// The theme breakdown: the catalogue's theme and the uncatalogued code.
		await page.getByRole('tab', { name: 'Thème' }).click();
		const themes = page.getByRole('table', { name: 'RPC par Thème' });
		await expect.poll(() => themes.locator('tbody tr').count()).toBe(2);
		expect(squash(await themes.locator('tbody').innerText())).toMatch(/^Facturation moins de 30 demandes : non signalé 5 60,0 %/);

		// The motive sheet gives the same figures, and says where they come from.
		await app.goto(sheetUrl);
		const measured = page.getByTestId('motive-measured');
		await measured.locator('[data-figure="fcr"]').waitFor({ timeout: 30_000 });
		expect(squash(await measured.locator('[data-figure="fcr"] dd').innerText())).toMatch(/^60,0 % 3 \/ 5 demandes résolues au premier contact IC 95 % /);
		expect(squash(await measured.locator('[data-figure="repeat"] dd').innerText())).toMatch(/^28,6 % 2 \/ 7 contacts sont des réitérations/);
		expect(squash(await measured.innerText())).toMatch(/D’après « deux-codes » : demandes du 02\/03\/2026 au 30\/04\/2026/);
		expect(squash(await measured.getByRole('table', { name: 'RPC par mois' }).innerText())).toMatch(/mars 2026.*60,0 %.*Demandes 5/);
		expect(app.errors).toEqual([]);
	}, 120_000);

	test('a French Excel export (;, Windows-1252, dd/mm/yyyy) of the worked example gives its figures', async () => {
		const canonical = await readFile(fixturePath('worked-example.csv'), 'utf8');
		const bytes = frenchExport(canonical);
		expect(bytes.includes(Buffer.from([0x54, 0xe9, 0x6c]))).toBe(true); // "Tél", é as one byte
		expect(bytes.includes(Buffer.from('é', 'utf8'))).toBe(false);

		// The command line reads French headers, Windows-1252, dd/mm/yyyy and French channel names
		// like the wizard, with no option.
		scratch = await mkdtemp(join(tmpdir(), 'parcours-figures-'));
		const path = join(scratch, 'export-francais.csv');
		await writeFile(path, bytes);
		const settings = ['--end', '2026-03-31 23:59:59', '--complex', 'MOVE', '--by', 'channel'];
		const [french, twin] = await Promise.all([analyzeWithCli(path, ...settings), analyzeWithCli(fixturePath('worked-example.csv'), ...settings)]);
		expect(french).toEqual(twin);
		expect(french.fcr).toBe(0.5);

		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await freshWorkspace(app, 'Export français');
		await importContacts(app, id, { name: 'export-francais.csv', buffer: bytes, pseudonymise: true }, async () => {
			expect(await page.getByLabel('Séparateur').inputValue()).toBe(';');
			expect(await page.getByLabel('Encodage').inputValue()).toBe('windows-1252');
			expect(await page.getByLabel('Format des dates').inputValue()).toBe('dmy');
			expect(await page.getByRole('combobox', { name: 'Canal : Téléphone' }).inputValue()).toBe('phone');
			expect(await page.getByRole('combobox', { name: 'Canal : Tchat' }).inputValue()).toBe('chat');
			expect(await page.getByRole('combobox', { name: 'Canal : Courriel' }).inputValue()).toBe('email');
		});
		await openDashboard(app, id);
		await endOfMarch(app);
		await expect
			.poll(() => cards(app).then((c) => c && [c.fcr, c.fcrCount, c.repeat, c.repeatCount, c.cpd, c.pending]), { timeout: 30_000 })
			.toEqual(['50,0 %', '4 / 8 demandes', '18,2 %', '2 / 11 contacts', '1,25', '1']);
		expect(await cards(app).then((c) => c?.fcrCi)).toBe(ci(twin.fcrCi95));
		expect(app.errors).toEqual([]);
	}, 120_000);
});
