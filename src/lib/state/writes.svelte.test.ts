// A fake IndexedDB for the app's database, set before `$lib/db` is first imported.
import '$lib/db/test-store';
import { afterEach, expect, it } from 'vitest';
import { app } from './app.svelte';
import { Confirmation, Writes } from './writes.svelte';

afterEach(() => app.clearNotice());

it('is busy while a write runs, and reports a failure in the words it was given', async () => {
	expect.hasAssertions();
	const writes = new Writes((detail) => `failed: ${detail}`);
	let finish!: () => void;
	const running = writes.run(() => new Promise<void>((resolve) => (finish = resolve)));
	expect(writes.busy).toBe(true);
	finish();
	await running;
	expect(writes.busy).toBe(false);
	expect(app.notice).toBeNull();

	await writes.run(async () => {
		throw new Error('disk full');
	});
	expect(writes.busy).toBe(false);
	expect(app.notice).toEqual({ tone: 'error', text: 'failed: disk full' });
});

it('keeps what waits for confirmation while its dialog is open, and gives it back when confirmed', () => {
	expect.hasAssertions();
	const deletion = new Confirmation<{ id: string }>();
	expect(deletion.take()).toBeNull();
	deletion.ask({ id: 'j-1' });
	expect(deletion.open).toBe(true);
	expect(deletion.take()).toEqual({ id: 'j-1' });
	expect(deletion.open).toBe(false);
});
