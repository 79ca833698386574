/** `parcours analyze <contacts.csv>`: the figures of METRICS.md for one contact log. */
import { IngestError, type ContactIngest } from '../lib/analysis/ingest/index';
import { analyze } from '../lib/analysis/metrics';
import { UsageError, optionValue, parseArgs, type OptionSpec } from './args';
import { checkReadable, describeFileError } from './files';
import { MAX_THREADS, readContactsFile } from './read-contacts';
import { everyRowRejected, jsonReport, tableReport } from './report';
import { jsonLine } from './terminal';
import {
	INPUT_HELP,
	INPUT_OPTIONS,
	PERIOD_OPTIONS,
	periodFromArgs,
	SETTINGS_HELP,
	SETTINGS_OPTIONS,
	clause,
	dateFormatFromArgs,
	dimensionsFromArgs,
	settingsFromArgs,
	timeZoneFromArgs,
	yearsFromArgs
} from './settings';
import { dateFormWarnings, valueWarnings, warningLines } from './value-warnings';
import type { Io } from './io';

const OPTIONS: Record<string, OptionSpec> = {
	...SETTINGS_OPTIONS,
	...INPUT_OPTIONS,
	...PERIOD_OPTIONS,
	by: { value: true },
	format: { value: true, short: 'f' },
	threads: { value: true },
	timings: { value: false },
	help: { value: false, short: 'h' }
};

export const ANALYZE_HELP = `Usage: parcours analyze <contacts.csv> [options]

Reads a contact log (CSV, any of , ; tab, UTF-8 or Windows-1252, French or English headers) and
prints first-contact resolution, repeat rate and contacts per demand as defined in METRICS.md.

${INPUT_HELP}

${SETTINGS_HELP}

Period:
  --from DAY                 keep the demands whose first contact is on DAY (YYYY-MM-DD) or later
  --to DAY                   keep the demands whose first contact is on DAY or earlier
                             (chains are still built over the whole log, as METRICS.md §3 says)

Output:
  --by D1,D2                 breakdowns: channel, motive, code, category, theme, agent, team,
                             segment, month, week (motive groups a catalogue motive's codes)
  --format F                 table (default, for people) or json (one object, rates as fractions)
  --threads N                threads reading the file (default: the idle cores, at most ${MAX_THREADS})
  --timings                  also print on stderr how long reading, analysing and printing took
  -h, --help                 this help

Example:
  parcours analyze contacts.csv --window 7d --scope motive --by channel,motive`;

export async function analyzeCommand(argv: readonly string[], io: Io): Promise<number> {
	const args = parseArgs(argv, OPTIONS, 'parcours analyze');
	if (args.options.has('help')) {
		io.stdout(ANALYZE_HELP + '\n');
		return 0;
	}
	if (args.positionals.length === 0) {
		throw new UsageError('Missing the contact file to analyse; see "parcours analyze --help".');
	}
	if (args.positionals.length > 1) {
		throw new UsageError(
			`Expected one contact file, got ${args.positionals.length} (${args.positionals.join(', ')}).`
		);
	}
	const format = (optionValue(args, 'format') ?? 'table').toLowerCase();
	if (format !== 'table' && format !== 'json') {
		throw new UsageError(`Invalid --format "${optionValue(args, 'format')}": expected table or json.`);
	}
	const by = dimensionsFromArgs(args);
	const timeZone = timeZoneFromArgs(args);
	const settings = await settingsFromArgs(args);
	const period = periodFromArgs(args);
	const dateFormat = dateFormatFromArgs(args);
	const threadsText = optionValue(args, 'threads');
	const threads = threadsText === undefined ? undefined : Number(threadsText);
	if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
		throw new UsageError(`Invalid --threads "${threadsText}": expected a whole number of at least 1.`);
	}
	const file = args.positionals[0];
	const size = await checkReadable(file);

	const clock = performance.now();
	let ingest: ContactIngest;
	try {
		// The figures never need contact ids: skipping them saves a string per row.
		ingest = await readContactsFile(file, size, { contactIds: false, threads, dateFormat, timeZone, years: yearsFromArgs(args) });
	} catch (error) {
		if (error instanceof IngestError) {
			throw new UsageError(`Cannot read "${file}": ${clause(error.message)}.`, 1);
		}
		if ((error as { code?: unknown })?.code) throw new UsageError(describeFileError(file, error), 1);
		throw error;
	}

	const rejectedAll = everyRowRejected(file, ingest.table.length, ingest.rejections);
	if (rejectedAll) throw new UsageError(`${rejectedAll}; nothing to measure.`, 1);
	const warnings = [
		...dateFormWarnings(ingest.detected, ingest.table.length + ingest.rejections.count),
		...valueWarnings(ingest)
	];
	io.stderr(warningLines(warnings));
	const read = performance.now();
	const result = analyze(ingest.table, settings, { by, period });
	const analysed = performance.now();
	if (format === 'json') {
		io.stdout(jsonLine({ ...jsonReport(result, ingest.rejections, ingest.warnings), warnings }));
	} else {
		io.stdout(
			tableReport(result, {
				file,
				rowsRead: ingest.table.length + ingest.rejections.count,
				rejections: ingest.rejections,
				warnings: ingest.warnings,
				costs: Object.keys(settings.costPerChannel).length > 0
			})
		);
	}
	if (args.options.has('timings')) {
		const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
		io.stderr(
			`Timings: read ${seconds(read - clock)} (${ingest.table.length} rows), ` +
				`analyse ${seconds(analysed - read)}, print ${seconds(performance.now() - analysed)}, ` +
				`peak memory ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB.\n`
		);
	}
	return 0;
}
