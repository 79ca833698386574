/**
 * Friction points [points de friction] and the savings within reach [gisements de productivité]:
 * the catalogue motives (all their CRM codes together; a code no motive claims stays apart, "not
 * in the catalogue") and, when per-state figures are given, the journey states × motives, ranked
 * by the cost of the contacts their customers had to make again (METRICS.md §4, §4b).
 *
 * Complex motives (flagged in the catalogue and counted as complex in the settings) cannot be
 * held to the FCR of simple ones: left in the ranking they come first and inflate the savings.
 * They are sized apart, at their own target, and left out of the savings unless asked for.
 *
 * Savings model, per row, with current FCR `p = resolvedFirst / eligible` and a target `T`:
 *
 *   demands that would become resolved   Δ = eligible × max(0, T − p)
 *   repeat contacts per unresolved demand r = avoidableContacts / (eligible − resolvedFirst)
 *   repeat contacts avoided               Δ × r = avoidableContacts × (T − p)⁺ / (1 − p)
 *   cost avoided                          avoidableCost × (T − p)⁺ / (1 − p)
 *
 * Every avoidable contact belongs to an unresolved demand (a resolved demand has one contact), so
 * `r` is the "contacts per unresolved demand − 1" of the row. The model assumes the demands that
 * a better answer would resolve are typical of the row's unresolved demands: same number of
 * repeats, same channel mix for them. With `T ≥ 1` every avoidable contact of the row is saved;
 * with `T ≤ p` nothing is. The figures cover the analysed period; `perYear` scales them by
 * 12 / months analysed.
 */
import { SPREADSHEET, csvLine } from '../domain/csv-cell';
import type { CrossResult } from './cross';
import type { Figures } from './metrics';
import { roundAmount } from './money';

/** A motive as the ranking names and links it (from the catalogue). */
export interface FrictionMotive {
	/** Catalogue id, for links. */
	id?: string;
	label: string;
	/** Counted as complex: flagged in the catalogue and not counted as simple in the settings. */
	complex: boolean;
	/** Its CRM codes, shown as the row's detail. */
	codes: string[];
	/** Journey states where it arises (`journeyId` + dotted `stateId`). */
	states: { journeyId: string; stateId: string }[];
	articleIds: string[];
}

/** FCR of one motive in one month: its eligible demands and those resolved at first contact. */
export interface MonthCell {
	eligible: number;
	resolvedFirst: number;
}

/** Figures of a journey state × motive, when the overlay provides them. */
export interface StateMotiveFigures {
	journeyId: string;
	/** Dotted state path. */
	stateId: string;
	motive: string;
	figures: Figures;
}

export interface FrictionInput {
	/**
	 * `AnalysisResult.by.motive`: catalogue motive id (its codes together, through the settings'
	 * `motiveGroups`) or, for a code no motive claims, the code → figures.
	 */
	byMotive: Record<string, Figures> | undefined;
	/** The catalogue's motive for a key of `byMotive` (a motive id); undefined for an uncatalogued code. */
	motiveOf: (key: string) => FrictionMotive | undefined;
	/**
	 * The label of the engine's `unqualified` key (contacts with no motive) when no catalogue motive
	 * claims it, in the reader's language; the key itself without it.
	 */
	noMotiveLabel?: string;
	/**
	 * Motive → month (`YYYY-MM`) → FCR cell, for the trend. Without it (or with fewer than two
	 * months holding eligible demands) a row has no trend.
	 */
	monthly?: Record<string, Record<string, MonthCell>>;
	/**
	 * Per journey state × motive figures (motive: a key of the engine's `motive` breakdown, a motive
	 * id or an uncatalogued code): one more row each, keyed `state:<journey>:<state>:<motive>`.
	 */
	byStateMotive?: readonly StateMotiveFigures[];
	/** Target FCR for every row but the complex ones (0–1). @default 0.8 */
	target?: number;
	/** Target FCR of complex motives. @default the global target */
	complexTarget?: number;
	/** Whether complex motives' savings count in the savings within reach. @default false */
	includeComplex?: boolean;
	/** Row key → its own target, overriding `target`. */
	targets?: Record<string, number>;
	/** Months the figures cover, for the yearly savings; null or 0: no yearly figure. */
	months?: number | null;
}

export interface FrictionTrend {
	fromMonth: string;
	toMonth: string;
	fromFcr: number;
	toFcr: number;
	/** toFcr − fromFcr, in FCR fraction points. */
	delta: number;
}

