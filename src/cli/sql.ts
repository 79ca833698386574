/** `parcours sql`: the DuckDB query computing the same figures, for a customer's warehouse. */
import { closeSync, openSync, readSync } from 'node:fs';
import { HEAD_SIZE, sniffContacts } from '../lib/analysis/ingest/index';
import {
	renderSql,
	sqlString,
	SQL_COLUMN_TYPES,
	type OptionalSqlColumn,
	type SqlOptions
} from '../lib/analysis/sql';
import { optionValue, parseArgs, UsageError, type OptionSpec } from './args';
import type { Io } from './io';
import { SETTINGS_HELP, SETTINGS_OPTIONS, dimensionsFromArgs, settingsFromArgs } from './settings';

const OPTIONS: Record<string, OptionSpec> = {
	...SETTINGS_OPTIONS,
	by: { value: true },
	source: { value: true },
	help: { value: false, short: 'h' }
};

/**
 * Columns whose type DuckDB should not guess (a column of empty cells would read as text).
 * Scores are read as text, which the query reads as the import does (`4,0`; anything else is
 * unanswered) instead of failing on one odd cell.
 */
const CSV_TYPES: Record<string, string> = {
	timestamp: 'TIMESTAMP',
	handled_at: 'TIMESTAMP',
	transferred: 'BOOLEAN',
	callback: 'BOOLEAN',
	resolved: 'BOOLEAN',
	survey_resolved: 'BOOLEAN',
	csat: 'VARCHAR',
	nps: 'VARCHAR'
};

/**
 * `read_csv(…)` of a CSV file with the canonical columns, their types stated. `columns`: the
 * file's columns when known, so that types are stated only for those (DuckDB refuses a type for
 * a column the file lacks); all the canonical ones by default.
 */
export function csvSource(file: string, columns?: ReadonlySet<string>): string {
	const types = Object.entries(CSV_TYPES)
		.filter(([column]) => !columns || columns.has(column))
		.map(([column, type]) => `${sqlString(column)}: ${sqlString(type)}`)
		.join(', ');
	return `read_csv(${sqlString(file)}, header = true, types = {${types}})`;
}

/**
 * The column names of a CSV file's header, lower case, read as the import reads them; null when
 * the file cannot be read here (the query may be meant for another machine: every canonical
 * column is then assumed).
 */
function csvHeader(file: string): Set<string> | null {
	try {
		const fd = openSync(file, 'r');
		try {
			const buffer = Buffer.alloc(HEAD_SIZE);
			const { headers } = sniffContacts(buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)));
			return new Set(headers.map((name) => name.toLowerCase()));
		} finally {
			closeSync(fd);
		}
	} catch {
		return null;
	}
}

/** The query's source for a CSV file: optional canonical columns the file lacks are added as NULL. */
function csvOptions(file: string): Pick<SqlOptions, 'source' | 'missingColumns'> {
	const columns = csvHeader(file);
	if (!columns) return { source: csvSource(file) };
	const missingColumns = (Object.keys(SQL_COLUMN_TYPES) as OptionalSqlColumn[]).filter(
		(column) => !columns.has(column)
	);
	return { source: csvSource(file, columns), ...(missingColumns.length > 0 ? { missingColumns } : {}) };
}

export const SQL_HELP = `Usage: parcours sql [contacts.csv] [options]

Prints the DuckDB SQL query that computes the figures of METRICS.md (the same numbers as
"parcours analyze --format json") over a relation with the canonical contact columns
(customer_id, timestamp, channel, motive, direction, agent, team, segment, transferred,
callback, resolved, handled_at, survey_resolved, csat, nps): a CSV file written with them (as
"parcours generate" does; optional columns the file lacks are read as empty), or any table
given with --source. It also gives perceived FCR (with its agreement table and kappa), CSAT
and NPS, as columns such as "perceived.rate", "csat.rate" and "nps.score".

${SETTINGS_HELP}

Query:
  --source SQL               the relation to read instead of a file (default: contacts),
                             e.g. a table name or "read_parquet('contacts.parquet')"
  --by D                     one row per key of one dimension: channel, motive, code, category,
                             theme, agent, team, segment, month or week
  -h, --help                 this help

Example:
  parcours sql contacts.csv --window 48h | duckdb`;

export async function sqlCommand(argv: readonly string[], io: Io): Promise<number> {
	const args = parseArgs(argv, OPTIONS, 'parcours sql');
	if (args.options.has('help')) {
		io.stdout(SQL_HELP + '\n');
		return 0;
	}
	if (args.positionals.length > 1) {
		throw new UsageError(`Expected one contact file, got ${args.positionals.length} (${args.positionals.join(', ')}).`);
	}
	const [file] = args.positionals;
	if (file !== undefined && args.options.has('source')) {
		throw new UsageError('Give either a contact file or --source, not both.');
	}
	const [by] = dimensionsFromArgs(args, true);
	const settings = await settingsFromArgs(args);
	const source =
		file !== undefined ? csvOptions(file) : { source: optionValue(args, 'source') ?? 'contacts' };
	const sql = renderSql(settings, by ? { ...source, by } : source);
	io.stdout(sql.trimEnd() + (sql.trimEnd().endsWith(';') ? '\n' : ';\n'));
	return 0;
}
