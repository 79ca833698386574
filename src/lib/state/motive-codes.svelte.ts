/**
 * The data page's writes to the catalogue: motive codes of a contact log filed under motives,
 * and the prevalence measured on it.
 */
import { motiveRepo } from '$lib/db';
import type { Motive } from '$lib/domain/types';

/** Files a motive code of the contact log under the motive. */
export function addMotiveCode(motive: Motive, code: string): Promise<void> {
	const plain = $state.snapshot(motive);
	return motiveRepo.put({ ...plain, crmCodes: [...plain.crmCodes, code] });
}

/** Writes the motives (their measured prevalence) all at once. */
export function saveMotives(motives: Motive[]): Promise<void> {
	return motiveRepo.putMany(motives);
}
