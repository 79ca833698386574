/**
 * What the team server does, apart from HTTP: workspaces, members and roles, writes of changes
 * (one at a time per workspace, so members receive them in sequence order), the live
 * connections of each workspace, and who is present.
 */
import { randomUUID } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';
import type { Database, Queryable } from './database';
import type { Role, User } from './accounts';
import { applyChanges, type Applied, type Change, type StoredChange } from './sync';

export interface Membership {
	workspaceId: string;
	name: string;
	role: Role;
}

/** A live connection of a member to a workspace (a WebSocket, or a test's stand-in). */
export interface Peer {
	readonly id: string;
	readonly user: User;
	/** Sends a message, or its JSON already written (one serialisation for every member). */
	send(message: ServerMessage | string): void;
	close(code: number, reason: string): void;
}

export type ServerMessage =
	| { type: 'changes'; seq: number; changes: StoredChange[]; by: { id: string; name: string } }
	| { type: 'ack'; ref: string; seq: number; duplicates: number }
	| { type: 'refused'; ref: string; reason: string; issues?: { path: string; message: string }[] }
	| { type: 'presence'; members: { id: string; name: string }[] }
	| { type: 'role'; role: Role | null };

interface PendingWrite {
	user: User;
	changes: readonly Change[];
	from?: Peer;
	resolve: (applied: Applied) => void;
	reject: (error: unknown) => void;
}

export interface TeamOptions {
	/** scrypt's cost: lowered by tests, never in production. */
	scrypt?: ScryptOptions;
}

export class Team {
	readonly #peers = new Map<string, Set<Peer>>();
	readonly #queues = new Map<string, Promise<unknown>>();
	/** Writes waiting for the workspace's current transaction to end. */
	readonly #pending = new Map<string, PendingWrite[]>();

	constructor(
		readonly db: Database,
		readonly options: TeamOptions = {}
	) {}

	/** The role of a user in a workspace, or undefined when not a member (or no such workspace). */
	async roleOf(userId: string, workspaceId: string): Promise<Role | undefined> {
		const [row] = await this.db.query<{ role: Role }>('select role from members where workspace_id = $1 and user_id = $2', [
			workspaceId,
			userId
		]);
		return row?.role;
	}

	async workspacesOf(userId: string): Promise<Membership[]> {
		const rows = await this.db.query<{ id: string; name: string; role: Role }>(
			'select w.id, w.name, m.role from workspaces w join members m on m.workspace_id = w.id where m.user_id = $1 order by w.name',
			[userId]
		);
		return rows.map((r) => ({ workspaceId: r.id, name: r.name, role: r.role }));
	}

