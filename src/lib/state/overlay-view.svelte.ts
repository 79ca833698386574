/**
 * The measured overlay as the journey page shows it: preferences, rules and figures put
 * together, the metric's colour scale, the transitions the paths slider keeps, and the plain
 * data the graph draws (fills, badges, observed arrows, entries, legend). Changing the metric or
 * the slider only recomputes these derived values: the worker is not asked again.
 */
import type { JourneyLayout } from '$lib/analysis/journey-layout';
import type { StateFigures } from '$lib/analysis/overlay';
import type { OverlayAnswer } from '$lib/workers/protocol';
import { keepPaths } from '$lib/analysis/overlay-paths';
import { date, decimal, nps as npsText, pct, windowText } from '$lib/i18n/format';
import { isStrongTrigger } from '$lib/analysis/anticipation/ranking';
import {
	availableMetrics,
	compact,
	metricScale,
	metricValue,
	observedEdges,
	OVERLAY_METRIC_LABEL,
	textOn,
	type ObservedEdge,
	type OverlayMetric
} from '$lib/view/overlay-view';
import type { Id, JourneyMachineConfig, LocalizedText } from '$lib/domain/types';
import { locale, localized, t } from '$lib/i18n/locale.svelte';
import { JourneyRules, OverlayFigures, OverlayPrefsState } from './overlay.svelte';
import { AnticipationData } from './anticipation.svelte';
import { PublishedFigures } from './published-figures.svelte';
import type { WorkspaceData } from './workspace.svelte';

export interface GraphStateOverlay {
	fill: string;
	text: string;
	/** The metric's value as shown in the box. */
	value: string;
	volume: number;
	volumeText: string;
	repeatRate: number | null;
	/** Touched by a transition or entry the slider keeps. */
	shown: boolean;
	/** The figures as read out with the state's name. */
	aria: string;
	/** A strong trigger (METRICS.md §5b, `isStrongTrigger`): its lift as written on the marker. */
	strongTrigger?: string;
}

export interface GraphEdgeOverlay extends ObservedEdge {
	title: string;
	text: string;
}

export interface GraphOverlay {
	states: Record<string, GraphStateOverlay>;
	edges: GraphEdgeOverlay[];
	entries: { state: string; count: number; text: string; title: string }[];
	legend: {
		title: string;
		gradient: string;
		ticks: { at: number; text: string }[];
		noValue: string;
		deviation: string;
		volume: string;
		entry: string;
	};
	hover(id: string | null): void;
}

/** Transitions shown when the consultant has not moved the slider: the strongest ones. */
const DEFAULT_SHOWN = 14;
/** Observed transitions (not deviations) whose volume is written on them, largest first. */
const LABELLED = 8;

export function metricText(metric: OverlayMetric, value: number | null, l: 'fr' | 'en'): string {
	if (metric === 'nps') return npsText(value, l);
	return pct(value, l, 0);
}

/** Must be created while a component initialises. */
export class OverlayView {
	readonly prefs: OverlayPrefsState;
	readonly rules: JourneyRules;
	readonly figures: OverlayFigures;
	/** What the team published, read when this browser holds no contact log. */
	readonly published: PublishedFigures;
	/** The moments that make customers call, for this journey's states (markers, the side panel's lift). */
	readonly anticipation: AnticipationData;
	readonly #journeyId: Id;
	hovered = $state<string | null>(null);

	/** The journey page is keyed by workspace and journey: they stay the same for the view's life. */
	constructor(workspaceId: () => Id, journeyId: () => Id, data: WorkspaceData, machine: () => JourneyMachineConfig | undefined) {
		this.prefs = new OverlayPrefsState(workspaceId(), journeyId());
		this.rules = new JourneyRules(workspaceId, journeyId);
		this.figures = new OverlayFigures({
			workspaceId: workspaceId(),
			journeyId: journeyId(),
			data,
			machine,
			rules: () => this.rules.rules,
			active: () => this.prefs.prefs.enabled && this.rules.ready,
			filters: () => this.prefs.prefs.filters,
			selfCarePages: () => this.prefs.prefs.selfCarePages
		});
		this.#journeyId = journeyId();
		this.anticipation = new AnticipationData(workspaceId, data, {
			active: () => this.enabled && this.rules.ready && this.rules.rules.length > 0,
			journeyId,
			plain: true
		});
		this.published = new PublishedFigures(workspaceId);
		$effect(() => {
			if (this.enabled && this.figures.datasets.ready && !this.figures.contacts) void this.published.load();
		});
	}

