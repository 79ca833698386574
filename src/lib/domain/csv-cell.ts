/**
 * One cell of a CSV file, as every CSV Parcours writes them: the app's exports (breakdowns, the
 * demands behind a figure, frictions, motive catalogue, knowledge articles, rejected rows) and the
 * command line's files (`normalize`'s canonical logs and rejected rows).
 *
 * Formulas (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`,
 * a tab or a carriage return as a formula, quoted or not, so a customer id or a motive label
 * typed as `=HYPERLINK(…)` in a CRM would run on the consultant's machine. A cell written for
 * people (`formulas: 'neutralise'`, the default) that starts so gets a `'` in front and is quoted:
 * the spreadsheet shows it as text. A number (`-3`, `-12.5`, `-12,5`) is left as it is: it runs
 * nothing, and stays a number the spreadsheet can add up. Text that already starts with `'`s
 * before such a character gets one more, so `readCsvCell` gives back exactly what was written and
 * an exported catalogue imports unchanged.
 *
 * `formulas: 'keep'` is for data files that programs read, not people: `parcours normalize`'s
 * canonical logs, read by DuckDB, PostgreSQL and Parcours itself, which take a cell as written.
 * A `'` there would become part of a customer id or a motive code (which would then no longer
 * match the catalogue's), so those cells stay as they are and are quoted only where RFC 4180
 * needs it.
 */

export interface CsvCellOptions {
	/** @default ',' */
	separator?: string;
	/** `neutralise` for files people open in a spreadsheet; `keep` for data files. @default 'neutralise' */
	formulas?: 'neutralise' | 'keep';
}

/** The app's exports for French Excel: `;` between cells, formulas neutralised. */
export const SPREADSHEET: CsvCellOptions = { separator: ';' };

/** What makes a spreadsheet read a cell as a formula, behind any `'` already there. */
const FORMULA = /^'*[=+\-@\t\r]/;
/** A plain number, either decimal mark: harmless, and kept a number. */
const NUMBER = /^[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?$/;
/**
 * Quoted in a file for people besides the separator: a quote, a line end, edge spaces (which some
 * readers trim), and a `;`, the separator French Excel splits even a `,` file on.
 */
const NEEDS_QUOTES = /[";\r\n]|^\s|\s$/;

export function csvCell(text: string, options: CsvCellOptions = {}): string {
	const separator = options.separator ?? ',';
	if (options.formulas === 'keep') {
		return text.includes(separator) || /["\r\n]/.test(text) ? quote(text) : text;
	}
	if (FORMULA.test(text) && !NUMBER.test(text)) return quote(`'${text}`);
	return NEEDS_QUOTES.test(text) || text.includes(separator) ? quote(text) : text;
}

function quote(text: string): string {
	return `"${text.replace(/"/g, '""')}"`;
}

/** A row of cells as one line (without its line end). */
export function csvLine(cells: readonly string[], options: CsvCellOptions = {}): string {
	return cells.map((cell) => csvCell(cell, options)).join(options.separator ?? ',');
}

/** A cell's text as it was before `csvCell` neutralised it (the CSV quotes already removed). */
export function readCsvCell(text: string): string {
	return text.startsWith("'") && FORMULA.test(text) ? text.slice(1) : text;
}
