/**
 * The advisor's search over the workspace catalogue: while a customer talks, the advisor types
 * their words and gets the motives (label, synonyms, CRM codes, theme, description) and knowledge
 * articles (title, tags, body) that fit, best first, at every keystroke.
 *
 * One MiniSearch index holds both kinds. Text is read the same way at indexing and at search:
 * decomposed and stripped of diacritics, lower case, French elisions removed (`l'échéancier` is
 * `echeancier`), split on anything that is not a letter or a digit (`PAI-PREL` is `pai prel`), a
 * small French stop-word list left out and a plural `s` or `x` dropped (`factures` is `facture`).
 * A query term of two characters or more also matches as a prefix (the word being typed); one of
 * five or more that finds nothing as typed is searched again with a typo forgiven (two for seven or
 * more: a swap of two letters is two edits). A query of more than six terms is a sentence (a
 * customer's message pasted): its words are whole words but the last, and typos are not looked for.
 *
 * Ranking is MiniSearch's BM25+ with field boosts: a motive's label in the interface language, an
 * article's title, synonyms and CRM codes weigh most; the other language's label, tags, theme,
 * description and body less. A motive's prevalence multiplies its score by at most 1 +
 * `PREVALENCE_BOOST`, so it orders motives that match alike without overtaking a better match.
 *
 * A live catalogue edit updates one document (`updateMotive`, `updateArticle`, `remove`): no rebuild
 * of the whole index.
 */
import MiniSearch, { type Query, type SearchResult } from 'minisearch';
import type { Id, KnowledgeArticle, Locale, Motive, Theme } from './types';

export type SearchKind = 'motive' | 'article';

/** What a hit matched in, in the catalogue's words (`label` is either language's label). */
export type SearchField = 'label' | 'synonyms' | 'codes' | 'title' | 'tags' | 'theme' | 'description' | 'body';

export interface SearchHit {
	kind: SearchKind;
	id: Id;
	/** Relevance (BM25+ with the field and prevalence boosts): compare scores of one search only. */
	score: number;
	/** The fields a query term matched in, most weighty first. */
	fields: SearchField[];
	/** The indexed terms that matched (normalised: `prelevement`), to highlight them. */
	terms: string[];
}

export interface CatalogueSearchOptions {
	/** The interface language: its label weighs more than the other one. */
	lang: Locale;
	/** @default 20 */
	limit?: number;
	/** @default both kinds */
	kinds?: readonly SearchKind[];
}

export interface SearchableCatalogue {
	motives: readonly Motive[];
	articles: readonly KnowledgeArticle[];
	/** Gives each motive its theme's and parent theme's labels, searched with a small weight. */
	themes?: readonly Theme[];
}

/** How much a prevalence of 1 multiplies a motive's score (a share of 0.1 gives ×1.05). */
export const PREVALENCE_BOOST = 0.5;
const DEFAULT_LIMIT = 20;
/** A shorter term matches whole words only: a one-letter prefix would match half the index. */
const MIN_PREFIX_LENGTH = 2;
/**
 * A shorter term is a prefix in the short fields only: `re` begins thousands of words of the
 * articles' bodies, and scoring them all took up to 300 ms a keystroke on 10,000 articles.
 */
const BODY_PREFIX_LENGTH = 4;
/**
 * More terms than this are a sentence rather than words being typed (a customer's message pasted):
 * only its last term is a prefix. As prefixes, the 30 terms of a pasted message took 300 ms.
 */
const SENTENCE_TERMS = 6;

// ---------------------------------------------------------------- reading text

/**
 * Short words that say nothing of the request, left out of the index and of queries: French
 * articles, prepositions, possessives, pronouns, auxiliaries and the commonest adverbs (written
 * without accents, as `normaliseText` leaves them), and the commonest English ones for the English
 * labels. Besides relevance, they are the words of nearly every article: each one kept costs a
 * scoring of thousands of bodies when typed.
 */
const STOP_WORDS = new Set(
	(
		'a au aux avec c ce ces cet cette d dans de des du elle elles en est et etre ete il ils j je l la le les leur leurs ' +
		'lui m ma mais me mes moi mon n ne nos notre nous on ont ou par pas pour qu que qui s sa se ses son sont sur ' +
		't ta te tes toi ton tu un une vos votre vous y ai as avez avons ' +
		'si sans sous avant apres aupres depuis jamais tres plus moins puis alors entre chez vers tout tous toute toutes ' +
		'comme aussi deja encore bien lors quand cela ceci ici ' +
		'the of and to for in is my with at by'
	).split(' ')
);

