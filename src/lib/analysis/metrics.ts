/**
 * The figures of METRICS.md §3–4 — demands, pending, FCR, repeat rate, contacts per demand,
 * avoidable contacts and cost, perceived FCR, CSAT, NPS — in total and broken down.
 * Accumulates into typed arrays indexed by dictionary code: no object per row.
 */
import { buildChains, categoryOfMotive, dayOf, isPending, type Chains } from './chains';
import { resolveSettings, DAY, type AnalysisSettings } from './settings';
import { cohenKappa, wilson, type Agreement } from './stats';
import { FALSE, motiveKey, TRUE, UNKNOWN, type ContactTable, type Dictionary } from './table';

/**
 * A breakdown. `motive` is the catalogue motive (its codes together; an uncatalogued code alone),
 * `code` the motive code as the log writes it, `theme` the catalogue's top-level theme.
 */
export type Dimension =
	| 'channel'
	| 'motive'
	| 'code'
	| 'category'
	| 'theme'
	| 'agent'
	| 'team'
	| 'segment'
	| 'month'
	| 'week';

export const DIMENSIONS: readonly Dimension[] = [
	'channel',
	'motive',
	'code',
	'category',
	'theme',
	'agent',
	'team',
	'segment',
	'month',
	'week'
];

/** Figures of one population (the whole log or one breakdown key). Rates are fractions 0–1. */
export interface Figures {
	/** Inbound contacts (pending demands' contacts included). */
	contacts: number;
	repeatContacts: number;
	demands: number;
	/** Demands whose window is not fully observed; never in a rate's denominator. */
	pending: number;
	/** Demands that are not pending. */
	eligible: number;
	/** Eligible demands resolved at first contact. */
	resolvedFirst: number;
	/** resolvedFirst / eligible; null when eligible is 0. */
	fcr: number | null;
	fcrCi95: [number, number] | null;
	/** Eligible demands whose motive is not complex. */
	eligibleExclComplex: number;
	resolvedFirstExclComplex: number;
	fcrExclComplex: number | null;
	fcrExclComplexCi95: [number, number] | null;
	/** repeatContacts / contacts. */
	repeatRate: number | null;
	repeatRateCi95: [number, number] | null;
	/** Inbound contacts in eligible chains / eligible demands. */
	contactsPerDemand: number | null;
	/** Σ over eligible chains of (length − 1). */
	avoidableContacts: number;
	/** Σ of the channel cost of each repeat contact in eligible chains. */
	avoidableCost: number;
}

/** The fields of `Figures`, in display order (CSV columns, SQL output columns). */
export const FIGURE_FIELDS = [
	'contacts',
	'repeatContacts',
	'demands',
	'pending',
	'eligible',
	'resolvedFirst',
	'fcr',
	'fcrCi95',
	'eligibleExclComplex',
	'resolvedFirstExclComplex',
	'fcrExclComplex',
	'fcrExclComplexCi95',
	'repeatRate',
	'repeatRateCi95',
	'contactsPerDemand',
	'avoidableContacts',
	'avoidableCost'
] as const satisfies readonly (keyof Figures)[];

/**
 * The survey figures of one population (METRICS.md §4), counted on the first contact of its
 * eligible demands: each demand under its first contact's key in a breakdown.
 */
export interface SurveyFigures {
	/** Over eligible demands whose first contact has a survey answer; null without answers. */
	perceived: null | {
		answered: number;
		resolvedPerceived: number;
		rate: number | null;
		ci95: [number, number] | null;
		/** Internal verdict (resolved at first contact) × customer's answer. */
		agreement: Agreement;
		kappa: number | null;
	};
	/** First contacts of eligible demands scoring 4–5 out of those answered; null without answers. */
	csat: null | { answered: number; satisfied: number; rate: number | null; ci95: [number, number] | null };
	/**
	 * First contacts of eligible demands: promoters 9–10, detractors 0–6. `score` is
	 * (promoters − detractors) / answered, a fraction in [−1, 1] like every other rate (× 100 for
	 * the usual NPS points). Null without answers.
	 */
	nps: null | { answered: number; promoters: number; detractors: number; score: number | null };
}

