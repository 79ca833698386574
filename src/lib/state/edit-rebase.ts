/**
 * Saving what a form edited onto the entity as stored now: the fields the person changed since
 * the form opened (`base`) go over the stored entity, so an edit that reached this browser
 * meanwhile (another tab, a teammate through the team server) is kept, not overwritten by the
 * form's older copy of it.
 */
import { ValidationError, type EntityRepo } from '$lib/db';
import { rebaseEdit } from '$lib/domain/entity-fields';
import { parseEntity, type EntityListKey } from '$lib/domain/schemas';
import type { WorkspaceContent } from '$lib/domain/types';

type EntityOf<K extends EntityListKey> = WorkspaceContent[K][number];

export async function putEdit<K extends EntityListKey>(
	kind: K,
	repo: EntityRepo<EntityOf<K>>,
	edited: EntityOf<K>,
	base?: EntityOf<K>
): Promise<void> {
	if (!base) return repo.put(edited);
	const current = await repo.get(edited.workspaceId, edited.id);
	const parsed = parseEntity(kind, rebaseEdit(kind, base, edited, current));
	if (!parsed.ok) throw new ValidationError(parsed.issues);
	return repo.put(parsed.value);
}
