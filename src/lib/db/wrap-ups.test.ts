import { describe, expect, it } from 'vitest';
import { createDemoWorkspace } from '$lib/domain/demo';
import { contentChanges } from '$lib/domain/entity-fields';
import { ValidationError } from '$lib/domain/issues';
import { wrapUpFromRun, type WrapUp } from '$lib/domain/wrap-up';
import { localClock, markShared, outbox } from './sync-log';
import { dataset, freshStore } from './test-store';

function wrapUp(workspaceId: string, id: string, endedAt: string): WrapUp {
	return wrapUpFromRun({
		id,
		workspaceId,
		customerId: 'C1',
		motive: { id: 'm1', crmCodes: ['PAI-PREL'] },
		outcome: 'transferred',
		startedAt: '2026-03-02T09:00:00Z',
		endedAt,
		channel: 'phone',
		path: ['identify', 'transfer']
	});
}

async function storeWithWorkspace() {
	const store = freshStore();
	const workspace = await store.workspaceRepo.importContent(createDemoWorkspace(new Date('2026-11-02T09:00:00Z')));
	return { ...store, workspace };
}

describe('the wrap-up log in the browser store', () => {
	it('lists a workspace’s wrap-ups, the latest ended first, whatever the offset they were written with', async () => {
		const { wrapUpRepo, workspace } = await storeWithWorkspace();
		await wrapUpRepo.add(wrapUp(workspace.id, 'w1', '2026-03-02T09:30:00Z'));
		// 11:10 in Paris is 10:10 UTC: after w1, before w3.
		await wrapUpRepo.add(wrapUp(workspace.id, 'w2', '2026-03-02T11:10:00+01:00'));
		await wrapUpRepo.add(wrapUp(workspace.id, 'w3', '2026-03-02T10:20:00Z'));
		const listed = await wrapUpRepo.list(workspace.id);
		expect(listed.map((w) => [w.id, w.endedAt])).toEqual([
			['w3', '2026-03-02T10:20:00.000Z'],
			['w2', '2026-03-02T10:10:00.000Z'],
			['w1', '2026-03-02T09:30:00.000Z']
		]);
		await wrapUpRepo.remove(workspace.id, 'w2');
		expect((await wrapUpRepo.list(workspace.id)).map((w) => w.id)).toEqual(['w3', 'w1']);
	});

	it('refuses an invalid wrap-up and one of a workspace that does not exist, writing nothing', async () => {
		const { wrapUpRepo, workspace } = await storeWithWorkspace();
		await expect(wrapUpRepo.add({ ...wrapUp(workspace.id, 'w1', '2026-03-02T09:30:00Z'), customerId: '' })).rejects.toBeInstanceOf(ValidationError);
		await expect(wrapUpRepo.add(wrapUp('nowhere', 'w1', '2026-03-02T09:30:00Z'))).rejects.toThrow(/workspace "nowhere" does not exist/);
		expect(await wrapUpRepo.list(workspace.id)).toEqual([]);
		expect(await wrapUpRepo.list('nowhere')).toEqual([]);
	});

	it('clears one workspace’s log only, and leaves the workspace’s last change as it was', async () => {
		const { wrapUpRepo, workspaceRepo, workspace } = await storeWithWorkspace();
		const other = await workspaceRepo.create({ name: 'Autre' });
		await wrapUpRepo.add(wrapUp(workspace.id, 'w1', '2026-03-02T09:30:00Z'));
		await wrapUpRepo.add(wrapUp(other.id, 'w1', '2026-03-02T09:30:00Z'));
		await wrapUpRepo.clear(workspace.id);
		expect(await wrapUpRepo.list(workspace.id)).toEqual([]);
		expect(await wrapUpRepo.list(other.id)).toHaveLength(1);
		expect((await workspaceRepo.get(workspace.id))?.updatedAt).toBe(workspace.updatedAt);
	});

	it('goes with its workspace when the workspace is deleted, with the datasets', async () => {
		const { db, wrapUpRepo, workspaceRepo, workspace } = await storeWithWorkspace();
		const other = await workspaceRepo.create({ name: 'Autre' });
		await db.datasets.add(dataset(workspace.id, 'd1'));
		await wrapUpRepo.add(wrapUp(workspace.id, 'w1', '2026-03-02T09:30:00Z'));
		await wrapUpRepo.add(wrapUp(other.id, 'w2', '2026-03-02T09:30:00Z'));
		await workspaceRepo.remove(workspace.id);
		expect(await db.wrapups.where('workspaceId').equals(workspace.id).count()).toBe(0);
		expect(await db.datasets.where('workspaceId').equals(workspace.id).count()).toBe(0);
		expect((await wrapUpRepo.list(other.id)).map((w) => w.id)).toEqual(['w2']);
	});

	it('is neither in the workspace file nor sent to the team server, nor copied with the workspace', async () => {
		const { db, wrapUpRepo, workspaceRepo, workspace } = await storeWithWorkspace();
		const content = await workspaceRepo.exportContent(workspace.id);
		await markShared(db, { workspaceId: workspace.id, seq: 1, role: 'editor', userId: 'u1' }, contentChanges(content, () => localClock.now()));
		const queued = (await outbox(db, workspace.id)).length;
		await wrapUpRepo.add(wrapUp(workspace.id, 'w1', '2026-03-02T09:30:00Z'));
		await wrapUpRepo.clear(workspace.id);
		await wrapUpRepo.add(wrapUp(workspace.id, 'w2', '2026-03-02T09:30:00Z'));
		expect(await outbox(db, workspace.id)).toHaveLength(queued);
		expect(JSON.stringify(await workspaceRepo.exportContent(workspace.id))).not.toContain('w2');
		expect(await wrapUpRepo.list(workspace.id)).toHaveLength(1);
		const copy = await workspaceRepo.duplicate(workspace.id, 'Copie');
		expect(await wrapUpRepo.list(copy.id)).toEqual([]);
	});
});
