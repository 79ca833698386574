/**
 * The mapping rules of a journey being edited (METRICS.md §6): the drafts, taken from the stored
 * rules once read and owned by the editor from then on, the edits, and their autosave (the rules
 * that compile are written, removed rules deleted); with the overlay figures of the drafts, so each
 * rule shows what it matches now. Must be created while a component initialises.
 */
import { newId } from '$lib/domain/ids';
import { stateIds } from '$lib/domain/journey';
import { isCatchAll } from '$lib/domain/rule-pickers';
import { SvelteSet } from 'svelte/reactivity';
import type { ContactMatch, Id, Journey, MappingRule, PageMatch } from '$lib/domain/types';
import { t } from '$lib/i18n/locale.svelte';
import { Autosave, type SaveProblem } from './autosave.svelte';
import { removeRule, saveRules } from './mapping-rules';
import { JourneyRules, OverlayFigures, usableRules } from './overlay.svelte';
import type { WorkspaceData } from './workspace.svelte';

/** How long the editor waits after the last change before saving. @default 400 */
export const RULES_AUTOSAVE_MS = 400;

/** What a new rule starts from: its kind, and what it matches (an unmapped value's match). */
export type RuleTemplate = { kind: 'contact'; match?: ContactMatch } | { kind: 'web'; match?: PageMatch };

/** Where the rules are written; tests give their own. */
export interface RuleStore {
	save(rules: MappingRule[]): Promise<void>;
	remove(workspaceId: Id, id: Id): Promise<void>;
}

const appStore: RuleStore = { save: saveRules, remove: removeRule };

export interface RuleDraftsSource {
	workspaceId: () => Id;
	journeyId: () => Id;
	journey: () => Journey | undefined;
}

export interface RulesEditorSource extends RuleDraftsSource {
	data: () => WorkspaceData;
}

/** The journey's rules as stored: `JourneyRules`, or what a test gives. */
interface StoredRules {
	readonly ready: boolean;
	readonly rules: readonly MappingRule[];
}

/** No filter: the rules page maps the whole dashboard period. */
const NO_FILTERS = { from: '', to: '', segments: [], channels: [], motives: [] };

/** The rules being edited and their autosave. Must be created while a component initialises. */
export class RuleDrafts {
	drafts = $state<MappingRule[]>([]);
	/** The stored rules have been read into `drafts`. */
	loaded = $state(false);
	readonly autosave: Autosave;

	readonly #source: RuleDraftsSource;
	readonly #store: RuleStore;
	/** Rules removed from the drafts, to delete at the next save. */
	#removed = new Set<Id>();
	/** Rules added here: one still naming no field would take every contact, so it waits. */
	#added = new SvelteSet<Id>();

	constructor(source: RuleDraftsSource, stored: StoredRules, store: RuleStore = appStore) {
		this.#source = source;
		this.#store = store;
		this.autosave = new Autosave(() => this.#save(), RULES_AUTOSAVE_MS);
		// The editor owns the rules once they are read: later writes come from here.
		$effect(() => {
			if (!this.loaded && stored.ready) {
				this.drafts = stored.rules.map((r) => structuredClone($state.snapshot(r)));
				this.loaded = true;
			}
		});
	}

	/** The problem of each rule that does not compile, by rule id. */
	problems = $derived(usableRules(this.drafts).problems);

	/**
	 * Contact rules added here that name no channel, motive or category yet: they would map every
	 * contact (a catch-all), so they are neither saved nor counted until a field is chosen. Stored
	 * rules are kept as they are, whatever they match.
	 */
	incomplete = $derived(new Set(this.drafts.filter((r) => this.#added.has(r.id) && isCatchAll(r)).map((r) => r.id)));

	/** The drafts that are saved and measured: all but the incomplete ones. */
	effective = $derived(this.drafts.filter((r) => !this.incomplete.has(r.id)));

	/** Changes a rule in place; saved a moment later. */
	edit(index: number, change: (rule: MappingRule) => void) {
		change(this.drafts[index]);
		this.autosave.schedule();
	}

	/** Sets or clears (empty) a field of a contact rule's match. */
	setContact(index: number, field: keyof ContactMatch, value: string) {
		this.edit(index, (rule) => {
			if (rule.kind !== 'contact') return;
			const match = { ...rule.match };
			if (value.trim()) match[field] = value.trim();
			else delete match[field];
			rule.match = match;
		});
	}

	/** Moves a rule up (-1) or down (1) the order rules are tried in; the rule moved, if it could. */
	move(index: number, by: -1 | 1): MappingRule | undefined {
		const to = index + by;
		if (to < 0 || to >= this.drafts.length) return undefined;
		const [rule] = this.drafts.splice(index, 1);
		this.drafts.splice(to, 0, rule);
		this.#renumber();
		this.autosave.schedule();
		return rule;
	}

	remove(index: number) {
		const [rule] = this.drafts.splice(index, 1);
		if (!rule) return;
		this.#renumber();
		this.#removed.add(rule.id);
		this.autosave.schedule();
	}

	/** Adds a rule at the end, sent to `stateId` (the journey's initial state by default); the rule added. */
	add(template: RuleTemplate, label?: string, stateId?: string): MappingRule {
		const machine = this.#source.journey()?.machine;
		const base = {
			id: newId('rule'),
			workspaceId: this.#source.workspaceId(),
			journeyId: this.#source.journeyId(),
			order: this.drafts.length,
			stateId: stateId ?? (machine ? (machine.initial ?? stateIds(machine)[0] ?? '') : '')
		};
		const rule: MappingRule =
			template.kind === 'contact'
				? { ...base, kind: 'contact', match: { ...template.match } }
				: { ...base, kind: 'web', match: template.match ?? { page: '', syntax: 'glob' } };
		if (label) rule.label = label;
		this.#added.add(rule.id);
		this.drafts.push(rule);
		this.autosave.schedule();
		return rule;
	}

	/** Adds several contact rules at the end (the reviewed proposals), each to its state; saved once. */
	addAll(rules: { stateId: string; match: ContactMatch; label?: string }[]): MappingRule[] {
		return rules.map((r) => this.add({ kind: 'contact', match: r.match }, r.label, r.stateId));
	}

	#renumber() {
		this.drafts.forEach((rule, i) => (rule.order = i));
	}

	/** Deletes the rules removed, then writes the rules that compile, all at once. */
	async #save(): Promise<SaveProblem | void> {
		for (const id of [...this.#removed]) {
			await this.#store.remove(this.#source.workspaceId(), id);
			this.#removed.delete(id);
		}
		await this.#store.save(usableRules(this.effective).usable.map((r) => $state.snapshot(r)));
		const invalid = usableRules(this.drafts).problems.size;
		if (invalid) return { problem: t('ov.rules.invalid', { n: invalid }) };
	}
}

/** The rules page: the drafts, and the overlay figures of the drafts. */
export class RulesEditor extends RuleDrafts {
	readonly figures: OverlayFigures;

	constructor(source: RulesEditorSource) {
		super(source, new JourneyRules(source.workspaceId, source.journeyId));
		// The page is keyed by workspace and journey: they stay the same for the editor's life.
		this.figures = new OverlayFigures({
			workspaceId: source.workspaceId(),
			journeyId: source.journeyId(),
			data: source.data(),
			machine: () => source.journey()?.machine,
			rules: () => this.effective,
			active: () => this.loaded,
			filters: () => NO_FILTERS
		});
	}
}
