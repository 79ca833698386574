/** What `parcours analyze` prints: one JSON object for programs, aligned tables for people. */
import type { AnalysisResult, BreakdownFigures, Dimension, Figures } from '../lib/analysis/metrics';
import { formatWindow } from '../lib/analysis/settings';
import type { Rejections } from '../lib/analysis/table';
import { formatTimestamp } from '../lib/analysis/generate';
import { visibleCell, visibleText } from './terminal';

/**
 * The figures of the JSON output, in this order, for the total and for every breakdown key:
 * the counts and rates, then the survey figures as the engine gives them (null without answers).
 */
function pickFigures(f: BreakdownFigures) {
	return {
		contacts: f.contacts,
		repeatContacts: f.repeatContacts,
		demands: f.demands,
		pending: f.pending,
		eligible: f.eligible,
		resolvedFirst: f.resolvedFirst,
		fcr: f.fcr,
		fcrExclComplex: f.fcrExclComplex,
		repeatRate: f.repeatRate,
		contactsPerDemand: f.contactsPerDemand,
		fcrCi95: f.fcrCi95,
		perceived: f.perceived,
		csat: f.csat,
		nps: f.nps
	};
}

export type JsonFigures = ReturnType<typeof pickFigures>;

export interface JsonReport extends JsonFigures {
	rejected: Rejections;
	by: Partial<Record<Dimension, Record<string, JsonFigures>>>;
	/** Cells read as empty, by kind (`bad-boolean`, `bad-csat`…): the table's "Cells read as empty". */
	cellWarnings: Record<string, number>;
}

export function jsonReport(result: AnalysisResult, rejections: Rejections, cellWarnings: Record<string, number>): JsonReport {
	const by: JsonReport['by'] = {};
	for (const [dimension, keys] of Object.entries(result.by) as [Dimension, Record<string, BreakdownFigures>][]) {
		const out: Record<string, JsonFigures> = {};
		for (const key of sortedKeys(dimension, keys)) out[key] = pickFigures(keys[key]);
		by[dimension] = out;
	}
	return {
		...pickFigures(result),
		rejected: { count: rejections.count, byReason: rejections.byReason, sample: rejections.sample },
		by,
		cellWarnings: { ...cellWarnings }
	};
}

/** Periods in time order, everything else by volume (most contacts first), then by name. */
function sortedKeys(dimension: Dimension, keys: Record<string, Figures>): string[] {
	const names = Object.keys(keys);
	if (dimension === 'month' || dimension === 'week') return names.sort();
	return names.sort((a, b) => keys[b].contacts - keys[a].contacts || (a < b ? -1 : a > b ? 1 : 0));
}

// ---------------------------------------------------------------- people

const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function count(n: number): string {
	return integer.format(n);
}

function percent(rate: number | null): string {
	return rate === null ? '—' : `${(rate * 100).toFixed(1)} %`;
}

function interval(ci: [number, number] | null): string {
	return ci === null ? '' : `${(ci[0] * 100).toFixed(1)}–${(ci[1] * 100).toFixed(1)} %`;
}

function ratio(value: number | null): string {
	return value === null ? '—' : value.toFixed(2);
}

/**
 * Columns padded to their widest cell; numbers right-aligned, text left-aligned. Cells come from
 * files: their control characters, tabs and line ends are shown escaped (`terminal.ts`), so a cell
 * keeps to its one line and cannot drive the terminal.
 */
export function alignRows(cells: string[][], rightAligned: boolean[]): string[] {
	const rows = cells.map((row) => row.map(visibleCell));
	const widths: number[] = [];
	for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
	return rows.map((row) =>
		row
			.map((cell, i) => {
				const pad = ' '.repeat(widths[i] - [...cell].length);
				return rightAligned[i] ? pad + cell : cell + pad;
			})
			.join('  ')
			.trimEnd()
	);
}

const DIMENSION_LABELS: Record<Dimension, string> = {
	channel: 'channel',
	motive: 'motive',
	code: 'motive code',
	category: 'category',
	theme: 'theme',
	agent: 'agent',
	team: 'team',
	segment: 'segment',
	month: 'month',
	week: 'week'
};

export interface TableContext {
	file: string;
	rowsRead: number;
	rejections: Rejections;
	warnings: Record<string, number>;
	costs: boolean;
}

