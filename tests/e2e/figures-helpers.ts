/**
 * What the tests comparing the dashboard with the command line share: the CLI's JSON figures,
 * French number formats, and driving the app from a fresh workspace to the Analysis page.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { card, demoLink, type App } from './browser';

export const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const CLI = fileURLToPath(new URL('../../bin/parcours.js', import.meta.url));
const run = promisify(execFile);

/** The figures `parcours analyze --format json` prints (rates as fractions). */
export interface Figures {
	contacts: number;
	repeatContacts: number;
	demands: number;
	pending: number;
	eligible: number;
	resolvedFirst: number;
	fcr: number | null;
	fcrExclComplex: number | null;
	repeatRate: number | null;
	contactsPerDemand: number | null;
	fcrCi95: [number, number] | null;
}
export interface CliReport extends Figures {
	rejected: { count: number };
	warnings: { field: string; value: string; rows: number }[];
	by?: Record<string, Record<string, Figures>>;
}

export async function analyzeWithCli(file: string, ...options: string[]): Promise<CliReport> {
	return (await analyzeWithCliOutput(file, ...options)).report;
}

/** The report and what the command line printed on stderr (its warnings). */
export async function analyzeWithCliOutput(file: string, ...options: string[]): Promise<{ report: CliReport; stderr: string }> {
	const { stdout, stderr } = await run(process.execPath, [CLI, 'analyze', file, '--format', 'json', ...options]);
	return { report: JSON.parse(stdout) as CliReport, stderr };
}

// ------------------------------------------------------------------ numbers as shown in French

/** Any run of spaces (plain, no-break, narrow no-break) as one plain space. */
export const squash = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
export const fr = (options: Intl.NumberFormatOptions) => new Intl.NumberFormat('fr-FR', options);
export const percent = (value: number | null) =>
	value === null ? '—' : squash(fr({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value));
export const whole = (value: number) => squash(fr({ maximumFractionDigits: 0 }).format(value));
export const twoDecimals = (value: number | null) =>
	value === null ? '—' : squash(fr({ minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value));
export const ci = (range: [number, number] | null) =>
	range === null
		? 'IC 95 % : —'
		: `IC 95 % : ${squash(fr({ minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(range[0] * 100))} – ${percent(range[1])}`;

// ------------------------------------------------------------------ driving the app

/** Creates a workspace from the home page; returns its id. */
export async function freshWorkspace(app: App, name: string): Promise<string> {
	const { page } = app;
	await app.goto('/');
	await demoLink(page);
	await page.getByRole('button', { name: 'Nouvel espace de travail' }).click();
	const dialog = page.getByRole('dialog', { name: 'Nouvel espace de travail' });
	await dialog.getByLabel('Nom').fill(name);
	await dialog.getByRole('button', { name: 'Créer' }).click();
	const href = await card(page, name).getByRole('link', { name, exact: true }).getAttribute('href');
	const id = href?.match(/^\/w\/([^/]+)$/)?.[1];
	if (!id) throw new Error(`Unexpected workspace link: ${href}`);
	return id;
}

/** A theme, and in it a motive for the CRM code MOVE flagged complex (Motives page). */
export async function complexMoveMotive(app: App, workspaceId: string): Promise<void> {
	const { page } = app;
	await app.goto(`/w/${workspaceId}/motives`);
	await page.getByRole('button', { name: 'Nouveau thème' }).click();
	await page.getByLabel('Nom (français)').fill('Vie du contrat');
	await page.getByLabel('Nom (anglais)').fill('Contract life');
	await page.getByRole('button', { name: 'Créer' }).click();
	await page.getByRole('treeitem', { name: /^Vie du contrat \d+ motifs?$/ }).waitFor();
	await page.getByRole('button', { name: 'Ajouter un motif ici' }).click();
	await page.getByLabel('Libellé (français)').fill('Déménagement');
	await page.getByLabel('Libellé (anglais)').fill('Moving house');
	await page.getByLabel('Codes CRM').fill('MOVE');
	await page.getByLabel('Motif complexe').check();
	await page.getByRole('button', { name: 'Créer' }).click();
	await page.getByRole('status').filter({ hasText: 'Motif « Déménagement » créé.' }).waitFor();
}

/** Imports a contact file through the Data page's wizard. */
export async function importContacts(
	app: App,
	workspaceId: string,
	file: { name: string; buffer: Buffer; pseudonymise: boolean; /** @default true */ allRows?: boolean },
	check?: () => Promise<void>
): Promise<void> {
	const { page } = app;
	await app.goto(`/w/${workspaceId}/data`);
	await page.getByRole('heading', { level: 2, name: 'Données' }).waitFor();
	await page.getByLabel('Fichier (CSV ou Excel)').setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.buffer });
	await page.getByRole('table', { name: /Aperçu/ }).waitFor();
	await check?.();
	const pseudonymise = page.getByRole('checkbox', { name: 'Pseudonymiser les identifiants clients' });
	await pseudonymise.setChecked(file.pseudonymise);
	await page.getByRole('button', { name: 'Importer', exact: true }).click();
	const base = file.name.replace(/\.[^.]+$/, '');
	await page.getByText(new RegExp(`lignes importées dans « ${base} »`)).waitFor({ timeout: 30_000 });
	if (file.allRows ?? true) await page.getByText('Toutes les lignes ont été importées.').waitFor();
}

/** Opens the Analysis page and waits for its first figures. */
export async function openDashboard(app: App, workspaceId: string): Promise<void> {
	await app.goto(`/w/${workspaceId}/analysis`);
	await app.page.locator('[data-kpi="fcr"] .value').waitFor({ timeout: 30_000 });
}

export const observationEnd = (app: App) => app.page.getByLabel(/^Fin d’observation/);
export const scope = (app: App) => app.page.getByRole('combobox', { name: /^Même sujet/ });

/** The KPI cards as shown, once the figures are up to date. */
export async function cards(app: App) {
	const { page } = app;
	if ((await page.locator('.results').getAttribute('aria-busy')) !== 'false') return null;
	const text = async (kpi: string, part: string) => squash(await page.locator(`[data-kpi="${kpi}"] .${part}`).innerText());
	return {
		fcr: await text('fcr', 'value'),
		fcrCount: await text('fcr', 'count'),
		fcrCi: await text('fcr', 'ci'),
		fcrExcl: await text('fcr-excl', 'value'),
		fcrExclCount: await text('fcr-excl', 'count'),
		repeat: await text('repeat', 'value'),
		repeatCount: await text('repeat', 'count'),
		cpd: await text('cpd', 'value'),
		pending: await text('pending', 'value'),
		pendingOf: (await text('pending', 'count')).replace(/ demandes.*$/, ' demandes')
	};
}

/** The figures the cards must show for a report of the command line (no complex motive). */
export function cardsOf(report: Figures) {
	return {
		fcr: percent(report.fcr),
		fcrCount: `${whole(report.resolvedFirst)} / ${whole(report.eligible)} demandes`,
		fcrCi: ci(report.fcrCi95),
		fcrExcl: percent(report.fcrExclComplex),
		fcrExclCount: `${whole(report.resolvedFirst)} / ${whole(report.eligible)} demandes`,
		repeat: percent(report.repeatRate),
		repeatCount: `${whole(report.repeatContacts)} / ${whole(report.contacts)} contacts`,
		cpd: twoDecimals(report.contactsPerDemand),
		pending: whole(report.pending),
		pendingOf: `sur ${whole(report.demands)} demandes`
	};
}
