/**
 * Pseudonymised customer ids: HMAC-SHA-256 of the id (its UTF-8 bytes) under a secret 256-bit
 * key, the first 64 bits written as 16 hex digits. The key is made once per workspace and stays
 * in the browser that made it: a workspace file carries it only when the user chooses so. Two
 * imports into the same workspace give a customer the same pseudonym, so chains across files
 * still join; without the key, a pseudonym cannot be computed from a guessed customer number, nor
 * a list of them tried, whatever the computing power (DESIGN.md *Privacy*).
 *
 * Pseudonymisation, not anonymisation: whoever holds the key can test a guessed id. Datasets made
 * before this function (a fast keyed mix whose key travelled with the workspace, `legacy-mix`)
 * say so in their `pseudonymisation`; their pseudonyms do not match today's.
 *
 * `crypto.subtle` (browsers, workers, Node 20) is asynchronous, one call per id: the ids of a
 * dictionary, each distinct id once, are signed in batches whose calls run together.
 */

import type { PseudonymFunction } from '../domain/types';

export type { PseudonymFunction };

/** The function new imports use. */
export const PSEUDONYM_FUNCTION: PseudonymFunction = 'hmac-sha256';

/**
 * Ids signed together: their calls overlap; larger batches were slower in Chromium (316,737 ids:
 * 3.2 s by 256, 3.7 s by 2,048, 4.6 s by 16,384).
 */
const BATCH = 256;
/** Progress is reported every this many ids, not every batch. */
const REPORT_EVERY = 16_384;

/** A new random key (256 bits, hex). */
export function newPseudonymKey(): string {
	const bytes = new Uint8Array(32);
	crypto.getRandomValues(bytes);
	return toHex(bytes, 32);
}

/** Whether the text is a pseudonymisation key (256 bits in hex). */
export function isPseudonymKey(text: unknown): text is string {
	return typeof text === 'string' && /^[0-9a-f]{64}$/i.test(text);
}

function toHex(bytes: Uint8Array, length: number): string {
	let hex = '';
	for (let i = 0; i < length; i++) hex += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
	return hex;
}

/**
 * The pseudonym function of one key: gives the pseudonyms of a list of ids, in order. The key is
 * imported once, not extractable.
 */
export async function pseudonymiser(key: string): Promise<(ids: readonly string[]) => Promise<string[]>> {
	if (!isPseudonymKey(key)) throw new Error('A pseudonymisation key is 256 bits written as 64 hex digits.');
	const raw = new Uint8Array(32);
	for (let i = 0; i < 32; i++) raw[i] = parseInt(key.slice(2 * i, 2 * i + 2), 16);
	const cryptoKey = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
	const encoder = new TextEncoder();
	return async (ids) => {
		const signatures = await Promise.all(ids.map((id) => crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(id))));
		return signatures.map((signature) => toHex(new Uint8Array(signature), 8));
	};
}

export interface PseudonymiseOptions {
	signal?: AbortSignal;
	/** Called after each batch with the number of ids done. */
	onProgress?: (done: number, total: number) => void;
}

/** Replaces every value of a customer dictionary (distinct ids) by its pseudonym, in place; returns it. */
export async function pseudonymiseDictionary(customers: string[], key: string, options: PseudonymiseOptions = {}): Promise<string[]> {
	const sign = await pseudonymiser(key);
	for (let start = 0; start < customers.length; start += BATCH) {
		options.signal?.throwIfAborted();
		const end = Math.min(customers.length, start + BATCH);
		const pseudonyms = await sign(customers.slice(start, end));
		for (let i = start; i < end; i++) customers[i] = pseudonyms[i - start];
		if (end === customers.length || end % REPORT_EVERY < BATCH) options.onProgress?.(end, customers.length);
	}
	options.signal?.throwIfAborted();
	return customers;
}

/**
 * The shape of a cell: every letter written `A` or `a`, every digit `9`, the rest kept. What a
 * person needs to see why a time was not read (`99/99/9999 99h99`), without the value itself.
 */
export function cellShape(value: string): string {
	return value.replace(/\p{L}|\p{N}/gu, (c) => (/\p{N}/u.test(c) ? '9' : /\p{Lu}/u.test(c) ? 'A' : 'a'));
}

/**
 * The rejected rows of a pseudonymised import, without a customer id in clear: whatever the
 * column (a shifted row puts an id in the time column), a value that is a customer id of the file
 * becomes its pseudonym, so the row can still be matched; any other value is kept as its shape
 * (`cellShape`), since a rejected row's own id may be in any cell. Call before the dictionary is
 * pseudonymised, with the function that will pseudonymise it; rewrites the sample in place.
 */
export async function pseudonymiseRejected(
	sample: { value?: string }[],
	customers: readonly string[],
	pseudonymise: (ids: readonly string[]) => Promise<string[]>
): Promise<void> {
	const wanted = new Set<string>();
	for (const entry of sample) if (entry.value) wanted.add(entry.value.trim());
	if (!wanted.size) return;
	const known = customers.filter((id) => wanted.has(id));
	const pseudonyms = new Map(known.map((id, i) => [id, i]));
	const signed = await pseudonymise(known);
	for (const entry of sample) {
		if (!entry.value) continue;
		const at = pseudonyms.get(entry.value.trim());
		entry.value = at === undefined ? cellShape(entry.value) : signed[at];
	}
}
