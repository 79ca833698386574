/**
 * The advisor console: the search over the workspace's catalogue, kept up to date as the catalogue
 * changes, and the contact under way — the customer, the motive, the treatment guide walked, the
 * articles opened — until its wrap-up is written. Works the same on a local workspace and on a
 * shared one (the catalogue is the synced one; the wrap-up log stays in this browser).
 */
import {
	buildCatalogueSearch,
	type CatalogueSearch,
	type SearchableCatalogue,
	type SearchHit
} from '$lib/domain/catalogue-search';
import { answer, back, currentStep, guideChoices, outcomeOf, startGuide, type GuideRun } from '$lib/domain/guide';
import { feedbackRepo } from '$lib/db';
import { newId } from '$lib/domain/ids';
import type { ArticleFeedback, Guide, GuideOutcome, Id, KnowledgeArticle, Locale, Motive } from '$lib/domain/types';
import type { WrapUp } from '$lib/domain/wrap-up';
import { saveSetting } from './settings-storage';
import type { WrapUpLog } from './wrap-ups.svelte';

/** The catalogue's search index, built once and then updated entity by entity as the catalogue changes. */
export class CatalogueIndex {
	#search: CatalogueSearch | null = null;
	/** What each indexed entity was when indexed (`motive:id` → its JSON), to update only what changed. */
	#indexed = new Map<string, string>();
	#queue: Promise<void> = Promise.resolve();
	/** Bumped after every change of the index, so searches run again. */
	#version = $state(0);
	ready = $state(false);

	/** `catalogue()` is read live; must be created while a component initialises. */
	constructor(catalogue: () => SearchableCatalogue | undefined) {
		$effect(() => {
			const current = catalogue();
			if (!current) return;
			// One update at a time, in the order the catalogue changed.
			this.#queue = this.#queue.then(() => this.#sync(current));
		});
	}

