import { flushSync } from 'svelte';
import { afterEach, expect, it } from 'vitest';
import { freshStore } from '$lib/db/test-store';
import { workspace } from '$lib/domain/test-factories';
import { LiveQuery } from './live-query.svelte';
import { until } from '../../../tests/runes/until';

const roots: (() => void)[] = [];
afterEach(() => roots.splice(0).forEach((end) => end()));

it('follows its key: a new key ends the old subscription and reads afresh, changes in the tables follow', async () => {
	const store = freshStore();
	await store.db.workspaces.bulkAdd([workspace({ id: 'a', name: 'Alpha' }), workspace({ id: 'b', name: 'Beta' })]);
	const key = $state({ id: 'a' });
	const seen: string[] = [];
	let live!: LiveQuery<string | undefined, string>;
	roots.push(
		$effect.root(() => {
			live = new LiveQuery(
				async (id) => {
					seen.push(id);
					return (await store.db.workspaces.get(id))?.name;
				},
				() => key.id
			);
		})
	);
	flushSync();
	await until(() => expect([live.ready, live.current]).toEqual([true, 'Alpha']));

	key.id = 'b';
	flushSync();
	// Nothing of the old key is shown while the new one is read.
	expect([live.ready, live.current]).toEqual([false, undefined]);
	await until(() => expect(live.current).toBe('Beta'));

	// The old key's subscription is gone: a change to it is not read again.
	const reads = seen.length;
	await store.db.workspaces.update('a', { name: 'Alpha 2' });
	await store.db.workspaces.update('b', { name: 'Beta 2' });
	await until(() => expect(live.current).toBe('Beta 2'));
	expect(seen.slice(reads).every((id) => id === 'b')).toBe(true);
});

it('reports a failed query and clears the error with the next result', async () => {
	const store = freshStore();
	await store.db.workspaces.add(workspace({ id: 'a', name: 'Alpha' }));
	const key = $state({ id: 'broken' });
	let live!: LiveQuery<string | undefined, string>;
	roots.push(
		$effect.root(() => {
			live = new LiveQuery(
				async (id) => {
					if (id === 'broken') throw new Error('unreadable');
					return (await store.db.workspaces.get(id))?.name;
				},
				() => key.id
			);
		})
	);
	flushSync();
	await until(() => expect(live.ready).toBe(true));
	expect(live.error).toBeInstanceOf(Error);
	key.id = 'a';
	await until(() => expect(live.current).toBe('Alpha'));
	expect(live.error).toBeUndefined();
});
