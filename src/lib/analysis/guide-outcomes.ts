/**
 * FCR by treatment guide: which step of which guide ends in transfers, which path through a guide
 * leaves customers coming back. The wrap-ups are read as the contact log they export to
 * (`wrap-up-log.ts`) and chained by the engine itself (`demandVerdicts`, METRICS.md §3), so a
 * demand here is a demand on the Analysis page; each demand is then filed under its first
 * contact's guide, outcome step and path, as every breakdown files a demand (METRICS.md §4).
 */
import type { Id } from '../domain/types';
import type { WrapUp } from '../domain/wrap-up';
import type { GuideOutcome } from '../domain/types';
import { systemTimeZone } from '../domain/time-zone';
import { fromRows } from './from-rows';
import { demandVerdicts, STATUS_PENDING, STATUS_RESOLVED } from './metrics';
import { resolveSettings, type AnalysisSettings } from './settings';
import { rate, type Rate } from './stats';
import { GUIDE_PATH_SEPARATOR, wrapUpContacts, type WrapUpLogOptions, type WrapUpMotive } from './wrap-up-log';

/** The `guide` of demands whose first contact was wrapped up without a guide. */
export const NO_GUIDE = '(none)';

/** The demands of one guide ending at one step (`byStep`), or walking one path (`byPath`). */
export interface GuideOutcomeRow {
	/** null: wrapped up without a guide. */
	guideId: Id | null;
	/** The guide's name, else its id, else `NO_GUIDE`. */
	guide: string;
	outcome: GuideOutcome;
	/** The final state's id; null when the wrap-up has none. */
	outcomeStep: string | null;
	/** `byPath`: the states walked, the final one last; null in `byStep`. */
	path: string[] | null;
	/** Demands whose first contact is in the row, pending ones included. */
	demands: number;
	pending: number;
	/** Demands that are not pending: the FCR's denominator. */
	eligible: number;
	/** Eligible demands resolved at first contact (METRICS.md §3). */
	resolvedFirst: number;
	/** resolvedFirst / eligible, with its 95 % Wilson interval. */
	fcr: Rate;
	/** Demands (pending included) whose first contact was transferred (outcome transferred or escalated). */
	transfers: number;
	/** Demands (pending included) whose first contact needed a callback. */
	callbacks: number;
}

export interface GuideOutcomes {
	/** Per guide and outcome step, most demands first. */
	byStep: GuideOutcomeRow[];
	/** Per guide and path (its final step and outcome with it), most demands first. */
	byPath: GuideOutcomeRow[];
	/** Demands of all the wrap-ups: the sum of either list's. */
	demands: number;
	eligible: number;
	resolvedFirst: number;
	/** The observation end used (settings.observationEnd, else the latest contact). */
	observationEnd: number;
}

export interface GuideOutcomesOptions extends WrapUpLogOptions {
	/**
	 * The Analysis page's settings (window, scope, transfer is failure, observation end…). The time
	 * zone is `timeZone`, else `settings.timeZone`, else the browser's or machine's.
	 * @default DEFAULT_SETTINGS
	 */
	settings?: Partial<AnalysisSettings>;
}

/** Wrap-ups in one order whatever order they come in: start, then id (ties of the chain walk). */
function canonicalOrder(wrapUps: readonly WrapUp[]): WrapUp[] {
	return [...wrapUps].sort(
		(a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
}

function compareRows(a: GuideOutcomeRow, b: GuideOutcomeRow): number {
	const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
	return (
		b.demands - a.demands ||
		text(a.guide, b.guide) ||
		text(a.guideId ?? '', b.guideId ?? '') ||
		text(a.outcomeStep ?? '', b.outcomeStep ?? '') ||
		text(a.outcome, b.outcome) ||
		text((a.path ?? []).join(GUIDE_PATH_SEPARATOR), (b.path ?? []).join(GUIDE_PATH_SEPARATOR))
	);
}

/**
 * FCR of the wrap-ups' demands by guide and outcome step, and by guide and path. `guides` names
 * the guides (id → name); `motives` turns each wrap-up into its contact's motive as the export
 * does, so chains follow the same scope keys as the imported log would.
 */
export function guideOutcomes(
	wrapUps: readonly WrapUp[],
	motives: readonly WrapUpMotive[],
	options: GuideOutcomesOptions = {}
): GuideOutcomes {
	const settings = resolveSettings(options.settings);
	const timeZone = options.timeZone ?? settings.timeZone ?? systemTimeZone();
	const sorted = canonicalOrder(wrapUps);
	const table = fromRows(wrapUpContacts(sorted, motives, { ...options, timeZone }));
	const { chains, status, observationEnd } = demandVerdicts(table, settings);

	const byStep = new Map<string, GuideOutcomeRow>();
	const byPath = new Map<string, GuideOutcomeRow>();
	const rowOf = (rows: Map<string, GuideOutcomeRow>, wrapUp: WrapUp, path: string[] | null) => {
		const key = JSON.stringify([wrapUp.guideId ?? null, wrapUp.outcomeStep ?? null, wrapUp.outcome, path]);
		let row = rows.get(key);
		if (!row) {
			const guideId = wrapUp.guideId ?? null;
			row = {
				guideId,
				guide: guideId === null ? NO_GUIDE : (options.guides?.[guideId] ?? guideId),
				outcome: wrapUp.outcome,
				outcomeStep: wrapUp.outcomeStep ?? null,
				path,
				demands: 0,
				pending: 0,
				eligible: 0,
				resolvedFirst: 0,
				fcr: rate(0, 0),
				transfers: 0,
				callbacks: 0
			};
			rows.set(key, row);
		}
		return row;
	};

	let eligible = 0;
	let resolvedFirst = 0;
	for (let chain = 0; chain < chains.count; chain++) {
		const first = sorted[chains.firstOfChain[chain]];
		const s = status[chain];
		const pending = (s & STATUS_PENDING) !== 0;
		const resolved = !pending && (s & STATUS_RESOLVED) !== 0;
		if (!pending) eligible++;
		if (resolved) resolvedFirst++;
		for (const row of [rowOf(byStep, first, null), rowOf(byPath, first, [...first.path])]) {
			row.demands++;
			if (pending) row.pending++;
			else row.eligible++;
			if (resolved) row.resolvedFirst++;
			if (first.transferred) row.transfers++;
			if (first.callback) row.callbacks++;
		}
	}
	const finish = (rows: Map<string, GuideOutcomeRow>) =>
		[...rows.values()].map((row) => ({ ...row, fcr: rate(row.resolvedFirst, row.eligible) })).sort(compareRows);
	return {
		byStep: finish(byStep),
		byPath: finish(byPath),
		demands: chains.count,
		eligible,
		resolvedFirst,
		observationEnd
	};
}
