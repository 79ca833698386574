import type { Id } from '$lib/domain/types';
import { EditSession } from './edit-session.svelte';

/** What is about to be deleted, named as the confirmation names it. */
export interface DeleteTarget<K extends string> {
	kind: K;
	id: Id;
	label: string;
}

/**
 * What a page that edits a workspace's content (the motive catalogue, the knowledge base) holds
 * beside its data: the one form being edited, the import dialog, and the item waiting for the
 * confirmation of its deletion. Create it while the page component initialises (its
 * `EditSession` registers the navigation guard).
 */
export class ContentPage<T, K extends string> {
	readonly editor = new EditSession<T>();
	importOpen = $state(false);
	toDelete = $state.raw<DeleteTarget<K> | null>(null);
	deleteOpen = $state(false);
	/** Why the last deletion failed; '' when it did not. */
	deleteError = $state('');

	/** Asks for the confirmation before `label` is deleted. */
	askDelete(kind: K, id: Id, label: string) {
		this.toDelete = { kind, id, label };
		this.deleteError = '';
		this.deleteOpen = true;
	}

	/** After the deletion: the confirmation and the form of the deleted item close. */
	deleted() {
		this.deleteOpen = false;
		this.editor.close();
	}
}
