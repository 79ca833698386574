/**
 * The history of a shared workspace, from the team server: every change of one entity (who,
 * when, which field, before and after) or of the whole workspace (its activity), and restoring a
 * field to a value it had. A restore is an edit like any other: written here, then synced.
 */
import {
	actionRepo,
	articleRepo,
	feedbackRepo,
	guideRepo,
	journeyRepo,
	motiveRepo,
	ruleRepo,
	sourceRepo,
	themeRepo,
	workspaceRepo,
	type EntityRepo
} from '$lib/db';
import { DELETED, entityFields, entityFromFields, type EntityKind } from '$lib/domain/entity-fields';
import { parseEntity, type EntityListKey } from '$lib/domain/schemas';
import type { Id } from '$lib/domain/types';
import { api, type Person } from './team.svelte';

export interface HistoryEntry {
	changeId: number;
	entity: EntityKind;
	id: Id;
	field: string;
	value?: unknown;
	oldValue?: unknown;
	won: boolean;
	at: string;
	user: Person | null;
}

const REPOS: { [K in EntityListKey]: EntityRepo<{ id: Id; workspaceId: Id }> } = {
	journeys: journeyRepo,
	themes: themeRepo,
	motives: motiveRepo,
	sources: sourceRepo,
	articles: articleRepo,
	rules: ruleRepo,
	actions: actionRepo,
	guides: guideRepo,
	feedback: feedbackRepo
};

/** The changes of one entity (or, with no entity, of the workspace), newest first, as the server keeps them. */
export class EntityHistory {
	entries = $state<HistoryEntry[]>([]);
	loading = $state(false);
	error = $state('');

	constructor(
		readonly workspaceId: () => Id,
		readonly entity: () => { kind: EntityKind; id: Id } | null
	) {}

	async load(): Promise<void> {
		this.loading = true;
		this.error = '';
		try {
			const target = this.entity();
			const query = target ? `?entity=${encodeURIComponent(target.kind)}&entity_id=${encodeURIComponent(target.id)}` : '?limit=200';
			const { entries } = await api<{ entries: HistoryEntry[] }>(
				'GET',
				`/api/workspaces/${encodeURIComponent(this.workspaceId())}/history${query}`
			);
			this.entries = entries;
		} catch (failure) {
			this.error = failure instanceof Error ? failure.message : String(failure);
		} finally {
			this.loading = false;
		}
	}

	/** Sets the entity's field back to the value an entry wrote (or before-value, with `which`). */
	async restore(entry: HistoryEntry, which: 'value' | 'oldValue' = 'value'): Promise<void> {
		const value = entry[which];
		const workspaceId = this.workspaceId();
		if (entry.entity === 'workspace') {
			const workspace = await workspaceRepo.get(workspaceId);
			if (!workspace) return;
			const fields = entityFields('workspace', workspace);
			if (value === undefined) fields.delete(entry.field);
			else fields.set(entry.field, value);
			const rebuilt = entityFromFields('workspace', { id: workspaceId, workspaceId }, fields, workspace.updatedAt);
			if (rebuilt) await workspaceRepo.update(workspaceId, rebuilt);
			return;
		}
		const repo = REPOS[entry.entity];
		const current = await repo.get(workspaceId, entry.id);
		if (entry.field === DELETED && value === true) {
			if (current) await repo.remove(workspaceId, entry.id);
			return;
		}
		if (!current) return;
		const fields = entityFields(entry.entity, current);
		if (value === undefined) fields.delete(entry.field);
		else fields.set(entry.field, value);
		const rebuilt = entityFromFields(entry.entity, { id: entry.id, workspaceId }, fields, new Date().toISOString());
		const parsed = parseEntity(entry.entity, rebuilt);
		if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path} ${i.message}`).join('; '));
		await repo.put(parsed.value);
	}
}
