/**
 * Sizes text for the PowerPoint deck. A .pptx file cannot ask PowerPoint or LibreOffice to shrink
 * text when it opens (autofit is computed by the application, and only after an edit), so the deck
 * is written with sizes that fit: lines are counted by wrapping on words with a generous
 * per-character width of the deck's font (Calibri), and a font size is chosen, or a table cut into
 * slides, so that every text stays inside its box.
 */

/**
 * Advance of a character, in ems: generous for Calibri (lower-case letters average about 0.47,
 * figures 0.51), so that a deck opened where Calibri is replaced by a wider face (DejaVu Sans in
 * LibreOffice without Carlito: letters about 0.55, bold 0.61, figures 0.64) keeps its words whole
 * and its figures on one line.
 */
const EM = {
	normal: { wide: 0.64, space: 0.3, other: 0.55 },
	bold: { wide: 0.7, space: 0.32, other: 0.61 }
};
/** Figures, capitals and the signs written beside amounts are the widest characters of a slide. */
const WIDE = /[\p{Lu}\p{N}€$£%@]/u;
/** Line height as a multiple of the font size. */
export const LINE_HEIGHT = 1.2;

/** Width of a text in inches at `pt` points. */
export function textWidth(text: string, pt: number, bold = false): number {
	const em = bold ? EM.bold : EM.normal;
	let width = 0;
	for (const char of text) width += /\s/.test(char) ? em.space : WIDE.test(char) ? em.wide : em.other;
	return (width * pt) / 72;
}

/**
 * How many lines a text takes in a box `width` inches wide, wrapped between words as PowerPoint
 * does; a word longer than the line (which PowerPoint would break) counts as `Infinity`.
 */
export function lineCount(text: string, width: number, pt: number, bold = false): number {
	let count = 0;
	for (const paragraph of text.split('\n')) {
		let line = '';
		count++;
		for (const word of paragraph.split(/\s+/).filter(Boolean)) {
			if (textWidth(word, pt, bold) > width) return Infinity;
			const next = line ? `${line} ${word}` : word;
			if (textWidth(next, pt, bold) > width) {
				count++;
				line = word;
			} else line = next;
		}
	}
	return count;
}

/** Height in inches of a text wrapped in `width`. */
export function textHeight(text: string, width: number, pt: number, bold = false): number {
	return (lineCount(text, width, pt, bold) * pt * LINE_HEIGHT) / 72;
}

/**
 * The largest size from `max` down to `min` (by half points) at which every text fits its box:
 * no word broken, all lines within the height. `min` when none fits (the caller then splits).
 */
export function fitSize(texts: readonly { text: string; bold?: boolean; scale?: number }[], box: { w: number; h: number }, max: number, min = 8): number {
	for (let pt = max; pt >= min; pt -= 0.5) {
		const height = texts.reduce((sum, t) => sum + textHeight(t.text, box.w, pt * (t.scale ?? 1), t.bold), 0);
		if (height <= box.h) return pt;
	}
	return min;
}
