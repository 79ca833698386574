/**
 * Cell values: timestamps, booleans, directions and scores, parsed straight from the bytes of a
 * field so the hot import loop creates no strings. The string versions (`parseTimestamp`, …) go
 * through the same byte parsers so both always agree.
 */

import { FALSE, INBOUND, OUTBOUND, TRUE, UNKNOWN } from '../table';
import type { WallClock } from '../time-zone';
import { recogniseBoolean, recogniseDirection, type DirectionFlag } from './synonyms';

/**
 * How a timestamp column is written; one form per column (METRICS.md §1).
 * - `iso`: `2026-03-01T09:00[:00[.000]][Z|+01:00]`, `T` or a space, or a date only;
 * - `ymd`: the same with `/` or `.` between the parts (`2026/03/01 09:00`);
 * - `dmy`: `01/03/2026 09:00[:00]` (also `-` and `.` separators, two-digit years);
 * - `mdy`: `03/01/2026 9:00 AM`;
 * - `excel-serial`: days since 1899-12-30, the fraction being the time of day;
 * - `twitter`: `Tue Oct 31 22:10:47 +0000 2017`.
 */
export type DateFormat = 'iso' | 'dmy' | 'mdy' | 'ymd' | 'excel-serial' | 'twitter';

export const DATE_FORMATS: readonly DateFormat[] = ['iso', 'ymd', 'dmy', 'mdy', 'excel-serial', 'twitter'];

const MS_PER_DAY = 86_400_000;
/** Excel's day 0 is 1899-12-30 (it counts 1900 as a leap year, so serials after Feb 1900 line up). */
const EXCEL_EPOCH_DAYS = -25_569;

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1–12). */
function daysFromCivil(y: number, m: number, d: number): number {
	y -= m <= 2 ? 1 : 0;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const mp = m > 2 ? m - 3 : m + 9;
	const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146_097 + doe - 719_468;
}

