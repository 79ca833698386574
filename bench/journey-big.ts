/**
 * A large journey for the layout and rendering benchmarks: `stages` stages of `steps` steps each
 * (20 × 9 → 200 states), each step leading to the next, the last step of a stage to the next
 * stage, and a detour every few steps towards a later stage, as real journeys have. The last
 * stage's last step ends the journey. Built with the editor's own operations, so it is valid.
 */
import { addStage, addStep, addTransition, setFinal } from '../src/lib/domain/journey-edit';
import type { JourneyMachineConfig } from '../src/lib/domain/types';

export function bigJourney(stages = 20, steps = 9): JourneyMachineConfig {
	let machine: JourneyMachineConfig = { id: 'big', initial: '', states: {} };
	const paths: string[][] = [];
	for (let s = 1; s <= stages; s++) {
		const stage = addStage(machine, { key: `phase${s}`, label: { fr: `Phase ${s}`, en: `Stage ${s}` } });
		machine = stage.machine;
		const row: string[] = [];
		for (let k = 1; k <= steps; k++) {
			const step = addStep(machine, stage.path, {
				key: `etape${k}`,
				label: { fr: `Étape ${s}.${k} du parcours client`, en: `Step ${s}.${k} of the customer journey` },
				meta: { channel: (['web', 'phone', 'app', 'store'] as const)[(s + k) % 4] }
			});
			machine = step.machine;
			row.push(step.path);
		}
		paths.push(row);
	}
	const link = (source: string, target: string, label: string) => {
		machine = addTransition(machine, { source, target, label: { fr: label, en: label } }).machine;
	};
	paths.forEach((row, s) => {
		row.forEach((path, k) => {
			if (k + 1 < row.length) link(path, row[k + 1], 'Continuer');
			else if (s + 1 < paths.length) link(path, paths[s + 1][0], 'Phase suivante');
			if (k % 4 === 2 && s + 2 < paths.length) link(path, paths[s + 2][k], 'Détour');
		});
	});
	return setFinal(machine, paths.at(-1)!.at(-1)!, true);
}
