/** The writes of the mapping-rules editor: a journey's rules saved as they change. */
import { ruleRepo } from '$lib/db';
import type { Id, MappingRule } from '$lib/domain/types';

/** Writes the usable rules all at once. */
export function saveRules(rules: MappingRule[]): Promise<void> {
	return ruleRepo.putMany(rules);
}

export function removeRule(workspaceId: Id, id: Id): Promise<void> {
	return ruleRepo.remove(workspaceId, id);
}
