import { afterEach, describe, expect, it, vi } from 'vitest';
import { Feed, STEP, yieldToEvents } from './feed';

describe('Feed', () => {
	it('moves a window over bytes in memory without copying them', async () => {
		const bytes = new Uint8Array(STEP * 2 + 10);
		const feed = new Feed(bytes);
		await feed.more();
		expect([feed.end, feed.final, feed.buf === bytes]).toEqual([STEP, false, true]);
		await feed.more();
		await feed.more();
		expect([feed.end, feed.final, feed.bytesRead]).toEqual([bytes.length, true, bytes.length]);
	});

	it('keeps the unread tail when chunks arrive, and reads at least as much again for a long record', async () => {
		const chunks = [Uint8Array.of(1, 2, 3), Uint8Array.of(4), Uint8Array.of(5, 6), Uint8Array.of(7)];
		const feed = new Feed(chunks);
		await feed.more();
		feed.pos = 1;
		await feed.more();
		expect(Array.from(feed.buf.subarray(feed.pos, feed.end))).toEqual([2, 3, 4, 5, 6]);
		await feed.more();
		await feed.more();
		expect(Array.from(feed.buf.subarray(feed.pos, feed.end))).toEqual([2, 3, 4, 5, 6, 7]);
		expect(feed.final).toBe(true);
	});
});

describe('yieldToEvents', () => {
	afterEach(() => vi.unstubAllGlobals());

	it('lets a pending timer run, with or without setImmediate', async () => {
		for (const stub of [false, true]) {
			if (stub) vi.stubGlobal('setImmediate', undefined);
			let ran = false;
			setTimeout(() => (ran = true), 0);
			// A timer is due after at least 1 ms, which a busy machine can stretch: count in time,
			// not in yields, so the test asks only that yielding never starves timers.
			const until = performance.now() + 2_000;
			while (!ran && performance.now() < until) await yieldToEvents();
			expect(ran).toBe(true);
		}
	});
});
