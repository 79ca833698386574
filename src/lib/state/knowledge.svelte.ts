/**
 * The knowledge page's state: what is due for review, the orphans, and the writes (articles,
 * sources, review stamps, metadata imports) through the store.
 */
import { putEdit } from './edit-rebase';
import { articleRepo, sourceRepo } from '$lib/db';
import {
	markReviewed,
	openFeedback,
	orphanArticles,
	orphanMotives,
	orphanSources,
	toReviewList,
	type ReviewItem
} from '$lib/domain/knowledge';
import { articlesToCsv } from '$lib/domain/knowledge-csv';
import type { ArticleFeedback, Id, InformationSource, KnowledgeArticle } from '$lib/domain/types';
import { locale } from '$lib/i18n/locale.svelte';
import type { WorkspaceData } from './workspace.svelte';

export class KnowledgeState {
	#data: WorkspaceData;
	/** Fixed when the page opens; a review stamp uses the time it is given. */
	now = new Date();

	constructor(data: WorkspaceData) {
		this.#data = data;
	}

	workspaceId = $derived.by(() => this.#data.workspace?.id ?? '');
	motives = $derived.by(() => this.#data.snapshot?.motives ?? []);
	articles = $derived.by(() =>
		[...(this.#data.snapshot?.articles ?? [])].sort((a, b) => a.title.localeCompare(b.title, locale.current))
	);
	sources = $derived.by(() =>
		[...(this.#data.snapshot?.sources ?? [])].sort((a, b) => a.name.localeCompare(b.name, locale.current))
	);

	feedback = $derived.by(() => this.#data.snapshot?.feedback ?? []);

	/** What advisors said of each article since its last review (none once reviewed), latest first. */
	openFeedback = $derived.by(() => {
		const byArticle = new Map<Id, ArticleFeedback[]>();
		for (const entry of openFeedback(this.articles, this.feedback)) byArticle.set(entry.articleId, [...(byArticle.get(entry.articleId) ?? []), entry]);
		for (const list of byArticle.values()) list.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
		return byArticle;
	});

	/** Articles reported out of date or missing information first, then by their review dates. */
	toReview = $derived.by(() => toReviewList(this.articles, this.sources, this.now, this.feedback));
	orphanArticles = $derived.by(() => orphanArticles(this.articles, this.motives));
	orphanSources = $derived.by(() => orphanSources(this.sources, this.motives));
	orphanMotives = $derived.by(() => orphanMotives(this.motives, this.sources, this.articles));

	article(id: Id): KnowledgeArticle | undefined {
		return this.articles.find((a) => a.id === id);
	}

	source(id: Id): InformationSource | undefined {
		return this.sources.find((s) => s.id === id);
	}

	/** Stamps today's review; the item leaves the "to review" list once the store answers. */
	markReviewed(entry: ReviewItem): Promise<void> {
		const now = new Date();
		return entry.kind === 'article'
			? articleRepo.put(markReviewed(entry.item, now))
			: sourceRepo.put(markReviewed(entry.item, now));
	}

	/** Saves a form's edit; with `base` (what the form opened with), over what is stored now. */
	saveArticle(article: KnowledgeArticle, base?: KnowledgeArticle): Promise<void> {
		return putEdit('articles', articleRepo, $state.snapshot(article), base && $state.snapshot(base));
	}

	saveSource(source: InformationSource, base?: InformationSource): Promise<void> {
		return putEdit('sources', sourceRepo, $state.snapshot(source), base && $state.snapshot(base));
	}

	/** Removes the article and its links from the motives, all at once. */
	removeArticle(id: Id): Promise<void> {
		return articleRepo.removeAndUnlink(this.workspaceId, id);
	}

	/** Removes the source and its links from the motives, all at once. */
	removeSource(id: Id): Promise<void> {
		return sourceRepo.removeAndUnlink(this.workspaceId, id);
	}

	importArticles(articles: KnowledgeArticle[]): Promise<void> {
		return articleRepo.putMany(articles);
	}

	exportCsv(): string {
		return articlesToCsv(this.articles, locale.current);
	}
}
