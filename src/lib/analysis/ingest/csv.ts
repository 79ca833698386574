/**
 * RFC 4180 records scanned straight from bytes. The scanner finds where each field starts and
 * ends; nothing is decoded or copied, so the caller decides which fields deserve a string.
 *
 * Records may contain quoted fields with delimiters, doubled quotes and CR, LF or CRLF line breaks.
 * A record that the buffer cuts short (in a quoted field, between CR and LF, …) is reported as
 * incomplete, and the caller scans it again once more bytes have arrived; since multi-byte UTF-8
 * characters never contain the delimiter, quote or line-break bytes, they are never split either.
 *
 * A quoted field is bounded: one that reaches the end of the file, holds more than
 * MAX_QUOTED_LINES line breaks or is longer than MAX_QUOTED_BYTES was never closed (a stray quote,
 * as DuckDB's "unterminated quotes" and Python's "unexpected end of data" report). The record is
 * then cut at the end of the line where that quote opened and marked `unterminated`, for the
 * caller to reject it; scanning resumes on the next line, so one stray quote costs one line, not
 * the rest of the file. The bound depends only on the bytes from the quote on, never on how much
 * of the file has arrived, so every way of cutting the file finds the same records.
 */

import type { FieldDecoder } from './text';

export type Delimiter = ',' | ';' | '\t';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Line breaks a quoted field may hold: more means its closing quote is missing. */
export const MAX_QUOTED_LINES = 2000;
/** Bytes a quoted field may hold (DuckDB's default line limit is 2 MB): more means its closing quote is missing. */
export const MAX_QUOTED_BYTES = 2 << 20;

/** The field's bytes are its text. */
export const PLAIN = 0;
/** `"…"` without doubled quotes: the text is the bytes between the quotes (`starts`/`ends` point inside). */
export const QUOTED = 1;
/** Doubled quotes, or bytes after the closing quote: decode with `decodeField`. */
export const COMPLEX = 2;

export class RecordScanner {
	readonly delimiter: number;
	/** Fields of the last record scanned. */
	count = 0;
	starts = new Int32Array(32);
	ends = new Int32Array(32);
	kinds = new Uint8Array(32);
	/** Line breaks in the last record, its terminator and the ones inside quoted fields included. */
	lineBreaks = 0;
	/** Line breaks inside the quoted fields of the last record (the lines it takes beyond its first). */
	quotedBreaks = 0;
	/**
	 * The last record has a quoted field that was never closed (field `unterminatedField`): it was
	 * cut at the end of the line where that quote opened.
	 */
	unterminated = false;
	unterminatedField = -1;
	private readonly stops = new Uint8Array(256);
	/** The largest byte that ends a plain field: bytes above it (most letters, and digits after `,`) skip the table. */
	private readonly maxStop: number;

	constructor(delimiter: Delimiter) {
		this.delimiter = delimiter.charCodeAt(0);
		this.stops[this.delimiter] = 1;
		this.stops[LF] = 1;
		this.stops[CR] = 1;
		this.maxStop = Math.max(this.delimiter, CR);
	}

	private grow(): void {
		const n = this.starts.length * 2;
		const starts = new Int32Array(n);
		starts.set(this.starts);
		const ends = new Int32Array(n);
		ends.set(this.ends);
		const kinds = new Uint8Array(n);
		kinds.set(this.kinds);
		this.starts = starts;
		this.ends = ends;
		this.kinds = kinds;
	}

