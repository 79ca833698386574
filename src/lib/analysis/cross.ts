/**
 * FCR crossed by two dimensions (agent × motive, channel × segment, …): the evidence behind
 * "this advisor resolves billing questions, not moves". Every demand gets the verdict `analyze`
 * gives it (`demandVerdicts`), so the row and column totals are the per-key figures of
 * `analyze(table, settings, { by: [rows] })`.
 */
import {
	demandVerdicts,
	grouping,
	STATUS_KEPT,
	STATUS_PENDING,
	STATUS_RESOLVED,
	type AnalyzeOptions,
	type Dimension
} from './metrics';
import { resolveSettings, type AnalysisSettings } from './settings';
import { wilson } from './stats';
import type { ContactTable } from './table';

/** Cells with fewer eligible demands than this are shown as too small to read. */
export const DEFAULT_MIN_DEMANDS = 30;

/** FCR of the demands of one cell, row or column (METRICS.md §4 on eligible demands). */
export interface CrossCell {
	demands: number;
	pending: number;
	/** Demands that are not pending: the rate's denominator. */
	eligible: number;
	resolvedFirst: number;
	/** resolvedFirst / eligible; null when eligible is 0. */
	fcr: number | null;
	ci95: [number, number] | null;
	/** Fewer eligible demands than `minDemands`: the rate is too noisy to compare. */
	tooSmall: boolean;
}

export interface CrossOptions {
	rows: Dimension;
	cols: Dimension;
	/** @default 30 */
	minDemands?: number;
	/** Same meaning as `analyze`'s period: demands whose first contact is in [from, to). */
	period?: AnalyzeOptions['period'];
}

export interface CrossResult {
	rows: Dimension;
	cols: Dimension;
	minDemands: number;
	/** Keys with at least one demand, most eligible demands first (ties: key order). */
	rowKeys: string[];
	colKeys: string[];
	/** `cells[i][j]`: demands whose first contact has `rowKeys[i]` and `colKeys[j]`. */
	cells: CrossCell[][];
	rowTotals: CrossCell[];
	colTotals: CrossCell[];
	total: CrossCell;
	observationEnd: number;
	settings: AnalysisSettings;
}

function cell(demands: number, pending: number, resolvedFirst: number, minDemands: number): CrossCell {
	const eligible = demands - pending;
	return {
		demands,
		pending,
		eligible,
		resolvedFirst,
		fcr: eligible > 0 ? resolvedFirst / eligible : null,
		ci95: wilson(resolvedFirst, eligible),
		tooSmall: eligible < minDemands
	};
}

/** Key order: most eligible demands first, then by name, so the busiest agents lead. */
function orderKeys(names: string[], demands: Float64Array, eligible: Float64Array): number[] {
	const keys: number[] = [];
	for (let k = 0; k < names.length; k++) if (demands[k] > 0) keys.push(k);
	return keys.sort((a, b) => eligible[b] - eligible[a] || (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
}

/** FCR per (row key × column key) of the demands kept by the period, with row and column totals. */
export function crossBreakdown(
	table: ContactTable,
	partialSettings: Partial<AnalysisSettings>,
	options: CrossOptions
): CrossResult {
	const settings = resolveSettings(partialSettings);
	const minDemands = options.minDemands ?? DEFAULT_MIN_DEMANDS;
	const { chains, status, observationEnd } = demandVerdicts(table, settings, options.period);
	const rowGroup = grouping(table, settings, options.rows);
	const colGroup = grouping(table, settings, options.cols);
	const nr = rowGroup.names.length;
	const nc = colGroup.names.length;

	const demands = new Float64Array(nr * nc);
	const pending = new Float64Array(nr * nc);
	const resolved = new Float64Array(nr * nc);
	for (let chain = 0; chain < chains.count; chain++) {
		const s = status[chain];
		if ((s & STATUS_KEPT) === 0) continue;
		const row = chains.firstOfChain[chain];
		const rc = rowGroup.code[row];
		const cc = colGroup.code[row];
		const i = rowGroup.remap ? rowGroup.remap[rc] : rc;
		const j = colGroup.remap ? colGroup.remap[cc] : cc;
		const at = i * nc + j;
		demands[at]++;
		if (s & STATUS_PENDING) pending[at]++;
		else if (s & STATUS_RESOLVED) resolved[at]++;
	}

	const rowSum = { demands: new Float64Array(nr), pending: new Float64Array(nr), resolved: new Float64Array(nr) };
	const colSum = { demands: new Float64Array(nc), pending: new Float64Array(nc), resolved: new Float64Array(nc) };
	for (let i = 0; i < nr; i++) {
		for (let j = 0; j < nc; j++) {
			const at = i * nc + j;
			rowSum.demands[i] += demands[at];
			rowSum.pending[i] += pending[at];
			rowSum.resolved[i] += resolved[at];
			colSum.demands[j] += demands[at];
			colSum.pending[j] += pending[at];
			colSum.resolved[j] += resolved[at];
		}
	}
	const eligibleOf = (sum: typeof rowSum) => sum.demands.map((d, k) => d - sum.pending[k]);
	const rowOrder = orderKeys(rowGroup.names, rowSum.demands, eligibleOf(rowSum));
	const colOrder = orderKeys(colGroup.names, colSum.demands, eligibleOf(colSum));

	let totalDemands = 0;
	let totalPending = 0;
	let totalResolved = 0;
	for (const i of rowOrder) {
		totalDemands += rowSum.demands[i];
		totalPending += rowSum.pending[i];
		totalResolved += rowSum.resolved[i];
	}

	return {
		rows: options.rows,
		cols: options.cols,
		minDemands,
		rowKeys: rowOrder.map((i) => rowGroup.names[i]),
		colKeys: colOrder.map((j) => colGroup.names[j]),
		cells: rowOrder.map((i) =>
			colOrder.map((j) => {
				const at = i * nc + j;
				return cell(demands[at], pending[at], resolved[at], minDemands);
			})
		),
		rowTotals: rowOrder.map((i) => cell(rowSum.demands[i], rowSum.pending[i], rowSum.resolved[i], minDemands)),
		colTotals: colOrder.map((j) => cell(colSum.demands[j], colSum.pending[j], colSum.resolved[j], minDemands)),
		total: cell(totalDemands, totalPending, totalResolved, minDemands),
		observationEnd,
		settings
	};
}
