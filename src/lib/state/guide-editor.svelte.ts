/**
 * A motive's treatment guide in the journey editor: the same history, autosave, watch of other
 * tabs and field-by-field merge (a guide is a journey machine plus its motive), stored through the
 * guide repository and checked by `validateGuide`; and the steps, which only guides have.
 */
import { editHistoryRepo, guideRepo, observe, type JourneySave } from '$lib/db';
import { validateGuide, type GuideCatalogue } from '$lib/domain/guide';
import { newGuide, setStep, stepOf, stepOfKind, type StepDefaults } from '$lib/domain/guide-edit';
import { newId } from '$lib/domain/ids';
import { findState } from '$lib/domain/journey';
import { addStage } from '$lib/domain/journey-edit';
import { mergeJourney } from '$lib/domain/journey-merge';
import type { Guide, GuideStateMeta, GuideStep, GuideStepKind, Id, Journey, LocalizedText, Motive } from '$lib/domain/types';
import { JourneyEditor, type HistoryStore, type JourneySource } from './journey-editor.svelte';

/** Where guides are read, watched and saved; tests give their own database's. */
export interface GuideStore {
	get(workspaceId: Id, guideId: Id): Promise<Guide | undefined>;
	put(guide: Guide): Promise<void>;
}

/**
 * A guide seen as the journey the editor edits (a `Guide` is one, with its motive), saved as the
 * journey editor saves: the fields changed since `base` go over the guide as stored now.
 */
export function guideSource(
	store: GuideStore = guideRepo,
	history: HistoryStore | undefined = store === guideRepo ? editHistoryRepo : undefined
): JourneySource {
	return {
		history: history && { store: history, key: (id) => `guide:${id}` },
		get: (workspaceId, guideId) => store.get(workspaceId, guideId),
		watch: (workspaceId, guideId) => observe(() => store.get(workspaceId, guideId)),
		async save(base: Journey, mine: Journey): Promise<JourneySave> {
			const stored = await store.get(mine.workspaceId, mine.id);
			if (!stored) return { before: undefined, after: undefined, written: [], conflicts: [] };
			const merged = mergeJourney(base, mine, stored);
			if (!merged.written.length) return { before: stored, after: stored, written: [], conflicts: merged.conflicts };
			const { name, description, machine } = merged.journey;
			const after: Guide = { ...stored, name, description, machine, updatedAt: mine.updatedAt };
			await store.put(after);
			return { before: stored, after, written: merged.written, conflicts: merged.conflicts };
		}
	};
}

export class GuideEditor extends JourneyEditor {
	/**
	 * `motiveId` and `catalogue` are read at each check, so a source or an article removed while
	 * the guide is open shows as a missing reference at once.
	 */
	constructor(motiveId: () => Id, catalogue: () => GuideCatalogue, source: JourneySource = guideSource()) {
		super(source, (machine) => validateGuide({ motiveId: motiveId(), machine }, catalogue()));
	}

	/** The selected state's step. */
	selectedStep = $derived(stepOf(this.selectedState));

	/** Adds a step at the top level of the guide (an action to say, until its kind is chosen), and selects it. */
	addGuideStep(label: LocalizedText, system: string) {
		const meta: Partial<GuideStateMeta> = { kind: 'step', step: { kind: 'action', system, instruction: '' } };
		this.apply((m) => addStage(m, { label, meta }));
	}

	setStep(path: string, step: GuideStep) {
		this.apply((m) => setStep(m, path, step));
	}

	/** Changes a step's kind; a kind that needs what the workspace lacks (no source to check) changes nothing. */
	setStepKind(path: string, kind: GuideStepKind, defaults: StepDefaults) {
		const step = stepOfKind(kind, defaults, this.machine && stepOf(findState(this.machine, path)));
		if (step) this.setStep(path, step);
	}
}

/** Creates a motive's guide (one question, two outcomes) and returns it. */
export async function createGuide(motive: Motive, store: GuideStore = guideRepo): Promise<Guide> {
	const guide = newGuide({ id: newId('guide'), workspaceId: motive.workspaceId, motiveId: motive.id, name: motive.label, now: new Date().toISOString() });
	await store.put(guide);
	return guide;
}