/** The figures of one breakdown key: the same fields as the total's, period and settings aside. */
export interface BreakdownFigures extends Figures, SurveyFigures {}

export interface AnalysisResult extends Figures, SurveyFigures {
	/** Breakdowns asked for in `options.by`; a key appears when it has at least one contact. */
	by: Partial<Record<Dimension, Record<string, BreakdownFigures>>>;
	/** The period filter applied, `from` inclusive and `to` exclusive; null when none. */
	period: { from: number; to: number } | null;
	/** The observation end used (settings.observationEnd or the latest timestamp; 0 when empty). */
	observationEnd: number;
	settings: AnalysisSettings;
}

export interface AnalyzeOptions {
	/** Breakdowns to compute. */
	by?: Dimension[];
	/**
	 * Keep demands whose first contact is at or after `from` and before `to` (wall-clock ms).
	 * Chains are always built over the whole log, so a contact in the period that repeats an
	 * earlier demand stays a repeat of that (excluded) demand and is not counted; a kept demand
	 * keeps all its contacts, even those after `to`. Every figure — `contacts` and
	 * `repeatContacts` included — is then computed over the contacts of kept chains, so
	 * `contacts = demands + repeatContacts` still holds.
	 */
	period?: { from?: number; to?: number };
}

/** Bits of a demand's verdict (`DemandVerdicts.status`): kept by the period filter. */
export const STATUS_KEPT = 1;
/** Its window is not fully observed. */
export const STATUS_PENDING = 2;
/** Resolved at first contact (METRICS.md §3 conditions 1–5; meaningful when not pending). */
export const STATUS_RESOLVED = 4;
/** Its motive is complex. */
export const STATUS_COMPLEX = 8;

/** Per-key counters, one typed array per figure. */
class Accumulator {
	contacts: Float64Array;
	repeatContacts: Float64Array;
	demands: Float64Array;
	pending: Float64Array;
	resolvedFirst: Float64Array;
	eligibleExclComplex: Float64Array;
	resolvedFirstExclComplex: Float64Array;
	avoidableContacts: Float64Array;
	avoidableCost: Float64Array;
	/** The agreement table of perceived FCR: internal verdict × survey answer, per key. */
	bothResolved: Float64Array;
	internalOnly: Float64Array;
	perceivedOnly: Float64Array;
	neither: Float64Array;
	surveys: SurveyCounts;
	constructor(size: number) {
		this.contacts = new Float64Array(size);
		this.repeatContacts = new Float64Array(size);
		this.demands = new Float64Array(size);
		this.pending = new Float64Array(size);
		this.resolvedFirst = new Float64Array(size);
		this.eligibleExclComplex = new Float64Array(size);
		this.resolvedFirstExclComplex = new Float64Array(size);
		this.avoidableContacts = new Float64Array(size);
		this.avoidableCost = new Float64Array(size);
		this.bothResolved = new Float64Array(size);
		this.internalOnly = new Float64Array(size);
		this.perceivedOnly = new Float64Array(size);
		this.neither = new Float64Array(size);
		this.surveys = new SurveyCounts(size);
	}

	figures(k: number): BreakdownFigures {
		const contacts = this.contacts[k];
		const repeatContacts = this.repeatContacts[k];
		const demands = this.demands[k];
		const pending = this.pending[k];
		const eligible = demands - pending;
		const resolvedFirst = this.resolvedFirst[k];
		const eligibleExclComplex = this.eligibleExclComplex[k];
		const resolvedFirstExclComplex = this.resolvedFirstExclComplex[k];
		const avoidableContacts = this.avoidableContacts[k];
		return {
			contacts,
			repeatContacts,
			demands,
			pending,
			eligible,
			resolvedFirst,
			fcr: eligible > 0 ? resolvedFirst / eligible : null,
			fcrCi95: wilson(resolvedFirst, eligible),
			eligibleExclComplex,
			resolvedFirstExclComplex,
			fcrExclComplex: eligibleExclComplex > 0 ? resolvedFirstExclComplex / eligibleExclComplex : null,
			fcrExclComplexCi95: wilson(resolvedFirstExclComplex, eligibleExclComplex),
			repeatRate: contacts > 0 ? repeatContacts / contacts : null,
			repeatRateCi95: wilson(repeatContacts, contacts),
			// Σ length over eligible chains = eligible + Σ (length − 1).
			contactsPerDemand: eligible > 0 ? (eligible + avoidableContacts) / eligible : null,
			avoidableContacts,
			avoidableCost: this.avoidableCost[k],
			perceived: this.perceived(k),
			csat: this.surveys.csat(k),
			nps: this.surveys.nps(k)
		};
	}

