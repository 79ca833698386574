/**
 * The measured figures of one catalogue motive, for its sheet: the Analysis page's row for the
 * motive (same dataset, same dashboard settings, same period, so the two always agree) and its
 * FCR month by month. Computed in the engine worker; nothing is asked when the workspace has no
 * contact log.
 */
// The cross's noise threshold is the heat map's: a month with fewer demands reads "too few".
import { DEFAULT_MIN_DEMANDS, type CrossCell, type CrossResult } from '$lib/analysis/cross';
import { trendOf, type FrictionTrend } from '$lib/analysis/frictions';
import type { AnalysisResult, Figures } from '$lib/analysis/metrics';
import type { Id } from '$lib/domain/types';
import type { DashboardQuery } from './analysis.svelte';
import type { DatasetList } from './datasets.svelte';
import { MeasurementQuery } from './measurement-query.svelte';
import { engine } from './engine.svelte';
import { EngineValue } from './engine-value.svelte';
import type { WorkspaceData } from './workspace.svelte';

export interface MotiveMonth {
	/** `YYYY-MM`. */
	month: string;
	cell: CrossCell;
}

/** Must be created while a component initialises. */
export class MotiveFigures {
	readonly dashboard: MeasurementQuery;
	readonly datasets: DatasetList;
	#motiveId: () => Id | undefined;
	#figures: EngineValue<DashboardQuery, AnalysisResult>;
	#months: EngineValue<DashboardQuery, CrossResult>;

	constructor(workspaceId: () => Id, data: WorkspaceData, motiveId: () => Id | undefined) {
		this.#motiveId = motiveId;
		this.dashboard = new MeasurementQuery(workspaceId, data);
		this.datasets = this.dashboard.datasets;
		// No settling delay: nothing is typed here, the query only changes when the data does.
		this.#figures = new EngineValue(() => this.query, 0, (q, options) =>
			engine.analyze(q.workspaceId, { datasetId: q.datasetId, settings: q.settings, by: ['motive'], period: q.period }, options)
		);
		this.#months = new EngineValue(
			() => this.query,
			0,
			(q, options) =>
				engine.cross(
					q.workspaceId,
					{
						datasetId: q.datasetId,
						settings: q.settings,
						rows: 'motive',
						cols: 'month',
						minDemands: DEFAULT_MIN_DEMANDS,
						period: q.period
					},
					options
				)
		);
	}

	/** The contact log the Analysis page reads: the one chosen there, else the latest. */
	dataset = $derived.by(() => this.dashboard.dataset);

	/** The Analysis page's query. */
	query = $derived.by((): DashboardQuery | null => this.dashboard.query);

	busy = $derived.by(() => this.#figures.busy || this.#months.busy);
	error = $derived.by(() => this.#figures.error ?? this.#months.error);
	result = $derived.by(() => this.#figures.current);

	/** The motive's row; null when the log has no demand of it (undefined while computing). */
	figures = $derived.by((): Figures | null | undefined => {
		const result = this.#figures.current;
		const id = this.#motiveId();
		if (!result || !id) return undefined;
		return result.by.motive?.[id] ?? null;
	});

	/** The motive's FCR month by month, oldest first; months without an eligible demand (none, or all pending) left out. */
	months = $derived.by((): MotiveMonth[] => {
		const cross = this.#months.current;
		const id = this.#motiveId();
		const i = cross && id ? cross.rowKeys.indexOf(id) : -1;
		if (!cross || i < 0) return [];
		return cross.colKeys
			.map((month, j) => ({ month, cell: cross.cells[i][j] }))
			.filter((m) => m.cell.eligible > 0)
			.sort((a, b) => a.month.localeCompare(b.month));
	});

	/** First and last month with an eligible demand, as the frictions ranking reads a trend; null with fewer than two. */
	trend = $derived.by((): FrictionTrend | null => trendOf(Object.fromEntries(this.months.map((m) => [m.month, m.cell]))));
}
