/**
 * Analysis settings from command-line options (METRICS.md §2), shared by `analyze` and `sql`.
 * Every bad value becomes a UsageError naming the option and what it accepts.
 */
import { readFile } from 'node:fs/promises';
import { catalogueSettings, parseLocalDate, periodFilter } from '../lib/analysis/dashboard-settings';
import { headerKey, planCatalogueImport, previewCatalogueImport, type TextTable } from '../lib/domain/catalogue-csv';
import { readYesNo } from '../lib/domain/yes-no';
import { readSheetTable } from '../lib/analysis/sheet';
import { IngestError, PLAUSIBLE_YEARS, type DateFormat, type IngestOptions, type YearRange } from '../lib/analysis/ingest/index';
import { DATE_FORMATS } from '../lib/analysis/ingest/values';
import { DIMENSIONS, type Dimension } from '../lib/analysis/metrics';
import {
	parseDuration,
	parseObservationEnd,
	parseWindow,
	resolveSettings,
	DEFAULT_SETTINGS,
	type AnalysisSettings
} from '../lib/analysis/settings';
import { canonicalTimeZone, systemTimeZone, wallClock } from '../lib/analysis/time-zone';
import { UsageError, list, optionValue, pairs, type OptionSpec, type ParsedArgs } from './args';
import { describeFileError, checkReadable } from './files';
import { errorMessage, isOneOf } from '../lib/domain/guards';

export const SETTINGS_OPTIONS: Record<string, OptionSpec> = {
	window: { value: true, short: 'w' },
	scope: { value: true },
	channels: { value: true },
	end: { value: true },
	complex: { value: true },
	catalogue: { value: true },
	catalog: { value: true },
	cold: { value: true },
	'transfer-is-failure': { value: true },
	cost: { value: true },
	// Channel names are always read through the synonym table; kept so old scripts still run.
	'map-channels': { value: false }
};

/**
 * Options saying how a log file is read (not what is computed from it), for every command that
 * reads one: the one place where such an option is declared, parsed and handed to the ingest.
 */
export const INPUT_OPTIONS: Record<string, OptionSpec> = {
	'date-format': { value: true },
	tz: { value: true },
	years: { value: true }
};

export const INPUT_HELP = `Input (METRICS.md §1):
  --date-format F            how dates are written: iso, ymd, dmy, mdy, excel-serial or twitter
                             (default: detected; when every day is 12 or less, dmy, with a warning)
  --tz ZONE                  IANA name (Europe/Paris, America/New_York, UTC…) whose wall clock
                             times written with a zone (…Z, +02:00, +0000) are read on; times
                             without a zone are read as written (default: this machine's zone)
  --years FROM-TO            years a timestamp may have (default 1990-2100): a row dated outside
                             is rejected (year out of range), so a 9999-12-31 placeholder is
                             never the latest contact`;

export const PERIOD_OPTIONS: Record<string, OptionSpec> = {
	from: { value: true },
	to: { value: true }
};

/** `--from` / `--to` as wall-clock ms, `to` exclusive (the day after the last); undefined without them. */
export function periodFromArgs(args: ParsedArgs): { from?: number; to?: number } | undefined {
	const day = (name: 'from' | 'to'): string => {
		const text = optionValue(args, name);
		if (text === undefined) return '';
		if (parseLocalDate(text.trim()) === null) throw new UsageError(`Invalid --${name} "${text}": expected a day such as 2026-01-31.`);
		return text.trim();
	};
	const period = { from: day('from'), to: day('to') };
	if (period.from && period.to && period.from > period.to) {
		throw new UsageError(`--from ${period.from} is after --to ${period.to}.`);
	}
	return periodFilter(period);
}

/** `--date-format`, checked; undefined to detect it. */
export function dateFormatFromArgs(args: ParsedArgs): DateFormat | undefined {
	const text = optionValue(args, 'date-format');
	if (text === undefined) return undefined;
	const folded = text.trim().toLowerCase();
	if (!isOneOf(DATE_FORMATS, folded)) {
		throw new UsageError(`Invalid --date-format "${text}": expected one of ${DATE_FORMATS.join(', ')}.`);
	}
	return folded;
}

