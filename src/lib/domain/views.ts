/**
 * Saved views: what a slide of the presentation shows. A view names what to draw (the top
 * frictions, the FCR trend, the action plan, a journey) and how, never the figures themselves,
 * which are computed again when the deck is shown — so a deck follows the data and settings.
 */
import { newId } from './ids';
import type { Id } from './types';
import { isRecord } from './guards';

export const VIEW_KINDS = ['kpis', 'frictions', 'trend', 'actions', 'journey', 'anticipation'] as const;
export type ViewKind = (typeof VIEW_KINDS)[number];

export interface SavedView {
	id: Id;
	kind: ViewKind;
	/** The slide's title as the user typed it; empty: the kind's default title. */
	title: string;
	/** `frictions`, `anticipation` (the moments that make customers call): how many rows. @default 6 */
	top?: number;
	/** `frictions`: target FCR the savings are computed at; absent: the frictions page's. */
	target?: number;
	/** `journey`: which journey. */
	journeyId?: Id;
	/**
	 * The slide's key message (its "so what"), as the user typed it: shown under the title when
	 * presenting, the speaker notes of the PowerPoint slide. Absent or empty: none.
	 */
	note?: string;
}

/** @default 6 — what reads on a projector. */
export const DEFAULT_TOP = 6;

export function newView(kind: ViewKind, fields: Partial<Omit<SavedView, 'id' | 'kind'>> = {}): SavedView {
	return { id: newId('view'), kind, title: '', ...fields };
}

/**
 * The deck a workspace starts with: headline figures, the top frictions, the trend, the journeys
 * (at most two) and the action plan — a story from "how are we doing" to "what we will do".
 */
export function defaultViews(journeyIds: readonly Id[] = []): SavedView[] {
	return [
		{ id: 'view-kpis', kind: 'kpis', title: '' },
		{ id: 'view-frictions', kind: 'frictions', title: '', top: DEFAULT_TOP },
		{ id: 'view-trend', kind: 'trend', title: '' },
		...journeyIds.slice(0, 2).map((journeyId): SavedView => ({ id: `view-journey-${journeyId}`, kind: 'journey', title: '', journeyId })),
		{ id: 'view-actions', kind: 'actions', title: '' }
	];
}

/** Views read back from storage: entries that are not views are dropped; null when there is no list. */
export function readViews(stored: unknown): SavedView[] | null {
	if (!Array.isArray(stored)) return null;
	const views: SavedView[] = [];
	for (const entry of stored) {
		if (!isRecord(entry)) continue;
		const { id, kind, title, top, target, journeyId, note } = entry;
		if (typeof id !== 'string' || !VIEW_KINDS.includes(kind as ViewKind)) continue;
		const view: SavedView = { id, kind: kind as ViewKind, title: typeof title === 'string' ? title : '' };
		if (typeof top === 'number' && Number.isInteger(top) && top > 0) view.top = top;
		if (typeof target === 'number' && target >= 0 && target <= 1) view.target = target;
		if (typeof journeyId === 'string') view.journeyId = journeyId;
		if (typeof note === 'string' && note.trim()) view.note = note;
		if (view.kind === 'journey' && !view.journeyId) continue;
		views.push(view);
	}
	return views;
}

/** The deck with `view` moved one place earlier (−1) or later (+1); unchanged at the edge. */
export function moveView(views: readonly SavedView[], id: Id, step: -1 | 1): SavedView[] {
	const i = views.findIndex((v) => v.id === id);
	const j = i + step;
	if (i < 0 || j < 0 || j >= views.length) return [...views];
	const next = [...views];
	[next[i], next[j]] = [next[j], next[i]];
	return next;
}

/** What a view shows, without its title, note or id: two views with the same are the same slide. */
function parametersOf(view: Pick<SavedView, 'kind' | 'top' | 'target' | 'journeyId'>): string {
	return JSON.stringify([
		view.kind,
		view.kind === 'frictions' || view.kind === 'anticipation' ? (view.top ?? DEFAULT_TOP) : null,
		view.kind === 'frictions' ? (view.target ?? null) : null,
		view.kind === 'journey' ? (view.journeyId ?? null) : null
	]);
}

/**
 * True when two views show the same thing: the same kind with the same parameters (a frictions
 * view without `top` shows the default number of rows). Titles and notes do not count.
 */
export function sameView(a: Pick<SavedView, 'kind' | 'top' | 'target' | 'journeyId'>, b: Pick<SavedView, 'kind' | 'top' | 'target' | 'journeyId'>): boolean {
	return parametersOf(a) === parametersOf(b);
}

/** Where the deck already shows `view` (0-based), or −1. */
export function findView(views: readonly SavedView[], view: Pick<SavedView, 'kind' | 'top' | 'target' | 'journeyId'>): number {
	return views.findIndex((v) => sameView(v, view));
}

/** Views whose journey no longer exists are left out of the deck. */
export function liveViews(views: readonly SavedView[], journeyIds: ReadonlySet<Id>): SavedView[] {
	return views.filter((v) => v.kind !== 'journey' || (v.journeyId !== undefined && journeyIds.has(v.journeyId)));
}
