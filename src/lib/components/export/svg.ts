/**
 * The journey map as a file: the page's graph `<svg>` cloned with its computed styles inlined (so
 * it looks the same outside the app), framed on the whole drawing whatever the zoom, with the
 * legend drawn below it; and as a PNG drawn from that SVG on a canvas.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Presentation properties that the app's stylesheets set on the graph. */
const STYLE_PROPERTIES = [
	'fill',
	'fill-opacity',
	'stroke',
	'stroke-width',
	'stroke-dasharray',
	'stroke-opacity',
	'stroke-linecap',
	'stroke-linejoin',
	'opacity',
	'font-family',
	'font-size',
	'font-weight',
	'font-style',
	'text-anchor',
	'dominant-baseline',
	'visibility',
	'display'
];

/** Properties that are not inherited: written only when they change something. */
const NOT_INHERITED: Record<string, string> = { opacity: '1', display: 'inline' };

/**
 * Writes the computed presentation properties of `source` on `target`, leaving out what the
 * element inherits unchanged from its parent, so the file stays readable.
 */
function inlineStyles(source: Element, target: Element, parent: CSSStyleDeclaration | null): void {
	const computed = getComputedStyle(source);
	const declarations: string[] = [];
	for (const property of STYLE_PROPERTIES) {
		const value = computed.getPropertyValue(property);
		if (!value) continue;
		if (property in NOT_INHERITED) {
			if (value !== NOT_INHERITED[property] && !(property === 'display' && value === 'block')) declarations.push(`${property}:${value}`);
		} else if (!parent || parent.getPropertyValue(property) !== value) {
			declarations.push(`${property}:${value}`);
		}
	}
	// Through the CSS object model: the app's Content-Security-Policy refuses inline style attributes
	// written as markup (`setAttribute('style')`), not styles set through `style`.
	if (declarations.length) (target as SVGElement).style.cssText = declarations.join(';');
	else target.removeAttribute('style');
	// The app's scoping classes mean nothing outside it; the others say what a shape is (state, edge).
	const classes = (target.getAttribute('class') ?? '').split(/\s+/).filter((c) => c && !c.startsWith('svelte-'));
	if (classes.length) target.setAttribute('class', classes.join(' '));
	else target.removeAttribute('class');
	for (const attribute of ['tabindex', 'role', 'aria-pressed', 'aria-describedby', 'aria-hidden', 'data-state-id', 'data-transition']) {
		target.removeAttribute(attribute);
	}
}

interface LegendEntry {
	colour: string;
	letter: string;
	text: string;
	border: string;
}

function legendEntries(legend: Element | null): { title: string; entries: LegendEntry[] } {
	if (!legend) return { title: '', entries: [] };
	const entries = [...legend.querySelectorAll('li')].map((li) => {
		const swatch = li.querySelector('.swatch');
		const style = swatch ? getComputedStyle(swatch) : null;
		return {
			colour: style?.backgroundColor ?? '#ccc',
			border: style?.borderTopColor ?? 'none',
			letter: swatch?.textContent?.trim() ?? '',
			text: (li.textContent ?? '').replace(swatch?.textContent ?? '', '').trim()
		};
	});
	return { title: legend.querySelector('strong')?.textContent?.trim() ?? '', entries };
}

/**
 * The SVG text of a drawn journey. `graph` is the element holding the `<svg>` and its legend
 * (`JourneyGraph`'s root); `title` goes at the top.
 */
