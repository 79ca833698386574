/** `parcours sql`: the DuckDB query computing the same figures, for a customer's warehouse. */
import { renderSql, sqlString } from '../lib/analysis/sql';
import { optionValue, parseArgs, UsageError, type OptionSpec } from './args';
import type { Io } from './io';
import { SETTINGS_HELP, SETTINGS_OPTIONS, dimensionsFromArgs, settingsFromArgs } from './settings';

const OPTIONS: Record<string, OptionSpec> = {
	...SETTINGS_OPTIONS,
	by: { value: true },
	source: { value: true },
	help: { value: false, short: 'h' }
};

/** Columns whose type DuckDB should not guess (a column of empty cells would read as text). */
const CSV_TYPES: Record<string, string> = {
	timestamp: 'TIMESTAMP',
	handled_at: 'TIMESTAMP',
	transferred: 'BOOLEAN',
	callback: 'BOOLEAN',
	resolved: 'BOOLEAN'
};

/** `read_csv(…)` of a CSV file with the canonical columns, their types stated. */
export function csvSource(file: string): string {
	const types = Object.entries(CSV_TYPES)
		.map(([column, type]) => `${sqlString(column)}: ${sqlString(type)}`)
		.join(', ');
	return `read_csv(${sqlString(file)}, header = true, types = {${types}})`;
}

export const SQL_HELP = `Usage: parcours sql [contacts.csv] [options]

Prints the DuckDB SQL query that computes the figures of METRICS.md (the same numbers as
"parcours analyze --format json") over a relation with the canonical contact columns
(customer_id, timestamp, channel, motive, direction, agent, team, segment, transferred,
callback, resolved, handled_at): a CSV file written with them (as "parcours generate" does),
or any table given with --source.

${SETTINGS_HELP}

Query:
  --source SQL               the relation to read instead of a file (default: contacts),
                             e.g. a table name or "read_parquet('contacts.parquet')"
  --by D                     one row per key of one dimension: channel, motive, category, agent,
                             team, segment, month or week
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
	const source = file !== undefined ? csvSource(file) : (optionValue(args, 'source') ?? 'contacts');
	const sql = renderSql(settings, by ? { source, by } : { source });
	io.stdout(sql.trimEnd() + (sql.trimEnd().endsWith(';') ? '\n' : ';\n'));
	return 0;
}
