/**
 * Interface messages in French and English, one module per area of the app.
 *
 * Each area exports `en` (the source: its keys are the message keys) and `fr`, typed as
 * `Record<keyof typeof en, string>` so a missing translation fails type-checking.
 * Placeholders are `{name}`; a count that changes the words is written as ICU does it,
 * `{n, plural, one {# ligne} other {# lignes}}`, and chosen by `Intl.PluralRules` (French puts
 * 0 and 1 in `one`, English only 1). A compiled library such as Paraglide was set aside because its
 * compiler loads its plugins from a CDN, which an offline build (and CI) cannot reach.
 */
import type { Locale } from '$lib/domain/types';
import * as shell from './messages/shell';
import * as home from './messages/home';
import * as workspace from './messages/workspace';
import * as journey from './messages/journey';
import * as motives from './messages/motives';
import * as knowledge from './messages/knowledge';
import * as data from './messages/data';
import * as analysis from './messages/analysis';
import * as overlay from './messages/overlay';
import * as frictions from './messages/frictions';
import * as team from './messages/team';
import * as wrapUps from './messages/wrap-ups';
import * as guide from './messages/guide';
import * as advisor from './messages/advisor';
import * as anticipation from './messages/anticipation';

export const messages = {
	en: { ...shell.en, ...home.en, ...workspace.en, ...journey.en, ...motives.en, ...knowledge.en, ...data.en, ...analysis.en, ...frictions.en, ...overlay.en, ...team.en, ...wrapUps.en, ...guide.en, ...advisor.en, ...anticipation.en },
	fr: { ...shell.fr, ...home.fr, ...workspace.fr, ...journey.fr, ...motives.fr, ...knowledge.fr, ...data.fr, ...analysis.fr, ...frictions.fr, ...overlay.fr, ...team.fr, ...wrapUps.fr, ...guide.fr, ...advisor.fr, ...anticipation.fr }
} satisfies Record<Locale, Record<string, string>>;

export type MessageKey = keyof typeof messages.en;
export type MessageParams = Record<string, string | number>;

/** Whether a key built from data (a channel code, an engine's error code) has a message. */
export function isMessageKey(key: string): key is MessageKey {
	return Object.prototype.hasOwnProperty.call(messages.en, key);
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** The plural category of a count in a language (`one`, `other`…), by `Intl.PluralRules`. */
export function pluralCategory(locale: Locale, n: number): Intl.LDMLPluralRule {
	let rules = pluralRules.get(locale);
	if (!rules) {
		rules = new Intl.PluralRules(locale);
		pluralRules.set(locale, rules);
	}
	return rules.select(n);
}

// `{n, plural, =0 {none} one {# row} other {# rows}}`: branches hold no nested braces.
const PLURAL = /\{(\w+),\s*plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const BRANCH = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;

function formatValue(locale: Locale, value: string | number): string {
	return typeof value === 'number' ? value.toLocaleString(locale) : value;
}

/** Fills `{name}` placeholders and `{name, plural, …}` choices; numbers are formatted for the locale. */
export function format(locale: Locale, key: MessageKey, params?: MessageParams): string {
	const template: string = messages[locale][key] ?? messages.en[key] ?? key;
	return fill(locale, template, params);
}

/** `format` on a template given as text (exported for its tests and for texts built elsewhere). */
export function fill(locale: Locale, template: string, params?: MessageParams): string {
	if (!params) return template;
	const chosen = template.replace(PLURAL, (whole, name: string, body: string) => {
		const raw = params[name];
		// A count already formatted by the caller (`1 234`, `1,234`) is read back as a whole number.
		const n = typeof raw === 'number' ? raw : Number(String(raw).replace(/[\s\u00a0\u202f,.]/g, ''));
		if (raw === undefined || !Number.isFinite(n)) return whole;
		const branches = new Map<string, string>();
		for (const [, selector, text] of body.matchAll(BRANCH)) branches.set(selector, text);
		const text = branches.get(`=${n}`) ?? branches.get(pluralCategory(locale, n)) ?? branches.get('other') ?? whole;
		return text.replace(/#/g, formatValue(locale, raw));
	});
	return chosen.replace(/\{(\w+)\}/g, (whole, name: string) => {
		const value = params[name];
		if (value === undefined) return whole;
		return formatValue(locale, value);
	});
}