export function journeySvg(graph: Element, title: string): string {
	const original = graph.querySelector('svg');
	if (!original) throw new Error('No journey drawing on this page.');
	const content = original.querySelector<SVGGElement>(':scope > g');
	const box = content?.getBBox() ?? { x: 0, y: 0, width: 400, height: 300 };
	const pad = 24;
	const titleHeight = title ? 40 : 0;

	const clone = original.cloneNode(true) as SVGSVGElement;
	const sources = [original, ...original.querySelectorAll('*')];
	const targets = [clone, ...clone.querySelectorAll('*')];
	sources.forEach((source, i) => {
		const parent = source === original || !source.parentElement ? null : getComputedStyle(source.parentElement);
		inlineStyles(source, targets[i], parent);
	});
	clone.removeAttribute('style');

	const legend = legendEntries(graph.querySelector('.legend'));
	const legendHeight = legend.entries.length ? 56 : 0;
	const width = Math.ceil(Math.max(box.width + 2 * pad, 480));
	const height = Math.ceil(box.height + 2 * pad + titleHeight + legendHeight);

	clone.setAttribute('xmlns', SVG_NS);
	clone.setAttribute('width', String(width));
	clone.setAttribute('height', String(height));
	clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
	clone.setAttribute('font-family', getComputedStyle(original).fontFamily || 'sans-serif');

	const cloneContent = clone.querySelector(':scope > g');
	cloneContent?.setAttribute('transform', `translate(${pad - box.x},${pad + titleHeight - box.y})`);

	const background = document.createElementNS(SVG_NS, 'rect');
	background.setAttribute('width', '100%');
	background.setAttribute('height', '100%');
	background.setAttribute('fill', '#ffffff');
	clone.insertBefore(background, clone.firstChild);

	const text = (x: number, y: number, value: string, attrs: Record<string, string> = {}) => {
		const node = document.createElementNS(SVG_NS, 'text');
		node.setAttribute('x', String(x));
		node.setAttribute('y', String(y));
		node.setAttribute('fill', '#1b1f24');
		node.setAttribute('font-size', '13');
		for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
		node.textContent = value;
		clone.append(node);
		return node;
	};
	if (title) text(pad, pad + 16, title, { 'font-size': '20', 'font-weight': '700', fill: '#1f4e79' });

	if (legend.entries.length) {
		const y = height - legendHeight + 28;
		let x = pad;
		text(x, y + 4, legend.title, { 'font-weight': '700' });
		x += legend.title.length * 8 + 16;
		for (const entry of legend.entries) {
			const swatch = document.createElementNS(SVG_NS, 'rect');
			swatch.setAttribute('x', String(x));
			swatch.setAttribute('y', String(y - 10));
			swatch.setAttribute('width', '18');
			swatch.setAttribute('height', '18');
			swatch.setAttribute('rx', '4');
			swatch.setAttribute('fill', entry.colour === 'rgba(0, 0, 0, 0)' ? '#ffffff' : entry.colour);
			swatch.setAttribute('stroke', entry.border || '#999');
			clone.append(swatch);
			if (entry.letter) text(x + 9, y + 3, entry.letter, { fill: '#ffffff', 'font-size': '11', 'font-weight': '700', 'text-anchor': 'middle' });
			text(x + 24, y + 4, entry.text);
			x += 24 + entry.text.length * 7.2 + 18;
		}
	}
	return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** The SVG drawn on a canvas at `scale` (2: sharp on a projector), as PNG. */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
	const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
	try {
		const image = new Image();
		image.decoding = 'async';
		await new Promise<void>((resolve, reject) => {
			image.onload = () => resolve();
			image.onerror = () => reject(new Error('The map could not be drawn as an image.'));
			image.src = url;
		});
		const canvas = document.createElement('canvas');
		canvas.width = Math.ceil(image.width * scale);
		canvas.height = Math.ceil(image.height * scale);
		const context = canvas.getContext('2d');
		if (!context) throw new Error('No canvas in this browser.');
		context.fillStyle = '#ffffff';
		context.fillRect(0, 0, canvas.width, canvas.height);
		context.drawImage(image, 0, 0, canvas.width, canvas.height);
		return await new Promise<Blob>((resolve, reject) =>
			canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be made.'))), 'image/png')
		);
	} finally {
		URL.revokeObjectURL(url);
	}
}
