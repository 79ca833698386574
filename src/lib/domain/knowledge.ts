/**
 * Keeping the single knowledge base fresh: when an article, a source or a motive is due for review,
 * the review stamp, the feedback advisors give on articles (which a later review settles), and the
 * orphans that nothing links (articles no motive uses, motives with
 * nothing behind them).
 *
 * Dates are calendar days. A review is due `reviewIntervalDays` days after `lastReview`; on that
 * day the item is already "to review". An item never reviewed counts as "to review" as well: nobody
 * has vouched for it, which is exactly what the list is for.
 */
import {
	DEFAULT_REVIEW_INTERVAL_DAYS,
	FEEDBACK_VERDICTS,
	type ArticleFeedback,
	type FeedbackVerdict,
	type Id,
	type InformationSource,
	type IsoDate,
	type KnowledgeArticle,
	type Motive
} from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Anything with a review date; motives have no interval of their own and use the default. */
export interface Reviewable {
	lastReview?: IsoDate;
	/** @default DEFAULT_REVIEW_INTERVAL_DAYS (90) */
	reviewIntervalDays?: number;
}

/** The local calendar date of an instant, as `YYYY-MM-DD`. */
export function calendarDate(instant: Date): IsoDate {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}

/**
 * Day number of an ISO date or date-time: a plain date is taken as written, a date-time as the
 * local calendar day it falls on. `undefined` when it cannot be read.
 */
function dayNumber(iso: IsoDate): number | undefined {
	const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
	if (plain) return Date.UTC(+plain[1], +plain[2] - 1, +plain[3]) / DAY_MS;
	const instant = new Date(iso);
	if (Number.isNaN(instant.getTime())) return undefined;
	return Date.UTC(instant.getFullYear(), instant.getMonth(), instant.getDate()) / DAY_MS;
}

const today = (now: Date): number => Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / DAY_MS;

export type ReviewState =
	| { kind: 'never' }
	| { kind: 'stale'; dueDate: IsoDate; daysOverdue: number }
	| { kind: 'fresh'; dueDate: IsoDate; daysLeft: number };

/** Where an item stands: never reviewed, past its review date (`daysOverdue` ≥ 0) or fresh. */
export function reviewState(item: Reviewable, now: Date): ReviewState {
	const last = item.lastReview ? dayNumber(item.lastReview) : undefined;
	if (last === undefined) return { kind: 'never' };
	const interval = item.reviewIntervalDays ?? DEFAULT_REVIEW_INTERVAL_DAYS;
	const due = last + interval;
	const dueDate = new Date(due * DAY_MS).toISOString().slice(0, 10);
	const left = due - today(now);
	return left <= 0 ? { kind: 'stale', dueDate, daysOverdue: -left } : { kind: 'fresh', dueDate, daysLeft: left };
}

/** True when the item is due for review: its interval has run out, or it was never reviewed. */
export function isStale(item: Reviewable, now: Date): boolean {
	return reviewState(item, now).kind !== 'fresh';
}

/** The item reviewed today: a copy with `lastReview` set to today's date. */
export function markReviewed<T extends Reviewable>(item: T, now: Date): T {
	return { ...item, lastReview: calendarDate(now) };
}

// ---------------------------------------------------------------- feedback from the console

/** How many pieces of feedback of each verdict. */
export type FeedbackCounts = Record<FeedbackVerdict, number>;

/** The verdicts that ask the article's owner for a review ("useful" asks nothing). */
export const REVIEW_VERDICTS: readonly FeedbackVerdict[] = ['out-of-date', 'missing-information'];

const noFeedback = (): FeedbackCounts => Object.fromEntries(FEEDBACK_VERDICTS.map((v) => [v, 0])) as FeedbackCounts;

/** Feedback counted by verdict, per article (articles without feedback are absent). */
export function feedbackCounts(feedback: readonly ArticleFeedback[]): Map<Id, FeedbackCounts> {
	const counts = new Map<Id, FeedbackCounts>();
	for (const entry of feedback) {
		const of = counts.get(entry.articleId) ?? noFeedback();
		of[entry.verdict]++;
		counts.set(entry.articleId, of);
	}
	return counts;
}

/** The feedback asking for a review among counts: out of date plus missing information. */
export const reviewRequests = (counts: FeedbackCounts | undefined): number =>
	counts ? REVIEW_VERDICTS.reduce((sum, verdict) => sum + counts[verdict], 0) : 0;

/**
 * Whether a review made at `reviewedAt` settles a piece of feedback: it was given before. A review
 * stamped with a date only (`markReviewed` writes the calendar day) settles everything given up to
 * the end of that day; one stamped with a time, what was given before that instant. Feedback whose
 * date cannot be read is never settled, so it stays in sight.
 */
export function reviewClears(feedback: Pick<ArticleFeedback, 'createdAt'>, reviewedAt: IsoDate | undefined): boolean {
	if (!reviewedAt) return false;
	if (/^\d{4}-\d{2}-\d{2}$/.test(reviewedAt.trim())) {
		const given = dayNumber(feedback.createdAt);
		const reviewed = dayNumber(reviewedAt);
		return given !== undefined && reviewed !== undefined && given <= reviewed;
	}
	const given = Date.parse(feedback.createdAt);
	const reviewed = Date.parse(reviewedAt);
	return Number.isFinite(given) && Number.isFinite(reviewed) && given < reviewed;
}

