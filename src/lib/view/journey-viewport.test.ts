import { describe, expect, it } from 'vitest';
import { boxInView, centreTransform, fitsAt, fitTransform, nearestBox, READABLE_FIT, READABLE_SCALE, textWindow, withinWindow } from './journey-viewport';

const view = { width: 1000, height: 600 };

describe('fitTransform', () => {
	it('shows a large drawing whole, centred, with a margin, at the scale of its tighter side', () => {
		const drawing = { width: 2000, height: 800 };
		const t = fitTransform(drawing, view);
		expect(t.k).toBeCloseTo((1000 - 24) / 2000);
		// Centred: as much room left as right, above as below.
		expect(t.x).toBeCloseTo((1000 - 2000 * t.k) / 2);
		expect(t.y).toBeCloseTo((600 - 800 * t.k) / 2);
		expect(t.x).toBeGreaterThanOrEqual(0);
		expect(boxInView({ x: 0, y: 0, ...drawing }, t, view)).toBe(true);
	});

	it('enlarges a small drawing at most to 1.2 times its natural size', () => {
		const t = fitTransform({ width: 100, height: 50 }, view);
		expect(t.k).toBe(1.2);
		expect(t).toEqual({ x: (1000 - 120) / 2, y: (600 - 60) / 2, k: 1.2 });
	});

	it('keeps labels readable: a drawing too large is shown from its top left at the least scale', () => {
		const drawing = { width: 3000, height: 900 };
		expect(fitsAt(drawing, view, READABLE_FIT)).toBe(false);
		const t = fitTransform(drawing, view, READABLE_FIT);
		expect(t.k).toBe(READABLE_FIT);
		expect(14 * t.k).toBeCloseTo(12);
		expect([t.x, t.y]).toEqual([12, 12]);
		// A drawing that fits at that scale is centred as before.
		const small = { width: 800, height: 400 };
		expect(fitsAt(small, view, READABLE_FIT)).toBe(true);
		expect(fitTransform(small, view, READABLE_FIT)).toEqual(fitTransform(small, view));
		// Too wide only: centred in height.
		const wide = fitTransform({ width: 3000, height: 300 }, view, READABLE_FIT);
		expect(wide.x).toBe(12);
		expect(wide.y).toBeCloseTo((600 - 300 * READABLE_FIT) / 2);
	});
});

describe('centreTransform', () => {
	const box = { x: 400, y: 300, width: 200, height: 70 };

	it('puts the box in the middle of the view, large enough to read', () => {
		const wide = { ...box, width: 600 };
		const t = centreTransform(wide, view, 0.2);
		// The box takes a third of the view's width (less a margin).
		expect(t.k).toBeCloseTo((1000 - 40) / 600 / 3);
		expect((wide.x + wide.width / 2) * t.k + t.x).toBeCloseTo(500);
		expect((wide.y + wide.height / 2) * t.k + t.y).toBeCloseTo(300);
	});

	it('never zooms out, nor past the natural size on its own', () => {
		expect(centreTransform(box, view, 2).k).toBe(2);
		expect(centreTransform({ ...box, width: 20 }, view, 0.5).k).toBe(1);
	});
});

describe('boxInView', () => {
	it('tells a box wholly shown from one cut by the edge of the view', () => {
		const t = { x: -100, y: 0, k: 1 };
		expect(boxInView({ x: 200, y: 10, width: 100, height: 50 }, t, view)).toBe(true);
		expect(boxInView({ x: 50, y: 10, width: 100, height: 50 }, t, view)).toBe(false);
		expect(boxInView({ x: 1050, y: 10, width: 100, height: 50 }, t, view)).toBe(false);
	});
});

describe('textWindow', () => {
	it('is empty where labels could not be read, or before the view has a size', () => {
		expect(textWindow({ x: 0, y: 0, k: READABLE_SCALE - 0.01 }, view)).toBe('');
		expect(textWindow({ x: 0, y: 0, k: 1 }, { width: 0, height: 0 })).toBe('');
	});

	it('covers the view and half a view around it, rounded out to the grid', () => {
		const window = textWindow({ x: 0, y: 0, k: 1 }, view);
		expect(window).toBe('-512,-512,1536,1024');
		const within = withinWindow(window);
		expect(within(-400, -250)).toBe(true);
		expect(within(1600, 0)).toBe(false);
		// A box that reaches into the window counts.
		expect(within(-700, 0, 200, 10)).toBe(true);
	});

	it('changes only when a pan crosses the grid', () => {
		expect(textWindow({ x: -10, y: -10, k: 1 }, view)).toBe(textWindow({ x: 0, y: 0, k: 1 }, view));
	});
});

describe('nearestBox', () => {
	const at = (id: string, x: number, y: number) => ({ id, x, y, width: 100, height: 50 });
	const from = at('from', 0, 0);
	const right = at('right', 300, 0);
	const diagonal = at('diagonal', 200, 200);
	const below = at('below', 0, 150);

	it('goes to the nearest box that way, favouring boxes in line', () => {
		const boxes = [from, right, diagonal, below];
		expect(nearestBox(from, boxes, 'ArrowRight')?.id).toBe('right');
		expect(nearestBox(from, boxes, 'ArrowDown')?.id).toBe('below');
		expect(nearestBox(from, boxes, 'ArrowLeft')).toBeUndefined();
		expect(nearestBox(below, boxes, 'ArrowUp')?.id).toBe('from');
	});
});
