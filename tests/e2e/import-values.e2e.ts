/**
 * The headline figure does not depend on the import's defaults: every value of the whole file is
 * listed in the wizard and read as the command line reads it. A real Twitter sample (a true/false
 * `inbound` column) and a French export whose rarer channels appear only after the first thousand
 * rows give, imported with the wizard's proposals, the figures `parcours analyze` prints.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { screenshot, useApp } from './browser';
import { analyzeWithCliOutput, cards, cardsOf, fixturePath, freshWorkspace, openDashboard, importContacts } from './figures-helpers';

const { open } = useApp();

const TWITTER = fileURLToPath(new URL('../fixtures/real/twcs-sample.csv', import.meta.url));

let scratch: string | undefined;
afterAll(async () => {
	if (scratch) await rm(scratch, { recursive: true, force: true });
});

// ------------------------------------------------------------------ the French export

/** How a French CRM writes the canonical channels. */
const FRENCH_CHANNELS: Record<string, string> = {
	phone: 'Tél',
	email: 'Courriel',
	chat: 'Tchat',
	web_form: 'Formulaire web',
	store: 'Boutique',
	mail: 'Courrier',
	messaging: 'SMS',
	social: 'Réseaux sociaux'
};
/** Channels written only after the first thousand rows of the export. */
const LATE = new Set(['web_form', 'store', 'mail']);
const FRENCH_HEADER = [
	'N° client', 'Date du contact', 'Canal', 'Motif de contact', 'Sens', 'Conseiller', 'Équipe', 'Segment',
	'Transféré', 'Rappel', 'Résolu', 'Date de réponse', 'Résolu selon le client', 'Satisfaction', 'Recommandation'
];
const CANONICAL_FIELDS = [
	'customer_id', 'timestamp', 'channel', 'motive', 'direction', 'agent', 'team', 'segment',
	'transferred', 'callback', 'resolved', 'handled_at', 'survey_resolved', 'csat', 'nps'
];

/**
 * The 2,000-row canonical log reordered so that web forms, store visits and letters come only
 * after the first 1,000 rows, as its canonical twin and as a French export (`;`, Windows-1252,
 * dd/mm/yyyy, French words). `renamed` rewrites a few late store visits with a word the synonym
 * table does not know, for the wizard to stop on.
 */
