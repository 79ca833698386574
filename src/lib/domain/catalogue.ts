/**
 * The motive catalogue as process owners browse it: a tree of themes, sub-themes and motives, the
 * Pareto of prevalence, filters, and the CRM code conflicts to fix while a motive is edited.
 */
import { splitPath, stateIds, findState } from './journey';
import { isStale } from './knowledge';
import { crmCodeConflicts, normalizeCrmCode } from './motives';
import type { Id, Journey, JourneyStateNode, Locale, LocalizedText, Motive, Theme, TreatmentLevel } from './types';

const labelIn = (text: { fr: string; en: string }, locale: Locale) => text[locale] || text.fr || text.en;

/** Lower case, accents and surrounding spaces removed: how searches and header names are compared. */
export function fold(text: string): string {
	return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------- tree

export type CatalogueNode =
	| { kind: 'theme' | 'sub-theme'; id: Id; theme: Theme; children: CatalogueNode[]; motiveCount: number }
	| { kind: 'motive'; id: Id; motive: Motive; children: [] };

/**
 * Theme → sub-theme → motive, each level ordered by `order` then label (motives by label). A
 * theme's own motives come before its sub-themes. Motives not in `motives` are absent, so a
 * filtered list gives a pruned tree; `keepEmpty` keeps the themes left without a motive.
 */
export function buildCatalogueTree(
	themes: readonly Theme[],
	motives: readonly Motive[],
	locale: Locale,
	{ keepEmpty = true }: { keepEmpty?: boolean } = {}
): CatalogueNode[] {
	const byTheme = new Map<Id, Motive[]>();
	for (const motive of motives) byTheme.set(motive.themeId, [...(byTheme.get(motive.themeId) ?? []), motive]);
	const themeOrder = (a: Theme, b: Theme) =>
		a.order - b.order || labelIn(a.label, locale).localeCompare(labelIn(b.label, locale), locale);
	const motiveNodes = (themeId: Id): CatalogueNode[] =>
		(byTheme.get(themeId) ?? [])
			.slice()
			.sort((a, b) => labelIn(a.label, locale).localeCompare(labelIn(b.label, locale), locale))
			.map((motive) => ({ kind: 'motive', id: motive.id, motive, children: [] }));
	const count = (nodes: CatalogueNode[]): number =>
		nodes.reduce((sum, node) => sum + (node.kind === 'motive' ? 1 : node.motiveCount), 0);

	return themes
		.filter((t) => t.parentId === null)
		.sort(themeOrder)
		.map((theme): CatalogueNode => {
			const subThemes = themes
				.filter((t) => t.parentId === theme.id)
				.sort(themeOrder)
				.map((sub): CatalogueNode => {
					const children = motiveNodes(sub.id);
					return { kind: 'sub-theme', id: sub.id, theme: sub, children, motiveCount: children.length };
				})
				.filter((node) => keepEmpty || (node.kind !== 'motive' && node.motiveCount > 0));
			const children = [...motiveNodes(theme.id), ...subThemes];
			return { kind: 'theme', id: theme.id, theme, children, motiveCount: count(children) };
		})
		.filter((node) => keepEmpty || (node.kind !== 'motive' && node.motiveCount > 0));
}

/** The theme and, for a sub-theme, its parent: root first. */
export function themePath(themeId: Id, themes: readonly Theme[]): Theme[] {
	const theme = themes.find((t) => t.id === themeId);
	if (!theme) return [];
	const parent = theme.parentId ? themes.find((t) => t.id === theme.parentId) : undefined;
	return parent ? [parent, theme] : [theme];
}

// ---------------------------------------------------------------- Pareto

export interface ParetoBar {
	motive: Motive;
	label: string;
	prevalence: number;
	/** Share of the charted total, 0–1. */
	share: number;
	/** Cumulative share up to and including this motive, 0–1. */
	cumulative: number;
	/** True for the motives that make up the first 80 % of contacts (the "vital few"). */
	vitalFew: boolean;
}

/**
 * Motives with a prevalence, highest first, with their cumulative share of the charted total
 * (so the line ends at 100 % even when estimates do not add up to 1). Ties keep label order.
 */
export function paretoData(motives: readonly Motive[], locale: Locale, threshold = 0.8): ParetoBar[] {
	const measured = motives
		.filter((m) => m.prevalence !== undefined && m.prevalence > 0)
		.map((motive) => ({ motive, label: labelIn(motive.label, locale), prevalence: motive.prevalence as number }))
		.sort((a, b) => b.prevalence - a.prevalence || a.label.localeCompare(b.label, locale));
	const total = measured.reduce((sum, m) => sum + m.prevalence, 0);
	let running = 0;
	return measured.map((entry) => {
		const before = running;
		running += entry.prevalence;
		return {
			...entry,
			share: entry.prevalence / total,
			cumulative: Math.min(1, running / total),
			// A motive belongs to the vital few while the total before it is still under the threshold.
			vitalFew: before / total < threshold - 1e-9
		};
	});
}

// ---------------------------------------------------------------- filters

export interface CatalogueFilter {
	/**
	 * Words searched in labels (FR and EN), CRM codes, description and the words customers use
	 * (`synonyms`); accents and case ignored.
	 */
	text: string;
	/** A theme (its sub-themes included) or a sub-theme; empty for all. */
	themeId: Id | '';
	treatmentLevel: TreatmentLevel | '';
	owner: string;
	complex: 'any' | 'yes' | 'no';
	/** Only the motives due for review. */
	staleOnly: boolean;
}

export const EMPTY_FILTER: CatalogueFilter = {
	text: '',
	themeId: '',
	treatmentLevel: '',
	owner: '',
	complex: 'any',
	staleOnly: false
};

export function isFilterActive(filter: CatalogueFilter): boolean {
	return (Object.keys(EMPTY_FILTER) as (keyof CatalogueFilter)[]).some((key) => filter[key] !== EMPTY_FILTER[key]);
}

const searchWords = (text: string) => fold(text).split(' ').filter(Boolean);

export function filterMotives(
	motives: readonly Motive[],
	themes: readonly Theme[],
	filter: CatalogueFilter,
	now: Date
): Motive[] {
	const words = searchWords(filter.text);
	const themeIds = filter.themeId
		? new Set([filter.themeId, ...themes.filter((t) => t.parentId === filter.themeId).map((t) => t.id)])
		: null;
	return motives.filter((m) => {
		if (themeIds && !themeIds.has(m.themeId)) return false;
		if (filter.treatmentLevel && m.treatment.level !== filter.treatmentLevel) return false;
		if (filter.owner && fold(m.owner) !== fold(filter.owner)) return false;
		if (filter.complex !== 'any' && m.complex !== (filter.complex === 'yes')) return false;
		if (filter.staleOnly && !isStale(m, now)) return false;
		return matchesWords(m, words);
	});
}

/** Whether every word is in the motive's labels, codes, description or customers' words. */
function matchesWords(m: Motive, words: readonly string[]): boolean {
	if (!words.length) return true;
	const haystack = fold([m.label.fr, m.label.en, m.description, ...m.crmCodes, ...(m.synonyms ?? [])].join(' '));
	return words.every((word) => haystack.includes(word));
}

/** The distinct owners of the catalogue, for the owner filter. */
export function ownersOf(motives: readonly Motive[], locale: Locale): string[] {
	const owners = new Map<string, string>();
	for (const m of motives) if (m.owner.trim() && !owners.has(fold(m.owner))) owners.set(fold(m.owner), m.owner.trim());
	return [...owners.values()].sort((a, b) => a.localeCompare(b, locale));
}

// ---------------------------------------------------------------- editing

/** Codes as typed in a field: separated by commas, semicolons or new lines; blanks and repeats dropped. */
export function parseCodes(text: string): string[] {
	const seen = new Set<string>();
	const codes: string[] = [];
	for (const raw of text.split(/[,;\n|]/)) {
		const code = raw.trim();
		const key = normalizeCrmCode(code);
		if (!key || seen.has(key)) continue;
		seen.add(key);
		codes.push(code);
	}
	return codes;
}

/**
 * The words customers use for a motive, as typed in a field: separated by commas, semicolons or new
 * lines; blanks dropped, and a word repeated (whatever its case or accents) kept once.
 */
export function parseSynonyms(text: string): string[] {
	const seen = new Set<string>();
	const words: string[] = [];
	for (const raw of text.split(/[,;\n]/)) {
		const word = raw.trim().replace(/\s+/g, ' ');
		if (!word || seen.has(fold(word))) continue;
		seen.add(fold(word));
		words.push(word);
	}
	return words;
}

export interface CodeClash {
	code: string;
	/** The other motives already claiming it. */
	motives: Motive[];
}

/** The codes of a motive being edited that other motives of the catalogue already claim. */
export function codeClashes(draft: Motive, catalogue: readonly Motive[]): CodeClash[] {
	const others = catalogue.filter((m) => m.id !== draft.id);
	const byId = new Map(others.map((m) => [m.id, m]));
	return crmCodeConflicts([draft, ...others])
		.filter((conflict) => conflict.motiveIds.includes(draft.id))
		.map((conflict) => ({
			code: draft.crmCodes.find((c) => normalizeCrmCode(c) === normalizeCrmCode(conflict.code)) ?? conflict.code,
			motives: conflict.motiveIds.flatMap((id) => byId.get(id) ?? [])
		}));
}

/** A motive to fill in, under a theme. */
export function blankMotive(id: Id, workspaceId: Id, themeId: Id): Motive {
	return {
		id,
		workspaceId,
		themeId,
		label: { fr: '', en: '' },
		description: '',
		crmCodes: [],
		treatment: { level: 'front-line', team: '', procedure: '' },
		complex: false,
		sourceIds: [],
		articleIds: [],
		systemRecording: '',
		dataFlows: '',
		journeyStates: [],
		owner: ''
	};
}

/** The next `order` among siblings, so a new theme goes last. */
export function nextOrder(themes: readonly Theme[], parentId: Id | null): number {
	const siblings = themes.filter((t) => t.parentId === parentId);
	return siblings.length ? Math.max(...siblings.map((t) => t.order)) + 1 : 1;
}

// ---------------------------------------------------------------- journeys

export interface MotiveJourneyState {
	journey: Journey;
	stateId: string;
	/** The labels from the stage down to the state. */
	path: LocalizedText[];
}

/**
 * The journey states where a motive arises: those the motive lists, and those whose metadata
 * expects it, each once, in journey order. States that no longer exist are left out.
 */
export function journeyStatesOf(motive: Motive, journeys: readonly Journey[]): MotiveJourneyState[] {
	const found: MotiveJourneyState[] = [];
	for (const journey of journeys) {
		const listed = new Set(motive.journeyStates.filter((ref) => ref.journeyId === journey.id).map((ref) => ref.stateId));
		for (const stateId of stateIds(journey.machine)) {
			const state = findState(journey.machine, stateId);
			if (!state || !(listed.has(stateId) || state.meta.expectedMotives?.includes(motive.id))) continue;
			const path: LocalizedText[] = [];
			let states: Record<string, JourneyStateNode> | undefined = journey.machine.states;
			for (const key of splitPath(stateId)) {
				const node: JourneyStateNode | undefined = states?.[key];
				if (!node) break;
				path.push(node.meta.label);
				states = node.states;
			}
			found.push({ journey, stateId, path });
		}
	}
	return found;
}
