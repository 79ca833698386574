/**
 * The first steps of a workspace, in the order they build on each other: a journey, its motives,
 * a contact log, then the rules sending the contacts to the journey's states. Each is done once
 * the workspace holds what it asks for.
 */
import type { Id } from './types';

export const SETUP_STEPS = ['journey', 'motives', 'data', 'rules'] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

export interface SetupCounts {
	journeys: readonly { id: Id }[];
	motives: number;
	contactDatasets: number;
	rules: number;
}

export interface SetupItem {
	step: SetupStep;
	done: boolean;
	/** Where in the workspace the step is done. */
	href: string;
}

export function setupChecklist(workspaceId: Id, counts: SetupCounts): SetupItem[] {
	const base = `/w/${encodeURIComponent(workspaceId)}`;
	const first = counts.journeys[0];
	return [
		{ step: 'journey', done: counts.journeys.length > 0, href: `${base}/journeys` },
		{ step: 'motives', done: counts.motives > 0, href: `${base}/motives` },
		{ step: 'data', done: counts.contactDatasets > 0, href: `${base}/data` },
		{
			step: 'rules',
			done: counts.rules > 0,
			// The rules belong to a journey: the first one's, or the journeys to make one.
			href: first ? `${base}/journeys/${encodeURIComponent(first.id)}/rules` : `${base}/journeys`
		}
	];
}
