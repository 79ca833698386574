/**
 * The team server end to end over HTTP and WebSocket, on the embedded database and on a real
 * PostgreSQL server: accounts, invitations, roles, field-level sync, catch-up, history, limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentChanges, type FieldChange } from '../lib/domain/entity-fields';
import { createDemoWorkspace } from '../lib/domain/demo';
import { HybridClock } from '../lib/domain/hlc';
import { DATABASES, Member, stopPostgres, testServer } from '../../tests/fixtures/team-server';
import type { RunningServer } from './serve';

afterAll(() => stopPostgres());

const demo = createDemoWorkspace(new Date('2026-11-02T09:00:00Z'));
const motive = demo.motives[0];

describe.each(DATABASES)('team server on %s PostgreSQL', (kind) => {
	let server: RunningServer;
	let admin: Member;
	let editor: Member;
	let viewer: Member;
	let stranger: Member;
	const clockA = new HybridClock('clientA');
	const clockB = new HybridClock('clientB');
	const workspaceId = demo.workspace.id;

	beforeAll(async () => {
		server = await testServer(kind);
		admin = await new Member(server, 'admin@example.org', 'Ada Admin').setUp();
		editor = await new Member(server, 'eddie@example.org', 'Eddie Editor').invitedBy(admin);
		viewer = await new Member(server, 'vera@example.org', 'Vera Viewer').invitedBy(admin);
		stranger = await new Member(server, 'sam@example.org', 'Sam Stranger').invitedBy(admin);
		const published = await admin.api('POST', '/api/workspaces', {
			id: workspaceId,
			name: demo.workspace.name,
			changes: contentChanges(demo, () => clockA.now())
		});
		expect(published.status).toBe(201);
		await editor.invitedBy(admin, { workspaceId, role: 'editor' });
		await viewer.invitedBy(admin, { workspaceId, role: 'viewer' });
	}, 120_000);

	afterAll(() => server?.close());

	it('the setup link works once; the administrator is signed in', async () => {
		const again = await new Member(server).api('POST', '/api/setup', {
			token: new URL(server.setupLink ?? '').searchParams.get('token'),
			email: 'mallory@example.org',
			name: 'Mallory',
			password: 'another long password'
		});
		expect(again.status).toBe(404);
		const session = await admin.api<{ user: { email: string; isAdmin: boolean } }>('GET', '/api/session');
		expect(session.body.user).toMatchObject({ email: 'admin@example.org', isAdmin: true });
	});

	it('lists the workspace with each member’s role, and hides it from others', async () => {
		expect((await editor.api<{ workspaces: unknown[] }>('GET', '/api/workspaces')).body.workspaces).toEqual([
			{ workspaceId, name: demo.workspace.name, role: 'editor' }
		]);
		expect((await stranger.api<{ workspaces: unknown[] }>('GET', '/api/workspaces')).body.workspaces).toEqual([]);
		// A non-member cannot tell a workspace that exists from one that does not.
		const hidden = await stranger.api('GET', `/api/workspaces/${workspaceId}`);
		const missing = await stranger.api('GET', '/api/workspaces/no-such-workspace');
		expect([hidden.status, missing.status]).toEqual([404, 404]);
		expect(hidden.body).toEqual(missing.body);
	});

	it('serves every field of the published workspace to a member who catches up from zero', async () => {
		const { body } = await viewer.api<{ seq: number; changes: FieldChange[] }>('GET', `/api/workspaces/${workspaceId}/changes?since=0`);
		const label = body.changes.find((c) => c.entity === 'motives' && c.id === motive.id && c.field === 'label.fr');
		expect(label?.value).toBe(motive.label.fr);
		expect(body.changes.filter((c) => c.entity === 'motives' && c.field === '$deleted')).toHaveLength(demo.motives.length);
		// JSON null (a root theme's parent) stays a value, apart from an absent field.
		const root = demo.themes.find((t) => t.parentId === null);
		expect(body.changes.find((c) => c.entity === 'themes' && c.id === root?.id && c.field === 'parentId')).toHaveProperty('value', null);
	});

	it('keeps both edits when two people change two fields of one motive (last writer wins per field)', async () => {
		const a = await editor.api('POST', `/api/workspaces/${workspaceId}/changes`, {
			changes: [{ entity: 'motives', id: motive.id, field: 'treatment.procedure', value: 'Vérifier la facture, puis rappeler', hlc: clockA.now() }]
		});
		const b = await admin.api('POST', `/api/workspaces/${workspaceId}/changes`, {
			changes: [{ entity: 'motives', id: motive.id, field: 'owner', value: 'Claire', hlc: clockB.now() }]
		});
		expect([a.status, b.status]).toEqual([200, 200]);
		// An older write of one field loses to the newer one, whatever the order they arrive in.
		const older = { entity: 'motives', id: motive.id, field: 'owner', value: 'Old owner', hlc: '0000000000001-000000-clientC' };
		const late = await editor.api<{ applied: number }>('POST', `/api/workspaces/${workspaceId}/changes`, { changes: [older] });
		expect(late.body.applied).toBe(0);
		const { body } = await viewer.api<{ changes: FieldChange[] }>('GET', `/api/workspaces/${workspaceId}/changes?since=0`);
		const field = (name: string) => body.changes.find((c) => c.entity === 'motives' && c.id === motive.id && c.field === name)?.value;
		expect(field('treatment.procedure')).toBe('Vérifier la facture, puis rappeler');
		expect(field('owner')).toBe('Claire');
	});

	it('keeps both edits when two people change two steps of one guide, and refuses a step the model does not know', async () => {
		const guide = demo.guides[0];
		const lookFor = '["s",["rejet"],"meta","step","lookFor"]';
		const question = '["s",["compte"],"meta","step","text","fr"]';
		const a = await editor.api('POST', `/api/workspaces/${workspaceId}/changes`, {
			changes: [{ entity: 'guides', id: guide.id, field: lookFor, value: 'Le motif du rejet et la date', hlc: clockA.now() }]
		});
		const b = await admin.api('POST', `/api/workspaces/${workspaceId}/changes`, {
			changes: [{ entity: 'guides', id: guide.id, field: question, value: 'Le client a-t-il changé de banque ?', hlc: clockB.now() }]
		});
		expect([a.status, b.status]).toEqual([200, 200]);
		const { body } = await viewer.api<{ changes: FieldChange[] }>('GET', `/api/workspaces/${workspaceId}/changes?since=0`);
		const field = (name: string) => body.changes.find((c) => c.entity === 'guides' && c.id === guide.id && c.field === name)?.value;
		expect(field(lookFor)).toBe('Le motif du rejet et la date');
		expect(field(question)).toBe('Le client a-t-il changé de banque ?');
		const refused = await editor.api('POST', `/api/workspaces/${workspaceId}/changes`, {
			changes: [{ entity: 'guides', id: guide.id, field: '["s",["compte"],"meta","step","kind"]', value: 'guess', hlc: clockA.now() }]
		});
		expect(refused.status).toBe(400);
	});

	it('counts a change sent twice once', async () => {
		const change = { entity: 'motives', id: motive.id, field: 'description', value: 'Sent twice', hlc: clockA.now() };
		const first = await editor.api<{ applied: number; duplicates: number }>('POST', `/api/workspaces/${workspaceId}/changes`, { changes: [change] });
		const second = await editor.api<{ applied: number; duplicates: number }>('POST', `/api/workspaces/${workspaceId}/changes`, { changes: [change] });
		expect(first.body).toMatchObject({ applied: 1, duplicates: 0 });
		expect(second.body).toMatchObject({ applied: 0, duplicates: 1 });
		const { body } = await admin.api<{ entries: unknown[] }>('GET', `/api/workspaces/${workspaceId}/history?entity=motives&entity_id=${motive.id}`);
		expect(body.entries.filter((e) => (e as { value?: unknown }).value === 'Sent twice')).toHaveLength(1);
	});

	it('refuses a batch that would make an entity invalid, with the reason, and applies none of it', async () => {
		const before = (await viewer.api<{ seq: number }>('GET', `/api/workspaces/${workspaceId}/changes?since=0`)).body.seq;
		const refused = await editor.api<{ error: string; issues: { path: string }[] }>('POST', `/api/workspaces/${workspaceId}/changes`, {
			changes: [
				{ entity: 'motives', id: motive.id, field: 'owner', value: 'Would be lost', hlc: clockA.now() },
				{ entity: 'motives', id: motive.id, field: 'complex', value: 'not a boolean', hlc: clockA.now() }
			]
		});
		expect(refused.status).toBe(400);
		expect(refused.body.issues.map((i) => i.path)).toContain(`motives["${motive.id}"].complex`);
		const after = await viewer.api<{ seq: number; changes: FieldChange[] }>('GET', `/api/workspaces/${workspaceId}/changes?since=${before}`);
		expect(after.body.seq).toBe(before);
		expect(after.body.changes).toEqual([]);
	});

	it('never takes the pseudonym key', async () => {
		const refused = await editor.api('POST', `/api/workspaces/${workspaceId}/changes`, {
			changes: [{ entity: 'workspace', id: workspaceId, field: 'pseudonymKey', value: 'a'.repeat(64), hlc: clockA.now() }]
		});
		expect(refused.status).toBe(400);
	});

	it('lets a viewer read and refuses their writes', async () => {
		expect((await viewer.api('GET', `/api/workspaces/${workspaceId}/history`)).status).toBe(200);
		const write = await viewer.api('POST', `/api/workspaces/${workspaceId}/changes`, {
			changes: [{ entity: 'motives', id: motive.id, field: 'owner', value: 'Vera', hlc: clockA.now() }]
		});
		expect(write.status).toBe(403);
		expect((await viewer.api('PUT', `/api/workspaces/${workspaceId}/members/${viewer.user?.id}`, { role: 'owner' })).status).toBe(403);
	});

	it('keeps the figures and journey overlays an editor publishes, for every member to read', async () => {
		const overlays = { [demo.journeys[0].id]: { states: { compte: { demands: 12, fcr: 0.75 } }, transitions: [] } };
		expect((await editor.api('PUT', `/api/workspaces/${workspaceId}/aggregates/d-mars`, { name: 'Mars', figures: { fcr: 0.7 }, overlays })).status).toBe(200);
		const read = await viewer.api<{ aggregates: { datasetId: string; figures: unknown; overlays: unknown; publishedBy: string }[] }>(
			'GET',
			`/api/workspaces/${workspaceId}/aggregates`
		);
		expect(read.body.aggregates.find((a) => a.datasetId === 'd-mars')).toMatchObject({ figures: { fcr: 0.7 }, overlays, publishedBy: 'Eddie Editor' });
		expect((await viewer.api('PUT', `/api/workspaces/${workspaceId}/aggregates/d-mars`, { name: 'Mars', figures: {} })).status).toBe(403);
	});

	it('delivers a write to the other members connected within a second, with who made it', async () => {
		const watching = await viewer.live(workspaceId);
		const writing = await editor.live(workspaceId);
		await watching.next((m) => m.type === 'presence' && (m.members as unknown[]).length === 2);
		const started = performance.now();
		writing.push('r1', [{ entity: 'motives', id: motive.id, field: 'dataFlows', value: 'CRM → facturation', hlc: clockA.now() }]);
		const received = await watching.next((m) => m.type === 'changes');
		expect(performance.now() - started).toBeLessThan(1000);
		expect(received).toMatchObject({ by: { name: 'Eddie Editor' }, changes: [{ field: 'dataFlows', value: 'CRM → facturation' }] });
		expect(await writing.next((m) => m.type === 'ack' && m.ref === 'r1')).toMatchObject({ duplicates: 0 });
		// The writer is not sent its own change back.
		expect(writing.received.some((m) => m.type === 'changes')).toBe(false);
		// A viewer's push over the live connection is refused too.
		watching.push('r2', [{ entity: 'motives', id: motive.id, field: 'owner', value: 'Vera', hlc: clockB.now() }]);
		expect(await watching.next((m) => m.type === 'refused' && m.ref === 'r2')).toBeTruthy();
		watching.close();
		writing.close();
	});

	it('refuses a live connection from another site and from a non-member', async () => {
		await expect(editor.live(workspaceId, 'http://evil.example')).rejects.toThrow(/403/);
		await expect(stranger.live(workspaceId)).rejects.toThrow(/404/);
	});

	it('refuses writes from another site (CSRF), oversized bodies and bad JSON, with no stack trace', async () => {
		const cross = await editor.api('POST', `/api/workspaces/${workspaceId}/changes`, { changes: [] }, { origin: 'http://evil.example' });
		expect(cross.status).toBe(403);
		const huge = await editor.api('POST', `/api/workspaces/${workspaceId}/changes`, `{"changes":"${'x'.repeat(17 * 1024 * 1024)}"}`);
		expect(huge.status).toBe(413);
		const bad = await editor.api('POST', `/api/workspaces/${workspaceId}/changes`, '{"changes": [');
		expect(bad.status).toBe(400);
		for (const answer of [cross, huge, bad]) expect(JSON.stringify(answer.body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
	});

	it('limits failed sign-ins per account', async () => {
		const someone = new Member(server, 'eddie@example.org');
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) statuses.push((await someone.api('POST', '/api/sign-in', { email: 'eddie@example.org', password: `wrong ${i}` })).status);
		expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
		// Even the right password waits out the window.
		const right = await someone.api('POST', '/api/sign-in', { email: 'eddie@example.org', password: 'correct horse battery' });
		expect(right.status).toBe(429);
		expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
	});

	it('uses an invitation once', async () => {
		const made = await admin.api<{ token: string }>('POST', '/api/invites', { workspaceId, role: 'viewer' });
		const first = await new Member(server).api('POST', `/api/invites/${made.body.token}/accept`, {
			email: 'first@example.org', name: 'First', password: 'a long enough password'
		});
		const second = await new Member(server).api('POST', `/api/invites/${made.body.token}/accept`, {
			email: 'second@example.org', name: 'Second', password: 'a long enough password'
		});
		expect([first.status, second.status]).toEqual([201, 404]);
	});

	it('refuses an expired invitation', async () => {
		const made = await admin.api<{ token: string }>('POST', '/api/invites', { workspaceId, role: 'viewer' });
		await server.db.query("update invites set expires_at = now() - interval '1 minute' where used_at is null");
		expect((await new Member(server).api('GET', `/api/invites/${made.body.token}`)).status).toBe(404);
		const accept = await new Member(server).api('POST', `/api/invites/${made.body.token}/accept`, {
			email: 'late@example.org', name: 'Late', password: 'a long enough password'
		});
		expect(accept.status).toBe(404);
	});

	it('signs out, and changes a password (the old one stops working)', async () => {
		const member = await new Member(server, 'pat@example.org', 'Pat').invitedBy(admin);
		expect((await member.api('POST', '/api/password', { current: member.password, password: 'a brand new password' })).status).toBe(200);
		expect((await member.api('POST', '/api/sign-out')).status).toBe(200);
		member.cookie = '';
		expect((await member.api('GET', '/api/workspaces')).status).toBe(401);
		expect((await member.api('POST', '/api/sign-in', { email: 'pat@example.org', password: member.password })).status).toBe(401);
		expect((await member.api('POST', '/api/sign-in', { email: 'pat@example.org', password: 'a brand new password' })).status).toBe(200);
	});
});
