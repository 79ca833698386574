/**
 * The workspaces of this browser, live, and the actions of the home page on them.
 */
import { journeyRepo, motiveRepo, articleRepo, workspaceRepo } from '$lib/db';
import type { Workspace } from '$lib/domain/types';
import { LiveQuery } from './live-query.svelte';
import { forgetWorkspace } from './workspace-storage';

export interface WorkspaceSummary {
	workspace: Workspace;
	journeys: number;
	motives: number;
	articles: number;
}

async function summaries(): Promise<WorkspaceSummary[]> {
	const workspaces = await workspaceRepo.list();
	const rows = await Promise.all(
		workspaces.map(async (workspace) => {
			const [journeys, motives, articles] = await Promise.all([
				journeyRepo.list(workspace.id),
				motiveRepo.list(workspace.id),
				articleRepo.list(workspace.id)
			]);
			return {
				workspace,
				journeys: journeys.length,
				motives: motives.length,
				articles: articles.length
			};
		})
	);
	// The demo first, then the most recently changed.
	return rows.sort(
		(a, b) =>
			Number(!!b.workspace.isDemo) - Number(!!a.workspace.isDemo) ||
			b.workspace.updatedAt.localeCompare(a.workspace.updatedAt)
	);
}

export class WorkspaceList {
	#query = new LiveQuery(summaries);

	items = $derived(this.#query.current ?? []);
	ready = $derived(this.#query.ready);
	error = $derived(this.#query.error);
	hasDemo = $derived(this.items.some((item) => item.workspace.isDemo));
}

/** Deletes a workspace with everything it left in this browser: its data, settings and layouts. */
export async function deleteWorkspace(id: Workspace['id']): Promise<void> {
	const journeys = await journeyRepo.list(id);
	await workspaceRepo.remove(id);
	if (typeof localStorage !== 'undefined') forgetWorkspace(localStorage, id, journeys.map((j) => j.machine));
}

/** A file name for an exported workspace: its name without the characters file systems refuse. */
export function exportFileName(name: string): string {
	const safe = name
		.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/^\.+/, '');
	return `${safe || 'workspace'}.parcours.json`;
}
