import { describe, expect, it } from 'vitest';
import { paginate } from './paginate';

describe('paginate', () => {
	it('fills each page with the rows that fit, the first page smaller than the next ones', () => {
		expect(paginate([1, 1, 1, 1, 1, 1, 1], { first: 2, next: 3 })).toEqual([[0, 1], [2, 3, 4], [5, 6]]);
	});

	it('puts a row taller than a page alone on its page rather than looping', () => {
		expect(paginate([5, 1], { first: 3, next: 3 })).toEqual([[0], [1]]);
	});

	it('never leaves the closing total alone: two body rows come over with it', () => {
		// Without keeping: [0,1,2] then [3] (the total alone).
		expect(paginate([1, 1, 1, 1], { first: 3, next: 3 })).toEqual([[0, 1, 2], [3]]);
		expect(paginate([1, 1, 1, 1], { first: 3, next: 3, keep: 2 })).toEqual([[0], [1, 2, 3]]);
		const pages = paginate(Array(23).fill(1), { first: 10, next: 11, keep: 2 });
		expect(pages.flat()).toEqual([...Array(23).keys()]);
		expect(pages[pages.length - 1].length).toBeGreaterThanOrEqual(3);
	});

	it('leaves a total that shares its page with enough rows where it is', () => {
		expect(paginate([1, 1, 1, 1, 1, 1], { first: 3, next: 3, keep: 2 })).toEqual([[0, 1, 2], [3, 4, 5]]);
	});

	it('carries a section heading left at the foot of a page over to the next one', () => {
		expect(paginate([1, 1, 1, 1, 1], { first: 3, next: 3, headings: new Set([2]) })).toEqual([[0, 1], [2, 3, 4]]);
	});
});
