/**
 * Edits that only a guide needs, over the journey edits of `journey-edit.ts` (a guide is a journey
 * machine): the guide a motive starts from, and a state's step, whose kind also says whether the
 * state ends the guide (an outcome is exactly a final state).
 */
import { findState } from './journey';
import { setFinal, updateStateMeta } from './journey-edit';
import type {
	Guide,
	GuideStateMeta,
	GuideStep,
	GuideStepKind,
	Id,
	JourneyMachineConfig,
	JourneyStateNode,
	LocalizedText
} from './types';

/** A state's step; absent on a group of steps, or on a journey's state. */
export function stepOf(node: JourneyStateNode | undefined): GuideStep | undefined {
	// A guide's states carry `GuideStateMeta`; the editor holds them as journey states.
	return (node?.meta as GuideStateMeta | undefined)?.step;
}

/** What a step of a new kind starts with; a check and an article need a source, an article of the workspace. */
export interface StepDefaults {
	/** The question asked, from the step's label. */
	text: LocalizedText;
	sourceId?: Id;
	articleId?: Id;
	/** The system an action is done in, which cannot be empty. */
	system: string;
}

/** A step of the given kind, with what it held kept where the kinds share it. */
export function stepOfKind(kind: GuideStepKind, defaults: StepDefaults, previous?: GuideStep): GuideStep | undefined {
	if (previous?.kind === kind) return previous;
	switch (kind) {
		case 'question':
			return { kind, text: { ...defaults.text } };
		case 'check':
			return defaults.sourceId ? { kind, sourceId: defaults.sourceId, lookFor: '' } : undefined;
		case 'action':
			return { kind, system: defaults.system, instruction: '' };
		case 'article':
			return defaults.articleId ? { kind, articleId: defaults.articleId } : undefined;
		case 'outcome':
			return { kind, outcome: 'resolved' };
	}
}

/**
 * Sets a state's step. A step that becomes an outcome ends the guide (its answers go: an end has
 * no way out); an outcome that becomes another step no longer ends it.
 */
export function setStep(machine: JourneyMachineConfig, path: string, step: GuideStep): JourneyMachineConfig {
	const patch: Partial<GuideStateMeta> = { step };
	const next = updateStateMeta(machine, path, patch);
	const final = step.kind === 'outcome';
	return (findState(next, path)?.type === 'final') === final ? next : setFinal(next, path, final);
}

const text = (fr: string, en: string): LocalizedText => ({ fr, en });

/**
 * The guide a motive starts from: one question whose two answers lead to "resolved" and to
 * "transferred", so it passes `validateGuide` and runs in the console from the first minute.
 */
export function newGuide(input: { id: Id; workspaceId: Id; motiveId: Id; name: LocalizedText; now: string }): Guide {
	const answer = (target: string, label: LocalizedText) => ({ target, meta: { label } });
	return {
		id: input.id,
		workspaceId: input.workspaceId,
		motiveId: input.motiveId,
		name: { ...input.name },
		description: '',
		updatedAt: input.now,
		machine: {
			id: 'guide',
			initial: 'question',
			states: {
				question: {
					on: {
						'answer.yes': answer('resolu', text('Oui', 'Yes')),
						'answer.no': answer('transfert', text('Non', 'No'))
					},
					meta: {
						kind: 'step',
						label: text('Question', 'Question'),
						step: { kind: 'question', text: text('La demande est-elle traitée ?', 'Is the request handled?') }
					}
				},
				resolu: { type: 'final', meta: { kind: 'step', label: text('Résolu', 'Resolved'), step: { kind: 'outcome', outcome: 'resolved' } } },
				transfert: {
					type: 'final',
					meta: { kind: 'step', label: text('Transféré', 'Transferred'), step: { kind: 'outcome', outcome: 'transferred' } }
				}
			}
		}
	};
}