export interface FrictionRow {
	/**
	 * `motive:<motive id>` (`motive:<code>` for an uncatalogued code) or
	 * `state:<journeyId>:<stateId>:<motive id or code>`: stable, used as the action's `frictionKey`.
	 */
	key: string;
	kind: 'motive' | 'state';
	/** The motive's CRM codes; the code itself when uncatalogued. */
	codes: string[];
	/** Undefined: a code the catalogue does not know ("not in the catalogue"). */
	motive: FrictionMotive | undefined;
	/** A complex motive: sized at the complex target, apart from the others. */
	complex: boolean;
	/** Whether its savings count in the savings within reach (every row but complex ones, by default). */
	inSavings: boolean;
	/** The state of a state row. */
	state?: { journeyId: string; stateId: string };
	label: string;
	demands: number;
	contacts: number;
	eligible: number;
	resolvedFirst: number;
	fcr: number | null;
	fcrCi95: [number, number] | null;
	avoidableContacts: number;
	avoidableCost: number;
	/** Absent when no monthly series was given or fewer than two months have eligible demands. */
	trend: FrictionTrend | null;
	target: number;
	/** Whether `target` is the row's own (not the global one). */
	ownTarget: boolean;
	savingsContacts: number;
	savingsCost: number;
	/** savingsCost × 12 / months; null when the months are unknown. */
	savingsCostPerYear: number | null;
}

export interface FrictionTotals {
	demands: number;
	contacts: number;
	eligible: number;
	resolvedFirst: number;
	fcr: number | null;
	avoidableContacts: number;
	avoidableCost: number;
	/** Of the rows in the savings. */
	savingsContacts: number;
	/**
	 * The savings within reach [gisement de productivité] (METRICS.md §4b): Σ of the savings at
	 * their target of the rows in the savings, over the analysed period. The one figure every page
	 * and export shows under that name.
	 */
	savingsCost: number;
	/** savingsCost × 12 / months; null when the months are unknown. */
	savingsCostPerYear: number | null;
	/** Complex motive rows, sized apart. */
	complex: { rows: number; avoidableCost: number; savingsCost: number; savingsCostPerYear: number | null };
	/** The savings of every row but complex ones, and of every row: the figure with and without them. */
	savingsCostWithoutComplex: number;
	savingsCostWithComplex: number;
}

/** @default 0.8 — a common once-and-done ambition for front-line motives. */
export const DEFAULT_TARGET = 0.8;

export interface Savings {
	contacts: number;
	cost: number;
}

/** The savings of one row if its FCR reached `target` (model in the file comment). */
export function savingsAt(
	figures: Pick<Figures, 'eligible' | 'resolvedFirst' | 'avoidableContacts' | 'avoidableCost'>,
	target: number
): Savings {
	const { eligible, resolvedFirst, avoidableContacts, avoidableCost } = figures;
	const unresolved = eligible - resolvedFirst;
	if (eligible <= 0 || unresolved <= 0) return { contacts: 0, cost: 0 };
	const p = resolvedFirst / eligible;
	const gap = Math.max(0, Math.min(1, target) - p);
	const share = gap / (1 - p);
	return { contacts: avoidableContacts * share, cost: avoidableCost * share };
}

/** FCR change between the first and last months with eligible demands; null with fewer than two. */
export function trendOf(months: Record<string, MonthCell> | undefined): FrictionTrend | null {
	if (!months) return null;
	const keys = Object.keys(months)
		.filter((k) => months[k].eligible > 0)
		.sort();
	if (keys.length < 2) return null;
	const first = months[keys[0]];
	const last = months[keys[keys.length - 1]];
	const fromFcr = first.resolvedFirst / first.eligible;
	const toFcr = last.resolvedFirst / last.eligible;
	return { fromMonth: keys[0], toMonth: keys[keys.length - 1], fromFcr, toFcr, delta: toFcr - fromFcr };
}

/** The motive × month series of a `crossBreakdown` with rows `motive` and columns `month`. */
export function monthlyFromCross(cross: CrossResult | undefined | null): Record<string, Record<string, MonthCell>> | undefined {
	if (!cross || cross.rows !== 'motive' || cross.cols !== 'month') return undefined;
	const series: Record<string, Record<string, MonthCell>> = {};
	cross.rowKeys.forEach((motive, i) => {
		const months: Record<string, MonthCell> = {};
		cross.colKeys.forEach((month, j) => {
			const cell = cross.cells[i][j];
			if (cell.demands > 0) months[month] = { eligible: cell.eligible, resolvedFirst: cell.resolvedFirst };
		});
		series[motive] = months;
	});
	return series;
}

/** A motive row's key: its catalogue id, or the code when uncatalogued. */
export const motiveKey = (motive: string) => `motive:${motive}`;
export const stateKey = (journeyId: string, stateId: string, motive: string) => `state:${journeyId}:${stateId}:${motive}`;

