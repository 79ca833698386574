/**
 * Text encodings of users' files: UTF-8 (with or without a byte-order mark) or, when the bytes are
 * not valid UTF-8, Windows-1252 (what Excel writes on a French Windows). Fields are decoded one at a
 * time, and only when their text is needed.
 */

export type Encoding = 'utf-8' | 'windows-1252';

/** Whether `b` starts with the UTF-8 byte-order mark EF BB BF. */
export function hasBom(b: Uint8Array): boolean {
	return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

/**
 * Whether `b` is valid UTF-8. A sequence cut by the end of `b` counts as valid unless `complete`
 * (the head of a file may end in the middle of a character).
 */
export function isValidUtf8(b: Uint8Array, complete: boolean): boolean {
	const n = b.length;
	let i = 0;
	while (i < n) {
		const c = b[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		let need: number;
		let min: number;
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			min = 0x10000;
		} else return false;
		if (i + need >= n + (complete ? 0 : need)) return !complete;
		let cp = c & (0x3f >> need);
		for (let k = 1; k <= need; k++) {
			if (i + k >= n) return !complete;
			const x = b[i + k];
			if ((x & 0xc0) !== 0x80) return false;
			cp = (cp << 6) | (x & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
		i += need + 1;
	}
	return true;
}

export function detectEncoding(head: Uint8Array, complete: boolean): Encoding {
	return isValidUtf8(head, complete) ? 'utf-8' : 'windows-1252';
}

/** What a non-text file looks like, for the message: a zipped Office file, UTF-16, or other bytes. */
export type BinaryKind = 'xlsx' | 'xls' | 'utf-16' | 'binary';

/**
 * Recognises files that are not delimited text: NUL bytes, or mostly control characters in the head.
 * Null when the head looks like text.
 */
export function binaryKind(head: Uint8Array): BinaryKind | null {
	if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4) return 'xlsx';
	if (head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'xls';
	if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)))
		return 'utf-16';
	const n = Math.min(head.length, 8192);
	let control = 0;
	for (let i = 0; i < n; i++) {
		const c = head[i];
		if (c === 0) return 'binary';
		if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
	}
	return n > 0 && control / n > 0.1 ? 'binary' : null;
}

/** Whether `b` has no byte above 0x7F (then UTF-8 and Windows-1252 read it alike). */
export function isAscii(b: Uint8Array): boolean {
	for (let i = 0; i < b.length; i++) if (b[i] >= 0x80) return false;
	return true;
}

/**
 * Thrown by a UTF-8 `FieldDecoder` at bytes that are not valid UTF-8 once text told UTF-8 apart
 * (a valid multi-byte character was decoded, or a byte-order mark said so): the file mixes two
 * encodings, and no reading of it is right. The caller names the line.
 */
export class EncodingClash extends Error {
	constructor() {
		super('The file mixes UTF-8 and another encoding.');
		this.name = 'EncodingClash';
	}
}

/**
 * Decodes byte ranges of one file; ASCII-only ranges skip the TextDecoder call. UTF-8 is never
 * read with replacement characters. A `provisional` UTF-8 decoder (the head of the file was all
 * ASCII, so nothing told the encodings apart yet) switches to Windows-1252 at the first bytes that
 * are not valid UTF-8, and stays UTF-8 for good at the first valid multi-byte character: what was
 * decoded before is ASCII, which reads the same either way. Invalid bytes after that (or in a file
 * whose head was UTF-8) throw EncodingClash. `replace` keeps replacement characters instead, for a
 * preview that must show something whatever the user chose.
 */
export class FieldDecoder {
	encoding: Encoding;
	private decoder: { decode(bytes: Uint8Array): string };
	private provisional: boolean;
	private strict: boolean;

	constructor(encoding: Encoding, provisional = false, replace = false) {
		this.encoding = encoding;
		this.provisional = provisional && encoding === 'utf-8';
		this.strict = encoding === 'utf-8' && !replace;
		this.decoder = encoding === 'windows-1252' ? windows1252() : new TextDecoder(encoding, { fatal: this.strict });
	}

	/** Still a guess: nothing decoded so far told UTF-8 and Windows-1252 apart. */
	get isProvisional(): boolean {
		return this.provisional;
	}

	private decodeText(bytes: Uint8Array): string {
		if (!this.strict) return this.decoder.decode(bytes);
		let text: string;
		try {
			text = this.decoder.decode(bytes);
		} catch {
			if (!this.provisional) throw new EncodingClash();
			this.encoding = 'windows-1252';
			this.decoder = windows1252();
			this.strict = false;
			this.provisional = false;
			return this.decoder.decode(bytes);
		}
		// Fewer characters than bytes: a multi-byte character, so UTF-8 for good.
		if (this.provisional && text.length !== bytes.length) this.provisional = false;
		return text;
	}

	decode(b: Uint8Array, start: number, end: number): string {
		const n = end - start;
		if (n <= 0) return '';
		if (n > 12) return this.decodeText(b.subarray(start, end));
		for (let i = start; i < end; i++) if (b[i] >= 0x80) return this.decodeText(b.subarray(start, end));
		// Short ASCII (ids, codes, labels): one flat string, no decoder call, no intermediate strings.
		const c = String.fromCharCode;
		const s = start;
		switch (n) {
			case 0: return '';
			case 1: return c(b[s]);
			case 2: return c(b[s], b[s + 1]);
			case 3: return c(b[s], b[s + 1], b[s + 2]);
			case 4: return c(b[s], b[s + 1], b[s + 2], b[s + 3]);
			case 5: return c(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4]);
			case 6: return c(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5]);
			case 7: return c(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6]);
			case 8: return c(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7]);
			case 9: return c(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8]);
			case 10: return c(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9]);
			case 11: return c(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10]);
			default: return c(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11]);
		}
	}
}

/** Windows-1252 characters 0x80–0x9F (`€`, `’`, `œ`…); blanks are undefined in that code page. */
const WINDOWS_1252_HIGH = [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'];

/**
 * A Windows-1252 decoder. Some runtimes (Node without full ICU) decode it as Latin-1, turning
 * `€` and `’` into control characters: there, 0x80–0x9F are mapped by hand.
 */
function windows1252(): { decode(bytes: Uint8Array): string } {
	const decoder = new TextDecoder('windows-1252');
	if (decoder.decode(Uint8Array.of(0x80)) === '€') return decoder;
	return {
		decode: (bytes) => decoder.decode(bytes).replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80])
	};
}

let cp1252: Map<number, number> | null = null;

/** The bytes of `text` in `encoding` (characters Windows-1252 lacks become `?`). */
export function encodeText(text: string, encoding: Encoding): Uint8Array {
	if (encoding === 'utf-8') return new TextEncoder().encode(text);
	if (cp1252 === null) {
		cp1252 = new Map();
		const decoded = windows1252().decode(Uint8Array.from({ length: 256 }, (_, i) => i));
		for (let i = 0; i < 256; i++) cp1252.set(decoded.charCodeAt(i), i);
	}
	const out = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) out[i] = cp1252.get(text.charCodeAt(i)) ?? 63;
	return out;
}