function daysInMonth(y: number, m: number): number {
	if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
	return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

// Rows of one export mostly share their month: remember the last month's first day.
let lastMonth = -1;
let lastMonthMs = 0;
let lastMonthDays = 0;

function dateMs(y: number, m: number, d: number): number {
	const key = y * 100 + m; // months are read from at most two digits
	if (key !== lastMonth) {
		if (m < 1 || m > 12) return NaN;
		lastMonth = key;
		lastMonthMs = daysFromCivil(y, m, 1) * MS_PER_DAY;
		lastMonthDays = daysInMonth(y, m);
	}
	if (d < 1 || d > lastMonthDays) return NaN;
	return lastMonthMs + (d - 1) * MS_PER_DAY;
}

const SPACE = 32;
const TAB = 9;
const isSpace = (c: number) => c === SPACE || c === TAB || c === 0xa0;
const isDigit = (c: number) => c >= 48 && c <= 57;

// The byte parsers below share a cursor: module state is the cheapest way to return a value
// and a position from a helper without allocating.
let cursor = 0;

/**
 * Whether the last timestamp parsed had a zone or offset (its value is then an instant, UTC ms):
 * a flag rather than a second result, so the hot loop allocates nothing and rows without a zone
 * pay one test. Cleared at the start of each `parseTimestampBytes`.
 */
let zoned = false;

/** Whether the timestamp just parsed was written with a zone or offset (`…Z`, `+02:00`, `+0000`): its value is then UTC ms. */
export function lastTimeZoned(): boolean {
	return zoned;
}

/** Reads 1 to `max` digits at `cursor`; -1 when there is none. */
function digits(b: Uint8Array, end: number, max: number): number {
	let p = cursor;
	let v = 0;
	const stop = Math.min(end, p + max);
	while (p < stop) {
		const c = b[p];
		if (c < 48 || c > 57) break;
		v = v * 10 + (c - 48);
		p++;
	}
	if (p === cursor) return -1;
	cursor = p;
	return v;
}

/**
 * Parses an optional time of day and zone from `cursor` to `end` (already trimmed) and adds it to
 * `day` (ms). Accepts `T` or spaces before the time, `hh:mm[:ss[.fff]]`, an optional AM/PM and an
 * optional `Z`, `UTC`, `GMT` or `±hh[:mm]` offset (the time is then converted to UTC and `zoned` set).
 */
function timeTail(b: Uint8Array, end: number, day: number, allowAmPm: boolean): number {
	if (Number.isNaN(day)) return NaN;
	let p = cursor;
	if (p === end) return day;
	const sep = b[p];
	if (sep === 84 || sep === 116) p++; // T
	else if (isSpace(sep)) {
		while (p < end && isSpace(b[p])) p++;
	} else return NaN;
	cursor = p;
	const h = digits(b, end, 2);
	if (h < 0 || cursor >= end || b[cursor] !== 58) {
		// `2026-03-01T` or a date followed by something else
		return NaN;
	}
	cursor++;
	const mi = digits(b, end, 2);
	if (mi < 0 || mi > 59) return NaN;
	let s = 0;
	let ms = 0;
	if (cursor < end && b[cursor] === 58) {
		cursor++;
		s = digits(b, end, 2);
		if (s < 0 || s > 60) return NaN;
		if (s === 60) s = 59; // a leap second is kept within its minute
		if (cursor < end && (b[cursor] === 46 || b[cursor] === 44)) {
			cursor++;
			let scale = 100;
			let any = false;
			while (cursor < end && isDigit(b[cursor])) {
				ms += (b[cursor] - 48) * scale;
				scale /= 10;
				cursor++;
				any = true;
			}
			if (!any) return NaN;
			ms = Math.floor(ms + 1e-9);
		}
	}
	let hour = h;
	p = cursor;
	while (p < end && isSpace(b[p])) p++;
	if (allowAmPm && p + 1 < end && (b[p + 1] | 32) === 109) {
		const a = b[p] | 32;
		if (a === 97 || a === 112) {
			if (h < 1 || h > 12) return NaN;
			hour = (h % 12) + (a === 112 ? 12 : 0);
			p += 2;
			while (p < end && isSpace(b[p])) p++;
		}
	}
	if (hour > 23) {
		if (!(hour === 24 && mi === 0 && s === 0 && ms === 0)) return NaN;
	}
	let t = day + hour * 3_600_000 + mi * 60_000 + s * 1000 + ms;
	if (p === end) return t;
	// zone
	const z = b[p];
	if (z === 90 || z === 122) {
		// Z
		if (p + 1 !== end) return NaN;
		zoned = true;
		return t;
	}
	if (end - p === 3 && z !== 43 && z !== 45) {
		const u = ((b[p] | 32) << 16) | ((b[p + 1] | 32) << 8) | (b[p + 2] | 32);
		if (u !== 0x757463 && u !== 0x676d74) return NaN; // utc, gmt
		zoned = true;
		return t;
	}
	if ((z === 71 || z === 85 || z === 103 || z === 117) && end - p > 3) p += 3; // GMT+01:00
	const sign = b[p] === 43 ? 1 : b[p] === 45 ? -1 : 0;
	if (sign === 0) return NaN;
	cursor = p + 1;
	const zh = digits(b, end, 2);
	if (zh < 0 || zh > 14) return NaN;
	let zm = 0;
	if (cursor < end) {
		if (b[cursor] === 58) cursor++;
		zm = digits(b, end, 2);
		if (zm < 0 || zm > 59) return NaN;
	}
	if (cursor !== end) return NaN;
	t -= sign * (zh * 3_600_000 + zm * 60_000);
	zoned = true;
	return t;
}

const d2 = (b: Uint8Array, i: number) => (b[i] - 48) * 10 + (b[i + 1] - 48);
const isD = (b: Uint8Array, i: number) => b[i] >= 48 && b[i] <= 57;

/**
 * The `hh:mm[:ss]` of a 16- or 19-character timestamp (`n`) starting at `p`, its hour at `p + 11`,
 * in ms; NaN when it is not a time of day. The fast readers below check the separators first.
 */
function fixedTimeOfDay(b: Uint8Array, p: number, n: number): number {
	let sec = 0;
	if (n === 19) {
		if (b[p + 16] !== 58 || !isD(b, p + 17) || !isD(b, p + 18)) return NaN;
		sec = d2(b, p + 17);
	}
	const h = d2(b, p + 11);
	const mi = d2(b, p + 14);
	if (h > 23 || mi > 59 || sec > 59) return NaN;
	return h * 3_600_000 + mi * 60_000 + sec * 1000;
}

/**
 * `yyyy-mm-dd hh:mm[:ss]` exactly, the form of most exports, read at fixed offsets; NaN for
 * anything else (the general parser then decides).
 */
function fastYmdTime(b: Uint8Array, start: number, end: number): number {
	const n = end - start;
	if (n !== 16 && n !== 19) return NaN;
	const p = start;
	if (
		b[p + 4] !== 45 || b[p + 7] !== 45 || b[p + 13] !== 58 || (b[p + 10] !== 32 && b[p + 10] !== 84) ||
		!(isD(b, p) && isD(b, p + 1) && isD(b, p + 2) && isD(b, p + 3) && isD(b, p + 5) && isD(b, p + 6) &&
			isD(b, p + 8) && isD(b, p + 9) && isD(b, p + 11) && isD(b, p + 12) && isD(b, p + 14) && isD(b, p + 15))
	)
		return NaN;
	const time = fixedTimeOfDay(b, p, n);
	if (time !== time) return NaN;
	return dateMs(d2(b, p) * 100 + d2(b, p + 2), d2(b, p + 5), d2(b, p + 8)) + time;
}

/** `yyyy-mm-dd…`; with `anySeparator`, also `/` and `.`. */
function parseYmd(b: Uint8Array, start: number, end: number, anySeparator: boolean): number {
	const fast = fastYmdTime(b, start, end);
	if (fast === fast) return fast;
	cursor = start;
	if (end - start < 8) return NaN;
	const y = digits(b, end, 4);
	if (y < 0 || cursor !== start + 4) return NaN;
	const sep = b[cursor];
	if (sep !== 45 && !(anySeparator && (sep === 47 || sep === 46))) return NaN;
	cursor++;
	const m = digits(b, end, 2);
	if (m < 0 || b[cursor] !== sep) return NaN;
	cursor++;
	const d = digits(b, end, 2);
	if (d < 0) return NaN;
	return timeTail(b, end, dateMs(y, m, d), false);
}

/** `dd/mm/yyyy hh:mm[:ss]` (or month first) exactly, at fixed offsets; NaN for anything else. */
function fastDayMonthTime(b: Uint8Array, start: number, end: number, dayFirst: boolean): number {
	const n = end - start;
	if (n !== 16 && n !== 19) return NaN;
	const p = start;
	const sep = b[p + 2];
	if (
		(sep !== 47 && sep !== 45 && sep !== 46) || b[p + 5] !== sep || b[p + 10] !== 32 || b[p + 13] !== 58 ||
		!(isD(b, p) && isD(b, p + 1) && isD(b, p + 3) && isD(b, p + 4) && isD(b, p + 6) && isD(b, p + 7) &&
			isD(b, p + 8) && isD(b, p + 9) && isD(b, p + 11) && isD(b, p + 12) && isD(b, p + 14) && isD(b, p + 15))
	)
		return NaN;
	const time = fixedTimeOfDay(b, p, n);
	if (time !== time) return NaN;
	const a = d2(b, p);
	const c = d2(b, p + 3);
	const y = d2(b, p + 6) * 100 + d2(b, p + 8);
	return (dayFirst ? dateMs(y, c, a) : dateMs(y, a, c)) + time;
}

/** `dd/mm/yyyy…` (`dayFirst`) or `mm/dd/yyyy…`; separators `/`, `-` or `.`; two-digit years are 20yy. */
function parseDayMonth(b: Uint8Array, start: number, end: number, dayFirst: boolean): number {
	const fast = fastDayMonthTime(b, start, end, dayFirst);
	if (fast === fast) return fast;
	cursor = start;
	const a = digits(b, end, 2);
	if (a < 0 || cursor >= end) return NaN;
	const sep = b[cursor];
	if (sep !== 47 && sep !== 45 && sep !== 46) return NaN;
	cursor++;
	const c = digits(b, end, 2);
	if (c < 0 || cursor >= end || b[cursor] !== sep) return NaN;
	cursor++;
	const yStart = cursor;
	let y = digits(b, end, 4);
	const yLen = cursor - yStart;
	if (yLen === 2) y += 2000;
	else if (yLen !== 4) return NaN;
	return timeTail(b, end, dayFirst ? dateMs(y, c, a) : dateMs(y, a, c), true);
}

function parseExcelSerial(b: Uint8Array, start: number, end: number): number {
	let p = start;
	let whole = 0;
	while (p < end && isDigit(b[p])) whole = whole * 10 + (b[p++] - 48);
	if (p === start) return NaN;
	let frac = 0;
	if (p < end && (b[p] === 46 || b[p] === 44)) {
		p++;
		let scale = 0.1;
		while (p < end && isDigit(b[p])) {
			frac += (b[p++] - 48) * scale;
			scale /= 10;
		}
	}
	if (p !== end || whole < 1 || whole > 2_958_465) return NaN;
	// Rounded to the second: exports truncate the fraction (0.33333 for 08:00), which would
	// otherwise land a few hundred milliseconds before the written time.
	const seconds = Math.round((whole + EXCEL_EPOCH_DAYS + frac) * 86_400);
	return seconds * 1000;
}

const MONTHS: Record<number, number> = {};
['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].forEach((name, i) => {
	MONTHS[(name.charCodeAt(0) << 16) | (name.charCodeAt(1) << 8) | name.charCodeAt(2)] = i + 1;
});

