/**
 * Interface messages in French and English, one module per area of the app.
 *
 * Each area exports `en` (the source: its keys are the message keys) and `fr`, typed as
 * `Record<keyof typeof en, string>` so a missing translation fails type-checking.
 * Placeholders are `{name}`. A compiled library such as Paraglide was set aside because its
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

/** Fills `{name}` placeholders; numbers are formatted for the locale. */
export function format(locale: Locale, key: MessageKey, params?: MessageParams): string {
	const template: string = messages[locale][key] ?? messages.en[key] ?? key;
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
		const value = params[name];
		if (value === undefined) return whole;
		return typeof value === 'number' ? value.toLocaleString(locale) : value;
	});
}
