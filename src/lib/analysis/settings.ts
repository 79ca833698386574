/**
 * Analysis settings (METRICS.md §2). Plain JSON data: they travel to the Web Worker and into
 * saved workspaces, so no functions, no Maps, no Infinity.
 */

import { parseIsoTimestamp } from './from-rows';
import type { WallClock } from './time-zone';

/** The repeat window `W`: a calendar day, or a duration in milliseconds. */
export type Window = { kind: 'intraday' } | { kind: 'duration'; ms: number };

/** What "the same subject" means when chaining contacts. */
export type Scope = 'any' | 'category' | 'motive';

export interface AnalysisSettings {
	/** @default { kind: 'duration', ms: 7 days } */
	window: Window;
	/** @default 'motive' */
	scope: Scope;
	/** `same`: the channel joins the scope key (classic per-channel FCR). @default 'any' */
	channels: 'any' | 'same';
	/** When false a transferred first contact may still count as resolved. @default true */
	transferIsFailure: boolean;
	/**
	 * Wall-clock milliseconds (see table.ts) up to which the log is complete; demands whose
	 * window is not fully observed before it are pending.
	 * @default undefined — the latest `timestamp` of the table, inbound and outbound rows alike
	 */
	observationEnd?: number;
	/**
	 * Channel (lower case) → longest answer delay in ms for a first contact to count as resolved;
	 * `null` = a cold-flow channel without limit (no condition). Channels not listed have no condition.
	 * @default { email: 1 hour, web_form: 1 hour, mail: null }
	 */
	coldFlowDelays: Record<string, number | null>;
	/** Motives flagged complex in the catalogue, left out of "FCR excl. complex". @default [] */
	complexMotives: string[];
	/** Motive → category; an uncatalogued motive is its own category. @default {} */
	categories: Record<string, string>;
	/**
	 * Motive code → the catalogue motive it is filed under (the motive's id). The `motive`
	 * breakdown groups a motive's codes under that key (`FAC-CONTEST` and `FACT02` are one row); a
	 * code not listed stays its own key (an uncatalogued motive). Chains still follow the code
	 * (METRICS.md §3), so a motive's row is the sum of its codes' rows.
	 * @default {}
	 */
	motiveGroups: Record<string, string>;
	/** Motive code → its catalogue theme (top-level, the theme's id), for the `theme` breakdown; an uncatalogued code is its own theme. @default {} */
	themes: Record<string, string>;
	/**
	 * Channel (lower case) → cost of one contact, in whatever currency the user works in.
	 * A channel not listed costs 0, so with the default every avoidable cost is 0.
	 * @default {}
	 */
	costPerChannel: Record<string, number>;
	/**
	 * IANA zone whose wall clock times written with a zone or offset are on (METRICS.md §1 *Time*).
	 * The rules below work on wall-clock times already; whoever hands them a stored table puts it
	 * on this zone first (`inTimeZone`), as the engine worker does.
	 * @default the zone the table was read in
	 */
	timeZone?: string;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const DEFAULT_SETTINGS: Readonly<AnalysisSettings> = Object.freeze({
	window: { kind: 'duration', ms: 7 * DAY },
	scope: 'motive',
	channels: 'any',
	transferIsFailure: true,
	coldFlowDelays: { email: HOUR, web_form: HOUR, mail: null },
	complexMotives: [],
	categories: {},
	motiveGroups: {},
	themes: {},
	costPerChannel: {}
} satisfies AnalysisSettings);

const UNITS: Record<string, number> = {
	ms: 1,
	s: 1000,
	sec: 1000,
	m: MINUTE,
	min: MINUTE,
	h: HOUR,
	d: DAY,
	j: DAY,
	w: 7 * DAY
};

/** Parses `90m`, `24h`, `3d`, `1.5h`, `2w`, `500ms` into milliseconds; throws on anything else. */
export function parseDuration(text: string): number {
	const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(text);
	const unit = match ? UNITS[match[2].toLowerCase()] : undefined;
	if (!match || unit === undefined) {
		throw new Error(
			`Invalid duration "${text}": expected a number and a unit (ms, s, m, h, d, w), e.g. 24h or 7d`
		);
	}
	const ms = Number(match[1]) * unit;
	if (!(ms > 0) || !Number.isFinite(ms)) {
		throw new Error(`Invalid duration "${text}": it must be greater than zero`);
	}
	return Math.round(ms);
}

/** Parses a window: `intraday` or a duration (`24h`, `48h`, `3d`, `7d`, `30d`, `90m`, …). */
export function parseWindow(text: string): Window {
	if (/^\s*intraday\s*$/i.test(text)) return { kind: 'intraday' };
	try {
		return { kind: 'duration', ms: parseDuration(text) };
	} catch {
		throw new Error(
			`Invalid window "${text}": expected "intraday" or a duration such as 24h, 48h, 3d, 7d, 30d, 90m`
		);
	}
}

/**
 * The observation end a person writes, in wall-clock ms (METRICS.md §2): a date alone is the end
 * of that day (23:59:59.999), a time to the minute the end of that minute (…:59.999); a time with
 * seconds is taken as written. The command line's `--end` and the app's setting both read it here.
 * Throws on text that is not an ISO date or date-time.
 */
export function parseObservationEnd(text: string, clock?: WallClock): number {
	const trimmed = text.trim();
	// An end written with a zone is put on the wall clock of `clock`, like the data.
	const start = parseIsoTimestamp(trimmed, clock);
	const written = trimmed.replace(/(\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(Z|[+-]\d{2}(:?\d{2})?)$/i, '$1');
	if (/^\d{4}-\d{2}-\d{2}$/.test(written)) return start + DAY - 1;
	if (/[T ]\d{2}:\d{2}$/i.test(written)) return start + MINUTE - 1;
	return start;
}

/** The shortest text that `parseWindow` reads back as the same window (`7d`, `36h`, `90m`). */
export function formatWindow(window: Window): string {
	if (window.kind === 'intraday') return 'intraday';
	for (const [unit, size] of [
		['d', DAY],
		['h', HOUR],
		['m', MINUTE],
		['s', 1000]
	] as const) {
		if (window.ms % size === 0) return `${window.ms / size}${unit}`;
	}
	return `${window.ms}ms`;
}

function lowerKeys<T>(record: Record<string, T>): Record<string, T> {
	const out: Record<string, T> = {};
	for (const [key, value] of Object.entries(record)) out[key.trim().toLowerCase()] = value;
	return out;
}

/**
 * Complete settings from a partial set, with defaults, channel keys in lower case (channels are
 * normalised to lower case at import) and fresh copies of every record. Throws on invalid values.
 */
export function resolveSettings(partial: Partial<AnalysisSettings> = {}): AnalysisSettings {
	const window = partial.window ?? DEFAULT_SETTINGS.window;
	if (window.kind === 'duration' && !(window.ms > 0 && Number.isFinite(window.ms))) {
		throw new Error(`Invalid window: a duration must be a positive number of milliseconds`);
	}
	if (window.kind !== 'duration' && window.kind !== 'intraday') {
		throw new Error(`Invalid window kind "${(window as { kind: string }).kind}"`);
	}
	const scope = partial.scope ?? DEFAULT_SETTINGS.scope;
	if (scope !== 'any' && scope !== 'category' && scope !== 'motive') {
		throw new Error(`Invalid scope "${scope}": expected any, category or motive`);
	}
	const channels = partial.channels ?? DEFAULT_SETTINGS.channels;
	if (channels !== 'any' && channels !== 'same') {
		throw new Error(`Invalid channels "${channels}": expected any or same`);
	}
	if (partial.observationEnd !== undefined && !Number.isFinite(partial.observationEnd)) {
		throw new Error(`Invalid observation end: expected wall-clock milliseconds`);
	}
	// METRICS.md §2: setting one channel's delay leaves the others at their defaults (null turns one off).
	const coldFlowDelays = { ...DEFAULT_SETTINGS.coldFlowDelays, ...lowerKeys(partial.coldFlowDelays ?? {}) };
	for (const [channel, delay] of Object.entries(coldFlowDelays)) {
		if (delay !== null && !(delay >= 0 && Number.isFinite(delay))) {
			throw new Error(`Invalid cold-flow delay for ${channel}: expected milliseconds or null`);
		}
	}
	const costPerChannel = lowerKeys(partial.costPerChannel ?? DEFAULT_SETTINGS.costPerChannel);
	for (const [channel, cost] of Object.entries(costPerChannel)) {
		if (!Number.isFinite(cost)) throw new Error(`Invalid cost for ${channel}: expected a number`);
	}
	const settings: AnalysisSettings = {
		window: window.kind === 'intraday' ? { kind: 'intraday' } : { kind: 'duration', ms: window.ms },
		scope,
		channels,
		transferIsFailure: partial.transferIsFailure ?? DEFAULT_SETTINGS.transferIsFailure,
		coldFlowDelays,
		complexMotives: [...(partial.complexMotives ?? DEFAULT_SETTINGS.complexMotives)],
		categories: { ...(partial.categories ?? DEFAULT_SETTINGS.categories) },
		motiveGroups: { ...(partial.motiveGroups ?? DEFAULT_SETTINGS.motiveGroups) },
		themes: { ...(partial.themes ?? DEFAULT_SETTINGS.themes) },
		costPerChannel
	};
	if (partial.observationEnd !== undefined) settings.observationEnd = partial.observationEnd;
	return settings;
}
