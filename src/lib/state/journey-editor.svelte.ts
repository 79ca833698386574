/**
 * The journey being edited: its machine, the selected state, undo and redo of every edit,
 * autosave, live checks and the walk through it. Components call its methods; every change of
 * the machine goes through `apply`, so every change can be undone and is saved.
 */
import { createContext } from 'svelte';
import { journeyRepo } from '$lib/db';
import { findState, stateIds, validateJourney, type JourneyIssue } from '$lib/domain/journey';
import {
	addStage,
	addStep,
	addTransition,
	deleteState,
	deleteTransition,
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

export type SaveStatus = 'saved' | 'saving' | 'error';

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
	#timer: ReturnType<typeof setTimeout> | undefined;
	#pending: Journey | undefined;

	saveStatus = $state<SaveStatus>('saved');
	saveError = $state('');

	walk = $state.raw<Walk | null>(null);

	machine = $derived(this.journey?.machine);
	canUndo = $derived(this.#past.length > 0);
	canRedo = $derived(this.#future.length > 0);
	issues = $derived<JourneyIssue[]>(this.machine ? validateJourney(this.machine) : []);
	/** States with a problem, to outline on the graph. */
	problemStates = $derived(new Set(this.issues.flatMap((i) => (i.stateId ? [i.stateId] : []))));
	ids = $derived(this.machine ? stateIds(this.machine) : []);
	selectedState = $derived(this.machine && this.selected ? findState(this.machine, this.selected) : undefined);

	#logic = $derived(this.machine ? journeyMachine(this.machine) : undefined);
	walkActions = $derived(this.machine && this.walk ? walkActions(this.machine, this.walk) : []);
	/** Computed only when read (the simulation panel is open). */
	paths = $derived<PathsResult>(this.machine ? simplePaths(this.machine) : { paths: [], truncated: false });
	likeliest = $derived(likeliestPaths(this.paths, 5));

	/** Loads a journey of a workspace; `journey` stays undefined when there is none. */
	async load(workspaceId: Id, journeyId: Id) {
		this.loaded = false;
		try {
			this.journey = await journeyRepo.get(workspaceId, journeyId);
		} finally {
			this.loaded = true;
		}
		this.#past = [];
		this.#future = [];
		this.selected = null;
		this.walk = null;
	}

	/** Opens a journey already at hand (tests, a just-created journey). */
	open(journey: Journey) {
		this.journey = journey;
		this.loaded = true;
	}

	// ------------------------------------------------------------ history and saving

	/**
	 * Applies an edit; an edit that creates a state selects it. Edits that throw (a name that
	 * no longer exists) change nothing.
	 */
	apply(edit: (machine: JourneyMachineConfig) => JourneyMachineConfig | EditResult): boolean {
		const current = this.machine;
		if (!current || !this.journey) return false;
		const result = edit(current);
		const next = 'path' in result && 'machine' in result ? result.machine : (result as JourneyMachineConfig);
		if (next === current) return false;
		this.#past = [...this.#past, current].slice(-HISTORY_LIMIT);
		this.#future = [];
		this.#replace(next);
		if ('path' in result && 'machine' in result) this.selected = result.path;
		return true;
	}

	undo() {
		const previous = this.#past.at(-1);
		if (!previous || !this.machine) return;
		this.#past = this.#past.slice(0, -1);
		this.#future = [...this.#future, this.machine];
		this.#replace(previous);
	}

	redo() {
		const next = this.#future.at(-1);
		if (!next || !this.machine) return;
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
		this.saveStatus = 'saving';
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.flush(), AUTOSAVE_DELAY_MS);
	}

	/** Saves now what is waiting to be saved. */
	async flush() {
		clearTimeout(this.#timer);
		const journey = this.#pending;
		if (!journey) return;
		this.#pending = undefined;
		try {
			await journeyRepo.put($state.snapshot(journey) as Journey);
			if (!this.#pending) this.saveStatus = 'saved';
			this.saveError = '';
		} catch (error) {
			this.saveStatus = 'error';
			this.saveError = error instanceof Error ? error.message : String(error);
		}
	}

	// ------------------------------------------------------------ edits

	select(path: string | null) {
		this.selected = path && this.machine && findState(this.machine, path) ? path : null;
	}

	addStage(label: LocalizedText) {
		this.apply((m) => addStage(m, { label }));
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

	deleteTransition(ref: TransitionRef) {
		this.apply((m) => deleteTransition(m, ref));
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
