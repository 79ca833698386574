import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freshStore } from '$lib/db/test-store';
import { journey, text, workspace } from '$lib/domain/test-factories';
import type { Journey } from '$lib/domain/types';
import { AUTOSAVE_DELAY_MS, JourneyEditor, type JourneySource } from './journey-editor.svelte';

const editors: JourneyEditor[] = [];
afterEach(() => editors.splice(0).forEach((editor) => editor.close()));

/** An editor on a journey of a fresh database, with its reactive reads under the client runtime. */
async function editorOnStore() {
	const store = freshStore();
	await store.db.workspaces.add(workspace());
	const stored = journey();
	await store.journeyRepo.put(stored);
	let saves = 0;
	const source: JourneySource = {
		get: (ws, id) => store.journeyRepo.get(ws, id),
		watch: (ws, id) => store.observe(() => store.journeyRepo.get(ws, id)),
		save: (base, mine) => {
			saves++;
			return store.journeyEditRepo.save(base, mine);
		}
	};
	const editor = new JourneyEditor(source);
	editors.push(editor);
	await editor.load(stored.workspaceId, stored.id);
	const read = async () => (await store.journeyRepo.get(stored.workspaceId, stored.id)) as Journey;
	return { editor, read, saves: () => saves };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('JourneyEditor', () => {
	it('undoes and redoes edits, and a new edit clears what could be redone', async () => {
		const { editor } = await editorOnStore();
		expect(editor.canUndo).toBe(false);
		editor.addStage(text('Claim'));
		flushSync();
		const added = editor.selected;
		expect(added).not.toBeNull();
		expect(editor.ids).toContain(added);
		expect(editor.canUndo).toBe(true);

		editor.undo();
		flushSync();
		expect(editor.ids).not.toContain(added);
		// The selection followed the state away.
		expect(editor.selected).toBeNull();
		expect(editor.canRedo).toBe(true);

		editor.redo();
		flushSync();
		expect(editor.ids).toContain(added);
		expect(editor.canRedo).toBe(false);

		editor.undo();
		editor.updateMeta('pay', { notes: 'new branch' });
		flushSync();
		expect(editor.canRedo).toBe(false);
		expect(editor.machine?.states.pay.meta.notes).toBe('new branch');
	});

	it('saves on its own a moment after the last edit, once for a burst of edits', async () => {
		const { editor, read, saves } = await editorOnStore();
		editor.updateMeta('pay', { notes: 'one' });
		editor.updateMeta('pay', { notes: 'two' });
		expect(editor.saveStatus).toBe('saving');
		expect(saves()).toBe(0);
		// The save starts after the delay; how long it then takes depends on the machine's load.
		await vi.waitFor(
			() => {
				expect(saves()).toBe(1);
				expect(editor.saveStatus).toBe('saved');
			},
			{ timeout: 5_000, interval: 20 }
		);
		await sleep(AUTOSAVE_DELAY_MS + 100);
		expect(saves()).toBe(1);
		expect((await read()).machine.states.pay.meta.notes).toBe('two');
	});

	it('flush saves at once what waits, and an undo is saved like any edit', async () => {
		const { editor, read, saves } = await editorOnStore();
		editor.updateMeta('pay', { notes: 'kept' });
		await editor.flush();
		expect(saves()).toBe(1);
		expect((await read()).machine.states.pay.meta.notes).toBe('kept');
		// Nothing waits: a second flush writes nothing.
		await editor.flush();
		expect(saves()).toBe(1);

		editor.undo();
		await editor.flush();
		expect((await read()).machine.states.pay.meta.notes).toBeUndefined();
		expect(editor.saveStatus).toBe('saved');
	});

	it('saves a label as it is typed, the keystrokes in one field being one undo step', async () => {
		const { editor, read } = await editorOnStore();
		const before = editor.machine?.states.pay.meta.label;
		for (const typed of ['P', 'Pa', 'Pay now']) editor.typeMeta('pay', 'label.fr', { label: { ...before!, fr: typed } });
		expect(editor.saveStatus).toBe('saving');
		await vi.waitFor(() => expect(editor.saveStatus).toBe('saved'), { timeout: 5_000, interval: 20 });
		expect((await read()).machine.states.pay.meta.label.fr).toBe('Pay now');

		// Typing in another field starts another undo step.
		editor.typeMeta('pay', 'notes', { notes: 'n' });
		editor.undo();
		expect(editor.machine?.states.pay.meta.notes).toBeUndefined();
		expect(editor.machine?.states.pay.meta.label.fr).toBe('Pay now');
		editor.undo();
		expect(editor.machine?.states.pay.meta.label).toEqual(before);
		expect(editor.canUndo).toBe(false);
	});

	it('saves a new name and description, leaving the undo history to the machine', async () => {
		const { editor, read } = await editorOnStore();
		editor.setDetails({ name: { fr: 'Réclamation', en: '' }, description: 'Du dépôt à la réponse' });
		expect(editor.saveStatus).toBe('saving');
		await editor.flush();
		const stored = await read();
		expect(stored.name).toEqual({ fr: 'Réclamation', en: '' });
		expect(stored.description).toBe('Du dépôt à la réponse');
		expect(editor.canUndo).toBe(false);
	});
});
