/**
 * Figures a dataset's analyst published to the team server (aggregates only, `analysis/published.ts`),
 * so members who do not hold the contact log see what it measured.
 */
import { publishable, publishableOverlay } from '$lib/analysis/published';
import type { AnalysisResult } from '$lib/analysis/metrics';
import { ruleRepo } from '$lib/db';
import type { Id, Journey } from '$lib/domain/types';
import type { OverlayAnswer } from '$lib/workers/protocol';
import { engine } from './engine.svelte';
import type { MeasurementQuery } from './measurement-query.svelte';
import { usableRules } from './overlay.svelte';
import { api, team } from './team.svelte';

export interface Published {
	datasetId: Id;
	name: string;
	figures: AnalysisResult;
	/** The measured overlay of each journey that had mapping rules, by journey id. */
	overlays?: Record<Id, OverlayAnswer>;
	publishedAt: string;
	publishedBy: string | null;
}

export class PublishedFigures {
	items = $state<Published[]>([]);
	error = $state('');

	constructor(readonly workspaceId: () => Id) {}

	/** Whether the workspace is shared and this person may publish (owner or editor). */
	get canPublish(): boolean {
		const role = team.sharedRow(this.workspaceId())?.role;
		return team.status === 'signed-in' && (role === 'owner' || role === 'editor');
	}

	get shared(): boolean {
		return team.status === 'signed-in' && team.sharedRow(this.workspaceId()) !== undefined;
	}

	async load(): Promise<void> {
		if (!this.shared) return;
		try {
			const path = `/api/workspaces/${encodeURIComponent(this.workspaceId())}/aggregates`;
			this.items = (await api<{ aggregates: Published[] }>('GET', path)).aggregates;
		} catch (failure) {
			this.error = failure instanceof Error ? failure.message : String(failure);
		}
	}

	/** Publishes the dashboard's figures and the overlay of every journey (`journeyOverlays`). */
	async publish(datasetId: Id, name: string, result: AnalysisResult, overlays: Record<Id, OverlayAnswer> = {}): Promise<void> {
		const path = `/api/workspaces/${encodeURIComponent(this.workspaceId())}/aggregates/${encodeURIComponent(datasetId)}`;
		const published = Object.fromEntries(Object.entries(overlays).map(([id, overlay]) => [id, publishableOverlay(overlay)]));
		await api('PUT', path, { name, figures: publishable($state.snapshot(result)), overlays: published });
		await this.load();
	}

	/** The newest overlay published for a journey, with where it comes from. */
	overlayOf(journeyId: Id): { overlay: OverlayAnswer; from: Published } | undefined {
		for (const item of this.items) {
			const overlay = item.overlays?.[journeyId];
			if (overlay) return { overlay, from: item };
		}
		return undefined;
	}
}

/**
 * The overlay of every journey that has mapping rules, computed as its journey page does with the
 * dashboard's dataset, settings and period (the journey page's own filters are not applied).
 */
export async function journeyOverlays(workspaceId: Id, dashboard: MeasurementQuery, journeys: readonly Journey[]): Promise<Record<Id, OverlayAnswer>> {
	const contacts = dashboard.dataset;
	if (!contacts) return {};
	const rules = usableRules(await ruleRepo.list(workspaceId)).usable.sort((a, b) => a.order - b.order);
	const overlays: Record<Id, OverlayAnswer> = {};
	for (const journey of journeys) {
		const own = rules.filter((r) => r.journeyId === journey.id);
		if (!own.length) continue;
		overlays[journey.id] = await engine.overlay(workspaceId, {
			journeyId: journey.id,
			contactsDatasetId: contacts.id,
			webDatasetId: dashboard.datasets.latestWeb?.id ?? null,
			settings: dashboard.translated.settings,
			rules: own,
			machine: journey.machine,
			filters: dashboard.period ? { period: dashboard.period } : {}
		});
	}
	return overlays;
}
