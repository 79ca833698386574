import { describe, expect, it } from 'vitest';
import { defaultViews, liveViews, moveView, newView, readViews } from './views';

describe('saved views', () => {
	it('start with a deck from figures to the plan, one slide per journey (two at most)', () => {
		const views = defaultViews(['j1', 'j2', 'j3']);
		expect(views.map((v) => v.kind)).toEqual(['kpis', 'frictions', 'trend', 'journey', 'journey', 'actions']);
		expect(views.filter((v) => v.kind === 'journey').map((v) => v.journeyId)).toEqual(['j1', 'j2']);
		expect(new Set(views.map((v) => v.id)).size).toBe(views.length);
	});
	it('read back from storage keep only valid views', () => {
		expect(readViews('nope')).toBeNull();
		expect(
			readViews([
				{ id: 'a', kind: 'frictions', title: 'Top', top: 5, target: 0.85 },
				{ id: 'b', kind: 'bogus', title: '' },
				{ id: 'c', kind: 'journey', title: '' },
				{ id: 'd', kind: 'trend', top: -1, target: 4 },
				null
			])
		).toEqual([
			{ id: 'a', kind: 'frictions', title: 'Top', top: 5, target: 0.85 },
			{ id: 'd', kind: 'trend', title: '' }
		]);
	});
	it('move one place at a time and drop journeys that are gone', () => {
		const views = [newView('kpis'), newView('trend'), newView('journey', { journeyId: 'gone' })];
		const moved = moveView(views, views[1].id, -1);
		expect(moved.map((v) => v.kind)).toEqual(['trend', 'kpis', 'journey']);
		expect(moveView(views, views[0].id, -1)).toEqual(views);
		expect(liveViews(views, new Set(['j1'])).map((v) => v.kind)).toEqual(['kpis', 'trend']);
	});
});
