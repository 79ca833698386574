/**
 * Saving what a form edited onto the entity as stored now: the fields the person changed since
 * the form opened (`base`) go over the stored entity, so an edit that reached this browser
 * meanwhile (another tab, a teammate through the team server) is kept, not overwritten by the
 * form's older copy of it.
 */
import type { EntityRepo } from '$lib/db';
import { rebaseEdit } from '$lib/domain/entity-fields';
import type { EntityListKey } from '$lib/domain/schemas';

export async function putEdit<T extends { id: string; workspaceId: string }>(
	kind: EntityListKey,
	repo: EntityRepo<T>,
	edited: T,
	base?: T
): Promise<void> {
	if (!base) return repo.put(edited);
	const current = await repo.get(edited.workspaceId, edited.id);
	return repo.put(rebaseEdit(kind, base, edited, current));
}
