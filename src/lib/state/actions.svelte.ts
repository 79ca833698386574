/**
 * A workspace's action plan, live from the database: every change (here, in another tab) shows
 * at once. Writes go through `actionRepo`, which validates them.
 */
import { putEdit } from './edit-rebase';
import { actionRepo } from '$lib/db';
import { shiftStatus } from '$lib/domain/actions';
import type { Action, ActionStatus, Id } from '$lib/domain/types';
import { LiveQuery } from './live-query.svelte';

/** Must be created while a component initialises. */
export class ActionPlan {
	#query: LiveQuery<Action[], Id>;

	constructor(workspaceId: () => Id) {
		this.#query = new LiveQuery((id: Id) => actionRepo.list(id), workspaceId);
	}

	ready = $derived.by(() => this.#query.ready);
	error = $derived.by(() => this.#query.error);
	actions = $derived.by(() => this.#query.current ?? []);

	/** Saves a form's edit; with `base` (what the form opened with), over what is stored now. */
	save(action: Action, base?: Action): Promise<void> {
		return putEdit('actions', actionRepo, $state.snapshot(action), base && $state.snapshot(base));
	}

	remove(action: Action): Promise<void> {
		return actionRepo.remove(action.workspaceId, action.id);
	}

	setStatus(action: Action, status: ActionStatus): Promise<void> {
		return this.save({ ...action, status });
	}

	/** One column left or right; nothing at the board's edge. */
	shift(action: Action, step: -1 | 1): Promise<void> {
		const status = shiftStatus(action.status, step);
		return status ? this.setStatus(action, status) : Promise.resolve();
	}
}
