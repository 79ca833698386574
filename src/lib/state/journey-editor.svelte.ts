/**
 * The journey being edited: its machine, the selected state, undo and redo of every edit,
 * autosave, live checks and the walk through it. Components call its methods; every change of
 * the machine goes through `apply`, so every change can be undone and is saved.
 *
 * Another tab (or window) may edit the same journey. A save writes only the fields changed here
 * since the version this editor started from (its base), over what is stored now
 * (`domain/journey-merge.ts`); the stored journey is watched, so a save elsewhere shows here at
 * once, edits not yet saved here kept on top. A field changed on both sides is a conflict shown to
 * the person (`conflicts`, `resolve`), never dropped silently.
 *
 * A treatment guide is a journey machine too: `GuideEditor` (`guide-editor.svelte.ts`) is this
 * editor with the guide's store and checks, and the steps only guides have.
 */
import { createContext } from 'svelte';
import {
	editHistoryRepo,
	journeyEditRepo,
	journeyRepo,
	observe,
	StoreError,
	type EditHistoryRow,
	type JourneySave,
	type Observable,
	type StoreErrorKind
} from '$lib/db';
import { mergeJourney, rebaseOnto, resolveConflict, sameValue, type FieldConflict } from '$lib/domain/journey-merge';
import { findState, stateIds, validateJourney, type JourneyIssue } from '$lib/domain/journey';
import type { GuideIssue } from '$lib/domain/guide';
import {
	addStage,
	addStep,
	addTransition,
	deleteState,
	deleteTransition,
	moveStage,
	placeStage,
	rekeyState,
	shiftStage,
	setFinal,
	setInitial,
	updateStateMeta,
	updateTransition,
	type EditResult,
	type NewTransition,
	type TransitionPatch,
	type TransitionRef
} from '$lib/domain/journey-edit';
import type { Id, Journey, JourneyMachineConfig, LocalizedText, StateMeta } from '$lib/domain/types';
import { Autosave, type SaveProblem } from './autosave.svelte';
import {
	journeyMachine,
	likeliestPaths,
	simplePaths,
	startWalk,
	walkActions,
	walkSend,
	type JourneyPath,
	type PathsResult,
	type Walk
} from '$lib/analysis/simulation';

/** How long the editor waits after the last edit before saving. @default 300 */
export const AUTOSAVE_DELAY_MS = 300;
/** Undo steps kept. @default 200 */
const HISTORY_LIMIT = 200;

/** Where the editor reads, watches and saves journeys; tests give their own database's. */
export interface JourneySource {
	get(workspaceId: Id, journeyId: Id): Promise<Journey | undefined>;
	watch(workspaceId: Id, journeyId: Id): Observable<Journey | undefined>;
	save(base: Journey, mine: Journey): Promise<JourneySave>;
	/**
	 * Where the undo history is kept across a reload (this browser only), under a key naming the
	 * kind of machine (`journey:<id>`, `guide:<id>`); none: it lasts as long as the page.
	 */
	history?: { store: HistoryStore; key: (id: Id) => string };
}

/** Where an editor keeps its undo history between visits. */
export interface HistoryStore {
	get(workspaceId: Id, key: string): Promise<EditHistoryRow | undefined>;
	put(row: EditHistoryRow): Promise<void>;
}

const appSource: JourneySource = {
	get: (workspaceId, journeyId) => journeyRepo.get(workspaceId, journeyId),
	watch: (workspaceId, journeyId) => observe(() => journeyRepo.get(workspaceId, journeyId)),
	save: (base, mine) => journeyEditRepo.save(base, mine),
	history: { store: editHistoryRepo, key: (id) => `journey:${id}` }
};

/** A problem the editor shows: a journey's, or a guide's (whose codes include the journey's). */
export type EditorIssue = JourneyIssue | GuideIssue;

/** A conflict of this editor, with the journey's state it is about. */
export interface EditorConflict extends FieldConflict {
	id: number;
}

const isEditResult = (result: JourneyMachineConfig | EditResult): result is EditResult => 'path' in result && 'machine' in result;

const bodyOf = (j: Journey) => ({ name: j.name, description: j.description, machine: j.machine });
const sameBody = (a: Journey, b: Journey) => sameValue(bodyOf(a), bodyOf(b));

export class JourneyEditor {
	journey = $state.raw<Journey | undefined>(undefined);
	/** True once loading ended, found or not. */
	loaded = $state(false);
	/** The selected state's dotted path. */
	selected = $state<string | null>(null);
	/** A path of the simulation shown on the graph (its states highlighted). */
	highlightedPath = $state.raw<JourneyPath | null>(null);

