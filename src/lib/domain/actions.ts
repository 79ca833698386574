/**
 * The action plan's rules: actions born from a friction point, the board by status (moved with
 * buttons and keys, not only by dragging), the list by horizon, and what the plan promises.
 */
import { newId } from './ids';
import { motiveForCode } from './motives';
import { recordOf } from './guards';
import {
	ACTION_HORIZONS,
	ACTION_STATUSES,
	type Action,
	type ActionHorizon,
	type ActionLever,
	type ActionStatus,
	type Id,
	type Motive,
	type StateRef
} from './types';

/** What an action is created from: a friction row's motive, states, articles and savings. */
export interface FrictionSource {
	/** The friction's key (`motive:<motive id>`…), kept as the action's `frictionKey`. */
	key: string;
	/** The motive's label, for the title. */
	label: string;
	motiveId?: Id;
	complex: boolean;
	states: StateRef[];
	articleIds: Id[];
	/** Savings per year (or over the period when unknown) if the row reached its target. */
	savings: number | null;
}

/**
 * The lever most often chosen for such a friction: a complex motive calls for specialised
 * advisors, one with knowledge articles for better articles, any other for a clearer process.
 * Only a starting point: the form lets the user choose.
 */
export function suggestedLever(source: Pick<FrictionSource, 'complex' | 'articleIds'>): ActionLever {
	if (source.complex) return 'specialise-advisors';
	if (source.articleIds.length > 0) return 'enrich-knowledge';
	return 'clarify-process';
}

/** A new action, in "to do", as a quick win, with nothing linked. */
export function newAction(workspaceId: Id, fields: Partial<Omit<Action, 'id' | 'workspaceId'>> = {}): Action {
	return {
		id: newId('action'),
		workspaceId,
		title: '',
		description: '',
		lever: 'clarify-process',
		horizon: 'quick-win',
		owner: '',
		status: 'todo',
		motiveIds: [],
		states: [],
		articleIds: [],
		...fields
	};
}

/** A new action answering a friction: linked to its motive, states and articles, gain pre-filled. */
export function actionFromFriction(workspaceId: Id, source: FrictionSource, title: string): Action {
	return newAction(workspaceId, {
		title,
		lever: suggestedLever(source),
		motiveIds: source.motiveId ? [source.motiveId] : [],
		states: source.states.map((s) => ({ ...s })),
		articleIds: [...source.articleIds],
		frictionKey: source.key,
		...(source.savings !== null && source.savings > 0 ? { expectedGain: Math.round(source.savings) } : {})
	});
}

/** What a proactive action is created from: an anticipation trigger (METRICS.md §5b). */
export interface TriggerSource {
	/** The trigger's key (`event:bill_issued`…), kept as the action's `triggerKey`. */
	key: string;
	/** Catalogue motives of the contacts that followed the trigger. */
	motiveIds: Id[];
	/** Journey states the trigger is (a state trigger) or the following motives are linked to. */
	states: StateRef[];
	/** The proactive saving per year (or over the period when unknown); null without costs. */
	saving: number | null;
	/** A strategic action (a process or system change) rather than a quick win (a message). */
	strategic: boolean;
}

/**
 * A proactive action: act at the trigger before customers call (lever `proactive-contact`),
 * linked to the trigger, the motives that followed and their states, the saving as its gain.
 */
export function actionFromTrigger(workspaceId: Id, source: TriggerSource, title: string, description = ''): Action {
	return newAction(workspaceId, {
		title,
		description,
		lever: 'proactive-contact',
		horizon: source.strategic ? 'strategic' : 'quick-win',
		motiveIds: [...new Set(source.motiveIds)],
		states: source.states.map((s) => ({ ...s })),
		triggerKey: source.key,
		...(source.saving !== null && source.saving > 0 ? { expectedGain: Math.round(source.saving) } : {})
	});
}

/** The actions already created from a trigger. */
export function actionsForTrigger(actions: readonly Action[], key: string): Action[] {
	return actions.filter((a) => a.triggerKey === key);
}

/** The board's columns, in order. */
export const BOARD_COLUMNS: readonly ActionStatus[] = ACTION_STATUSES;

