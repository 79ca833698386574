/**
 * The workspace's journey list: creating, duplicating and deleting journeys through the store.
 */
import { journeyRepo } from '$lib/db';
import { newId } from '$lib/domain/ids';
import { newJourneyMachine } from '$lib/domain/journey-edit';
import type { Id, Journey, LocalizedText } from '$lib/domain/types';

/** A new journey with a first stage, written to the workspace. */
export async function createJourney(workspaceId: Id, name: LocalizedText, description: string): Promise<Journey> {
	const journey: Journey = {
		id: newId('journey'),
		workspaceId,
		name,
		description,
		machine: newJourneyMachine(name),
		updatedAt: new Date().toISOString()
	};
	await journeyRepo.put(journey);
	return journey;
}

/** A copy of the journey under a new id and the given name. */
export async function duplicateJourney(journey: Journey, name: LocalizedText): Promise<Journey> {
	const copy: Journey = {
		...structuredClone($state.snapshot(journey)),
		id: newId('journey'),
		name,
		updatedAt: new Date().toISOString()
	};
	await journeyRepo.put(copy);
	return copy;
}

export function removeJourney(journey: Journey): Promise<void> {
	return journeyRepo.remove(journey.workspaceId, journey.id);
}