	/** Perceived FCR of key `k`; null without answers. */
	perceived(k: number): SurveyFigures['perceived'] {
		const agreement: Agreement = {
			bothResolved: this.bothResolved[k],
			internalOnly: this.internalOnly[k],
			perceivedOnly: this.perceivedOnly[k],
			neither: this.neither[k]
		};
		const answered =
			agreement.bothResolved + agreement.internalOnly + agreement.perceivedOnly + agreement.neither;
		if (answered === 0) return null;
		const resolvedPerceived = agreement.bothResolved + agreement.perceivedOnly;
		return {
			answered,
			resolvedPerceived,
			rate: resolvedPerceived / answered,
			ci95: wilson(resolvedPerceived, answered),
			agreement,
			kappa: cohenKappa(agreement)
		};
	}
}

/**
 * Survey answers per key (METRICS.md §4): CSAT answered (1–5) and satisfied (4–5), NPS answered
 * (0–10), promoters (9–10) and detractors (0–6). `analyze` and the overlay count the answers
 * given on the first contact of eligible demands.
 */
export class SurveyCounts {
	csatAnswered: Float64Array;
	satisfied: Float64Array;
	npsAnswered: Float64Array;
	promoters: Float64Array;
	detractors: Float64Array;
	constructor(size: number) {
		this.csatAnswered = new Float64Array(size);
		this.satisfied = new Float64Array(size);
		this.npsAnswered = new Float64Array(size);
		this.promoters = new Float64Array(size);
		this.detractors = new Float64Array(size);
	}

	/** Adds the answers given on `row` under key `k`. */
	add(table: ContactTable, row: number, k: number): void {
		const score = table.csat[row];
		if (score > 0) {
			this.csatAnswered[k]++;
			if (score >= 4) this.satisfied[k]++;
		}
		const recommend = table.nps[row];
		if (recommend >= 0) {
			this.npsAnswered[k]++;
			if (recommend >= 9) this.promoters[k]++;
			else if (recommend <= 6) this.detractors[k]++;
		}
	}

	/** CSAT of key `k`; null without answers. */
	csat(k: number): SurveyFigures['csat'] {
		const answered = this.csatAnswered[k];
		if (answered === 0) return null;
		const satisfied = this.satisfied[k];
		return { answered, satisfied, rate: satisfied / answered, ci95: wilson(satisfied, answered) };
	}

	/** NPS of key `k`; null without answers. */
	nps(k: number): SurveyFigures['nps'] {
		const answered = this.npsAnswered[k];
		if (answered === 0) return null;
		const promoters = this.promoters[k];
		const detractors = this.detractors[k];
		return { answered, promoters, detractors, score: (promoters - detractors) / answered };
	}
}

/** A breakdown key per row: `code[row]` (through `remap` when given) into `names`. */
export interface Grouping {
	code: Uint32Array;
	remap: Uint32Array | null;
	names: Dictionary;
}

function pad(value: number, width: number): string {
	return String(value).padStart(width, '0');
}

