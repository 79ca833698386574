// A fake IndexedDB for the app's database, set before `$lib/db` is first imported.
import { dataset } from '$lib/db/test-store';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { db } from '$lib/db';
import { guide, motive, theme, workspace, WS } from '$lib/domain/test-factories';
import { GuideCoverageState } from './guide-coverage.svelte';
import { WorkspaceData } from './workspace.svelte';
import { until } from '../../../tests/runes/until';
import { memoryStorage } from '../../../tests/fixtures/storage';

// The engine runs in a worker in the app; here it answers an analysis by motive as the worker would.
const engineCalls = vi.hoisted(() => ({ analyze: vi.fn() }));
vi.mock('./engine.svelte', async (importOriginal) => {
	const original = await importOriginal<typeof import('./engine.svelte')>();
	return { ...original, engine: { analyze: engineCalls.analyze } };
});

const roots: (() => void)[] = [];
beforeEach(async () => {
	vi.stubGlobal('localStorage', memoryStorage());
	engineCalls.analyze.mockReset();
	// 20 contacts: the debit motive 5, the bill motive 12, a code the catalogue does not know 3.
	engineCalls.analyze.mockResolvedValue({ contacts: 20, by: { motive: { debit: { contacts: 5 }, bill: { contacts: 12 }, OTHER: { contacts: 3 } } } });
	await db.delete();
	await db.open();
	await db.workspaces.add(workspace());
	await db.themes.add(theme());
	await db.motives.bulkAdd([
		motive({ id: 'debit', crmCodes: ['PREL'], prevalence: 0.1 }),
		motive({ id: 'bill', crmCodes: ['BILL'], prevalence: 0.3 })
	]);
	await db.guides.add(guide({ id: 'g-debit', motiveId: 'debit' }));
});
afterEach(() => {
	roots.splice(0).forEach((end) => end());
	vi.unstubAllGlobals();
});

function coverageState() {
	let state!: GuideCoverageState;
	roots.push(
		$effect.root(() => {
			state = new GuideCoverageState(() => WS, new WorkspaceData(() => WS));
		})
	);
	flushSync();
	return state;
}

it('reads the estimated prevalence while the workspace has no contact log, and asks the engine nothing', async () => {
	const state = coverageState();
	// Not "estimated" before the store has said there is no contact log.
	expect(state.measuring).toBe(true);
	await until(() => {
		expect(state.measuring).toBe(false);
		expect(state.coverage).toMatchObject({ share: 0.1, basis: 'estimated', motives: 2, guidedMotives: 1 });
	});
	expect(engineCalls.analyze).not.toHaveBeenCalled();
});

it('measures the share on the latest contact log: the guided motive’s contacts over all of them', async () => {
	await db.datasets.add(dataset(WS, 'log', { importedAt: '2026-02-01T00:00:00.000Z', dictionaries: { motives: ['PREL', 'BILL', 'OTHER'] } }));
	const state = coverageState();
	// 5 of 20 contacts are about the guided motive: 25 %, whatever the estimates say.
	await until(() => expect(state.coverage).toMatchObject({ share: 0.25, basis: 'measured', guidedMotives: 1 }));
	expect(state.measuring).toBe(false);
	expect(engineCalls.analyze).toHaveBeenCalledWith(WS, expect.objectContaining({ datasetId: 'log', by: ['motive'] }), expect.anything());
});
