/**
 * The presentation deck of a workspace: its saved views, in order, kept with the workspace (so a
 * team shares one deck, a workspace file carries it, and every page sees a change at once). A
 * workspace without a deck gets the default one, which follows its journeys.
 */
import { workspaceRepo } from '$lib/db';
import { defaultViews, findView, moveView, newView, readViews, type SavedView, type ViewKind } from '$lib/domain/views';
import type { Id } from '$lib/domain/types';
import type { WorkspaceData } from './workspace.svelte';

/** Where decks were kept before they moved to the workspace: read until the first change. */
const browserKey = (workspaceId: Id) => `parcours.views.${workspaceId}`;

function browserDeck(workspaceId: Id): SavedView[] | null {
	if (typeof localStorage === 'undefined') return null;
	try {
		return readViews(JSON.parse(localStorage.getItem(browserKey(workspaceId)) ?? 'null'));
	} catch {
		return null;
	}
}

export class SavedViews {
	readonly #workspaceId: () => Id;
	readonly #data: WorkspaceData;
	#journeyIds = $state<readonly Id[]>([]);
	#browser = $derived.by(() => browserDeck(this.workspaceId));
	/** The deck as stored: the workspace's, else one this browser kept before. */
	#stored = $derived.by(() => this.#data.workspace?.deck ?? this.#browser);
	views = $derived.by((): SavedView[] => this.#stored ?? defaultViews(this.#journeyIds));
	/** True when the deck is the default one (nothing saved yet). */
	isDefault = $derived(this.#stored === null);

	/** `workspaceId` is read live (a page's prop); `data` is the workspace's live record. */
	constructor(workspaceId: () => Id, data: WorkspaceData) {
		this.#workspaceId = workspaceId;
		this.#data = data;
	}

	get workspaceId(): Id {
		return this.#workspaceId();
	}

	/** The default deck follows the workspace's journeys until the user changes it. */
	useJourneys(journeyIds: readonly Id[]) {
		this.#journeyIds = journeyIds;
	}

	/**
	 * Adds a view at the end of the deck (the default one first, when nothing is saved), unless the
	 * deck already shows the same (`sameView`): then the deck is left as it is. Says where the view is.
	 */
	add(kind: ViewKind, fields: Partial<Omit<SavedView, 'id' | 'kind'>> = {}): { added: boolean; index: number; views: SavedView[] } {
		const view = newView(kind, fields);
		const index = findView(this.views, view);
		if (index >= 0) return { added: false, index, views: this.views };
		const views = [...this.views, view];
		this.#save(views);
		return { added: true, index: views.length - 1, views };
	}

	move(id: Id, step: -1 | 1) {
		this.#save(moveView(this.views, id, step));
	}

	remove(id: Id) {
		this.#save(this.views.filter((v) => v.id !== id));
	}

	/** An empty title gives the slide back its kind's title. */
	rename(id: Id, title: string) {
		this.#save(this.views.map((v) => (v.id === id ? { ...v, title: title.trim() } : v)));
	}

	/** Sets the slide's key message; an empty one removes it. */
	setNote(id: Id, note: string) {
		this.#save(
			this.views.map((v) => {
				if (v.id !== id) return v;
				const { note: _old, ...rest } = v;
				return note.trim() ? { ...rest, note: note.trim() } : rest;
			})
		);
	}

	reset() {
		this.#save(undefined);
	}

	#save(deck: SavedView[] | undefined) {
		// Shown at once; the stored record follows (a refused write, a viewer's or a full disk,
		// reaches the store's error banner and the deck shows the stored one again).
		this.views = deck ?? defaultViews(this.#journeyIds);
		this.isDefault = deck === undefined;
		const id = this.workspaceId;
		workspaceRepo
			.update(id, { deck })
			.then(() => {
				try {
					localStorage.removeItem(browserKey(id));
				} catch {
					// Nothing kept in this browser.
				}
			})
			.catch(() => {
				this.views = this.#stored ?? defaultViews(this.#journeyIds);
				this.isDefault = this.#stored === null;
			});
	}
}
