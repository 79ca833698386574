/**
 * Accounts of the team server: passwords hashed with scrypt (Node's crypto), sessions and
 * invitation links as random tokens of which only the SHA-256 is stored, and sign-in attempts
 * limited per account and per address.
 */
import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Queryable } from './database';

export type Role = 'owner' | 'editor' | 'viewer';
export const ROLES: readonly Role[] = ['owner', 'editor', 'viewer'];
const RANK: Record<Role, number> = { viewer: 0, editor: 1, owner: 2 };
/** Whether `role` may do what `needed` may. */
export const roleAllows = (role: Role, needed: Role): boolean => RANK[role] >= RANK[needed];

export interface User {
	id: string;
	email: string;
	name: string;
	isAdmin: boolean;
}

export const SESSION_DAYS = 30;
export const INVITE_DAYS = 7;
export const MIN_PASSWORD = 10;

// ---------------------------------------------------------------- passwords

/** OWASP's parameters for scrypt: N = 2^17, r = 8, p = 1 (128 MiB of memory per hash). */
const SCRYPT: ScryptOptions = { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)))
	);
}

/** `scrypt$N$r$p$salt$key`, salt and key in base64. */
export async function hashPassword(password: string, options: ScryptOptions = SCRYPT): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt, options);
	return ['scrypt', options.N, options.r, options.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, n, r, p, salt, key] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !key) return false;
	const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem };
	const expected = Buffer.from(key, 'base64');
	const actual = await derive(password, Buffer.from(salt, 'base64'), options);
	return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Hashed once: signing in with an unknown email costs as much as with a wrong password. */
let decoy: Promise<string> | undefined;
export const decoyHash = (options?: ScryptOptions) => (decoy ??= hashPassword(randomUUID(), options));

// ---------------------------------------------------------------- tokens

/** A random token for a link or a cookie, and what is stored of it. */
export function newToken(): { token: string; hash: string } {
	const token = randomBytes(32).toString('base64url');
	return { token, hash: tokenHash(token) };
}
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

// ---------------------------------------------------------------- users and sessions

type UserRow = { id: string; email: string; name: string; is_admin: boolean; password_hash: string };
const toUser = (row: UserRow): User => ({ id: row.id, email: row.email, name: row.name, isAdmin: row.is_admin });

export async function userByEmail(db: Queryable, email: string): Promise<(User & { passwordHash: string }) | undefined> {
	const [row] = await db.query<UserRow>('select * from users where email = $1', [normalizeEmail(email)]);
	return row && { ...toUser(row), passwordHash: row.password_hash };
}

export async function createUser(
	db: Queryable,
	fields: { email: string; name: string; password: string; isAdmin: boolean },
	options?: ScryptOptions
): Promise<User> {
	const id = randomUUID();
	const hash = await hashPassword(fields.password, options);
	const [row] = await db.query<UserRow>(
		'insert into users (id, email, name, password_hash, is_admin) values ($1, $2, $3, $4, $5) returning *',
		[id, normalizeEmail(fields.email), fields.name.trim(), hash, fields.isAdmin]
	);
	return toUser(row);
}

export async function setPassword(db: Queryable, userId: string, password: string, options?: ScryptOptions): Promise<void> {
	await db.query('update users set password_hash = $2 where id = $1', [userId, await hashPassword(password, options)]);
}

export async function createSession(db: Queryable, userId: string): Promise<string> {
	const { token, hash } = newToken();
	await db.query(`insert into sessions (token_hash, user_id, expires_at) values ($1, $2, now() + interval '${SESSION_DAYS} days')`, [
		hash,
		userId
	]);
	return token;
}

export async function sessionUser(db: Queryable, token: string | undefined): Promise<User | undefined> {
	if (!token) return undefined;
	const [row] = await db.query<UserRow>(
		'select u.* from sessions s join users u on u.id = s.user_id where s.token_hash = $1 and s.expires_at > now()',
		[tokenHash(token)]
	);
	return row && toUser(row);
}

export async function endSession(db: Queryable, token: string): Promise<void> {
	await db.query('delete from sessions where token_hash = $1', [tokenHash(token)]);
}

