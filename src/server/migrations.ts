/**
 * The team server's schema, as numbered migrations applied in order, each in its own
 * transaction, and recorded in `schema_version`. The same list runs on the embedded database and
 * on a PostgreSQL server. Never edit a migration that has shipped: add the next one.
 */
import type { Database } from './database';

export const MIGRATIONS: readonly string[] = [
	// 1: accounts, shared workspaces and their field-level changes.
	`
	create table users (
		id text primary key,
		email text not null unique,
		name text not null,
		password_hash text not null,
		is_admin boolean not null default false,
		created_at timestamptz not null default now()
	);
	create table sessions (
		token_hash text primary key,
		user_id text not null references users(id) on delete cascade,
		created_at timestamptz not null default now(),
		expires_at timestamptz not null
	);
	create index sessions_user on sessions (user_id);
	create table workspaces (
		id text primary key,
		name text not null,
		created_by text references users(id) on delete set null,
		created_at timestamptz not null default now(),
		seq bigint not null default 0
	);
	create table members (
		workspace_id text not null references workspaces(id) on delete cascade,
		user_id text not null references users(id) on delete cascade,
		role text not null check (role in ('owner', 'editor', 'viewer')),
		added_at timestamptz not null default now(),
		primary key (workspace_id, user_id)
	);
	create index members_user on members (user_id);
	create table invites (
		token_hash text primary key,
		kind text not null check (kind in ('setup', 'invite')),
		workspace_id text references workspaces(id) on delete cascade,
		role text check (role in ('owner', 'editor', 'viewer')),
		created_by text references users(id) on delete cascade,
		created_at timestamptz not null default now(),
		expires_at timestamptz not null,
		used_at timestamptz
	);
	-- Every change received, applied or not (its clock may be older than the stored one): the
	-- history of each field, with who and when. A change sent twice is stored once.
	create table changes (
		id bigint generated always as identity primary key,
		workspace_id text not null references workspaces(id) on delete cascade,
		seq bigint not null,
		entity text not null,
		entity_id text not null,
		field text not null,
		value jsonb,
		old_value jsonb,
		hlc text not null,
		client_id text not null,
		user_id text references users(id) on delete set null,
		received_at timestamptz not null default now(),
		won boolean not null,
		unique (workspace_id, entity, entity_id, field, hlc)
	);
	create index changes_entity on changes (workspace_id, entity, entity_id, id);
	-- The current value of each field (SQL null: absent) with the clock that wrote it, and the
	-- sequence number of that write, from which a client catches up.
	create table fields (
		workspace_id text not null references workspaces(id) on delete cascade,
		entity text not null,
		entity_id text not null,
		field text not null,
		value jsonb,
		hlc text not null,
		seq bigint not null,
		primary key (workspace_id, entity, entity_id, field)
	);
	create index fields_since on fields (workspace_id, seq);
	-- Aggregate figures an analyst published from a dataset (no customer ids, no rows).
	create table aggregates (
		workspace_id text not null references workspaces(id) on delete cascade,
		dataset_id text not null,
		name text not null,
		figures jsonb not null,
		published_by text references users(id) on delete set null,
		published_at timestamptz not null default now(),
		primary key (workspace_id, dataset_id)
	);
	`,
	// The measured overlay of each journey, published with the dataset's figures (by journey id).
	`alter table aggregates add column overlays jsonb not null default '{}'::jsonb`
];

/** Brings the schema to the latest version; returns the versions it applied. */
export async function migrate(db: Database): Promise<number[]> {
	await db.exec(
		'create table if not exists schema_version (version integer primary key, applied_at timestamptz not null default now())'
	);
	const done = new Set((await db.query<{ version: number }>('select version from schema_version')).map((r) => r.version));
	const applied: number[] = [];
	for (const [index, sql] of MIGRATIONS.entries()) {
		const version = index + 1;
		if (done.has(version)) continue;
		await db.transaction(async (tx) => {
			// Two servers starting on one database: the second waits, then finds the version done.
			await tx.query('lock table schema_version in exclusive mode');
			const [already] = await tx.query('select 1 from schema_version where version = $1', [version]);
			if (already) return;
			for (const statement of splitStatements(sql)) await tx.query(statement);
			await tx.query('insert into schema_version (version) values ($1)', [version]);
			applied.push(version);
		});
	}
	return applied;
}

/** The statements of a migration (they hold no `;` inside strings). */
function splitStatements(sql: string): string[] {
	return sql
		.replace(/--[^\n]*/g, '')
		.split(';')
		.map((s) => s.trim())
		.filter(Boolean);
}
