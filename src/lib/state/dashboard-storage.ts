/**
 * Where this browser keeps a workspace's dashboard settings and chosen dataset: one key, read and
 * validated here (`readDashboardSettings`: the one shape the app uses), written here.
 */
import { readDashboardSettings, type DashboardSettings } from '$lib/analysis/dashboard-settings';
import type { Id } from '$lib/domain/types';
import { saveSetting } from './settings-storage';

export const dashboardStorageKey = (workspaceId: Id) => `parcours.analysis.${workspaceId}`;

export interface StoredDashboard {
	settings: DashboardSettings;
	/** The dataset last chosen; null: the latest contacts dataset. */
	datasetId: Id | null;
}

/** The stored dashboard of a workspace; defaults for what is missing or wrong. */
export function loadDashboard(workspaceId: Id, storage: Storage | undefined = globalThis.localStorage): StoredDashboard {
	let raw: unknown = null;
	try {
		raw = JSON.parse(storage?.getItem(dashboardStorageKey(workspaceId)) ?? 'null');
	} catch {
		// Not JSON (hand-edited): the defaults.
	}
	const stored = typeof raw === 'object' && raw !== null ? (raw as Partial<Record<keyof StoredDashboard, unknown>>) : {};
	return {
		settings: readDashboardSettings(stored.settings),
		datasetId: typeof stored.datasetId === 'string' ? stored.datasetId : null
	};
}

/** Saves the dashboard of a workspace; returns whether it was stored. */
export function saveDashboard(workspaceId: Id, dashboard: StoredDashboard, storage?: Storage): boolean {
	return saveSetting(dashboardStorageKey(workspaceId), JSON.stringify(dashboard), storage);
}
