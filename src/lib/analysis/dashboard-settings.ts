/**
 * The dashboard's settings as a consultant edits and keeps them per workspace (plain JSON, saved
 * in the browser), and their translation into the engine's `AnalysisSettings` (METRICS.md §2):
 * complex motives and categories come from the motive catalogue, keyed by the CRM codes the
 * dataset actually holds.
 */
import * as v from 'valibot';
import type { Motive, Theme } from '../domain/types';
import { themePath } from '../domain/catalogue';
import { canonicalTimeZone, systemTimeZone } from '../domain/time-zone';
import { categoryOf, motiveForCode, normalizeCrmCode } from '../domain/motives';
import { parseIsoTimestamp } from './from-rows';
import { errorMessage, isRecord } from '../domain/guards';
import {
	DAY,
	DEFAULT_SETTINGS,
	formatWindow,
	parseObservationEnd,
	parseWindow,
	type AnalysisSettings,
	type Scope
} from './settings';

/** The windows offered as buttons; anything else `parseWindow` reads is a custom window. */
export const WINDOW_PRESETS = ['intraday', '24h', '48h', '3d', '7d', '30d'] as const;

export interface DashboardSettings {
	/** `intraday` or a duration (`7d`, `36h`…). @default '7d' */
	window: string;
	/** @default 'motive' */
	scope: Scope;
	/** @default 'any' */
	channels: 'any' | 'same';
	/** @default true */
	transferIsFailure: boolean;
	/** Wall-clock `YYYY-MM-DDTHH:mm`; empty: the latest timestamp in the data. @default '' */
	observationEnd: string;
	/** Channel → longest answer delay in ms; null: no condition. @default email 1 h, web_form 1 h, mail none */
	coldFlowDelays: Record<string, number | null>;
	/** Ids of catalogue motives flagged complex that the user chose to count anyway. @default [] */
	complexExcluded: string[];
	/** Channel → cost of one contact. @default {} */
	costPerChannel: Record<string, number>;
	/** Demands whose first contact is on or after `from` and on or before `to` (`YYYY-MM-DD`; empty: open). */
	period: { from: string; to: string };
	/**
	 * IANA zone whose wall clock times written with a zone are put on: the workspace's (like the
	 * costs, not kept with the dashboard). @default '' — this browser's zone
	 */
	timeZone: string;
}

export function defaultDashboardSettings(): DashboardSettings {
	return {
		window: formatWindow(DEFAULT_SETTINGS.window),
		scope: DEFAULT_SETTINGS.scope,
		channels: DEFAULT_SETTINGS.channels,
		transferIsFailure: DEFAULT_SETTINGS.transferIsFailure,
		observationEnd: '',
		coldFlowDelays: { ...DEFAULT_SETTINGS.coldFlowDelays },
		complexExcluded: [],
		costPerChannel: {},
		period: { from: '', to: '' },
		timeZone: ''
	};
}

/** An object whose entries `entry` refuses are dropped, the others kept. */
const entriesOf = <T>(entry: v.GenericSchema<unknown, T>) =>
	v.pipe(
		v.custom<Record<string, unknown>>(isRecord),
		v.transform((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => v.is(entry, value))) as Record<string, T>)
	);

const amount = v.pipe(v.number(), v.finite(), v.minValue(0));
const localDate = v.pipe(
	v.string(),
	v.check((text) => text === '' || parseLocalDate(text) !== null)
);

/**
 * The dashboard settings as kept in storage, each field checked on its own: a field that is
 * missing or wrong (an older or hand-edited copy) takes its default, the others are kept. The
 * zone is the workspace's, never read from here.
 */
const StoredDashboardSettings = v.pipe(
	v.fallback(v.custom<Record<string, unknown>>(isRecord), () => ({})),
	v.object({
		window: v.fallback(
			v.pipe(
				v.string(),
				v.check((text) => windowError(text) === null)
			),
			() => defaultDashboardSettings().window
		),
		scope: v.fallback(v.picklist(['any', 'category', 'motive']), DEFAULT_SETTINGS.scope),
		channels: v.fallback(v.picklist(['any', 'same']), DEFAULT_SETTINGS.channels),
		transferIsFailure: v.fallback(v.boolean(), DEFAULT_SETTINGS.transferIsFailure),
		observationEnd: v.fallback(
			v.pipe(
				v.string(),
				v.check((text) => parseLocalDateTime(text) !== null)
			),
			''
		),
		// A channel the stored settings do not name keeps its default (METRICS.md §2).
		coldFlowDelays: v.fallback(
			v.pipe(
				entriesOf(v.union([v.null(), amount])),
				v.transform((delays) => ({ ...DEFAULT_SETTINGS.coldFlowDelays, ...delays }))
			),
			() => ({ ...DEFAULT_SETTINGS.coldFlowDelays })
		),
		complexExcluded: v.fallback(
			v.pipe(
				v.array(v.unknown()),
				v.transform((ids) => ids.filter((id): id is string => typeof id === 'string'))
			),
			() => []
		),
		costPerChannel: v.fallback(entriesOf(amount), () => ({})),
		period: v.fallback(
			v.pipe(
				v.custom<Record<string, unknown>>(isRecord),
				v.transform((period) => ({
					from: v.is(localDate, period.from) ? period.from : '',
					to: v.is(localDate, period.to) ? period.to : ''
				}))
			),
			() => ({ from: '', to: '' })
		)
	}),
	v.transform((settings): DashboardSettings => ({ ...settings, timeZone: '' }))
);

