/**
 * `parcours normalize <contacts> [--web <web>] --out DIR`: any log the app reads, written in the
 * canonical form (`analysis/canonical.ts`) that every reader, the SQL export included, reads the
 * same way, with the rows it could not read listed in `rejected.csv`.
 *
 * Streaming: the ingest hands over the rows of each window of the file (`streamContacts`), which
 * are written out at once, so memory holds one window's rows and the distinct values of the
 * low-cardinality columns, whatever the file's length. The same reader as `analyze` and the app:
 * what is written is what the figures are computed on.
 */
import { createReadStream } from 'node:fs';
import { open, mkdir, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
	CanonicalContactWriter,
	CanonicalWebWriter,
	CANONICAL_CONTACT_COLUMNS,
	contactColumnsOf,
	writeCsvLines
} from '../lib/analysis/canonical';
import {
	IngestError,
	streamContacts,
	streamWeb,
	type ByteSource,
	type ContactStreamSummary,
	type RejectedRow,
	type WebStreamSummary
} from '../lib/analysis/ingest/index';
import { REJECTED_ROWS_HEADER, rejectedRowCells } from '../lib/analysis/rejected-rows';
import type { ContactTable } from '../lib/analysis/table';
import { csvLine } from '../lib/domain/csv-cell';
import { looksLikeXlsx, sheetToCsvBytes, type SheetRows } from '../lib/analysis/xlsx';
import { UsageError, optionValue, parseArgs, type OptionSpec } from './args';
import { CsvWriter } from './csv-writer';
import { ParquetTableWriter } from './parquet-writer';
import { pseudonymFromArgs } from './pseudonymise';
import { cellShape } from '../lib/analysis/pseudonymise';
import { checkReadable, describeFileError } from './files';
import type { Io } from './io';
import { cellWarningsLine, everyRowRejected } from './report';
import { jsonLine } from './terminal';
import { INPUT_HELP, INPUT_OPTIONS, clause, ingestOptionsFromArgs } from './settings';
import { dateFormWarnings, valueWarnings, warningLines, type ValueWarning } from './value-warnings';
import { errorMessage } from '../lib/domain/guards';

const OPTIONS: Record<string, OptionSpec> = {
	...INPUT_OPTIONS,
	web: { value: true },
	out: { value: true, short: 'o' },
	force: { value: false },
	parquet: { value: false },
	format: { value: true, short: 'f' },
	pseudonymise: { value: false },
	'key-file': { value: true },
	help: { value: false, short: 'h' }
};

/** The files written in the output folder. */
export const OUTPUT_FILES = {
	contacts: 'contacts.csv',
	web: 'web.csv',
	rejected: 'rejected.csv',
	contactsParquet: 'contacts.parquet',
	webParquet: 'web.parquet'
} as const;

export const NORMALIZE_HELP = `Usage: parcours normalize <contacts> [--web <web>] --out DIR [options]

Reads a contact log (and a web log) as "parcours analyze" and the app read them (CSV with , ; or
tab, UTF-8 or Windows-1252, French or English headers, dd/mm/yyyy dates, Excel .xlsx workbooks)
and writes them in the canonical form of METRICS.md, which DuckDB, PostgreSQL and "parcours sql"
read without guessing:
  DIR/contacts.csv   customer_id,timestamp,channel,motive,direction,agent,team,segment,
                     transferred,callback,resolved,handled_at,survey_resolved,csat,nps,contact_id
                     (optional columns the log lacks are left out); times 2026-03-01T09:00:00
                     (.250 only when the milliseconds are not zero), no zone; true/false, empty
                     for unknown; inbound/outbound; channels by their canonical names; a motive
                     code in its first spelling; scores as integers; UTF-8, comma separated
  DIR/web.csv        customer_id,timestamp,page,session_id
  DIR/rejected.csv   file,line,reason,column,value: every row that was not written, and why
  DIR/contacts.parquet, DIR/web.parquet   with --parquet: the same rows and values as Parquet
                     (times as timestamps without zone, yes/no as booleans, scores as integers)
A summary (rows read, written, rejected by reason) is printed on stderr. The files are read and
written in one pass, in bounded memory, whatever their length (Excel workbooks are read whole).
${INPUT_HELP}
Options:
  -o, --out DIR              the folder to write (created when missing)
  --web FILE                 also normalise this web log (page views)
  --force                    replace output files that exist (default: refuse)
  --parquet                  also write the logs as Parquet, beside the CSV
  -f, --format F             table (default: the summary on stderr only) or json (the summary
                             also on stdout, as one object)
  --pseudonymise             write customer ids as pseudonyms: HMAC-SHA-256 under a secret key,
                             the app's function; a rejected cell is written as its shape (A, a:
                             a letter, 9: a digit). The key is made for the run and kept nowhere,
                             so the pseudonyms match no other run, unless --key-file is given
  --key-file FILE            the key (64 hex digits): the same key gives the same pseudonyms as
                             another run or the app (implies --pseudonymise)
  -h, --help                 this help

Example:
  parcours normalize export-crm.csv --web visites.csv --out canonical/`;

