/**
 * Dictionary encoding keyed on a field's raw bytes: a repeated value (a customer id, a channel)
 * costs a hash and a byte comparison, never a string. Each new raw value is decoded once and
 * normalised (trimmed, pseudonymised…), so raw spellings that normalise alike (`Phone`, ` phone`)
 * share one code: how a new value finds the code of its text is the interner's `Keying`.
 */

import { encodeText, type FieldDecoder } from './text';
import { decodeField, COMPLEX, PLAIN } from './csv';

/**
 * How a new raw value finds the code of its normalised text:
 * - `bytes`: raw bytes that differ never normalise alike (the caller trimmed them): no lookup;
 * - `normalForm`: the normaliser is idempotent, so a normalised text is looked up by its own bytes
 *   in the byte table (values with millions of distinct texts, such as session ids, need no map);
 * - `text`: any normaliser (a pseudonymisation may send an id to another id's bytes): a map of texts.
 */
export type Keying = 'bytes' | 'normalForm' | 'text';

export class Interner {
	/** Distinct normalised values; a code is an index here. */
	readonly values: string[] = [];
	/** Code per normalised text, with `text` keying; else null. */
	private readonly byText: Map<string, number> | null;
	private readonly keying: Keying;
	private readonly normalise: (text: string) => string;
	private readonly decoder: FieldDecoder;

	// Open addressing on raw bytes. A slot is 8 ints (32 bytes, half a cache line): hash, code + 1
	// (0 = empty), length, the first 16 bytes of the key, and where the rest of a longer key sits in
	// `arena`. Most keys (ids, codes, labels) fit in the slot, so a lookup touches one cache line:
	// with hundreds of thousands of customers, memory latency, not hashing, is what costs.
	private slots: Int32Array;
	private mask: number;
	private used = 0;
	private readonly arena = new ByteArena(1024);

	constructor(
		decoder: FieldDecoder,
		normalise: (text: string) => string,
		initial: readonly string[] = [],
		keying: Keying = 'text',
		/** Distinct values expected, to size the table once rather than regrow it. */
		expected = 0
	) {
		this.decoder = decoder;
		this.normalise = normalise;
		this.keying = keying;
		this.byText = keying === 'text' ? new Map() : null;
		let size = 64;
		while (size * 3 < expected * 4) size *= 2;
		this.slots = new Int32Array(size << 3);
		this.mask = size - 1;
		for (const v of initial) this.internText(v);
	}

	/** Code of an already normalised text. */
	internText(text: string): number {
		if (this.byText === null) {
			const bytes = encodeText(text, this.decoder.encoding);
			return this.intern(bytes, 0, bytes.length, PLAIN, text);
		}
		let code = this.byText.get(text);
		if (code === undefined) {
			code = this.values.length;
			this.values.push(text);
			this.byText.set(text, code);
		}
		return code;
	}

	private newCode(text: string): number {
		if (this.byText !== null) return this.internText(text);
		this.values.push(text);
		return this.values.length - 1;
	}

	/** Code of the field `b[start, end)` of the given scanner kind; `known` is its text when the caller has it. */
	intern(b: Uint8Array, start: number, end: number, kind: number, known?: string): number {
		if (kind === COMPLEX) {
			// Doubled quotes: the raw bytes are not the text; rare enough to take the slow way.
			const text = this.normalise(decodeField(b, start, end, kind, this.decoder));
			return this.internText(text);
		}
		const len = end - start;
		if (len > 16) {
			this.key(b, start, end);
			return this.find(b, start, end, known);
		}
		if (len > 8) {
			// Ids up to 16 bytes (sessions, references) recur within a few rows of a log in time
			// order: a direct-mapped cache on their hash and four words spares most trips to the table.
			this.key(b, start, end);
			const { h, w0, w1, w2, w3 } = this;
			const at = (h >>> 22) << 3;
			const recent = this.recent;
			if (
				recent[at + 6] === len &&
				recent[at] === h &&
				recent[at + 1] === w0 &&
				recent[at + 2] === w1 &&
				recent[at + 3] === w2 &&
				recent[at + 4] === w3
			) {
				return recent[at + 5];
			}
			const code = this.find(b, start, end, known);
			recent[at] = h;
			recent[at + 1] = w0;
			recent[at + 2] = w1;
			recent[at + 3] = w2;
			recent[at + 4] = w3;
			recent[at + 5] = code;
			recent[at + 6] = len;
			return code;
		}
		// Short values (flags, scores, channels, codes) are nearly always among the last few seen:
		// a direct-mapped cache on their two words answers them with one multiply and three compares.
		const w0 = word(b, start, len);
		const w1 = word(b, start + 4, len - 4);
		const slot = (Math.imul(w0 ^ Math.imul(w1, 0x85ebca6b) ^ len, 0x9e3779b1) >>> 24) * 4;
		const cache = this.cache;
		if (cache[slot] === w0 && cache[slot + 1] === w1 && cache[slot + 2] === len) return cache[slot + 3];
		this.key(b, start, end);
		const code = this.find(b, start, end, known);
		cache[slot] = w0;
		cache[slot + 1] = w1;
		cache[slot + 2] = len;
		cache[slot + 3] = code;
		return code;
	}

