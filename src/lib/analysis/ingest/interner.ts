/**
 * Dictionary encoding keyed on a field's raw bytes: a repeated value (a customer id, a channel)
 * costs a hash and a byte comparison, never a string. Each new raw value is decoded once, normalised
 * (trimmed, lower-cased, pseudonymised…) and looked up by its text, so raw spellings that normalise
 * alike (`Phone`, ` phone`) share one code.
 */

import type { FieldDecoder } from './text';
import { decodeField, COMPLEX } from './csv';

export class Interner {
	/** Distinct normalised values; a code is an index here. */
	readonly values: string[] = [];
	private readonly byText = new Map<string, number>();
	private readonly normalise: (text: string) => string;
	private readonly decoder: FieldDecoder;

	// Open addressing on raw bytes: slot → entry + 1 (0 = empty).
	private slots: Int32Array;
	private mask: number;
	private entries = 0;
	private hashes = new Int32Array(256);
	private offsets = new Int32Array(256);
	private lengths = new Int32Array(256);
	private codes = new Uint32Array(256);
	private arena = new Uint8Array(4096);
	private arenaUsed = 0;

	constructor(decoder: FieldDecoder, normalise: (text: string) => string, initial: readonly string[] = []) {
		this.decoder = decoder;
		this.normalise = normalise;
		this.slots = new Int32Array(1024);
		this.mask = 1023;
		for (const v of initial) this.internText(v);
	}

	/** Code of an already normalised text. */
	internText(text: string): number {
		let code = this.byText.get(text);
		if (code === undefined) {
			code = this.values.length;
			this.values.push(text);
			this.byText.set(text, code);
		}
		return code;
	}

	/** Code of the field `b[start, end)` of the given scanner kind. */
	intern(b: Uint8Array, start: number, end: number, kind: number): number {
		// Doubled quotes: the raw bytes are not the text; rare enough to take the slow way.
		if (kind === COMPLEX) return this.internText(this.normalise(decodeField(b, start, end, kind, this.decoder)));
		let h = 0x811c9dc5 | 0;
		for (let i = start; i < end; i++) h = Math.imul(h ^ b[i], 0x01000193);
		const len = end - start;
		const mask = this.mask;
		const slots = this.slots;
		let s = h & mask;
		for (;;) {
			const e = slots[s];
			if (e === 0) break;
			const entry = e - 1;
			if (this.hashes[entry] === h && this.lengths[entry] === len) {
				const arena = this.arena;
				let k = this.offsets[entry];
				let i = start;
				while (i < end && arena[k] === b[i]) {
					i++;
					k++;
				}
				if (i === end) return this.codes[entry];
			}
			s = (s + 1) & mask;
		}
		const code = this.internText(this.normalise(this.decoder.decode(b, start, end)));
		this.add(s, h, b, start, end, code);
		return code;
	}

	private add(slot: number, h: number, b: Uint8Array, start: number, end: number, code: number): void {
		const len = end - start;
		const entry = this.entries++;
		if (entry === this.hashes.length) {
			const n = entry * 2;
			this.hashes = grow(this.hashes, new Int32Array(n));
			this.offsets = grow(this.offsets, new Int32Array(n));
			this.lengths = grow(this.lengths, new Int32Array(n));
			this.codes = grow(this.codes, new Uint32Array(n));
		}
		if (this.arenaUsed + len > this.arena.length) {
			const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
			bigger.set(this.arena.subarray(0, this.arenaUsed));
			this.arena = bigger;
		}
		this.arena.set(b.subarray(start, end), this.arenaUsed);
		this.hashes[entry] = h;
		this.offsets[entry] = this.arenaUsed;
		this.lengths[entry] = len;
		this.codes[entry] = code;
		this.arenaUsed += len;
		this.slots[slot] = entry + 1;
		if (this.entries * 2 > this.mask) this.rehash();
	}

	private rehash(): void {
		const size = (this.mask + 1) * 2;
		const slots = new Int32Array(size);
		const mask = size - 1;
		for (let entry = 0; entry < this.entries; entry++) {
			let s = this.hashes[entry] & mask;
			while (slots[s] !== 0) s = (s + 1) & mask;
			slots[s] = entry + 1;
		}
		this.slots = slots;
		this.mask = mask;
	}
}

function grow<T extends Int32Array | Uint32Array>(from: T, to: T): T {
	to.set(from);
	return to;
}