export const SETTINGS_HELP = `Settings (METRICS.md §2):
  --window W                 repeat window: intraday, 24h, 48h, 3d, 7d (default), 30d, 90m…
  --scope S                  same subject: motive (default), category or any
  --channels C               any (default: a repeat on any channel counts) or same
  --end T                    observation end (default: latest timestamp): a date is the end of
                             that day, 2026-03-31 23:59 the end of that minute
  --complex M1,M2            motives left out of "FCR excl. complex"
  --catalogue FILE           the app's catalogue export (CSV: themes, sub-themes, motives and
                             their CRM codes, complex): a code's category is its sub-theme or
                             theme, --by theme its top theme, --by motive its motive; or a CSV
                             with columns motive,category[,complex][,name]: complex is
                             yes/no/oui/non/true/false; codes sharing a name are one motive
                             in --by motive (--by code keeps them apart)
  --cold email=1h,mail=none  answer delay after which a cold-flow contact is not resolved at once
                             (default email=1h,web_form=1h,mail=none)
  --transfer-is-failure B    yes (default) or no: a warm transfer may still be resolved
  --cost phone=5,email=3     cost of a contact per channel, for the avoidable cost

Channel names are read as the app's import wizard reads them: Tél, Téléphone → phone; Courriel,
E-mail → email; Tchat → chat; Formulaire web → web_form; Boutique → store; Courrier → mail…
(canonical names stay as they are). A channel, direction or yes/no value the table does not know
is reported on stderr (and under "warnings" in JSON) with its row count. --map-channels, which
used to turn this reading on, is still accepted and changes nothing.`;

/** The zone of `--tz`, canonically spelt, else the machine's; UsageError for a name the platform does not know. */
export function timeZoneFromArgs(args: ParsedArgs): string {
	const name = optionValue(args, 'tz');
	if (name === undefined) return systemTimeZone();
	const timeZone = canonicalTimeZone(name);
	if (timeZone === null) {
		throw new UsageError(`Invalid --tz "${name}": expected an IANA time zone name such as Europe/Paris, America/New_York or UTC.`);
	}
	return timeZone;
}

/** `--years 1990-2100`, checked; undefined for the default (`PLAUSIBLE_YEARS`). */
export function yearsFromArgs(args: ParsedArgs): YearRange | undefined {
	const text = optionValue(args, 'years');
	if (text === undefined) return undefined;
	const m = /^\s*(\d{1,4})\s*-\s*(\d{1,4})\s*$/.exec(text);
	if (!m || Number(m[1]) > Number(m[2])) {
		throw new UsageError(`Invalid --years "${text}": expected two years such as 1990-2100, the first not after the second.`);
	}
	return { from: Number(m[1]), to: Number(m[2]) };
}

export function ingestOptionsFromArgs(args: ParsedArgs): Pick<IngestOptions<string>, 'dateFormat' | 'timeZone' | 'years'> {
	return { dateFormat: dateFormatFromArgs(args), timeZone: timeZoneFromArgs(args), years: yearsFromArgs(args) };
}

/** Lower-cases the first letter and drops the final period, to embed a sentence in another. */
export function clause(message: string): string {
	const trimmed = message.trim().replace(/\.$/, '');
	return /^[A-Z][a-z]/.test(trimmed) ? trimmed[0].toLowerCase() + trimmed.slice(1) : trimmed;
}