export function tableReport(result: AnalysisResult, context: TableContext): string {
	const s = result.settings;
	const lines: string[] = [];
	lines.push(`Parcours: first-contact resolution of ${context.file}`);
	const end = result.observationEnd ? formatTimestamp(result.observationEnd) : '—';
	lines.push(
		`Window ${formatWindow(s.window)} · scope ${s.scope} · channels ${s.channels} · ` +
			`transfer is failure: ${s.transferIsFailure ? 'yes' : 'no'} · observation end ${end}` +
			(s.observationEnd === undefined ? ' (latest contact)' : '')
	);
	if (s.complexMotives.length > 0) {
		const shown = s.complexMotives.slice(0, 8).join(', ');
		lines.push(`Complex motives: ${shown}${s.complexMotives.length > 8 ? ` and ${s.complexMotives.length - 8} more` : ''}`);
	}
	lines.push('');
	const rows: string[][] = [
		['', 'value', 'count', '95 % interval'],
		['Inbound contacts', count(result.contacts), '', ''],
		['Repeat contacts', count(result.repeatContacts), '', ''],
		[
			'Demands',
			count(result.demands),
			`${count(result.pending)} pending, ${count(result.eligible)} eligible`,
			''
		],
		['FCR', percent(result.fcr), `${count(result.resolvedFirst)} / ${count(result.eligible)}`, interval(result.fcrCi95)],
		[
			'FCR excl. complex',
			percent(result.fcrExclComplex),
			`${count(result.resolvedFirstExclComplex)} / ${count(result.eligibleExclComplex)}`,
			interval(result.fcrExclComplexCi95)
		],
		[
			'Repeat rate',
			percent(result.repeatRate),
			`${count(result.repeatContacts)} / ${count(result.contacts)}`,
			interval(result.repeatRateCi95)
		],
		['Contacts per demand', ratio(result.contactsPerDemand), '', ''],
		['Avoidable contacts', count(result.avoidableContacts), '', '']
	];
	if (context.costs) rows.push(['Avoidable cost', money.format(result.avoidableCost), '', '']);
	if (result.perceived && result.perceived.answered > 0) {
		rows.push([
			'Perceived FCR',
			percent(result.perceived.rate),
			`${count(result.perceived.resolvedPerceived)} / ${count(result.perceived.answered)}`,
			interval(result.perceived.ci95)
		]);
		if (result.perceived.kappa !== null) {
			rows.push(['  agreement (kappa)', result.perceived.kappa.toFixed(2), '', '']);
		}
	}
	if (result.csat && result.csat.answered > 0) {
		rows.push([
			'CSAT (4–5)',
			percent(result.csat.rate),
			`${count(result.csat.satisfied)} / ${count(result.csat.answered)}`,
			interval(result.csat.ci95)
		]);
	}
	if (result.nps && result.nps.answered > 0 && result.nps.score !== null) {
		// Math.round(-0.3) is -0, printed "-0": add 0 to drop the sign.
		const points = Math.round(result.nps.score * 100) + 0;
		rows.push(['NPS', String(points), `${count(result.nps.answered)} answers`, '']);
	}
	lines.push(...alignRows(rows, [false, true, true, true]).map((line) => `  ${line}`));
	lines.push('');
	lines.push(rejectedLine(context));
	const cells = cellWarningsLine(context.warnings);
	if (cells) lines.push(cells);

	for (const [dimension, keys] of Object.entries(result.by) as [Dimension, Record<string, Figures>][]) {
		lines.push('', `By ${DIMENSION_LABELS[dimension]}`);
		const table: string[][] = [
			[
				DIMENSION_LABELS[dimension],
				'contacts',
				'repeats',
				'demands',
				'pending',
				'eligible',
				'FCR',
				'95 % interval',
				'excl. complex',
				'repeat rate',
				'per demand'
			]
		];
		for (const key of sortedKeys(dimension, keys)) {
			const f = keys[key];
			table.push([
				key,
				count(f.contacts),
				count(f.repeatContacts),
				count(f.demands),
				count(f.pending),
				count(f.eligible),
				percent(f.fcr),
				interval(f.fcrCi95),
				percent(f.fcrExclComplex),
				percent(f.repeatRate),
				ratio(f.contactsPerDemand)
			]);
		}
		lines.push(
			...alignRows(table, [false, true, true, true, true, true, true, true, true, true, true]).map(
				(line) => `  ${line}`
			)
		);
	}
	return visibleText(lines.join('\n') + '\n');
}

function rejectedLine(context: TableContext): string {
	const { rejections } = context;
	const read = `${count(context.rowsRead)} rows read`;
	if (rejections.count === 0) return `${read}, none rejected.`;
	return `${read}, ${count(rejections.count)} rejected (${reasonList(rejections)})${examples(rejections)}.`;
}

/** `2 bad timestamp, 1 missing customer`: the reasons, most rows first. */
function reasonList(rejections: Pick<Rejections, 'byReason'>): string {
	return Object.entries(rejections.byReason)
		.sort((a, b) => b[1] - a[1])
		.map(([reason, n]) => `${count(n)} ${reason.replace(/-/g, ' ')}`)
		.join(', ');
}

/** `, e.g. lines 2, 3, 4`: a few rejected lines, or nothing without a sample. */
function examples(rejections: Pick<Rejections, 'sample'>): string {
	const rows = (rejections.sample ?? []).slice(0, 5).map((s) => s.row);
	return rows.length > 0 ? `, e.g. line${rows.length > 1 ? 's' : ''} ${rows.join(', ')}` : '';
}

/**
 * The sentence of a log that gave no row to measure because every one was rejected (a command
 * then fails), or null when some row was read or the file held none.
 */
export function everyRowRejected(file: string, rows: number, rejections: Pick<Rejections, 'count' | 'byReason'> & Partial<Pick<Rejections, 'sample'>>): string | null {
	if (rows > 0 || rejections.count === 0) return null;
	const sample = rejections.sample ? examples({ sample: rejections.sample }) : '';
	return `Every row of "${file}" was rejected (${count(rejections.count)} row${rejections.count === 1 ? '' : 's'}: ${reasonList(rejections)})${sample}`;
}

/** `Cells read as empty: 1 bad boolean, 2 bad csat.`, or null when every cell was read. */
export function cellWarningsLine(warnings: Record<string, number>): string | null {
	const kinds = Object.entries(warnings).filter(([, n]) => n > 0);
	if (kinds.length === 0) return null;
	return `Cells read as empty: ${kinds.map(([kind, n]) => `${count(n)} ${kind.replace(/-/g, ' ')}`).join(', ')}.`;
}