/** Rows of the ranking, sorted by avoidable cost (then avoidable contacts, then key). */
export function rankFrictions(input: FrictionInput): FrictionRow[] {
	const globalTarget = input.target ?? DEFAULT_TARGET;
	const complexTarget = input.complexTarget ?? globalTarget;
	const includeComplex = input.includeComplex ?? false;
	const months = input.months && input.months > 0 ? input.months : null;
	const rows: FrictionRow[] = [];
	const make = (
		key: string,
		kind: FrictionRow['kind'],
		motiveKeyOrCode: string,
		figures: Figures,
		state?: { journeyId: string; stateId: string }
	): FrictionRow => {
		const motive = input.motiveOf(motiveKeyOrCode);
		const complex = motive?.complex ?? false;
		const own = input.targets?.[key];
		const target = own ?? (complex ? complexTarget : globalTarget);
		const savings = savingsAt(figures, target);
		return {
			key,
			kind,
			codes: motive ? [...motive.codes] : [motiveKeyOrCode],
			motive,
			complex,
			inSavings: !complex || includeComplex,
			state,
			label: motive?.label ?? (motiveKeyOrCode === 'unqualified' && input.noMotiveLabel ? input.noMotiveLabel : motiveKeyOrCode),
			demands: figures.demands,
			contacts: figures.contacts,
			eligible: figures.eligible,
			resolvedFirst: figures.resolvedFirst,
			fcr: figures.fcr,
			fcrCi95: figures.fcrCi95,
			avoidableContacts: figures.avoidableContacts,
			avoidableCost: figures.avoidableCost,
			trend: kind === 'motive' ? trendOf(input.monthly?.[motiveKeyOrCode]) : null,
			target,
			ownTarget: own !== undefined,
			savingsContacts: savings.contacts,
			savingsCost: savings.cost,
			savingsCostPerYear: months ? (savings.cost * 12) / months : null
		};
	};
	for (const [key, figures] of Object.entries(input.byMotive ?? {})) {
		rows.push(make(motiveKey(key), 'motive', key, figures));
	}
	for (const s of input.byStateMotive ?? []) {
		rows.push(make(stateKey(s.journeyId, s.stateId, s.motive), 'state', s.motive, s.figures, { journeyId: s.journeyId, stateId: s.stateId }));
	}
	return sortFrictions(rows, DEFAULT_FRICTION_SORT);
}

/** The rows ranked together (in the savings) and the rows sized apart (complex, out of the savings). */
export function splitFrictions(rows: readonly FrictionRow[]): { ranked: FrictionRow[]; apart: FrictionRow[] } {
	return { ranked: rows.filter((r) => r.inSavings), apart: rows.filter((r) => !r.inSavings) };
}

/** Totals over the motive rows only: state rows re-count the same demands. */
export function frictionTotals(rows: readonly FrictionRow[], months?: number | null): FrictionTotals {
	const t = { demands: 0, contacts: 0, eligible: 0, resolvedFirst: 0, avoidableContacts: 0, avoidableCost: 0, savingsContacts: 0, savingsCost: 0 };
	const complex = { rows: 0, avoidableCost: 0, savingsCost: 0 };
	let simpleSavings = 0;
	for (const row of rows) {
		if (row.kind !== 'motive') continue;
		t.demands += row.demands;
		t.contacts += row.contacts;
		t.eligible += row.eligible;
		t.resolvedFirst += row.resolvedFirst;
		t.avoidableContacts += row.avoidableContacts;
		t.avoidableCost += row.avoidableCost;
		if (row.inSavings) {
			t.savingsContacts += row.savingsContacts;
			t.savingsCost += row.savingsCost;
		}
		if (row.complex) {
			complex.rows++;
			complex.avoidableCost += row.avoidableCost;
			complex.savingsCost += row.savingsCost;
		} else simpleSavings += row.savingsCost;
	}
	const perYear = (cost: number) => (months && months > 0 ? (cost * 12) / months : null);
	return {
		...t,
		fcr: t.eligible > 0 ? t.resolvedFirst / t.eligible : null,
		savingsCostPerYear: perYear(t.savingsCost),
		complex: { ...complex, savingsCostPerYear: perYear(complex.savingsCost) },
		savingsCostWithoutComplex: simpleSavings,
		savingsCostWithComplex: simpleSavings + complex.savingsCost
	};
}

// ---------------------------------------------------------------- sorting

export type FrictionSortColumn =
	| 'label'
	| 'demands'
	| 'contacts'
	| 'fcr'
	| 'avoidableContacts'
	| 'avoidableCost'
	| 'trend'
	| 'target'
	| 'savingsContacts'
	| 'savingsCost';

export interface FrictionSort {
	column: FrictionSortColumn;
	direction: 'ascending' | 'descending';
}

