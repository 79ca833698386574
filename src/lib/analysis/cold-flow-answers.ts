/**
 * A log without answer times (`handled_at`) on cold-flow channels whose answer delay is set:
 * by METRICS.md §2 (condition 5) none of their demands can be resolved at first contact, which
 * pulls the headline FCR down without saying why. The dashboard names them and offers to measure
 * them without the delay condition.
 */
import type { AnalysisResult } from './metrics';

export interface UnansweredColdFlow {
	/** Channels with a delay set and eligible demands, most demands first. */
	channels: string[];
	/** Their eligible demands, all resolved-never by the missing answer times. */
	eligible: number;
}

/** Null when the log has answer times, or no cold-flow channel with a delay has eligible demands. */
export function unansweredColdFlow(result: Pick<AnalysisResult, 'by' | 'settings'>, columns: readonly string[]): UnansweredColdFlow | null {
	if (columns.includes('handled_at')) return null;
	const byChannel = result.by.channel ?? {};
	const hit = Object.entries(result.settings.coldFlowDelays)
		.filter(([channel, delay]) => delay !== null && (byChannel[channel]?.eligible ?? 0) > 0)
		.map(([channel]) => ({ channel, eligible: byChannel[channel].eligible }))
		.sort((a, b) => b.eligible - a.eligible || a.channel.localeCompare(b.channel));
	if (hit.length === 0) return null;
	return { channels: hit.map((h) => h.channel), eligible: hit.reduce((sum, h) => sum + h.eligible, 0) };
}