export async function settingsFromArgs(args: ParsedArgs): Promise<AnalysisSettings> {
	const partial: Partial<AnalysisSettings> = {};
	const window = optionValue(args, 'window');
	if (window !== undefined) {
		try {
			partial.window = parseWindow(window);
		} catch {
			throw new UsageError(
				`Invalid --window "${window}": expected intraday or a duration such as 24h, 48h, 3d, 7d or 30d.`
			);
		}
	}
	const scope = optionValue(args, 'scope');
	if (scope !== undefined) {
		const folded = scope.trim().toLowerCase();
		if (folded !== 'any' && folded !== 'category' && folded !== 'motive') {
			throw new UsageError(`Invalid --scope "${scope}": expected any, category or motive.`);
		}
		partial.scope = folded;
	}
	const channels = optionValue(args, 'channels');
	if (channels !== undefined) {
		const folded = channels.trim().toLowerCase();
		if (folded !== 'any' && folded !== 'same') {
			throw new UsageError(`Invalid --channels "${channels}": expected any or same.`);
		}
		partial.channels = folded;
	}
	const end = optionValue(args, 'end');
	if (end !== undefined) {
		try {
			// An end written with a zone is put on the wall clock of --tz, like the data.
			partial.observationEnd = parseObservationEnd(end, wallClock(timeZoneFromArgs(args)));
		} catch {
			throw new UsageError(
				`Invalid --end "${end}": expected a date (2026-03-31: the end of that day) or a date and time such as 2026-03-31 23:59 (the end of that minute).`
			);
		}
		// The year as written: 0025 is year 25, never 1925 or 2025, and outside the range the data may have.
		const year = Number(/^\s*(\d+)/.exec(end)?.[1]);
		const years = yearsFromArgs(args) ?? PLAUSIBLE_YEARS;
		if (year < years.from || year > years.to) {
			throw new UsageError(
				`Invalid --end "${end}": the year ${year} is outside ${years.from}-${years.to}, the years a contact may have; write the year in full (2025, not 25), or widen the range with --years.`
			);
		}
	}
	const transfer = optionValue(args, 'transfer-is-failure');
	if (transfer !== undefined) {
		const value = readYesNo(transfer);
		if (value === undefined) {
			throw new UsageError(`Invalid --transfer-is-failure "${transfer}": expected yes or no.`);
		}
		partial.transferIsFailure = value;
	}
	const cold = optionValue(args, 'cold');
	if (cold !== undefined) {
		const delays: Record<string, number | null> = { ...DEFAULT_SETTINGS.coldFlowDelays };
		for (const [channel, value] of pairs(cold, 'cold', 'email=1h,mail=none')) {
			if (/^(none|null|off|aucun)$/i.test(value)) delays[channel] = null;
			else {
				try {
					delays[channel] = parseDuration(value);
				} catch {
					throw new UsageError(
						`Invalid --cold delay "${value}" for ${channel}: expected a duration such as 1h or 30m, or none.`
					);
				}
			}
		}
		partial.coldFlowDelays = delays;
	}
	const cost = optionValue(args, 'cost');
	if (cost !== undefined) {
		const costs: Record<string, number> = {};
		for (const [channel, value] of pairs(cost, 'cost', 'phone=5,email=3')) {
			const number = Number(value.replace(',', '.'));
			if (!Number.isFinite(number) || number < 0) {
				throw new UsageError(`Invalid --cost "${value}" for ${channel}: expected a number such as 4.5.`);
			}
			costs[channel] = number;
		}
		partial.costPerChannel = costs;
	}
	const complex = new Set<string>();
	const catalogue = optionValue(args, 'catalogue') ?? optionValue(args, 'catalog');
	if (catalogue !== undefined) {
		const read = await readCatalogue(catalogue);
		partial.categories = read.categories;
		partial.themes = read.themes;
		partial.motiveGroups = read.names;
		for (const motive of read.complex) complex.add(motive);
	}
	const complexList = optionValue(args, 'complex');
	if (complexList !== undefined) for (const motive of list(complexList)) complex.add(motive);
	if (complex.size > 0) partial.complexMotives = [...complex];
	try {
		return resolveSettings(partial);
	} catch (error) {
		throw new UsageError(`${clauseUpper(errorMessage(error))}.`);
	}
}

function clauseUpper(message: string): string {
	return message.trim().replace(/\.$/, '');
}

/** `--by channel,motive` → dimensions, checked. */
export function dimensionsFromArgs(args: ParsedArgs, single = false): Dimension[] {
	const by = optionValue(args, 'by');
	if (by === undefined) return [];
	const dimensions = list(by).map((item) => {
		const folded = item.toLowerCase();
		if (!isOneOf(DIMENSIONS, folded)) {
			throw new UsageError(`Invalid --by "${item}": expected one of ${DIMENSIONS.join(', ')}.`);
		}
		return folded;
	});
	if (single && dimensions.length > 1) {
		throw new UsageError(`Option --by takes one dimension here, not "${by}".`);
	}
	return [...new Set(dimensions)];
}

const MOTIVE_HEADERS = new Set(['motive', 'motif', 'code', 'motive_code', 'code_motif']);
const CATEGORY_HEADERS = new Set(['category', 'categorie', 'catégorie', 'theme', 'thème']);
const COMPLEX_HEADERS = new Set(['complex', 'complexe']);
const NAME_HEADERS = new Set(['name', 'label', 'nom', 'libelle', 'libellé', 'motive_name', 'nom_motif']);

/**
 * Headers only the app's catalogue export (or a file made like it) has: one row per motive with
 * its CRM codes in one cell. `code`, `motif`, `motive` and `label` alone are the simple form's.
 */
const APP_CATALOGUE_HEADERS = new Set(
	['codes', 'codes crm', 'code crm', 'crm_codes', 'crm_code', 'codes de qualification', 'sub_theme', 'sous-thème', 'subtheme',
		'motive_fr', 'motif_fr', 'motive_en', 'motif_en', 'label_fr', 'label_en', 'libellé_fr', 'libellé_en'].map(headerKey)
);

export interface CliCatalogue {
	/** Motive code → category (a theme or sub-theme label in the app's form). */
	categories: Record<string, string>;
	/** Motive code → top-level theme; the category in the simple form. */
	themes: Record<string, string>;
	/** Motive code → motive name: codes sharing a name are one motive in `--by motive`. */
	names: Record<string, string>;
	/** Codes of the motives flagged complex. */
	complex: string[];
}

/**
 * The app's catalogue export read with the domain's own reader (`previewCatalogueImport`), then
 * turned into the engine's settings the way the app does (`catalogueSettings`), theme and motive
 * ids replaced by their labels: a label two themes (or two motives) share is told apart by its
 * parent (`Billing › Other`, `Other (Billing)`) so the groups stay those of the app.
 */
