/** Numbers and dates as the dashboard shows them, per interface language (`50,0 %` in French). */
import { amountDigits, roundAmount } from '$lib/analysis/money';
import type { Currency, Locale } from '$lib/domain/types';
import { currency as workspaceCurrency } from '$lib/i18n/currency.svelte';

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
	const key = `${locale}|${JSON.stringify(options)}`;
	let format = cache.get(key);
	if (!format) {
		format = new Intl.NumberFormat(locale, options);
		cache.set(key, format);
	}
	return format;
}

export const DASH = '—';

/** A fraction as a percentage: `0.5` → `50,0 %`. */
export function pct(value: number | null | undefined, locale: Locale, digits = 1): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
	return numberFormat(locale, {
		style: 'percent',
		minimumFractionDigits: digits,
		maximumFractionDigits: digits
	}).format(value);
}

/** A share with only the decimals it needs, up to `digits`: `0.5` → `50 %`, `0.125` → `12,5 %`. */
export function share(value: number, locale: Locale, digits = 1): string {
	return numberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(value);
}

/** Percentage points without the sign: `0.123` → `12,3` (for compact cells). */
export function points(value: number | null | undefined, locale: Locale, digits = 0): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
	return numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value * 100);
}

/** A 95 % interval: `41,2 – 58,8 %`. */
export function interval(ci: [number, number] | null | undefined, locale: Locale): string {
	if (!ci) return DASH;
	return `${points(ci[0], locale, 1)} – ${pct(ci[1], locale, 1)}`;
}

export function count(value: number | null | undefined, locale: Locale): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
	return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

export function decimal(value: number | null | undefined, locale: Locale, digits = 2): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
	return numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/**
 * An amount with its currency, rounded by the one rule of `roundAmount` (cents below 100, whole
 * units above): `34 337 €`, `€34,337`, `6,50 $US`. Pages leave `currency` to the workspace on
 * screen; exports pass the one they were built with.
 */
export function amount(value: number | null | undefined, locale: Locale, currency: Currency = workspaceCurrency.current): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
	const digits = amountDigits(value);
	return numberFormat(locale, {
		style: 'currency',
		currency,
		minimumFractionDigits: digits,
		maximumFractionDigits: digits
	}).format(roundAmount(value));
}

/** The currency's symbol in the interface language (`€`, `$`, `CHF`), for a field's unit. */
export function currencySymbol(locale: Locale, currency: Currency = workspaceCurrency.current): string {
	const parts = numberFormat(locale, { style: 'currency', currency }).formatToParts(0);
	return parts.find((p) => p.type === 'currency')?.value ?? currency;
}

/** NPS points, signed: `+12`, `−5`. */
export function nps(score: number | null | undefined, locale: Locale): string {
	if (score === null || score === undefined || !Number.isFinite(score)) return DASH;
	return numberFormat(locale, { maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(score * 100);
}

/**
 * A review date as stored (`2026-03-01`, or a full timestamp) in words: `1 mars 2026`. A bare day
 * is read at noon so that no time zone moves it to the day before.
 */
export function calendarDay(iso: string, locale: Locale, dateStyle: 'medium' | 'long'): string {
	return new Intl.DateTimeFormat(locale, { dateStyle }).format(new Date(iso.length === 10 ? `${iso}T12:00:00` : iso));
}

/** Wall-clock ms (table.ts: UTC fields) as a date: `30/06/2026`. */
export function date(ms: number, locale: Locale): string {
	return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
		timeZone: 'UTC',
		day: '2-digit',
		month: '2-digit',
		year: 'numeric'
	}).format(ms);
}

const DATE_TIME: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' };

/** Wall-clock ms as a date and time: `30/06/2026 23:59`. */
export function dateTime(ms: number, locale: Locale): string {
	return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { ...DATE_TIME, timeZone: 'UTC' }).format(ms);
}

/**
 * An instant stamped by this browser (when a file was imported) as a date and time on this
 * browser's clock, day first in either language: `30/06/2026 23:59`.
 */
export function instantDateTime(iso: string, locale: Locale): string {
	return new Date(iso).toLocaleString(locale === 'fr' ? 'fr-FR' : 'en-GB', DATE_TIME);
}

/** A short month for axes and tables: `janv. 2026`, `Jan 2026`. */
export function month(ms: number, locale: Locale): string {
	return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
		timeZone: 'UTC',
		month: 'short',
		year: 'numeric'
	}).format(ms);
}

/** A day and month for weekly axes: `05/01`. */
export function dayMonth(ms: number, locale: Locale): string {
	return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
		timeZone: 'UTC',
		day: '2-digit',
		month: '2-digit'
	}).format(ms);
}

const UNIT_LABELS: Record<Locale, Record<string, string>> = {
	fr: { d: 'j', h: 'h', m: 'min', s: 's', w: 'sem.', ms: 'ms' },
	en: { d: 'd', h: 'h', m: 'min', s: 's', w: 'wk', ms: 'ms' }
};

/** A window as people say it: `7 j`, `24 h`, `same day`. `intraday` is given by the caller. */
export function windowText(text: string, locale: Locale, intraday: string): string {
	if (/^\s*intraday\s*$/i.test(text)) return intraday;
	const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(text);
	if (!match) return text;
	const unit = match[2].toLowerCase();
	const label = UNIT_LABELS[locale][unit === 'j' ? 'd' : unit === 'min' ? 'm' : unit] ?? unit;
	return `${decimal(Number(match[1]), locale, Number.isInteger(Number(match[1])) ? 0 : 1)} ${label}`;
}

/** What went wrong, in the words of the error itself (its message, when it has one). */
export { errorMessage as errorDetail } from '$lib/domain/guards';

const SIZE_UNITS = ['kilobyte', 'megabyte', 'gigabyte'] as const;

/**
 * A file's size in the units of its language: `350 ko`, `2,4 Mo` in French, `350 kB`, `2.4 MB` in
 * English (`Intl` unit names; multiples of 1,024 as file managers count). Under a kilobyte it
 * still says `1 ko`: a size is there to tell small files from large ones.
 */
export function fileSize(bytes: number, locale: Locale): string {
	if (!Number.isFinite(bytes) || bytes < 0) return DASH;
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
		value /= 1024;
		unit += 1;
	}
	return numberFormat(locale, {
		style: 'unit',
		unit: SIZE_UNITS[unit],
		maximumFractionDigits: unit === 0 || value >= 100 ? 0 : 1
	}).format(unit === 0 ? Math.max(1, Math.round(value)) : value);
}