	#past = $state.raw<JourneyMachineConfig[]>([]);
	#future = $state.raw<JourneyMachineConfig[]>([]);
	#pending: Journey | undefined;
	/** The stored journey this editor's edits are made on (what it last read or wrote). */
	#base: Journey | undefined;
	readonly #autosave = new Autosave(() => this.#save(), AUTOSAVE_DELAY_MS);
	/** A stored journey seen while saving, taken in once the save is done. */
	#seen: Journey | undefined;
	#subscription: { unsubscribe(): void } | undefined;
	#conflictIds = 0;
	/** The field being typed into by the last edit (`apply`'s `typing`); its next keystroke joins that undo step. */
	#typing: string | undefined;
	/** States created since the journey was opened: their keys follow their labels (`settleKey`). */
	#created = new Set<string>();

	get saveStatus() {
		return this.#autosave.status;
	}
	get saveError() {
		return this.#autosave.error;
	}
	/** What kind of store failure stopped the last save (`quota`: storage full); null for others. */
	saveErrorKind = $derived.by((): StoreErrorKind | null => {
		const failure = this.#autosave.failure;
		return failure instanceof StoreError ? failure.kind : null;
	});
	/** The journey was deleted (in another tab) while open here. */
	deleted = $state(false);
	/** Fields changed here and, differently, in another tab; the stored value stays until chosen. */
	conflicts = $state.raw<EditorConflict[]>([]);

	readonly #source: JourneySource;
	readonly #check: (machine: JourneyMachineConfig) => EditorIssue[];

	/**
	 * `source` says where the machine is stored (a journey, a guide); `check` what is wrong with it
	 * (a guide adds its own checks to the journey's).
	 */
	constructor(source: JourneySource = appSource, check: (machine: JourneyMachineConfig) => EditorIssue[] = validateJourney) {
		this.#source = source;
		this.#check = check;
	}

	walk = $state.raw<Walk | null>(null);

