/**
 * The headline money figures as every deliverable writes them — the frictions page, the slides,
 * the PDF and the deck — from the one set of totals, in one currency, through the one amount
 * formatter: so the avoidable cost and the savings within reach read the same everywhere.
 */
import type { FrictionTotals } from '$lib/analysis/frictions';
import { amount, count } from '$lib/i18n/format';
import type { Currency, Locale } from '$lib/domain/types';

export interface HeadlineFigures {
	avoidableContacts: string;
	avoidableCost: string;
	/** The savings within reach [gisement de productivité] over the period analysed (METRICS.md §4b). */
	savings: string;
	/** The same per year; null when the months analysed are unknown. */
	savingsPerYear: string | null;
	/** Complex motive rows exist: the figure is given with and without them. */
	hasComplex: boolean;
	savingsWithComplex: string;
	savingsWithoutComplex: string;
}

export function headlineFigures(totals: FrictionTotals, locale: Locale, currency: Currency): HeadlineFigures {
	return {
		avoidableContacts: count(totals.avoidableContacts, locale),
		avoidableCost: amount(totals.avoidableCost, locale, currency),
		savings: amount(totals.savingsCost, locale, currency),
		savingsPerYear: totals.savingsCostPerYear === null ? null : amount(totals.savingsCostPerYear, locale, currency),
		hasComplex: totals.complex.rows > 0,
		savingsWithComplex: amount(totals.savingsCostWithComplex, locale, currency),
		savingsWithoutComplex: amount(totals.savingsCostWithoutComplex, locale, currency)
	};
}

/** "1 avoidable contact", "1 234 avoidable contacts": a count that says what it counts. */
export function avoidableContactsText(n: number, locale: Locale, t: (key: 'pres.journey.contacts.one' | 'pres.journey.contacts.other', params: { n: string }) => string): string {
	const form = new Intl.PluralRules(locale === 'fr' ? 'fr-FR' : 'en-GB').select(n) === 'one' ? 'one' : 'other';
	return t(`pres.journey.contacts.${form}`, { n: count(n, locale) });
}
