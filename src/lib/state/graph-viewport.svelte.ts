/**
 * The view of the journey graph: d3-zoom's pan and zoom on the SVG (given through `attach`), the
 * view's size, fitting the journey when its first layout arrives and again when ELK's layout
 * replaces a sketch the person has not moved, centring and revealing a state, and the part of
 * the drawing whose texts are drawn. The maths is `view/journey-viewport.ts`. Must be created
 * while a component initialises.
 */
import { untrack } from 'svelte';
import { select, zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3';
import type { JourneyLayout } from '$lib/analysis/journey-layout';
import { boxInView, centreTransform, fitsAt, fitTransform, READABLE_FIT, SCALE_EXTENT, textWindow, type Box, type Size, type ViewTransform } from '$lib/view/journey-viewport';

/** How long a zoom or pan must pause before the texts drawn follow it, in ms. */
const SETTLE_MS = 120;

const zoomOf = (t: ViewTransform) => zoomIdentity.translate(t.x, t.y).scale(t.k);

/** What a layout is made of, as a string: its states, its arrows, the order of its columns. */
export function structureOf(layout: JourneyLayout): string {
	const columns = layout.nodes.filter((n) => n.depth === 0).sort((a, b) => a.x - b.x);
	return [columns.map((n) => n.id).join(','), layout.nodes.length, layout.edges.map((e) => e.id).sort().join(',')].join('|');
}

export class GraphViewport {
	transform = $state.raw<ZoomTransform>(zoomIdentity);
	/** The transform once the zoom or pan under way pauses. */
	settled = $state.raw<ZoomTransform>(zoomIdentity);
	size = $state.raw<Size>({ width: 0, height: 0 });
	/** The first layout has been fitted to the view: until then no text is drawn. */
	fitted = $state(false);
	/** The whole journey fits the view with readable labels (else a fit shows it from its start). */
	fitsReadably = $state(true);
	/** The SVG zoomed, once attached. */
	element = $state.raw<SVGSVGElement | undefined>(undefined);

	readonly #layout: () => JourneyLayout | undefined;
	#behaviour: ZoomBehavior<SVGSVGElement, unknown> | undefined;
	#settling: ReturnType<typeof setTimeout> | undefined;
	/** The person has zoomed or panned since the last fit. */
	#moved = false;
	#sketched = false;
	/** Fit the next layout drawn (a journey imported in place of another). */
	#fitPending = false;
	/** The states and arrows of the layout last drawn (`structureOf`): an edit that changes them refits. */
	#structure = '';

	/** `provisional`: the layout is a sketch that ELK's layout will replace. */
	constructor(layout: () => JourneyLayout | undefined, provisional: () => boolean) {
		this.#layout = layout;
		// Fit once, when the first layout arrives (or, in a view with no size yet, once it has one),
		// and again when ELK's layout replaces a sketch.
		$effect(() => {
			if (!layout() || !untrack(() => this.element)) return;
			const sketch = provisional();
			const drawn = layout() as JourneyLayout;
			const structure = structureOf(drawn);
			const changed = this.#structure !== '' && structure !== this.#structure;
			if (!untrack(() => this.fitted)) {
				void this.size.width;
				this.fitted = this.fit();
			} else if (this.#fitPending || (this.#sketched && !sketch && !this.#moved) || (changed && !this.#moved)) {
				// A state, a stage or an arrow added or removed: the whole journey is shown again,
				// unless the person zoomed or panned since the last fit.
				this.#fitPending = false;
				this.fit();
			}
			this.#structure = structure;
			this.#sketched = sketch;
		});
	}

	/** The part of the drawing whose texts are drawn (`textWindow`); empty before the first fit. */
	textWindow = $derived.by(() => (this.fitted ? textWindow(this.settled, this.size) : ''));

	/** Gives the SVG d3-zoom's pan and zoom and watches its size: `{@attach viewport.attach}`. */
	attach = (element: SVGSVGElement) => {
		this.element = element;
		const behaviour = zoom<SVGSVGElement, unknown>()
			.scaleExtent(SCALE_EXTENT)
			// d3's default, but a press on a drag handle (a phase's title) moves the phase, not the view.
			.filter((event: MouseEvent) => (!event.ctrlKey || event.type === 'wheel') && !event.button && !(event.target instanceof Element && event.target.closest('[data-drag-handle]')))
			.on('zoom', (event: { transform: ZoomTransform; sourceEvent: Event | null }) => {
				this.transform = event.transform;
				clearTimeout(this.#settling);
				if (event.sourceEvent) {
					this.#moved = true;
					this.#settling = setTimeout(() => (this.settled = event.transform), SETTLE_MS);
				} else this.settled = event.transform;
			});
		this.#behaviour = behaviour;
		const selection = select(element);
		selection.call(behaviour).on('dblclick.zoom', null);
		const observer = new ResizeObserver(([entry]) => {
			this.size = { width: entry.contentRect.width, height: entry.contentRect.height };
		});
		observer.observe(element);
		return () => {
			clearTimeout(this.#settling);
			observer.disconnect();
			selection.on('.zoom', null);
			this.element = undefined;
			this.#behaviour = undefined;
		};
	};

	/** Shows the whole journey, at most at its natural size; false when the view has no size yet. */
	fit(): boolean {
		this.#moved = false;
		const svg = untrack(() => this.element);
		const layout = untrack(this.#layout);
		if (!svg || !this.#behaviour || !layout || layout.width === 0) return false;
		// The size the resize observer saw, if it has: asking the SVG would lay the page out now.
		const known = untrack(() => this.size);
		const { width, height } = known.width ? known : svg.getBoundingClientRect();
		if (width === 0 || height === 0) return false;
		if (!known.width) this.size = { width, height };
		this.fitsReadably = fitsAt(layout, { width, height }, READABLE_FIT);
		select(svg).call(this.#behaviour.transform, zoomOf(fitTransform(layout, { width, height }, READABLE_FIT)));
		return true;
	}

	/** Centres a box of the drawing (a state) in the view, at least at a readable size. */
	centre(box: Box) {
		const svg = untrack(() => this.element);
		if (!svg || !this.#behaviour) return;
		this.#moved = true;
		const view = svg.getBoundingClientRect();
		select(svg).call(this.#behaviour.transform, zoomOf(centreTransform(box, view, untrack(() => this.transform.k))));
	}

	/** Shows a box of the drawing (a phase) from its top left, at a scale where its labels read. */
	show(box: Box) {
		const svg = untrack(() => this.element);
		if (!svg || !this.#behaviour) return;
		this.#moved = true;
		const view = svg.getBoundingClientRect();
		const t = fitTransform(box, view, READABLE_FIT);
		select(svg).call(this.#behaviour.transform, zoomOf({ x: t.x - box.x * t.k, y: t.y - box.y * t.k, k: t.k }));
	}

	/** Brings a box of the drawing into view if the zoom left it outside. */
	reveal(box: Box) {
		const svg = untrack(() => this.element);
		if (!svg || !this.#behaviour) return;
		if (boxInView(box, untrack(() => this.transform), svg.getBoundingClientRect())) return;
		this.#moved = true;
		select(svg).call(this.#behaviour.translateTo, box.x + box.width / 2, box.y + box.height / 2);
	}

	zoomBy(factor: number) {
		this.#moved = true;
		const svg = untrack(() => this.element);
		if (svg && this.#behaviour) select(svg).call(this.#behaviour.scaleBy, factor);
	}

	/** Fits the next layout drawn to the view. */
	fitNextLayout() {
		this.#fitPending = true;
	}
}
