/**
 * The workspace overview as a cockpit: the headline FCR and its monthly trend, the top friction
 * points, the articles due for review, the share of contacts the journeys' rules map, the last
 * import, and the first steps of a new workspace. Every figure comes from the engine worker under
 * the dashboard's query (`FrictionData`, METRICS.md §4 and §6); nothing is computed twice.
 */
import { trendSeries } from '$lib/analysis/dashboard';
import { splitFrictions } from '$lib/analysis/frictions';
import type { JourneyCoverage } from '$lib/analysis/journey-coverage';
import { toReviewList } from '$lib/domain/knowledge';
import { setupChecklist } from '$lib/domain/setup-checklist';
import type { Id, MappingRule } from '$lib/domain/types';
import type { AnalysisSettings } from '$lib/analysis/settings';
import { ruleRepo } from '$lib/db';
import { engine } from './engine.svelte';
import { LiveQuery } from './live-query.svelte';
import { EngineValue } from './engine-value.svelte';
import { FrictionData } from './frictions.svelte';
import type { WorkspaceData } from './workspace.svelte';

interface CoverageQuery {
	workspaceId: Id;
	datasetId: Id;
	settings: Partial<AnalysisSettings>;
	rules: MappingRule[];
}

/** How long the rules must stay unchanged before the coverage is computed again. */
const SETTLE_MS = 250;

/** Must be created while a component initialises; `workspaceId` is read live. */
export class Cockpit {
	readonly frictions: FrictionData;
	readonly #data: WorkspaceData;
	readonly #workspaceId: () => Id;
	readonly #coverage: EngineValue<CoverageQuery, JourneyCoverage>;
	readonly #rules: LiveQuery<MappingRule[], Id>;
	/** Fixed when the page opens, for the review dates. */
	readonly now = new Date();

	constructor(workspaceId: () => Id, data: WorkspaceData) {
		this.#workspaceId = workspaceId;
		this.#data = data;
		this.frictions = new FrictionData(workspaceId, data);
		this.#rules = new LiveQuery((id: Id) => ruleRepo.list(id), workspaceId);
		this.#coverage = new EngineValue(
			() => this.#coverageQuery,
			SETTLE_MS,
			(q, options) => engine.coverage(q.workspaceId, { datasetId: q.datasetId, settings: q.settings, rules: q.rules }, options)
		);
	}

	/** Every journey's rules. */
	rules = $derived.by(() => this.#rules.current ?? []);

	#coverageQuery = $derived.by((): CoverageQuery | null => {
		const query = this.frictions.query;
		return query ? { workspaceId: query.workspaceId, datasetId: query.datasetId, settings: query.settings, rules: this.rules } : null;
	});

	/** The datasets have been read (so "no data" is known, not pending). */
	ready = $derived.by(() => this.frictions.datasets.ready && this.#rules.ready && this.#data.snapshot !== undefined);
	dataset = $derived.by(() => this.frictions.dataset);
	result = $derived.by(() => this.frictions.result);
	error = $derived.by(() => this.frictions.figures.error);
	/** FCR by month, gaps where a month has no eligible demand. */
	trend = $derived.by(() => trendSeries(this.result?.by.month));
	/** The three friction points ranked first (complex motives are sized apart, as on their page). */
	topFrictions = $derived.by(() => splitFrictions(this.frictions.rows).ranked.slice(0, 3));
	coverage = $derived.by(() => this.#coverage.current);
	coverageBusy = $derived.by(() => this.#coverage.busy);
	/** Articles past their review date, never reviewed, or reported out of date by advisors. */
	articlesDue = $derived.by(
		() => toReviewList(this.#data.snapshot?.articles ?? [], [], this.now, this.#data.snapshot?.feedback ?? []).length
	);
	/** The dataset imported last, contacts or web. */
	lastImport = $derived.by(() => this.frictions.datasets.datasets[0]);
	checklist = $derived.by(() =>
		setupChecklist(this.#workspaceId(), {
			journeys: this.#data.snapshot?.journeys ?? [],
			motives: this.#data.snapshot?.motives.length ?? 0,
			contactDatasets: this.frictions.datasets.contacts.length,
			rules: this.rules.length
		})
	);
	/** The checklist is shown until every step is done. */
	setupDone = $derived.by(() => this.checklist.every((item) => item.done));
}
