import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash, Sha256 } from './content-hash';

const nodeSha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('content hash', () => {
	it('is the SHA-256 of the bytes, known values', () => {
		expect(new Sha256().hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
		expect(new Sha256().update(new TextEncoder().encode('abc')).hex()).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
	});

	it('gives the same hash streamed in any slices as in one piece', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(400), { maxLength: 6 }), (bytes, cuts) => {
				const hash = new Sha256();
				let at = 0;
				for (const cut of [...cuts].sort((a, b) => a - b)) {
					hash.update(bytes.subarray(at, Math.max(at, Math.min(cut, bytes.length))));
					at = Math.max(at, Math.min(cut, bytes.length));
				}
				hash.update(bytes.subarray(at));
				expect(hash.hex()).toBe(nodeSha(bytes));
			})
		);
	});

	it('hashes a file the same natively and streamed', async () => {
		const bytes = new TextEncoder().encode('customer_id,timestamp\nC1,2026-03-01T09:00:00\n'.repeat(500));
		const file = new Blob([bytes]);
		expect(await contentHash(file)).toBe(nodeSha(bytes));
		const subtle = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
		Object.defineProperty(globalThis, 'crypto', { value: {}, configurable: true });
		try {
			expect(await contentHash(file)).toBe(nodeSha(bytes));
		} finally {
			if (subtle) Object.defineProperty(globalThis, 'crypto', subtle);
		}
	});
});
