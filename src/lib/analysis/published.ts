/**
 * The figures of a dataset an analyst may publish to the team: the measured result as the
 * dashboard shows it, without what names people. Aggregates only — counts and rates by channel,
 * motive, theme, category, CRM code and segment; never a row, a customer id, an agent or a team
 * (an advisor's name is personal data too).
 */
import type { AnalysisResult, Dimension } from './metrics';

export const PUBLISHED_DIMENSIONS: readonly Dimension[] = ['channel', 'motive', 'theme', 'category', 'code', 'segment'];

export function publishable(result: AnalysisResult): AnalysisResult {
	const by: AnalysisResult['by'] = {};
	for (const dimension of PUBLISHED_DIMENSIONS) if (result.by[dimension]) by[dimension] = result.by[dimension];
	return { ...result, by };
}
