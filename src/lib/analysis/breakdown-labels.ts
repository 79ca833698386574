/**
 * What the key of a catalogue breakdown reads as (METRICS.md §2). The engine groups the `motive`
 * breakdown by catalogue motive (key: the motive's id), `theme` and `category` by theme id, and
 * leaves a code no motive claims as its own key: people must read names, with the CRM codes
 * behind a row as detail, and see at once which rows the catalogue does not know.
 */
import type { Locale, LocalizedText, Motive, Theme } from '../domain/types';
import type { CatalogueSettings } from './dashboard-settings';
import type { Dimension } from './metrics';
import { uncataloguedName } from './chains';
import { motiveKey } from './table';

export interface KeyLabel {
	/** The motive's or theme's label; the key itself when the catalogue does not know it. */
	name: string;
	/**
	 * Smaller text beside the name: a motive's CRM codes (`FAC-CONTEST, FACT02`), a code's motive,
	 * a sub-theme's parent theme; null when there is nothing to add.
	 */
	detail: string | null;
	/** The CRM codes the row counts, as the catalogue writes them (the key for an uncatalogued code); empty for themes. */
	codes: string[];
	/** False for a code no catalogue motive claims ("not in catalogue"). */
	catalogued: boolean;
}

/** The breakdowns whose keys come from the catalogue. */
export const CATALOGUE_DIMENSIONS: readonly Dimension[] = ['motive', 'code', 'category', 'theme'];

const inLocale = (text: LocalizedText, locale: Locale) => text[locale] || text.fr || text.en;

/** A motive's codes as the catalogue writes them, blanks left out. */
const codesOf = (motive: Motive) => motive.crmCodes.map((c) => c.trim()).filter((c) => c !== '');

/**
 * A labeller of breakdown keys for one catalogue and the settings the engine was given (the keys
 * a motive or theme id stands for are those the settings group codes under, so a raw code that
 * happens to equal an id is not mistaken for it). Null for a dimension the catalogue does not
 * name (channel, agent, month…).
 */
export function catalogueLabels(
	motives: readonly Motive[],
	themes: readonly Theme[],
	settings: Pick<CatalogueSettings, 'motiveGroups' | 'categories' | 'themes'>,
	locale: Locale
): (dimension: Dimension, key: string) => KeyLabel | null {
	const motiveById = new Map(motives.map((m) => [m.id, m]));
	const themeById = new Map(themes.map((t) => [t.id, t]));
	const groups = new Set(Object.values(settings.motiveGroups));
	const categories = new Set(Object.values(settings.categories));
	const topThemes = new Set(Object.values(settings.themes));
	const outside = (key: string): KeyLabel => {
		const code = uncataloguedName(key);
		return { name: code, detail: null, codes: [code], catalogued: false };
	};
	const groupOfCode = new Map<string, string>();
	for (const [code, id] of Object.entries(settings.motiveGroups)) if (!groupOfCode.has(motiveKey(code))) groupOfCode.set(motiveKey(code), id);

	const themeLabel = (key: string, known: Set<string>): KeyLabel => {
		const theme = known.has(key) ? themeById.get(key) : undefined;
		if (!theme) return outside(key);
		const parent = theme.parentId ? themeById.get(theme.parentId) : undefined;
		return { name: inLocale(theme.label, locale), detail: parent ? inLocale(parent.label, locale) : null, codes: [], catalogued: true };
	};

	return (dimension, key) => {
		switch (dimension) {
			case 'motive': {
				const motive = groups.has(key) ? motiveById.get(key) : undefined;
				if (!motive) return outside(key);
				const codes = codesOf(motive);
				return { name: inLocale(motive.label, locale), detail: codes.join(', ') || null, codes, catalogued: true };
			}
			case 'code': {
				const id = groupOfCode.get(motiveKey(key));
				const motive = id === undefined ? undefined : motiveById.get(id);
				if (!motive) return outside(key);
				return { name: key, detail: inLocale(motive.label, locale), codes: [key], catalogued: true };
			}
			case 'category':
				return themeLabel(key, categories);
			case 'theme':
				return themeLabel(key, topThemes);
			default:
				return null;
		}
	};
}

/**
 * A label on one line, where only text fits (a heat-map cell read out, a list, a CSV cell):
 * `Contestation de facture · FAC-CONTEST, FACT02`, `XYZ (hors catalogue)`.
 */
export function oneLine(label: KeyLabel, notInCatalogue: string): string {
	if (!label.catalogued) return `${label.name} (${notInCatalogue})`;
	return label.detail ? `${label.name} · ${label.detail}` : label.name;
}
