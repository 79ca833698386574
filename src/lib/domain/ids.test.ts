import { afterEach, describe, expect, it, vi } from 'vitest';
import { newId } from './ids';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

afterEach(() => vi.unstubAllGlobals());

describe('newId', () => {
	it('is a version 4 UUID, prefixed when asked', () => {
		expect(newId()).toMatch(UUID);
		const id = newId('motive');
		expect(id.startsWith('motive-')).toBe(true);
		expect(id.slice('motive-'.length)).toMatch(UUID);
	});

	it('does not repeat itself', () => {
		const ids = new Set(Array.from({ length: 1000 }, () => newId()));
		expect(ids.size).toBe(1000);
	});

	it('works where randomUUID is not offered (a page served over plain http)', () => {
		const { getRandomValues } = globalThis.crypto;
		vi.stubGlobal('crypto', { getRandomValues: getRandomValues.bind(globalThis.crypto) });
		expect(globalThis.crypto.randomUUID).toBeUndefined();
		const ids = Array.from({ length: 50 }, () => newId());
		for (const id of ids) expect(id).toMatch(UUID);
		expect(new Set(ids).size).toBe(50);
	});
});
