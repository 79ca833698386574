/** `parcours anticipate <contacts.csv>`: the triggers of METRICS.md §5b, ranked by the contacts they cause. */
import { availableParallelism } from 'node:os';
import { Anticipation, DEFAULT_DEFLECTION, DEFAULT_HORIZON, type AnticipationResult } from '../lib/analysis/anticipation/index';
import { eventsInPeriod, filterLogs, observedSettings, webInPeriod } from '../lib/analysis/anticipation/filter';
import { IngestError, ingestEvents, ingestWeb, type ContactIngest, type EventIngest, type WebIngest } from '../lib/analysis/ingest/index';
import { compileRules, MappingRuleError, type CompiledRules } from '../lib/domain/mapping';
import { DAY, HOUR, parseDuration } from '../lib/analysis/settings';
import type { Rejections } from '../lib/analysis/table';
import { UsageError, optionValue, parseArgs, type OptionSpec } from './args';
import { checkReadable, describeFileError } from './files';
import type { Io } from './io';
import { ingest, journeyFromJson, readJson, rulesFromJson } from './overlay';
import { defaultThreads, readContactsFile, readInLanes, readLogFile } from './read-contacts';
import { alignRows, everyRowRejected } from './report';
import {
	INPUT_HELP,
	INPUT_OPTIONS,
	PERIOD_OPTIONS,
	periodFromArgs,
	SETTINGS_HELP,
	SETTINGS_OPTIONS,
	clause,
	dateFormatFromArgs,
	settingsFromArgs,
	timeZoneFromArgs,
	yearsFromArgs
} from './settings';
import { jsonLine, visibleCell, visibleText } from './terminal';
import { dateFormWarnings, valueWarnings, warningLines } from './value-warnings';

const OPTIONS: Record<string, OptionSpec> = {
	...SETTINGS_OPTIONS,
	...INPUT_OPTIONS,
	...PERIOD_OPTIONS,
	events: { value: true },
	web: { value: true },
	journey: { value: true },
	rules: { value: true },
	horizon: { value: true },
	deflection: { value: true },
	top: { value: true },
	format: { value: true, short: 'f' },
	timings: { value: false },
	help: { value: false, short: 'h' }
};

export const ANTICIPATE_HELP = `Usage: parcours anticipate <contacts.csv> [--events F] [--web F] [--journey J --rules R] [options]

Finds the moments that make customers call (METRICS.md §5b): for every trigger — each event type
of a business event log, each journey state of the mapping rules, each web exit page — the
occurrences (one per horizon per customer), the share followed by an inbound contact within the
horizon with its 95 % interval, the baseline of the same customers, lift, attributable contacts,
the saving of a proactive message (with --cost), the top following motives and the median delay.
Triggers are ranked by attributable contacts.

Input:
  --events FILE              a business event log (customer_id, timestamp, event[, detail])
  --web FILE                 a web log (customer_id, timestamp, page[, session_id]): exit pages
  --rules FILE               mapping rules (JSON array, as for "parcours overlay"): journey states
  --journey FILE             the journey the rules belong to (rules of other journeys are skipped)
  --horizon H                horizon after a trigger (default 7d)
  --deflection D             share of attributable contacts a proactive message avoids, 0 to 1
                             or a percentage (default 0.3)
  --from DAY, --to DAY       read the contacts, events and page views of these days only
                             (YYYY-MM-DD, both included): a few records years away from the rest
                             would otherwise stretch the period the baseline is measured over

${INPUT_HELP}

${SETTINGS_HELP}

Output:
  --format F                 table (default, for people) or json (one object, rates as fractions)
  --top N                    triggers in the table (default 20; json has them all)
  --timings                  also print on stderr how long reading and computing took
  -h, --help                 this help

Example:
  parcours anticipate contacts.csv --events events.csv --web web.csv --cost phone=5,email=3`;

/** `--deflection`: `0.3`, `30%` or `30 %`. */
function deflectionFromArgs(text: string | undefined): number {
	if (text === undefined) return DEFAULT_DEFLECTION;
	const match = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
	const value = match ? Number(match[1]) / (match[2] ? 100 : 1) : NaN;
	if (!(value >= 0 && value <= 1)) {
		throw new UsageError(`Invalid --deflection "${text}": expected a share from 0 to 1 (such as 0.3) or a percentage (such as 30%).`);
	}
	return value;
}

