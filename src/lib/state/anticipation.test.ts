import { describe, expect, it } from 'vitest';
import { defaultAnticipationPrefs, readAnticipationPrefs } from './anticipation.svelte';

describe('anticipation page preferences', () => {
	it('start at a 7-day horizon, a 30 % deflection share and no filter', () => {
		expect(defaultAnticipationPrefs()).toEqual({ horizonDays: 7, deflection: 0.3, kinds: [], segments: [], channels: [], journeyId: '', eventsId: '', webId: '' });
		expect(readAnticipationPrefs(null)).toEqual(defaultAnticipationPrefs());
	});

	it('keep each stored field that is valid and drop the others', () => {
		expect(
			readAnticipationPrefs({ horizonDays: 14, deflection: 1.5, kinds: ['event', 'nope', 3], segments: ['pro'], channels: 'phone', journeyId: 'j1', eventsId: 'none', webId: 3 })
		).toEqual({ horizonDays: 14, deflection: 0.3, kinds: ['event'], segments: ['pro'], channels: [], journeyId: 'j1', eventsId: 'none', webId: '' });
		expect(readAnticipationPrefs({ horizonDays: -1, deflection: 0 })).toMatchObject({ horizonDays: 7, deflection: 0 });
	});
});