/** Bytes read at once: large windows make large batches, so few of them. */
const READ_CHUNK = 4 << 20;

interface LogSummary {
	source: string;
	output: string;
	format: 'csv' | 'xlsx';
	encoding: string;
	delimiter: string;
	dateFormat: string | null;
	rowsRead: number;
	rowsWritten: number;
	rejected: { count: number; byReason: Record<string, number> };
	columns: string[];
	/** Canonical optional columns the source lacks, left out of the output. */
	missingColumns: string[];
	/** Cells read as a default (an unreadable yes/no, score or answer time), by kind. */
	cellWarnings: Record<string, number>;
	/** Customer ids written as pseudonyms (`--pseudonymise`). */
	pseudonymised: boolean;
}

/** Rewrites a batch's own customer dictionary (each distinct id of the batch once) as pseudonyms. */
function pseudonymiseBatch(customers: string[], pseudonym: ((id: string) => string) | null): void {
	if (pseudonym) for (let i = 0; i < customers.length; i++) customers[i] = pseudonym(customers[i]);
}

export async function normalizeCommand(argv: readonly string[], io: Io): Promise<number> {
	const args = parseArgs(argv, OPTIONS, 'parcours normalize');
	if (args.options.has('help')) {
		io.stdout(NORMALIZE_HELP + '\n');
		return 0;
	}
	if (args.positionals.length === 0) {
		throw new UsageError('Missing the contact file to normalise; see "parcours normalize --help".');
	}
	if (args.positionals.length > 1) {
		throw new UsageError(
			`Expected one contact file, got ${args.positionals.length} (${args.positionals.join(', ')}).`
		);
	}
	const out = optionValue(args, 'out');
	if (out === undefined) throw new UsageError('Missing --out DIR; see "parcours normalize --help".');
	const format = (optionValue(args, 'format') ?? 'table').toLowerCase();
	if (format !== 'table' && format !== 'json') {
		throw new UsageError(`Invalid --format "${optionValue(args, 'format')}": expected table or json.`);
	}
	const force = args.options.has('force');
	const parquet = args.options.has('parquet');
	const ingestOptions = ingestOptionsFromArgs(args);
	const pseudonym = await pseudonymFromArgs(args);
	const contactsPath = args.positionals[0];
	const webPath = optionValue(args, 'web');
	await checkReadable(contactsPath);
	if (webPath !== undefined) await checkReadable(webPath);

	const outputs = {
		contacts: join(out, OUTPUT_FILES.contacts),
		web: webPath === undefined ? null : join(out, OUTPUT_FILES.web),
		rejected: join(out, OUTPUT_FILES.rejected),
		contactsParquet: parquet ? join(out, OUTPUT_FILES.contactsParquet) : null,
		webParquet: parquet && webPath !== undefined ? join(out, OUTPUT_FILES.webParquet) : null
	};
	await prepareFolder(out, Object.values(outputs).filter((path): path is string => path !== null), force);

	// Files written so far, removed when a later step fails: a failed run leaves nothing half done.
	const written: Output[] = [];
	const create = (path: string, header: string) => {
		const writer = new CsvWriter(path, header, force);
		written.push(writer);
		return writer;
	};
	const createParquet = (path: string | null) => (columns: readonly string[]) => {
		if (path === null) return null;
		const writer = new ParquetTableWriter(path, columns);
		written.push(writer);
		return writer;
	};
	try {
		// The rejected rows are for people, who open them in a spreadsheet: formulas neutralised.
		// Pseudonymised, a rejected cell is written as its shape: a shifted row may hold an id in any cell.
		const rejected = create(outputs.rejected, `file,${REJECTED_ROWS_HEADER}`);
		const shaped = (r: RejectedRow): RejectedRow => (pseudonym && r.value !== undefined ? { ...r, value: cellShape(r.value) } : r);
		const rejectTo = (file: string) => (r: RejectedRow) => rejected.add(csvLine([file, ...rejectedRowCells(shaped(r))]));

		const contacts = await normalizeContacts(contactsPath, outputs.contacts, create, createParquet(outputs.contactsParquet), {
			...ingestOptions,
			onReject: rejectTo(contactsPath)
		}, pseudonym);
		const web =
			webPath !== undefined && outputs.web
				? await normalizeWeb(webPath, outputs.web, create, createParquet(outputs.webParquet), {
						...ingestOptions,
						onReject: rejectTo(webPath)
					}, pseudonym)
				: null;
		for (const writer of written) writer.close();

		io.stderr(summaryLines(contacts.summary, outputs.rejected) + warningLines(contacts.warnings));
		if (web) io.stderr(summaryLines(web.summary, outputs.rejected) + warningLines(web.warnings));
		const parquetFiles = [outputs.contactsParquet, outputs.webParquet].filter((path): path is string => path !== null);
		if (parquetFiles.length > 0) io.stderr(`The same rows as Parquet: ${parquetFiles.join(', ')}.\n`);
		if (format === 'json') {
			io.stdout(
				jsonLine({
					contacts: { ...contacts.summary, warnings: contacts.warnings },
					...(web ? { web: { ...web.summary, warnings: web.warnings } } : {}),
					rejectedFile: outputs.rejected,
					...(parquetFiles.length > 0 ? { parquetFiles } : {})
				})
			);
		}
		// A log with no row left is a failure, but its files stay: rejected.csv says why.
		for (const log of [contacts, web]) {
			if (!log) continue;
			const { source, rowsWritten, rejected } = log.summary;
			const sentence = everyRowRejected(source, rowsWritten, rejected);
			if (sentence) {
				io.stderr(`parcours: ${clause(sentence)}; they are listed in "${outputs.rejected}".\n`);
				return 1;
			}
		}
		return 0;
	} catch (error) {
		for (const writer of written) {
			try {
				writer.close();
			} catch {
				// Closing may fail as writing did (a full disk); the file is removed all the same.
			}
			await unlink(writer.path).catch(() => {});
		}
		throw error;
	}
}

