/**
 * Keeps a slide's content inside the slide: when something would overflow the 16:9 box (a long
 * table, a journey with many steps, a word wider than its column), the slide's `--fit` custom
 * property is lowered by steps until everything fits (never below `min`), so content shrinks
 * instead of being cut or broken mid-word. Re-run when the slide is resized or its content changes.
 */
export interface FitOptions {
	/** The smallest scale allowed. @default 0.5 */
	min?: number;
}

/** True when `node` or one of its block descendants has content wider or taller than itself. */
export function overflows(node: HTMLElement): boolean {
	if (node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1) return true;
	for (const element of node.querySelectorAll<HTMLElement>('*')) {
		if (element instanceof SVGElement || element.clientWidth === 0) continue;
		if (element.scrollWidth > element.clientWidth + 1) return true;
	}
	return false;
}

export function fitContent(node: HTMLElement, options: FitOptions = {}) {
	let min = options.min ?? 0.5;
	let frame = 0;
	const run = () => {
		let scale = 1;
		node.style.setProperty('--fit', '1');
		while (scale > min && overflows(node)) {
			scale = Math.max(min, Math.round((scale - 0.04) * 100) / 100);
			node.style.setProperty('--fit', String(scale));
		}
		node.dataset.fit = String(scale);
	};
	const schedule = () => {
		cancelAnimationFrame(frame);
		frame = requestAnimationFrame(run);
	};
	const resize = new ResizeObserver(schedule);
	resize.observe(node);
	const mutation = new MutationObserver(schedule);
	mutation.observe(node, { childList: true, subtree: true, characterData: true });
	void document.fonts?.ready.then(schedule);
	schedule();
	return {
		update(next: FitOptions = {}) {
			min = next.min ?? 0.5;
			schedule();
		},
		destroy() {
			cancelAnimationFrame(frame);
			resize.disconnect();
			mutation.disconnect();
		}
	};
}
