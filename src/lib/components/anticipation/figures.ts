/**
 * The anticipation figures as every screen writes them (the page, the slide, the PowerPoint and
 * PDF exports): a trigger's name in words, its kind, delay, and the top triggers of a slide.
 */
import type { Trigger, TriggerKind } from '$lib/analysis/anticipation';
import { triggerState } from '$lib/analysis/anticipation/ranking';
import { findState } from '$lib/domain/journey';
import type { Journey } from '$lib/domain/types';
import { amount, count, decimal, pct } from '$lib/i18n/format';
import { locale, localized, t } from '$lib/i18n/locale.svelte';
import type { MessageKey } from '$lib/i18n/messages';
import type { ReportTrigger } from '$lib/components/export/report';

export const TRIGGER_KIND_LABEL = {
	event: 'ant.kind.event',
	state: 'ant.kind.state',
	exitPage: 'ant.kind.exitPage'
} as const satisfies Record<TriggerKind, MessageKey>;

/** A trigger's name: a state's label in the journey (its path when unknown), else the event type or page as read. */
export function triggerName(trigger: Pick<Trigger, 'key' | 'label'>, journey: Journey | undefined): string {
	const path = triggerState(trigger.key);
	if (path === null || !journey) return trigger.label;
	const node = findState(journey.machine, path);
	return node?.meta?.label ? localized(node.meta.label) : path;
}

/** A delay in minutes under an hour, in hours under two days (a tenth under ten), else in days. */
export function delayText(ms: number | null): string {
	if (ms === null) return '—';
	const hours = ms / 3_600_000;
	const l = locale.current;
	if (hours < 1) return t('ant.delay.minutes', { n: decimal(Math.max(1, ms / 60_000), l, 0) });
	if (hours < 48) return t('ant.delay.hours', { n: decimal(hours, l, hours < 10 ? 1 : 0) });
	return t('ant.delay.days', { n: decimal(hours / 24, l, 1) });
}

export function liftText(lift: number | null): string {
	return lift === null ? '—' : `×${decimal(lift, locale.current, 1)}`;
}

/** The top triggers of a slide, written as the page writes them. */
export function reportTriggers(triggers: readonly Trigger[], journey: Journey | undefined): ReportTrigger[] {
	const l = locale.current;
	return triggers.map((tr) => ({
		label: triggerName(tr, journey),
		kind: t(TRIGGER_KIND_LABEL[tr.kind]),
		occurrences: count(tr.occurrences, l),
		rate: pct(tr.rate.rate, l),
		baseline: pct(tr.baseline, l),
		lift: liftText(tr.lift),
		attributable: decimal(tr.attributable, l, 0),
		saving: tr.saving === null ? '' : amount(tr.saving, l)
	}));
}