/**
 * Elided articles and pronouns before a word (`l'`, `d'`, `qu'`, `jusqu'`), with any apostrophe.
 * Written without Unicode classes, which made reading 10,000 articles several times slower: a
 * non-ASCII character counts as a letter here, and an elision it hides (`«l’`) is left to the
 * split below, whose single letters and `qu` are stop words.
 */
const ELISION = /(^|[^a-z0-9\u0080-\uffff])(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])['’ʼ]/g;
/** Splits on ASCII separators only: fast, and exact for the ASCII words French text mostly has. */
const ASCII_SEPARATORS = /[^a-z0-9\u0080-\uffff]+/;
const NON_ASCII = /[\u0080-\uffff]/;
const NOT_A_WORD = /[^\p{L}\p{N}]+/u;
/** The blocks of combining diacritical marks, what NFD splits off accented letters. */
const DIACRITICS = /[\u0300-\u036f]|[\u1ab0-\u1aff]|[\u1dc0-\u1dff]|[\u20d0-\u20ff]|[\ufe20-\ufe2f]/g;

/** Decomposed, without diacritics, lower case, ligatures spelt out: `Échéancier` → `echeancier`. */
export function normaliseText(text: string): string {
	return text.normalize('NFD').replace(DIACRITICS, '').toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae');
}

/** Edits a term may be away from an indexed word: a swap of two letters is two edits. */
function typoDistance(term: string): number {
	return term.length >= 7 ? 2 : term.length >= 5 ? 1 : 0;
}

/** A plural's singular, roughly: the same cut at indexing and at search is what matters. */
function singular(word: string): string {
	if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
	if (word.length > 3 && (word.endsWith('aux') || word.endsWith('eux'))) return word.slice(0, -1);
	return word;
}

/** The words of a text as they are indexed and searched, stop words included. */
function words(text: string): string[] {
	const found: string[] = [];
	for (const token of normaliseText(text).replace(ELISION, '$1').split(ASCII_SEPARATORS)) {
		if (token === '') continue;
		if (!NON_ASCII.test(token)) found.push(token);
		// Rare: a token with other characters (an apostrophe ’, «, €, a letter of another script).
		else for (const word of token.split(NOT_A_WORD)) if (word !== '') found.push(word);
	}
	return found;
}

/** The terms a text is indexed under: its words, stop words left out, plurals made singular. */
export function indexTerms(text: string): string[] {
	return words(text)
		.filter((word) => !STOP_WORDS.has(word))
		.map(singular);
}

/**
 * The terms a query is searched with, each once. A query of stop words only (`de`, `le`, the first
 * letters of `demande` or `lettre`) keeps them, so it still finds the words they begin.
 */
export function queryTerms(query: string): string[] {
	const all = words(query);
	const meaningful = all.filter((word) => !STOP_WORDS.has(word));
	return [...new Set((meaningful.length > 0 ? meaningful : all).map(singular))];
}

// ---------------------------------------------------------------- documents

/** One indexed document: a motive or an article flattened into text fields. */
interface SearchDocument {
	id: string;
	labelFr?: string;
	labelEn?: string;
	title?: string;
	synonyms?: string;
	codes?: string;
	tags?: string;
	theme?: string;
	description?: string;
	body?: string;
}
type IndexedField = Exclude<keyof SearchDocument, 'id'>;

const FIELDS: IndexedField[] = [
	'labelFr',
	'labelEn',
	'title',
	'synonyms',
	'codes',
	'tags',
	'theme',
	'description',
	'body'
];
/** The long texts, searched by prefix only from `BODY_PREFIX_LENGTH` characters. */
const TEXT_FIELDS: IndexedField[] = ['description', 'body'];
const SHORT_FIELDS = FIELDS.filter((field) => !TEXT_FIELDS.includes(field));

const FIELD_OF: Record<IndexedField, SearchField> = {
	labelFr: 'label',
	labelEn: 'label',
	title: 'title',
	synonyms: 'synonyms',
	codes: 'codes',
	tags: 'tags',
	theme: 'theme',
	description: 'description',
	body: 'body'
};

/** Field weights; the label of the interface language is `label`, the other `otherLabel`. */
const WEIGHT = {
	label: 5,
	otherLabel: 2,
	title: 5,
	synonyms: 4,
	codes: 4,
	tags: 2,
	theme: 1,
	description: 1,
	body: 0.5
} as const;

const BOOSTS: Record<Locale, Record<IndexedField, number>> = {
	fr: { ...WEIGHT, labelFr: WEIGHT.label, labelEn: WEIGHT.otherLabel },
	en: { ...WEIGHT, labelFr: WEIGHT.otherLabel, labelEn: WEIGHT.label }
};

const docId = (kind: SearchKind, id: Id) => `${kind}:${id}`;

/** Markdown syntax that is not words: link and image targets, bare addresses. */
const MARKDOWN_NOISE = /\]\([^)]*\)|<?https?:\/\/[^\s>)]+>?/g;

