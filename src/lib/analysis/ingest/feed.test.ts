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

	it('joins chunks into two buffers of its own in turn, each window whole while the next is joined', async () => {
		const chunks = Array.from({ length: 40 }, (_, k) => Uint8Array.from({ length: 100 }, (_, i) => (k * 100 + i) % 251));
		const all = Uint8Array.from(chunks.flatMap((c) => Array.from(c)));
		const feed = new Feed(chunks);
		await feed.more();
		const windows = new Set<ArrayBufferLike>();
		let read = 0;
		let previous: number[] = [];
		while (!feed.final) {
			// A record runs over the end of each window: the last 7 bytes are kept for the next.
			const seen = Array.from(feed.buf.subarray(feed.pos, feed.end));
			expect(seen).toEqual(Array.from(all.subarray(read, read + seen.length)));
			const window = feed.buf;
			read += seen.length - 7;
			feed.pos = feed.end - 7;
			await feed.more();
			if (feed.buf !== chunks[0]) windows.add(feed.buf.buffer);
			// The window just left is still whole (its bytes may be flushed after the next arrives).
			expect(Array.from(window.subarray(0, seen.length))).toEqual(seen);
			previous = seen;
		}
		expect(previous.length).toBeGreaterThan(0);
		expect(Array.from(feed.buf.subarray(feed.pos, feed.end))).toEqual(Array.from(all.subarray(read)));
		expect(windows.size).toBe(2);
	});

	it('reads a ByteReader into its own buffers, after the unread tail, until the source ends', async () => {
		const all = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) % 256);
		let at = 0;
		const reads: number[] = [];
		const feed = new Feed({
			// A file that gives at most 3,000 bytes a read.
			readInto: async (buffer, offset, length) => {
				const n = Math.min(length, 3000, all.length - at);
				buffer.set(all.subarray(at, at + n), offset);
				at += n;
				reads.push(n);
				return n;
			}
		});
		await feed.more();
		expect(feed.final).toBe(true);
		expect([feed.pos, feed.end, feed.bytesRead]).toEqual([0, all.length, all.length]);
		expect(Array.from(feed.buf.subarray(0, feed.end))).toEqual(Array.from(all));
		expect(reads.at(-1)).toBe(0);
		// Again, from a tail: nothing more comes, the tail stays.
		feed.pos = feed.end - 5;
		await feed.more();
		expect(Array.from(feed.buf.subarray(feed.pos, feed.end))).toEqual(Array.from(all.subarray(all.length - 5)));
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
