/**
 * What the anticipation page, the journey graph and the exports do with the engine's triggers
 * (METRICS.md §5b): filter by kind, rank by attributable contacts or by saving, say which
 * triggers are strong, put the saving on a year, and write the ranking as CSV.
 */
import { csvLine, SPREADSHEET } from '../../domain/csv-cell';
import { roundAmount } from '../money';
import { DAY } from '../settings';
import type { AnticipationResult, Trigger, TriggerKind } from './types';

export const TRIGGER_KINDS: readonly TriggerKind[] = ['event', 'state', 'exitPage'];

/** A strong trigger: a lift of at least this… */
export const STRONG_LIFT = 2;
/** …over at least this many occurrences (fewer would make the lift a matter of chance). */
export const STRONG_MIN_OCCURRENCES = 30;

export function isStrongTrigger(trigger: Pick<Trigger, 'lift' | 'occurrences'>): boolean {
	return trigger.lift !== null && trigger.lift >= STRONG_LIFT && trigger.occurrences >= STRONG_MIN_OCCURRENCES;
}

export type TriggerOrder = 'attributable' | 'saving';

/**
 * The triggers of the kinds asked (all when none), ranked by attributable contacts, or by saving
 * (triggers without a saving last), then by occurrences and key so the order is stable.
 */
export function rankTriggers(triggers: readonly Trigger[], options: { kinds?: readonly TriggerKind[]; order?: TriggerOrder } = {}): Trigger[] {
	const kinds = options.kinds?.length ? new Set(options.kinds) : null;
	const bySaving = options.order === 'saving';
	return triggers
		.filter((t) => !kinds || kinds.has(t.kind))
		.sort((a, b) => {
			if (bySaving && a.saving !== b.saving) return (b.saving ?? -Infinity) - (a.saving ?? -Infinity);
			return b.attributable - a.attributable || b.occurrences - a.occurrences || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
		});
}

/** Days the result's period covers; null when unknown or under a day. */
export function periodDays(result: Pick<AnticipationResult, 'period'>): number | null {
	const { start, end } = result.period;
	if (start === null || end === null || !(end - start >= DAY)) return null;
	return (end - start) / DAY;
}

/** A saving over the period put on a year (365 days); null when either is unknown. */
export function savingPerYear(saving: number | null, days: number | null): number | null {
	return saving === null || days === null ? null : (saving * 365) / days;
}

/** The journey state a state trigger's key names (`state:<state id>`); null for other kinds. */
export function triggerState(key: string): string | null {
	return key.startsWith('state:') ? key.slice('state:'.length) : null;
}

export const ANTICIPATION_CSV_COLUMNS = [
	'kind',
	'trigger',
	'occurrences',
	'pending',
	'customers',
	'followed',
	'rate',
	'rate_low',
	'rate_high',
	'baseline',
	'lift',
	'attributable_contacts',
	'following_contacts',
	'mean_cost',
	'saving',
	'saving_per_year',
	'median_delay_hours',
	'top_motives'
] as const;

export interface AnticipationCsvOptions {
	/** Decimal comma (French spreadsheets). @default false */
	decimalComma?: boolean;
	/** Column headers in the user's language, by column. */
	headers?: Partial<Record<(typeof ANTICIPATION_CSV_COLUMNS)[number], string>>;
	/** Words for the trigger kinds. */
	kinds?: Partial<Record<TriggerKind, string>>;
	/** Labels shown for triggers (the state's name rather than its id), by key. */
	labels?: (trigger: Trigger) => string;
	/** Days of the period, for the saving per year. */
	days?: number | null;
}

/**
 * The ranking as CSV for a spreadsheet, as the other exports: UTF-8 with a byte-order mark, `;`
 * between cells, CRLF line ends; rates in percent with one decimal, lift with two, attributable
 * contacts with one, amounts rounded as the pages show them with two decimals; the top motives
 * as `motive (share %)` joined by `, `; an empty cell means no value.
 */
export function anticipationCsv(triggers: readonly Trigger[], options: AnticipationCsvOptions = {}): string {
	const comma = options.decimalComma ?? false;
	const num = (value: number | null | undefined, digits: number) => {
		if (value === null || value === undefined || !Number.isFinite(value)) return '';
		const text = value.toFixed(digits);
		return comma ? text.replace('.', ',') : text;
	};
	const pct = (value: number | null) => num(value === null ? null : value * 100, 1);
	const money = (value: number | null) => (value === null ? '' : num(roundAmount(value), 2));
	const lines = [csvLine(ANTICIPATION_CSV_COLUMNS.map((c) => options.headers?.[c] ?? c), SPREADSHEET)];
	for (const t of triggers) {
		lines.push(
			csvLine(
				[
					options.kinds?.[t.kind] ?? t.kind,
					options.labels ? options.labels(t) : t.label,
					String(t.occurrences),
					String(t.pending),
					String(t.customers),
					String(t.followed),
					pct(t.rate.rate),
					pct(t.rate.ci95 ? t.rate.ci95[0] : null),
					pct(t.rate.ci95 ? t.rate.ci95[1] : null),
					pct(t.baseline),
					num(t.lift, 2),
					num(t.attributable, 1),
					String(t.followingContacts),
					money(t.meanCost),
					money(t.saving),
					money(savingPerYear(t.saving, options.days ?? null)),
					num(t.medianDelay === null ? null : t.medianDelay / 3_600_000, 1),
					t.motives.map((m) => `${m.value} (${num(m.share * 100, 0)} %)`).join(', ')
				],
				SPREADSHEET
			)
		);
	}
	return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