	/** 1024 entries of [hash, word 0, word 1, word 2, word 3, code, length (0 = empty), unused] for keys of 9 to 16 bytes. */
	private readonly recent = new Int32Array(1024 * 8);

	/** 256 entries of [word 0, word 1, length (-1 = empty), code]. */
	private readonly cache = new Int32Array(256 * 4).fill(-1);

	/**
	 * Codes of many fields at once, written to `out[outAt[k]]`: all keys are hashed first, then
	 * looked up, so the processor can wait for several table reads at once instead of one per row
	 * (a column with hundreds of thousands of distinct ids lives in main memory, not in cache).
	 * Codes are given in the same order as one `intern` call per field would.
	 */
	internBatch(
		b: Uint8Array,
		starts: Int32Array,
		ends: Int32Array,
		kinds: Uint8Array,
		n: number,
		out: Uint32Array,
		outAt: Int32Array
	): void {
		if (this.batch.length < n * 5) this.batch = new Int32Array(n * 5);
		const batch = this.batch;
		for (let k = 0; k < n; k++) {
			if (kinds[k] === COMPLEX) continue;
			this.key(b, starts[k], ends[k]);
			const at = k * 5;
			batch[at] = this.h;
			batch[at + 1] = this.w0;
			batch[at + 2] = this.w1;
			batch[at + 3] = this.w2;
			batch[at + 4] = this.w3;
		}
		for (let k = 0; k < n; k++) {
			if (kinds[k] === COMPLEX) {
				out[outAt[k]] = this.intern(b, starts[k], ends[k], COMPLEX);
				continue;
			}
			const at = k * 5;
			this.h = batch[at];
			this.w0 = batch[at + 1];
			this.w1 = batch[at + 2];
			this.w2 = batch[at + 3];
			this.w3 = batch[at + 4];
			out[outAt[k]] = this.find(b, starts[k], ends[k], undefined);
		}
	}

	// The key of the last `key` call: its hash and first 16 bytes as four little-endian words.
	private h = 0;
	private w0 = 0;
	private w1 = 0;
	private w2 = 0;
	private w3 = 0;
	private batch = new Int32Array(0);

	private key(b: Uint8Array, start: number, end: number): void {
		const len = end - start;
		const n = len < 16 ? len : 16;
		const w0 = word(b, start, n);
		const w1 = word(b, start + 4, n - 4);
		const w2 = word(b, start + 8, n - 8);
		const w3 = word(b, start + 12, n - 12);
		// Each word is mixed into the hash before the next (MurmurHash3's steps): sequential ids
		// (`S00000001`, `S00000002`…) differ in one word and must still spread over the table.
		let h = mix(mix(mix(mix(len, w0), w1), w2), w3);
		for (let i = start + 16; i < end; i++) h = Math.imul(h ^ b[i], 0x01000193);
		this.h = avalanche(h);
		this.w0 = w0;
		this.w1 = w1;
		this.w2 = w2;
		this.w3 = w3;
	}

	/** Code of the key set by `key` for `b[start, end)`, added when new. */
	private find(b: Uint8Array, start: number, end: number, known: string | undefined): number {
		const { h, w0, w1, w2, w3 } = this;
		const len = end - start;
		const mask = this.mask;
		const slots = this.slots;
		let s = h & mask;
		for (;;) {
			const at = s << 3;
			const code = slots[at + 1];
			if (code === 0) break;
			if (
				slots[at] === h &&
				slots[at + 2] === len &&
				slots[at + 3] === w0 &&
				slots[at + 4] === w1 &&
				slots[at + 5] === w2 &&
				slots[at + 6] === w3 &&
				(len <= 16 || this.sameTail(slots[at + 7], b, start + 16, end))
			)
				return code - 1;
			s = (s + 1) & mask;
		}
		let code: number;
		if (known !== undefined) code = this.newCode(known);
		else {
			const raw = this.decoder.decode(b, start, end);
			const text = this.normalise(raw);
			if (this.keying !== 'normalForm' || text === raw) code = this.newCode(text);
			else {
				// Another spelling of a normal form: the code of that form's bytes, then this slot.
				code = this.internText(text);
				this.key(b, start, end);
				s = this.h & this.mask;
				while (this.slots[(s << 3) + 1] !== 0) s = (s + 1) & this.mask;
				this.place(s, b, start, end, code);
				return code;
			}
		}
		this.place(s, b, start, end, code);
		return code;
	}