async function exports(renamed?: { word: string; rows: number }) {
	const [header, ...lines] = (await readFile(fixturePath('parity-contacts.csv'), 'utf8')).trim().split(/\r?\n/);
	const names = header.split(',');
	const rows = lines.map((line) => {
		const cells = line.split(',');
		return Object.fromEntries(names.map((name, i) => [name, cells[i] ?? '']));
	});
	const early = rows.filter((r) => !LATE.has(r.channel));
	const first = early.slice(0, 1000);
	const rest = rows.filter((r) => !first.includes(r));
	const ordered = [...first, ...rest];
	const twin = [CANONICAL_FIELDS.join(','), ...ordered.map((r) => CANONICAL_FIELDS.map((f) => r[f]).join(','))].join('\n') + '\n';

	const frenchDate = (iso: string) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11)}` : '');
	const yesNo = (v: string) => (v === 'true' ? 'Oui' : v === 'false' ? 'Non' : '');
	const storeRows = ordered.filter((r) => r.channel === 'store');
	const odd = new Set(renamed ? storeRows.slice(-renamed.rows) : []);
	const french = ordered.map((r) =>
		[
			r.customer_id,
			frenchDate(r.timestamp),
			odd.has(r) ? renamed!.word : FRENCH_CHANNELS[r.channel],
			r.motive,
			r.direction === 'outbound' ? 'Sortant' : 'Entrant',
			r.agent,
			r.team,
			r.segment,
			yesNo(r.transferred),
			yesNo(r.callback),
			yesNo(r.resolved),
			frenchDate(r.handled_at),
			yesNo(r.survey_resolved),
			r.csat,
			r.nps
		].join(';')
	);
	// Every character is in Latin-1, where Windows-1252 agrees (é is 0xE9).
	const frenchBytes = Buffer.from([FRENCH_HEADER.join(';'), ...french].join('\r\n') + '\r\n', 'latin1');
	return { twin, french: frenchBytes, firstLate: first.length + 2 };
}

describe('every value of the file is read as the command line reads it', () => {
	test('the real Twitter sample, imported with the wizard’s defaults, gives the CLI’s figures (57,6 %, 839 / 1 457)', async () => {
		const { report, stderr } = await analyzeWithCliOutput(TWITTER);
		expect(stderr).toBe('');
		expect(cardsOf(report)).toMatchObject({ fcr: '57,6 %', fcrCount: '839 / 1 457 demandes' });

		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await freshWorkspace(app, 'Twitter');
		await importContacts(app, id, { name: 'twcs-sample.csv', buffer: await readFile(TWITTER), pseudonymise: true, allRows: false }, async () => {
			// Only customer and date are the test's to choose, and only when they were not detected.
			const customer = page.getByRole('combobox', { name: /^Client/ });
			if ((await customer.inputValue()) === '-1') await customer.selectOption({ label: 'author_id' });
			const date = page.getByRole('combobox', { name: /^Date/ }).first();
			if ((await date.inputValue()) === '-1') await date.selectOption({ label: 'created_at' });
			// The true/false `inbound` column is the direction: False is a reply of the brand.
			const values = page.getByRole('table', { name: /^Sens/ });
			await values.waitFor({ timeout: 30_000 });
			expect(await page.getByRole('combobox', { name: 'Sens : True' }).inputValue()).toBe('inbound');
			expect(await page.getByRole('combobox', { name: 'Sens : False' }).inputValue()).toBe('outbound');
			expect(await values.getByRole('row').count()).toBe(3);
		});
		await openDashboard(app, id);
		await expect.poll(() => cards(app), { timeout: 30_000 }).toEqual(cardsOf(report));
		expect(app.errors).toEqual([]);
	}, 120_000);

	test('a French export whose rarer channels appear after the first 1,000 rows: listed, held back until mapped, then the twin’s figures', async () => {
		scratch = await mkdtemp(join(tmpdir(), 'parcours-values-'));
		const plain = await exports();
		const twinPath = join(scratch, 'jumeau.csv');
		const frenchPath = join(scratch, 'export-crm.csv');
		await writeFile(twinPath, plain.twin);
		await writeFile(frenchPath, plain.french);
		expect(plain.firstLate).toBe(1002);
		// The command line reads the French words with no option, and has nothing to warn about.
		const [french, twin] = await Promise.all([
			analyzeWithCliOutput(frenchPath, '--by', 'channel'),
			analyzeWithCliOutput(twinPath, '--by', 'channel')
		]);
		expect(french.stderr).toBe('');
		expect(french.report.warnings).toEqual([]);
		expect(french.report).toEqual(twin.report);
		expect(Object.keys(twin.report.by!.channel)).toEqual(expect.arrayContaining(['web_form', 'store', 'mail']));

		// The wizard gets the export with a few late store visits written "Guichet", a word the
		// synonym table does not know.
		const { french: bytes } = await exports({ word: 'Guichet', rows: 5 });
		const app = await open({ locale: 'fr-FR' });
		const { page } = app;
		const id = await freshWorkspace(app, 'Valeurs tardives');
		await importContacts(app, id, { name: 'export-crm.csv', buffer: bytes, pseudonymise: false }, async () => {
			const channels = page.getByRole('table', { name: /^Canal/ });
			await channels.waitFor({ timeout: 30_000 });
			// The preview's rows hold none of the late channels; the whole-file scan lists them.
			const preview = page.getByRole('table', { name: /Aperçu/ });
			expect(await preview.innerText()).not.toMatch(/web_form|\bstore\b|\bmail\b/);
			for (const [raw, read] of [['Tél', 'phone'], ['Courriel', 'email'], ['Tchat', 'chat'], ['Formulaire web', 'web_form'], ['Boutique', 'store'], ['Courrier', 'mail']]) {
				expect(await page.getByRole('combobox', { name: `Canal : ${raw}` }).inputValue(), raw).toBe(read);
			}
			const guichet = channels.getByRole('row', { name: /Guichet/ });
			expect(await guichet.innerText()).toMatch(/non reconnue[\s\S]*5[\s\S]*0,[23]\s%/);
			const importButton = page.getByRole('button', { name: 'Importer', exact: true });
			expect(await importButton.isDisabled()).toBe(true);
			const blocked = page.getByRole('status').filter({ hasText: 'Choisissez la lecture de ces valeurs' });
			expect(await blocked.innerText()).toContain('Canal : « Guichet »');
			await page.getByRole('combobox', { name: 'Canal : Guichet' }).selectOption('store');
			expect(await blocked.count()).toBe(0);
			expect(await importButton.isEnabled()).toBe(true);
		});
		await openDashboard(app, id);
		await expect.poll(() => cards(app), { timeout: 30_000 }).toEqual(cardsOf(twin.report));
		expect(app.errors).toEqual([]);
	}, 120_000);
	test('a French export with no answer time: the dashboard says why its e-mails are never resolved, and measures them without the delay in one click', async () => {
		// Four eligible demands (the fifth, on 20 March, is pending): two calls, two e-mails, no « Date de réponse ».
		const rows = [
			['N° client', 'Date du contact', 'Canal', 'Motif de contact', 'Sens'],
			['A', '05/01/2026 09:00', 'Tél', 'FACT', 'Entrant'],
			['B', '06/01/2026 09:00', 'Courriel', 'FACT', 'Entrant'],
			['C', '07/01/2026 09:00', 'Courriel', 'FACT', 'Entrant'],
			['D', '08/01/2026 09:00', 'Tél', 'FACT', 'Entrant'],
			['E', '20/03/2026 09:00', 'Tél', 'FACT', 'Entrant']
		];
		const app = await open({ locale: 'fr-FR' });
		const id = await freshWorkspace(app, 'Sans heure de réponse');
		await importContacts(app, id, { name: 'sans-reponse.csv', buffer: Buffer.from(rows.map((r) => r.join(';')).join('\r\n') + '\r\n', 'latin1'), pseudonymise: false });
		await openDashboard(app, id);
		await expect.poll(async () => (await cards(app))?.fcrCount, { timeout: 30_000 }).toBe('2 / 4 demandes');
		const note = app.page.getByRole('note').filter({ hasText: 'pas d’heure de réponse' });
		await screenshot(app.page, 'analysis-no-answer-time-fr');
		expect(await note.innerText()).toMatch(/aucune demande E-mail ne peut être résolue au premier contact — 2 demandes éligibles/);
		await note.getByRole('button', { name: 'Mesurer E-mail sans condition de délai' }).click();
		await expect.poll(async () => (await cards(app))?.fcrCount, { timeout: 30_000 }).toBe('4 / 4 demandes');
		expect(await note.count()).toBe(0);
		expect(app.errors).toEqual([]);
	}, 120_000);
});
