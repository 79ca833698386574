/**
 * The maths of the journey graph's view: the zoom and pan that show the whole journey or centre a
 * state, whether a state is in view, the part of the drawing whose texts are drawn, and the state
 * an arrow key leads to. Plain numbers in, plain numbers out; d3-zoom applies them
 * (`state/graph-viewport.svelte.ts`).
 */

export interface Size {
	width: number;
	height: number;
}

export interface Box extends Size {
	x: number;
	y: number;
}

/** A zoom: a point (x, y) of the drawing is shown at (x·k + tx, y·k + ty). As d3's `ZoomTransform`. */
export interface ViewTransform {
	x: number;
	y: number;
	k: number;
}

/** Zoom limits of the graph. */
export const SCALE_EXTENT: [number, number] = [0.15, 3];

/** Room left around the journey when it is fitted, in pixels. */
const FIT_MARGIN = 24;
/** A small journey is fitted at most a little larger than its natural size. */
const FIT_MAX_SCALE = 1.2;

/**
 * The least scale a fitted journey is shown at: state labels, drawn at 14 px, stay at least
 * 12 px on screen. A journey too large to show whole at it is shown from its start (top left),
 * the rest a pan away, or as its phases only.
 */
export const READABLE_FIT = 12 / 14;

/**
 * The zoom that shows the whole drawing in the view, centred, at most at `FIT_MAX_SCALE`; and
 * at least at `least`: a drawing too large for it is shown from its top left corner on the side
 * it overflows.
 */
export function fitTransform(drawing: Size, view: Size, least = 0): ViewTransform {
	const whole = Math.min(FIT_MAX_SCALE, (view.width - FIT_MARGIN) / drawing.width, (view.height - FIT_MARGIN) / drawing.height);
	const k = Math.max(whole, Math.min(least, FIT_MAX_SCALE));
	const place = (room: number, size: number) => (size * k <= room - FIT_MARGIN ? (room - size * k) / 2 : FIT_MARGIN / 2);
	return { x: place(view.width, drawing.width), y: place(view.height, drawing.height), k };
}

/** Whether the whole drawing fits the view at `least` or larger. */
export function fitsAt(drawing: Size, view: Size, least: number): boolean {
	return Math.min((view.width - FIT_MARGIN) / drawing.width, (view.height - FIT_MARGIN) / drawing.height) >= least;
}

/**
 * The zoom that puts a box in the middle of the view, at least at the current scale and, up to
 * the natural size, large enough for the box to take a third of the view's width.
 */
export function centreTransform(box: Box, view: Size, currentScale: number): ViewTransform {
	const k = Math.max(currentScale, Math.min(1, (view.width - 40) / box.width / 3));
	const cx = box.x + box.width / 2;
	const cy = box.y + box.height / 2;
	return { x: view.width / 2 - cx * k, y: view.height / 2 - cy * k, k };
}

/** Whether the whole box is shown in the view under the zoom. */
export function boxInView(box: Box, transform: ViewTransform, view: Size): boolean {
	const x0 = box.x * transform.k + transform.x;
	const y0 = box.y * transform.k + transform.y;
	const x1 = (box.x + box.width) * transform.k + transform.x;
	const y1 = (box.y + box.height) * transform.k + transform.y;
	return x0 >= 0 && y0 >= 0 && x1 <= view.width && y1 <= view.height;
}

/** Below this scale a label is under about 4 px high: no text is drawn. */
export const READABLE_SCALE = 0.3;
/** The part of the drawing with texts drawn is rounded to this grid, in drawing units. */
const GRID = 256;

/**
 * The part of the drawing whose texts are drawn, as `x0,y0,x1,y1`: what the view shows and half a
 * view around it, rounded out to a grid so that panning changes it only now and then (a string,
 * so a derived value changes only when it does); empty when texts could not be read.
 */
export function textWindow(transform: ViewTransform, view: Size): string {
	if (!view.width || transform.k < READABLE_SCALE) return '';
	const { x, y, k } = transform;
	const marginX = view.width / 2 / k;
	const marginY = view.height / 2 / k;
	const snap = (v: number, up: boolean) => (up ? Math.ceil(v / GRID) : Math.floor(v / GRID)) * GRID;
	return [
		snap(-x / k - marginX, false),
		snap(-y / k - marginY, false),
		snap((view.width - x) / k + marginX, true),
		snap((view.height - y) / k + marginY, true)
	].join(',');
}

/** Whether a point, or a box from it, meets a window of `textWindow`. */
export function withinWindow(window: string): (x: number, y: number, width?: number, height?: number) => boolean {
	const [x0, y0, x1, y1] = window.split(',').map(Number);
	return (x, y, width = 0, height = 0) => x + width >= x0 && x <= x1 && y + height >= y0 && y <= y1;
}

export type ArrowKey = 'ArrowRight' | 'ArrowLeft' | 'ArrowDown' | 'ArrowUp';

export function isArrowKey(key: string): key is ArrowKey {
	return key === 'ArrowRight' || key === 'ArrowLeft' || key === 'ArrowDown' || key === 'ArrowUp';
}

/** The nearest box in an arrow's direction from `from`, favouring boxes in line. */
export function nearestBox<B extends Box>(from: B, boxes: readonly B[], key: ArrowKey): B | undefined {
	const cx = from.x + from.width / 2;
	const cy = from.y + from.height / 2;
	let best: B | undefined;
	let bestScore = Infinity;
	for (const box of boxes) {
		if (box === from) continue;
		const dx = box.x + box.width / 2 - cx;
		const dy = box.y + box.height / 2 - cy;
		const [along, across] = key === 'ArrowRight' ? [dx, dy] : key === 'ArrowLeft' ? [-dx, dy] : key === 'ArrowDown' ? [dy, dx] : [-dy, dx];
		if (along <= 1) continue;
		const score = along + 2 * Math.abs(across);
		if (score < bestScore) {
			bestScore = score;
			best = box;
		}
	}
	return best;
}
