/**
 * The motive catalogue's rules: a CRM qualification code maps to one motive only, and a motive's
 * category is the theme node it sits on.
 */
import type { Id, Motive, Theme } from './types';

/** How CRM exports spell the same code differently: spaces around it, upper or lower case. */
export const normalizeCrmCode = (code: string): string => code.trim().toLowerCase();

export interface CrmCodeConflict {
	/** The code as first written in the catalogue. */
	code: string;
	/** The motives claiming it, in catalogue order. */
	motiveIds: Id[];
}

/** Codes claimed by more than one motive (compared trimmed and case-insensitively). */
export function crmCodeConflicts(motives: readonly Motive[]): CrmCodeConflict[] {
	const claims = new Map<string, CrmCodeConflict>();
	for (const motive of motives) {
		for (const code of motive.crmCodes) {
			const key = normalizeCrmCode(code);
			if (!key) continue;
			const claim = claims.get(key) ?? { code: code.trim(), motiveIds: [] };
			if (!claim.motiveIds.includes(motive.id)) claim.motiveIds.push(motive.id);
			claims.set(key, claim);
		}
	}
	return [...claims.values()].filter((claim) => claim.motiveIds.length > 1);
}

/**
 * A lookup from a CRM code to its motive. Where codes conflict, the first motive in catalogue
 * order wins, so the lookup is stable while the conflict waits to be fixed.
 */
export function motiveForCode(motives: readonly Motive[]): (code: string) => Motive | undefined {
	const byCode = new Map<string, Motive>();
	for (const motive of motives) {
		for (const code of motive.crmCodes) {
			const key = normalizeCrmCode(code);
			if (key && !byCode.has(key)) byCode.set(key, motive);
		}
	}
	return (code) => byCode.get(normalizeCrmCode(code));
}

/**
 * The motive's category for measurement: the theme or sub-theme it belongs to. Throws when the
 * theme is missing, which the store and the workspace file never allow.
 */
export function categoryOf(motive: Motive, themes: readonly Theme[]): Theme {
	const theme = themes.find((t) => t.id === motive.themeId);
	if (!theme) throw new Error(`Motive "${motive.id}" refers to theme "${motive.themeId}", which does not exist.`);
	return theme;
}
