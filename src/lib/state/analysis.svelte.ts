/**
 * The Analysis page's figures, computed in the engine worker for the query of the dashboard
 * (`MeasurementQuery`), cached per settings, the previous figures kept on screen while new ones
 * are computed.
 */
import type { CrossResult } from '$lib/analysis/cross';
import type { AnalysisResult, Dimension } from '$lib/analysis/metrics';
import type { AnalysisSettings } from '$lib/analysis/settings';
import type { Id } from '$lib/domain/types';
import { engine } from './engine.svelte';
import { EngineValue } from './engine-value.svelte';

/** Every breakdown the page shows, computed in one pass. */
export const DASHBOARD_DIMENSIONS: Dimension[] = ['channel', 'motive', 'theme', 'category', 'code', 'agent', 'team', 'segment', 'month', 'week'];

export interface DashboardQuery {
	workspaceId: Id;
	datasetId: Id;
	settings: Partial<AnalysisSettings>;
	period?: { from?: number; to?: number };
}

export interface CrossQuery extends DashboardQuery {
	rows: Dimension;
	cols: Dimension;
	minDemands: number;
}

/** How long settings must stay unchanged before they are computed (typing a window, a cost). */
const SETTLE_MS = 250;

/** The dashboard's figures and its cross table, computed in the engine worker. */
export class DashboardFigures {
	#analysis: EngineValue<DashboardQuery, AnalysisResult>;
	#cross: EngineValue<CrossQuery, CrossResult>;

	constructor(query: () => DashboardQuery | null, cross: () => CrossQuery | null) {
		this.#analysis = new EngineValue(query, SETTLE_MS, (q, options) =>
			engine.analyze(q.workspaceId, { datasetId: q.datasetId, settings: q.settings, by: DASHBOARD_DIMENSIONS, period: q.period }, options)
		);
		this.#cross = new EngineValue(
			cross,
			SETTLE_MS,
			(q, options) =>
				engine.cross(
					q.workspaceId,
					{ datasetId: q.datasetId, settings: q.settings, rows: q.rows, cols: q.cols, minDemands: q.minDemands, period: q.period },
					options
				)
		);
	}

	result = $derived.by(() => this.#analysis.current);
	busy = $derived.by(() => this.#analysis.busy);
	/** Where the dashboard's computation is (reading the data, computing). */
	progress = $derived.by(() => this.#analysis.progress);
	/** Whether the user cancelled the dashboard's computation. */
	cancelled = $derived.by(() => this.#analysis.cancelled);
	error = $derived.by(() => this.#analysis.error);
	/** Stops the dashboard's computations under way. */
	cancel(): void {
		this.#analysis.cancel();
		if (this.#cross.busy) this.#cross.cancel();
	}
	cross = $derived.by(() => this.#cross.current);
	crossBusy = $derived.by(() => this.#cross.busy);
	crossError = $derived.by(() => this.#cross.error);
}
