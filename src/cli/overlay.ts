/** `parcours overlay <contacts.csv>`: the journey overlay of METRICS.md §5–6 for one journey. */
import { readFile } from 'node:fs/promises';
import { JsonNestingError, parseJson } from '../lib/domain/json-nesting';
import { MappingRuleError, compileRules } from '../lib/domain/mapping';
import type { JourneyMachineConfig, MappingRule } from '../lib/domain/types';
import { IngestError, ingestContacts, ingestWeb, type ByteReader } from '../lib/analysis/ingest/index';
import { overlay, type OverlayResult } from '../lib/analysis/overlay';
import { journeyModel } from '../lib/analysis/overlay-model';
import { parseDuration } from '../lib/analysis/settings';
import type { WebTable } from '../lib/analysis/table';
import { UsageError, optionValue, parseArgs, type OptionSpec } from './args';
import { checkReadable, describeFileError, withFileBytes } from './files';
import { alignRows, cellWarningsLine, everyRowRejected } from './report';
import { jsonLine, visibleCell, visibleText } from './terminal';
import { INPUT_HELP, INPUT_OPTIONS, SETTINGS_HELP, SETTINGS_OPTIONS, clause, dateFormatFromArgs, settingsFromArgs, timeZoneFromArgs, yearsFromArgs } from './settings';
import { dateFormWarnings, valueWarnings, warningLines } from './value-warnings';
import type { Io } from './io';
import { errorMessage, isRecord } from '../lib/domain/guards';

const OPTIONS: Record<string, OptionSpec> = {
	...SETTINGS_OPTIONS,
	...INPUT_OPTIONS,
	web: { value: true },
	journey: { value: true },
	rules: { value: true },
	horizon: { value: true },
	format: { value: true, short: 'f' },
	help: { value: false, short: 'h' }
};

export const OVERLAY_HELP = `Usage: parcours overlay <contacts.csv> --journey journey.json --rules rules.json [options]

Maps contacts (and page views) to the states of a journey and prints, per state, volumes, repeat
rate, FCR and web → contact rate, the observed transitions and the deviations from the model, as
defined in METRICS.md §5–6.

Input:
  --journey FILE             a journey (JSON with a "machine") or a plain XState machine config
  --rules FILE               a JSON array of mapping rules (contact: channel, motive, category;
                             web: page with syntax glob or regex); those of other journeys are skipped
  --web FILE                 a web log (customer_id, timestamp, page[, session_id])
  --horizon H                web → contact and bounce horizon (default 24h)

${INPUT_HELP}

${SETTINGS_HELP}

Output:
  --format F                 table (default, for people) or json (one object, rates as fractions)
  -h, --help                 this help

Example:
  parcours overlay contacts.csv --web web.csv --journey facture.json --rules rules.json --window 7d`;

export async function readJson(path: string, what: string): Promise<unknown> {
	await checkReadable(path);
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		throw new UsageError(describeFileError(path, error), 1);
	}
	try {
		return parseJson(text.replace(/^\uFEFF/, ''));
	} catch (error) {
		if (error instanceof JsonNestingError) {
			throw new UsageError(`The ${what} "${path}" is nested more than ${error.limit} levels deep (arrays and objects inside one another), more than any real file`, 1);
		}
		throw new UsageError(`The ${what} "${path}" is not valid JSON: ${clause(errorMessage(error))}.`, 1);
	}
}

/** A Journey (its machine and id) or a plain machine config. */
export function journeyFromJson(value: unknown, path: string): { machine: JourneyMachineConfig; id: string | null } {
	if (isRecord(value) && isRecord(value.machine)) {
		return { machine: checkMachine(value.machine, path), id: typeof value.id === 'string' ? value.id : null };
	}
	return { machine: checkMachine(value, path), id: null };
}

/** The fields every machine config has; the rest is read as written. */
function looksLikeMachine(value: unknown): value is JourneyMachineConfig {
	return isRecord(value) && isRecord(value.states) && typeof value.initial === 'string';
}

function checkMachine(value: unknown, path: string): JourneyMachineConfig {
	if (!looksLikeMachine(value)) {
		throw new UsageError(
			`The journey "${path}" is neither a journey nor a machine config (expected "initial" and "states").`,
			1
		);
	}
	if (typeof value.id !== 'string') return { ...value, id: 'journey' };
	return value;
}

