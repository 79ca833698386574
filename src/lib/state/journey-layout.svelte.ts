/**
 * Where the journey's states are drawn: ELK lays the machine out in workers (`elk-pool.ts`), a
 * newer request winning over an older one; a layout already computed for this machine and
 * language is taken from the cache (reopening a journey, undoing back to a version drawn
 * before); and a large journey opened with no layout known is first drawn as a quick sketch
 * while ELK works. Must be created while a component initialises.
 */
import { untrack } from 'svelte';
import { layoutJourney, sketchJourney, type LayoutEngine } from '$lib/analysis/journey-layout';
import { LayoutCache } from '$lib/analysis/journey-layout-cache';
import { stateIds } from '$lib/domain/journey';
import type { Id, JourneyMachineConfig, Locale } from '$lib/domain/types';
import { elkPool } from './elk-pool';

/**
 * A journey this large, opened with no layout known, is first drawn as a sketch (a few
 * milliseconds) while ELK lays it out (a second or more on a slow machine). @default 80
 */
export const SKETCH_FROM = 80;

/** A layout of the journey (`analysis/journey-layout.ts`'s `JourneyLayout`, whose name the class takes). */
type Layout = ReturnType<typeof sketchJourney>;

export interface JourneyLayoutSource {
	workspaceId: () => Id;
	machine: () => JourneyMachineConfig | undefined;
	locale: () => Locale;
	/** @default a cache over `localStorage` */
	cache?: LayoutCache;
	/** @default the ELK pool */
	engine?: () => LayoutEngine;
	/** Runs a callback once the next frame is painted. @default `afterPaint` */
	afterPaint?: (run: () => void) => void;
}

/**
 * Runs after the next frame is painted: the frame runs the callback, the task after it follows
 * its paint. A hidden tab paints no frame: then after 200 ms.
 */
export function afterPaint(run: () => void) {
	let done = false;
	const once = () => {
		if (done) return;
		done = true;
		clearTimeout(fallback);
		run();
	};
	const fallback = setTimeout(once, 200);
	requestAnimationFrame(() => setTimeout(once));
}

export class JourneyLayout {
	/** The layout drawn: ELK's, the cache's, or a sketch; undefined until the first one. */
	current = $state.raw<Layout | undefined>(undefined);
	/** The layout drawn is a quick sketch, ELK's layout is on its way. */
	provisional = $state(false);
	/** Why ELK could not lay the journey out; empty when it could. */
	error = $state('');

	readonly #engine: () => LayoutEngine;
	readonly #afterPaint: (run: () => void) => void;

	constructor(source: JourneyLayoutSource) {
		const cache = source.cache ?? new LayoutCache(typeof localStorage === 'undefined' ? undefined : localStorage);
		this.#engine = source.engine ?? elkPool;
		this.#afterPaint = source.afterPaint ?? afterPaint;
		// A newer request wins over an older one.
		$effect(() => {
			const machine = source.machine();
			const lang = source.locale();
			if (!machine) return;
			// Measured so the browser benchmark (bench/journey-render.ts) can read the first drawing
			// (`journey-drawn`: layout or sketch, then paint), ELK's part (`journey-layout`) and ELK's
			// layout drawn after a sketch (`journey-refined`).
			const started = performance.now();
			const key = cache.key(machine, lang);
			const cached = cache.get(key);
			if (cached) {
				this.#show(cached, started);
				return;
			}
			let stale = false;
			const engine = this.#engine();
			const lay = () =>
				layoutJourney(machine, { locale: lang, engine })
					.then((result) => {
						performance.measure('journey-layout', { start: started, end: performance.now() });
						cache.set(key, result, source.workspaceId());
						if (stale) return;
						this.#show(result, started);
						if (sketched) this.#afterPaint(() => performance.measure('journey-refined', { start: started, end: performance.now() }));
					})
					.catch((error: unknown) => {
						if (!stale) this.error = error instanceof Error ? error.message : String(error);
					});
			const sketched = !untrack(() => this.current) && stateIds(machine).length >= SKETCH_FROM;
			if (sketched) {
				this.#show(sketchJourney(machine, { locale: lang }), started, true);
				// ELK's workers would take the cores the sketch's drawing needs: they start once it is painted.
				this.#afterPaint(() => {
					if (!stale) void lay();
				});
			} else void lay();
			return () => {
				stale = true;
			};
		});
	}

	#show(next: Layout, started: number, sketch = false) {
		const first = !untrack(() => this.current);
		this.current = next;
		this.provisional = sketch;
		this.error = '';
		if (!first) return;
		this.#afterPaint(() => {
			performance.measure('journey-drawn', { start: started, end: performance.now() });
			// The first edit will need ELK: its workers start now, once the journey is on screen.
			this.#engine();
		});
	}
}
