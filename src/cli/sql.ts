/**
 * `parcours sql`: the DuckDB or PostgreSQL query computing the same figures, for a customer's
 * warehouse, over the canonical form `parcours normalize` writes.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { HEAD_SIZE, sniffContacts } from '../lib/analysis/ingest/index';
import { parseDuration } from '../lib/analysis/settings';
import {
	renderOmnichannelSql,
	renderSql,
	sqlString,
	SQL_COLUMN_TYPES,
	SQL_DIALECTS,
	type OmnichannelSqlOptions,
	type OptionalSqlColumn,
	type SqlDialect,
	type SqlOptions
} from '../lib/analysis/sql';
import { optionValue, parseArgs, UsageError, type OptionSpec } from './args';
import type { Io } from './io';
import { isOneOf } from '../lib/domain/guards';
import { SETTINGS_HELP, SETTINGS_OPTIONS, dimensionsFromArgs, settingsFromArgs } from './settings';

const OPTIONS: Record<string, OptionSpec> = {
	...SETTINGS_OPTIONS,
	by: { value: true },
	source: { value: true },
	dialect: { value: true },
	web: { value: true },
	'web-source': { value: true },
	horizon: { value: true },
	absent: { value: true },
	'input-order': { value: true },
	help: { value: false, short: 'h' }
};

/**
 * Columns whose type DuckDB should not guess (a column of empty cells would read as text).
 * Scores are read as text, which the query reads as the import does (`4,0`; anything else is
 * unanswered) instead of failing on one odd cell.
 */
const CSV_TYPES: Record<string, string> = {
	// Ids stay text: `007` is not 7, and the web log's ids must compare with the contacts'.
	customer_id: 'VARCHAR',
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

/** The first bytes of a file, or null when it cannot be read here. */
function head(file: string): Buffer | null {
	try {
		const fd = openSync(file, 'r');
		try {
			const buffer = Buffer.alloc(HEAD_SIZE);
			return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
		} finally {
			closeSync(fd);
		}
	} catch {
		return null;
	}
}

/**
 * The column names of a CSV file's header, lower case, read as the import reads them; null when
 * the file cannot be read here (the query may be meant for another machine: every canonical
 * column is then assumed).
 */
function csvHeader(bytes: Buffer | null): Set<string> | null {
	if (!bytes) return null;
	try {
		return new Set(sniffContacts(bytes).headers.map((name) => name.toLowerCase()));
	} catch {
		return null;
	}
}

/** The fields of one CSV line (RFC 4180 quoting), or null for a line cut by the head's end. */
function csvFields(line: string): string[] | null {
	const fields: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const char = line[i];
		if (quoted) {
			if (char === '"' && line[i + 1] === '"') {
				field += '"';
				i++;
			} else if (char === '"') quoted = false;
			else field += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			fields.push(field);
			field = '';
		} else field += char;
	}
	if (quoted) return null;
	fields.push(field);
	return fields;
}

const ISO_WALL_CLOCK = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/;

/** What each canonical column may hold (empty is always allowed but in the required ones). */
const CANONICAL_VALUES: Record<string, { test: RegExp; expected: string }> = {
	timestamp: { test: ISO_WALL_CLOCK, expected: 'an ISO time without zone such as 2026-03-01T09:00:00' },
	handled_at: { test: ISO_WALL_CLOCK, expected: 'an ISO time without zone such as 2026-03-01T09:00:00' },
	transferred: { test: /^(true|false)$/i, expected: 'true, false or nothing' },
	callback: { test: /^(true|false)$/i, expected: 'true, false or nothing' },
	resolved: { test: /^(true|false)$/i, expected: 'true, false or nothing' },
	survey_resolved: { test: /^(true|false)$/i, expected: 'true, false or nothing' },
	direction: { test: /^(inbound|outbound)$/i, expected: 'inbound, outbound or nothing' },
	csat: { test: /^\d+$/, expected: 'a whole number or nothing' },
	nps: { test: /^\d+$/, expected: 'a whole number or nothing' }
};

const ADVICE = 'write it in canonical form with "parcours normalize" first.';

/**
 * Why `parcours sql` cannot read a file, in one sentence, or null when its head is in the
 * canonical form (`required` columns named as in METRICS.md §1, comma-separated, the values
 * `CANONICAL_VALUES` allows). Only the file's first bytes are looked at: the form is the file's.
 */