	enabled = $derived.by(() => this.prefs.prefs.enabled);
	/**
	 * The overlay a member of the team published for this journey, shown when this browser holds
	 * no contact log: the measured journey without the data (its own filters do not apply).
	 */
	fromTeam = $derived.by(() => (this.figures.contacts ? undefined : this.published.overlayOf(this.#journeyId)));
	result = $derived.by((): OverlayAnswer | undefined => this.figures.result ?? this.fromTeam?.overlay);
	metrics = $derived.by(() => availableMetrics(this.result));
	metric = $derived.by((): OverlayMetric => (this.metrics.includes(this.prefs.prefs.metric) ? this.prefs.prefs.metric : 'repeatRate'));

	/** The distinct volumes of transitions and entries, low to high: the slider's stops. */
	volumeSteps = $derived.by(() => {
		const r = this.result;
		if (!r) return [1];
		const counts = new Set<number>([1]);
		for (const tr of r.transitions) counts.add(tr.count);
		for (const e of r.entries) counts.add(e.count);
		return [...counts].sort((a, b) => a - b);
	});

	autoMinVolume = $derived.by(() => {
		const counts = (this.result?.transitions ?? []).map((tr) => tr.count).sort((a, b) => b - a);
		return counts.length > DEFAULT_SHOWN ? counts[DEFAULT_SHOWN - 1] : 1;
	});
	minVolume = $derived.by(() => this.prefs.prefs.minVolume ?? this.autoMinVolume);
	kept = $derived.by(() => (this.result ? keepPaths(this.result, this.minVolume) : null));

	scale = $derived.by(() => {
		const states = Object.values(this.result?.states ?? {}).filter((s) => s.inModel);
		return metricScale(this.metric, states.map((s) => metricValue(s, this.metric)));
	});

	/** The figures the side panel shows: the hovered state, else the selected one. */
	figuresOf(id: string | null): StateFigures | undefined {
		return id ? this.result?.states[id] : undefined;
	}

	legendTitle = $derived.by(() => {
		const l = locale.current;
		const parts = [t(OVERLAY_METRIC_LABEL[this.metric])];
		parts.push(t('ov.legend.window', { w: windowText(this.figures.dashboard.settings.window, l, t('an.set.intraday')) }));
		const span = this.figures.span;
		if (span) parts.push(`${date(span.from, l).slice(0, 5)}–${date(span.to, l)}`);
		return parts.join(' · ');
	});

	/** The drawn overlay over a layout; undefined when off or not computed yet. */
	graph(layout: JourneyLayout, labelOf: (id: string) => LocalizedText | undefined): GraphOverlay | undefined {
		const result = this.result;
		const kept = this.kept;
		if (!this.enabled || !result || !kept) return undefined;
		const l = locale.current;
		const metric = this.metric;
		const scale = this.scale;
		const shown = new Set(kept.states);
		const name = (id: string) => {
			const label = labelOf(id);
			return label ? localized(label) : id;
		};
		const states: Record<string, GraphStateOverlay> = {};
		const triggers = this.anticipation.stateTriggers;
		for (const node of layout.nodes) {
			const figures = result.states[node.id];
			const trigger = triggers.get(node.id);
			const strong = trigger && isStrongTrigger(trigger) ? `×${decimal(trigger.lift, l, 1)}` : undefined;
			const value = metricValue(figures, metric);
			const fill = scale.fill(value);
			states[node.id] = {
				fill,
				text: textOn(fill),
				value: metricText(metric, value, l),
				volume: figures?.events ?? 0,
				volumeText: compact(figures?.events ?? 0, l),
				repeatRate: figures?.repeatRate ?? null,
				shown: shown.has(node.id),
				aria:
					t('ov.state.aria', {
						metric: t(OVERLAY_METRIC_LABEL[metric]),
						value: metricText(metric, value, l),
						n: compact(figures?.events ?? 0, l)
					}) + (strong ? `, ${t('ant.strong', { lift: strong })}` : ''),
				...(strong ? { strongTrigger: strong } : {})
			};
		}
		const edges = observedEdges(layout, kept.transitions).map((edge, rank) => {
			const tr = edge.transition;
			const params = { from: name(tr.from), to: name(tr.to), n: compact(tr.count, l), customers: compact(tr.customers, l) };
			return {
				...edge,
				// Every deviation says its volume; of the others, the strongest few (the rest in their title).
				text: tr.deviation || rank < LABELLED ? compact(tr.count, l) : '',
				title: t(tr.from === tr.to ? 'ov.edge.repeat' : tr.deviation ? 'ov.edge.deviation' : 'ov.edge.observed', params)
			};
		});
		const entries = kept.entries
			.filter((e) => layout.nodes.some((n) => n.id === e.state))
			.map((e) => ({ ...e, text: compact(e.count, l), title: t('ov.entry.title', { n: compact(e.count, l), state: name(e.state) }) }));
		return {
			states,
			edges,
			entries,
			legend: {
				title: this.legendTitle,
				gradient: scale.gradient,
				ticks: scale.ticks.map((at) => ({
					at: (at - scale.domain[0]) / (scale.domain[1] - scale.domain[0] || 1),
					text: metricText(metric, at, l)
				})),
				noValue: t('ov.legend.noValue'),
				deviation: t('ov.legend.deviation'),
				volume: t('ov.legend.volume'),
				entry: t('ov.legend.entry')
			},
			hover: (id) => (this.hovered = id)
		};
	}
}
