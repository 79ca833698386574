/**
 * What the FCR dashboard reads off an `AnalysisResult`: keys that do worse than the whole (their
 * 95 % interval wholly below the overall rate), trend series by week or month, sorted breakdown
 * rows and their CSV export. Plain data in, plain data out: tested in Node, drawn by Svelte.
 */
import { SPREADSHEET, csvLine } from '../domain/csv-cell';
import { DEFAULT_MIN_DEMANDS } from './cross';
import { FIGURE_FIELDS, type Dimension, type Figures } from './metrics';

// ---------------------------------------------------------------- flags

/** A rate with its interval, as in `Figures` (fcr + fcrCi95, repeatRate + repeatRateCi95…). */
export type FlaggedRate = 'fcr' | 'fcrExclComplex';

const CI_OF: Record<FlaggedRate, 'fcrCi95' | 'fcrExclComplexCi95'> = {
	fcr: 'fcrCi95',
	fcrExclComplex: 'fcrExclComplexCi95'
};

/**
 * Fewer eligible demands than this and a key is shown hatched and never flagged (METRICS.md §4b):
 * its interval is too wide to read. The same threshold greys the heat map's cells.
 */
export const MIN_FLAGGED_ELIGIBLE = DEFAULT_MIN_DEMANDS;

const DENOMINATOR_OF: Record<FlaggedRate, 'eligible' | 'eligibleExclComplex'> = {
	fcr: 'eligible',
	fcrExclComplex: 'eligibleExclComplex'
};

/** True when the rate stands on fewer than `MIN_FLAGGED_ELIGIBLE` eligible demands. */
export function isTooSmall(figures: Figures, rate: FlaggedRate = 'fcr'): boolean {
	return figures[DENOMINATOR_OF[rate]] < MIN_FLAGGED_ELIGIBLE;
}

/**
 * True when the key's 95 % interval lies wholly below `overall`: the gap is not chance at the
 * 95 % level (METRICS.md §4b, "worse than the whole"). A key with fewer than
 * `MIN_FLAGGED_ELIGIBLE` eligible demands is never flagged.
 */
export function isBelowOverall(
	figures: Figures,
	overall: number | null,
	rate: FlaggedRate = 'fcr'
): boolean {
	const ci = figures[CI_OF[rate]];
	return overall !== null && ci !== null && !isTooSmall(figures, rate) && ci[1] < overall;
}

export interface Flag {
	key: string;
	figures: Figures;
	/** How far below the overall rate the key's own rate is (overall − rate), a fraction. */
	gap: number;
}

/** Keys of a breakdown whose interval lies wholly below the overall rate, the widest gap first. */
export function flagsBelow(
	breakdown: Record<string, Figures> | undefined,
	overall: number | null,
	rate: FlaggedRate = 'fcr'
): Flag[] {
	if (!breakdown || overall === null) return [];
	const flags: Flag[] = [];
	for (const [key, figures] of Object.entries(breakdown)) {
		if (!isBelowOverall(figures, overall, rate)) continue;
		flags.push({ key, figures, gap: overall - (figures[rate] ?? 0) });
	}
	return flags.sort((a, b) => b.gap - a.gap || compareText(a.key, b.key));
}

// ---------------------------------------------------------------- trend

export type TrendGrain = 'week' | 'month';

export interface TrendPoint {
	/** `YYYY-MM` or `YYYY-Www`. */
	key: string;
	/** First day of the month or Monday of the ISO week, wall-clock ms (UTC fields). */
	start: number;
	/** First day of the next month or week. */
	end: number;
	eligible: number;
	resolvedFirst: number;
	pending: number;
	contacts: number;
	repeatContacts: number;
	fcr: number | null;
	fcrCi95: [number, number] | null;
	repeatRate: number | null;
}

const DAY_MS = 86_400_000;

/** Monday of ISO week `week` of ISO year `year`, wall-clock ms. */
export function isoWeekStart(year: number, week: number): number {
	const jan4 = Date.UTC(year, 0, 4);
	const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
	return jan4 - weekday * DAY_MS + (week - 1) * 7 * DAY_MS;
}