function appCatalogue(path: string, table: TextTable): CliCatalogue {
	const french = table.rows[0]?.cells.some((h) => headerKey(h) === headerKey('thème')) ?? false;
	const locale = french ? 'fr' : 'en';
	const preview = previewCatalogueImport(table, { themes: [], motives: [] }, locale);
	const [error] = preview.errors;
	if (error) {
		const where = error.row === 1 ? '' : ` on row ${error.row}`;
		const column = error.column ? `, column "${error.column}"` : '';
		const value = error.value ? ` ("${error.value}")` : '';
		throw new UsageError(`The catalogue "${path}"${where}${column}: ${error.code.replace(/-/g, ' ')}${value}.`, 1);
	}
	let n = 0;
	const { themes, motives } = planCatalogueImport(preview, { themes: [] }, 'cli', { validOnly: false, newId: (prefix) => `${prefix}-${++n}` });
	const settings = catalogueSettings(motives, themes);
	const themeById = new Map(themes.map((t) => [t.id, t]));
	const label = (text: { fr: string; en: string }) => text[locale] || text.fr || text.en;
	const themeLabels = themes.map((t) => label(t.label));
	const themeName = (id: string): string => {
		const theme = themeById.get(id);
		if (!theme) return id;
		const own = label(theme.label);
		const parent = theme.parentId ? themeById.get(theme.parentId) : undefined;
		return parent && themeLabels.filter((l) => l === own).length > 1 ? `${label(parent.label)} › ${own}` : own;
	};
	const motiveLabels = motives.map((m) => label(m.label));
	const motiveName = new Map(
		motives.map((m) => {
			const own = label(m.label);
			return [m.id, motiveLabels.filter((l) => l === own).length > 1 ? `${own} (${themeName(m.themeId)})` : own];
		})
	);
	const rename = (record: Record<string, string>, name: (id: string) => string) =>
		Object.fromEntries(Object.entries(record).map(([code, id]) => [code, name(id)]));
	return {
		categories: rename(settings.categories, themeName),
		themes: rename(settings.themes, themeName),
		names: rename(settings.motiveGroups, (id) => motiveName.get(id) ?? id),
		complex: settings.complexMotives
	};
}

/**
 * A motive catalogue: either the app's catalogue export (themes, sub-themes, motives with their CRM
 * codes, complex flag; see `appCatalogue`) or the simple form `motive,category[,complex][,name]`,
 * one row per code.
 */
export async function readCatalogue(path: string): Promise<CliCatalogue> {
	await checkReadable(path);
	let bytes: Uint8Array;
	try {
		bytes = await readFile(path);
	} catch (error) {
		throw new UsageError(describeFileError(path, error), 1);
	}
	let table: TextTable;
	try {
		table = await readSheetTable(bytes);
	} catch (error) {
		if (error instanceof IngestError) {
			throw new UsageError(`Cannot read the catalogue "${path}": ${clause(error.message)}.`, 1);
		}
		throw error;
	}
	const [header, ...records] = table.rows;
	if (!header) throw new UsageError(`Cannot read the catalogue "${path}": the file is empty.`, 1);
	if (header.cells.some((h) => APP_CATALOGUE_HEADERS.has(headerKey(h)))) return appCatalogue(path, table);
	const categories: Record<string, string> = {};
	const names: Record<string, string> = {};
	const complex: string[] = [];
	const folded = header.cells.map((h) => h.trim().toLowerCase());
	const motiveAt = folded.findIndex((h) => MOTIVE_HEADERS.has(h));
	const categoryAt = folded.findIndex((h) => CATEGORY_HEADERS.has(h));
	const complexAt = folded.findIndex((h) => COMPLEX_HEADERS.has(h));
	const nameAt = folded.findIndex((h) => NAME_HEADERS.has(h));
	if (motiveAt < 0) {
		throw new UsageError(`The catalogue "${path}" has no motive column (expected a header "motive").`, 1);
	}
	for (const { line, cells: row } of records) {
		const motive = row[motiveAt]?.trim();
		if (!motive) continue;
		const category = categoryAt >= 0 ? row[categoryAt]?.trim() : '';
		if (category) categories[motive] = category;
		const name = nameAt >= 0 ? row[nameAt]?.trim() : '';
		if (name) names[motive] = name;
		const flag = complexAt >= 0 ? (row[complexAt] ?? '').trim() : '';
		if (flag !== '') {
			const value = readYesNo(flag);
			if (value === undefined) {
				throw new UsageError(`The catalogue "${path}" says complex = "${flag}" on line ${line}: expected yes or no.`, 1);
			}
			if (value) complex.push(motive);
		}
	}
	return { categories, themes: categories, names, complex };
}