function articleDocument(article: KnowledgeArticle): SearchDocument {
	return {
		id: docId('article', article.id),
		title: article.title,
		tags: article.tags.join('\n'),
		body: article.body.replace(MARKDOWN_NOISE, ' ')
	};
}

function motiveDocument(motive: Motive, themeText: string): SearchDocument {
	return {
		id: docId('motive', motive.id),
		labelFr: motive.label.fr,
		labelEn: motive.label.en,
		synonyms: (motive.synonyms ?? []).join('\n'),
		codes: motive.crmCodes.join('\n'),
		theme: themeText,
		description: motive.description
	};
}

/** A theme's labels and its parent's, in both languages. */
function themeTexts(themes: readonly Theme[]): Map<Id, string> {
	const byId = new Map(themes.map((t) => [t.id, t]));
	const texts = new Map<Id, string>();
	for (const theme of themes) {
		const parent = theme.parentId ? byId.get(theme.parentId) : undefined;
		const labels = [theme.label.fr, theme.label.en, ...(parent ? [parent.label.fr, parent.label.en] : [])];
		texts.set(theme.id, [...new Set(labels)].join('\n'));
	}
	return texts;
}

// ---------------------------------------------------------------- the index

interface DocumentInfo {
	kind: SearchKind;
	id: Id;
	/** Score multiplier: 1 for an article, 1 + PREVALENCE_BOOST × prevalence for a motive. */
	boost: number;
}

export class CatalogueSearch {
	readonly #index: MiniSearch<SearchDocument>;
	readonly #documents = new Map<string, DocumentInfo>();
	/** The motives as indexed, to index them again when their theme's label changes. */
	readonly #motives = new Map<Id, Motive>();
	#themes = new Map<Id, string>();

