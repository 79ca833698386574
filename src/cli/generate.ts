/** `parcours generate`: a synthetic contact log (and web log) written as CSV, streamed. */
import {
	contactsCsvHeader,
	formatTimestamp,
	generateContacts,
	toCsvLine,
	toWebCsvLine,
	webCsvHeader
} from '../lib/analysis/generate';
import { UsageError, optionValue, parseArgs, type OptionSpec } from './args';
import { CsvWriter } from './csv-writer';
import type { Io } from './io';

const OPTIONS: Record<string, OptionSpec> = {
	contacts: { value: true, short: 'n' },
	seed: { value: true, short: 's' },
	out: { value: true, short: 'o' },
	web: { value: true },
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
  -n, --contacts N           number of contact rows (inbound and outbound)
  -o, --out FILE             the contact CSV to write
  -s, --seed S               random seed (default 1)
  --web FILE                 also write web sessions (customer_id,timestamp,page,session_id)
  --months M                 approximate span in months (default 6)
  --start YYYY-MM-DD         first day (default 2026-01-01)
  --customers N              distinct customers (default: contacts / 2.6)
  -h, --help                 this help

Example:
  parcours generate --contacts 100000 --seed 7 --out contacts.csv --web web.csv`;

function positiveInteger(args: ReturnType<typeof parseArgs>, name: string, fallback?: number): number {
	const text = optionValue(args, name);
	if (text === undefined) {
		if (fallback !== undefined) return fallback;
		throw new UsageError(`Missing --${name}; see "parcours generate --help".`);
	}
	const value = Number(text.replace(/[_\s]/g, ''));
	if (!Number.isInteger(value) || value < 0) {
		throw new UsageError(`Invalid --${name} "${text}": expected a whole number such as 100000.`);
	}
	return value;
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
	const contacts = positiveInteger(args, 'contacts');
	const seed = positiveInteger(args, 'seed', 1);
	const out = optionValue(args, 'out');
	if (out === undefined) throw new UsageError('Missing --out FILE; see "parcours generate --help".');
	const start = optionValue(args, 'start') ?? '2026-01-01';
	if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || Number.isNaN(Date.parse(`${start}T00:00:00Z`))) {
		throw new UsageError(`Invalid --start "${start}": expected a date such as 2026-01-01.`);
	}
	const monthsText = optionValue(args, 'months');
	const months = monthsText === undefined ? 6 : Number(monthsText);
	if (!(months > 0 && months <= 120)) {
		throw new UsageError(`Invalid --months "${monthsText}": expected a number of months such as 6.`);
	}
	const customersText = optionValue(args, 'customers');
	const customers = customersText === undefined ? undefined : positiveInteger(args, 'customers');
	if (customers === 0) throw new UsageError('Invalid --customers "0": expected at least one customer.');
	const webPath = optionValue(args, 'web');

	const writer = new CsvWriter(out, contactsCsvHeader);
	const webWriter = webPath === undefined ? null : new CsvWriter(webPath, webCsvHeader);
	const summary = generateContacts(
		{ contacts, seed, start, months, customers, web: webWriter !== null },
		{
			contact: (row) => writer.add(toCsvLine(row)),
			web: webWriter ? (event) => webWriter.add(toWebCsvLine(event)) : undefined
		}
	);
	writer.close();
	webWriter?.close();
	const span =
		summary.contacts > 0
			? ` from ${formatTimestamp(summary.first).slice(0, 10)} to ${formatTimestamp(summary.last).slice(0, 10)}`
			: '';
	io.stderr(
		`Wrote ${summary.contacts} contacts${span} to ${out}` +
			(webWriter ? ` and ${summary.webEvents} web events to ${webPath}` : '') +
			'.\n'
	);
	return 0;
}
