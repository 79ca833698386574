/**
 * Sizes text for the PowerPoint deck. A .pptx file cannot ask PowerPoint or LibreOffice to shrink
 * text when it opens (autofit is computed by the application, and only after an edit), so the deck
 * is written with sizes that fit: lines are counted by wrapping on words with a generous
 * per-character width of the deck's font (Calibri), and a font size is chosen, or a table cut into
 * slides, so that every text stays inside its box.
 */

/** Average advance of a character, in ems, for Calibri: generous (its real average is about 0.47). */
const EM = { normal: 0.53, bold: 0.56 };
/** Line height as a multiple of the font size. */
export const LINE_HEIGHT = 1.2;

/** Width of a text in inches at `pt` points. */
export function textWidth(text: string, pt: number, bold = false): number {
	return (text.length * pt * (bold ? EM.bold : EM.normal)) / 72;
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
