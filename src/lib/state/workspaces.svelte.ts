/**
 * The workspaces of this browser, live, and the actions of the home page on them.
 */
import { journeyRepo, motiveRepo, articleRepo, workspaceRepo, datasetRepo, workspaceDatasetParts, StoreError, FileDatasetError, type Dataset } from '$lib/db';

export { FileDatasetError };
import type { Workspace, WorkspaceContent } from '$lib/domain/types';
import { app } from './app.svelte';
import { LiveQuery } from './live-query.svelte';
import { forgetWorkspace } from './workspace-storage';
import { team } from './team.svelte';

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

	create(name: string, description: string): Promise<Workspace> {
		return workspaceRepo.create({ name, description });
	}

	rename(id: Workspace['id'], name: string): Promise<void> {
		return workspaceRepo.rename(id, name);
	}

	duplicate(id: Workspace['id'], name: string): Promise<Workspace> {
		return workspaceRepo.duplicate(id, name);
	}

	exportContent(id: Workspace['id']): Promise<WorkspaceContent> {
		return workspaceRepo.exportContent(id);
	}

	/** The workspace's contact and web logs, most recently imported first. */
	datasets(id: Workspace['id']): Promise<Dataset[]> {
		return datasetRepo.list(id);
	}

	/** The logs of a workspace as parts of its file (`serializeWorkspaceParts`). */
	datasetParts(id: Workspace['id']): Promise<string[][]> {
		return workspaceDatasetParts(datasetRepo, id);
	}

	/** Keeps the pseudonym key a workspace file carried, so its customer ids keep their pseudonyms. */
	adoptKey(id: Workspace['id'], pseudonymKey: string): Promise<void> {
		return workspaceRepo.update(id, { pseudonymKey });
	}

	/** A new workspace from a file's content; a storage failure also shows on the app's banner. */
	async importContent(content: WorkspaceContent, datasets?: unknown[]): Promise<Workspace> {
		try {
			return await workspaceRepo.importContent(content, datasets);
		} catch (error) {
			if (error instanceof StoreError) app.reportStoreError(error);
			throw error;
		}
	}
}

/** Deletes a workspace with everything it left in this browser: its data, settings and layouts. */
export async function deleteWorkspace(id: Workspace['id']): Promise<void> {
	const journeys = await journeyRepo.list(id);
	// A shared workspace's local copy goes, not the team's: stop syncing before deleting it here.
	await team.leaveLocalCopy(id);
	await workspaceRepo.remove(id);
	if (typeof localStorage !== 'undefined') forgetWorkspace(localStorage, id, journeys.map((j) => j.machine));
}

/** A file name for a CSV export of part of a workspace: `<workspace> - <what>.csv`. */
export function csvExportName(workspaceName: string | undefined, fallback: string, what: string): string {
	return `${exportFileName(workspaceName ?? fallback).replace(/\.parcours\.json$/, '')} - ${what}.csv`;
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
