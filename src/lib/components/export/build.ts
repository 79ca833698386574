/** Gathers the report's data from the friction state, the action plan and the deck. */
import { periodOfKey } from '$lib/analysis/dashboard';
import { splitFrictions, type FrictionRow } from '$lib/analysis/frictions';
import { journeyFrictions } from '$lib/analysis/frictions-journey';
import { windowText, amount, pct } from '$lib/i18n/format';
import type { Action, Journey } from '$lib/domain/types';
import { DEFAULT_TOP, type SavedView } from '$lib/domain/views';
import { channelName, locale, localized, t } from '$lib/i18n/locale.svelte';
import { VIEW_KIND_LABEL } from '$lib/i18n/labels';
import type { FrictionData } from '$lib/state/frictions.svelte';
import { headlineFigures } from './figures';
import type { ReportData, ReportSlide, ReportTrigger } from './report';

/** A view's title: the one typed, else its kind's. */
export function viewTitle(view: SavedView, journeys: readonly Journey[]): string {
	if (view.title) return view.title;
	if (view.kind === 'journey') {
		const journey = journeys.find((j) => j.id === view.journeyId);
		return t('pres.view.journey', { name: journey ? localized(journey.name) : '?' });
	}
	return t(VIEW_KIND_LABEL[view.kind]);
}

/**
 * A row as the deliverables name it: `Bill explanation` (a client reads names, not CRM codes),
 * `XYZ — not in the catalogue` for a code no motive claims.
 */
export function rowLabel(row: FrictionRow): string {
	return row.motive ? row.label : `${row.label} — ${t('fx.uncatalogued')}`;
}

export function settingsLine(frictions: FrictionData): string {
	const l = locale.current;
	const s = frictions.settings.settings;
	const costs = Object.entries(s.costPerChannel)
		.filter(([, c]) => c > 0)
		.map(([channel, c]) => `${channelName(channel)} ${amount(c, l, frictions.currency)}`)
		.join(', ');
	return t('exp.settings', {
		window: windowText(s.window, l, t('an.set.intraday')),
		target: pct(frictions.targets.target, l, 0),
		costs: costs || t('exp.noCosts')
	});
}

export function monthsOf(frictions: FrictionData): ReportData['months'] {
	const byMonth = frictions.result?.by.month ?? {};
	return Object.keys(byMonth)
		.sort()
		.map((key) => ({ key, fcr: byMonth[key].fcr, eligible: byMonth[key].eligible }));
}

/** What the complex motives weigh and whether they count; null without complex motives. */
export function complexLine(frictions: FrictionData): string | null {
	const { complex } = frictions.totals;
	if (complex.rows === 0) return null;
	const targets = frictions.targets;
	return t('exp.complexLine', {
		n: complex.rows,
		target: pct(targets.complexTarget ?? targets.target, locale.current, 0),
		savings: amount(complex.savingsCost, locale.current, frictions.currency),
		counted: t(targets.includeComplex ? 'exp.complexCounted' : 'exp.complexNotCounted')
	});
}

export function buildReport(
	frictions: FrictionData,
	actions: readonly Action[],
	views: readonly SavedView[],
	journeys: readonly Journey[],
	workspaceName: string,
	/** The top triggers for the anticipation slides, when measured (`anticipation/figures.ts`). */
	anticipation: ReportTrigger[] | null = null
): ReportData {
	const result = frictions.result;
	const months = monthsOf(frictions);
	const first = months.length ? periodOfKey(months[0].key) : null;
	const last = months.length ? periodOfKey(months[months.length - 1].key) : null;
	const slides: ReportSlide[] = views.map((view) => {
		const slide: ReportSlide = { kind: view.kind, title: viewTitle(view, journeys), top: view.top };
		if (view.note) slide.note = view.note;
		if (view.kind === 'journey') {
			const journey = journeys.find((j) => j.id === view.journeyId);
			slide.journey = journey ? journeyFrictions(journey.id, journey.machine, frictions.rows) : null;
			if (journey) {
				slide.journeyName = localized(journey.name);
				slide.machine = journey.machine;
			}
		}
		if (view.kind === 'anticipation') slide.anticipation = anticipation ? anticipation.slice(0, view.top ?? DEFAULT_TOP) : null;
		return slide;
	});
	const { ranked, apart } = splitFrictions(frictions.rows);
	return {
		locale: locale.current,
		currency: frictions.currency,
		t,
		workspaceName,
		generatedAt: new Date(),
		kpis: {
			fcr: result?.fcr ?? null,
			fcrCi95: result?.fcrCi95 ?? null,
			demands: result?.demands ?? 0,
			eligible: result?.eligible ?? 0,
			period: first && last ? { from: first.start, to: last.end - 1 } : null
		},
		totals: frictions.totals,
		headline: headlineFigures(frictions.totals, locale.current, frictions.currency),
		rows: ranked,
		apart,
		complexLine: complexLine(frictions),
		months,
		actions: [...actions].sort((a, b) => (a.dueDate ?? '9') < (b.dueDate ?? '9') ? -1 : 1),
		slides,
		settingsLine: settingsLine(frictions),
		label: rowLabel
	};
}
