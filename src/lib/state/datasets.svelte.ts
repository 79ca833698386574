/**
 * A workspace's stored datasets, live (imports and deletions in this tab, another tab or the
 * engine worker show at once), and the demo data made in the background on first start.
 */
import { datasetRepo, workspaceRepo, type Dataset } from '$lib/db';

/** A stored contact log, as the pages list it. */
export type { Dataset };
import type { Id } from '$lib/domain/types';
import { engine, type DemoProgress } from './engine.svelte';
import { LiveQuery } from './live-query.svelte';

interface Listing {
	datasets: Dataset[];
	isDemo: boolean;
}

/** Demo data being made, per workspace: its progress, or the failure. */
class DemoData {
	progress = $state<Record<Id, DemoProgress | 'starting'>>({});
	errors = $state<Record<Id, string>>({});
	#started = new Set<Id>();

	/** Starts making the demo datasets of the workspace once per page load; the worker writes them once ever. */
	ensure(workspaceId: Id): void {
		if (this.#started.has(workspaceId)) return;
		this.#started.add(workspaceId);
		delete this.errors[workspaceId];
		this.progress[workspaceId] = 'starting';
		engine
			.generateDemo(workspaceId, (p) => (this.progress[workspaceId] = p))
			.catch((error: unknown) => {
				this.errors[workspaceId] = error instanceof Error ? error.message : String(error);
				// Tried again when the page next needs it (the worker may have been stopped).
				this.#started.delete(workspaceId);
			})
			.finally(() => delete this.progress[workspaceId]);
	}

	generating(workspaceId: Id): boolean {
		return this.progress[workspaceId] !== undefined;
	}
}

export const demoData = new DemoData();

export class DatasetList {
	#query: LiveQuery<Listing, Id>;

	/** Must be created while a component initialises. */
	constructor(workspaceId: () => Id) {
		this.#query = new LiveQuery(async (id: Id) => {
			const [datasets, workspace] = await Promise.all([datasetRepo.list(id), workspaceRepo.get(id)]);
			return { datasets, isDemo: workspace?.isDemo === true };
		}, workspaceId);
		$effect(() => {
			// The demo workspace comes alive on first start: its data is made in the worker.
			const listing = this.#query.current;
			// Its web log comes after its contacts: made again if the worker stopped in between.
			const datasets = listing?.datasets ?? [];
			const webMissing = datasets.some((d) => d.demo && d.kind === 'contacts') && !datasets.some((d) => d.kind === 'web');
			if (listing?.isDemo && (datasets.length === 0 || webMissing)) demoData.ensure(workspaceId());
		});
	}

	ready = $derived.by(() => this.#query.ready);
	error = $derived.by(() => this.#query.error);
	/** Most recently imported first. */
	datasets = $derived.by(() => this.#query.current?.datasets ?? []);
	contacts = $derived.by(() => this.datasets.filter((d) => d.kind === 'contacts'));
	web = $derived.by(() => this.datasets.filter((d) => d.kind === 'web'));
	/** The most recent contacts dataset, the one analyses use by default. */
	latestContacts = $derived.by(() => this.contacts[0]);
	latestWeb = $derived.by(() => this.web[0]);

	remove(dataset: Dataset): Promise<void> {
		return datasetRepo.remove(dataset.workspaceId, dataset.id);
	}
}
