/**
 * The motive catalogue in and out of spreadsheets.
 *
 * Import is two steps, so nothing is written before the user has seen it: `previewCatalogueImport`
 * reads the rows, maps the columns (English names or French aliases, in any order) and reports one
 * error per bad row naming its row and column; `planCatalogueImport` then gives the themes and
 * motives to write, either all of them (refused while any row has an error) or the valid rows
 * only, when the user chose so. A row whose theme, sub-theme and label match a motive already in
 * the catalogue updates it (keeping its links); any other row creates a motive, and the themes it
 * needs.
 *
 * The file itself is read by the one reader of the files users hand us (`analysis/sheet.ts`);
 * this module takes its records. Rows are numbered by the file line they start on, as a
 * spreadsheet shows them: the header is row 1.
 */
import { blankMotive, fold, parseSynonyms } from './catalogue';
import { SPREADSHEET, csvLine, readCsvCell } from './csv-cell';
import { readYesNo } from './yes-no';
import { normalizeCrmCode } from './motives';
import { TREATMENT_LEVELS, type Id, type Locale, type Motive, type Theme, type TreatmentLevel } from './types';

// ---------------------------------------------------------------- reading a table

/** One record of a spreadsheet: its cells, and the file line (or sheet row) it starts on, the header being 1. */
export interface TextRow {
	line: number;
	cells: string[];
}

/**
 * A spreadsheet read into records, header first: bytes are decoded, the delimiter found and quotes
 * undone by the one reader of the files users hand us (`analysis/ingest`, `readSideFile`); this
 * module only checks what the records say.
 */
export interface TextTable {
	/** The delimiter found, or `null` for a workbook. */
	delimiter: string | null;
	rows: TextRow[];
}

// ---------------------------------------------------------------- cell values

/** A header as compared with aliases: folded, punctuation turned into spaces. */
export const headerKey = (header: string): string =>
	fold(header.replace(/[_\-.()%:/]/g, ' '));

export type ShareParse = { ok: true; value: number | undefined } | { ok: false; code: 'not-a-number' | 'out-of-range' };

/**
 * A prevalence as people type it: `12%`, `12,5 %`, `0,12`, `0.12`. A plain number above 1 is read
 * as a percentage (`12` → 12 %), the way it is usually typed in a spreadsheet column titled "%".
 */
export function parseShare(raw: string): ShareParse {
	let text = raw.replace(/[\s\u00a0\u202f]/g, '');
	if (!text) return { ok: true, value: undefined };
	const percent = text.endsWith('%');
	if (percent) text = text.slice(0, -1);
	if ((text.match(/,/g) ?? []).length === 1 && !text.includes('.')) text = text.replace(',', '.');
	if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return { ok: false, code: 'not-a-number' };
	let value = Number(text);
	if (percent || value > 1) value /= 100;
	if (!(value >= 0 && value <= 1)) return { ok: false, code: 'out-of-range' };
	return { ok: true, value: Math.round(value * 1e6) / 1e6 };
}

/** A yes/no cell, in the words of METRICS.md §1 (`domain/yes-no.ts`); blank is no. */
export function parseYesNo(raw: string): boolean | undefined {
	return raw.trim() ? readYesNo(raw) : false;
}

