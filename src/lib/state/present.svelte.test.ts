// A fake IndexedDB for the app's database, set before `$lib/db` is first imported.
import '$lib/db/test-store';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { db } from '$lib/db';
import { workspace, WS } from '$lib/domain/test-factories';
import { SavedViews } from './present.svelte';
import { WorkspaceData } from './workspace.svelte';
import { until } from '../../../tests/runes/until';

const roots: (() => void)[] = [];
beforeEach(async () => {
	await db.delete();
	await db.open();
	await db.workspaces.add(workspace());
});
afterEach(() => roots.splice(0).forEach((end) => end()));

async function open() {
	let deck!: SavedViews;
	let data!: WorkspaceData;
	roots.push(
		$effect.root(() => {
			const id = () => WS;
			data = new WorkspaceData(id);
			deck = new SavedViews(id, data);
		})
	);
	await until(() => expect(data.workspace).toBeDefined());
	return deck;
}

const stored = async () => (await db.workspaces.get(WS))?.deck;

it('adds a view once: the same view again leaves the deck as it is and says which slide shows it', async () => {
	const deck = await open();
	const first = deck.add('frictions', { top: 10, target: 0.9 });
	expect(first).toMatchObject({ added: true, index: 4 });
	await expect.poll(async () => (await stored())?.length).toBe(5);
	const again = deck.add('frictions', { top: 10, target: 0.9, title: 'Another title' });
	expect(again).toMatchObject({ added: false, index: 4 });
	expect(deck.views).toHaveLength(5);
	// The default deck's own frictions view (six rows, the page's target) is the second slide.
	expect(deck.add('frictions', { top: 6 })).toMatchObject({ added: false, index: 1 });
	expect((await stored())?.length).toBe(5);
});

it('keeps a slide’s title and key message with the workspace, trimmed; an empty message removes it', async () => {
	const deck = await open();
	const id = deck.views[0].id;
	deck.rename(id, '  Where we stand  ');
	deck.setNote(id, '  One demand in three comes back. ');
	await expect.poll(async () => (await stored())?.[0]).toMatchObject({ title: 'Where we stand', note: 'One demand in three comes back.' });
	deck.setNote(id, '   ');
	await expect.poll(async () => (await stored())?.[0]).toEqual({ id, kind: 'kpis', title: 'Where we stand' });
	// The deck shown follows the stored one.
	await until(() => expect(deck.views[0]).toEqual({ id, kind: 'kpis', title: 'Where we stand' }));
});