/** `, 2 rows rejected (1 bad timestamp…), e.g. line 4 (column "Date")`, or nothing. */
function rejectedNote(file: string, rejections: Rejections): string | null {
	if (rejections.count === 0) return null;
	const reasons = Object.entries(rejections.byReason)
		.sort((a, b) => b[1] - a[1])
		.map(([reason, n]) => `${n} ${reason.replace(/-/g, ' ')}`)
		.join(', ');
	const first = rejections.sample[0];
	const where = first ? `, e.g. line ${first.row}${first.column ? ` (column "${visibleCell(first.column)}")` : ''}` : '';
	return `${rejections.count} row${rejections.count === 1 ? '' : 's'} of "${file}" rejected (${reasons})${where}.`;
}

export async function anticipateCommand(argv: readonly string[], io: Io): Promise<number> {
	const args = parseArgs(argv, OPTIONS, 'parcours anticipate');
	if (args.options.has('help')) {
		io.stdout(ANTICIPATE_HELP + '\n');
		return 0;
	}
	if (args.positionals.length !== 1) {
		throw new UsageError(
			args.positionals.length === 0
				? 'Missing the contact file; see "parcours anticipate --help".'
				: `Expected one contact file, got ${args.positionals.length} (${args.positionals.join(', ')}).`
		);
	}
	const format = (optionValue(args, 'format') ?? 'table').toLowerCase();
	if (format !== 'table' && format !== 'json') {
		throw new UsageError(`Invalid --format "${optionValue(args, 'format')}": expected table or json.`);
	}
	let horizon = DEFAULT_HORIZON;
	const horizonText = optionValue(args, 'horizon');
	if (horizonText !== undefined) {
		try {
			horizon = parseDuration(horizonText);
		} catch {
			throw new UsageError(`Invalid --horizon "${horizonText}": expected a duration such as 24h or 7d.`);
		}
	}
	const deflection = deflectionFromArgs(optionValue(args, 'deflection'));
	const topText = optionValue(args, 'top');
	const top = topText === undefined ? 20 : Number(topText);
	if (!(Number.isInteger(top) && top >= 1)) throw new UsageError(`Invalid --top "${topText}": expected a whole number of at least 1.`);
	const eventsPath = optionValue(args, 'events');
	const webPath = optionValue(args, 'web');
	const rulesPath = optionValue(args, 'rules');
	const journeyPath = optionValue(args, 'journey');
	if (journeyPath !== undefined && rulesPath === undefined) {
		throw new UsageError('--journey needs --rules rules.json (the mapping rules that send contacts and pages to its states).');
	}
	if (eventsPath === undefined && webPath === undefined && rulesPath === undefined) {
		throw new UsageError('Nothing to look for: give --events, --web or --rules; see "parcours anticipate --help".');
	}
	const timeZone = timeZoneFromArgs(args);
	const settings = await settingsFromArgs(args);
	const period = periodFromArgs(args);
	const dateFormat = dateFormatFromArgs(args);
	const years = yearsFromArgs(args);

	let rules: CompiledRules | null = null;
	if (rulesPath !== undefined) {
		const journey = journeyPath === undefined ? null : journeyFromJson(await readJson(journeyPath, 'journey'), journeyPath);
		const all = rulesFromJson(await readJson(rulesPath, 'rules'), rulesPath);
		const kept = journey?.id ? all.filter((r) => !r.journeyId || r.journeyId === journey.id) : all;
		try {
			rules = compileRules(kept);
		} catch (error) {
			if (error instanceof MappingRuleError) throw new UsageError(`In "${rulesPath}": ${clause(error.message)}.`, 1);
			throw error;
		}
	}

	const clock = performance.now();
	const file = args.positionals[0];
	// Every file is checked first, in order, so a missing one is named before any is read.
	const size = await checkReadable(file);
	const eventsSize = eventsPath === undefined ? 0 : await checkReadable(eventsPath);
	const webSize = webPath === undefined ? 0 : await checkReadable(webPath);
	// The figures need an event's type, not its detail.
	const eventOptions = { dateFormat, timeZone, years, sizeHint: eventsSize, eventDetails: false };
	// Which views share a session is all the figures need of the session ids: not their texts.
	const webOptions = { dateFormat, timeZone, years, sizeHint: webSize, sessionIds: false };
	// The logs are read as many at once as there are cores, the largest first (the event and web
	// logs each in a worker thread when large); spare cores read the contacts in parts. Each log is
	// counted as soon as it is read and the contacts are (the sources of triggers are counted
	// apart): the events' triggers while the web log, the largest, is still being read.
	// Readings of different files cost nothing to merge: the machine's load is left to the system.
	const lanes = availableParallelism();
	const logs = (eventsPath === undefined ? 0 : 1) + (webPath === undefined ? 0 : 1);
	const none = async () => null;
	// The counting on the contacts, which the logs' countings wait for (refused when the contacts
	// are). A log's counting waits outside the reading lanes: a lane waiting for the contacts
	// while they wait for a free lane would wait for ever.
	let counted: (anticipation: Anticipation) => void = () => {};
	let refused: (reason: unknown) => void = () => {};
	const measured = new Promise<Anticipation>((resolve, reject) => {
		counted = resolve;
		refused = reject;
	});
	measured.catch(() => {});
	const countings: Promise<void>[] = [];
	const countLater = (count: (anticipation: Anticipation) => void) => {
		const counting = measured.then(count);
		// Said after the readings, which say first what is wrong with a file.
		counting.catch(() => {});
		countings.push(counting);
	};
	let lastRead = clock;
	const countContacts = async () => {
		const contacts = await readContactsFile(file, size, {
			contactIds: false,
			dateFormat,
			timeZone,
			years,
			threads: Math.max(1, Math.min(defaultThreads(), lanes - logs))
		}).catch((error: unknown) => {
			if (error instanceof IngestError) throw new UsageError(`Cannot read "${file}": ${clause(error.message)}.`, 1);
			if ((error as { code?: unknown })?.code) throw new UsageError(describeFileError(file, error), 1);
			throw error;
		});
		lastRead = Math.max(lastRead, performance.now());
		const rejected = everyRowRejected(file, contacts.table.length, contacts.rejections);
		if (rejected) throw new UsageError(`${rejected}; nothing to measure.`, 1);
		const inPeriod = filterLogs({ contacts: contacts.table, events: null, web: null }, { period }).contacts;
		counted(new Anticipation(inPeriod, observedSettings(settings, contacts.table, period), { horizon, deflection }));
		return contacts;
	};
	const reading = await readInLanes<ContactIngest | EventIngest | WebIngest | null>(
		[
			{
				size,
				read: () =>
					countContacts().catch((error: unknown) => {
						refused(error);
						throw error;
					})
			},
			{
				size: eventsSize,
				read:
					eventsPath === undefined
						? none
						: async () => {
								const events = await readLogFile('events', eventsPath, eventsSize, eventOptions, () =>
									ingest(eventsPath, (bytes) => ingestEvents(bytes, eventOptions))
								);
								lastRead = Math.max(lastRead, performance.now());
								const rejected = everyRowRejected(eventsPath, events.table.length, events.rejections);
								if (rejected) throw new UsageError(`${rejected}; no event to look at.`, 1);
								if (events.detected.mapping.event === undefined) {
									throw new UsageError(
										`No event column was found in "${eventsPath}" (such as "event" or "Événement"); the headers are ${events.detected.headers.map((h) => `"${h}"`).join(', ')}.`,
										1
									);
								}
								countLater((anticipation) => anticipation.addEvents(eventsInPeriod(events.table, period)));
								return events;
							}
			},
			{
				size: webSize,
				read:
					webPath === undefined && rules === null
						? none
						: async () => {
								const web =
									webPath === undefined
										? null
										: await readLogFile('web', webPath, webSize, webOptions, () =>
												ingest(webPath, (bytes) => ingestWeb(bytes, webOptions))
											);
								lastRead = Math.max(lastRead, performance.now());
								if (webPath !== undefined && web) {
									const rejected = everyRowRejected(webPath, web.table.length, web.rejections);
									if (rejected) throw new UsageError(`${rejected}; no page to look at.`, 1);
								}
								countLater((anticipation) => anticipation.addWeb(web ? webInPeriod(web.table, period) : null, rules));
								return web;
							}
			}
		],
		lanes
	);
	for (const outcome of reading) if (outcome.status === 'rejected') throw outcome.reason;
	await Promise.all(countings);
	const [contactsRead, eventsRead, webRead] = reading as [
		PromiseFulfilledResult<ContactIngest>,
		PromiseFulfilledResult<EventIngest | null>,
		PromiseFulfilledResult<WebIngest | null>
	];
	const contacts = contactsRead.value;
	const warnings = [
		...dateFormWarnings(contacts.detected, contacts.table.length + contacts.rejections.count, `timestamp of "${file}"`),
		...valueWarnings(contacts)
	];
	const notes: string[] = [];
	const contactNote = rejectedNote(file, contacts.rejections);
	if (contactNote) notes.push(contactNote);
	for (const [path, read] of [
		[eventsPath, eventsRead.value],
		[webPath, webRead.value]
	] as const) {
		if (path === undefined || !read) continue;
		warnings.push(
			...dateFormWarnings(read.detected, read.table.length + read.rejections.count, `timestamp of "${path}"`)
		);
		const note = rejectedNote(path, read.rejections);
		if (note) notes.push(note);
	}
	io.stderr(warningLines(warnings) + notes.map((n) => n + '\n').join(''));
	const result = (await measured).result();
	const computed = performance.now();
	io.stdout(format === 'json' ? jsonLine({ ...result, ...(warnings.length ? { warnings } : {}) }) : anticipationTable(result, file, top));
	if (args.options.has('timings')) {
		const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
		io.stderr(
			`Timings: read ${seconds(lastRead - clock)}, counted ${seconds(computed - lastRead)} after the last reading, ` +
				`peak memory ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB.\n`
		);
	}
	return 0;
}