export function canonicalFormProblem(name: string, bytes: Uint8Array, required: readonly string[]): string | null {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		// Not UTF-8 (nor cut inside a character): show the header as a Windows export would read.
		text = new TextDecoder('windows-1252').decode(bytes);
	}
	text = text.replace(/^\uFEFF/, '');
	const lines = text.split(/\r?\n/);
	// The last line may be cut by the head's end unless the whole file is there.
	if (bytes.length >= HEAD_SIZE) lines.pop();
	const header = csvFields(lines[0] ?? '')?.map((column) => column.trim().toLowerCase()) ?? [];
	const missing = required.filter((column) => !header.includes(column));
	if (missing.length > 0) {
		const found = lines[0]?.trim() ? `its header is "${lines[0].trim().slice(0, 80)}"` : 'it has no header';
		return `${name} is not in the canonical form "parcours sql" reads (no ${missing.join(' or ')} column; ${found}): ${ADVICE}`;
	}
	for (let l = 1; l < lines.length; l++) {
		if (lines[l] === '') continue;
		const fields = csvFields(lines[l]);
		if (!fields) break;
		for (let c = 0; c < header.length; c++) {
			const rule = CANONICAL_VALUES[header[c]];
			const value = fields[c] ?? '';
			if (!rule) continue;
			if (value === '' && !required.includes(header[c])) continue;
			if (!rule.test.test(value)) {
				return `${name} is not in the canonical form "parcours sql" reads (line ${l + 1}, column ${header[c]}: "${value.slice(0, 40)}", where ${rule.expected} is expected): ${ADVICE}`;
			}
		}
	}
	return null;
}

/** Refuses a file that is not in the canonical form, when it can be read here. */
function refuseNonCanonical(file: string, bytes: Buffer | null, required: readonly string[]): void {
	if (!bytes) return;
	const problem = canonicalFormProblem(basename(file), bytes, required);
	if (problem) throw new UsageError(problem, 1);
}

/** The query's source for a CSV file: optional canonical columns the file lacks are added as NULL. */
function csvOptions(file: string): Pick<SqlOptions, 'source' | 'missingColumns'> {
	const bytes = head(file);
	refuseNonCanonical(file, bytes, ['customer_id', 'timestamp']);
	const columns = csvHeader(bytes);
	if (!columns) return { source: csvSource(file) };
	const missingColumns = (Object.keys(SQL_COLUMN_TYPES) as OptionalSqlColumn[]).filter(
		(column) => !columns.has(column)
	);
	return { source: csvSource(file, columns), ...(missingColumns.length > 0 ? { missingColumns } : {}) };
}

/** `read_csv(…)` of a canonical web log, its types stated. */
export function webCsvSource(file: string): string {
	return `read_csv(${sqlString(file)}, header = true, types = {'customer_id': 'VARCHAR', 'timestamp': 'TIMESTAMP', 'page': 'VARCHAR', 'session_id': 'VARCHAR'})`;
}

/** The web log source for a CSV file; a file without session ids gets an empty column. */
function webCsvOptions(file: string): Pick<OmnichannelSqlOptions, 'web' | 'webWithoutSessionId'> {
	const bytes = head(file);
	refuseNonCanonical(file, bytes, ['customer_id', 'timestamp', 'page']);
	const columns = csvHeader(bytes);
	if (columns && !columns.has('session_id')) {
		return {
			web: `read_csv(${sqlString(file)}, header = true, types = {'customer_id': 'VARCHAR', 'timestamp': 'TIMESTAMP', 'page': 'VARCHAR'})`,
			webWithoutSessionId: true
		};
	}
	return { web: webCsvSource(file) };
}

export const SQL_HELP = `Usage: parcours sql [contacts.csv] [options]

Prints the SQL query that computes the figures of METRICS.md (the same numbers as "parcours
analyze --format json") for DuckDB or PostgreSQL, over contacts in the canonical form that
"parcours normalize" writes (ISO times without zone, true/false, inbound/outbound; columns
customer_id, timestamp, channel, motive, direction, agent, team, segment, transferred, callback,
resolved, handled_at, survey_resolved, csat, nps): a CSV file (DuckDB; optional columns the file
lacks are read as empty; a file in another form is refused), or a table given with --source. It
also gives perceived FCR (with its agreement table and kappa), CSAT and NPS, as columns such as
"perceived.rate", "csat.rate" and "nps.score".

With a web log (--web or --web-source) it prints the omnichannel figures of METRICS.md §5
instead: sessions, web → contact, bounce to self-care, FIR and self-care success (one row), or
the web → contact rate per page or per exit page (--by page, --by exit-page).

${SETTINGS_HELP}

Query:
  --dialect D                duckdb (default) or postgres
  --source SQL               the contact relation to read instead of a file (default: contacts),
                             e.g. a table name or, in DuckDB, "read_parquet('contacts.parquet')"
  --absent COLUMNS           optional columns the --source table lacks, read as empty
                             (e.g. callback,csat,nps)
  --input-order COLUMN       the --source column giving the input order, which breaks ties in
                             time (default: DuckDB's scan order; PostgreSQL: input_order)
  --by D                     one row per key of one dimension: channel, motive, code, category,
                             theme, agent, team, segment, month or week; with a web log: page or
                             exit-page
  --web FILE                 a canonical web log CSV (customer_id, timestamp, page[, session_id])
  --web-source SQL           the web log relation (PostgreSQL: a table, e.g. web_events)
  --horizon H                web → contact and bounce horizon (default 24h)
  -h, --help                 this help

In PostgreSQL the tables have the canonical columns with their natural types and an input_order
column numbering rows as loaded (ties in time keep that order); the README gives CREATE TABLE
and \\copy lines.

Examples:
  parcours sql contacts.csv --window 48h | duckdb
  parcours sql --dialect postgres --source contacts --by month | psql -d warehouse
  parcours sql --dialect postgres --source contacts --web-source web_events | psql -d warehouse`;

