/**
 * What the measured overlay draws, as plain data computed with d3: the value of the chosen
 * metric per state, its colour scale (sequential, colour-blind safe: ColorBrewer OrRd, darker
 * is worse), the text colour readable over a fill, the width of an observed transition and the
 * geometry of transitions the layout has no arrow for (deviations, self-loops).
 */
import { color, interpolateOrRd, scaleLinear, scaleSqrt } from 'd3';
import { tenth, type JourneyLayout, type LayoutNode, type Point } from '$lib/analysis/journey-layout';
import type { ObservedTransition, OverlayResult, StateFigures } from '$lib/analysis/overlay';
import type { MessageKey } from '$lib/i18n/messages';

export const OVERLAY_METRICS = ['repeatRate', 'fcr', 'webToContact', 'csat', 'nps'] as const;
export type OverlayMetric = (typeof OVERLAY_METRICS)[number];

export const OVERLAY_METRIC_LABEL = {
	repeatRate: 'ov.metric.repeatRate',
	fcr: 'ov.metric.fcr',
	webToContact: 'ov.metric.webToContact',
	csat: 'ov.metric.csat',
	nps: 'ov.metric.nps'
} as const satisfies Record<OverlayMetric, MessageKey>;

/** Whether a high value is bad (drawn dark) for the metric. */
export const HIGH_IS_BAD: Record<OverlayMetric, boolean> = {
	repeatRate: true,
	fcr: false,
	webToContact: true,
	csat: false,
	nps: false
};

/** The metric's value for a state, null when it has nothing to measure it on. */
export function metricValue(figures: StateFigures | undefined, metric: OverlayMetric): number | null {
	if (!figures) return null;
	switch (metric) {
		case 'repeatRate':
			return figures.repeatRate;
		case 'fcr':
			return figures.fcr;
		case 'webToContact':
			return figures.webToContact.rate;
		case 'csat':
			return figures.csat?.rate ?? null;
		case 'nps':
			return figures.nps?.score ?? null;
	}
}

/** The 95 % interval of the metric for a state, when it has one. */
export function metricInterval(figures: StateFigures | undefined, metric: OverlayMetric): [number, number] | null {
	if (!figures) return null;
	switch (metric) {
		case 'repeatRate':
			return figures.repeatRateCi95;
		case 'fcr':
			return figures.fcrCi95;
		case 'webToContact':
			return figures.webToContact.ci95;
		case 'csat':
			return figures.csat?.ci95 ?? null;
		case 'nps':
			return null;
	}
}

/** The metrics the result can fill states with: web and surveys only when measured. */
export function availableMetrics(result: OverlayResult | undefined): OverlayMetric[] {
	if (!result) return ['repeatRate', 'fcr'];
	const states = Object.values(result.states);
	return OVERLAY_METRICS.filter((metric) => {
		if (metric === 'repeatRate' || metric === 'fcr') return true;
		if (metric === 'webToContact') return result.omnichannel !== null;
		return states.some((s) => metricValue(s, metric) !== null);
	});
}

export interface MetricScale {
	metric: OverlayMetric;
	/** Lowest and highest values of the legend. */
	domain: [number, number];
	/** Fill of a value; a state without a value is drawn neutral. */
	fill(value: number | null): string;
	/** Legend ticks, low to high. */
	ticks: number[];
	/** CSS gradient of the legend bar, low to high. */
	gradient: string;
}

export const NO_VALUE_FILL = '#f1f3f5';
/** The far ends of OrRd kept off: the palest is too close to white, the darkest is heavy on slides. */
const LIGHTEST = 0.08;
const DARKEST = 0.92;

/** The colour scale of a metric over the values shown (rounded outwards to tens of per cent). */
export function metricScale(metric: OverlayMetric, values: readonly (number | null)[]): MetricScale {
	const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
	const isNps = metric === 'nps';
	let low = present.length ? Math.min(...present) : 0;
	let high = present.length ? Math.max(...present) : 1;
	// Rates start at 0 when high is bad and end at 100 % when high is good, so pale means "fine".
	if (!isNps && HIGH_IS_BAD[metric]) low = 0;
	if (!isNps && !HIGH_IS_BAD[metric]) high = 1;
	low = Math.floor(low * 10) / 10;
	high = Math.ceil(high * 10) / 10;
	if (high - low < 0.1) {
		if (HIGH_IS_BAD[metric]) high = Math.min(isNps ? 1 : 1, low + 0.1);
		else low = Math.max(isNps ? -1 : 0, high - 0.1);
		if (high - low < 0.1) low = high - 0.1;
	}
	const t = scaleLinear().domain(HIGH_IS_BAD[metric] ? [low, high] : [high, low]).range([LIGHTEST, DARKEST]).clamp(true);
	const fill = (value: number | null) => (value === null || !Number.isFinite(value) ? NO_VALUE_FILL : interpolateOrRd(t(value)));
	const ticks = scaleLinear().domain([low, high]).ticks(4);
	const stops = Array.from({ length: 9 }, (_, i) => {
		const v = low + ((high - low) * i) / 8;
		return `${fill(v)} ${Math.round((i / 8) * 100)}%`;
	});
	return { metric, domain: [low, high], fill, ticks, gradient: `linear-gradient(to right, ${stops.join(', ')})` };
}

