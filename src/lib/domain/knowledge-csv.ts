/**
 * Knowledge articles' metadata in and out of spreadsheets: title, owner, review interval, last
 * review, status and tags. Bodies stay in Parcours. The same two steps as the catalogue: a
 * preview with one error per bad row (row and column named), then a plan to write, all or the
 * valid rows only. A row whose title matches an article updates its metadata; any other row
 * creates an article with an empty body.
 */
import { fold } from './catalogue';
import {
	ImportRefused,
	mapColumns,
	parseDate,
	splitList,
	splitTable,
	toExcelCsv,
	type ColumnMapping,
	type ImportError,
	type ImportErrorCode,
	type TextTable
} from './catalogue-csv';
import { CONTENT_STATUSES, DEFAULT_REVIEW_INTERVAL_DAYS, type ContentStatus, type Id, type KnowledgeArticle, type Locale } from './types';

export const ARTICLE_FIELDS = ['title', 'owner', 'reviewIntervalDays', 'lastReview', 'status', 'tags'] as const;
export type ArticleField = (typeof ARTICLE_FIELDS)[number];

export const ARTICLE_ALIASES: Record<ArticleField, readonly string[]> = {
	title: ['title', 'titre', 'article'],
	owner: ['owner', 'responsable', 'propriétaire', 'pilote'],
	reviewIntervalDays: ['review_interval_days', 'intervalle de revue (jours)', 'intervalle de revue', 'intervalle', 'review interval', 'périodicité'],
	lastReview: ['last_review', 'dernière revue', 'date de revue', 'last reviewed'],
	status: ['status', 'statut', 'état'],
	tags: ['tags', 'étiquettes', 'mots-clés', 'keywords']
};

const ARTICLE_HEADERS_FR: Record<ArticleField, string> = {
	title: 'titre',
	owner: 'responsable',
	reviewIntervalDays: 'intervalle de revue (jours)',
	lastReview: 'dernière revue',
	status: 'statut',
	tags: 'étiquettes'
};

const STATUS_ALIASES: Record<ContentStatus, string[]> = {
	draft: ['draft', 'brouillon', 'en cours'],
	published: ['published', 'publie', 'publiee', 'en ligne', 'actif', 'active'],
	archived: ['archived', 'archive', 'archivee', 'retire']
};

export function parseStatus(raw: string): ContentStatus | undefined {
	const key = fold(raw);
	return CONTENT_STATUSES.find((s) => STATUS_ALIASES[s].includes(key));
}

/** A whole number of days (`90`, `90 j`, `90 jours`, `90 days`) above zero. */
export function parseInterval(raw: string): number | undefined {
	const match = /^(\d+)\s*(j|jours?|d|days?)?$/i.exec(raw.trim());
	const days = match ? Number(match[1]) : NaN;
	return days > 0 ? days : undefined;
}

export interface ArticleRow {
	row: number;
	title: string;
	values: Partial<{ owner: string; reviewIntervalDays: number; lastReview: string; status: ContentStatus; tags: string[] }>;
	existing?: KnowledgeArticle;
}

export interface ArticleImportPreview {
	delimiter: string | null;
	columns: ColumnMapping<ArticleField>[];
	rows: ArticleRow[];
	errors: ImportError[];
	totalRows: number;
	invalidRows: number[];
}