/** The status one column to the left (−1) or right (+1); null at the edge. */
export function shiftStatus(status: ActionStatus, step: -1 | 1): ActionStatus | null {
	const i = BOARD_COLUMNS.indexOf(status) + step;
	return i >= 0 && i < BOARD_COLUMNS.length ? BOARD_COLUMNS[i] : null;
}

/** Order inside a column or a horizon: due date first (none last), then title. */
export function compareActions(a: Action, b: Action): number {
	if (a.dueDate !== b.dueDate) {
		if (!a.dueDate) return 1;
		if (!b.dueDate) return -1;
		return a.dueDate < b.dueDate ? -1 : 1;
	}
	return a.title.localeCompare(b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function byStatus(actions: readonly Action[]): Record<ActionStatus, Action[]> {
	const groups = recordOf(ACTION_STATUSES, (): Action[] => []);
	for (const action of actions) groups[action.status].push(action);
	for (const status of ACTION_STATUSES) groups[status].sort(compareActions);
	return groups;
}

export function byHorizon(actions: readonly Action[]): Record<ActionHorizon, Action[]> {
	const groups = recordOf(ACTION_HORIZONS, (): Action[] => []);
	for (const action of actions) groups[action.horizon].push(action);
	for (const horizon of ACTION_HORIZONS) groups[horizon].sort(compareActions);
	return groups;
}

export interface PlanSummary {
	total: number;
	byStatus: Record<ActionStatus, number>;
	/** Expected gain of the actions not dropped. */
	expectedGain: number;
	/** Expected gain of the actions done. */
	deliveredGain: number;
	/** Open actions (to do, in progress) whose due date is before `today`. */
	overdue: number;
}

/** `today` as `YYYY-MM-DD`. */
export function planSummary(actions: readonly Action[], today: string): PlanSummary {
	const counts = recordOf(ACTION_STATUSES, () => 0);
	let expectedGain = 0;
	let deliveredGain = 0;
	let overdue = 0;
	for (const a of actions) {
		counts[a.status]++;
		if (a.status !== 'dropped') expectedGain += a.expectedGain ?? 0;
		if (a.status === 'done') deliveredGain += a.expectedGain ?? 0;
		if ((a.status === 'todo' || a.status === 'in-progress') && a.dueDate && a.dueDate.slice(0, 10) < today) overdue++;
	}
	return { total: actions.length, byStatus: counts, expectedGain, deliveredGain, overdue };
}

/**
 * A friction key as the ranking writes it today. Frictions were once keyed by CRM code
 * (`motive:FAC-EXPL`, `state:<journey>:<state>:FAC-EXPL`); they are now keyed by catalogue motive
 * (`motive:<motive id>`), the motive's codes together. An action stored with an old key (the
 * demo's, a workspace file's) finds its friction through the catalogue, the stored key left as is:
 * a code no motive claims, a motive id, or a key of another shape, comes back unchanged.
 */
export function currentFrictionKey(key: string, motives: readonly Motive[]): string {
	const ids = new Set(motives.map((m) => m.id));
	const lookup = motiveForCode(motives);
	const motiveOf = (codeOrId: string) => (ids.has(codeOrId) ? codeOrId : (lookup(codeOrId)?.id ?? codeOrId));
	if (key.startsWith('motive:')) return `motive:${motiveOf(key.slice('motive:'.length))}`;
	const state = /^state:([^:]*):([^:]*):(.*)$/s.exec(key);
	if (state) return `state:${state[1]}:${state[2]}:${motiveOf(state[3])}`;
	return key;
}

/**
 * Actions answering a friction: by key (an old, code-based key read through the catalogue when
 * `motives` is given), or by the motive they share.
 */
export function actionsForFriction(actions: readonly Action[], key: string, motiveId?: Id, motives: readonly Motive[] = []): Action[] {
	return actions.filter(
		(a) =>
			(a.frictionKey !== undefined && (a.frictionKey === key || currentFrictionKey(a.frictionKey, motives) === key)) ||
			(motiveId !== undefined && a.motiveIds.includes(motiveId))
	);
}