/** `YYYY-MM` of a calendar day number. */
export function monthKey(day: number): string {
	const date = new Date(day * DAY);
	return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}`;
}

/** ISO 8601 week `YYYY-Www` of a calendar day number, with the ISO week-year. */
export function isoWeekKey(day: number): string {
	const weekday = (new Date(day * DAY).getUTCDay() + 6) % 7; // Monday = 0
	const thursday = day - weekday + 3;
	const isoYear = new Date(thursday * DAY).getUTCFullYear();
	const firstDay = Date.UTC(isoYear, 0, 1) / DAY;
	return `${pad(isoYear, 4)}-W${pad(Math.floor((thursday - firstDay) / 7) + 1, 2)}`;
}

function calendarGrouping(table: ContactTable, label: (day: number) => string): Grouping {
	const code = new Uint32Array(table.length);
	const names: Dictionary = [];
	const byDay = new Map<number, number>();
	const byName = new Map<string, number>();
	let lastDay = NaN;
	let lastCode = 0;
	for (let r = 0; r < table.length; r++) {
		const day = dayOf(table.time[r]);
		if (day !== lastDay) {
			let c = byDay.get(day);
			if (c === undefined) {
				const name = label(day);
				c = byName.get(name);
				if (c === undefined) {
					c = names.length;
					names.push(name);
					byName.set(name, c);
				}
				byDay.set(day, c);
			}
			lastDay = day;
			lastCode = c;
		}
		code[r] = lastCode;
	}
	return { code, remap: null, names };
}

/** The breakdown key of every row for one dimension (a demand is grouped under its first contact's row). */
export function grouping(table: ContactTable, settings: AnalysisSettings, dimension: Dimension): Grouping {
	switch (dimension) {
		case 'channel':
			return { code: table.channel, remap: null, names: table.channels };
		case 'code':
			return { code: table.motive, remap: null, names: table.motives };
		case 'motive': {
			const { code, names } = categoryOfMotive(table.motives, settings.motiveGroups);
			return { code: table.motive, remap: code, names };
		}
		case 'category': {
			const { code, names } = categoryOfMotive(table.motives, settings.categories);
			return { code: table.motive, remap: code, names };
		}
		case 'theme': {
			const { code, names } = categoryOfMotive(table.motives, settings.themes);
			return { code: table.motive, remap: code, names };
		}
		case 'agent':
			return { code: table.agent, remap: null, names: table.agents };
		case 'team':
			return { code: table.team, remap: null, names: table.teams };
		case 'segment':
			return { code: table.segment, remap: null, names: table.segments };
		case 'month':
			return calendarGrouping(table, monthKey);
		case 'week':
			return calendarGrouping(table, isoWeekKey);
		default:
			throw new Error(`Unknown breakdown dimension "${dimension as string}"`);
	}
}

/**
 * Adds contacts (under each contact's own key) and demands (under the first contact's key)
 * of the kept chains, with the survey answers given on the first contact of eligible demands
 * (METRICS.md §4). `group` null: everything under key 0.
 */
function accumulate(
	table: ContactTable,
	chains: Chains,
	status: Uint8Array,
	repeatCost: Float64Array | null,
	group: Grouping | null,
	into: Accumulator
): void {
	const { chainOf, isRepeat, firstOfChain, chainLength } = chains;
	const { surveyResolved } = table;
	const yes: number = TRUE;
	const unknown: number = UNKNOWN;
	const code = group?.code;
	const remap = group?.remap;
	for (let row = 0; row < table.length; row++) {
		const chain = chainOf[row];
		if (chain < 0 || (status[chain] & STATUS_KEPT) === 0) continue;
		const k = code ? (remap ? remap[code[row]] : code[row]) : 0;
		into.contacts[k]++;
		into.repeatContacts[k] += isRepeat[row];
	}
	for (let chain = 0; chain < chains.count; chain++) {
		const s = status[chain];
		if ((s & STATUS_KEPT) === 0) continue;
		const row = firstOfChain[chain];
		const k = code ? (remap ? remap[code[row]] : code[row]) : 0;
		into.demands[k]++;
		if (s & STATUS_PENDING) {
			into.pending[k]++;
			continue;
		}
		const resolved = (s & STATUS_RESOLVED) !== 0;
		if (resolved) into.resolvedFirst[k]++;
		if ((s & STATUS_COMPLEX) === 0) {
			into.eligibleExclComplex[k]++;
			if (resolved) into.resolvedFirstExclComplex[k]++;
		}
		into.avoidableContacts[k] += chainLength[chain] - 1;
		if (repeatCost) into.avoidableCost[k] += repeatCost[chain];
		const answer = surveyResolved[row];
		if (answer !== unknown) {
			if (answer === yes) {
				if (resolved) into.bothResolved[k]++;
				else into.perceivedOnly[k]++;
			} else if (resolved) into.internalOnly[k]++;
			else into.neither[k]++;
		}
		into.surveys.add(table, row, k);
	}
}

// Bits of the METRICS.md §3 conditions a demand fails (`failedConditions`): none (0) is resolved
// at first contact. The drill-down turns them into reasons; the figures only test for 0.
/** 1. The chain has more than one contact: the customer came back within the window. */
export const FAIL_REPEAT = 1;
/** 2. The first contact needed a callback. */
export const FAIL_CALLBACK = 2;
/** 2. The first contact was transferred (only while "transfer is failure" is on). */
export const FAIL_TRANSFERRED = 4;
/** 3. The first contact is declared `resolved = false`. */
export const FAIL_DECLARED_UNRESOLVED = 8;
/** 4. An outbound contact to the customer, same scope key, within `(first, first + W]`. */
export const FAIL_OUTBOUND = 16;
/** 5. Cold-flow channel answered later than its delay. */
export const FAIL_LATE_ANSWER = 32;
/** 5. Cold-flow channel without `handled_at`. */
export const FAIL_NO_ANSWER_TIME = 64;

/** What the §3 conditions read besides the table and the chains, resolved once per table. */
export interface VerdictRules {
	/** Per channel code: the cold-flow delay in ms; NaN when the channel has no such condition. */
	coldDelay: Float64Array;
	transferIsFailure: boolean;
}

export function verdictRules(table: ContactTable, settings: AnalysisSettings): VerdictRules {
	const coldDelay = new Float64Array(table.channels.length).fill(NaN);
	for (let c = 0; c < table.channels.length; c++) {
		const delay = settings.coldFlowDelays[table.channels[c]];
		if (typeof delay === 'number') coldDelay[c] = delay;
	}
	return { coldDelay, transferIsFailure: settings.transferIsFailure };
}

const YES: number = TRUE;
const NO: number = FALSE;

/**
 * The `FAIL_*` bits of one demand (METRICS.md §3 conditions 1–5); 0 when it is resolved at first
 * contact. The one place those conditions are written: `demandVerdicts` and the drill-down's
 * reasons both read it, so a listed reason can never disagree with a figure.
 */
export function failedConditions(table: ContactTable, chains: Chains, rules: VerdictRules, chain: number): number {
	const r = chains.firstOfChain[chain];
	let failed = 0;
	if (chains.chainLength[chain] > 1) failed |= FAIL_REPEAT;
	if (table.callback[r] === YES) failed |= FAIL_CALLBACK;
	if (rules.transferIsFailure && table.transferred[r] === YES) failed |= FAIL_TRANSFERRED;
	if (table.resolved[r] === NO) failed |= FAIL_DECLARED_UNRESOLVED;
	if (chains.outboundFollowUp[chain] !== 0) failed |= FAIL_OUTBOUND;
	const delay = rules.coldDelay[table.channel[r]];
	if (delay === delay) {
		// A cold-flow channel (the delay is not NaN): an answer before receipt counts as 0.
		const answered = table.handledAt[r];
		if (answered !== answered) failed |= FAIL_NO_ANSWER_TIME;
		else if (answered - table.time[r] > delay) failed |= FAIL_LATE_ANSWER;
	}
	return failed;
}

/** Every demand's verdict under resolved settings, the shared ground of `analyze` and cross tables. */
export interface DemandVerdicts {
	chains: Chains;
	/** Per chain (= demand): `STATUS_*` bits; 0 when the period filter leaves it out. */
	status: Uint8Array;
	/** Per chain: Σ of its repeat contacts' channel costs; null when every channel costs 0. */
	repeatCost: Float64Array | null;
	/** The observation end used (settings.observationEnd or the latest timestamp; 0 when empty). */
	observationEnd: number;
	/** Latest timestamp of the table; -Infinity when empty. */
	latest: number;
}

/**
 * Builds the chains and gives each demand its verdict (METRICS.md §3): kept by the period,
 * pending, resolved at first contact, complex motive.
 */
export function demandVerdicts(
	table: ContactTable,
	settings: AnalysisSettings,
	period: AnalyzeOptions['period'] = undefined
): DemandVerdicts {
	const chains = buildChains(table, settings);
	const { time, channel, motive } = table;

	let latest = -Infinity;
	for (let r = 0; r < table.length; r++) if (time[r] > latest) latest = time[r];
	const observationEnd = settings.observationEnd ?? (table.length > 0 ? latest : 0);

	const rules = verdictRules(table, settings);
	const cost = new Float64Array(table.channels.length);
	let anyCost = false;
	for (let c = 0; c < table.channels.length; c++) {
		const value = settings.costPerChannel[table.channels[c]];
		if (value) {
			cost[c] = value;
			anyCost = true;
		}
	}
	const complexMotives = new Set(settings.complexMotives.map(motiveKey));
	const complex = new Uint8Array(table.motives.length);
	for (let m = 0; m < table.motives.length; m++) complex[m] = complexMotives.has(motiveKey(table.motives[m])) ? 1 : 0;

	// Avoidable cost counts the same contacts as avoidable contacts: the repeats of eligible
	// chains, each at its own channel's cost.
	let repeatCost: Float64Array | null = null;
	if (anyCost) {
		repeatCost = new Float64Array(chains.count);
		for (let r = 0; r < table.length; r++) {
			if (chains.isRepeat[r]) repeatCost[chains.chainOf[r]] += cost[channel[r]];
		}
	}

	const from = period?.from ?? -Infinity;
	const to = period?.to ?? Infinity;
	const window = settings.window;
	const { firstOfChain } = chains;
	const status = new Uint8Array(chains.count);
	for (let chain = 0; chain < chains.count; chain++) {
		const r = firstOfChain[chain];
		const t = time[r];
		if (t < from || t >= to) continue;
		let s = STATUS_KEPT;
		if (complex[motive[r]]) s |= STATUS_COMPLEX;
		if (isPending(window, t, observationEnd)) s |= STATUS_PENDING;
		if (failedConditions(table, chains, rules, chain) === 0) s |= STATUS_RESOLVED;
		status[chain] = s;
	}
	return { chains, status, repeatCost, observationEnd, latest };
}

/** Computes every figure of METRICS.md §3–4 for the table under the given settings. */
export function analyze(
	table: ContactTable,
	partialSettings: Partial<AnalysisSettings> = {},
	options: AnalyzeOptions = {}
): AnalysisResult {
	const settings = resolveSettings(partialSettings);
	const { chains, status, repeatCost, observationEnd, latest } = demandVerdicts(
		table,
		settings,
		options.period
	);
	const from = options.period?.from ?? -Infinity;
	const to = options.period?.to ?? Infinity;

	const total = new Accumulator(1);
	accumulate(table, chains, status, repeatCost, null, total);

	const by: AnalysisResult['by'] = {};
	for (const dimension of new Set(options.by ?? [])) {
		const group = grouping(table, settings, dimension);
		const acc = new Accumulator(group.names.length);
		accumulate(table, chains, status, repeatCost, group, acc);
		const figures: Record<string, BreakdownFigures> = {};
		for (let k = 0; k < group.names.length; k++) {
			if (acc.contacts[k] > 0) figures[group.names[k]] = acc.figures(k);
		}
		by[dimension] = figures;
	}

	const hasPeriod = options.period !== undefined;
	return {
		...total.figures(0),
		by,
		period: hasPeriod
			? {
					from: Number.isFinite(from) ? from : table.length > 0 ? minTime(table) : 0,
					to: Number.isFinite(to) ? to : table.length > 0 ? latest + 1 : 0
				}
			: null,
		observationEnd,
		settings
	};
}

function minTime(table: ContactTable): number {
	let earliest = Infinity;
	for (let r = 0; r < table.length; r++) if (table.time[r] < earliest) earliest = table.time[r];
	return earliest;
}
