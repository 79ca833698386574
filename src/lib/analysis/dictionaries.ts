/** Dictionaries (distinct strings, a code being an index) of several tables merged into one numbering. */
import type { Dictionary } from './table';

/** A string's hash for `mergeDictionaries` (FNV-1a over its UTF-16 units, mixed). */
function hashText(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
	h ^= h >>> 15;
	return Math.imul(h, 0x85ebca6b);
}

/**
 * The distinct values of several parts' dictionaries, in order of first appearance across the
 * parts (the order one reading of the whole file gives), and for each part the new code of each
 * of its codes (null when they are unchanged). An open-addressing table of codes on the values'
 * hashes: a few hundred thousand customer ids merge several times faster than through a Map.
 */
export function mergeDictionaries(dicts: Dictionary[]): { values: Dictionary; remaps: (Uint32Array | null)[] } {
	const values = dicts[0].slice();
	if (dicts.length === 1) return { values, remaps: [null] };
	let total = 0;
	for (const d of dicts) total += d.length;
	let size = 16;
	while (size < total * 2) size *= 2;
	const mask = size - 1;
	// Code + 1 per slot (0 = empty), and the hash it was placed by.
	const slots = new Int32Array(size);
	const hashes = new Int32Array(size);
	const place = (v: string, code: number, h: number) => {
		let s = h & mask;
		while (slots[s] !== 0) s = (s + 1) & mask;
		slots[s] = code + 1;
		hashes[s] = h;
	};
	for (let i = 0; i < values.length; i++) place(values[i], i, hashText(values[i]));
	const remaps: (Uint32Array | null)[] = [null];
	for (let k = 1; k < dicts.length; k++) {
		const dict = dicts[k];
		const remap = new Uint32Array(dict.length);
		let identity = true;
		for (let i = 0; i < dict.length; i++) {
			const v = dict[i];
			const h = hashText(v);
			let s = h & mask;
			let code = -1;
			for (;;) {
				const c = slots[s];
				if (c === 0) break;
				if (hashes[s] === h && values[c - 1] === v) {
					code = c - 1;
					break;
				}
				s = (s + 1) & mask;
			}
			if (code < 0) {
				code = values.length;
				values.push(v);
				slots[s] = code + 1;
				hashes[s] = h;
			}
			remap[i] = code;
			if (code !== i) identity = false;
		}
		remaps.push(identity ? null : remap);
	}
	return { values, remaps };
}
