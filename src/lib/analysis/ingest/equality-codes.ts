/**
 * Codes for a column whose values only need to be told equal or different (a web log's session
 * ids, when their texts are not kept): equal values get equal codes, `(none)` (an empty cell)
 * gets 0: the codes an `Interner` with `normalForm` keying gives, without a string per value.
 *
 * An interner looks each value up as it comes, in a table as large as the distinct values: with
 * millions of distinct ids (a session or two per visit), every new id is a trip to a random place
 * in hundreds of megabytes. Here each row's value is only hashed and its bytes appended; the codes
 * are given at the end, bucket by bucket of hashes, each bucket's table small enough for the cache.
 * Buckets are independent: two threads may each code half of them (`bucketCodes`) from the same
 * rows in shared memory, and the halves be joined (`joinCodes`) and numbered (`firstAppearance`).
 */

import { COMPLEX, decodeField } from './csv';
import { avalanche, ByteArena, mix } from './interner';
import type { FieldDecoder } from './text';

/** Hash buckets of the final pass: 2^BUCKET_BITS, by the hash's top bits. */
const BUCKET_BITS = 10;
export const BUCKETS = 1 << BUCKET_BITS;
const NONE = -1;
const utf8 = new TextEncoder();

/** The rows the codes are given from: each row's hash, and where its bytes are in `bytes` (`length` NONE for `(none)`). */
export interface CodeRows {
	n: number;
	hash: Int32Array;
	offset: Int32Array;
	length: Int32Array;
	bytes: Uint8Array;
}

export class EqualityCodes {
	private hash: Int32Array;
	/** Where the row's bytes start in `arena`; `length` is NONE for `(none)`. */
	private offset: Int32Array;
	private length: Int32Array;
	private readonly arena: ByteArena;

	constructor(
		private readonly decoder: FieldDecoder,
		/** Normalises a decoded value; gives `none` for an empty one (as `orDefault`). */
		private readonly normalise: (text: string) => string,
		private readonly none: string,
		capacity: number,
		/** Keep the rows in shared memory, for threads to code them together (`rows`). */
		private readonly shared = false
	) {
		this.hash = ints(capacity, shared);
		this.offset = ints(capacity, shared);
		this.length = ints(capacity, shared);
		// Room for ids of a dozen bytes, so a large log's arena seldom grows (each growth copies it).
		this.arena = new ByteArena(Math.min(Math.max(capacity * 12, 1 << 16), 1 << 28), shared);
	}

	/** The rows `0 … n - 1` kept, for `bucketCodes` (in shared memory when so constructed). */
	rows(n: number): CodeRows {
		return {
			n,
			hash: this.hash.subarray(0, n),
			offset: this.offset.subarray(0, n),
			length: this.length.subarray(0, n),
			bytes: this.arena.bytes.subarray(0, this.arena.used)
		};
	}

	/** The codes of rows `0 … n - 1`: 0 for `(none)`, then 1, 2… one per distinct value in order of first appearance. */
	codes(n: number): Uint32Array {
		const { codes, next } = bucketCodes(this.rows(n), 0, BUCKETS, 1);
		return firstAppearance(codes, next);
	}

	/**
	 * Keeps the value of row `row` (rows come in order, from 0): the field `b[start, end)`, trimmed
	 * of spaces and tabs, of the scanner's `kind`.
	 */
	add(b: Uint8Array, start: number, end: number, kind: number, row: number): void {
		if (row >= this.hash.length) this.grow(Math.max(row + 1, this.hash.length * 2));
		const n = end - start;
		if (kind !== COMPLEX && n > 0) {
			if (n === this.none.length && sameAscii(b, start, this.none)) {
				this.length[row] = NONE;
				return;
			}
			// Printable ASCII, trimmed, is already its normal form and its own UTF-8 bytes: copied,
			// hashed (MurmurHash3's steps, four bytes at a time) and checked in one pass.
			const arena = this.arena;
			arena.reserve(n);
			const out = arena.bytes;
			const at = arena.used;
			let h = n;
			// Negative once a byte is outside 33…126.
			let outside = 0;
			let i = start;
			let o = at;
			for (; i + 4 <= end; i += 4, o += 4) {
				const x0 = b[i];
				const x1 = b[i + 1];
				const x2 = b[i + 2];
				const x3 = b[i + 3];
				outside |= (x0 - 33) | (126 - x0) | (x1 - 33) | (126 - x1) | (x2 - 33) | (126 - x2) | (x3 - 33) | (126 - x3);
				out[o] = x0;
				out[o + 1] = x1;
				out[o + 2] = x2;
				out[o + 3] = x3;
				h = mix(h, x0 | (x1 << 8) | (x2 << 16) | (x3 << 24));
			}
			let w = 0;
			for (let k = 0; i < end; i++, o++, k += 8) {
				const x = b[i];
				outside |= (x - 33) | (126 - x);
				out[o] = x;
				w |= x << k;
			}
			if (outside >= 0) {
				arena.used += n;
				this.hash[row] = avalanche(mix(h, w));
				this.offset[row] = at;
				this.length[row] = n;
				return;
			}
		}
		const text = this.normalise(decodeField(b, start, end, kind, this.decoder));
		if (text === this.none) {
			this.length[row] = NONE;
			return;
		}
		const bytes = utf8.encode(text);
		this.keep(row, bytes, 0, bytes.length);
	}

