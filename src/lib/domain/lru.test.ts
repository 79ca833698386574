import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LruMap } from './lru';

describe('LruMap', () => {
	it('drops the least recently used entry, reads counting as use', () => {
		const dropped: string[] = [];
		const lru = new LruMap<string, number>(2, (key) => dropped.push(key));
		lru.set('a', 1).set('b', 2);
		expect(lru.get('a')).toBe(1);
		lru.set('c', 3);
		expect(dropped).toEqual(['b']);
		expect([lru.has('a'), lru.has('b'), lru.has('c')]).toEqual([true, false, true]);
		lru.set('a', 10);
		lru.set('d', 4);
		expect(dropped).toEqual(['b', 'c']);
		expect(lru.get('a')).toBe(10);
	});

	it('never holds more than its capacity, and holds the last ones written', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 0, max: 20 })), (capacity, keys) => {
				const lru = new LruMap<number, number>(capacity);
				for (const key of keys) lru.set(key, key);
				expect(lru.size).toBe(Math.min(capacity, new Set(keys).size));
				const lastDistinct = [...new Set([...keys].reverse())].slice(0, capacity);
				for (const key of lastDistinct) expect(lru.has(key)).toBe(true);
			})
		);
	});
});
