/**
 * How much of the contact volume the treatment guides cover: which motives have a guide, and the
 * share of contacts those motives account for. With a contact log the share is measured (each
 * motive's contacts over all inbound contacts of the log, the motives the catalogue does not know
 * included, as the Analysis page's motive rows); without one it is read from the catalogue's
 * estimated prevalences, and says so.
 */
import type { Guide, Id, Motive } from '../domain/types';
import type { AnalysisResult } from './metrics';

export interface GuideCoverage {
	/** Motives of the catalogue that have at least one guide. */
	guided: Set<Id>;
	/** Share of contact volume (0–1) of the guided motives; null when nothing says how much. */
	share: number | null;
	/** Where `share` comes from: a measured contact log, or the catalogue's estimates. */
	basis: 'measured' | 'estimated';
	/** Motives in the catalogue. */
	motives: number;
	/** Motives with a guide. */
	guidedMotives: number;
}

/**
 * Each catalogue motive's share of the inbound contacts of an analysis asked `by: ['motive']`;
 * null when the log has no contact.
 */
export function measuredShares(result: Pick<AnalysisResult, 'contacts' | 'by'>): Map<Id, number> | null {
	if (result.contacts <= 0) return null;
	const shares = new Map<Id, number>();
	for (const [key, figures] of Object.entries(result.by.motive ?? {})) shares.set(key, figures.contacts / result.contacts);
	return shares;
}

/**
 * `measuredShare`: each motive's measured share of contacts (`measuredShares`) when a contact log
 * is measured; a motive missing from it had no contact. Without it the estimated prevalences are
 * summed; when the estimates add up to more than 100 % they are read as relative weights (as the
 * Pareto reads them), so the share never passes 100 %. A guide whose motive is not in the
 * catalogue covers nothing.
 */
export function guideCoverage(
	motives: readonly Motive[],
	guides: readonly Pick<Guide, 'motiveId'>[],
	measuredShare?: ReadonlyMap<Id, number> | null
): GuideCoverage {
	const known = new Set(motives.map((m) => m.id));
	const guided = new Set(guides.map((g) => g.motiveId).filter((id) => known.has(id)));
	const base = { guided, motives: motives.length, guidedMotives: guided.size };
	if (measuredShare) {
		let share = 0;
		for (const id of guided) share += measuredShare.get(id) ?? 0;
		return { ...base, share: Math.min(1, share), basis: 'measured' };
	}
	const estimated = motives.filter((m) => m.prevalence !== undefined && m.prevalence >= 0);
	if (estimated.length === 0) return { ...base, share: null, basis: 'estimated' };
	const total = estimated.reduce((sum, m) => sum + (m.prevalence ?? 0), 0);
	const covered = estimated.filter((m) => guided.has(m.id)).reduce((sum, m) => sum + (m.prevalence ?? 0), 0);
	return { ...base, share: total > 1 ? covered / total : covered, basis: 'estimated' };
}
