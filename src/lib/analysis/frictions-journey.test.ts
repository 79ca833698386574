import { describe, expect, it } from 'vitest';
import type { JourneyMachineConfig } from '../domain/types';
import type { FrictionRow } from './frictions';
import { journeyFrictions } from './frictions-journey';

const label = (en: string) => ({ en, fr: en });
const machine: JourneyMachineConfig = {
	id: 'bill',
	initial: 'read',
	states: {
		read: { meta: { kind: 'stage', label: label('Read') }, initial: 'web', states: { web: { meta: { kind: 'touchpoint', label: label('Web'), channel: 'web' } }, call: { meta: { kind: 'touchpoint', label: label('Call') } } } },
		done: { type: 'final', meta: { kind: 'stage', label: label('Done') } }
	}
};
const row = (code: string, cost: number, states: string[], kind: FrictionRow['kind'] = 'motive'): FrictionRow =>
	({ key: `${kind}:${code}`, kind, codes: [code], avoidableCost: cost, avoidableContacts: cost / 5, motive: { label: code, complex: false, codes: [code], articleIds: [], states: states.map((stateId) => ({ journeyId: 'j', stateId })) } }) as unknown as FrictionRow;

describe('journeyFrictions', () => {
	it('places each motive at the states the catalogue gives it, costliest first', () => {
		const rows = [row('A', 10, ['read.web', 'read.call']), row('B', 50, ['read.call']), row('C', 99, ['read.call'], 'state'), row('D', 7, ['other'])];
		const stages = journeyFrictions('j', machine, rows);
		expect(stages.map((s) => s.path)).toEqual(['read', 'done']);
		const [web, call] = stages[0].states;
		expect(web).toMatchObject({ path: 'read.web', channel: 'web', avoidableCost: 10, avoidableContacts: 2 });
		expect(call.motives.map((r) => r.codes[0])).toEqual(['B', 'A']);
		expect(call.avoidableCost).toBe(60);
		expect(stages[1].states).toMatchObject([{ path: 'done', motives: [], avoidableCost: 0 }]);
		expect(journeyFrictions('other-journey', machine, rows)[0].states[1].motives).toEqual([]);
	});
});