/** `2026-03-01`, `01/03/2026` (day first, as in France) or an ISO date-time, as `YYYY-MM-DD`; blank is `''`. */
export function parseDate(raw: string): string | undefined {
	const text = raw.trim();
	if (!text) return '';
	let y: number, m: number, d: number;
	const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
	const french = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(text);
	if (iso) [y, m, d] = [+iso[1], +iso[2], +iso[3]];
	else if (french) [y, m, d] = [+french[3], +french[2], +french[1]];
	else return undefined;
	const date = new Date(Date.UTC(y, m - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
	return date.toISOString().slice(0, 10);
}

const LEVEL_ALIASES: Record<TreatmentLevel, string[]> = {
	'front-line': ['front line', 'frontline', 'front', 'front office', 'n1', 'niveau 1', '1', 'premier niveau', '1er niveau', 'level 1', 'first level'],
	'second-level': ['second level', 'n2', 'niveau 2', '2', 'second niveau', '2e niveau', '2nd niveau', 'back office', 'expert', 'expertise', 'level 2'],
	'other-department': ['other department', 'other', 'autre service', 'autre direction', 'autre departement', 'n3', 'niveau 3', '3', 'hors service client', 'level 3']
};

/** A treatment level from its code (`front-line`) or a French or English way of saying it. */
export function parseTreatmentLevel(raw: string): TreatmentLevel | undefined {
	const key = headerKey(raw);
	for (const level of TREATMENT_LEVELS) if (key === headerKey(level) || LEVEL_ALIASES[level].includes(key)) return level;
	return undefined;
}

/** Codes or tags in one cell: separated by commas, semicolons, pipes or new lines. */
export const splitList = (raw: string): string[] =>
	raw
		.split(/[,;|\n]/)
		.map((s) => s.trim())
		.filter(Boolean);

// ---------------------------------------------------------------- errors and columns

export type ImportErrorCode =
	| 'empty-file'
	| 'missing-column'
	| 'not-a-number'
	| 'out-of-range'
	| 'unknown-level'
	| 'not-yes-no'
	| 'not-a-date'
	| 'missing-label'
	| 'missing-theme'
	| 'duplicate-code-in-file'
	| 'code-used'
	| 'duplicate-row'
	| 'missing-title'
	| 'unknown-status'
	| 'not-an-interval';

/** One problem of an import, at a row (1 = the header) and a column, as the file names it. */
export interface ImportError {
	row: number;
	column: string;
	code: ImportErrorCode;
	value: string;
	/** The earlier row holding the same code or the same motive. */
	otherRow?: number;
	/** The label of the motive already using a code. */
	otherLabel?: string;
}

export interface ColumnMapping<F extends string> {
	index: number;
	/** The header as written in the file. */
	header: string;
	/** The field it fills, or `null` when the column is ignored. */
	field: F | null;
}

/** Maps each header to the first field whose aliases include it; a field is taken once. */
export function mapColumns<F extends string>(header: readonly string[], aliases: Record<F, readonly string[]>): ColumnMapping<F>[] {
	const taken = new Set<F>();
	return header.map((raw, index) => {
		const key = headerKey(raw);
		const field = (Object.keys(aliases) as F[]).find((f) => !taken.has(f) && aliases[f].some((a) => headerKey(a) === key)) ?? null;
		if (field) taken.add(field);
		return { index, header: raw.trim(), field };
	});
}

/**
 * The header and the data records after it, skipping blank ones; `number` is the line a record
 * starts on. A cell an export neutralised as a formula (`'=…`) is read as it was before.
 */
export function splitTable(rows: readonly TextRow[]): { header: string[]; body: { number: number; cells: string[] }[] } | null {
	const isBlank = (row: TextRow) => row.cells.every((c) => !c.trim());
	const records = rows.filter((row) => !isBlank(row)).map((row) => ({ number: row.line, cells: row.cells.map(readCsvCell) }));
	if (!records.length) return null;
	return { header: records[0].cells, body: records.slice(1) };
}

// ---------------------------------------------------------------- catalogue import

export const CATALOGUE_FIELDS = [
	'theme',
	'subTheme',
	'labelFr',
	'labelEn',
	'codes',
	'prevalence',
	'treatmentLevel',
	'team',
	'procedure',
	'expectedDelay',
	'nextStep',
	'complex',
	'owner',
	'description',
	'lastReview',
	'synonyms'
] as const;
export type CatalogueField = (typeof CATALOGUE_FIELDS)[number];

/** Column names read, English and French; the first of each is what an English export writes. */
export const CATALOGUE_ALIASES: Record<CatalogueField, readonly string[]> = {
	theme: ['theme', 'thème', 'catégorie', 'category'],
	subTheme: ['sub_theme', 'sous-thème', 'subtheme', 'sous-catégorie', 'sub-category'],
	labelFr: ['motive_fr', 'motif_fr', 'motif', 'motive', 'libellé', 'libellé_fr', 'label_fr', 'label'],
	labelEn: ['motive_en', 'motif_en', 'libellé_en', 'label_en', 'motif anglais'],
	codes: ['codes', 'codes CRM', 'code CRM', 'code', 'crm_codes', 'crm_code', 'codes de qualification'],
	prevalence: ['prevalence', 'prévalence', 'part', 'share', 'poids'],
	treatmentLevel: ['treatment_level', 'traitement', 'niveau de traitement', 'niveau', 'treatment', 'level'],
	team: ['team', 'équipe', 'treatment_team', 'équipe de traitement', 'service'],
	procedure: ['procedure', 'procédure', 'mode opératoire', 'treatment_procedure'],
	expectedDelay: ['expected_delay', 'délai annoncé', 'délai', 'delay'],
	nextStep: ['next_step', 'suite donnée', 'suite', 'prochaine étape'],
	complex: ['complex', 'complexe'],
	owner: ['owner', 'responsable', 'propriétaire', 'pilote'],
	description: ['description'],
	lastReview: ['last_review', 'dernière revue', 'date de revue', 'last reviewed', 'revue'],
	synonyms: ['customer_words', 'mots des clients', 'synonymes', 'synonyms']
};

/** The French column names an export writes. */
const CATALOGUE_HEADERS_FR: Record<CatalogueField, string> = {
	theme: 'thème',
	subTheme: 'sous-thème',
	labelFr: 'motif_fr',
	labelEn: 'motif_en',
	codes: 'codes CRM',
	prevalence: 'prévalence',
	treatmentLevel: 'traitement',
	team: 'équipe',
	procedure: 'procédure',
	expectedDelay: 'délai annoncé',
	nextStep: 'suite donnée',
	complex: 'complexe',
	owner: 'responsable',
	description: 'description',
	lastReview: 'dernière revue',
	synonyms: 'mots des clients'
};

export interface CatalogueRow {
	row: number;
	theme: string;
	subTheme: string;
	label: { fr: string; en: string };
	/** Only the fields whose column is in the file; the others keep their value (or the blank default). */
	values: Partial<{
		crmCodes: string[];
		prevalence: number | undefined;
		level: TreatmentLevel;
		team: string;
		procedure: string;
		expectedDelay: string;
		nextStep: string;
		complex: boolean;
		owner: string;
		description: string;
		lastReview: string;
		synonyms: string[];
	}>;
	/** The catalogue motive this row updates, if any. */
	existing?: Motive;
}

export interface CatalogueImportPreview {
	delimiter: string | null;
	columns: ColumnMapping<CatalogueField>[];
	/** Rows without an error, ready to import. */
	rows: CatalogueRow[];
	errors: ImportError[];
	/** Data rows in the file (blank lines aside). */
	totalRows: number;
	/** Rows with at least one error, which are never imported. */
	invalidRows: number[];
}

const findTheme = (themes: readonly Theme[], name: string, parentId: Id | null) =>
	themes.find((t) => t.parentId === parentId && (fold(t.label.fr) === fold(name) || fold(t.label.en) === fold(name)));

const sameMotive = (motive: Motive, label: { fr: string; en: string }) =>
	(!!label.fr && fold(motive.label.fr) === fold(label.fr)) || (!!label.en && fold(motive.label.en) === fold(label.en));

/**
 * Reads a catalogue table against the current catalogue. `fields` overrides the column mapping
 * (one entry per column, `null` to ignore it), when the user corrected it.
 */
export function previewCatalogueImport(
	table: TextTable,
	catalogue: { themes: readonly Theme[]; motives: readonly Motive[] },
	locale: Locale,
	fields?: readonly (CatalogueField | null)[]
): CatalogueImportPreview {
	const split = splitTable(table.rows);
	if (!split) {
		return { delimiter: table.delimiter, columns: [], rows: [], errors: [{ row: 1, column: '', code: 'empty-file', value: '' }], totalRows: 0, invalidRows: [] };
	}
	let columns = mapColumns(split.header, CATALOGUE_ALIASES);
	if (fields) columns = columns.map((c) => ({ ...c, field: fields[c.index] ?? null }));
	const columnOf = (field: CatalogueField) => columns.find((c) => c.field === field);
	const base = { delimiter: table.delimiter, columns, totalRows: split.body.length };

	const missing: ImportError[] = [];
	if (!columnOf('theme')) missing.push({ row: 1, column: CATALOGUE_HEADERS_FR.theme, code: 'missing-column', value: '' });
	if (!columnOf('labelFr') && !columnOf('labelEn')) missing.push({ row: 1, column: CATALOGUE_HEADERS_FR.labelFr, code: 'missing-column', value: '' });
	if (missing.length) return { ...base, rows: [], errors: missing, invalidRows: split.body.map((r) => r.number) };

	const errors: ImportError[] = [];
	const rows: CatalogueRow[] = [];
	const invalid = new Set<number>();
	const codeRows = new Map<string, number>();
	const motiveRows = new Map<string, number>();
	const codeOwners = new Map<string, Motive>();
	for (const motive of catalogue.motives) {
		for (const code of motive.crmCodes) if (!codeOwners.has(normalizeCrmCode(code))) codeOwners.set(normalizeCrmCode(code), motive);
	}
	const labelOf = (m: Motive) => m.label[locale] || m.label.fr || m.label.en;

	for (const { number, cells } of split.body) {
		const cell = (field: CatalogueField) => {
			const column = columnOf(field);
			return column ? (cells[column.index] ?? '').trim() : '';
		};
		const has = (field: CatalogueField) => columnOf(field) !== undefined;
		const report = (field: CatalogueField, code: ImportErrorCode, extra: Partial<ImportError> = {}) => {
			// One error per row: the first problem found is the one to fix first.
			if (invalid.has(number)) return;
			invalid.add(number);
			errors.push({ row: number, column: columnOf(field)?.header ?? CATALOGUE_HEADERS_FR[field], code, value: cell(field), ...extra });
		};

		const row: CatalogueRow = {
			row: number,
			theme: cell('theme'),
			subTheme: cell('subTheme'),
			label: { fr: cell('labelFr'), en: cell('labelEn') },
			values: {}
		};
		if (!row.theme) report('theme', 'missing-theme');
		if (!row.label.fr && !row.label.en) report(has('labelFr') ? 'labelFr' : 'labelEn', 'missing-label');

		if (has('prevalence')) {
			const share = parseShare(cell('prevalence'));
			if (share.ok) row.values.prevalence = share.value;
			else report('prevalence', share.code);
		}
		if (has('treatmentLevel') && cell('treatmentLevel')) {
			const level = parseTreatmentLevel(cell('treatmentLevel'));
			if (level) row.values.level = level;
			else report('treatmentLevel', 'unknown-level');
		}
		if (has('complex')) {
			const complex = parseYesNo(cell('complex'));
			if (complex === undefined) report('complex', 'not-yes-no');
			else row.values.complex = complex;
		}
		if (has('lastReview')) {
			const date = parseDate(cell('lastReview'));
			if (date === undefined) report('lastReview', 'not-a-date');
			else row.values.lastReview = date;
		}
		for (const field of ['team', 'procedure', 'expectedDelay', 'nextStep', 'owner', 'description'] as const) {
			if (has(field)) row.values[field] = cell(field);
		}
		if (has('synonyms')) row.values.synonyms = parseSynonyms(cell('synonyms'));

		// The motive this row updates: same theme path, same label.
		const theme = findTheme(catalogue.themes, row.theme, null);
		const node = theme && row.subTheme ? findTheme(catalogue.themes, row.subTheme, theme.id) : theme;
		if (node) row.existing = catalogue.motives.find((m) => m.themeId === node.id && sameMotive(m, row.label));

		const motiveKey = `${fold(row.theme)}\u0000${fold(row.subTheme)}\u0000${fold(row.label.fr || row.label.en)}`;
		if (!invalid.has(number) && motiveRows.has(motiveKey)) {
			report(row.label.fr ? 'labelFr' : 'labelEn', 'duplicate-row', { value: row.label.fr || row.label.en, otherRow: motiveRows.get(motiveKey) });
		}

		if (has('codes')) {
			const codes: string[] = [];
			for (const code of splitList(cell('codes'))) {
				const key = normalizeCrmCode(code);
				if (codes.some((c) => normalizeCrmCode(c) === key)) continue;
				const earlier = codeRows.get(key);
				const owner = codeOwners.get(key);
				if (earlier !== undefined && earlier !== number) {
					report('codes', 'duplicate-code-in-file', { value: code, otherRow: earlier });
				} else if (owner && owner.id !== row.existing?.id) {
					report('codes', 'code-used', { value: code, otherLabel: labelOf(owner) });
				}
				codes.push(code);
			}
			// Codes count as taken even on a bad row, so a second row repeating them is reported too.
			for (const code of codes) if (!codeRows.has(normalizeCrmCode(code))) codeRows.set(normalizeCrmCode(code), number);
			row.values.crmCodes = codes;
		}
		if (!motiveRows.has(motiveKey)) motiveRows.set(motiveKey, number);
		if (!invalid.has(number)) rows.push(row);
	}
	return { ...base, rows, errors, invalidRows: [...invalid].sort((a, b) => a - b) };
}

export class ImportRefused extends Error {
	constructor(readonly errors: ImportError[]) {
		super(`The file has ${errors.length} error(s); nothing was imported.`);
		this.name = 'ImportRefused';
	}
}

export interface CatalogueWrite {
	/** New themes and sub-themes, themes first. */
	themes: Theme[];
	/** New and updated motives. */
	motives: Motive[];
	created: number;
	updated: number;
}

/**
 * What to write for a previewed import. Throws `ImportRefused` when a row has an error, unless
 * `validOnly` says the user chose to import the valid rows and leave the others out.
 */
export function planCatalogueImport(
	preview: CatalogueImportPreview,
	catalogue: { themes: readonly Theme[] },
	workspaceId: Id,
	options: { validOnly: boolean; newId: (prefix: string) => Id }
): CatalogueWrite {
	const fatal = preview.errors.filter((e) => e.code === 'missing-column' || e.code === 'empty-file');
	if (fatal.length || (preview.errors.length && !options.validOnly)) throw new ImportRefused(preview.errors);

	const themes = [...catalogue.themes];
	const created: Theme[] = [];
	const ensureTheme = (name: string, parentId: Id | null): Theme => {
		const found = findTheme(themes, name, parentId);
		if (found) return found;
		const siblings = themes.filter((t) => t.parentId === parentId);
		const theme: Theme = {
			id: options.newId('theme'),
			workspaceId,
			parentId,
			label: { fr: name, en: name },
			order: siblings.length ? Math.max(...siblings.map((t) => t.order)) + 1 : 1
		};
		themes.push(theme);
		created.push(theme);
		return theme;
	};

	let updated = 0;
	const motives = preview.rows.map((row) => {
		const theme = ensureTheme(row.theme, null);
		const node = row.subTheme ? ensureTheme(row.subTheme, theme.id) : theme;
		const base: Motive = row.existing ? structuredClone(row.existing) : blankMotive(options.newId('motive'), workspaceId, node.id);
		if (row.existing) updated++;
		const v = row.values;
		const motive: Motive = {
			...base,
			themeId: node.id,
			label: { fr: row.label.fr || row.label.en, en: row.label.en || row.label.fr },
			treatment: { ...base.treatment }
		};
		if (v.crmCodes) motive.crmCodes = v.crmCodes;
		if ('prevalence' in v) {
			if (v.prevalence === undefined) delete motive.prevalence;
			else motive.prevalence = v.prevalence;
		}
		if (v.level) motive.treatment.level = v.level;
		if (v.team !== undefined) motive.treatment.team = v.team;
		if (v.procedure !== undefined) motive.treatment.procedure = v.procedure;
		for (const said of ['expectedDelay', 'nextStep'] as const) {
			const value = v[said];
			if (value === undefined) continue;
			if (value) motive.treatment[said] = value;
			else delete motive.treatment[said];
		}
		if (v.synonyms !== undefined) {
			if (v.synonyms.length) motive.synonyms = v.synonyms;
			else delete motive.synonyms;
		}
		if (v.complex !== undefined) motive.complex = v.complex;
		if (v.owner !== undefined) motive.owner = v.owner;
		if (v.description !== undefined) motive.description = v.description;
		if (v.lastReview !== undefined) {
			if (v.lastReview) motive.lastReview = v.lastReview;
			else delete motive.lastReview;
		}
		return motive;
	});
	return { themes: created, motives, created: motives.length - updated, updated };
}

// ---------------------------------------------------------------- export

/**
 * A CSV for French Excel: UTF-8 with a byte-order mark, `;` delimited, CRLF line ends (inside
 * quoted cells too), formulas neutralised (`csv-cell.ts`).
 */
export function toExcelCsv(rows: readonly (readonly string[])[]): string {
	return '\uFEFF' + rows.map((row) => csvLine(row, SPREADSHEET)).join('\n').replace(/\n/g, '\r\n');
}

/** A share as a percentage with the locale's decimal mark (`12,5%` in French). */
export function formatShare(value: number | undefined, locale: Locale): string {
	if (value === undefined) return '';
	const percent = Math.round(value * 1e4) / 100;
	return `${locale === 'fr' ? String(percent).replace('.', ',') : String(percent)}%`;
}

/** The catalogue as a CSV, one row per motive in tree order; column names in the locale. */
export function catalogueToCsv(themes: readonly Theme[], motives: readonly Motive[], locale: Locale): string {
	const header = CATALOGUE_FIELDS.map((f) => (locale === 'fr' ? CATALOGUE_HEADERS_FR[f] : CATALOGUE_ALIASES[f][0]));
	const byId = new Map(themes.map((t) => [t.id, t]));
	const name = (t: Theme | undefined) => (t ? t.label[locale] || t.label.fr : '');
	const order = (t: Theme | undefined) => (t ? t.order : Number.MAX_SAFE_INTEGER);
	const placed = motives.map((motive) => {
		const node = byId.get(motive.themeId);
		const parent = node?.parentId ? byId.get(node.parentId) : undefined;
		const theme = parent ?? node;
		const sub = parent ? node : undefined;
		return { motive, theme, sub };
	});
	placed.sort(
		(a, b) =>
			order(a.theme) - order(b.theme) ||
			name(a.theme).localeCompare(name(b.theme)) ||
			(a.sub ? order(a.sub) : -1) - (b.sub ? order(b.sub) : -1) ||
			a.motive.label.fr.localeCompare(b.motive.label.fr)
	);
	const yes = locale === 'fr' ? 'oui' : 'yes';
	const no = locale === 'fr' ? 'non' : 'no';
	const rows = placed.map(({ motive, theme, sub }) => [
		name(theme),
		name(sub),
		motive.label.fr,
		motive.label.en,
		motive.crmCodes.join(', '),
		formatShare(motive.prevalence, locale),
		motive.treatment.level,
		motive.treatment.team,
		motive.treatment.procedure,
		motive.treatment.expectedDelay ?? '',
		motive.treatment.nextStep ?? '',
		motive.complex ? yes : no,
		motive.owner,
		motive.description,
		motive.lastReview?.slice(0, 10) ?? '',
		(motive.synonyms ?? []).join(', ')
	]);
	return toExcelCsv([header, ...rows]);
}
