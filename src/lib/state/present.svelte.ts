/**
 * The presentation deck of a workspace: its saved views, in order, kept in this browser's
 * localStorage (like the dashboard settings: a way of showing the data, not part of the model).
 * `saveView` lets any page add a view to the deck; a workspace without a deck gets the default one.
 */
import { defaultViews, moveView, newView, readViews, type SavedView, type ViewKind } from '$lib/domain/views';
import type { Id } from '$lib/domain/types';
import { saveSetting } from './settings-storage';

const storageKey = (workspaceId: Id) => `parcours.views.${workspaceId}`;

function readStored(workspaceId: Id): SavedView[] | null {
	if (typeof localStorage === 'undefined') return null;
	try {
		return readViews(JSON.parse(localStorage.getItem(storageKey(workspaceId)) ?? 'null'));
	} catch {
		return null;
	}
}

function write(workspaceId: Id, views: readonly SavedView[]): void {
	// A full storage is reported; the deck still holds for this visit.
	saveSetting(storageKey(workspaceId), JSON.stringify(views));
}

/** Every open deck, so a view saved from another page shows in it at once. */
const decks = new Set<SavedViews>();

/** The workspace's deck as stored, or the default one. */
export function deckOf(workspaceId: Id, journeyIds: readonly Id[] = []): SavedView[] {
	return readStored(workspaceId) ?? defaultViews(journeyIds);
}

/**
 * Adds a view at the end of the workspace's deck (the default deck first, when it has none);
 * returns the deck. Callable from any page: `saveView(id, 'frictions', { top: 6 })`.
 */
export function saveView(
	workspaceId: Id,
	kind: ViewKind,
	fields: Partial<Omit<SavedView, 'id' | 'kind'>> = {},
	journeyIds: readonly Id[] = []
): SavedView[] {
	const views = [...deckOf(workspaceId, journeyIds), newView(kind, fields)];
	write(workspaceId, views);
	for (const deck of decks) {
		if (deck.workspaceId !== workspaceId) continue;
		deck.views = views;
		deck.isDefault = false;
	}
	return views;
}

export class SavedViews {
	readonly #workspaceId: () => Id;
	readonly #journeyIds: readonly Id[];
	/** The deck this browser keeps for the workspace, read again when the workspace changes. */
	#stored = $derived.by(() => readStored(this.workspaceId));
	views = $derived.by((): SavedView[] => this.#stored ?? defaultViews(this.#journeyIds));
	/** True when the deck is the default one (nothing saved yet). */
	isDefault = $derived(this.#stored === null);

	/** `workspaceId` is read live (a page's prop). */
	constructor(workspaceId: () => Id, journeyIds: readonly Id[] = []) {
		this.#workspaceId = workspaceId;
		this.#journeyIds = journeyIds;
		decks.add(this);
	}

	get workspaceId(): Id {
		return this.#workspaceId();
	}

	/** Called when the owner is destroyed (from an `$effect` teardown). */
	close() {
		decks.delete(this);
	}

	/** The default deck follows the workspace's journeys until the user changes it. */
	useJourneys(journeyIds: readonly Id[]) {
		if (this.isDefault) this.views = defaultViews(journeyIds);
	}

	#set(views: SavedView[]) {
		this.views = views;
		this.isDefault = false;
		write(this.workspaceId, views);
	}

	move(id: Id, step: -1 | 1) {
		this.#set(moveView(this.views, id, step));
	}

	remove(id: Id) {
		this.#set(this.views.filter((v) => v.id !== id));
	}

	rename(id: Id, title: string) {
		this.#set(this.views.map((v) => (v.id === id ? { ...v, title } : v)));
	}

	reset(journeyIds: readonly Id[]) {
		this.views = defaultViews(journeyIds);
		this.isDefault = true;
		try {
			localStorage.removeItem(storageKey(this.workspaceId));
		} catch {
			// Nothing stored to remove.
		}
	}
}
