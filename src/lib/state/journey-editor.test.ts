import { freshStore } from '$lib/db/test-store';
import { EDIT_HISTORY_LIMIT } from '$lib/db/store';
import { afterEach, describe, expect, it } from 'vitest';
import { journey, workspace } from '$lib/domain/test-factories';
import type { Journey } from '$lib/domain/types';
import { JourneyEditor, type JourneySource } from './journey-editor.svelte';

/** Two tabs: two editors on one database. */
async function twoTabs() {
	const store = freshStore();
	await store.db.workspaces.add(workspace());
	const stored = journey();
	await store.journeyRepo.put(stored);
	const source: JourneySource = {
		get: (ws, id) => store.journeyRepo.get(ws, id),
		watch: (ws, id) => store.observe(() => store.journeyRepo.get(ws, id)),
		save: (base, mine) => store.journeyEditRepo.save(base, mine),
		history: { store: store.editHistoryRepo, key: (id) => `journey:${id}` }
	};
	const a = new JourneyEditor(source);
	const b = new JourneyEditor(source);
	await a.load(stored.workspaceId, stored.id);
	await b.load(stored.workspaceId, stored.id);
	editors.push(a, b);
	const read = async () => (await store.journeyRepo.get(stored.workspaceId, stored.id)) as Journey;
	/** The page reloaded: a new editor on the same database. */
	const reopen = async () => {
		const editor = new JourneyEditor(source);
		editors.push(editor);
		await editor.load(stored.workspaceId, stored.id);
		return editor;
	};
	return { store, a, b, read, reopen };
}

const editors: JourneyEditor[] = [];
afterEach(() => {
	for (const editor of editors.splice(0)) editor.close();
});