/** Signs out every other session of a user (after a password change). */
export async function endOtherSessions(db: Queryable, userId: string, keepToken: string): Promise<void> {
	await db.query('delete from sessions where user_id = $1 and token_hash <> $2', [userId, tokenHash(keepToken)]);
}

// ---------------------------------------------------------------- setup and invitations

export interface Invite {
	kind: 'setup' | 'invite';
	workspaceId: string | null;
	workspaceName: string | null;
	role: Role | null;
}

/** A new single-use link token; `setup` replaces every earlier setup token. */
export async function createInvite(
	db: Queryable,
	invite: { kind: 'setup' | 'invite'; workspaceId?: string; role?: Role; createdBy?: string }
): Promise<string> {
	const { token, hash } = newToken();
	if (invite.kind === 'setup') await db.query("delete from invites where kind = 'setup'");
	await db.query(
		`insert into invites (token_hash, kind, workspace_id, role, created_by, expires_at)
		 values ($1, $2, $3, $4, $5, now() + interval '${INVITE_DAYS} days')`,
		[hash, invite.kind, invite.workspaceId ?? null, invite.role ?? null, invite.createdBy ?? null]
	);
	return token;
}

/** The invitation a token opens, if it is unused and unexpired. */
export async function openInvite(db: Queryable, token: string): Promise<Invite | undefined> {
	const [row] = await db.query<{ kind: 'setup' | 'invite'; workspace_id: string | null; role: Role | null; name: string | null }>(
		`select i.kind, i.workspace_id, i.role, w.name from invites i left join workspaces w on w.id = i.workspace_id
		 where i.token_hash = $1 and i.used_at is null and i.expires_at > now()`,
		[tokenHash(token)]
	);
	return row && { kind: row.kind, workspaceId: row.workspace_id, workspaceName: row.name, role: row.role };
}

/** Marks a token used; false when it was used meanwhile (two tabs accepting one link). */
export async function useInvite(db: Queryable, token: string): Promise<boolean> {
	const rows = await db.query(
		'update invites set used_at = now() where token_hash = $1 and used_at is null and expires_at > now() returning 1',
		[tokenHash(token)]
	);
	return rows.length === 1;
}

export async function hasAdmin(db: Queryable): Promise<boolean> {
	return (await db.query('select 1 from users where is_admin limit 1')).length > 0;
}

// ---------------------------------------------------------------- sign-in attempts

/**
 * Failed sign-ins counted per account and per address over a sliding window: past the limit,
 * sign-in is refused (429) until the window passes, whatever the password. Kept in memory: a
 * restart forgets them, which only gives an attacker one more window.
 */
export class SignInLimiter {
	readonly #failures = new Map<string, number[]>();
	constructor(
		readonly perAccount = 5,
		readonly perAddress = 20,
		readonly windowMs = 15 * 60_000,
		private readonly now: () => number = Date.now
	) {}

	#recent(key: string): number[] {
		const since = this.now() - this.windowMs;
		const kept = (this.#failures.get(key) ?? []).filter((t) => t > since);
		if (kept.length) this.#failures.set(key, kept);
		else this.#failures.delete(key);
		return kept;
	}

	/** Seconds to wait before trying again, or 0 when an attempt is allowed. */
	retryAfter(email: string, address: string): number {
		const account = this.#recent(`account:${normalizeEmail(email)}`);
		const from = this.#recent(`address:${address}`);
		const blocked = [
			account.length >= this.perAccount ? account[account.length - this.perAccount] : undefined,
			from.length >= this.perAddress ? from[from.length - this.perAddress] : undefined
		].filter((t): t is number => t !== undefined);
		if (!blocked.length) return 0;
		return Math.ceil((Math.max(...blocked) + this.windowMs - this.now()) / 1000);
	}

	failed(email: string, address: string): void {
		for (const key of [`account:${normalizeEmail(email)}`, `address:${address}`]) {
			this.#failures.set(key, [...this.#recent(key), this.now()]);
		}
	}

	succeeded(email: string): void {
		this.#failures.delete(`account:${normalizeEmail(email)}`);
	}
}