/** A file being written, closed at the end or removed when the run fails. */
interface Output {
	readonly path: string;
	close(): void;
}

/** Creates the folder; refuses (before writing anything) output files that exist, unless forced. */
async function prepareFolder(dir: string, files: readonly string[], force: boolean): Promise<void> {
	try {
		await mkdir(dir, { recursive: true });
	} catch (error) {
		throw new UsageError(describeFileError(dir, error, 'create'), 1);
	}
	if (force) return;
	for (const file of files) {
		const exists = await stat(file).then(
			() => true,
			() => false
		);
		if (exists) throw new UsageError(`The file "${file}" exists already; add --force to replace it.`, 1);
	}
}

/**
 * The bytes of a log: a stream of the file, or for an Excel workbook its first sheet as CSV (as
 * the app's import reads it; a workbook is read whole, and holds a million rows at most).
 */
async function sourceOf(path: string): Promise<{ source: ByteSource; format: 'csv' | 'xlsx'; close(): void }> {
	const head = new Uint8Array(4);
	const file = await open(path, 'r');
	try {
		await file.read(head, 0, 4, 0);
	} finally {
		await file.close();
	}
	if (/\.xlsx$/i.test(path) || looksLikeXlsx(head)) {
		const { readSheet } = await import('read-excel-file/node');
		let rows: SheetRows;
		try {
			rows = await readSheet(path);
		} catch (error) {
			throw new UsageError(
				`Cannot read the Excel workbook "${path}" (${clause(errorMessage(error))}); save it as CSV and normalise that.`,
				1
			);
		}
		return { source: sheetToCsvBytes(rows), format: 'xlsx', close() {} };
	}
	const stream = createReadStream(path, { highWaterMark: READ_CHUNK });
	return { source: stream, format: 'csv', close: () => stream.destroy() };
}

/** Runs an ingest of `path`, its IngestError and file errors turned into one sentence naming it. */
async function reading<T>(path: string, read: () => Promise<T>): Promise<T> {
	try {
		return await read();
	} catch (error) {
		if (error instanceof IngestError) throw new UsageError(`Cannot read "${path}": ${clause(error.message)}.`, 1);
		if (error instanceof UsageError) throw error;
		if ((error as { code?: unknown })?.code) throw new UsageError(describeFileError(path, error), 1);
		throw error;
	}
}