/** Waits until `check` passes (the live query reaches the other editor asynchronously). */
async function until(check: () => void, timeout = 2_000) {
	const started = Date.now();
	for (;;) {
		try {
			check();
			return;
		} catch (error) {
			if (Date.now() - started > timeout) throw error;
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
	}
}

describe('a full storage', () => {
	it('says storage is full, keeps the edit on screen and saves it once space is back', async () => {
		const { store, a, read } = await twoTabs();
		const full = () => {
			throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		};
		store.db.journeys.hook('updating', full);
		a.updateMeta('pay', { notes: 'written while the disk is full' });
		await a.flush();
		expect(a.saveStatus).toBe('error');
		expect(a.saveErrorKind).toBe('quota');
		expect(a.machine?.states.pay.meta.notes).toBe('written while the disk is full');
		expect((await read()).machine.states.pay.meta.notes).toBeUndefined();

		store.db.journeys.hook('updating').unsubscribe(full);
		await a.retry();
		expect(a.saveStatus).toBe('saved');
		expect(a.saveErrorKind).toBeNull();
		expect((await read()).machine.states.pay.meta.notes).toBe('written while the disk is full');
	});
});

describe('two editors on one journey', () => {
	it('keeps the edits of both when they changed different fields', async () => {
		const { a, b, read } = await twoTabs();
		a.updateMeta('pay', { label: { fr: 'Régler', en: 'Pay' } });
		b.updateMeta('pay', { channel: 'phone' });
		await a.flush();
		await b.flush();
		const stored = await read();
		expect(stored.machine.states.pay.meta).toMatchObject({ label: { fr: 'Régler', en: 'Pay' }, channel: 'phone' });
		expect(b.conflicts).toEqual([]);
		// Each shows the stored journey.
		await until(() => expect(a.machine?.states.pay.meta.channel).toBe('phone'));
		expect(b.machine?.states.pay.meta.label.fr).toBe('Régler');
	});

	it("shows the other tab's save at once and keeps its own unsaved edit of another field", async () => {
		const { a, b, read } = await twoTabs();
		b.updateMeta('browse', { notes: 'not saved yet' });
		a.updateMeta('pay', { ownerTeam: 'Billing' });
		await a.flush();
		await until(() => expect(b.machine?.states.pay.meta.ownerTeam).toBe('Billing'));
		expect(b.machine?.states.browse.meta.notes).toBe('not saved yet');
		// An undo in B takes back B's edit only, not A's.
		b.undo();
		expect(b.machine?.states.pay.meta.ownerTeam).toBe('Billing');
		expect(b.machine?.states.browse.meta.notes).toBeUndefined();
		b.redo();
		await b.flush();
		expect((await read()).machine.states.browse.meta.notes).toBe('not saved yet');
		expect((await read()).machine.states.pay.meta.ownerTeam).toBe('Billing');
	});

	it('shows a conflict when both changed one field, keeps the stored value, and writes the chosen one', async () => {
		const { a, b, read } = await twoTabs();
		a.updateMeta('pay', { channel: 'phone' });
		b.updateMeta('pay', { channel: 'email' });
		await a.flush();
		await b.flush();
		await until(() => expect(b.conflicts).toHaveLength(1));
		const [conflict] = b.conflicts;
		expect(conflict.mine.map(([, v]) => v)).toEqual(['email']);
		expect(conflict.theirs.map(([, v]) => v)).toEqual(['phone']);
		expect((await read()).machine.states.pay.meta.channel).toBe('phone');
		expect(b.machine?.states.pay.meta.channel).toBe('phone');

		b.resolve(conflict, 'mine');
		await b.flush();
		expect(b.conflicts).toEqual([]);
		expect((await read()).machine.states.pay.meta.channel).toBe('email');
		await until(() => expect(a.machine?.states.pay.meta.channel).toBe('email'));
	});

	it('keeps a field version for each field written', async () => {
		const { a, store } = await twoTabs();
		a.updateMeta('pay', { channel: 'phone' });
		await a.flush();
		const row = await store.db.journeyClocks.get(['ws-1', 'journey-billing']);
		expect(Object.keys(row?.clocks ?? {})).toEqual(['["s",["pay"],"meta","channel"]']);
	});
});

describe('the undo history across a reload', () => {
	it('undoes after a reload what was typed before it, and redoes it', async () => {
		const { a, reopen, read } = await twoTabs();
		const before = a.machine?.states.pay.meta.label.fr;
		const channel = a.machine?.states.pay.meta.channel;
		a.typeMeta('pay', 'label.fr', { label: { fr: 'P', en: 'Pay' } });
		a.typeMeta('pay', 'label.fr', { label: { fr: 'Payer', en: 'Pay' } });
		a.updateMeta('pay', { channel: 'phone' });
		await a.flush();
		a.close();

		const again = await reopen();
		expect(again.canUndo).toBe(true);
		again.undo();
		expect(again.machine?.states.pay.meta.channel).toBe(channel);
		// The keystrokes typed in a row are one step.
		again.undo();
		expect(again.machine?.states.pay.meta.label.fr).toBe(before);
		expect(again.canUndo).toBe(false);
		await again.flush();
		expect((await read()).machine.states.pay.meta.label.fr).toBe(before);

		const third = await reopen();
		expect(third.canRedo).toBe(true);
		third.redo();
		expect(third.machine?.states.pay.meta.label.fr).toBe('Payer');
	});

	it("takes in a teammate's later edit, so an undo after the reload never takes it back", async () => {
		const { a, reopen, read, store } = await twoTabs();
		const channel = a.machine?.states.pay.meta.channel;
		a.updateMeta('pay', { channel: 'phone' });
		await a.flush();
		a.close();
		// A change that came from elsewhere (the team server) after the history was kept.
		const stored = await read();
		const machine = structuredClone(stored.machine);
		machine.states.browse.meta.notes = 'from a teammate';
		await store.journeyRepo.put({ ...stored, machine });

		const again = await reopen();
		expect(again.machine?.states.browse.meta.notes).toBe('from a teammate');
		again.undo();
		expect(again.machine?.states.pay.meta.channel).toBe(channel);
		expect(again.machine?.states.browse.meta.notes).toBe('from a teammate');
	});

	it('keeps at most EDIT_HISTORY_LIMIT steps', async () => {
		const { a, store } = await twoTabs();
		for (let i = 0; i < EDIT_HISTORY_LIMIT + 5; i++) a.updateMeta('pay', { notes: `note ${i}` });
		await a.flush();
		const row = await store.editHistoryRepo.get('ws-1', 'journey:journey-billing');
		expect(row?.past).toHaveLength(EDIT_HISTORY_LIMIT);
		expect(row?.head.states.pay.meta.notes).toBe(`note ${EDIT_HISTORY_LIMIT + 4}`);
	});
});

describe('keys of new states', () => {
	it('follow the label typed into a state created in this visit, in the same undo step, and never rename older states', async () => {
		const { a, read } = await twoTabs();
		a.addStage({ fr: 'Nouvelle phase', en: '' });
		expect(a.selected).toBe('nouvelle_phase');
		a.typeMeta('nouvelle_phase', 'label.fr', { label: { fr: 'Paiement', en: '' } });
		a.typeMeta('nouvelle_phase', 'label.fr', { label: { fr: 'Paiement rejeté', en: '' } });
		a.settleKey('nouvelle_phase');
		expect(a.selected).toBe('paiement_rejete');
		expect(a.ids).toContain('paiement_rejete');
		expect(a.ids).not.toContain('nouvelle_phase');
		await a.flush();
		expect(Object.keys((await read()).machine.states)).toContain('paiement_rejete');
		// One undo takes back the typing and the key with it.
		a.undo();
		expect(a.ids).toContain('nouvelle_phase');
		expect(a.machine?.states.nouvelle_phase.meta.label.fr).toBe('Nouvelle phase');

		const before = a.ids;
		a.typeMeta('pay', 'label.fr', { label: { fr: 'Régler', en: '' } });
		a.settleKey('pay');
		expect(a.ids).toEqual(before);
	});
});
