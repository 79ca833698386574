/**
 * Identifiers for entities created in Parcours.
 *
 * `crypto.randomUUID` exists in Node 20 and in browsers, but browsers only expose it in secure
 * contexts (https, localhost); the app may be served from a plain-http share in a meeting room,
 * so a version 4 UUID is also built from `crypto.getRandomValues`, which every context has.
 */
import type { Id } from './types';

function randomUuid(): string {
	const c = globalThis.crypto;
	if (typeof c?.randomUUID === 'function') return c.randomUUID();
	const bytes = new Uint8Array(16);
	c.getRandomValues(bytes);
	bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
	bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
	const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A new unique id, optionally prefixed (`newId('motive')` → `motive-3f2b…`) to ease reading exports. */
export function newId(prefix?: string): Id {
	const uuid = randomUuid();
	return prefix ? `${prefix}-${uuid}` : uuid;
}