/** `Tue Oct 31 22:10:47 +0000 2017` (the weekday is not checked). */
function parseTwitter(b: Uint8Array, start: number, end: number): number {
	if (end - start < 26 || b[start + 3] !== SPACE || b[start + 7] !== SPACE) return NaN;
	const key = ((b[start + 4] | 32) << 16) | ((b[start + 5] | 32) << 8) | (b[start + 6] | 32);
	const m = MONTHS[key];
	if (m === undefined) return NaN;
	cursor = start + 8;
	const d = digits(b, end, 2);
	if (d < 0 || b[cursor] !== SPACE) return NaN;
	cursor++;
	const h = digits(b, end, 2);
	if (h < 0 || h > 23 || b[cursor] !== 58) return NaN;
	cursor++;
	const mi = digits(b, end, 2);
	if (mi < 0 || mi > 59 || b[cursor] !== 58) return NaN;
	cursor++;
	const s = digits(b, end, 2);
	if (s < 0 || s > 60 || b[cursor] !== SPACE) return NaN;
	cursor++;
	const sign = b[cursor] === 43 ? 1 : b[cursor] === 45 ? -1 : 0;
	if (sign === 0) return NaN;
	cursor++;
	const zStart = cursor;
	const z = digits(b, end, 4);
	if (z < 0 || cursor - zStart !== 4 || b[cursor] !== SPACE) return NaN;
	cursor++;
	const yStart = cursor;
	const y = digits(b, end, 4);
	if (cursor - yStart !== 4 || cursor !== end) return NaN;
	const day = dateMs(y, m, d);
	const offset = Math.floor(z / 100) * 3_600_000 + (z % 100) * 60_000;
	zoned = day === day;
	return day + h * 3_600_000 + mi * 60_000 + Math.min(s, 59) * 1000 - sign * offset;
}

