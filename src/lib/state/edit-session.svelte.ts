import { beforeNavigate } from '$app/navigation';
import { t } from '$lib/i18n/locale.svelte';

/**
 * What a page is editing in its one form, and whether that form holds unsaved changes: opening
 * something else or leaving the page asks before they are lost. Create it while the page
 * component initialises (it registers the navigation guard).
 */
export class EditSession<T> {
	current = $state.raw<T | null>(null);
	/** Bumped to re-create the form (a new draft) when the same item is opened again. */
	key = $state(0);
	/** Bound to the form's `dirty`. */
	dirty = $state(false);

	constructor() {
		beforeNavigate(({ cancel, type }) => {
			if (this.dirty && type !== 'leave' && !confirm(t('mot.form.discard'))) cancel();
		});
	}

	/** Opens `next` unless unsaved changes are kept; false when they are. */
	open(next: T): boolean {
		if (this.dirty && !confirm(t('mot.form.discard'))) return false;
		this.show(next);
		return true;
	}

	/** Shows `next` in a fresh form, without asking (after a save). */
	show(next: T) {
		this.dirty = false;
		this.current = next;
		this.key++;
	}

	close() {
		this.dirty = false;
		this.current = null;
	}
}