	machine = $derived(this.journey?.machine);
	canUndo = $derived(this.#past.length > 0);
	canRedo = $derived(this.#future.length > 0);
	issues = $derived.by((): EditorIssue[] => (this.machine ? this.#check(this.machine) : []));
	/** States with a problem, to outline on the graph. */
	problemStates = $derived(new Set(this.issues.flatMap((i) => (i.stateId ? [i.stateId] : []))));
	ids = $derived(this.machine ? stateIds(this.machine) : []);
	selectedState = $derived(this.machine && this.selected ? findState(this.machine, this.selected) : undefined);

	#logic = $derived(this.machine ? journeyMachine(this.machine) : undefined);
	walkActions = $derived(this.machine && this.walk ? walkActions(this.machine, this.walk) : []);
	/** Computed only when read (the simulation panel is open). */
	paths = $derived<PathsResult>(this.machine ? simplePaths(this.machine) : { paths: [], truncated: false });
	likeliest = $derived(likeliestPaths(this.paths, 5));

	/**
	 * Loads a journey of a workspace and watches it; `journey` stays undefined when there is none.
	 * `close()` ends the watch.
	 */
	async load(workspaceId: Id, journeyId: Id) {
		this.close();
		this.loaded = false;
		try {
			this.journey = await this.#source.get(workspaceId, journeyId);
			this.#base = this.#snapshot();
		} finally {
			this.loaded = true;
		}
		this.#past = [];
		this.#future = [];
		this.#typing = undefined;
		this.#created.clear();
		this.selected = null;
		this.walk = null;
		this.conflicts = [];
		this.deleted = false;
		if (!this.journey) return;
		await this.#restoreHistory(this.journey);
		this.#subscription = this.#source.watch(workspaceId, journeyId).subscribe({
			next: (stored) => this.#onStored(stored),
			// A failed read is announced by the store; the editor keeps what it shows.
			error: () => {}
		});
	}

	/**
	 * Takes back the undo history kept for this journey. Steps recorded on a machine that has
	 * changed since (in another tab, by a teammate) take those changes in, as they do while the
	 * editor is open, so an undo never takes back someone else's edit. A history that cannot be
	 * read is no reason not to edit: the editor starts without one.
	 */
	async #restoreHistory(journey: Journey) {
		const history = this.#source.history;
		if (!history) return;
		try {
			const row = await history.store.get(journey.workspaceId, history.key(journey.id));
			if (!row || this.journey?.id !== journey.id) return;
			const head = { ...journey, machine: row.head };
			const onEntry = sameValue(row.head, journey.machine)
				? (machine: JourneyMachineConfig) => machine
				: (machine: JourneyMachineConfig) => rebaseOnto(head, journey)({ ...head, machine }).machine;
			this.#past = row.past.map(onEntry);
			this.#future = row.future.map(onEntry);
		} catch {
			// An unreadable history: start without one.
		}
	}

	/** Keeps the undo history for the next visit (after each save, so it matches what is stored). */
	#keepHistory() {
		const history = this.#source.history;
		const journey = this.#snapshot();
		if (!history || !journey) return;
		const row: EditHistoryRow = {
			workspaceId: journey.workspaceId,
			key: history.key(journey.id),
			head: journey.machine,
			past: $state.snapshot(this.#past) as JourneyMachineConfig[],
			future: $state.snapshot(this.#future) as JourneyMachineConfig[]
		};
		// A history not kept only costs the undo steps of the next visit.
		history.store.put(row).catch(() => {});
	}

	/** Stops watching the stored journey. */
	close() {
		this.#subscription?.unsubscribe();
		this.#subscription = undefined;
	}

	/** Opens a journey already at hand (tests, a just-created journey). */
	open(journey: Journey) {
		this.journey = journey;
		this.#base = $state.snapshot(journey);
		this.loaded = true;
	}

	// ------------------------------------------------------------ other tabs

	/** The stored journey changed (a save here or elsewhere): show it, keeping the edits not yet saved. */
	#onStored(stored: Journey | undefined) {
		const saving = this.#autosave.running;
		if (saving) {
			this.#seen = stored;
			void saving.then(() => {
				const seen = this.#seen;
				this.#seen = undefined;
				if (seen) this.#onStored(seen);
			});
			return;
		}
		const base = this.#base;
		if (!stored) {
			if (base) this.deleted = true;
			return;
		}
		this.deleted = false;
		if (!base || !this.journey || sameBody(stored, base)) return;
		this.#takeIn(base, stored, $state.snapshot(this.journey));
	}

	/**
	 * Puts the changes from `base` to `stored` under this editor: into what it shows (`mine`, with
	 * its edits not yet saved kept on top) and into every step of its history, so an undo takes
	 * back an edit made here and never one made elsewhere.
	 */
	#takeIn(base: Journey, stored: Journey, mine: Journey) {
		const rebased = mergeJourney(base, mine, stored);
		this.#rebaseHistory(base, stored);
		this.#base = stored;
		this.#show({ ...rebased.journey, updatedAt: mine.updatedAt });
		this.#addConflicts(rebased.conflicts);
		// What is left to save: the edits made here, now on the stored journey.
		if (this.#pending) this.#pending = this.journey;
	}

	/** Puts the changes from `base` to `stored` into every step of the undo history. */
	#rebaseHistory(base: Journey, stored: Journey) {
		const rebase = rebaseOnto(base, stored);
		const onEntry = (machine: JourneyMachineConfig) => rebase({ ...base, machine }).machine;
		this.#past = this.#past.map(onEntry);
		this.#future = this.#future.map(onEntry);
	}