/** Rules written by hand may leave out ids, orders and workspace: they get defaults. */
export function rulesFromJson(value: unknown, path: string): MappingRule[] {
	if (!Array.isArray(value)) throw new UsageError(`The rules "${path}" must be a JSON array of mapping rules.`, 1);
	return value.map((item, i) => {
		if (!isRecord(item)) throw new UsageError(`Rule ${i + 1} of "${path}" is not an object.`, 1);
		return {
			workspaceId: '',
			journeyId: '',
			...item,
			id: typeof item.id === 'string' && item.id ? item.id : `#${i + 1}`,
			order: typeof item.order === 'number' ? item.order : i
		} as MappingRule;
	});
}

export async function overlayCommand(argv: readonly string[], io: Io): Promise<number> {
	const args = parseArgs(argv, OPTIONS, 'parcours overlay');
	if (args.options.has('help')) {
		io.stdout(OVERLAY_HELP + '\n');
		return 0;
	}
	if (args.positionals.length !== 1) {
		throw new UsageError(
			args.positionals.length === 0
				? 'Missing the contact file; see "parcours overlay --help".'
				: `Expected one contact file, got ${args.positionals.length} (${args.positionals.join(', ')}).`
		);
	}
	const format = (optionValue(args, 'format') ?? 'table').toLowerCase();
	if (format !== 'table' && format !== 'json') {
		throw new UsageError(`Invalid --format "${optionValue(args, 'format')}": expected table or json.`);
	}
	const journeyPath = optionValue(args, 'journey');
	if (!journeyPath) throw new UsageError('Missing --journey journey.json; see "parcours overlay --help".');
	const rulesPath = optionValue(args, 'rules');
	if (!rulesPath) throw new UsageError('Missing --rules rules.json; see "parcours overlay --help".');
	let horizon = 24 * 3_600_000;
	const horizonText = optionValue(args, 'horizon');
	if (horizonText !== undefined) {
		try {
			horizon = parseDuration(horizonText);
		} catch {
			throw new UsageError(`Invalid --horizon "${horizonText}": expected a duration such as 24h or 3d.`);
		}
	}
	const timeZone = timeZoneFromArgs(args);
	const settings = await settingsFromArgs(args);
	const journey = journeyFromJson(await readJson(journeyPath, 'journey'), journeyPath);
	const allRules = rulesFromJson(await readJson(rulesPath, 'rules'), rulesPath);
	// A stored journey keeps its own rules; rules without a journey apply to any.
	const rules = journey.id ? allRules.filter((r) => !r.journeyId || r.journeyId === journey.id) : allRules;
	let compiled;
	try {
		compiled = compileRules(rules);
	} catch (error) {
		if (error instanceof MappingRuleError) throw new UsageError(`In "${rulesPath}": ${clause(error.message)}.`, 1);
		throw error;
	}

	const file = args.positionals[0];
	await checkReadable(file);
	const dateFormat = dateFormatFromArgs(args);
	const years = yearsFromArgs(args);
	const contacts = await ingest(file, (bytes) => ingestContacts(bytes, { contactIds: false, dateFormat, timeZone, years }));
	const contactsRejected = everyRowRejected(file, contacts.table.length, contacts.rejections);
	if (contactsRejected) throw new UsageError(`${contactsRejected}; nothing to map.`, 1);
	const dateWarnings = dateFormWarnings(contacts.detected, contacts.table.length + contacts.rejections.count, `timestamp of "${file}"`);
	const webPath = optionValue(args, 'web');
	let web: WebTable | null = null;
	if (webPath !== undefined) {
		await checkReadable(webPath);
		const read = await ingest(webPath, (bytes) => ingestWeb(bytes, { dateFormat, timeZone, years, sessionIds: false }));
		const webRejected = everyRowRejected(webPath, read.table.length, read.rejections);
		if (webRejected) throw new UsageError(`${webRejected}; nothing to map.`, 1);
		dateWarnings.push(...dateFormWarnings(read.detected, read.table.length + read.rejections.count, `timestamp of "${webPath}"`));
		web = read.table;
	}
	const warnings = [...dateWarnings, ...valueWarnings(contacts)];
	io.stderr(warningLines(warnings));
	const result = overlay(
		{ contacts: contacts.table, web, settings, rules: compiled, journeyId: journey.id ?? undefined, model: journeyModel(journey.machine) },
		{ horizon }
	);
	// The overlay's JSON is the engine's result and the cells read as empty, as the table gives
	// them; value warnings join it only when there are some.
	const json = { ...result, cellWarnings: { ...contacts.warnings }, ...(warnings.length ? { warnings } : {}) };
	io.stdout(format === 'json' ? jsonLine(json) : overlayTable(result, file, contacts.warnings));
	return 0;
}

