/** `parcours sql`: the DuckDB query computing the same figures, for a customer's warehouse. */
import { renderSql } from '../lib/analysis/sql';
import { optionValue, parseArgs, UsageError, type OptionSpec } from './args';
import type { Io } from './io';
import { SETTINGS_HELP, SETTINGS_OPTIONS, dimensionsFromArgs, settingsFromArgs } from './settings';

const OPTIONS: Record<string, OptionSpec> = {
	...SETTINGS_OPTIONS,
	by: { value: true },
	source: { value: true },
	help: { value: false, short: 'h' }
};

export const SQL_HELP = `Usage: parcours sql [options]

Prints the DuckDB SQL query that computes the figures of METRICS.md (the same numbers as
"parcours analyze --format json") over a relation with the canonical contact columns.

${SETTINGS_HELP}

Query:
  --source SQL               the relation to read (default: contacts), e.g.
                             "read_csv('contacts.csv', header = true)"
  --by D                     one row per key of one dimension: channel, motive, category, agent,
                             team, segment, month or week
  -h, --help                 this help

Example:
  parcours sql --window 48h --source "read_csv('contacts.csv', header = true)" | duckdb`;

export async function sqlCommand(argv: readonly string[], io: Io): Promise<number> {
	const args = parseArgs(argv, OPTIONS, 'parcours sql');
	if (args.options.has('help')) {
		io.stdout(SQL_HELP + '\n');
		return 0;
	}
	if (args.positionals.length > 0) {
		throw new UsageError(
			`Unexpected argument "${args.positionals[0]}"; give the data with --source, see "parcours sql --help".`
		);
	}
	const [by] = dimensionsFromArgs(args, true);
	const settings = await settingsFromArgs(args);
	const source = optionValue(args, 'source') ?? 'contacts';
	const sql = renderSql(settings, by ? { source, by } : { source });
	io.stdout(sql.trimEnd() + (sql.trimEnd().endsWith(';') ? '\n' : ';\n'));
	return 0;
}