	constructor(catalogue: SearchableCatalogue) {
		this.#index = new MiniSearch<SearchDocument>({
			fields: FIELDS,
			tokenize: indexTerms,
			// Terms come out of `indexTerms` final; the default would only lower-case them again.
			processTerm: (term) => term
		});
		this.#themes = themeTexts(catalogue.themes ?? []);
		for (const motive of catalogue.motives) this.updateMotive(motive);
		for (const article of catalogue.articles) this.updateArticle(article);
	}

	/** Documents in the index. */
	get size(): number {
		return this.#documents.size;
	}

	/** The catalogue's best matches for what the advisor has typed so far; [] for a blank query. */
	search(query: string, options: CatalogueSearchOptions): SearchHit[] {
		const terms = queryTerms(query);
		if (terms.length === 0) return [];
		let results = this.#run(terms, new Set(), options);
		// A typo is looked for only where a term found nothing as typed: fuzzy matching every term
		// costs most of a keystroke's time, and a word that is found needs no neighbours.
		const matched = new Set<string>();
		for (const result of results) {
			for (const term of result.queryTerms) matched.add(term);
			if (matched.size === terms.length) break;
		}
		const typos = new Set(terms.filter((term) => !matched.has(term) && typoDistance(term) > 0));
		if (typos.size > 0 && terms.length <= SENTENCE_TERMS) results = this.#run(terms, typos, options);
		const hits: SearchHit[] = [];
		for (const result of results) {
			if (hits.length >= (options.limit ?? DEFAULT_LIMIT)) break;
			const info = this.#documents.get(result.id);
			if (info) hits.push(this.#hit(result, info));
		}
		return hits;
	}

	/** Adds or replaces one motive after a catalogue edit. */
	updateMotive(motive: Motive): void {
		this.#motives.set(motive.id, motive);
		const prevalence = Math.min(1, Math.max(0, motive.prevalence ?? 0));
		this.#put(motiveDocument(motive, this.#themes.get(motive.themeId) ?? ''), {
			kind: 'motive',
			id: motive.id,
			boost: 1 + PREVALENCE_BOOST * prevalence
		});
	}

	/** Adds or replaces one article after an edit of the knowledge base. */
	updateArticle(article: KnowledgeArticle): void {
		this.#put(articleDocument(article), { kind: 'article', id: article.id, boost: 1 });
	}

	/** Takes a deleted motive or article out; an id not indexed is ignored. */
	remove(kind: SearchKind, id: Id): void {
		const key = docId(kind, id);
		if (!this.#index.has(key)) return;
		this.#index.discard(key);
		this.#documents.delete(key);
		if (kind === 'motive') this.#motives.delete(id);
	}

	/** New theme labels: indexes again only the motives whose theme text changed. */
	setThemes(themes: readonly Theme[]): void {
		const before = this.#themes;
		this.#themes = themeTexts(themes);
		for (const motive of this.#motives.values()) {
			if (before.get(motive.themeId) !== this.#themes.get(motive.themeId)) this.updateMotive(motive);
		}
	}

	#run(terms: string[], typos: ReadonlySet<string>, options: CatalogueSearchOptions): SearchResult[] {
		const documents = this.#documents;
		const kinds = options.kinds;
		// A short term being typed: a prefix in the short fields, a whole word in the long texts. In
		// a sentence (a customer's message pasted), the words before the last are whole words.
		const sentence = terms.length > SENTENCE_TERMS;
		const query: Query = {
			combineWith: 'OR',
			queries: terms.map((term, at): Query =>
				sentence && at < terms.length - 1
					? { queries: [term], prefix: false }
					: term.length < MIN_PREFIX_LENGTH || term.length >= BODY_PREFIX_LENGTH
						? term
						: {
								combineWith: 'OR',
								queries: [
									{ queries: [term], fields: TEXT_FIELDS, prefix: false },
									{ queries: [term], fields: SHORT_FIELDS }
								]
							}
			)
		};
		return this.#index.search(query, {
			// The terms are already read; MiniSearch's own reading would split and lower-case again.
			tokenize: (text) => [text],
			processTerm: (term) => term,
			boost: BOOSTS[options.lang],
			prefix: (term) => term.length >= MIN_PREFIX_LENGTH,
			fuzzy: (term) => (typos.has(term) ? typoDistance(term) : false),
			// A word being typed (a prefix) should outrank a typo's neighbour.
			weights: { prefix: 0.5, fuzzy: 0.3 },
			combineWith: 'OR',
			boostDocument: (id: string) => documents.get(id)?.boost ?? 1,
			filter: kinds ? (result) => kinds.some((kind) => documents.get(result.id)?.kind === kind) : undefined
		});
	}

	#put(document: SearchDocument, info: DocumentInfo): void {
		if (this.#index.has(document.id)) this.#index.replace(document);
		else this.#index.add(document);
		this.#documents.set(document.id, info);
	}

	#hit(result: SearchResult, info: DocumentInfo): SearchHit {
		const matched = new Set(Object.values(result.match).flat());
		const fields = [...new Set(FIELDS.filter((field) => matched.has(field)).map((field) => FIELD_OF[field]))];
		return { kind: info.kind, id: info.id, score: result.score, fields, terms: result.terms };
	}
}

/** The index of a workspace's motives and articles, ready to search. */
export function createCatalogueSearch(catalogue: SearchableCatalogue): CatalogueSearch {
	return new CatalogueSearch(catalogue);
}

export interface BuildOptions {
	/** Documents indexed between two pauses. @default 500 */
	chunkSize?: number;
	/** Lets the page breathe between chunks. @default a zero-delay timeout */
	pause?: () => Promise<void>;
}

/**
 * The same index, built `chunkSize` documents at a time with a pause between chunks: 12,000
 * documents take a couple of seconds, too long to hold a page's main thread in one go.
 */
export async function buildCatalogueSearch(
	catalogue: SearchableCatalogue,
	options: BuildOptions = {}
): Promise<CatalogueSearch> {
	const chunkSize = Math.max(1, options.chunkSize ?? 500);
	const pause = options.pause ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
	const search = new CatalogueSearch({ motives: [], articles: [], themes: catalogue.themes });
	const steps = [
		...catalogue.motives.map((motive) => () => search.updateMotive(motive)),
		...catalogue.articles.map((article) => () => search.updateArticle(article))
	];
	for (let at = 0; at < steps.length; at += chunkSize) {
		if (at > 0) await pause();
		for (const step of steps.slice(at, at + chunkSize)) step();
	}
	return search;
}