	/**
	 * Scans the record starting at `pos` (< `end`). Returns the position after its line break, or -1
	 * when the record may continue past `end` and `final` is false. With `final`, `end` ends the
	 * record (a last line without a line break; an unterminated quote runs to the end).
	 */
	next(b: Uint8Array, pos: number, end: number, final: boolean): number {
		const stops = this.stops;
		const maxStop = this.maxStop;
		const d = this.delimiter;
		let starts = this.starts;
		let ends = this.ends;
		let kinds = this.kinds;
		let p = pos;
		let n = 0;
		let lines = 0;
		for (;;) {
			if (n === starts.length) {
				this.grow();
				starts = this.starts;
				ends = this.ends;
				kinds = this.kinds;
			}
			if (p < end && b[p] === QUOTE) {
				let q = p + 1;
				let escaped = false;
				let closed = -1;
				const before = lines;
				const stop = Math.min(end, p + 1 + MAX_QUOTED_BYTES);
				while (q < stop) {
					const x = b[q];
					if (x === QUOTE) {
						if (q + 1 < end) {
							if (b[q + 1] === QUOTE) {
								escaped = true;
								q += 2;
								continue;
							}
						} else if (!final) return -1;
						closed = q;
						q++;
						break;
					} else if (x === LF) {
						if (++lines - before > MAX_QUOTED_LINES) break;
					} else if (x === CR) {
						if (q + 1 < end) {
							if (b[q + 1] !== LF && ++lines - before > MAX_QUOTED_LINES) break;
						} else if (!final) return -1;
						else lines++;
					}
					q++;
				}
				if (closed < 0) {
					// Still open where the file ends, or past a bound: a stray quote. Before either, more
					// bytes may close it.
					if (q >= end && !final) return -1;
					return this.cutUnterminated(b, p, n, before, end, final);
				}
				let r = q;
				while (r < end && stops[b[r]] === 0) r++;
				if (r === q && !escaped) {
					starts[n] = p + 1;
					ends[n] = closed;
					kinds[n] = QUOTED;
				} else {
					starts[n] = p;
					ends[n] = r;
					kinds[n] = COMPLEX;
				}
				n++;
				p = r;
			} else {
				let r = p;
				while (r < end) {
					const x = b[r];
					if (x <= maxStop && stops[x] !== 0) break;
					r++;
				}
				starts[n] = p;
				ends[n] = r;
				kinds[n] = PLAIN;
				n++;
				p = r;
			}
			if (p >= end) {
				if (!final) return -1;
				this.count = n;
				this.lineBreaks = lines;
				this.quotedBreaks = lines;
				this.unterminated = false;
				return end;
			}
			const x = b[p];
			if (x === d) {
				p++;
				continue;
			}
			if (x === CR) {
				if (p + 1 >= end) {
					if (!final) return -1;
					p++;
				} else p += b[p + 1] === LF ? 2 : 1;
			} else p++;
			this.count = n;
			this.lineBreaks = lines + 1;
			this.quotedBreaks = lines;
			this.unterminated = false;
			return p;
		}
	}

	/**
	 * Ends the record at the end of the line where the never-closed quote of field `n` opened (at
	 * `p`), `before` line breaks into the record. Returns where the next line starts, or -1 when
	 * that line may continue past `end`.
	 */
	private cutUnterminated(b: Uint8Array, p: number, n: number, before: number, end: number, final: boolean): number {
		let r = p + 1;
		while (r < end && b[r] !== LF && b[r] !== CR) r++;
		let next: number;
		let breaks = before;
		if (r >= end) {
			if (!final) return -1;
			next = end;
		} else if (b[r] === CR && r + 1 >= end) {
			if (!final) return -1;
			next = r + 1;
			breaks++;
		} else {
			next = b[r] === CR && b[r + 1] === LF ? r + 2 : r + 1;
			breaks++;
		}
		this.starts[n] = p;
		this.ends[n] = r;
		this.kinds[n] = COMPLEX;
		this.count = n + 1;
		this.lineBreaks = breaks;
		this.quotedBreaks = before;
		this.unterminated = true;
		this.unterminatedField = n;
		return next;
	}

	/** Whether every field of the last record is empty or spaces: such lines (blank lines, `;;;;` rows Excel leaves) are skipped. */
	isBlank(b: Uint8Array): boolean {
		if (this.unterminated) return false;
		for (let i = 0; i < this.count; i++) {
			for (let k = this.starts[i]; k < this.ends[i]; k++) {
				const c = b[k];
				if (c !== 32 && c !== 9 && !(this.kinds[i] === COMPLEX && c === QUOTE)) return false;
			}
		}
		return true;
	}

	/** The text of field `i` of the last record ('' when the record has fewer fields). */
	text(b: Uint8Array, i: number, decoder: FieldDecoder): string {
		if (i >= this.count) return '';
		return decodeField(b, this.starts[i], this.ends[i], this.kinds[i], decoder);
	}

	/** Every field of the last record as text. */
	texts(b: Uint8Array, decoder: FieldDecoder): string[] {
		const out: string[] = new Array(this.count);
		for (let i = 0; i < this.count; i++) out[i] = decodeField(b, this.starts[i], this.ends[i], this.kinds[i], decoder);
		return out;
	}
}

/** Text of a field as the scanner delimited it: doubled quotes undone, bytes after a closing quote kept. */
export function decodeField(b: Uint8Array, start: number, end: number, kind: number, decoder: FieldDecoder): string {
	if (kind !== COMPLEX) return decoder.decode(b, start, end);
	const out = new Uint8Array(end - start);
	let n = 0;
	let i = start + 1;
	while (i < end) {
		const c = b[i];
		if (c === QUOTE) {
			if (i + 1 < end && b[i + 1] === QUOTE) {
				out[n++] = QUOTE;
				i += 2;
				continue;
			}
			i++;
			while (i < end) out[n++] = b[i++];
			break;
		}
		out[n++] = c;
		i++;
	}
	return decoder.decode(out, 0, n);
}