	/** Puts the key set by `key` for `b[start, end)` in the empty slot `s` with `code`. */
	private place(s: number, b: Uint8Array, start: number, end: number, code: number): void {
		const { h, w0, w1, w2, w3 } = this;
		const len = end - start;
		const slots = this.slots;
		const at = s << 3;
		slots[at] = h;
		slots[at + 1] = code + 1;
		slots[at + 2] = len;
		slots[at + 3] = w0;
		slots[at + 4] = w1;
		slots[at + 5] = w2;
		slots[at + 6] = w3;
		if (len > 16) slots[at + 7] = this.store(b, start + 16, end);
		if (++this.used * 4 > (this.mask + 1) * 3) this.rehash();
	}

	private sameTail(from: number, b: Uint8Array, start: number, end: number): boolean {
		const arena = this.arena.bytes;
		for (let i = start, k = from; i < end; i++, k++) if (arena[k] !== b[i]) return false;
		return true;
	}

	/** Keeps the bytes of a key beyond its first 16; returns where they start. */
	private store(b: Uint8Array, start: number, end: number): number {
		return this.arena.append(b, start, end);
	}

	private rehash(): void {
		const size = (this.mask + 1) * 2;
		const mask = size - 1;
		const old = this.slots;
		const slots = new Int32Array(size << 3);
		for (let o = 0; o < old.length; o += 8) {
			if (old[o + 1] === 0) continue;
			let s = old[o] & mask;
			while (slots[(s << 3) + 1] !== 0) s = (s + 1) & mask;
			const at = s << 3;
			for (let k = 0; k < 8; k++) slots[at + k] = old[o + k];
		}
		this.slots = slots;
		this.mask = mask;
	}
}

/** Bytes appended one after the other, in a buffer that doubles as needed. */
export class ByteArena {
	bytes: Uint8Array;
	used = 0;
	/** `shared`: in shared memory, for other threads to read. */
	constructor(
		size: number,
		private readonly shared = false
	) {
		this.bytes = this.allocate(size);
	}
	private allocate(size: number): Uint8Array {
		return this.shared ? new Uint8Array(new SharedArrayBuffer(size)) : new Uint8Array(size);
	}
	/** Appends `b[start, end)`; returns where it starts in `bytes`. */
	append(b: Uint8Array, start: number, end: number): number {
		const n = end - start;
		this.reserve(n);
		const at = this.used;
		const bytes = this.bytes;
		for (let i = 0; i < n; i++) bytes[at + i] = b[start + i];
		this.used += n;
		return at;
	}
	/** Room for `n` more bytes after `used`. */
	reserve(n: number): void {
		if (this.used + n <= this.bytes.length) return;
		const bigger = this.allocate(Math.max(this.bytes.length * 2, this.used + n));
		bigger.set(this.bytes.subarray(0, this.used));
		this.bytes = bigger;
	}
}

/** One step of MurmurHash3 (32-bit): word `w` mixed into hash `h`. */
export function mix(h: number, w: number): number {
	let k = Math.imul(w, 0xcc9e2d51);
	k = (k << 15) | (k >>> 17);
	h ^= Math.imul(k, 0x1b873593);
	h = (h << 13) | (h >>> 19);
	return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3's final mixing: every bit of `h` moves about half of the result's bits. */
export function avalanche(h: number): number {
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	return h ^ (h >>> 16);
}

/** Up to four bytes from `b[i]` as a little-endian word; `available` may be ≤ 0 (then 0). */
function word(b: Uint8Array, i: number, available: number): number {
	if (available >= 4) return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
	if (available <= 0) return 0;
	let w = b[i];
	if (available > 1) w |= b[i + 1] << 8;
	if (available > 2) w |= b[i + 2] << 16;
	return w;
}
