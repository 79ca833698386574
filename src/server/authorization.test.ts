/**
 * Every workspace route of the team server against every kind of caller: signed out (401), not a
 * member (404, the same answer whether the workspace exists or not), a role below the route's
 * (403), and the roles it allows (2xx).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentChanges } from '../lib/domain/entity-fields';
import { HybridClock } from '../lib/domain/hlc';
import { content } from '../lib/domain/test-factories';
import { DATABASES, Member, stopPostgres, testServer } from '../../tests/fixtures/team-server';
import type { Role } from './accounts';
import type { RunningServer } from './serve';

afterAll(() => stopPostgres());

type Caller = Role | 'non-member' | 'signed-out';
const CALLERS: Caller[] = ['owner', 'editor', 'viewer', 'non-member', 'signed-out'];
const RANK: Record<Role, number> = { viewer: 0, editor: 1, owner: 2 };

interface Route {
	method: string;
	path: (ws: string, target: string) => string;
	body?: (clock: HybridClock, ws: string) => unknown;
	needs: Role;
	/** Destroys what it acts on: run on a workspace (and target) of its own. */
	destructive?: boolean;
}

const ROUTES: Route[] = [
	{ method: 'GET', path: (ws) => `/api/workspaces/${ws}`, needs: 'viewer' },
	{ method: 'GET', path: (ws) => `/api/workspaces/${ws}/changes?since=0`, needs: 'viewer' },
	{
		method: 'POST',
		path: (ws) => `/api/workspaces/${ws}/changes`,
		body: (clock, ws) => ({ changes: [{ entity: 'motives', id: content(ws).motives[0].id, field: 'owner', value: 'x', hlc: clock.now() }] }),
		needs: 'editor'
	},
	{ method: 'GET', path: (ws) => `/api/workspaces/${ws}/history`, needs: 'viewer' },
	{ method: 'GET', path: (ws) => `/api/workspaces/${ws}/members`, needs: 'viewer' },
	{ method: 'PUT', path: (ws, target) => `/api/workspaces/${ws}/members/${target}`, body: () => ({ role: 'viewer' }), needs: 'owner' },
	{ method: 'DELETE', path: (ws, target) => `/api/workspaces/${ws}/members/${target}`, needs: 'owner', destructive: true },
	{ method: 'GET', path: (ws) => `/api/workspaces/${ws}/aggregates`, needs: 'viewer' },
	{ method: 'PUT', path: (ws) => `/api/workspaces/${ws}/aggregates/d1`, body: () => ({ name: 'Mars', figures: { fcr: 0.7 } }), needs: 'editor' },
	{ method: 'DELETE', path: (ws) => `/api/workspaces/${ws}/aggregates/d1`, needs: 'editor' },
	{ method: 'POST', path: () => '/api/invites', body: (_clock, ws) => ({ workspaceId: ws, role: 'viewer' }), needs: 'owner' },
	{ method: 'DELETE', path: (ws) => `/api/workspaces/${ws}`, needs: 'owner', destructive: true }
];

const expected = (caller: Caller, needs: Role) =>
	caller === 'signed-out' ? 401 : caller === 'non-member' ? 404 : RANK[caller] >= RANK[needs] ? 'ok' : 403;

describe.each(DATABASES)('authorization on %s PostgreSQL', (kind) => {
	let server: RunningServer;
	let admin: Member;
	const people = {} as Record<Role | 'non-member', Member>;
	const clock = new HybridClock('authz');
	let workspaces = 0;

	/** A shared workspace with one member of each role, and a target member to act on. */
	async function workspace(): Promise<{ id: string; target: string }> {
		const id = `ws-${++workspaces}`;
		const made = await people.owner.api('POST', '/api/workspaces', { id, name: id, changes: contentChanges(content(id), () => clock.now()) });
		expect(made.status).toBe(201);
		for (const role of ['editor', 'viewer'] as const) {
			const invite = await people.owner.api<{ token: string }>('POST', '/api/invites', { workspaceId: id, role });
			await people[role].api('POST', `/api/invites/${invite.body.token}/accept`, {});
		}
		const target = await new Member(server, `target-${id}@example.org`, 'Target').invitedBy(people.owner, { workspaceId: id, role: 'editor' });
		return { id, target: target.user?.id ?? '' };
	}

	beforeAll(async () => {
		server = await testServer(kind);
		admin = await new Member(server, 'admin@example.org', 'Admin').setUp();
		people.owner = await new Member(server, 'owner@example.org', 'Owner').invitedBy(admin);
		people.editor = await new Member(server, 'editor@example.org', 'Editor').invitedBy(admin);
		people.viewer = await new Member(server, 'viewer@example.org', 'Viewer').invitedBy(admin);
		people['non-member'] = await new Member(server, 'other@example.org', 'Other').invitedBy(admin);
	}, 120_000);
	afterAll(() => server?.close());

	it('answers every route as each role allows', async () => {
		const shared = await workspace();
		const seen: string[] = [];
		for (const route of ROUTES) {
			for (const caller of CALLERS) {
				const { id, target } = route.destructive ? await workspace() : shared;
				const member = caller === 'signed-out' ? new Member(server) : people[caller];
				const answer = await member.api(route.method, route.path(id, target), route.body?.(clock, id));
				const want = expected(caller, route.needs);
				const got = want === 'ok' && answer.status >= 200 && answer.status < 300 ? 'ok' : answer.status;
				seen.push(`${route.method} ${route.path(':id', ':user')} as ${caller}: ${got}`);
				expect(got, `${route.method} ${route.path(id, target)} as ${caller}: ${JSON.stringify(answer.body)}`).toBe(want);
			}
		}
		expect(seen).toHaveLength(ROUTES.length * CALLERS.length);
	}, 120_000);

	it('answers a non-member the same for a workspace that exists and one that does not', async () => {
		const { id } = await workspace();
		for (const route of ROUTES) {
			const there = await people['non-member'].api(route.method, route.path(id, 'nobody'), route.body?.(clock, id));
			const nowhere = await people['non-member'].api(route.method, route.path('no-such-workspace', 'nobody'), route.body?.(clock, 'no-such-workspace'));
			expect([there.status, there.body]).toEqual([nowhere.status, nowhere.body]);
		}
	});
});
