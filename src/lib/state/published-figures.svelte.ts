/**
 * Figures a dataset's analyst published to the team server (aggregates only, `analysis/published.ts`),
 * so members who do not hold the contact log see what it measured.
 */
import { publishable } from '$lib/analysis/published';
import type { AnalysisResult } from '$lib/analysis/metrics';
import type { Id } from '$lib/domain/types';
import { api, team } from './team.svelte';

export interface Published {
	datasetId: Id;
	name: string;
	figures: AnalysisResult;
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

	async publish(datasetId: Id, name: string, result: AnalysisResult): Promise<void> {
		const path = `/api/workspaces/${encodeURIComponent(this.workspaceId())}/aggregates/${encodeURIComponent(datasetId)}`;
		await api('PUT', path, { name, figures: publishable($state.snapshot(result)) });
		await this.load();
	}
}
