/** `parcours generate`: a synthetic contact log (and web log) written as CSV, streamed. */
import {
	contactsCsvHeader,
	formatTimestamp,
	generateContacts,
	toCsvLine,
	toWebCsvLine,
	webCsvHeader
} from '../lib/analysis/generate';
import { eventDeriver, eventsCsvHeader, toEventCsvLine } from '../lib/analysis/generate-events';
import { UsageError, optionValue, parseArgs, type OptionSpec } from './args';
import { CsvWriter } from './csv-writer';
import type { Io } from './io';

const OPTIONS: Record<string, OptionSpec> = {
	contacts: { value: true, short: 'n' },
	seed: { value: true, short: 's' },
	out: { value: true, short: 'o' },
	web: { value: true },
	events: { value: true },
	months: { value: true },
	start: { value: true },
	customers: { value: true },
	help: { value: false, short: 'h' }
};

export const GENERATE_HELP = `Usage: parcours generate --contacts N --out FILE [options]

Writes a synthetic contact log of a French energy supplier (the demo catalogue's 20 motives,
8 channels, about 60 advisors in teams, repeats, callbacks, late e-mail answers, surveys) as CSV
with the canonical columns, in timestamp order. The same seed gives the same file.

Options:
  -n, --contacts N           number of contact rows (inbound and outbound), 1 to 1,000,000,000
  -o, --out FILE             the contact CSV to write
  -s, --seed S               random seed, 0 to 4,294,967,295 (default 1)
  --web FILE                 also write web sessions (customer_id,timestamp,page,session_id)
  --events FILE              also write a business event log (customer_id,timestamp,event,detail)
                             whose events drive contacts: bills before billing questions, a
                             rejected direct debit before payment calls, some events with no effect
  --months M                 approximate span in months, above 0 up to 120 (default 6)
  --start YYYY-MM-DD         first day, from 1900 to 2100 (default 2026-01-01)
  --customers N              distinct customers, at most the contacts (default: contacts / 2.6)
  -h, --help                 this help

Example:
  parcours generate --contacts 100000 --seed 7 --out contacts.csv --web web.csv`;

/**
 * The most contact rows one run writes: about 110 GB of CSV, far beyond what any test or benchmark
 * needs; a larger count is a typo, and would fill the disk before anyone noticed.
 */
const MAX_CONTACTS = 1_000_000_000;
/** Seeds are 32-bit: a larger one would silently give the file of a smaller one. */
const MAX_SEED = 2 ** 32 - 1;
/** First days from 1900 to 2100: dates any spreadsheet and the engine read as typed. */
const YEARS = [1900, 2100] as const;
const MAX_MONTHS = 120;

const count = (n: number) => n.toLocaleString('en-GB');

/**
 * A whole number from `min` to `max` written in digits (`100000`, `100_000`, `100 000`): no sign,
 * exponent, hexadecimal or fraction, whose reading would surprise.
 */
function wholeNumber(
	args: ReturnType<typeof parseArgs>,
	name: string,
	range: { min: number; max: number; maxIs?: string },
	fallback?: number
): number {
	const { min, max } = range;
	const text = optionValue(args, name);
	if (text === undefined) {
		if (fallback !== undefined) return fallback;
		throw new UsageError(`Missing --${name}; see "parcours generate --help".`);
	}
	const digits = text.replace(/[_\s]/g, '');
	const value = /^\d+$/.test(digits) ? Number(digits) : NaN;
	if (!(value >= min)) {
		throw new UsageError(`Invalid --${name} "${text}": expected a whole number of at least ${count(min)}, such as 100000.`);
	}
	if (value > max) throw new UsageError(`Invalid --${name} "${text}": expected at most ${range.maxIs ?? count(max)}.`);
	return value;
}

/** `--start`: a day that exists, `YYYY-MM-DD`, in `YEARS`. */
function startDay(text: string): string {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (!match) throw new UsageError(`Invalid --start "${text}": expected a date such as 2026-01-01.`);
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	date.setUTCFullYear(year);
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
		throw new UsageError(`Invalid --start "${text}": there is no such day; expected a date such as 2026-01-01.`);
	}
	if (year < YEARS[0] || year > YEARS[1]) {
		throw new UsageError(`Invalid --start "${text}": expected a first day in a year from ${YEARS[0]} to ${YEARS[1]}.`);
	}
	return text;
}

export async function generateCommand(argv: readonly string[], io: Io): Promise<number> {
	const args = parseArgs(argv, OPTIONS, 'parcours generate');
	if (args.options.has('help')) {
		io.stdout(GENERATE_HELP + '\n');
		return 0;
	}
	if (args.positionals.length > 0) {
		throw new UsageError(`Unexpected argument "${args.positionals[0]}"; see "parcours generate --help".`);
	}
	const contacts = wholeNumber(args, 'contacts', { min: 1, max: MAX_CONTACTS });
	const seed = wholeNumber(args, 'seed', { min: 0, max: MAX_SEED }, 1);
	const out = optionValue(args, 'out');
	if (out === undefined) throw new UsageError('Missing --out FILE; see "parcours generate --help".');
	const start = startDay(optionValue(args, 'start') ?? '2026-01-01');
	const monthsText = optionValue(args, 'months');
	// A span of zero or fewer months would end before it starts.
	const months = monthsText === undefined ? 6 : /^\s*\d*\.?\d+\s*$/.test(monthsText) ? Number(monthsText) : NaN;
	if (!(months > 0 && months <= MAX_MONTHS)) {
		throw new UsageError(`Invalid --months "${monthsText}": expected a number of months above 0 and at most ${MAX_MONTHS}, such as 6.`);
	}
	// More customers than contacts would name customers who never get in touch.
	const customers = optionValue(args, 'customers') === undefined ? undefined : wholeNumber(args, 'customers', { min: 1, max: contacts, maxIs: `the number of contacts (${count(contacts)})` });
	const webPath = optionValue(args, 'web');

	const writer = new CsvWriter(out, contactsCsvHeader);
	const webWriter = webPath === undefined ? null : new CsvWriter(webPath, webCsvHeader);
	const eventsPath = optionValue(args, 'events');
	const eventWriter = eventsPath === undefined ? null : new CsvWriter(eventsPath, eventsCsvHeader);
	const from = Date.parse(`${start}T00:00:00Z`);
	const eventSpan = { from, to: from + months * 30.44 * 86_400_000 };
	const deriver = eventWriter ? eventDeriver(seed, eventSpan, (event) => eventWriter.add(toEventCsvLine(event))) : null;
	const summary = generateContacts(
		{ contacts, seed, start, months, customers, web: webWriter !== null },
		{
			contact: (row) => {
				writer.add(toCsvLine(row));
				deriver?.contact(row);
			},
			web: webWriter ? (event) => webWriter.add(toWebCsvLine(event)) : undefined
		}
	);
	writer.close();
	webWriter?.close();
	eventWriter?.close();
	const span =
		summary.contacts > 0
			? ` from ${formatTimestamp(summary.first).slice(0, 10)} to ${formatTimestamp(summary.last).slice(0, 10)}`
			: '';
	io.stderr(
		`Wrote ${summary.contacts} contacts${span} to ${out}` +
			(webWriter ? ` and ${summary.webEvents} web events to ${webPath}` : '') +
			(deriver ? ` and ${deriver.count} business events to ${eventsPath}` : '') +
			'.\n'
	);
	return 0;
}
