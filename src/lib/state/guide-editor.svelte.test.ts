import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { freshStore } from '$lib/db/test-store';
import { stepOf } from '$lib/domain/guide-edit';
import { findState } from '$lib/domain/journey';
import { article, guide, motive, source, text, theme, workspace } from '$lib/domain/test-factories';
import type { Guide } from '$lib/domain/types';
import { createGuide, GuideEditor, guideSource } from './guide-editor.svelte';

const editors: GuideEditor[] = [];
afterEach(() => editors.splice(0).forEach((editor) => editor.close()));

const catalogue = { motiveIds: new Set(['motive-bill-amount']), sourceIds: new Set(['source-crm']), articleIds: new Set(['article-read-bill']) };

/** A database holding a workspace with a motive, the source and the article the guides name. */
async function storeWithCatalogue() {
	const store = freshStore();
	await store.db.workspaces.add(workspace());
	await store.themeRepo.put(theme());
	await store.motiveRepo.put(motive({ id: 'motive-bill-amount' }));
	await store.sourceRepo.put(source({ id: 'source-crm' }));
	await store.articleRepo.put(article({ id: 'article-read-bill' }));
	return store;
}

async function editorOnStore() {
	const store = await storeWithCatalogue();
	const stored = guide();
	await store.guideRepo.put(stored);
	// Watched in this test's database, not the app's.
	const source = { ...guideSource(store.guideRepo), watch: (ws: string, id: string) => store.observe(() => store.guideRepo.get(ws, id)) };
	const editor = new GuideEditor(() => stored.motiveId, () => catalogue, source);
	editors.push(editor);
	await editor.load(stored.workspaceId, stored.id);
	const read = async () => (await store.guideRepo.get(stored.workspaceId, stored.id)) as Guide;
	return { editor, read, store };
}

describe('GuideEditor', () => {
	it('checks the guide with the guide checks, not only the journey ones', async () => {
		const { editor } = await editorOnStore();
		expect(editor.issues).toEqual([]);
		editor.deleteTransition({ source: 'ask', event: 'answer.yes' });
		flushSync();
		expect(editor.issues.map((i) => i.code)).toContain('too-few-answers');
		editor.undo();
		flushSync();
		expect(editor.issues).toEqual([]);
	});

	it('changes a step kind as one undoable edit, an outcome ending the guide', async () => {
		const { editor } = await editorOnStore();
		editor.select('read');
		editor.setStepKind('read', 'outcome', { text: text('x'), system: 'CRM' });
		flushSync();
		expect(editor.selectedStep).toEqual({ kind: 'outcome', outcome: 'resolved' });
		expect(editor.selectedState?.type).toBe('final');
		editor.undo();
		flushSync();
		expect(editor.selectedStep?.kind).toBe('article');
		expect(editor.selectedState?.type).toBeUndefined();
	});

	it('adds a step at the top level that says what to do, and selects it', async () => {
		const { editor } = await editorOnStore();
		editor.addGuideStep(text('Refund'), 'SAP');
		flushSync();
		expect(editor.selected).toBe('refund');
		expect(editor.selectedStep).toEqual({ kind: 'action', system: 'SAP', instruction: '' });
	});

	it('saves through the guide repository, keeping the guide’s motive', async () => {
		const { editor, read } = await editorOnStore();
		editor.select('ask');
		editor.setStep('ask', { kind: 'question', text: text('Is the bill clear?', 'La facture est-elle claire ?') });
		await editor.flush();
		const saved = await read();
		expect(stepOf(findState(saved.machine, 'ask'))).toEqual({ kind: 'question', text: text('Is the bill clear?', 'La facture est-elle claire ?') });
		expect(saved.motiveId).toBe('motive-bill-amount');
		await new Promise((r) => setTimeout(r, 50));
		flushSync();
		// The step edited stays selected.
		expect(editor.selected).toBe('ask');
	});

	it('keeps a change made elsewhere to another step when it saves', async () => {
		const { editor, read, store } = await editorOnStore();
		const other = await read();
		other.machine.states.check.meta.step = { kind: 'check', sourceId: 'source-crm', lookFor: 'the meter reading' };
		await store.guideRepo.put(other);
		editor.updateMeta('ask', { label: text('Understood the bill?') });
		await editor.flush();
		const saved = await read();
		expect(saved.machine.states.ask.meta.label).toEqual(text('Understood the bill?'));
		expect(saved.machine.states.check.meta.step).toEqual({ kind: 'check', sourceId: 'source-crm', lookFor: 'the meter reading' });
	});
});

describe('createGuide', () => {
	it('writes a valid first guide for the motive', async () => {
		const store = await storeWithCatalogue();
		const created = await createGuide(motive({ id: 'motive-bill-amount' }), store.guideRepo);
		expect(await store.guideRepo.get(created.workspaceId, created.id)).toEqual(created);
		expect(created.motiveId).toBe('motive-bill-amount');
	});
});
