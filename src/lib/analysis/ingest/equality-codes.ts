/**
 * Codes for a column whose values only need to be told equal or different (a web log's session
 * ids, when their texts are not kept): equal values get equal codes, `(none)` (an empty cell)
 * gets 0: the codes an `Interner` with `normalForm` keying gives, without a string per value.
 *
 * An interner looks each value up as it comes, in a table as large as the distinct values: with
 * millions of distinct ids (a session or two per visit), every new id is a trip to a random place
 * in hundreds of megabytes. Here each row's value is only hashed and its bytes appended; the codes
 * are given at the end, bucket by bucket of hashes, each bucket's table small enough for the cache.
 */

import { COMPLEX, decodeField } from './csv';
import { avalanche, ByteArena, mix } from './interner';
import type { FieldDecoder } from './text';

/** Hash buckets of the final pass: 2^BUCKET_BITS, by the hash's top bits. */
const BUCKET_BITS = 10;
const NONE = -1;
const utf8 = new TextEncoder();

export class EqualityCodes {
	private hash: Int32Array;
	/** Where the row's bytes start in `arena`; `length` is NONE for `(none)`. */
	private offset: Int32Array;
	private length: Int32Array;
	private readonly arena = new ByteArena(1 << 16);

	constructor(
		private readonly decoder: FieldDecoder,
		/** Normalises a decoded value; gives `none` for an empty one (as `orDefault`). */
		private readonly normalise: (text: string) => string,
		private readonly none: string,
		capacity: number
	) {
		this.hash = new Int32Array(capacity);
		this.offset = new Int32Array(capacity);
		this.length = new Int32Array(capacity);
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

	/** The codes of rows `0 … n - 1`: 0 for `(none)`, then 1, 2… one per distinct value in order of first appearance. */
	codes(n: number): Uint32Array {
		const { hash, length } = this;
		const shift = 32 - BUCKET_BITS;
		const starts = new Int32Array((1 << BUCKET_BITS) + 1);
		for (let r = 0; r < n; r++) if (length[r] !== NONE) starts[(hash[r] >>> shift) + 1]++;
		let largest = 0;
		for (let k = 0; k < 1 << BUCKET_BITS; k++) {
			largest = Math.max(largest, starts[k + 1]);
			starts[k + 1] += starts[k];
		}
		// Rows by bucket, in row order within each, their hashes beside them: a bucket is then read
		// in sequence, and only a value met again is compared, byte by byte, at its rows.
		const kept = starts[1 << BUCKET_BITS];
		const rows = new Int32Array(kept);
		const hashes = new Int32Array(kept);
		const at = starts.slice(0, 1 << BUCKET_BITS);
		for (let r = 0; r < n; r++) {
			if (length[r] === NONE) continue;
			const j = at[hash[r] >>> shift]++;
			rows[j] = r;
			hashes[j] = hash[r];
		}
		let size = 16;
		while (size < largest * 2) size *= 2;
		// Position + 1 in the bucket per slot, 0 for empty; cleared for each bucket.
		const table = new Int32Array(size);
		// Codes by position, in order of first appearance within each bucket.
		const byPosition = new Uint32Array(kept);
		let next = 1;
		for (let k = 0; k < 1 << BUCKET_BITS; k++) {
			const from = starts[k];
			const to = starts[k + 1];
			if (from === to) continue;
			let mask = 16;
			while (mask < (to - from) * 2) mask *= 2;
			mask -= 1;
			table.fill(0, 0, mask + 1);
			for (let j = from; j < to; j++) {
				const h = hashes[j];
				let s = h & mask;
				for (;;) {
					const other = table[s] - 1 + from;
					if (other < from) {
						table[s] = j - from + 1;
						byPosition[j] = next++;
						break;
					}
					if (hashes[other] === h && this.sameBytes(rows[other], rows[j])) {
						byPosition[j] = byPosition[other];
						break;
					}
					s = (s + 1) & mask;
				}
			}
		}
		const codes = new Uint32Array(n);
		for (let j = 0; j < kept; j++) codes[rows[j]] = byPosition[j];
		// Renumbered in order of first appearance, as an interner numbers them: logs in time order
		// then give codes in time order, which the sorts by (customer, session, time) rely on.
		const renamed = new Uint32Array(next);
		let first = 1;
		for (let r = 0; r < n; r++) {
			const code = codes[r];
			if (code === 0) continue;
			if (renamed[code] === 0) renamed[code] = first++;
			codes[r] = renamed[code];
		}
		return codes;
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

	private sameBytes(a: number, b: number): boolean {
		const n = this.length[a];
		if (this.length[b] !== n) return false;
		const arena = this.arena.bytes;
		const x = this.offset[a];
		const y = this.offset[b];
		for (let k = 0; k < n; k++) if (arena[x + k] !== arena[y + k]) return false;
		return true;
	}

	private grow(capacity: number): void {
		const grown = <T extends Int32Array>(a: T) => {
			const bigger = new Int32Array(capacity);
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