export const DEFAULT_FRICTION_SORT: FrictionSort = { column: 'avoidableCost', direction: 'descending' };

function sortValue(row: FrictionRow, column: FrictionSortColumn): number | string | null {
	if (column === 'label') return row.label.toLocaleLowerCase();
	if (column === 'trend') return row.trend?.delta ?? null;
	return row[column];
}

/**
 * A sorted copy. Missing values (no FCR, no trend) go last in both directions; ties fall back to
 * avoidable contacts (largest first), then the key, so the order is stable.
 */
export function sortFrictions(rows: readonly FrictionRow[], sort: FrictionSort): FrictionRow[] {
	const sign = sort.direction === 'ascending' ? 1 : -1;
	const tie = (a: FrictionRow, b: FrictionRow) =>
		b.avoidableContacts - a.avoidableContacts || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
	return [...rows].sort((a, b) => {
		const x = sortValue(a, sort.column);
		const y = sortValue(b, sort.column);
		if (x === null || y === null) return x === y ? tie(a, b) : x === null ? 1 : -1;
		if (typeof x === 'string' || typeof y === 'string') {
			return sign * String(x).localeCompare(String(y)) || tie(a, b);
		}
		return sign * (x - y) || tie(a, b);
	});
}

// ---------------------------------------------------------------- CSV

export interface FrictionCsvOptions {
	/** French number format: decimal comma. @default false */
	decimalComma?: boolean;
	/** Column headers by column id (see `FRICTION_CSV_COLUMNS`). */
	headers?: Partial<Record<(typeof FRICTION_CSV_COLUMNS)[number], string>>;
	/** The words of the `group` column. @default the English ones */
	groups?: Partial<Record<FrictionGroup, string>>;
}

/** Which part of the ranking a row is in: with the others, a complex motive sized apart, or a code the catalogue lacks. */
export type FrictionGroup = 'catalogue' | 'complex' | 'uncatalogued';

export function frictionGroup(row: FrictionRow): FrictionGroup {
	return !row.motive ? 'uncatalogued' : row.complex ? 'complex' : 'catalogue';
}

const GROUP_WORDS: Record<FrictionGroup, string> = {
	catalogue: 'catalogue',
	complex: 'complex',
	uncatalogued: 'not in catalogue'
};

export const FRICTION_CSV_COLUMNS = [
	'label',
	'codes',
	'group',
	'in_savings',
	'journey',
	'state',
	'demands',
	'contacts',
	'eligible',
	'fcr',
	'fcr_low',
	'fcr_high',
	'avoidable_contacts',
	'avoidable_cost',
	'trend_points',
	'target',
	'savings_contacts',
	'savings_cost',
	'savings_cost_per_year'
] as const;

/**
 * The ranking as CSV for a spreadsheet, like the dashboard's breakdowns: UTF-8 with a byte-order
 * mark, `;` between cells, CRLF line ends; one row per motive named in words, its CRM codes beside
 * it; rates, intervals, trend and target in percent with one decimal, contacts saved with one
 * decimal, amounts rounded as every page shows them (`roundAmount`) and written with two
 * decimals; an empty cell means no value.
 */
export function frictionsCsv(rows: readonly FrictionRow[], options: FrictionCsvOptions = {}): string {
	const comma = options.decimalComma ?? false;
	const num = (value: number | null | undefined, digits: number) => {
		if (value === null || value === undefined || !Number.isFinite(value)) return '';
		const text = value.toFixed(digits);
		return comma ? text.replace('.', ',') : text;
	};
	const money = (value: number | null) => (value === null ? '' : num(roundAmount(value), 2));
	const groups = { ...GROUP_WORDS, ...options.groups };
	const lines = [csvLine(FRICTION_CSV_COLUMNS.map((c) => options.headers?.[c] ?? c), SPREADSHEET)];
	for (const r of rows) {
		const cells = [
			r.label,
			r.codes.join(', '),
			groups[frictionGroup(r)],
			r.inSavings ? '1' : '0',
			r.state?.journeyId ?? '',
			r.state?.stateId ?? '',
			String(r.demands),
			String(r.contacts),
			String(r.eligible),
			num(r.fcr === null ? null : r.fcr * 100, 1),
			num(r.fcrCi95 ? r.fcrCi95[0] * 100 : null, 1),
			num(r.fcrCi95 ? r.fcrCi95[1] * 100 : null, 1),
			String(r.avoidableContacts),
			money(r.avoidableCost),
			num(r.trend ? r.trend.delta * 100 : null, 1),
			num(r.target * 100, 1),
			num(r.savingsContacts, 1),
			money(r.savingsCost),
			money(r.savingsCostPerYear)
		];
		lines.push(csvLine(cells, SPREADSHEET));
	}
	return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
