import { t } from '$lib/i18n/locale.svelte';

/**
 * The working copy behind an edit form: the value as it was when the form opened, the draft being
 * edited, and how the last "Save" went. A form builds its candidate and its errors from `draft`,
 * then calls `submit`.
 */
export class FormDraft<T> {
	readonly initial: T;
	draft = $state() as T;
	/** True once "Save" has been pressed: required fields show their error from then on. */
	submitted = $state(false);
	saving = $state(false);
	saveError = $state('');
	readonly #uid: string;

	/**
	 * `value` is read once, when the form opens: a change the parent makes afterwards does not
	 * overwrite the draft. `prefix` keeps the field ids of two forms on one page apart.
	 */
	constructor(value: () => T, prefix: string) {
		this.initial = structuredClone($state.snapshot(value())) as T;
		this.draft = structuredClone(this.initial);
		this.#uid = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
	}

	/** The id of a field of this form (labels, error messages and focus refer to it). */
	fid = (name: string): string => `${this.#uid}-${name}`;

	/** True while `candidate` differs from what the form opened with. */
	differs(candidate: T): boolean {
		return JSON.stringify(candidate) !== JSON.stringify(this.initial);
	}

	/**
	 * Focuses the field named by `firstError` if there is one; otherwise runs `save` and keeps its
	 * failure as `saveError`. Resolves to true once saved.
	 */
	async submit(firstError: string | undefined, save: () => Promise<void>): Promise<boolean> {
		this.submitted = true;
		this.saveError = '';
		if (firstError) {
			document.getElementById(this.fid(firstError))?.focus();
			return false;
		}
		this.saving = true;
		try {
			await save();
			return true;
		} catch (error) {
			this.saveError = t('mot.error.save', { detail: error instanceof Error ? error.message : String(error) });
			return false;
		} finally {
			this.saving = false;
		}
	}
}
