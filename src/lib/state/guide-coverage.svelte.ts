/**
 * The share of contact volume the treatment guides cover, for the catalogue and the workspace
 * overview: measured from the contact log the Analysis page reads (same dataset, same settings,
 * same period) when there is one, else from the catalogue's estimated prevalences.
 */
import { guideCoverage, measuredShares, type GuideCoverage } from '$lib/analysis/guide-coverage';
import type { AnalysisResult } from '$lib/analysis/metrics';
import type { Id } from '$lib/domain/types';
import type { DashboardQuery } from './analysis.svelte';
import { engine } from './engine.svelte';
import { EngineValue } from './engine-value.svelte';
import { MeasurementQuery } from './measurement-query.svelte';
import type { WorkspaceData } from './workspace.svelte';

/** Must be created while a component initialises. */
export class GuideCoverageState {
	readonly dashboard: MeasurementQuery;
	#data: WorkspaceData;
	#figures: EngineValue<DashboardQuery, AnalysisResult>;

	constructor(workspaceId: () => Id, data: WorkspaceData) {
		this.#data = data;
		this.dashboard = new MeasurementQuery(workspaceId, data);
		// The question the motive sheet asks (`MotiveFigures`), for every motive at once.
		this.#figures = new EngineValue(() => this.dashboard.query, 0, (q, options) =>
			engine.analyze(q.workspaceId, { datasetId: q.datasetId, settings: q.settings, by: ['motive'], period: q.period }, options)
		);
	}

	guides = $derived.by(() => this.#data.snapshot?.guides ?? []);

	/** True until the store has said whether there is a contact log, and then until its figures are there. */
	measuring = $derived.by(() => {
		const datasets = this.dashboard.datasets;
		if (!datasets.ready && !datasets.error) return true;
		return this.dashboard.query !== null && this.#figures.current === undefined && !this.#figures.error;
	});

	coverage = $derived.by((): GuideCoverage => {
		const motives = this.#data.snapshot?.motives ?? [];
		const result = this.dashboard.query ? this.#figures.current : undefined;
		return guideCoverage(motives, this.guides, result ? measuredShares(result) : null);
	});
}
