import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonNestingError, MAX_JSON_NESTING, nestingBeyond, parseJson } from './json-nesting';

/** The nesting of a parsed value, by recursion (fine for the small values of the property). */
function depthOf(value: unknown): number {
	if (typeof value !== 'object' || value === null) return 0;
	return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

describe('nestingBeyond', () => {
	it('finds the bracket that goes past the limit, ignoring brackets in strings', () => {
		expect(nestingBeyond('[[1]]', 2)).toBe(-1);
		expect(nestingBeyond('[[[1]]]', 2)).toBe(2);
		expect(nestingBeyond('{"a":"[[[[\\"[[["}', 1)).toBe(-1);
		expect(nestingBeyond('{"a":{"b":', 1)).toBe(5);
	});

	it('scans a million levels without overflowing', () => {
		expect(nestingBeyond('['.repeat(1_000_000))).toBe(MAX_JSON_NESTING);
	});

	it('agrees with the parsed value (property)', () => {
		fc.assert(
			fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (value, limit) => {
				const text = JSON.stringify(value);
				expect(nestingBeyond(text, limit) >= 0).toBe(depthOf(value) > limit);
			}),
			{ numRuns: 200 }
		);
	});
});

describe('parseJson', () => {
	it('parses what nests within the limit, refuses the rest before parsing', () => {
		expect(parseJson('{"a":[1,{"b":2}]}')).toEqual({ a: [1, { b: 2 }] });
		expect(() => parseJson('['.repeat(101) + ']'.repeat(101))).toThrow(JsonNestingError);
		expect(() => parseJson('['.repeat(100) + ']'.repeat(100))).not.toThrow();
		expect(() => parseJson('{ "a": ')).toThrow(SyntaxError);
	});
});