/** Start and end (exclusive) of a `YYYY-MM` or `YYYY-Www` key; null for anything else. */
export function periodOfKey(key: string): { start: number; end: number } | null {
	const week = /^(\d{4})-W(\d{2})$/.exec(key);
	if (week) {
		const start = isoWeekStart(Number(week[1]), Number(week[2]));
		return { start, end: start + 7 * DAY_MS };
	}
	const month = /^(\d{4})-(\d{2})$/.exec(key);
	if (month) {
		const year = Number(month[1]);
		const m = Number(month[2]) - 1;
		return { start: Date.UTC(year, m, 1), end: Date.UTC(year, m + 1, 1) };
	}
	return null;
}

/**
 * Every `YYYY-MM` key from the earliest to the latest of `keys`, the missing months included, so
 * that an axis spaces months evenly and shows a month without figures as a gap.
 */
export function monthRange(keys: readonly string[]): string[] {
	const months = keys.filter((k) => /^\d{4}-\d{2}$/.test(k)).sort();
	if (!months.length) return [];
	const [y0, m0] = months[0].split('-').map(Number);
	const [y1, m1] = months[months.length - 1].split('-').map(Number);
	const range: string[] = [];
	for (let i = y0 * 12 + m0 - 1; i <= y1 * 12 + m1 - 1; i++) {
		range.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
	}
	return range;
}

/** The `by.week` or `by.month` breakdown as a time series, oldest first. */
export function trendSeries(breakdown: Record<string, Figures> | undefined): TrendPoint[] {
	if (!breakdown) return [];
	const points: TrendPoint[] = [];
	for (const [key, f] of Object.entries(breakdown)) {
		const period = periodOfKey(key);
		if (!period) continue;
		points.push({
			key,
			start: period.start,
			end: period.end,
			eligible: f.eligible,
			resolvedFirst: f.resolvedFirst,
			pending: f.pending,
			contacts: f.contacts,
			repeatContacts: f.repeatContacts,
			fcr: f.fcr,
			fcrCi95: f.fcrCi95,
			repeatRate: f.repeatRate
		});
	}
	return points.sort((a, b) => a.start - b.start);
}

/**
 * Runs of consecutive points that have a value (the FCR unless told), for a line and band that
 * break where a period has none (no eligible demand: all pending) or is missing from the series
 * (no contact at all), rather than join across it as if it had been measured.
 */
export function definedRuns(
	points: readonly TrendPoint[],
	value: (point: TrendPoint) => number | null = (point) => point.fcr
): TrendPoint[][] {
	const runs: TrendPoint[][] = [];
	let run: TrendPoint[] = [];
	for (const point of points) {
		const follows = run.length > 0 && run[run.length - 1].end === point.start;
		if (run.length && (value(point) === null || !follows)) {
			runs.push(run);
			run = [];
		}
		if (value(point) !== null) run.push(point);
	}
	if (run.length) runs.push(run);
	return runs;
}

// ---------------------------------------------------------------- breakdown rows

export interface BreakdownRow {
	key: string;
	figures: Figures;
	/** Interval wholly below the overall FCR, on at least `MIN_FLAGGED_ELIGIBLE` eligible demands. */
	below: boolean;
	/** Fewer than `MIN_FLAGGED_ELIGIBLE` eligible demands: shown hatched, never flagged. */
	small: boolean;
}

export type SortColumn =
	| 'key'
	| 'contacts'
	| 'demands'
	| 'eligible'
	| 'pending'
	| 'fcr'
	| 'fcrExclComplex'
	| 'repeatRate'
	| 'contactsPerDemand'
	| 'avoidableContacts'
	| 'avoidableCost';

export interface SortOrder {
	column: SortColumn;
	direction: 'ascending' | 'descending';
}

/** Biggest volumes first: what a manager reads first. */
export const DEFAULT_SORT: SortOrder = { column: 'eligible', direction: 'descending' };

const collator = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });

function compareText(a: string, b: string): number {
	return collator.compare(a, b);
}

/** Breakdown rows with their flag, unsorted (key order of the result). */
export function breakdownRows(
	breakdown: Record<string, Figures> | undefined,
	overall: number | null
): BreakdownRow[] {
	if (!breakdown) return [];
	return Object.entries(breakdown).map(([key, figures]) => ({
		key,
		figures,
		below: isBelowOverall(figures, overall),
		small: isTooSmall(figures)
	}));
}