/** The feedback on an article that a review of it at `reviewedAt` resolves: what was given before. */
export function clearedByReview(articleId: Id, feedback: readonly ArticleFeedback[], reviewedAt: IsoDate): ArticleFeedback[] {
	return feedback.filter((entry) => entry.articleId === articleId && reviewClears(entry, reviewedAt));
}

/** The feedback still waiting for each article's owner: given since the article's last review. */
export function openFeedback(articles: readonly KnowledgeArticle[], feedback: readonly ArticleFeedback[]): ArticleFeedback[] {
	const lastReview = new Map(articles.map((a) => [a.id, a.lastReview]));
	return feedback.filter((entry) => lastReview.has(entry.articleId) && !reviewClears(entry, lastReview.get(entry.articleId)));
}

// ---------------------------------------------------------------- the review queue

export type ReviewItem =
	| {
			kind: 'article';
			item: KnowledgeArticle;
			state: ReviewState;
			/** The feedback given since its last review, by verdict. */
			feedback: FeedbackCounts;
	  }
	| { kind: 'source'; item: InformationSource; state: ReviewState };

/**
 * Articles and sources to review, most urgent first. First the articles advisors said were out of
 * date or missing information since their last review, the most reported first; then the others
 * by the review dates: never reviewed, then the longest overdue. An article with such feedback is
 * in the list even before its review date. Archived content is left out: nobody reads it, so
 * nobody needs to review it.
 */
export function toReviewList(
	articles: readonly KnowledgeArticle[],
	sources: readonly InformationSource[],
	now: Date,
	feedback: readonly ArticleFeedback[] = []
): ReviewItem[] {
	const counts = feedbackCounts(openFeedback(articles, feedback));
	const requests = (entry: ReviewItem) => (entry.kind === 'article' ? reviewRequests(entry.feedback) : 0);
	const items: ReviewItem[] = [
		...articles.map((item) => ({ kind: 'article' as const, item, state: reviewState(item, now), feedback: counts.get(item.id) ?? noFeedback() })),
		...sources.map((item) => ({ kind: 'source' as const, item, state: reviewState(item, now) }))
	].filter((entry) => entry.item.status !== 'archived' && (entry.state.kind !== 'fresh' || requests(entry) > 0));
	const urgency = (state: ReviewState) =>
		state.kind === 'never' ? Number.POSITIVE_INFINITY : state.kind === 'stale' ? state.daysOverdue : -1;
	const name = (entry: ReviewItem) => (entry.kind === 'article' ? entry.item.title : entry.item.name);
	return items.sort((a, b) => requests(b) - requests(a) || urgency(b.state) - urgency(a.state) || name(a).localeCompare(name(b)));
}

// ---------------------------------------------------------------- links and orphans

/** Articles no motive links to: knowledge that no advisor will be sent to. */
export function orphanArticles(articles: readonly KnowledgeArticle[], motives: readonly Motive[]): KnowledgeArticle[] {
	const used = new Set(motives.flatMap((m) => m.articleIds));
	return articles.filter((a) => !used.has(a.id));
}

/** Sources no motive links to. */
export function orphanSources(sources: readonly InformationSource[], motives: readonly Motive[]): InformationSource[] {
	const used = new Set(motives.flatMap((m) => m.sourceIds));
	return sources.filter((s) => !used.has(s.id));
}

/**
 * Motives with neither an information source nor an article behind them: the advisor is on their
 * own. Links to sources or articles that no longer exist do not count.
 */
export function orphanMotives(
	motives: readonly Motive[],
	sources: readonly InformationSource[],
	articles: readonly KnowledgeArticle[]
): Motive[] {
	const sourceIds = new Set(sources.map((s) => s.id));
	const articleIds = new Set(articles.map((a) => a.id));
	return motives.filter(
		(m) => !m.sourceIds.some((id) => sourceIds.has(id)) && !m.articleIds.some((id) => articleIds.has(id))
	);
}

/** The articles behind a motive, in the motive's order; dangling links are skipped. */
export function articlesOfMotive(motive: Motive, articles: readonly KnowledgeArticle[]): KnowledgeArticle[] {
	const byId = new Map(articles.map((a) => [a.id, a]));
	return motive.articleIds.flatMap((id) => byId.get(id) ?? []);
}

/** The information sources behind a motive, in the motive's order; dangling links are skipped. */
export function sourcesOfMotive(motive: Motive, sources: readonly InformationSource[]): InformationSource[] {
	const byId = new Map(sources.map((s) => [s.id, s]));
	return motive.sourceIds.flatMap((id) => byId.get(id) ?? []);
}

/** The motives an article (or a source, with `'sourceIds'`) serves. */
export function motivesServedBy(
	id: Id,
	motives: readonly Motive[],
	link: 'articleIds' | 'sourceIds' = 'articleIds'
): Motive[] {
	return motives.filter((m) => m[link].includes(id));
}
