/**
 * Text from a file shown on a terminal. A cell can hold control characters: ESC starts the
 * sequences that clear the screen, move the cursor, recolour or retitle the window (`\x1b[2J`),
 * C1 controls do the same in one character (U+009B), and bidirectional overrides (U+202E) reorder
 * what is shown. Printed raw, a contact log could repaint the terminal of whoever analyses it, so
 * every such character is shown as a visible escape instead: `\x1b`, `\x9b`, `\u202e`.
 */

/** C0 and C1 controls, DEL, bidirectional marks, embeddings, overrides and isolates, line and paragraph separators. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
/** The same, line feeds and tabs left alone: the layout of a whole report. */
const CONTROLS_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(c: string): string {
	const code = c.charCodeAt(0);
	return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** A cell as shown in a table: every control character, tab and line end included, escaped. */
export function visibleCell(text: string): string {
	return text.replace(CONTROLS, escape);
}

/** A report or message as shown: its line feeds and tabs kept, every other control escaped. */
export function visibleText(text: string): string {
	return text.replace(CONTROLS_BUT_LAYOUT, escape);
}

/**
 * One JSON value on one line. JSON.stringify escapes C0 controls but writes DEL, C1 controls,
 * bidirectional controls and U+2028/U+2029 as they are; they are escaped here too (`\u009b`), so
 * the output is safe on a terminal and parses to the same value.
 */
export function jsonLine(value: unknown): string {
	return JSON.stringify(value).replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