/**
 * Parses a timestamp from `b[start, end)`, surrounding spaces allowed; NaN when it does not fit
 * `format`. A time with a zone or offset gives UTC ms and sets `lastTimeZoned()`.
 */
export function parseTimestampBytes(b: Uint8Array, start: number, end: number, format: DateFormat): number {
	zoned = false;
	while (start < end && isSpace(b[start])) start++;
	while (end > start && isSpace(b[end - 1])) end--;
	if (start === end) return NaN;
	switch (format) {
		case 'iso':
			return parseYmd(b, start, end, false);
		case 'ymd':
			return parseYmd(b, start, end, true);
		case 'dmy':
			return parseDayMonth(b, start, end, true);
		case 'mdy':
			return parseDayMonth(b, start, end, false);
		case 'excel-serial':
			return parseExcelSerial(b, start, end);
		case 'twitter':
			return parseTwitter(b, start, end);
	}
}

let scratch = new Uint8Array(64);
/** Latin-1 view of a string for the byte parsers; characters beyond it become 0xFF, which no parser accepts. */
function asciiBytes(text: string): Uint8Array {
	if (scratch.length < text.length) scratch = new Uint8Array(text.length * 2);
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		scratch[i] = c < 256 ? c : 0xff;
	}
	return scratch;
}

/**
 * Parses a timestamp written in `format` to wall-clock milliseconds (`table.ts`): times without a
 * zone keep their written date and hour; times with a zone or offset are put on `clock`'s wall
 * clock (METRICS.md §1 *Time*), or left in UTC without one. NaN when the text is empty or does not
 * fit the format.
 */