const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)} %`);
const fixed = (value: number | null, digits = 1) => (value === null ? '–' : value.toFixed(digits));

function delay(ms: number | null): string {
	if (ms === null) return '–';
	return ms >= DAY ? `${(ms / DAY).toFixed(1)} d` : `${(ms / HOUR).toFixed(1)} h`;
}

/** The ranking for people: one line per trigger, the best first. */
export function anticipationTable(result: AnticipationResult, file: string, top: number): string {
	const t = result.totals;
	const horizon = result.horizon % DAY === 0 ? `${result.horizon / DAY}d` : `${result.horizon / HOUR}h`;
	const lines = [
		`Anticipation on ${file}: ${t.inboundContacts} inbound contacts` +
			(t.events > 0 ? `, ${t.events} business events` : '') +
			(t.webEvents > 0 ? `, ${t.webEvents} page views (${t.sessions} sessions)` : '') +
			`; horizon ${horizon}, deflection ${Math.round(result.deflection * 100)} %.`,
		''
	];
	if (result.triggers.length === 0) {
		lines.push('No trigger has an occurrence whose horizon is fully observed.');
		return visibleText(lines.join('\n') + '\n');
	}
	const shown = result.triggers.slice(0, top);
	lines.push(
		...alignRows(
			[
				['trigger', 'occurrences', 'pending', 'rate after', '95 % interval', 'baseline', 'lift', 'attributable', ...(result.costs ? ['saving'] : []), 'median delay', 'top motives'],
				...shown.map((x) => [
					`${x.kind === 'event' ? 'event' : x.kind === 'state' ? 'state' : 'exit page'} ${visibleCell(x.label)}`,
					String(x.occurrences),
					String(x.pending),
					percent(x.rate.rate),
					x.rate.ci95 ? `${percent(x.rate.ci95[0])} – ${percent(x.rate.ci95[1])}` : '–',
					percent(x.baseline),
					fixed(x.lift, 2),
					fixed(x.attributable),
					...(result.costs ? [fixed(x.saving, 0)] : []),
					delay(x.medianDelay),
					x.motives.slice(0, 3).map((m) => `${visibleCell(m.value)} ${Math.round(m.share * 100)} %`).join(', ')
				])
			],
			[false, true, true, true, true, true, true, true, ...(result.costs ? [true] : []), true, false]
		)
	);
	if (result.triggers.length > top) lines.push(`… and ${result.triggers.length - top} more triggers (--top N, or --format json for all).`);
	return visibleText(lines.join('\n') + '\n');
}