export function previewArticleImport(table: TextTable, articles: readonly KnowledgeArticle[]): ArticleImportPreview {
	const split = splitTable(table.rows);
	if (!split) {
		return { delimiter: table.delimiter, columns: [], rows: [], errors: [{ row: 1, column: '', code: 'empty-file', value: '' }], totalRows: 0, invalidRows: [] };
	}
	const columns = mapColumns(split.header, ARTICLE_ALIASES);
	const columnOf = (field: ArticleField) => columns.find((c) => c.field === field);
	const base = { delimiter: table.delimiter, columns, totalRows: split.body.length };
	if (!columnOf('title')) {
		return { ...base, rows: [], errors: [{ row: 1, column: ARTICLE_HEADERS_FR.title, code: 'missing-column', value: '' }], invalidRows: split.body.map((r) => r.number) };
	}

	const errors: ImportError[] = [];
	const rows: ArticleRow[] = [];
	const invalid = new Set<number>();
	const titles = new Map<string, number>();
	for (const { number, cells } of split.body) {
		const cell = (field: ArticleField) => {
			const column = columnOf(field);
			return column ? (cells[column.index] ?? '').trim() : '';
		};
		const has = (field: ArticleField) => columnOf(field) !== undefined;
		const report = (field: ArticleField, code: ImportErrorCode, extra: Partial<ImportError> = {}) => {
			if (invalid.has(number)) return;
			invalid.add(number);
			errors.push({ row: number, column: columnOf(field)?.header ?? ARTICLE_HEADERS_FR[field], code, value: cell(field), ...extra });
		};
		const row: ArticleRow = { row: number, title: cell('title'), values: {} };
		if (!row.title) report('title', 'missing-title');
		const earlier = titles.get(fold(row.title));
		if (row.title && earlier !== undefined) report('title', 'duplicate-row', { otherRow: earlier });
		else if (row.title) titles.set(fold(row.title), number);

		if (has('owner')) row.values.owner = cell('owner');
		if (has('reviewIntervalDays') && cell('reviewIntervalDays')) {
			const days = parseInterval(cell('reviewIntervalDays'));
			if (days === undefined) report('reviewIntervalDays', 'not-an-interval');
			else row.values.reviewIntervalDays = days;
		}
		if (has('lastReview')) {
			const date = parseDate(cell('lastReview'));
			if (date === undefined) report('lastReview', 'not-a-date');
			else row.values.lastReview = date;
		}
		if (has('status') && cell('status')) {
			const status = parseStatus(cell('status'));
			if (status) row.values.status = status;
			else report('status', 'unknown-status');
		}
		if (has('tags')) row.values.tags = splitList(cell('tags'));
		row.existing = articles.find((a) => fold(a.title) === fold(row.title));
		if (!invalid.has(number)) rows.push(row);
	}
	return { ...base, rows, errors, invalidRows: [...invalid].sort((a, b) => a - b) };
}

export function planArticleImport(
	preview: ArticleImportPreview,
	workspaceId: Id,
	options: { validOnly: boolean; newId: (prefix: string) => Id }
): { articles: KnowledgeArticle[]; created: number; updated: number } {
	const fatal = preview.errors.some((e) => e.code === 'missing-column' || e.code === 'empty-file');
	if (fatal || (preview.errors.length && !options.validOnly)) throw new ImportRefused(preview.errors);
	let updated = 0;
	const articles = preview.rows.map((row) => {
		const base: KnowledgeArticle = row.existing
			? structuredClone(row.existing)
			: {
					id: options.newId('article'),
					workspaceId,
					title: row.title,
					body: '',
					owner: '',
					reviewIntervalDays: DEFAULT_REVIEW_INTERVAL_DAYS,
					status: 'draft',
					tags: []
				};
		if (row.existing) updated++;
		const { lastReview, ...rest } = row.values;
		const article: KnowledgeArticle = { ...base, ...rest };
		if (lastReview !== undefined) {
			if (lastReview) article.lastReview = lastReview;
			else delete article.lastReview;
		}
		return article;
	});
	return { articles, created: articles.length - updated, updated };
}

export function articlesToCsv(articles: readonly KnowledgeArticle[], locale: Locale): string {
	const header = ARTICLE_FIELDS.map((f) => (locale === 'fr' ? ARTICLE_HEADERS_FR[f] : ARTICLE_ALIASES[f][0]));
	const rows = [...articles]
		.sort((a, b) => a.title.localeCompare(b.title, locale))
		.map((a) => [a.title, a.owner, String(a.reviewIntervalDays), a.lastReview?.slice(0, 10) ?? '', a.status, a.tags.join(', ')]);
	return toExcelCsv([header, ...rows]);
}
