/**
 * The team server's HTTP and WebSocket API (Hono), and the built app beside it.
 *
 * Every workspace route checks membership first and answers 404 to a non-member, whether the
 * workspace exists or not; writes need the editor role, members and deletion the owner's.
 * Bodies are size-limited and validated; an error answers a code and a sentence, never a stack.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { upgradeWebSocket } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import * as v from 'valibot';
import { toIssues } from '../lib/domain/schemas';
import {
	createInvite,
	createSession,
	createUser,
	decoyHash,
	endOtherSessions,
	endSession,
	hasAdmin,
	MIN_PASSWORD,
	openInvite,
	roleAllows,
	ROLES,
	sessionUser,
	setPassword,
	SignInLimiter,
	useInvite,
	userByEmail,
	verifyPassword,
	type Role,
	type User
} from './accounts';
import { ChangesRefused, changesSince, history, parseChanges } from './sync';
import { newPeerId, type Peer, type ServerMessage, type Team } from './team';
import { isEntityKind } from '../lib/domain/entity-fields';

export const SESSION_COOKIE = 'parcours_session';
const MAX_BODY = 16 * 1024 * 1024;
const MAX_MESSAGE = 16 * 1024 * 1024;

type Env = { Variables: { user: User | undefined; role: Role; workspaceId: string } };

export interface AppOptions {
	/** The built app (adapter-static's folder), served beside the API; none in API tests. */
	appDir?: string;
	limiter?: SignInLimiter;
}

const Email = v.pipe(v.string(), v.trim(), v.email('is not an email address'), v.maxLength(320));
const Password = v.pipe(v.string(), v.minLength(MIN_PASSWORD, `needs at least ${MIN_PASSWORD} characters`), v.maxLength(1024));
const Name = v.pipe(v.string(), v.trim(), v.minLength(1, 'is empty'), v.maxLength(200));
const NewAccount = v.object({ email: Email, name: Name, password: Password });
const SignIn = v.object({ email: v.pipe(v.string(), v.maxLength(320)), password: v.pipe(v.string(), v.maxLength(1024)) });
const Setup = v.object({ token: v.string(), ...NewAccount.entries });
const PasswordChange = v.object({ current: v.pipe(v.string(), v.maxLength(1024)), password: Password });
const Accept = v.union([NewAccount, v.object({})]);
const RoleBody = v.object({ role: v.picklist(ROLES) });
const InviteBody = v.object({ workspaceId: v.optional(v.string()), role: v.optional(v.picklist(ROLES)) });
const Publish = v.object({ id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)), name: Name, changes: v.unknown() });
const Figures = v.record(v.string(), v.unknown());
const Aggregate = v.object({ name: Name, figures: Figures, overlays: v.optional(v.record(v.string(), Figures), {}) });

class Refusal extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 429,
		readonly code: string,
		message: string,
		readonly issues?: { path: string; message: string }[]
	) {
		super(message);
	}
}

async function body<T>(c: Context, schema: v.GenericSchema<unknown, T>): Promise<T> {
	let value: unknown;
	try {
		value = await c.req.json();
	} catch {
		throw new Refusal(400, 'bad-json', 'The request body is not JSON.');
	}
	const parsed = v.safeParse(schema, value);
	if (!parsed.success) {
		const issues = toIssues(parsed.issues);
		throw new Refusal(400, 'invalid', issues.map((i) => `${i.path || 'body'} ${i.message}`).join('; '), issues);
	}
	return parsed.output;
}