/** Settings read back from storage, validated once into the one shape the app uses (see the schema). */
export function readDashboardSettings(stored: unknown): DashboardSettings {
	const read = v.safeParse(StoredDashboardSettings, stored);
	// Every field has its fallback: this holds whatever was stored.
	return read.success ? read.output : defaultDashboardSettings();
}

/** Null when `text` is a window the engine reads, else the reason. */
export function windowError(text: string): string | null {
	try {
		parseWindow(text);
		return null;
	} catch (error) {
		return errorMessage(error);
	}
}

// ---------------------------------------------------------------- dates

/** Wall-clock ms of `YYYY-MM-DDTHH:mm` (a `datetime-local` value); null when empty or invalid. */
export function parseLocalDateTime(text: string): number | null {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text)) return null;
	try {
		return parseIsoTimestamp(text);
	} catch {
		return null;
	}
}

/** Wall-clock ms of the start of `YYYY-MM-DD`; null when empty or invalid. */
export function parseLocalDate(text: string): number | null {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
	try {
		return parseIsoTimestamp(text);
	} catch {
		return null;
	}
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DDTHH:mm` of wall-clock ms (seconds dropped), for a `datetime-local` input. */
export function formatLocalDateTime(ms: number): string {
	const d = new Date(ms);
	return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** `YYYY-MM-DD` of wall-clock ms, for a `date` input. */
export function formatLocalDate(ms: number): string {
	return formatLocalDateTime(ms).slice(0, 10);
}

/**
 * The period filter as `analyze` takes it: `from` inclusive at the start of its day, `to`
 * inclusive up to the end of its day (exclusive at the next midnight). Undefined when open.
 */
export function periodFilter(period: DashboardSettings['period']): { from?: number; to?: number } | undefined {
	const from = parseLocalDate(period.from);
	const to = parseLocalDate(period.to);
	if (from === null && to === null) return undefined;
	const range: { from?: number; to?: number } = {};
	if (from !== null) range.from = from;
	if (to !== null) range.to = to + DAY;
	return range;
}

// ---------------------------------------------------------------- catalogue

/** A motive of the catalogue flagged complex, as the settings panel lists it. */
export interface ComplexMotive {
	motive: Motive;
	/** Counted as complex (its box ticked). */
	included: boolean;
}

/** Motives flagged complex in the catalogue, in catalogue order, with the user's choice. */
export function complexMotivesOf(motives: readonly Motive[], excluded: readonly string[]): ComplexMotive[] {
	const off = new Set(excluded);
	return motives.filter((m) => m.complex).map((motive) => ({ motive, included: !off.has(motive.id) }));
}

/**
 * The motive values the settings must name: the dataset's own spellings of each CRM code when
 * known (`FAC-EXPL`, ` fac-expl `… all map to one motive), else the codes as the catalogue
 * writes them, in upper and in lower case.
 */
function codesOf(motives: readonly Motive[], dataMotives: readonly string[] | undefined): [string, Motive][] {
	if (dataMotives) {
		const lookup = motiveForCode(motives);
		const pairs: [string, Motive][] = [];
		for (const value of dataMotives) {
			const motive = lookup(value);
			if (motive) pairs.push([value, motive]);
		}
		return pairs;
	}
	const pairs: [string, Motive][] = [];
	const seen = new Set<string>();
	for (const motive of motives) {
		for (const code of motive.crmCodes) {
			if (!normalizeCrmCode(code)) continue;
			for (const spelling of [code, code.trim(), code.trim().toUpperCase(), code.trim().toLowerCase()]) {
				if (seen.has(spelling)) continue;
				seen.add(spelling);
				pairs.push([spelling, motive]);
			}
		}
	}
	return pairs;
}

/** What the engine learns from the catalogue. */
export type CatalogueSettings = Pick<AnalysisSettings, 'complexMotives' | 'categories' | 'motiveGroups' | 'themes'>;

/**
 * Complex motives, categories, motive groups and themes from the catalogue (METRICS.md §2): a
 * motive's category is the id of the theme or sub-theme it sits on (shown through the theme's
 * label), its theme the top-level one; every code of a motive is grouped under the motive's id. A
 * CRM code no motive claims stays its own motive, category and theme.
 */
export function catalogueSettings(
	motives: readonly Motive[],
	themes: readonly Theme[],
	excluded: readonly string[] = [],
	dataMotives?: readonly string[]
): CatalogueSettings {
	const off = new Set(excluded);
	const complexMotives: string[] = [];
	const categories: Record<string, string> = {};
	const motiveGroups: Record<string, string> = {};
	const themeOf: Record<string, string> = {};
	for (const [value, motive] of codesOf(motives, dataMotives)) {
		if (motive.complex && !off.has(motive.id)) complexMotives.push(value);
		motiveGroups[value] = motive.id;
		// A motive whose theme is gone (never stored so) simply stays its own category and theme.
		if (themes.some((t) => t.id === motive.themeId)) {
			categories[value] = categoryOf(motive, themes).id;
			themeOf[value] = themePath(motive.themeId, themes)[0].id;
		}
	}
	return { complexMotives: complexMotives.sort(), categories, motiveGroups, themes: themeOf };
}

// ---------------------------------------------------------------- to the engine

export interface SettingsProblem {
	field: 'window' | 'observationEnd' | 'timeZone';
	message: string;
}

/**
 * The engine's settings for the dashboard's choices and the catalogue. When a field is invalid
 * (a custom window being typed) the default is used and the problem is returned to be shown.
 */
export function toAnalysisSettings(
	dashboard: DashboardSettings,
	catalogue: CatalogueSettings
): { settings: Partial<AnalysisSettings>; problems: SettingsProblem[] } {
	const problems: SettingsProblem[] = [];
	let window = DEFAULT_SETTINGS.window;
	try {
		window = parseWindow(dashboard.window);
	} catch (error) {
		problems.push({ field: 'window', message: errorMessage(error) });
	}
	const settings: Partial<AnalysisSettings> = {
		window,
		scope: dashboard.scope,
		channels: dashboard.channels,
		transferIsFailure: dashboard.transferIsFailure,
		coldFlowDelays: { ...dashboard.coldFlowDelays },
		complexMotives: [...catalogue.complexMotives],
		categories: { ...catalogue.categories },
		motiveGroups: { ...catalogue.motiveGroups },
		themes: { ...catalogue.themes },
		costPerChannel: Object.fromEntries(Object.entries(dashboard.costPerChannel).filter(([, cost]) => cost > 0))
	};
	const timeZone = dashboard.timeZone ? canonicalTimeZone(dashboard.timeZone) : systemTimeZone();
	if (timeZone === null) problems.push({ field: 'timeZone', message: `Unknown time zone "${dashboard.timeZone}"` });
	else settings.timeZone = timeZone;
	if (dashboard.observationEnd) {
		// A `datetime-local` value: to the minute (the end of that minute) or to the second.
		if (parseLocalDateTime(dashboard.observationEnd) === null)
			problems.push({ field: 'observationEnd', message: `Invalid date "${dashboard.observationEnd}"` });
		else settings.observationEnd = parseObservationEnd(dashboard.observationEnd);
	}
	return { settings, problems };
}

/** Channels the cold-flow and cost settings list: the dataset's, then any already set. */
export function settingChannels(dataChannels: readonly string[] | undefined, dashboard: DashboardSettings): string[] {
	const channels = new Set(dataChannels ?? []);
	for (const channel of Object.keys(dashboard.coldFlowDelays)) {
		if (!dataChannels || dashboard.coldFlowDelays[channel] !== null) channels.add(channel);
	}
	for (const channel of Object.keys(dashboard.costPerChannel)) channels.add(channel);
	return [...channels].sort();
}

/** A cost typed with a decimal comma or point (`4,50`, `4.5`, `4 €`); null when not a number ≥ 0. */
export function parseAmount(text: string): number | null {
	const cleaned = text.replace(/[\s\u00a0\u202f€$£]/g, '').replace(',', '.');
	if (cleaned === '') return null;
	if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
	return Number(cleaned);
}

/** JSON with object keys sorted: equal settings give equal text, a cache key. */
export function stableKey(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		isRecord(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v
	);
}
