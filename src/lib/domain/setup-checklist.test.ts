import { describe, expect, it } from 'vitest';
import { setupChecklist } from './setup-checklist';

describe('setupChecklist', () => {
	it('has the four steps of a new workspace undone, each pointing where it is done', () => {
		expect(setupChecklist('ws 1', { journeys: [], motives: 0, contactDatasets: 0, rules: 0 })).toEqual([
			{ step: 'journey', done: false, href: '/w/ws%201/journeys' },
			{ step: 'motives', done: false, href: '/w/ws%201/motives' },
			{ step: 'data', done: false, href: '/w/ws%201/data' },
			{ step: 'rules', done: false, href: '/w/ws%201/journeys' }
		]);
	});

	it('ticks each step the workspace holds, and sends the rules to the first journey', () => {
		const items = setupChecklist('w', { journeys: [{ id: 'j1' }, { id: 'j2' }], motives: 3, contactDatasets: 0, rules: 2 });
		expect(items.map((i) => [i.step, i.done])).toEqual([
			['journey', true],
			['motives', true],
			['data', false],
			['rules', true]
		]);
		expect(items[3].href).toBe('/w/w/journeys/j1/rules');
	});
});