export function createApp(team: Team, options: AppOptions = {}): Hono<Env> {
	const app = new Hono<Env>();
	const db = team.db;
	const limiter = options.limiter ?? new SignInLimiter();
	const scrypt = team.options.scrypt;

	app.onError((error, c) => {
		if (error instanceof Refusal) {
			return c.json({ error: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) }, error.status);
		}
		if (error instanceof ChangesRefused) {
			return c.json({ error: 'changes-refused', message: error.message, issues: error.issues }, 400);
		}
		console.error(error);
		return c.json({ error: 'internal', message: 'The server failed to answer; it is logged.' }, 500);
	});
	app.notFound((c) => c.json({ error: 'not-found', message: 'Nothing here.' }, 404));

	app.use('*', secureHeaders({ contentSecurityPolicy: undefined, crossOriginEmbedderPolicy: false }));
	app.use('/api/*', bodyLimit({ maxSize: MAX_BODY, onError: (c) => c.json({ error: 'too-large', message: 'The request body is too large.' }, 413) }));

	// Cross-site requests: a browser names the page's origin on every write; it must be ours.
	// (SameSite=Strict cookies already keep them signed out; this refuses them outright.)
	const sameOrigin: MiddlewareHandler<Env> = async (c, next) => {
		if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) || c.req.header('upgrade')) {
			const origin = c.req.header('origin');
			const site = c.req.header('sec-fetch-site');
			if ((origin !== undefined && origin !== new URL(c.req.url).origin) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
				throw new Refusal(403, 'cross-origin', 'Requests from another site are refused.');
			}
		}
		await next();
	};
	app.use('/api/*', sameOrigin);

	app.use('/api/*', async (c, next) => {
		c.set('user', await sessionUser(db, getCookie(c, SESSION_COOKIE)));
		await next();
	});
	const signedIn = (c: Context<Env>): User => {
		const user = c.get('user');
		if (!user) throw new Refusal(401, 'signed-out', 'Sign in first.');
		return user;
	};
	const startSession = async (c: Context<Env>, user: User) => {
		setCookie(c, SESSION_COOKIE, await createSession(db, user.id), {
			httpOnly: true,
			sameSite: 'Strict',
			secure: new URL(c.req.url).protocol === 'https:',
			path: '/',
			maxAge: 30 * 24 * 3600
		});
	};
	const address = (c: Context) => {
		try {
			return getConnInfo(c).remote.address ?? 'unknown';
		} catch {
			return 'unknown';
		}
	};

	// ---------------------------------------------------------------- accounts

	app.get('/api/session', async (c) => {
		const user = c.get('user');
		return c.json({ user: user ?? null, setupNeeded: !(await hasAdmin(db)) });
	});

	app.post('/api/setup', async (c) => {
		const { token, ...account } = await body(c, Setup);
		const invite = await openInvite(db, token);
		if (invite?.kind !== 'setup' || (await hasAdmin(db))) throw new Refusal(404, 'invalid-link', 'This setup link is not valid any more.');
		if (await userByEmail(db, account.email)) throw new Refusal(409, 'email-taken', 'An account already uses this email.');
		if (!(await useInvite(db, token))) throw new Refusal(404, 'invalid-link', 'This setup link is not valid any more.');
		const user = await createUser(db, { ...account, isAdmin: true }, scrypt);
		await startSession(c, user);
		return c.json({ user }, 201);
	});

	app.post('/api/sign-in', async (c) => {
		const { email, password } = await body(c, SignIn);
		const from = address(c);
		const wait = limiter.retryAfter(email, from);
		if (wait > 0) {
			c.header('Retry-After', String(wait));
			throw new Refusal(429, 'too-many-attempts', `Too many failed sign-ins: try again in ${Math.ceil(wait / 60)} min.`);
		}
		const found = await userByEmail(db, email);
		// The same scrypt work whether the account exists or not: timing tells nothing.
		const ok = await verifyPassword(password, found?.passwordHash ?? (await decoyHash(scrypt)));
		if (!found || !ok) {
			limiter.failed(email, from);
			throw new Refusal(401, 'wrong-credentials', 'Wrong email or password.');
		}
		limiter.succeeded(email);
		const { passwordHash: _hash, ...user } = found;
		await startSession(c, user);
		return c.json({ user });
	});

	app.post('/api/sign-out', async (c) => {
		const token = getCookie(c, SESSION_COOKIE);
		if (token) await endSession(db, token);
		deleteCookie(c, SESSION_COOKIE, { path: '/' });
		return c.json({ ok: true });
	});

	app.post('/api/password', async (c) => {
		const user = signedIn(c);
		const { current, password } = await body(c, PasswordChange);
		const found = await userByEmail(db, user.email);
		if (!found || !(await verifyPassword(current, found.passwordHash))) {
			throw new Refusal(403, 'wrong-password', 'The current password is wrong.');
		}
		await setPassword(db, user.id, password, scrypt);
		await endOtherSessions(db, user.id, getCookie(c, SESSION_COOKIE) ?? '');
		return c.json({ ok: true });
	});

	// ---------------------------------------------------------------- invitations

	app.post('/api/invites', async (c) => {
		const user = signedIn(c);
		const { workspaceId, role } = await body(c, InviteBody);
		if (workspaceId === undefined) {
			if (!user.isAdmin) throw new Refusal(403, 'forbidden', 'Only the administrator invites people to the server.');
		} else if ((await team.roleOf(user.id, workspaceId)) !== 'owner') {
			throw (await team.roleOf(user.id, workspaceId))
				? new Refusal(403, 'forbidden', 'Only an owner invites people to this workspace.')
				: new Refusal(404, 'not-found', 'Nothing here.');
		}
		const token = await createInvite(db, { kind: 'invite', workspaceId, role: workspaceId ? (role ?? 'editor') : undefined, createdBy: user.id });
		return c.json({ token, path: `/team/invite?token=${token}` }, 201);
	});

	app.get('/api/invites/:token', async (c) => {
		const invite = await openInvite(db, c.req.param('token'));
		if (!invite || invite.kind !== 'invite') throw new Refusal(404, 'invalid-link', 'This invitation is not valid: used, expired or mistyped.');
		return c.json(invite);
	});

	app.post('/api/invites/:token/accept', async (c) => {
		const token = c.req.param('token');
		const invite = await openInvite(db, token);
		if (!invite || invite.kind !== 'invite') throw new Refusal(404, 'invalid-link', 'This invitation is not valid: used, expired or mistyped.');
		let user = c.get('user');
		const account = await body(c, Accept);
		if (!user) {
			if (!('email' in account)) throw new Refusal(400, 'invalid', 'Give an email, a name and a password.');
			if (await userByEmail(db, account.email)) {
				throw new Refusal(409, 'email-taken', 'An account already uses this email: sign in, then open the link again.');
			}
		}
		if (!(await useInvite(db, token))) throw new Refusal(404, 'invalid-link', 'This invitation is not valid: used, expired or mistyped.');
		if (!user && 'email' in account) {
			user = await createUser(db, { ...account, isAdmin: false }, scrypt);
			await startSession(c, user);
		}
		if (!user) throw new Refusal(401, 'signed-out', 'Sign in first.');
		if (invite.workspaceId && invite.role) {
			const current = await team.roleOf(user.id, invite.workspaceId);
			// An invitation never lowers a role someone already has.
			if (!current || !roleAllows(current, invite.role)) await team.setRole(invite.workspaceId, user.id, invite.role);
		}
		return c.json({ user, workspaceId: invite.workspaceId }, 201);
	});

	// ---------------------------------------------------------------- workspaces

	app.get('/api/workspaces', async (c) => c.json({ workspaces: await team.workspacesOf(signedIn(c).id) }));

	app.post('/api/workspaces', async (c) => {
		const user = signedIn(c);
		const { id, name, changes } = await body(c, Publish);
		const parsed = parseChanges(changes);
		const created = await team.createWorkspace(user, id, name, parsed);
		if (!created) throw new Refusal(409, 'exists', 'This workspace is already on the server.');
		return c.json({ id, seq: created.seq }, 201);
	});

	/** Membership of the workspace in the path, at least `needed`; 404 for a non-member. */
	const member =
		(needed: Role): MiddlewareHandler<Env> =>
		async (c, next) => {
			const user = signedIn(c);
			const workspaceId = c.req.param('id') ?? '';
			const role = await team.roleOf(user.id, workspaceId);
			if (!role) throw new Refusal(404, 'not-found', 'Nothing here.');
			if (!roleAllows(role, needed)) {
				throw new Refusal(403, 'forbidden', needed === 'owner' ? 'Only an owner may do this.' : 'Viewers read; they do not edit.');
			}
			c.set('role', role);
			c.set('workspaceId', workspaceId);
			await next();
		};

	app.get('/api/workspaces/:id', member('viewer'), async (c) => {
		const id = c.get('workspaceId');
		const [row] = await db.query<{ name: string; seq: number }>('select name, seq from workspaces where id = $1', [id]);
		return c.json({ id, name: row.name, seq: row.seq, role: c.get('role'), present: team.present(id) });
	});

	app.delete('/api/workspaces/:id', member('owner'), async (c) => {
		await team.deleteWorkspace(c.get('workspaceId'));
		return c.json({ ok: true });
	});

	app.get('/api/workspaces/:id/changes', member('viewer'), async (c) => {
		const since = Number(c.req.query('since') ?? 0);
		if (!Number.isSafeInteger(since) || since < 0) throw new Refusal(400, 'invalid', 'since must be a sequence number.');
		return c.json(await changesSince(db, c.get('workspaceId'), since));
	});

	app.post('/api/workspaces/:id/changes', member('editor'), async (c) => {
		const { changes } = await body(c, v.object({ changes: v.unknown() }));
		const applied = await team.write(c.get('workspaceId'), signedIn(c), parseChanges(changes));
		return c.json({ seq: applied.seq, applied: applied.won.length, duplicates: applied.duplicates });
	});

	app.get('/api/workspaces/:id/history', member('viewer'), async (c) => {
		const entity = c.req.query('entity');
		const id = c.req.query('entity_id');
		if (entity !== undefined && !isEntityKind(entity)) throw new Refusal(400, 'invalid', 'entity is not a kind of entity.');
		const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 1000);
		const before = c.req.query('before') === undefined ? undefined : Number(c.req.query('before'));
		return c.json({ entries: await history(db, c.get('workspaceId'), { entity, id, limit, before }) });
	});

	app.get('/api/workspaces/:id/members', member('viewer'), async (c) => c.json({ members: await team.members(c.get('workspaceId')) }));

	app.put('/api/workspaces/:id/members/:userId', member('owner'), async (c) => {
		const { role } = await body(c, RoleBody);
		const userId = c.req.param('userId');
		if (!(await team.roleOf(userId, c.get('workspaceId')))) throw new Refusal(404, 'not-found', 'This person is not a member.');
		if ((await team.setRole(c.get('workspaceId'), userId, role)) === 'last-owner') {
			throw new Refusal(409, 'last-owner', 'A workspace keeps at least one owner.');
		}
		return c.json({ ok: true });
	});

	app.delete('/api/workspaces/:id/members/:userId', member('viewer'), async (c) => {
		const userId = c.req.param('userId');
		// Anyone may leave; only an owner removes someone else.
		if (userId !== signedIn(c).id && c.get('role') !== 'owner') throw new Refusal(403, 'forbidden', 'Only an owner may do this.');
		if ((await team.setRole(c.get('workspaceId'), userId, null)) === 'last-owner') {
			throw new Refusal(409, 'last-owner', 'A workspace keeps at least one owner.');
		}
		return c.json({ ok: true });
	});

	// ---------------------------------------------------------------- published figures

	app.get('/api/workspaces/:id/aggregates', member('viewer'), async (c) => {
		const rows = await db.query(
			`select a.dataset_id as "datasetId", a.name, a.figures, a.overlays, a.published_at as "publishedAt", u.name as "publishedBy"
			 from aggregates a left join users u on u.id = a.published_by where a.workspace_id = $1 order by a.published_at desc`,
			[c.get('workspaceId')]
		);
		return c.json({ aggregates: rows });
	});

	app.put('/api/workspaces/:id/aggregates/:datasetId', member('editor'), async (c) => {
		const { name, figures, overlays } = await body(c, Aggregate);
		await db.query(
			`insert into aggregates (workspace_id, dataset_id, name, figures, overlays, published_by) values ($1, $2, $3, $4, $5, $6)
			 on conflict (workspace_id, dataset_id) do update set name = excluded.name, figures = excluded.figures,
			   overlays = excluded.overlays, published_by = excluded.published_by, published_at = now()`,
			[c.get('workspaceId'), c.req.param('datasetId'), name, JSON.stringify(figures), JSON.stringify(overlays), signedIn(c).id]
		);
		return c.json({ ok: true });
	});

	app.delete('/api/workspaces/:id/aggregates/:datasetId', member('editor'), async (c) => {
		await db.query('delete from aggregates where workspace_id = $1 and dataset_id = $2', [c.get('workspaceId'), c.req.param('datasetId')]);
		return c.json({ ok: true });
	});

	// ---------------------------------------------------------------- live

	app.get(
		'/api/workspaces/:id/live',
		member('viewer'),
		upgradeWebSocket((c) => {
			const user = signedIn(c);
			const workspaceId = c.get('workspaceId');
			let role = c.get('role');
			let leave = () => {};
			let peer: Peer | undefined;
			return {
				onOpen(_event, ws) {
					peer = {
						id: newPeerId(),
						user,
						send: (message: ServerMessage | string) => {
							if (typeof message !== 'string' && message.type === 'role') role = message.role ?? role;
							ws.send(typeof message === 'string' ? message : JSON.stringify(message));
						},
						close: (code, reason) => ws.close(code, reason)
					};
					leave = team.join(workspaceId, peer);
				},
				async onMessage(event) {
					if (!peer || typeof event.data !== 'string' || event.data.length > MAX_MESSAGE) return;
					let message: { type?: unknown; ref?: unknown; changes?: unknown };
					try {
						message = JSON.parse(event.data);
					} catch {
						return;
					}
					if (message.type !== 'push' || typeof message.ref !== 'string') return;
					const ref = message.ref;
					if (!roleAllows(role, 'editor')) {
						peer.send({ type: 'refused', ref, reason: 'Viewers read; they do not edit.' });
						return;
					}
					try {
						const applied = await team.write(workspaceId, user, parseChanges(message.changes), peer);
						peer.send({ type: 'ack', ref, seq: applied.seq, duplicates: applied.duplicates });
					} catch (error) {
						if (error instanceof ChangesRefused) peer.send({ type: 'refused', ref, reason: error.message, issues: error.issues });
						else {
							console.error(error);
							peer.send({ type: 'refused', ref, reason: 'The server failed to apply the changes; it is logged.' });
						}
					}
				},
				onClose() {
					leave();
				}
			};
		})
	);

	// ---------------------------------------------------------------- the app

	if (options.appDir && existsSync(join(options.appDir, 'index.html'))) {
		const root = options.appDir;
		app.use('/*', serveStatic({ root }));
		// A single-page app: any other path is the app's page, whose router takes it from there.
		const index = readFile(join(root, 'index.html'), 'utf8');
		app.get('*', async (c) => (c.req.path.startsWith('/api/') ? c.json({ error: 'not-found', message: 'Nothing here.' }, 404) : c.html(await index)));
	}
	return app;
}
