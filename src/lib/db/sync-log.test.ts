import { describe, expect, it } from 'vitest';
import { createDemoWorkspace } from '$lib/domain/demo';
import { contentChanges, type FieldChange } from '$lib/domain/entity-fields';
import { HybridClock } from '$lib/domain/hlc';
import { acknowledge, applyRemote, forgetShared, localClock, markShared, outbox } from './sync-log';
import { freshStore } from './test-store';

/** A local workspace (the demo's content), shared: its fields versioned, its outbox empty. */
async function sharedDemo() {
	const store = freshStore();
	const workspace = await store.workspaceRepo.importContent(createDemoWorkspace(new Date('2026-11-02T09:00:00Z')));
	const content = await store.workspaceRepo.exportContent(workspace.id);
	await markShared(store.db, { workspaceId: workspace.id, seq: 1, role: 'editor', userId: 'u1' }, contentChanges(content, () => localClock.now()));
	return { ...store, workspace, content };
}

const other = new HybridClock('otherclient');

describe('recording local edits of a shared workspace', () => {
	it('queues nothing for a workspace that is not shared', async () => {
		const store = freshStore();
		const workspace = await store.workspaceRepo.importContent(createDemoWorkspace());
		const [motive] = await store.motiveRepo.list(workspace.id);
		await store.motiveRepo.put({ ...motive, owner: 'Claire' });
		expect(await outbox(store.db, workspace.id)).toEqual([]);
	});

	it('queues exactly the fields an edit changed, with clocks, in the same transaction as the edit', async () => {
		const { db, motiveRepo, workspace } = await sharedDemo();
		const [motive] = await motiveRepo.list(workspace.id);
		await motiveRepo.put({ ...motive, owner: 'Claire', label: { ...motive.label, fr: 'Nouveau libellé' } });
		const queued = (await outbox(db, workspace.id)).map((r) => r.change);
		expect(queued.map((c) => [c.entity, c.id, c.field, c.value])).toEqual([
			['motives', motive.id, 'label.fr', 'Nouveau libellé'],
			['motives', motive.id, 'owner', 'Claire']
		]);
		const clocks = await db.fieldClocks.get([workspace.id, 'motives', motive.id]);
		expect(clocks?.clocks.owner).toBe(queued[1].hlc);
	});

	it('queues the presentation deck as one field of the workspace', async () => {
		const { db, workspaceRepo, workspace } = await sharedDemo();
		const deck = [{ id: 'v1', kind: 'trend' as const, title: 'Tendance' }];
		await workspaceRepo.update(workspace.id, { deck });
		const queued = (await outbox(db, workspace.id)).map((r) => r.change);
		expect(queued.map((c) => [c.entity, c.id, c.field, c.value])).toEqual([['workspace', workspace.id, 'deck', deck]]);
	});

	it('queues a tombstone for a deletion and a whole entity for a creation', async () => {
		const { db, articleRepo, workspace } = await sharedDemo();
		const [article] = await articleRepo.list(workspace.id);
		await articleRepo.remove(workspace.id, article.id);
		const queued = (await outbox(db, workspace.id)).map((r) => r.change);
		expect(queued.some((c) => c.entity === 'articles' && c.id === article.id && c.field === '$deleted' && c.value === true)).toBe(true);
		const rows = await outbox(db, workspace.id);
		await acknowledge(db, rows.map((r) => r.n as number));
		await articleRepo.put({ ...article, id: 'a-new', title: 'Nouvel article' });
		const created = (await outbox(db, workspace.id)).map((r) => r.change);
		expect(created[0]).toMatchObject({ entity: 'articles', id: 'a-new', field: '$deleted', value: false });
		expect(created.find((c) => c.field === 'title')?.value).toBe('Nouvel article');
	});
});

