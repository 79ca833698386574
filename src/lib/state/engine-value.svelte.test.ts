import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineValue } from './engine-value.svelte';
import type { ComputeOptions } from './engine.svelte';

const SETTLE = 100;

/** A fake engine: each computation waits until the test answers it. */
function fakeEngine() {
	const calls: { query: number; options: ComputeOptions; resolve(value: string): void; reject(error: unknown): void }[] = [];
	const compute = (query: number, options: ComputeOptions) =>
		new Promise<string>((resolve, reject) => calls.push({ query, options, resolve, reject }));
	return { calls, compute };
}

/** An EngineValue following a `$state` query, inside an effect root the test ends. */
function follow(compute: (q: number, options: ComputeOptions) => Promise<string>) {
	const query = $state<{ n: number | null }>({ n: 1 });
	let value!: EngineValue<number, string>;
	const end = $effect.root(() => {
		value = new EngineValue(() => query.n, SETTLE, compute);
	});
	flushSync();
	roots.push(end);
	return { query, value };
}

const roots: (() => void)[] = [];
beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => {
	for (const end of roots.splice(0)) end();
	vi.useRealTimers();
});

/** Lets promise callbacks run. */
const settle = async () => {
	await Promise.resolve();
	await Promise.resolve();
	flushSync();
};

describe('EngineValue', () => {
	it('computes once the query has stayed the same for the settle time', async () => {
		const engine = fakeEngine();
		const { value } = follow(engine.compute);
		expect(value.busy).toBe(true);
		vi.advanceTimersByTime(SETTLE - 1);
		expect(engine.calls).toHaveLength(0);
		vi.advanceTimersByTime(1);
		expect(engine.calls.map((c) => c.query)).toEqual([1]);
		engine.calls[0].resolve('one');
		await settle();
		expect(value.current).toBe('one');
		expect(value.currentKey).toBe('1');
		expect(value.busy).toBe(false);
	});

	it('computes only the last of queries typed within the settle time', async () => {
		const engine = fakeEngine();
		const { query, value } = follow(engine.compute);
		vi.advanceTimersByTime(SETTLE / 2);
		query.n = 2;
		flushSync();
		vi.advanceTimersByTime(SETTLE / 2);
		query.n = 3;
		flushSync();
		vi.advanceTimersByTime(SETTLE);
		expect(engine.calls.map((c) => c.query)).toEqual([3]);
		engine.calls[0].resolve('three');
		await settle();
		expect(value.current).toBe('three');
	});

	it('answers a query seen before from its cache, without the engine', async () => {
		const engine = fakeEngine();
		const { query, value } = follow(engine.compute);
		vi.advanceTimersByTime(SETTLE);
		engine.calls[0].resolve('one');
		await settle();
		query.n = 2;
		flushSync();
		vi.advanceTimersByTime(SETTLE);
		engine.calls[1].resolve('two');
		await settle();
		query.n = 1;
		flushSync();
		expect(value.current).toBe('one');
		expect(value.busy).toBe(false);
		vi.advanceTimersByTime(SETTLE);
		expect(engine.calls).toHaveLength(2);
	});

	it('keeps the last figures while the next are computed, and never shows a superseded answer', async () => {
		const engine = fakeEngine();
		const { query, value } = follow(engine.compute);
		vi.advanceTimersByTime(SETTLE);
		engine.calls[0].resolve('one');
		await settle();
		query.n = 2;
		flushSync();
		vi.advanceTimersByTime(SETTLE);
		query.n = 3;
		flushSync();
		vi.advanceTimersByTime(SETTLE);
		expect(value.current).toBe('one');
		expect(value.busy).toBe(true);
		// The newer query stopped the older computation rather than waiting behind it.
		expect(engine.calls[1].options.signal?.aborted).toBe(true);
		expect(engine.calls[2].options.signal?.aborted).toBe(false);
		// Replies out of order: the newest answers first, the stale one comes late and is only cached.
		engine.calls[2].resolve('three');
		await settle();
		engine.calls[1].resolve('two');
		await settle();
		expect(value.current).toBe('three');
		expect(value.currentKey).toBe('3');
	});

	it('lets the user cancel: the engine is told, the figures shown stay until the query changes', async () => {
		const engine = fakeEngine();
		const { query, value } = follow(engine.compute);
		vi.advanceTimersByTime(SETTLE);
		engine.calls[0].resolve('one');
		await settle();
		query.n = 2;
		flushSync();
		vi.advanceTimersByTime(SETTLE);
		value.cancel();
		expect(engine.calls[1].options.signal?.aborted).toBe(true);
		expect([value.busy, value.cancelled, value.current]).toEqual([false, true, 'one']);
		engine.calls[1].reject(new Error('Cancelled.'));
		await settle();
		expect(value.error).toBeUndefined();
		query.n = 3;
		flushSync();
		expect(value.cancelled).toBe(false);
	});

	it('reports a failure of the current query and clears it with the next answer', async () => {
		const engine = fakeEngine();
		const { query, value } = follow(engine.compute);
		vi.advanceTimersByTime(SETTLE);
		engine.calls[0].reject(new Error('broken file'));
		await settle();
		expect((value.error as Error).message).toBe('broken file');
		expect(value.busy).toBe(false);
		query.n = 2;
		flushSync();
		vi.advanceTimersByTime(SETTLE);
		engine.calls[1].resolve('two');
		await settle();
		expect(value.error).toBeUndefined();
		expect(value.current).toBe('two');
	});

	it('stops the computation under way when the query goes away or the owner is destroyed', () => {
		const engine = fakeEngine();
		const { query, value } = follow(engine.compute);
		vi.advanceTimersByTime(SETTLE);
		query.n = null;
		flushSync();
		expect(engine.calls[0].options.signal?.aborted).toBe(true);
		expect(value.busy).toBe(false);
		query.n = 4;
		flushSync();
		vi.advanceTimersByTime(SETTLE);
		roots.splice(0).forEach((end) => end());
		expect(engine.calls[1].options.signal?.aborted).toBe(true);
	});
});
