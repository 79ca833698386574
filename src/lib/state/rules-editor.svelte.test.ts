import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contactRule, journey, WS } from '$lib/domain/test-factories';
import type { Id, MappingRule } from '$lib/domain/types';
import { RULES_AUTOSAVE_MS, RuleDrafts, type RuleStore } from './rules-editor.svelte';

const roots: (() => void)[] = [];
beforeEach(() => vi.useFakeTimers());
afterEach(() => {
	roots.splice(0).forEach((end) => end());
	vi.useRealTimers();
});

/** A store that keeps what it is given, and fails while `failing` is set. */
function memoryStore() {
	const saved: MappingRule[][] = [];
	const removed: Id[] = [];
	const state = { failing: false };
	const store: RuleStore = {
		async save(rules) {
			if (state.failing) throw new Error('storage full');
			saved.push(rules);
		},
		async remove(_workspaceId, id) {
			if (state.failing) throw new Error('storage full');
			removed.push(id);
		}
	};
	return { store, saved, removed, state };
}

function draftsOf(rules: MappingRule[], store: RuleStore) {
	const shown = journey();
	let drafts!: RuleDrafts;
	roots.push(
		$effect.root(() => {
			drafts = new RuleDrafts({ workspaceId: () => WS, journeyId: () => shown.id, journey: () => shown }, { ready: true, rules }, store);
		})
	);
	flushSync();
	return drafts;
}

const settle = () => vi.advanceTimersByTimeAsync(RULES_AUTOSAVE_MS);

describe('RuleDrafts', () => {
	it('takes the stored rules once read, and saves the edits a moment after the last one', async () => {
		const { store, saved } = memoryStore();
		const drafts = draftsOf([contactRule()], store);
		expect(drafts.loaded).toBe(true);
		expect(drafts.drafts.map((r) => r.id)).toEqual(['rule-1']);
		drafts.setContact(0, 'motive', ' FAC-02 ');
		drafts.setContact(0, 'channel', 'phone');
		expect(drafts.autosave.status).toBe('saving');
		await settle();
		expect(saved).toHaveLength(1);
		expect(saved[0][0].kind === 'contact' && saved[0][0].match).toEqual({ motive: 'FAC-02', channel: 'phone' });
		expect(drafts.autosave.status).toBe('saved');
	});

	it('adds a rule sent to the initial state, moves it, and deletes a removed rule with the next save', async () => {
		const { store, saved, removed } = memoryStore();
		const drafts = draftsOf([contactRule()], store);
		const added = drafts.add({ kind: 'web', match: { page: '/factures/**', syntax: 'glob' } });
		expect(added.stateId).toBe(journey().machine.initial);
		expect(drafts.move(1, -1)?.id).toBe(added.id);
		expect(drafts.drafts.map((r) => [r.id, r.order])).toEqual([[added.id, 0], ['rule-1', 1]]);
		drafts.remove(1);
		expect(removed).toEqual([]);
		await settle();
		expect(removed).toEqual(['rule-1']);
		expect(saved.at(-1)?.map((r) => r.id)).toEqual([added.id]);
	});

	it('writes the rules that compile and says how many do not', async () => {
		const { store, saved } = memoryStore();
		const drafts = draftsOf([contactRule()], store);
		drafts.add({ kind: 'web', match: { page: '(a', syntax: 'regex' } });
		await settle();
		expect(saved.at(-1)?.map((r) => r.id)).toEqual(['rule-1']);
		expect(drafts.problems.size).toBe(1);
		expect(drafts.autosave.status).toBe('error');
		expect(drafts.autosave.error).toMatch(/1/);
	});

	it('keeps a failed save waiting, and writes it once the store takes it again', async () => {
		const { store, saved, removed, state } = memoryStore();
		const drafts = draftsOf([contactRule(), contactRule({ id: 'rule-2', order: 1 })], store);
		state.failing = true;
		drafts.remove(0);
		await settle();
		expect(drafts.autosave.status).toBe('error');
		expect(drafts.autosave.error).toBe('storage full');
		state.failing = false;
		await drafts.autosave.flush();
		expect(removed).toEqual(['rule-1']);
		expect(saved.at(-1)?.map((r) => [r.id, r.order])).toEqual([['rule-2', 0]]);
		expect(drafts.autosave.status).toBe('saved');
	});

	it('holds back a new contact rule naming no field, which would take every contact, and keeps a stored one', async () => {
		const { store, saved } = memoryStore();
		const drafts = draftsOf([contactRule({ match: {} })], store);
		const added = drafts.add({ kind: 'contact' });
		expect([...drafts.incomplete]).toEqual([added.id]);
		expect(drafts.effective.map((r) => r.id)).toEqual(['rule-1']);
		await settle();
		expect(saved.at(-1)?.map((r) => r.id)).toEqual(['rule-1']);
		drafts.setContact(1, 'motive', 'FAC-02');
		expect(drafts.incomplete.size).toBe(0);
		await settle();
		expect(saved.at(-1)?.map((r) => r.id)).toEqual(['rule-1', added.id]);
	});

	it('adds the reviewed proposals, each sent to its own state', async () => {
		const { store, saved } = memoryStore();
		const drafts = draftsOf([], store);
		drafts.addAll([
			{ stateId: 'pay', match: { motive: 'FAC-01' } },
			{ stateId: 'done', match: { motive: 'FAC-02' } }
		]);
		await settle();
		expect(saved.at(-1)?.map((r) => [r.stateId, r.order, r.kind === 'contact' && r.match.motive])).toEqual([
			['pay', 0, 'FAC-01'],
			['done', 1, 'FAC-02']
		]);
	});
});