describe('applying changes from the server', () => {
	it('takes a newer value, leaves an older one, and does not echo them to the outbox', async () => {
		const { db, motiveRepo, workspace } = await sharedDemo();
		const [motive] = await motiveRepo.list(workspace.id);
		const newer: FieldChange = { entity: 'motives', id: motive.id, field: 'treatment.procedure', value: 'Rappeler sous 24 h', hlc: other.now() };
		const older: FieldChange = { entity: 'motives', id: motive.id, field: 'owner', value: 'Ancien', hlc: '0000000000001-000000-old' };
		expect(await applyRemote(db, workspace.id, [newer, older], 7)).toBe(1);
		const stored = await motiveRepo.get(workspace.id, motive.id);
		expect(stored?.treatment.procedure).toBe('Rappeler sous 24 h');
		expect(stored?.owner).toBe(motive.owner);
		expect(await outbox(db, workspace.id)).toEqual([]);
		expect((await db.shared.get(workspace.id))?.seq).toBe(7);
		// The same change again counts once.
		expect(await applyRemote(db, workspace.id, [newer], 7)).toBe(0);
	});

	it('keeps a local edit made later than the server’s value of the same field', async () => {
		const { db, motiveRepo, workspace } = await sharedDemo();
		const [motive] = await motiveRepo.list(workspace.id);
		const theirs: FieldChange = { entity: 'motives', id: motive.id, field: 'owner', value: 'Theirs', hlc: other.now() };
		localClock.receive(theirs.hlc);
		await motiveRepo.put({ ...motive, owner: 'Mine' });
		await applyRemote(db, workspace.id, [theirs], 8);
		expect((await motiveRepo.get(workspace.id, motive.id))?.owner).toBe('Mine');
	});

	it('deletes on a tombstone and creates an entity received whole', async () => {
		const { db, articleRepo, workspace, content } = await sharedDemo();
		const [article] = content.articles;
		await applyRemote(db, workspace.id, [{ entity: 'articles', id: article.id, field: '$deleted', value: true, hlc: other.now() }], 9);
		expect(await articleRepo.get(workspace.id, article.id)).toBeUndefined();
		const created = contentChanges({ ...content, articles: [{ ...article, id: 'a-remote', title: 'Reçu' }] }, () => other.now()).filter(
			(c) => c.id === 'a-remote'
		);
		await applyRemote(db, workspace.id, created, 10);
		expect((await articleRepo.get(workspace.id, 'a-remote'))?.title).toBe('Reçu');
	});

	it('keeps the part of a new entity that arrives first until the rest comes', async () => {
		const { db, articleRepo, workspace, content } = await sharedDemo();
		const whole = contentChanges({ ...content, articles: [{ ...content.articles[0], id: 'a-split' }] }, () => other.now()).filter(
			(c) => c.id === 'a-split'
		);
		await applyRemote(db, workspace.id, whole.slice(0, 3), 11);
		expect(await articleRepo.get(workspace.id, 'a-split')).toBeUndefined();
		await applyRemote(db, workspace.id, whole.slice(3), 12);
		expect((await articleRepo.get(workspace.id, 'a-split'))?.title).toBe(content.articles[0].title);
	});

	it('builds a whole workspace from nothing (a member opening a shared workspace)', async () => {
		const { db, workspace, content } = await sharedDemo();
		const member = freshStore();
		await member.db.shared.put({ workspaceId: workspace.id, seq: 0, role: 'viewer', userId: 'u2' });
		await applyRemote(member.db, workspace.id, contentChanges(content, () => other.now()), 3);
		const copy = await member.workspaceRepo.exportContent(workspace.id);
		expect(copy.motives).toEqual(content.motives);
		expect(copy.journeys.map((j) => j.machine)).toEqual(content.journeys.map((j) => j.machine));
		expect(copy.workspace.name).toBe(content.workspace.name);
		expect(await outbox(member.db, workspace.id)).toEqual([]);
		void db;
	});

	it('refuses a viewer’s local edits, and still applies the server’s', async () => {
		const { db, motiveRepo, workspace } = await sharedDemo();
		await db.shared.update(workspace.id, { role: 'viewer' });
		const [motive] = await motiveRepo.list(workspace.id);
		await expect(motiveRepo.put({ ...motive, owner: 'Viewer' })).rejects.toMatchObject({ kind: 'readOnly' });
		expect((await motiveRepo.get(workspace.id, motive.id))?.owner).toBe(motive.owner);
		await applyRemote(db, workspace.id, [{ entity: 'motives', id: motive.id, field: 'owner', value: 'Editor', hlc: other.now() }], 20);
		expect((await motiveRepo.get(workspace.id, motive.id))?.owner).toBe('Editor');
	});

	it('forgets a shared workspace: no more recording, nothing queued left', async () => {
		const { db, motiveRepo, workspace } = await sharedDemo();
		const [motive] = await motiveRepo.list(workspace.id);
		await motiveRepo.put({ ...motive, owner: 'Claire' });
		await forgetShared(db, workspace.id);
		await motiveRepo.put({ ...motive, owner: 'Other' });
		expect(await outbox(db, workspace.id)).toEqual([]);
	});
});