function luminance(css: string): number {
	const rgb = color(css)?.rgb();
	if (!rgb) return 1;
	const channel = (c: number) => {
		const s = c / 255;
		return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * channel(rgb.r) + 0.7152 * channel(rgb.g) + 0.0722 * channel(rgb.b);
}

/** WCAG contrast ratio between two colours. */
export function contrast(a: string, b: string): number {
	const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
	return (x + 0.05) / (y + 0.05);
}

export const DARK_TEXT = '#0b0d10';
export const LIGHT_TEXT = '#ffffff';

/** The text colour (near-black or white) that contrasts most with a fill. */
export function textOn(fill: string): string {
	return contrast(fill, DARK_TEXT) >= contrast(fill, LIGHT_TEXT) ? DARK_TEXT : LIGHT_TEXT;
}

/** Stroke width of an observed transition by its volume (area-like: square root). */
export function volumeWidth(maxCount: number): (count: number) => number {
	const scale = scaleSqrt().domain([0, Math.max(1, maxCount)]).range([1.2, 16]).clamp(true);
	return (count) => scale(count);
}

export interface ObservedEdge {
	/** `from→to`. */
	key: string;
	transition: ObservedTransition;
	path: string;
	labelPos: Point;
	width: number;
	/** Drawn on the model's own arrow. */
	onModelArrow: boolean;
}

function centre(node: LayoutNode): Point {
	return { x: node.x + node.width / 2, y: node.y + node.height / 2 };
}

/** Where the ray from the node's centre towards `toward` leaves its box. */
function boundary(node: LayoutNode, toward: Point, pad = 2): Point {
	const c = centre(node);
	const dx = toward.x - c.x;
	const dy = toward.y - c.y;
	if (dx === 0 && dy === 0) return c;
	const hw = node.width / 2 + pad;
	const hh = node.height / 2 + pad;
	const scale = Math.min(dx === 0 ? Infinity : hw / Math.abs(dx), dy === 0 ? Infinity : hh / Math.abs(dy));
	return { x: c.x + dx * scale, y: c.y + dy * scale };
}

/**
 * The drawn geometry of observed transitions: on the model's arrow when it has exactly that
 * arrow, else a curve between the two boxes (bent to its right, so A → B and B → A do not
 * overlap), or a loop above the box for a repeat on the same state.
 */
export function observedEdges(layout: JourneyLayout, transitions: readonly ObservedTransition[]): ObservedEdge[] {
	const nodes = new Map(layout.nodes.map((n) => [n.id, n]));
	const arrows = new Map<string, { path: string; labelPos: Point }>();
	for (const edge of layout.edges) {
		const key = `${edge.source}→${edge.target}`;
		if (!arrows.has(key)) arrows.set(key, { path: edge.path, labelPos: edge.labelPos });
	}
	const width = volumeWidth(Math.max(0, ...transitions.map((t) => t.count)));
	const out: ObservedEdge[] = [];
	for (const transition of transitions) {
		const from = nodes.get(transition.from);
		const to = nodes.get(transition.to);
		if (!from || !to) continue;
		const key = `${transition.from}→${transition.to}`;
		const base = { key, transition, width: width(transition.count) };
		if (from === to) {
			const x = from.x + from.width - 34;
			const y = from.y;
			out.push({
				...base,
				path: `M${tenth(x)},${tenth(y)} C${tenth(x - 6)},${tenth(y - 34)} ${tenth(x + 40)},${tenth(y - 34)} ${tenth(x + 28)},${tenth(y)}`,
				labelPos: { x: x + 17, y: y - 30 },
				onModelArrow: false
			});
			continue;
		}
		const arrow = !transition.deviation ? arrows.get(key) : undefined;
		if (arrow) {
			out.push({ ...base, path: arrow.path, labelPos: arrow.labelPos, onModelArrow: true });
			continue;
		}
		const a = centre(from);
		const b = centre(to);
		const dx = b.x - a.x;
		const dy = b.y - a.y;
		const length = Math.hypot(dx, dy) || 1;
		const bend = Math.min(90, 0.22 * length);
		// The control point sits to the right of the direction of travel.
		const control = { x: (a.x + b.x) / 2 - (dy / length) * bend, y: (a.y + b.y) / 2 + (dx / length) * bend };
		const start = boundary(from, control);
		const end = boundary(to, control, 6);
		const mid = {
			x: 0.25 * start.x + 0.5 * control.x + 0.25 * end.x,
			y: 0.25 * start.y + 0.5 * control.y + 0.25 * end.y
		};
		out.push({
			...base,
			path: `M${tenth(start.x)},${tenth(start.y)} Q${tenth(control.x)},${tenth(control.y)} ${tenth(end.x)},${tenth(end.y)}`,
			labelPos: mid,
			onModelArrow: false
		});
	}
	return out;
}

/** A count in few characters: `850`, `12,3 k`, `1,2 M`. */
export function compact(value: number, locale: 'fr' | 'en'): string {
	return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}