	async #sync(catalogue: SearchableCatalogue): Promise<void> {
		const articles = catalogue.articles.filter((a) => a.status !== 'archived');
		const seen = new Set<string>();
		if (!this.#search) {
			this.#search = await buildCatalogueSearch({ ...catalogue, articles });
			for (const m of catalogue.motives) this.#indexed.set(`motive:${m.id}`, JSON.stringify(m));
			for (const a of articles) this.#indexed.set(`article:${a.id}`, JSON.stringify(a));
		} else {
			const search = this.#search;
			search.setThemes(catalogue.themes ?? []);
			const update = <T extends Motive | KnowledgeArticle>(kind: 'motive' | 'article', entity: T, put: (entity: T) => void) => {
				const key = `${kind}:${entity.id}`;
				seen.add(key);
				const json = JSON.stringify(entity);
				if (this.#indexed.get(key) === json) return;
				put(entity);
				this.#indexed.set(key, json);
			};
			for (const m of catalogue.motives) update('motive', m, (e) => search.updateMotive(e));
			for (const a of articles) update('article', a, (e) => search.updateArticle(e));
			for (const key of [...this.#indexed.keys()]) {
				if (seen.has(key)) continue;
				const [kind, id] = key.split(/:(.*)/s);
				search.remove(kind === 'motive' ? 'motive' : 'article', id);
				this.#indexed.delete(key);
			}
		}
		this.#version++;
		this.ready = true;
	}

	/** The hits of a query, best first; none before the index is built. */
	search(query: string, lang: Locale, limit = 12): SearchHit[] {
		void this.#version;
		if (!this.#search || !query.trim()) return [];
		return this.#search.search(query, { lang, limit });
	}
}

/** Channels an advisor takes contacts on, as the contact log names them (METRICS.md §1). */
export const CONTACT_CHANNELS = ['phone', 'email', 'chat', 'messaging', 'social', 'mail', 'store'] as const;

const AGENT_KEY = 'parcours.advisor.name';
const CHANNEL_KEY = 'parcours.advisor.channel';

function stored(key: string, fallback: string): string {
	try {
		return (typeof localStorage !== 'undefined' && localStorage.getItem(key)) || fallback;
	} catch {
		return fallback;
	}
}

/** The contact an advisor is handling, from the motive picked to the wrap-up. */
export class AdvisorContact {
	customerId = $state('');
	/** @default the channel last used in this browser, else phone */
	channel = $state(stored(CHANNEL_KEY, 'phone'));
	/** The advisor's name as written in the wrap-up log; remembered in this browser. */
	agent = $state(stored(AGENT_KEY, ''));
	motive = $state.raw<Motive | null>(null);
	guide = $state.raw<Guide | null>(null);
	run = $state.raw<GuideRun | null>(null);
	/** Articles opened during the contact, in the order first opened. */
	articlesOpened = $state.raw<Id[]>([]);
	startedAt = $state.raw<Date | null>(null);
	/** The last wrap-up written, until the next contact starts. */
	lastWrapUp = $state.raw<WrapUp | null>(null);

	step = $derived.by(() => (this.guide && this.run ? currentStep(this.guide.machine, this.run) : undefined));
	choices = $derived.by(() => (this.guide && this.run ? guideChoices(this.guide.machine, this.run) : []));
	outcome = $derived.by(() => (this.guide && this.run ? outcomeOf(this.guide.machine, this.run) : undefined));
	canGoBack = $derived.by(() => (this.run?.path.length ?? 0) > 1);

	/** Starts the motive's guide (or its treatment, when it has none); the contact's clock starts at the first pick. */
	pick(motive: Motive, guide: Guide | undefined) {
		this.motive = motive;
		this.guide = guide ?? null;
		this.run = guide ? (startGuide(guide.machine) ?? null) : null;
		this.startedAt ??= new Date();
		this.lastWrapUp = null;
	}

	choose(event: string) {
		if (this.guide && this.run) this.run = answer(this.guide.machine, this.run, event);
	}

	back() {
		if (this.run) this.run = back(this.run);
	}

	openArticle(id: Id) {
		this.startedAt ??= new Date();
		if (!this.articlesOpened.includes(id)) this.articlesOpened = [...this.articlesOpened, id];
	}

	setAgent(name: string) {
		this.agent = name;
		saveSetting(AGENT_KEY, name.trim());
	}

	setChannel(channel: string) {
		this.channel = channel;
		saveSetting(CHANNEL_KEY, channel);
	}

	/**
	 * Writes the wrap-up of the contact: the guide's outcome, or the one the advisor chose for a
	 * motive without a guide. Throws (a `ValidationError` naming the field) when the customer is
	 * missing; the contact stays as it was.
	 */
	async finish(log: WrapUpLog, chosen?: GuideOutcome): Promise<WrapUp> {
		const motive = this.motive;
		const outcome = this.outcome?.outcome ?? chosen;
		if (!motive || !outcome) throw new Error('The contact has no motive or outcome yet.');
		const path = this.run?.path ?? [];
		const wrapUp = await log.recordRun({
			customerId: this.customerId,
			motive,
			guideId: this.guide?.id,
			outcome,
			outcomeStep: this.outcome ? path[path.length - 1] : undefined,
			startedAt: this.startedAt ?? new Date(),
			endedAt: new Date(),
			channel: this.channel,
			agent: this.agent.trim() || undefined,
			path,
			articleIds: this.articlesOpened
		});
		this.reset();
		this.lastWrapUp = wrapUp;
		return wrapUp;
	}

	/** Leaves the contact without writing anything (a wrong pick, a call cut short). */
	reset() {
		this.customerId = '';
		this.motive = null;
		this.guide = null;
		this.run = null;
		this.articlesOpened = [];
		this.startedAt = null;
	}
}

/** Stores an advisor's feedback on an article; it reaches the article owner's review list (synced in a team). */
export async function sendFeedback(input: Omit<ArticleFeedback, 'id' | 'createdAt'>): Promise<ArticleFeedback> {
	const feedback: ArticleFeedback = { ...input, id: newId('fb'), createdAt: new Date().toISOString() };
	if (!feedback.author) delete feedback.author;
	await feedbackRepo.put(feedback);
	return feedback;
}
