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
	toReviewList,
	clearedByReview,
	feedbackCounts,
	openFeedback,
	reviewClears
} from './knowledge';
import { article, feedback, motive, source } from './test-factories';

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

describe('feedback from the console', () => {
	const given = [
		feedback({ id: 'f1', articleId: 'a1', verdict: 'out-of-date', createdAt: '2026-03-01T10:00:00.000Z' }),
		feedback({ id: 'f2', articleId: 'a1', verdict: 'useful', createdAt: '2026-03-02T10:00:00.000Z' }),
		feedback({ id: 'f3', articleId: 'a1', verdict: 'missing-information', createdAt: '2026-03-10T10:00:00.000Z' }),
		feedback({ id: 'f4', articleId: 'a2', verdict: 'useful', createdAt: '2026-03-03T10:00:00.000Z' })
	];

	it('counts feedback by verdict for each article', () => {
		const counts = feedbackCounts(given);
		expect(counts.get('a1')).toEqual({ useful: 1, 'out-of-date': 1, 'missing-information': 1 });
		expect(counts.get('a2')).toEqual({ useful: 1, 'out-of-date': 0, 'missing-information': 0 });
		expect(counts.has('a3')).toBe(false);
	});

	it('is settled by a review made after it was given: a whole day for a review stamped with a date', () => {
		expect(clearedByReview('a1', given, '2026-03-05').map((f) => f.id)).toEqual(['f1', 'f2']);
		expect(clearedByReview('a1', given, '2026-03-10T09:00:00.000Z').map((f) => f.id)).toEqual(['f1', 'f2']);
		expect(clearedByReview('a1', given, '2026-03-10T11:00:00.000Z').map((f) => f.id)).toEqual(['f1', 'f2', 'f3']);
		expect(reviewClears(given[0], undefined)).toBe(false);
		expect(reviewClears({ createdAt: 'not a date' }, '2026-03-05')).toBe(false);
	});

	it('stays open until the article is reviewed after it', () => {
		const articles = [article({ id: 'a1', lastReview: '2026-03-05' }), article({ id: 'a2', lastReview: undefined })];
		expect(openFeedback(articles, given).map((f) => f.id)).toEqual(['f3', 'f4']);
		// Feedback on an article that is gone waits for no one.
		expect(openFeedback([], given)).toEqual([]);
	});

	it('puts first the articles reported out of date or missing information, the most reported first, fresh or not', () => {
		const articles = [
			article({ id: 'a-never', title: 'Never', lastReview: undefined }),
			article({ id: 'a-fresh-once', title: 'Fresh, reported once', lastReview: '2026-03-01' }),
			article({ id: 'a-fresh-twice', title: 'Fresh, reported twice', lastReview: '2026-03-01' }),
			article({ id: 'a-fresh-useful', title: 'Fresh, useful', lastReview: '2026-03-01' }),
			article({ id: 'a-late', title: 'Late', lastReview: '2025-10-01' })
		];
		const reports = [
			feedback({ id: 'r1', articleId: 'a-fresh-once', verdict: 'missing-information', createdAt: '2026-03-10T08:00:00.000Z' }),
			feedback({ id: 'r2', articleId: 'a-fresh-twice', verdict: 'out-of-date', createdAt: '2026-03-10T08:00:00.000Z' }),
			feedback({ id: 'r3', articleId: 'a-fresh-twice', verdict: 'missing-information', createdAt: '2026-03-11T08:00:00.000Z' }),
			feedback({ id: 'r4', articleId: 'a-fresh-useful', verdict: 'useful', createdAt: '2026-03-11T08:00:00.000Z' }),
			// Given before the last review: settled.
			feedback({ id: 'r5', articleId: 'a-fresh-once', verdict: 'out-of-date', createdAt: '2026-02-20T08:00:00.000Z' })
		];
		const list = toReviewList(articles, [source({ id: 's-later', name: 'Later', lastReview: '2025-06-01' })], NOW, reports);
		expect(list.map((entry) => entry.item.id)).toEqual(['a-fresh-twice', 'a-fresh-once', 'a-never', 's-later', 'a-late']);
		const [first] = list;
		expect(first.kind === 'article' && first.feedback).toEqual({ useful: 0, 'out-of-date': 1, 'missing-information': 1 });
		// Reviewing it clears its feedback: it leaves the list.
		const reviewed = articles.map((a) => (a.id === 'a-fresh-twice' ? markReviewed(a, NOW) : a));
		expect(toReviewList(reviewed, [], NOW, reports).map((entry) => entry.item.id)).toEqual(['a-fresh-once', 'a-never', 'a-late']);
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