	#show(journey: Journey) {
		const machineChanged = !sameValue(journey.machine, this.journey?.machine);
		this.journey = journey;
		if (!machineChanged) return;
		if (this.selected && !findState(journey.machine, this.selected)) this.selected = null;
		this.walk = null;
		this.highlightedPath = null;
	}

	#addConflicts(conflicts: FieldConflict[]) {
		if (!conflicts.length) return;
		// A newer conflict on a field replaces the one shown.
		const fields = new Set(conflicts.map((c) => c.field));
		this.conflicts = [
			...this.conflicts.filter((c) => !fields.has(c.field)),
			...conflicts.map((c) => ({ ...c, id: ++this.#conflictIds }))
		];
	}

	/** Settles a conflict: `mine` writes this tab's value, `theirs` keeps the stored one. */
	resolve(conflict: EditorConflict, choice: 'mine' | 'theirs') {
		this.conflicts = this.conflicts.filter((c) => c.id !== conflict.id);
		if (choice === 'theirs' || !this.journey) return;
		const chosen = resolveConflict($state.snapshot(this.journey), conflict, 'mine');
		this.apply(() => chosen.machine);
	}

	// ------------------------------------------------------------ history and saving

	/**
	 * Applies an edit; an edit that creates a state selects it. Edits that throw (a name that
	 * no longer exists) change nothing. `typing` names the field a keystroke changes: keystrokes
	 * in a row in the same field are one undo step, as a word typed is one edit to the person.
	 */
	apply(edit: (machine: JourneyMachineConfig) => JourneyMachineConfig | EditResult, typing?: string): boolean {
		const current = this.machine;
		if (!current || !this.journey) return false;
		const result = edit(current);
		const created = isEditResult(result) ? result : undefined;
		const next = isEditResult(result) ? result.machine : result;
		if (next === current) return false;
		const sameTyping = typing !== undefined && typing === this.#typing && this.#past.length > 0;
		this.#typing = typing;
		if (!sameTyping) this.#past = [...this.#past, current].slice(-HISTORY_LIMIT);
		this.#future = [];
		this.#replace(next);
		if (created) {
			this.selected = created.path;
			this.#created.add(created.path);
		}
		return true;
	}

	/**
	 * Once a label is typed, a state created here since the journey was opened takes the key its
	 * label makes (`Paiement rejeté` → `paiement_rejete`) instead of the placeholder's
	 * (`nouvelle_etape_2`), in the same undo step as the typing. States that were there before keep
	 * their keys: mapping rules, motives and measured data may refer to them.
	 */
	settleKey(path: string, lang: keyof LocalizedText = 'fr') {
		const node = this.machine && findState(this.machine, path);
		if (!node || !this.#created.has(path)) return;
		const label = node.meta.label[lang] || node.meta.label.fr;
		const typing = this.#typing;
		// The new path is among the created ones (`apply`): the key keeps following the label.
		if (this.apply((m) => rekeyState(m, path, label), typing)) this.#created.delete(path);
	}

	undo() {
		const previous = this.#past.at(-1);
		if (!previous || !this.machine) return;
		this.#typing = undefined;
		this.#past = this.#past.slice(0, -1);
		this.#future = [...this.#future, this.machine];
		this.#replace(previous);
	}

	redo() {
		const next = this.#future.at(-1);
		if (!next || !this.machine) return;
		this.#typing = undefined;
		this.#future = this.#future.slice(0, -1);
		this.#past = [...this.#past, this.machine];
		this.#replace(next);
	}

	#replace(machine: JourneyMachineConfig) {
		if (!this.journey) return;
		this.journey = { ...this.journey, machine, updatedAt: new Date().toISOString() };
		if (this.selected && !findState(machine, this.selected)) this.selected = null;
		// The walk belongs to the machine it started on.
		this.walk = null;
		this.highlightedPath = null;
		this.#schedule(this.journey);
	}

	#schedule(journey: Journey) {
		this.#pending = journey;
		this.#autosave.schedule();
	}

	/** Tries again a save that failed (space freed in another tab…). */
	retry(): Promise<void> {
		return this.flush();
	}

	/** Saves now what is waiting to be saved: the fields changed here since the base, merged. */
	flush(): Promise<void> {
		return this.#autosave.flush();
	}

	/** Saves what waits when the page is hidden, and when the returned cleanup runs (the editor closes). */
	flushOnLeave(): () => void {
		return this.#autosave.flushOnLeave();
	}

	async #save(): Promise<SaveProblem | void> {
		const journey = this.#pending;
		const base = this.#base;
		if (!journey || !base) return;
		this.#pending = undefined;
		const mine = $state.snapshot(journey);
		try {
			const saved = await this.#source.save(base, mine);
			// The journey was deleted elsewhere: `deleted` says so, the status stays `error`.
			if (!saved.after || !saved.before) {
				this.deleted = true;
				return { problem: '' };
			}
			// History entries take in what other tabs had changed (stored before this save)…
			this.#rebaseHistory(base, saved.before);
			this.#base = saved.after;
			// …and what is shown is the stored journey with the edits made during the save on top.
			const now = this.#snapshot();
			const shown = !now || sameBody(now, mine) ? saved.after : mergeJourney(mine, now, saved.after).journey;
			this.#show({ ...shown, updatedAt: now?.updatedAt ?? shown.updatedAt });
			this.#addConflicts(saved.conflicts);
			if (this.#pending) this.#pending = this.journey;
			this.#keepHistory();
		} catch (error) {
			// The edit stays on screen and waits for the next save (`retry`, or the next edit).
			this.#pending ??= journey;
			throw error;
		}
	}

	/** The journey shown, as plain data. */
	#snapshot(): Journey | undefined {
		return this.journey && $state.snapshot(this.journey);
	}

	// ------------------------------------------------------------ edits

	select(path: string | null) {
		this.selected = path && this.machine && findState(this.machine, path) ? path : null;
	}

	addStage(label: LocalizedText) {
		this.apply((m) => addStage(m, { label }));
	}

	/** Moves a phase (a top-level state) to `index` in the map's order. */
	moveStage(key: string, index: number) {
		this.apply((m) => moveStage(m, key, index));
	}

	/** Moves a phase one column left (−1) or right (+1). */
	shiftStage(key: string, delta: -1 | 1) {
		this.apply((m) => shiftStage(m, key, delta));
	}

	/** Moves a phase before another, or to the end (`null`). */
	placeStage(key: string, before: string | null) {
		this.apply((m) => placeStage(m, key, before));
	}

	/** Adds a step to the selected stage, or next to the selected step. */
	addStep(label: LocalizedText, parent = this.stageOf(this.selected)) {
		if (!parent) return;
		this.apply((m) => addStep(m, parent, { label }));
	}

	/** The stage a new step goes into: the state itself if it is a stage, else its parent. */
	stageOf(path: string | null): string | null {
		if (!path || !this.machine) return null;
		const node = findState(this.machine, path);
		if (!node) return null;
		if (node.meta.kind === 'stage' || node.states) return path;
		const cut = path.lastIndexOf('.');
		return cut > 0 ? path.slice(0, cut) : null;
	}

	updateMeta(path: string, patch: Partial<StateMeta>) {
		this.apply((m) => updateStateMeta(m, path, patch));
	}

	/**
	 * A keystroke in a field of a state's details: saved like any edit (a reload right after
	 * typing keeps it), keystrokes in a row in one field being one undo step.
	 */
	typeMeta(path: string, field: keyof StateMeta | `label.${keyof LocalizedText}`, patch: Partial<StateMeta>) {
		this.apply((m) => updateStateMeta(m, path, patch), `${path}\u0000${field}`);
	}

	setFinal(path: string, final: boolean) {
		this.apply((m) => setFinal(m, path, final));
	}

	setInitial(path: string) {
		this.apply((m) => setInitial(m, path));
	}

	deleteState(path: string) {
		this.apply((m) => deleteState(m, path));
	}

	deleteSelected() {
		if (this.selected) this.deleteState(this.selected);
	}

	addTransition(transition: NewTransition) {
		this.apply((m) => addTransition(m, transition).machine);
	}

	updateTransition(ref: TransitionRef, patch: TransitionPatch) {
		this.apply((m) => updateTransition(m, ref, patch));
	}

	/**
	 * A keystroke in a transition's label: saved as typed, like a state's label, keystrokes in a
	 * row in one field being one undo step.
	 */
	typeTransition(ref: TransitionRef, lang: keyof LocalizedText, value: string) {
		this.apply((m) => updateTransition(m, ref, { label: { [lang]: value } }), `${ref.source}\u0000${ref.event}\u0000${ref.index ?? 0}\u0000label.${lang}`);
	}

	deleteTransition(ref: TransitionRef) {
		this.apply((m) => deleteTransition(m, ref));
	}

	/**
	 * Changes the journey's name or description, saved as typed like a label. Undo keeps to the
	 * machine, the only thing its history holds.
	 */
	setDetails(details: Partial<Pick<Journey, 'name' | 'description'>>) {
		if (!this.journey) return;
		this.journey = { ...this.journey, ...details, updatedAt: new Date().toISOString() };
		this.#schedule(this.journey);
	}

	/** What this editor's checks (a journey's, or a guide's) find wrong with a machine. */
	check(machine: JourneyMachineConfig): EditorIssue[] {
		return this.#check(machine);
	}

	/** Replaces the whole machine (an import); undo brings the previous one back. */
	replaceMachine(machine: JourneyMachineConfig) {
		this.apply(() => machine);
		this.selected = null;
	}

	// ------------------------------------------------------------ walking

	startWalk() {
		if (!this.machine || !this.#logic) return;
		this.walk = startWalk(this.machine, this.#logic);
		this.highlightedPath = null;
	}

	send(event: string) {
		if (!this.machine || !this.#logic || !this.walk) return;
		this.walk = walkSend(this.machine, this.#logic, this.walk, event);
	}

	stopWalk() {
		this.walk = null;
	}

	highlight(path: JourneyPath | null) {
		this.highlightedPath = path;
		if (path) this.walk = null;
	}
}

export const [getJourneyEditor, setJourneyEditor] = createContext<JourneyEditor>();
