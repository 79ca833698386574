/**
 * A journey seen through its frictions, for a slide or a deck: each stage with its states, and
 * at each state the ranked motives the catalogue places there with their avoidable cost. A motive
 * that arises at several states shows at each, so the states' costs are not to be summed.
 */
import type { Channel, JourneyMachineConfig, JourneyStateNode, LocalizedText } from '../domain/types';
import type { FrictionRow } from './frictions';

export interface JourneyStateFrictions {
	/** Dotted path. */
	path: string;
	label: LocalizedText;
	channel?: Channel;
	/** Motive rows whose catalogue motive arises here, costliest first. */
	motives: FrictionRow[];
	avoidableCost: number;
	avoidableContacts: number;
}

export interface JourneyStageFrictions {
	path: string;
	label: LocalizedText;
	/** The stage's own figures when it has no steps, else its steps. */
	states: JourneyStateFrictions[];
}

function stateFrictions(journeyId: string, path: string, node: JourneyStateNode, rows: readonly FrictionRow[]): JourneyStateFrictions {
	const motives = rows
		.filter((r) => r.kind === 'motive' && r.motive?.states.some((s) => s.journeyId === journeyId && s.stateId === path))
		.sort((a, b) => b.avoidableCost - a.avoidableCost || b.avoidableContacts - a.avoidableContacts);
	return {
		path,
		label: node.meta.label,
		channel: node.meta.channel,
		motives,
		avoidableCost: motives.reduce((sum, r) => sum + r.avoidableCost, 0),
		avoidableContacts: motives.reduce((sum, r) => sum + r.avoidableContacts, 0)
	};
}

/** Stages in the machine's order, each with its direct states (a stage without steps stands for itself). */
export function journeyFrictions(journeyId: string, machine: JourneyMachineConfig, rows: readonly FrictionRow[]): JourneyStageFrictions[] {
	return Object.entries(machine.states).map(([key, stage]) => {
		const children = Object.entries(stage.states ?? {});
		return {
			path: key,
			label: stage.meta.label,
			states: children.length
				? children.map(([child, node]) => stateFrictions(journeyId, `${key}.${child}`, node, rows))
				: [stateFrictions(journeyId, key, stage, rows)]
		};
	});
}
