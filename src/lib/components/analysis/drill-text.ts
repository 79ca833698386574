/** The drill-down's reasons and durations in words, per interface language. */
import type { FailureReason } from '$lib/analysis/drill';
import type { Locale } from '$lib/domain/types';
import type { MessageKey, MessageParams } from '$lib/i18n/messages';
import { DAY, HOUR, MINUTE } from '$lib/analysis/settings';
import { dateTime } from '$lib/i18n/format';

const UNITS: Record<Locale, { d: string; h: string; min: string }> = {
	fr: { d: 'j', h: 'h', min: 'min' },
	en: { d: 'd', h: 'h', min: 'min' }
};

/**
 * A gap or a delay as people say it, to the minute under a day and to the hour beyond:
 * `45 min`, `3 h`, `2 h 30 min`, `6 j`, `2 j 1 h`. Negative values (an answer before receipt) are 0.
 */
export function duration(ms: number, locale: Locale): string {
	const u = UNITS[locale];
	const value = Math.max(0, ms);
	if (value < HOUR) return `${Math.round(value / MINUTE)} ${u.min}`;
	if (value < DAY) {
		const minutes = Math.round(value / MINUTE);
		const h = Math.floor(minutes / 60);
		const m = minutes % 60;
		return m ? `${h} ${u.h} ${m} ${u.min}` : `${h} ${u.h}`;
	}
	const hours = Math.round(value / HOUR);
	const d = Math.floor(hours / 24);
	const h = hours % 24;
	return h ? `${d} ${u.d} ${h} ${u.h}` : `${d} ${u.d}`;
}

type Translate = (key: MessageKey, params?: MessageParams) => string;

/** One reason a demand was not resolved at first contact, in a short sentence. */
export function reasonText(reason: FailureReason, locale: Locale, t: Translate): string {
	switch (reason.kind) {
		case 'repeat': {
			const params = { n: reason.repeats, gap: duration(reason.gap, locale), at: dateTime(reason.at, locale) };
			return t(reason.repeats > 1 ? 'an.drill.reason.repeats' : 'an.drill.reason.repeat', params);
		}
		case 'outbound':
			return t('an.drill.reason.outbound', { gap: duration(reason.gap, locale), at: dateTime(reason.at, locale) });
		case 'lateAnswer':
			return t('an.drill.reason.lateAnswer', { delay: duration(reason.delay, locale), limit: duration(reason.limit, locale) });
		case 'noAnswerTime':
			return t('an.drill.reason.noAnswerTime', { limit: duration(reason.limit, locale) });
		case 'callback':
			return t('an.drill.reason.callback');
		case 'transferred':
			return t('an.drill.reason.transferred');
		case 'declaredUnresolved':
			return t('an.drill.reason.declaredUnresolved');
	}
}