export async function ingest<T>(file: string, read: (bytes: ByteReader) => Promise<T>): Promise<T> {
	try {
		return await withFileBytes(file, read);
	} catch (error) {
		if (error instanceof IngestError) throw new UsageError(`Cannot read "${file}": ${clause(error.message)}.`, 1);
		if ((error as { code?: unknown })?.code) throw new UsageError(describeFileError(file, error), 1);
		throw error;
	}
}

const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)} %`);

/** Aligned tables for people: states, transitions, unmapped values, omnichannel figures, cells read as empty. */
export function overlayTable(result: OverlayResult, file: string, cellWarnings: Record<string, number> = {}): string {
	const lines: string[] = [];
	const t = result.totals;
	lines.push(
		`Journey overlay of ${file}: ${t.mappedContacts} of ${t.contacts} contacts mapped` +
			(t.webEvents > 0 ? `, ${t.mappedWebEvents} of ${t.webEvents} page views mapped (${t.sessions} sessions)` : '') +
			'.',
		''
	);
	const states = Object.values(result.states).filter((s) => s.events > 0 || s.demands > 0);
	lines.push(
		...alignRows(
			[
				['state', 'events', 'customers', 'inbound', 'repeat rate', 'demands', 'FCR', 'sessions', 'web → contact'],
				...states.map((s) => [
					s.state,
					String(s.events),
					String(s.customers),
					String(s.inboundContacts),
					percent(s.repeatRate),
					String(s.demands),
					percent(s.fcr),
					String(s.webToContact.total),
					percent(s.webToContact.rate)
				])
			],
			[false, true, true, true, true, true, true, true, true]
		),
		''
	);
	lines.push(
		...alignRows(
			[
				['from', 'to', 'count', 'customers', ''],
				...result.transitions.slice(0, 30).map((x) => [x.from, x.to, String(x.count), String(x.customers), x.deviation ? 'deviation' : ''])
			],
			[false, false, true, true, false]
		)
	);
	if (result.transitions.length > 30) lines.push(`… and ${result.transitions.length - 30} more transitions.`);
	lines.push('', `Deviations from the model: ${result.deviations.length}.`);
	const u = result.unmapped;
	if (u.contacts > 0 || u.webEvents > 0) {
		lines.push('', `Unmapped: ${u.contacts} contacts, ${u.webEvents} page views.`);
		for (const m of u.motives.slice(0, 10)) lines.push(`  motive ${visibleCell(m.value)}: ${m.count}`);
		for (const p of u.pages.slice(0, 10)) lines.push(`  page ${visibleCell(p.value)}: ${p.count}`);
	}
	const o = result.omnichannel;
	if (o) {
		lines.push(
			'',
			`Web → contact within ${result.horizon / 3_600_000} h: ${percent(o.webToContact.rate)} (${o.webToContact.count} / ${o.webToContact.total} sessions).`,
			`Bounce to self-care after an agent contact: ${percent(o.bounceToSelfCare.rate)} (${o.bounceToSelfCare.count} / ${o.bounceToSelfCare.total}).`,
			`FIR: ${percent(o.fir.fir)} (${o.fir.resolvedFirst} / ${o.fir.eligible} chains, ${o.fir.pending} pending); self-care success ${percent(o.fir.selfCare.rate)} (${o.fir.selfCareSuccesses} / ${o.fir.startedOnWeb}).`
		);
	}
	const cells = cellWarningsLine(cellWarnings);
	if (cells) lines.push('', cells);
	return visibleText(lines.join('\n') + '\n');
}