export function parseTimestamp(text: string, format: DateFormat, clock?: WallClock): number {
	const t = parseTimestampBytes(asciiBytes(text), 0, text.length, format);
	return zoned && clock ? clock.toWall(t) : t;
}

/**
 * Picks the one form that parses the most of `values` (non-empty cells of one column). A tie
 * between `dmy` and `mdy` (every day and month ≤ 12) goes to `dmy`, the French habit, and is
 * `ambiguous`: the caller says so (METRICS.md §1). `iso` wins over `ymd` when both fit. `format`
 * is null when no form parses any value.
 */
export function detectDateForm(values: readonly string[]): { format: DateFormat | null; ambiguous: boolean } {
	let best: DateFormat | null = null;
	let bestCount = 0;
	const counts: Partial<Record<DateFormat, number>> = {};
	// Order is the tie-break preference.
	for (const format of ['iso', 'ymd', 'dmy', 'mdy', 'twitter', 'excel-serial'] as const) {
		let count = 0;
		for (const v of values) if (!Number.isNaN(parseTimestamp(v, format))) count++;
		counts[format] = count;
		if (count > bestCount) {
			best = format;
			bestCount = count;
		}
	}
	return { format: best, ambiguous: best === 'dmy' && counts.mdy === bestCount };
}

/** The form `detectDateForm` picks. */
export function detectDateFormat(values: readonly string[]): DateFormat | null {
	return detectDateForm(values).format;
}

/**
 * true/false, yes/no, oui/non, vrai/faux, y/n, o/n, 1/0 in any case (`synonyms.ts`) → TRUE or
 * FALSE; empty or anything else → UNKNOWN (use `isBoolean` to tell a typo from an empty cell).
 */
export function parseBoolean(text: string): -1 | 0 | 1 {
	const v = recogniseBoolean(text);
	return v === 'true' ? TRUE : v === 'false' ? FALSE : UNKNOWN;
}

/** Whether `text` is empty or one of the words `parseBoolean` knows. */
export function isBoolean(text: string): boolean {
	return recogniseBoolean(text) !== null;
}

/**
 * inbound/in/entrant/entrée/e → INBOUND, outbound/out/sortant/sortie/s → OUTBOUND (any case,
 * accents optional); an empty cell is INBOUND (the default of METRICS.md §1); anything else null.
 * With a `flag` (a true/false column, `directionFlag`), true and false are read through it.
 */
export function parseDirection(text: string, flag: DirectionFlag = null): 0 | 1 | null {
	const d = recogniseDirection(text, flag);
	return d === null ? null : d === 'outbound' ? OUTBOUND : INBOUND;
}

/** A whole number in [min, max] (`4`, ` 4 `, `4.0`, `4,0`), else null. */
export function parseScore(text: string, min: number, max: number): number | null {
	const t = text.trim().replace(',', '.');
	if (t === '' || !/^\d+(\.0*)?$/.test(t)) return null;
	const v = Number(t);
	return v >= min && v <= max ? v : null;
}

/** `hh:mm[:ss[.fff]]` or `9h30` as milliseconds since midnight; NaN otherwise. */
export function parseTimeOfDayBytes(b: Uint8Array, start: number, end: number): number {
	while (start < end && isSpace(b[start])) start++;
	while (end > start && isSpace(b[end - 1])) end--;
	if (start === end) return NaN;
	cursor = start;
	const h = digits(b, end, 2);
	if (h < 0 || h > 23 || cursor >= end) return NaN;
	const sep = b[cursor];
	if (sep !== 58 && sep !== 104 && sep !== 72) return NaN;
	cursor++;
	if (cursor === end && sep !== 58) return h * 3_600_000; // 9h
	const mi = digits(b, end, 2);
	if (mi < 0 || mi > 59) return NaN;
	let t = h * 3_600_000 + mi * 60_000;
	if (cursor < end && b[cursor] === 58) {
		cursor++;
		const s = digits(b, end, 2);
		if (s < 0 || s > 59) return NaN;
		t += s * 1000;
		if (cursor < end && (b[cursor] === 46 || b[cursor] === 44)) {
			cursor++;
			let scale = 100;
			while (cursor < end && isDigit(b[cursor])) {
				t += Math.floor((b[cursor] - 48) * scale);
				scale /= 10;
				cursor++;
			}
		}
	}
	return cursor === end ? t : NaN;
}
