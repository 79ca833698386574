/**
 * The figures of a dataset an analyst may publish to the team: the measured result as the
 * dashboard shows it, without what names people. Aggregates only — counts and rates by channel,
 * motive, theme, category, CRM code and segment; never a row, a customer id, an agent or a team
 * (an advisor's name is personal data too).
 */
import type { AnalysisResult, Dimension } from './metrics';
import type { OverlayResult } from './overlay';

export const PUBLISHED_DIMENSIONS: readonly Dimension[] = ['channel', 'motive', 'theme', 'category', 'code', 'segment'];

export function publishable(result: AnalysisResult): AnalysisResult {
	const by: AnalysisResult['by'] = {};
	for (const dimension of PUBLISHED_DIMENSIONS) if (result.by[dimension]) by[dimension] = result.by[dimension];
	return { ...result, by };
}

/**
 * A journey's overlay as members see it without the data: the figures of its states and the
 * transitions between them. What names pages is left out (an address can carry a customer's
 * number), and so are the unmapped values, which only the rules' author needs.
 */
export function publishableOverlay<T extends OverlayResult>(result: T): T {
	const states: OverlayResult['states'] = {};
	for (const [id, figures] of Object.entries(result.states)) states[id] = { ...figures, topPages: [] };
	const omnichannel = result.omnichannel && { ...result.omnichannel, byPage: {}, byExitPage: {} };
	return { ...result, states, omnichannel, unmapped: { ...result.unmapped, motives: [], channels: [], pages: [] } };
}
