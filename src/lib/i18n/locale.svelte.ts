import { LOCALES, type Locale, type LocalizedText } from '$lib/domain/types';
import { format, isMessageKey, type MessageKey, type MessageParams } from './messages';

const STORAGE_KEY = 'parcours.locale';

function initialLocale(): Locale {
	if (typeof window === 'undefined') return 'fr';
	const saved = localStorage.getItem(STORAGE_KEY);
	if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
	// French by default when the browser is French, English otherwise.
	return navigator.language?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** The interface language, remembered by the browser. */
class LocaleState {
	current = $state<Locale>(initialLocale());

	set(locale: Locale) {
		this.current = locale;
		try {
			localStorage.setItem(STORAGE_KEY, locale);
		} catch {
			// A full storage: the language still applies to this page; the next one asks the browser again.
		}
		document.documentElement.lang = locale;
	}
}

export const locale = new LocaleState();

/** Translates a message in the current language; reactive wherever it is read in markup. */
export function t(key: MessageKey, params?: MessageParams): string {
	return format(locale.current, key, params);
}

/**
 * Translates a key built from data (a channel code, an engine's error code) when it has a
 * message; null when it has none, so the caller shows the data as it is.
 */
export function tIfKnown(key: string, params?: MessageParams): string | null {
	return isMessageKey(key) ? t(key, params) : null;
}

/** A channel id (`phone`, `web_form`) in words; an id the interface does not know, as written. */
export function channelName(channel: string): string {
	return tIfKnown(`an.channel.${channel}`) ?? channel;
}

/**
 * A text written in the current language, as a bilingual one: in French the English side is left
 * empty (it shows the French until someone translates it); in English the French side, which is
 * required, holds it too.
 */
export function typedText(text: string): LocalizedText {
	return locale.current === 'fr' ? { fr: text, en: '' } : { fr: text, en: text };
}

/** Picks the current language's side of a bilingual text; an empty side shows the other. */
export function localized(text: { fr: string; en: string }): string {
	return text[locale.current] || text.fr || text.en;
}
