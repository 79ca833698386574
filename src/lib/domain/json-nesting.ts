/**
 * A limit on how deeply JSON a user hands us may nest, checked before it is parsed or validated.
 *
 * Reading a workspace file, a machine or rules walks the parsed value recursively (the schemas,
 * the machine reader, the cut-file check); a file nested thousands of levels deep — broken or
 * hostile — would overflow the stack there and show nothing. Real files nest a few tens of levels
 * (a workspace → journeys → machine → states → …), so a file deeper than the limit is refused
 * with a sentence instead. The scan is a loop over the characters: it cannot overflow itself.
 */

/** Deepest nesting of arrays and objects accepted. @default 100 */
export const MAX_JSON_NESTING = 100;

/**
 * Where the text's arrays and objects nest deeper than `limit` (the offset of the bracket that
 * goes past it), or -1 when they do not. Brackets inside strings do not count; the text need not
 * be valid JSON (a cut file is scanned as far as it goes).
 */
export function nestingBeyond(text: string, limit: number = MAX_JSON_NESTING): number {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (inString) {
			if (code === 0x5c /* \ */) i++;
			else if (code === 0x22 /* " */) inString = false;
		} else if (code === 0x22) inString = true;
		else if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
			if (++depth > limit) return i;
		} else if (code === 0x5d /* ] */ || code === 0x7d /* } */) depth--;
	}
	return -1;
}

/** JSON nested deeper than the limit: refused before it is parsed. */
export class JsonNestingError extends Error {
	readonly limit: number;
	constructor(limit: number) {
		super(`it is nested more than ${limit} levels deep (arrays and objects inside one another), more than any real file`);
		this.name = 'JsonNestingError';
		this.limit = limit;
	}
}

/**
 * `JSON.parse`, after checking the nesting: throws a `JsonNestingError` for a text nested deeper
 * than `limit`, and `JSON.parse`'s `SyntaxError` for text that is not JSON.
 */
export function parseJson(text: string, limit: number = MAX_JSON_NESTING): unknown {
	if (nestingBeyond(text, limit) >= 0) throw new JsonNestingError(limit);
	return JSON.parse(text);
}