function dialectFromArgs(args: ReturnType<typeof parseArgs>): SqlDialect {
	const value = optionValue(args, 'dialect') ?? 'duckdb';
	if (!isOneOf(SQL_DIALECTS, value)) {
		throw new UsageError(`Invalid --dialect "${value}": expected ${SQL_DIALECTS.join(' or ')}.`);
	}
	return value;
}

function absentFromArgs(args: ReturnType<typeof parseArgs>): OptionalSqlColumn[] {
	const value = optionValue(args, 'absent');
	if (value === undefined) return [];
	const columns = value.split(',').map((column) => column.trim().toLowerCase()).filter(Boolean);
	for (const column of columns) {
		if (!Object.hasOwn(SQL_COLUMN_TYPES, column)) {
			throw new UsageError(
				`Invalid --absent column "${column}": expected optional canonical columns among ${Object.keys(SQL_COLUMN_TYPES).join(', ')}.`
			);
		}
	}
	return columns as OptionalSqlColumn[];
}

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
	if (args.options.has('web') && args.options.has('web-source')) {
		throw new UsageError('Give either a web log file (--web) or --web-source, not both.');
	}
	const dialect = dialectFromArgs(args);
	if (dialect === 'postgres' && (file !== undefined || args.options.has('web'))) {
		throw new UsageError(
			'With --dialect postgres the query reads tables, not files: load the canonical CSV into a table (README, "The warehouse route") and give --source (and --web-source).'
		);
	}
	const absent = absentFromArgs(args);
	if (absent.length > 0 && file !== undefined) {
		throw new UsageError('--absent is for a --source table; the columns a file lacks are read from its header.');
	}
	const inputOrder = optionValue(args, 'input-order');
	if (inputOrder !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(inputOrder)) {
		throw new UsageError(`Invalid --input-order "${inputOrder}": expected a column name.`);
	}
	const settings = await settingsFromArgs(args);
	const contacts: Pick<SqlOptions, 'source' | 'missingColumns' | 'inputOrder'> = {
		...(file !== undefined
			? csvOptions(file)
			: { source: optionValue(args, 'source') ?? 'contacts', ...(absent.length > 0 ? { missingColumns: absent } : {}) }),
		...(inputOrder !== undefined ? { inputOrder } : {})
	};

	let sql: string;
	const webFile = optionValue(args, 'web');
	const webSource = optionValue(args, 'web-source');
	if (webFile !== undefined || webSource !== undefined) {
		const byText = optionValue(args, 'by');
		if (byText !== undefined && byText !== 'page' && byText !== 'exit-page') {
			throw new UsageError(`Invalid --by "${byText}" with a web log: expected page or exit-page.`);
		}
		const horizonText = optionValue(args, 'horizon');
		let horizon: number | undefined;
		if (horizonText !== undefined) {
			try {
				horizon = parseDuration(horizonText);
			} catch {
				throw new UsageError(`Invalid --horizon "${horizonText}": expected a duration such as 24h or 3d.`);
			}
		}
		const missingContactColumns = (contacts.missingColumns ?? []).filter(
			(column): column is 'channel' | 'direction' => column === 'channel' || column === 'direction'
		);
		sql = renderOmnichannelSql(settings, {
			dialect,
			contacts: contacts.source,
			...(inputOrder !== undefined ? { contactInputOrder: inputOrder } : {}),
			...(webFile !== undefined ? webCsvOptions(webFile) : { web: webSource! }),
			...(missingContactColumns.length > 0 ? { missingContactColumns } : {}),
			...(horizon !== undefined ? { horizon } : {}),
			...(byText ? { by: byText === 'page' ? 'page' : 'exitPage' } : {})
		});
	} else {
		if (args.options.has('horizon')) throw new UsageError('--horizon needs a web log (--web or --web-source).');
		const [by] = dimensionsFromArgs(args, true);
		sql = renderSql(settings, { ...contacts, dialect, ...(by ? { by } : {}) });
	}
	io.stdout(sql.trimEnd() + (sql.trimEnd().endsWith(';') ? '\n' : ';\n'));
	return 0;
}