/**
 * Rows sorted by a column. Rows without a value (a rate over no demand) go last whatever the
 * direction; ties fall back to the key, so the order is stable. `label` sorts the key column by
 * what is shown (a motive's label rather than its code).
 */
export function sortBreakdown(
	rows: readonly BreakdownRow[],
	order: SortOrder,
	label: (key: string) => string = (key) => key
): BreakdownRow[] {
	const sign = order.direction === 'ascending' ? 1 : -1;
	const byKey = (a: BreakdownRow, b: BreakdownRow) => compareText(label(a.key), label(b.key));
	if (order.column === 'key') return [...rows].sort((a, b) => sign * byKey(a, b));
	const column = order.column;
	return [...rows].sort((a, b) => {
		const x = a.figures[column];
		const y = b.figures[column];
		if (x === null || y === null) return x === y ? byKey(a, b) : x === null ? 1 : -1;
		return sign * (x - y) || byKey(a, b);
	});
}

// ---------------------------------------------------------------- CSV

export interface CsvOptions {
	/** French number format: decimal comma (`50,0`). @default false */
	decimalComma?: boolean;
	/** Header of the key column. @default the dimension */
	keyHeader?: string;
	/** A label column beside the key (a channel's name); none when absent. */
	label?: { header: string; of: (key: string) => string };
	/** More columns describing the key, after the label (a motive's CRM codes, whether the catalogue knows it). */
	describe?: readonly { header: string; of: (key: string) => string }[];
	/**
	 * Whether the key itself is a column. A catalogue motive's key is an internal id that its name
	 * and codes say better. @default true
	 */
	keyColumn?: boolean;
	/** Headers for figure columns, by field (interval fields get `_low` / `_high` columns). */
	headers?: Partial<Record<string, string>>;
	/** Header of the flag column. @default 'below_overall' */
	flagHeader?: string;
	/** Text in the flag column of a flagged row. @default 'yes' */
	flagText?: string;
}

const RATE_FIELDS = new Set(['fcr', 'fcrExclComplex', 'repeatRate']);

/**
 * A breakdown as CSV for a spreadsheet: UTF-8 with a byte-order mark (so Excel reads accents),
 * `;` between cells, CRLF line ends. Rates and their intervals are percentages with one
 * decimal (`50.0`, or `50,0` with `decimalComma`); contacts per demand has two decimals,
 * costs two; counts are whole numbers. An empty cell means "no value" (no eligible demand).
 */
export function breakdownCsv(dimension: Dimension, rows: readonly BreakdownRow[], options: CsvOptions = {}): string {
	const comma = options.decimalComma ?? false;
	const num = (value: number, digits: number) => {
		const text = value.toFixed(digits);
		return comma ? text.replace('.', ',') : text;
	};
	const header = (field: string) => options.headers?.[field] ?? field;
	const keyColumn = options.keyColumn ?? true;
	const columns: string[] = keyColumn ? [options.keyHeader ?? dimension] : [];
	if (options.label) columns.push(options.label.header);
	for (const column of options.describe ?? []) columns.push(column.header);
	for (const field of FIGURE_FIELDS) {
		if (field.endsWith('Ci95')) columns.push(header(`${field}_low`), header(`${field}_high`));
		else columns.push(header(field));
	}
	columns.push(options.flagHeader ?? 'below_overall');

	const lines = [csvLine(columns, SPREADSHEET)];
	for (const row of rows) {
		const cells: string[] = keyColumn ? [row.key] : [];
		if (options.label) cells.push(options.label.of(row.key));
		for (const column of options.describe ?? []) cells.push(column.of(row.key));
		for (const field of FIGURE_FIELDS) {
			const value = row.figures[field];
			if (field.endsWith('Ci95')) {
				const ci = value as [number, number] | null;
				cells.push(ci ? num(ci[0] * 100, 1) : '', ci ? num(ci[1] * 100, 1) : '');
			} else if (value === null) cells.push('');
			else if (RATE_FIELDS.has(field)) cells.push(num((value as number) * 100, 1));
			else if (field === 'contactsPerDemand' || field === 'avoidableCost') cells.push(num(value as number, 2));
			else cells.push(String(value));
		}
		cells.push(row.below ? (options.flagText ?? 'yes') : '');
		lines.push(csvLine(cells, SPREADSHEET));
	}
	return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
