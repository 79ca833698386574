import { describe, expect, it } from 'vitest';
import { compareHlc, formatHlc, HybridClock, parseHlc } from './hlc';

describe('hybrid logical clock', () => {
	it('moves forward even when the wall clock goes back', () => {
		let wall = 1_000;
		const clock = new HybridClock('tab-a', () => wall);
		const first = clock.now();
		wall = 900;
		const second = clock.now();
		expect(compareHlc(second, first)).toBe(1);
		expect(parseHlc(second)).toEqual({ wall: 1_000, counter: 1, node: 'tab-a' });
	});

	it('comes after a clock received from another writer', () => {
		const clock = new HybridClock('tab-a', () => 10);
		const seen = formatHlc({ wall: 5_000, counter: 3, node: 'tab-b' });
		clock.receive(seen);
		expect(compareHlc(clock.now(), seen)).toBe(1);
	});

	it('sorts as text in clock order, a missing clock first', () => {
		expect(compareHlc(formatHlc({ wall: 99, counter: 0, node: 'z' }), formatHlc({ wall: 100, counter: 0, node: 'a' }))).toBe(-1);
		expect(compareHlc(undefined, formatHlc({ wall: 0, counter: 0, node: 'a' }))).toBe(-1);
	});
});
