import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave } from './autosave.svelte';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A save that records each call and resolves (or fails) when the test says. */
function controlledSave() {
	const calls: { resolve: (problem?: { problem: string }) => void; reject: (error: Error) => void }[] = [];
	const save = () =>
		new Promise<{ problem: string } | void>((resolve, reject) => {
			calls.push({ resolve, reject });
		});
	return { save, calls };
}

describe('Autosave', () => {
	it('saves once, a delay after the last of a burst of changes', async () => {
		let saves = 0;
		const autosave = new Autosave(async () => void saves++, 300);
		autosave.schedule();
		await vi.advanceTimersByTimeAsync(200);
		autosave.schedule();
		await vi.advanceTimersByTimeAsync(200);
		expect(saves).toBe(0);
		expect(autosave.status).toBe('saving');
		await vi.advanceTimersByTimeAsync(100);
		expect(saves).toBe(1);
		expect(autosave.status).toBe('saved');
		await vi.advanceTimersByTimeAsync(1_000);
		expect(saves).toBe(1);
	});

	it('flush saves at once, and only when something waits', async () => {
		let saves = 0;
		const autosave = new Autosave(async () => void saves++, 300);
		await autosave.flush();
		expect(saves).toBe(0);
		autosave.schedule();
		await autosave.flush();
		expect(saves).toBe(1);
		expect(autosave.pending).toBe(false);
		// The timer of the change saved by the flush does not save it again.
		await vi.advanceTimersByTimeAsync(1_000);
		expect(saves).toBe(1);
	});

	it('runs one save at a time, and a change made during a save keeps the status at saving', async () => {
		const { save, calls } = controlledSave();
		const autosave = new Autosave(save, 300);
		autosave.schedule();
		const first = autosave.flush();
		await vi.advanceTimersByTimeAsync(0);
		expect(calls).toHaveLength(1);
		autosave.schedule();
		const second = autosave.flush();
		await vi.advanceTimersByTimeAsync(0);
		// The second save waits for the first.
		expect(calls).toHaveLength(1);
		calls[0].resolve();
		await first;
		expect(autosave.status).toBe('saving');
		await vi.advanceTimersByTimeAsync(0);
		expect(calls).toHaveLength(2);
		calls[1].resolve();
		await second;
		expect(autosave.status).toBe('saved');
	});

	it('reports a failed save, keeps the change waiting and saves it on the next flush', async () => {
		const { save, calls } = controlledSave();
		const autosave = new Autosave(save, 300);
		autosave.schedule();
		const failing = autosave.flush();
		await vi.advanceTimersByTimeAsync(0);
		const failure = new Error('disk full');
		calls[0].reject(failure);
		await failing;
		expect(autosave.status).toBe('error');
		expect(autosave.error).toBe('disk full');
		expect(autosave.failure).toBe(failure);
		expect(autosave.pending).toBe(true);

		const retry = autosave.flush();
		await vi.advanceTimersByTimeAsync(0);
		calls[1].resolve();
		await retry;
		expect(autosave.status).toBe('saved');
		expect(autosave.error).toBe('');
		expect(autosave.failure).toBeUndefined();
	});

	it('keeps the status at error with the problem a save reports', async () => {
		const autosave = new Autosave(async () => ({ problem: '2 rules cannot be used' }), 300);
		autosave.schedule();
		await autosave.flush();
		expect(autosave.status).toBe('error');
		expect(autosave.error).toBe('2 rules cannot be used');
		// What could be written was: nothing waits.
		expect(autosave.pending).toBe(false);
	});

	it('saves what waits when the page is hidden and when the editor leaves', async () => {
		let saves = 0;
		const autosave = new Autosave(async () => void saves++, 300);
		const target = new EventTarget();
		const leave = autosave.flushOnLeave(target);
		autosave.schedule();
		target.dispatchEvent(new Event('pagehide'));
		await vi.advanceTimersByTimeAsync(0);
		expect(saves).toBe(1);

		autosave.schedule();
		leave();
		await vi.advanceTimersByTimeAsync(0);
		expect(saves).toBe(2);
		// Listening ended with the cleanup.
		autosave.schedule();
		target.dispatchEvent(new Event('pagehide'));
		await vi.advanceTimersByTimeAsync(0);
		expect(saves).toBe(2);
	});
});
