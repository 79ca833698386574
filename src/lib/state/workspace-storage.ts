/**
 * What a workspace leaves in this browser outside the database: its settings in localStorage
 * (`parcours.<area>.<workspace id>`, or `parcours.<area>.<workspace id>.<more>`: the analysis and
 * frictions settings, the saved views, each journey's overlay choices) and the layouts drawn for
 * its journeys. Deleting a workspace removes them too.
 */
import { forgetWorkspaceLayouts, LayoutCache, type LayoutStore } from '$lib/analysis/journey-layout-cache';
import { LOCALES, type Id, type JourneyMachineConfig } from '$lib/domain/types';

export type SettingsStorage = LayoutStore & Pick<Storage, 'length' | 'key'>;

/** The localStorage keys of one workspace's settings. */
export function workspaceSettingKeys(storage: Pick<Storage, 'length' | 'key'>, workspaceId: Id): string[] {
	const keys: string[] = [];
	for (let i = 0; i < storage.length; i++) {
		const key = storage.key(i);
		if (!key?.startsWith('parcours.')) continue;
		const rest = key.slice('parcours.'.length);
		const area = rest.indexOf('.');
		if (area < 0) continue;
		const tail = rest.slice(area + 1);
		if (tail === workspaceId || tail.startsWith(`${workspaceId}.`)) keys.push(key);
	}
	return keys;
}

/** Removes a deleted workspace's settings and its journeys' layouts (`journeys`: its machines). */
export function forgetWorkspace(storage: SettingsStorage, workspaceId: Id, journeys: JourneyMachineConfig[]): void {
	try {
		for (const key of workspaceSettingKeys(storage, workspaceId)) storage.removeItem(key);
	} catch {
		// An unavailable storage holds nothing to remove.
	}
	const cache = new LayoutCache();
	const layouts = journeys.flatMap((machine) => LOCALES.map((locale) => cache.key(machine, locale)));
	forgetWorkspaceLayouts(storage, workspaceId, layouts);
}
