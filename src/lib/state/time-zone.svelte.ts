/**
 * The workspace's time zone (METRICS.md §1 *Time*), the same for every page: stored with the
 * workspace (so a workspace file carries it) and read live, so a zone chosen on one page applies
 * on every other at once. Until one is chosen, the browser's zone.
 */
import { workspaceRepo } from '$lib/db';
import { canonicalTimeZone, workspaceTimeZone } from '$lib/domain/time-zone';
import type { Id } from '$lib/domain/types';
import type { WorkspaceData } from './workspace.svelte';

export class WorkspaceTimeZone {
	readonly #workspaceId: () => Id;
	#data: WorkspaceData;

	constructor(workspaceId: () => Id, data: WorkspaceData) {
		this.#workspaceId = workspaceId;
		this.#data = data;
	}

	get workspaceId(): Id {
		return this.#workspaceId();
	}

	timeZone = $derived.by(() => workspaceTimeZone(this.#data.workspace));

	/** Stores `name` (an IANA name, any case) as the workspace's zone; false when the platform does not know it. */
	set(name: string): boolean {
		const timeZone = canonicalTimeZone(name);
		if (timeZone === null) return false;
		// Failures reach the store error banner; the field shows the stored value again.
		void workspaceRepo.update(this.workspaceId, { timeZone }).catch(() => {});
		return true;
	}
}
