import { describe, expect, it } from 'vitest';
import { createDemoWorkspace } from './demo';
import {
	articlesOfMotive,
	calendarDate,
	isStale,
	markReviewed,
	motivesServedBy,
	orphanArticles,
	orphanMotives,
	orphanSources,
	reviewState,
	sourcesOfMotive,
	toReviewList
} from './knowledge';
import { article, motive, source } from './test-factories';

const NOW = new Date(2026, 2, 15, 10, 0); // 15 March 2026, local time

describe('staleness', () => {
	it('is stale once the review interval has run out, counted in calendar days', () => {
		expect(isStale(article({ lastReview: '2026-01-01', reviewIntervalDays: 90 }), NOW)).toBe(false); // due 1 April
		expect(isStale(article({ lastReview: '2025-12-15', reviewIntervalDays: 90 }), NOW)).toBe(true); // due 15 March: today
		expect(isStale(article({ lastReview: '2025-12-16', reviewIntervalDays: 90 }), NOW)).toBe(false); // due tomorrow
		expect(reviewState(article({ lastReview: '2025-12-01', reviewIntervalDays: 90 }), NOW)).toEqual({
			kind: 'stale',
			dueDate: '2026-03-01',
			daysOverdue: 14
		});
	});

	it('counts an item never reviewed as to review', () => {
		expect(isStale(article({ lastReview: undefined }), NOW)).toBe(true);
		expect(reviewState(source({ lastReview: undefined }), NOW)).toEqual({ kind: 'never' });
		expect(isStale(article({ lastReview: 'not a date' }), NOW)).toBe(true);
	});

	it('reads a date-time review stamp as the day it fell on, and uses 90 days for motives', () => {
		expect(isStale(article({ lastReview: '2026-03-14T08:00:00', reviewIntervalDays: 1 }), NOW)).toBe(true);
		expect(isStale(article({ lastReview: '2026-03-15T08:00:00', reviewIntervalDays: 1 }), NOW)).toBe(false);
		expect(isStale(motive({ lastReview: '2025-12-14' }), NOW)).toBe(true);
		expect(isStale(motive({ lastReview: '2026-01-14' }), NOW)).toBe(false);
	});

	it('the review stamp sets today and makes the item fresh', () => {
		const stale = article({ lastReview: '2024-01-01' });
		const reviewed = markReviewed(stale, NOW);
		expect(reviewed.lastReview).toBe('2026-03-15');
		expect(calendarDate(NOW)).toBe('2026-03-15');
		expect(isStale(reviewed, NOW)).toBe(false);
		expect(stale.lastReview).toBe('2024-01-01');
	});

	it('lists what to review, never reviewed first, then the longest overdue, archived left out', () => {
		const list = toReviewList(
			[
				article({ id: 'a-late', title: 'Late', lastReview: '2025-10-01' }),
				article({ id: 'a-fresh', title: 'Fresh', lastReview: '2026-03-01' }),
				article({ id: 'a-never', title: 'Never', lastReview: undefined }),
				article({ id: 'a-archived', title: 'Archived', lastReview: undefined, status: 'archived' })
			],
			[source({ id: 's-later', name: 'Later', lastReview: '2025-06-01' })],
			NOW
		);
		expect(list.map((entry) => entry.item.id)).toEqual(['a-never', 's-later', 'a-late']);
		expect(list.map((entry) => entry.kind)).toEqual(['article', 'source', 'article']);
	});

	it('finds the demo workspace’s stale and never-reviewed articles, and a stamped one leaves the list', () => {
		const demo = createDemoWorkspace(NOW);
		const list = toReviewList(demo.articles, demo.sources, NOW);
		const articles = list.filter((e) => e.kind === 'article');
		expect(articles.length).toBeGreaterThanOrEqual(4);
		expect(articles.some((e) => e.state.kind === 'never')).toBe(true);
		const first = articles[0].item;
		const after = toReviewList(
			demo.articles.map((a) => (a.id === first.id ? markReviewed(a, NOW) : a)),
			demo.sources,
			NOW
		);
		expect(after.some((e) => e.item.id === first.id)).toBe(false);
		expect(after.length).toBe(list.length - 1);
	});
});

describe('orphans and links', () => {
	const articles = [article({ id: 'a1' }), article({ id: 'a2' }), article({ id: 'a3' })];
	const sources = [source({ id: 's1' }), source({ id: 's2' })];
	const motives = [
		motive({ id: 'm1', articleIds: ['a1'], sourceIds: [] }),
		motive({ id: 'm2', articleIds: [], sourceIds: ['s1'] }),
		motive({ id: 'm3', articleIds: [], sourceIds: [] }),
		motive({ id: 'm4', articleIds: ['gone'], sourceIds: ['gone-too'] }),
		motive({ id: 'm5', articleIds: ['a3', 'a1'], sourceIds: ['s1'] })
	];

	it('finds articles and sources linked to no motive', () => {
		expect(orphanArticles(articles, motives).map((a) => a.id)).toEqual(['a2']);
		expect(orphanSources(sources, motives).map((s) => s.id)).toEqual(['s2']);
	});

	it('finds motives with neither source nor article, dangling links not counting', () => {
		expect(orphanMotives(motives, sources, articles).map((m) => m.id)).toEqual(['m3', 'm4']);
	});

	it('gives the articles and sources behind a motive and the motives an article serves', () => {
		expect(articlesOfMotive(motives[4], articles).map((a) => a.id)).toEqual(['a3', 'a1']);
		expect(articlesOfMotive(motives[3], articles)).toEqual([]);
		expect(sourcesOfMotive(motives[4], sources).map((s) => s.id)).toEqual(['s1']);
		expect(motivesServedBy('a1', motives).map((m) => m.id)).toEqual(['m1', 'm5']);
		expect(motivesServedBy('s1', motives, 'sourceIds').map((m) => m.id)).toEqual(['m2', 'm5']);
	});

	it('finds the demo’s two orphan articles', () => {
		const demo = createDemoWorkspace(NOW);
		expect(orphanArticles(demo.articles, demo.motives)).toHaveLength(2);
	});
});
