/**
 * The drill-down of the Analysis page: which breakdown row or heat-map cell is opened, the
 * verdict filter, order and length of the list, and the demands the engine worker lists for it
 * under the dashboard's own settings and period (so they add up to the figure clicked).
 */
import { stableKey } from '$lib/analysis/dashboard-settings';
import { DEFAULT_DRILL_LIMIT, type DrillKey, type DrillOrder, type DrillResult, type Verdict } from '$lib/analysis/drill';
import type { DashboardQuery } from './analysis.svelte';
import { engine } from './engine.svelte';
import { EngineValue } from './engine-value.svelte';

/** What was clicked: its keys, and how the panel names it (`Téléphone`, `Ana × Facture`). */
export interface DrillTarget {
	where: DrillKey[];
	title: string;
}

interface DrillQuery extends DashboardQuery {
	where: DrillKey[];
	verdict: Verdict | 'all';
	order: DrillOrder;
	limit: number;
}

/** Beyond this, a listing in progress says so (a million-row log takes about a second). */
const SLOW_MS = 1000;

export class DrillView {
	target = $state.raw<DrillTarget | null>(null);
	verdict = $state<Verdict | 'all'>('all');
	order = $state<DrillOrder>('failures');
	limit = $state(DEFAULT_DRILL_LIMIT);
	/** The listing has been under way for more than a second. */
	slow = $state(false);
	#value: EngineValue<DrillQuery, DrillResult>;

	constructor(query: () => DashboardQuery | null) {
		this.#value = new EngineValue<DrillQuery, DrillResult>(
			() => {
				const q = query();
				const target = this.target;
				if (!q || !target) return null;
				return { ...q, where: target.where, verdict: this.verdict, order: this.order, limit: this.limit };
			},
			0,
			(q, options) =>
				engine.drill(
					q.workspaceId,
					{
						datasetId: q.datasetId,
						settings: q.settings,
						period: q.period,
						where: q.where,
						verdict: q.verdict,
						order: q.order,
						limit: q.limit
					},
					options
				)
		);
		$effect(() => {
			if (!this.#value.busy) {
				this.slow = false;
				return;
			}
			const timer = setTimeout(() => (this.slow = true), SLOW_MS);
			return () => clearTimeout(timer);
		});
	}

	/** The listing of the open target; the previous listing of the same target while a filter loads. */
	result = $derived.by(() => {
		const current = this.#value.current;
		const target = this.target;
		return current && target && stableKey(current.where) === stableKey(target.where) ? current : undefined;
	});
	busy = $derived.by(() => this.target !== null && this.#value.busy);
	error = $derived.by(() => (this.target ? this.#value.error : undefined));

	open(target: DrillTarget) {
		this.verdict = 'all';
		this.order = 'failures';
		this.limit = DEFAULT_DRILL_LIMIT;
		this.target = target;
	}

	close() {
		this.target = null;
	}

	filter(verdict: Verdict | 'all') {
		this.verdict = verdict;
		this.limit = DEFAULT_DRILL_LIMIT;
	}

	sort(order: DrillOrder) {
		this.order = order;
		this.limit = DEFAULT_DRILL_LIMIT;
	}

	showMore() {
		this.limit += DEFAULT_DRILL_LIMIT;
	}
}