async function normalizeContacts(
	path: string,
	output: string,
	create: (path: string, header: string) => CsvWriter,
	createParquet: (columns: readonly string[]) => ParquetTableWriter | null,
	options: Parameters<typeof streamContacts>[1],
	pseudonym: ((id: string) => string) | null
): Promise<{ summary: LogSummary; warnings: ValueWarning[] }> {
	const { source, format, close } = await sourceOf(path);
	let writer: CsvWriter | null = null;
	let parquet: ParquetTableWriter | null = null;
	let canonical: CanonicalContactWriter | null = null;
	let result: ContactStreamSummary;
	try {
		result = await reading(path, () =>
			streamContacts(source, { ...options, contactIds: true }, (batch: ContactTable) => {
				// The columns are known once the head is read; the file is created with the first rows.
				if (!canonical) {
					canonical = new CanonicalContactWriter(contactColumnsOf(batch.present));
					writer = create(output, canonical.header);
					parquet = createParquet(canonical.columns);
				}
				const w = writer!;
				pseudonymiseBatch(batch.customers, pseudonym);
				const data = canonical.data(batch);
				writeCsvLines(data, batch.length, (line) => w.add(line));
				parquet?.add(data, batch.length);
			})
		);
	} finally {
		close();
	}
	const { mapping } = result.detected;
	const columns = (canonical as CanonicalContactWriter | null)?.columns ??
		CANONICAL_CONTACT_COLUMNS.filter((c) => mapping[c] !== undefined);
	if (!writer) {
		create(output, columns.join(','));
		createParquet(columns);
	}
	return {
		summary: {
			...describe(path, output, format, result),
			pseudonymised: pseudonym !== null,
			columns: [...columns],
			missingColumns: CANONICAL_CONTACT_COLUMNS.filter((c) => !columns.includes(c))
		},
		warnings: [...dateFormWarnings(result.detected, result.rows + result.rejections.count, `timestamp of "${path}"`), ...valueWarnings(result)]
	};
}

async function normalizeWeb(
	path: string,
	output: string,
	create: (path: string, header: string) => CsvWriter,
	createParquet: (columns: readonly string[]) => ParquetTableWriter | null,
	options: Parameters<typeof streamWeb>[1],
	pseudonym: ((id: string) => string) | null
): Promise<{ summary: LogSummary; warnings: ValueWarning[] }> {
	const { source, format, close } = await sourceOf(path);
	const canonical = new CanonicalWebWriter();
	const writer = create(output, canonical.header);
	const parquet = createParquet(canonical.columns);
	let result: WebStreamSummary;
	try {
		result = await reading(path, () =>
			streamWeb(source, options, (batch) => {
				pseudonymiseBatch(batch.customers, pseudonym);
				const data = canonical.data(batch);
				writeCsvLines(data, batch.length, (line) => writer.add(line));
				parquet?.add(data, batch.length);
			})
		);
	} finally {
		close();
	}
	const missing = result.detected.mapping.session_id === undefined ? ['session_id'] : [];
	return {
		summary: { ...describe(path, output, format, result), pseudonymised: pseudonym !== null, columns: canonical.header.split(','), missingColumns: missing },
		warnings: dateFormWarnings(result.detected, result.rows + result.rejections.count, `timestamp of "${path}"`)
	};
}

function describe(
	source: string,
	output: string,
	format: 'csv' | 'xlsx',
	result: ContactStreamSummary | WebStreamSummary
): Omit<LogSummary, 'columns' | 'missingColumns' | 'pseudonymised'> {
	const { detected, rejections } = result;
	return {
		source,
		output,
		format,
		encoding: detected.encoding,
		delimiter: detected.delimiter,
		dateFormat: detected.dateFormat ?? null,
		rowsRead: result.rows + rejections.count,
		rowsWritten: result.rows,
		rejected: { count: rejections.count, byReason: rejections.byReason },
		cellWarnings: result.warnings
	};
}

const count = (n: number) => n.toLocaleString('en-GB');

/** `contacts.csv: 12 rows read, 11 written to out/contacts.csv, 1 rejected (bad-timestamp 1) …` */
function summaryLines(s: LogSummary, rejectedFile: string): string {
	const reasons = Object.entries(s.rejected.byReason)
		.map(([reason, n]) => `${reason} ${count(n)}`)
		.join(', ');
	const rejected =
		s.rejected.count === 0 ? 'none rejected' : `${count(s.rejected.count)} rejected (${reasons}), listed in ${rejectedFile}`;
	let text = `${basename(s.source)}: ${count(s.rowsRead)} rows read, ${count(s.rowsWritten)} written to ${s.output}, ${rejected}.\n`;
	if (s.missingColumns.length > 0) text += `  Columns the source lacks, left out: ${s.missingColumns.join(', ')}.\n`;
	const cells = cellWarningsLine(s.cellWarnings);
	if (cells) text += `  ${cells}\n`;
	return text;
}
