import { describe, expect, it } from 'vitest';
import { DEFAULT_TOP, defaultViews, findView, liveViews, moveView, newView, readViews, sameView } from './views';

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
				{ id: 'a', kind: 'frictions', title: 'Top', top: 5, target: 0.85, note: 'Billing costs the most.' },
				{ id: 'b', kind: 'bogus', title: '' },
				{ id: 'c', kind: 'journey', title: '' },
				{ id: 'd', kind: 'trend', top: -1, target: 4 },
				null
			])
		).toEqual([
			{ id: 'a', kind: 'frictions', title: 'Top', top: 5, target: 0.85, note: 'Billing costs the most.' },
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
	it('are the same slide when they show the same thing, whatever their titles and notes', () => {
		expect(sameView(newView('trend', { title: 'A', note: 'So what' }), newView('trend'))).toBe(true);
		expect(sameView(newView('frictions'), newView('frictions', { top: DEFAULT_TOP }))).toBe(true);
		expect(sameView(newView('frictions', { top: 6 }), newView('frictions', { top: 10 }))).toBe(false);
		expect(sameView(newView('frictions', { target: 0.8 }), newView('frictions', { target: 0.9 }))).toBe(false);
		// No target follows the frictions page: not the same as a target fixed when saved.
		expect(sameView(newView('frictions'), newView('frictions', { target: 0.8 }))).toBe(false);
		expect(sameView(newView('journey', { journeyId: 'j1' }), newView('journey', { journeyId: 'j2' }))).toBe(false);
		expect(sameView(newView('kpis'), newView('trend'))).toBe(false);
		const deck = defaultViews(['j1']);
		expect(findView(deck, { kind: 'frictions', top: 6 })).toBe(1);
		expect(findView(deck, { kind: 'journey', journeyId: 'j1' })).toBe(3);
		expect(findView(deck, { kind: 'journey', journeyId: 'j2' })).toBe(-1);
	});
});

describe('the anticipation slide', () => {
	it('is read back, and is one slide whatever its title, several when it shows a different number of rows', () => {
		const view = newView('anticipation', { top: 6 });
		expect(readViews([view])).toEqual([view]);
		expect(sameView(view, { kind: 'anticipation' })).toBe(true);
		expect(sameView(view, { kind: 'anticipation', top: 10 })).toBe(false);
		expect(sameView(view, { kind: 'frictions', top: 6 })).toBe(false);
	});
});
