/**
 * Whether a journey's map is drawn in swimlanes, and by what (channel, touchpoint type): a way of
 * looking at the journey, remembered per journey in this browser (localStorage), not synced.
 */
import { LANE_MODES, type LaneMode } from '$lib/analysis/journey-layout';
import type { Id } from '$lib/domain/types';
import { saveSetting } from './settings-storage';

const lanesKey = (workspaceId: Id, journeyId: Id) => `parcours.lanes.${workspaceId}.${journeyId}`;

/** A stored choice read back: a lane mode, else none. */
export function readLaneMode(raw: unknown): LaneMode {
	return LANE_MODES.includes(raw as LaneMode) ? (raw as LaneMode) : 'none';
}

export class LanePreference {
	readonly #key: string;
	mode = $state<LaneMode>('none');

	constructor(workspaceId: Id, journeyId: Id) {
		this.#key = lanesKey(workspaceId, journeyId);
		if (typeof localStorage === 'undefined') return;
		try {
			this.mode = readLaneMode(localStorage.getItem(this.#key));
		} catch {
			// Unavailable storage: no lanes.
		}
	}

	set(mode: LaneMode) {
		this.mode = mode;
		// A full storage is reported; the choice still applies for this visit.
		saveSetting(this.#key, mode);
	}
}
