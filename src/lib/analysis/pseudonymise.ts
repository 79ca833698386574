/**
 * Pseudonymised customer ids: a keyed 64-bit hash of the id, written as 16 hex digits. The key
 * (salt) is made once per workspace and kept with it, so two imports into the same workspace give
 * a customer the same pseudonym and chains across files still join; without the salt the ids
 * cannot be looked up from a list of known customer numbers.
 *
 * Pseudonymisation, not anonymisation: whoever holds the workspace (and so the salt) can test a
 * guessed id. SHA-256 through `crypto.subtle` is asynchronous per id, far too slow for a million
 * customers; this hash runs two 32-bit multiply–xor lanes over the salt and then the id (the
 * construction of cyrb53) and mixes them both ways at the end, so every output bit depends on
 * every input character. Each distinct id is hashed once, on the dictionary after ingest.
 */

/** A new random salt (128 bits, hex). */
export function newSalt(): string {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** The pseudonym function of one salt: the same id always gives the same 16 hex digits. */
export function pseudonymiser(salt: string): (id: string) => string {
	let s1 = 0xdeadbeef;
	let s2 = 0x41c6ce57;
	for (let i = 0; i < salt.length; i++) {
		const ch = salt.charCodeAt(i);
		s1 = Math.imul(s1 ^ ch, 2654435761);
		s2 = Math.imul(s2 ^ ch, 1597334677);
	}
	// A separator, so salt "ab" + id "c" differs from salt "a" + id "bc".
	s1 = Math.imul(s1 ^ 0xff, 2654435761);
	s2 = Math.imul(s2 ^ 0xff, 1597334677);
	const start1 = s1;
	const start2 = s2;
	return (id: string): string => {
		let h1 = start1;
		let h2 = start2;
		for (let i = 0; i < id.length; i++) {
			const ch = id.charCodeAt(i);
			h1 = Math.imul(h1 ^ ch, 2654435761);
			h2 = Math.imul(h2 ^ ch, 1597334677);
		}
		h1 ^= id.length;
		h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
		h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
		h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
		h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
		h1 = Math.imul(h1 ^ (h1 >>> 15), 0x85ebca6b);
		h1 ^= h2 >>> 11;
		return hex8(h2) + hex8(h1);
	};
}

/** Replaces every value of a customer dictionary by its pseudonym, in place; returns it. */
export function pseudonymiseDictionary(customers: string[], salt: string): string[] {
	const hash = pseudonymiser(salt);
	for (let i = 0; i < customers.length; i++) customers[i] = hash(customers[i]);
	return customers;
}