	/** Creates a shared workspace owned by `user`; false when the id is taken. */
	async createWorkspace(user: User, id: string, name: string, changes: readonly Change[]): Promise<Applied | false> {
		return this.#serially(id, () =>
			this.db.transaction(async (tx) => {
				const created = await tx.query(
					'insert into workspaces (id, name, created_by) values ($1, $2, $3) on conflict (id) do nothing returning 1',
					[id, name, user.id]
				);
				if (!created.length) return false;
				await tx.query("insert into members (workspace_id, user_id, role) values ($1, $2, 'owner')", [id, user.id]);
				return applyChanges(tx, id, user.id, changes);
			})
		);
	}

	async deleteWorkspace(workspaceId: string): Promise<void> {
		await this.#serially(workspaceId, () => this.db.query('delete from workspaces where id = $1', [workspaceId]));
		for (const peer of this.#peers.get(workspaceId) ?? []) peer.close(4404, 'workspace deleted');
		this.#peers.delete(workspaceId);
	}

	/**
	 * Applies a batch of a member's changes; once committed, sends what won to every other
	 * connection to the workspace. Batches of one workspace run one after the other, and those
	 * that arrive while one is being written are written together, each in its own savepoint, in
	 * one transaction (group commit): one refused batch leaves the others applied.
	 */
	write(workspaceId: string, user: User, changes: readonly Change[], from?: Peer): Promise<Applied> {
		return new Promise((resolve, reject) => {
			const item: PendingWrite = { user, changes, from, resolve, reject };
			const queued = this.#pending.get(workspaceId);
			if (queued) queued.push(item);
			else {
				this.#pending.set(workspaceId, [item]);
				void this.#serially(workspaceId, () => this.#drain(workspaceId));
			}
		});
	}

	async #drain(workspaceId: string): Promise<void> {
		const batch = this.#pending.get(workspaceId) ?? [];
		this.#pending.delete(workspaceId);
		const outcomes: (Applied | Error)[] = [];
		try {
			await this.db.transaction(async (tx) => {
				for (const item of batch) {
					await tx.query('savepoint batch');
					try {
						outcomes.push(await applyChanges(tx, workspaceId, item.user.id, item.changes));
						await tx.query('release savepoint batch');
					} catch (error) {
						await tx.query('rollback to savepoint batch');
						outcomes.push(error instanceof Error ? error : new Error(String(error)));
					}
				}
			});
		} catch (error) {
			for (const item of batch) item.reject(error);
			return;
		}
		batch.forEach((item, index) => {
			const outcome = outcomes[index];
			if (outcome instanceof Error) return item.reject(outcome);
			if (outcome.won.length) {
				const message: ServerMessage = { type: 'changes', seq: outcome.seq, changes: outcome.won, by: { id: item.user.id, name: item.user.name } };
				const text = JSON.stringify(message);
				for (const peer of this.#peers.get(workspaceId) ?? []) if (peer !== item.from) peer.send(text);
			}
			item.resolve(outcome);
		});
	}

	#serially<T>(workspaceId: string, work: () => Promise<T>): Promise<T> {
		const previous = this.#queues.get(workspaceId) ?? Promise.resolve();
		const next = previous.then(work, work);
		const settled = next.catch(() => undefined);
		this.#queues.set(workspaceId, settled);
		void settled.then(() => {
			if (this.#queues.get(workspaceId) === settled) this.#queues.delete(workspaceId);
		});
		return next;
	}

	// ---------------------------------------------------------------- members

	async members(workspaceId: string): Promise<{ id: string; name: string; email: string; role: Role }[]> {
		return this.db.query(
			'select u.id, u.name, u.email, m.role from members m join users u on u.id = m.user_id where m.workspace_id = $1 order by u.name',
			[workspaceId]
		);
	}

	/** Sets a member's role (or adds the member); refuses to leave a workspace without an owner. */
	async setRole(workspaceId: string, userId: string, role: Role | null): Promise<'ok' | 'last-owner'> {
		const result = await this.db.transaction(async (tx: Queryable) => {
			const owners = await tx.query<{ user_id: string }>(
				"select user_id from members where workspace_id = $1 and role = 'owner' for update",
				[workspaceId]
			);
			if (role !== 'owner' && owners.length === 1 && owners[0].user_id === userId) return 'last-owner' as const;
			if (role === null) await tx.query('delete from members where workspace_id = $1 and user_id = $2', [workspaceId, userId]);
			else {
				await tx.query(
					`insert into members (workspace_id, user_id, role) values ($1, $2, $3)
					 on conflict (workspace_id, user_id) do update set role = excluded.role`,
					[workspaceId, userId, role]
				);
			}
			return 'ok' as const;
		});
		if (result === 'ok') {
			for (const peer of this.#peers.get(workspaceId) ?? []) {
				if (peer.user.id !== userId) continue;
				if (role === null) peer.close(4403, 'no longer a member');
				else peer.send({ type: 'role', role });
			}
			this.#announce(workspaceId);
		}
		return result;
	}

	// ---------------------------------------------------------------- live connections

	join(workspaceId: string, peer: Peer): () => void {
		const peers = this.#peers.get(workspaceId) ?? new Set();
		this.#peers.set(workspaceId, peers.add(peer));
		this.#announce(workspaceId);
		return () => {
			peers.delete(peer);
			if (!peers.size) this.#peers.delete(workspaceId);
			this.#announce(workspaceId);
		};
	}

	/** Who is connected to a workspace now, each person once. */
	present(workspaceId: string): { id: string; name: string }[] {
		const people = new Map<string, { id: string; name: string }>();
		for (const peer of this.#peers.get(workspaceId) ?? []) people.set(peer.user.id, { id: peer.user.id, name: peer.user.name });
		return [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
	}

	#announce(workspaceId: string): void {
		const text = JSON.stringify({ type: 'presence', members: this.present(workspaceId) } satisfies ServerMessage);
		for (const peer of this.#peers.get(workspaceId) ?? []) peer.send(text);
	}

	closeAll(): void {
		for (const peers of this.#peers.values()) for (const peer of peers) peer.close(1001, 'server stopping');
		this.#peers.clear();
	}
}

export const newPeerId = () => randomUUID();