	private keep(row: number, b: Uint8Array, s: number, e: number): void {
		const n = e - s;
		// MurmurHash3's steps over the bytes, four at a time, as `add` does.
		let h = n;
		let i = s;
		for (; i + 4 <= e; i += 4) h = mix(h, b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24));
		let w = 0;
		for (let k = 0; i < e; i++, k += 8) w |= b[i] << k;
		this.hash[row] = avalanche(mix(h, w));
		this.offset[row] = this.arena.append(b, s, e);
		this.length[row] = n;
	}

	private grow(capacity: number): void {
		const grown = (a: Int32Array) => {
			const bigger = ints(capacity, this.shared);
			bigger.set(a);
			return bigger;
		};
		this.hash = grown(this.hash);
		this.offset = grown(this.offset);
		this.length = grown(this.length);
	}
}

function sameAscii(b: Uint8Array, s: number, text: string): boolean {
	for (let k = 0; k < text.length; k++) if (b[s + k] !== text.charCodeAt(k)) return false;
	return true;
}

function ints(n: number, shared: boolean): Int32Array {
	return shared ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n);
}

/**
 * Codes of the rows whose hash falls in buckets `from` … `to - 1`, numbered from `first` in order
 * of first appearance within each bucket (not yet across buckets: see `firstAppearance`); 0 for
 * the other rows and for `(none)`. `next` is the number after the last given.
 */
export function bucketCodes(
	rows: CodeRows,
	from: number,
	to: number,
	first: number
): { codes: Uint32Array; next: number } {
	const { n, hash, length } = rows;
	const shift = 32 - BUCKET_BITS;
	const starts = new Int32Array(BUCKETS + 1);
	for (let r = 0; r < n; r++) if (length[r] !== NONE) starts[(hash[r] >>> shift) + 1]++;
	for (let k = 0; k < from; k++) starts[k + 1] = 0;
	for (let k = to; k < BUCKETS; k++) starts[k + 1] = 0;
	let largest = 0;
	for (let k = 0; k < BUCKETS; k++) {
		largest = Math.max(largest, starts[k + 1]);
		starts[k + 1] += starts[k];
	}
	// Rows by bucket, in row order within each, their hashes beside them: a bucket is then read
	// in sequence, and only a value met again is compared, byte by byte, at its rows.
	const kept = starts[BUCKETS];
	const at = starts.slice(0, BUCKETS);
	const inRows = new Int32Array(kept);
	const hashes = new Int32Array(kept);
	for (let r = 0; r < n; r++) {
		if (length[r] === NONE) continue;
		const k = hash[r] >>> shift;
		if (k < from || k >= to) continue;
		const j = at[k]++;
		inRows[j] = r;
		hashes[j] = hash[r];
	}
	let size = 16;
	while (size < largest * 2) size *= 2;
	// Position + 1 in the bucket per slot, 0 for empty; cleared for each bucket.
	const table = new Int32Array(size);
	// Codes by position, in order of first appearance within each bucket.
	const byPosition = new Uint32Array(kept);
	let next = first;
	for (let k = from; k < to; k++) {
		const start = starts[k];
		const end = starts[k + 1];
		if (start === end) continue;
		let mask = 16;
		while (mask < (end - start) * 2) mask *= 2;
		mask -= 1;
		table.fill(0, 0, mask + 1);
		for (let j = start; j < end; j++) {
			const h = hashes[j];
			let s = h & mask;
			for (;;) {
				const other = table[s] - 1 + start;
				if (other < start) {
					table[s] = j - start + 1;
					byPosition[j] = next++;
					break;
				}
				if (hashes[other] === h && sameBytes(rows, inRows[other], inRows[j])) {
					byPosition[j] = byPosition[other];
					break;
				}
				s = (s + 1) & mask;
			}
		}
	}
	const codes = new Uint32Array(n);
	for (let j = 0; j < kept; j++) codes[inRows[j]] = byPosition[j];
	return { codes, next };
}

/** The codes of two `bucketCodes` on disjoint buckets as one (in `a`), numbered to below `next`. */
export function joinCodes(a: Uint32Array, b: Uint32Array): Uint32Array {
	for (let r = 0; r < a.length; r++) if (a[r] === 0) a[r] = b[r];
	return a;
}

/**
 * The codes renumbered 1, 2… in order of first appearance (0 stays 0), as an interner numbers them:
 * logs in time order then give codes in time order, which the sorts by (customer, session, time)
 * rely on. `next` is above every code. In place.
 */
export function firstAppearance(codes: Uint32Array, next: number): Uint32Array {
	const renamed = new Uint32Array(next);
	let first = 1;
	for (let r = 0; r < codes.length; r++) {
		const code = codes[r];
		if (code === 0) continue;
		if (renamed[code] === 0) renamed[code] = first++;
		codes[r] = renamed[code];
	}
	return codes;
}

function sameBytes(rows: CodeRows, a: number, b: number): boolean {
	const n = rows.length[a];
	if (rows.length[b] !== n) return false;
	const bytes = rows.bytes;
	const x = rows.offset[a];
	const y = rows.offset[b];
	for (let k = 0; k < n; k++) if (bytes[x + k] !== bytes[y + k]) return false;
	return true;
}
