/**
 * The team server, seen from the app: whether there is one (the app is served by
 * `parcours serve`), who is signed in, the shared workspaces, and the live sync of each shared
 * workspace kept in this browser.
 *
 * Without a server the app works as it always did: `team.available` stays false and nothing
 * here runs. Contact and web logs never go through this module: only the workspace model's
 * entities (and, when an analyst publishes them, aggregate figures) do.
 */
import {
	acknowledge,
	applyRemote,
	dropLocalVersions,
	db,
	forgetShared,
	localClock,
	markShared,
	outbox,
	outboxCount,
	observe,
	sharedWorkspaces,
	workspaceRepo,
	type SharedRole,
	type SharedRow
} from '$lib/db';
import { SvelteMap } from 'svelte/reactivity';
import { contentChanges, type FieldChange } from '$lib/domain/entity-fields';
import type { Id } from '$lib/domain/types';

export type { SharedRole } from '$lib/db';

export interface TeamUser {
	id: string;
	email: string;
	name: string;
	isAdmin: boolean;
}

export interface Membership {
	workspaceId: Id;
	name: string;
	role: SharedRole;
}

export interface Person {
	id: string;
	name: string;
}

/** An answer of the server that is not a success: its code and sentence. */
export class TeamError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly issues: { path: string; message: string }[] = []
	) {
		super(message);
	}
}

/** One request to the team server's API (same origin, session cookie). */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
	let response: Response;
	try {
		response = await fetch(path, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
			credentials: 'same-origin'
		});
	} catch {
		throw new TeamError(0, 'offline', 'The team server cannot be reached.');
	}
	const type = response.headers.get('content-type') ?? '';
	const payload: unknown = type.includes('application/json') ? await response.json() : undefined;
	if (!response.ok) {
		const { error = 'unknown', message = `The server answered ${response.status}.`, issues } = (payload ?? {}) as {
			error?: string;
			message?: string;
			issues?: { path: string; message: string }[];
		};
		throw new TeamError(response.status, error, message, issues);
	}
	if (payload === undefined) throw new TeamError(response.status, 'no-server', 'No team server here.');
	return payload as T;
}

type Status = 'unknown' | 'none' | 'signed-out' | 'signed-in';

export class Team {
	status = $state<Status>('unknown');
	user = $state<TeamUser | null>(null);
	setupNeeded = $state(false);
	/** The shared workspaces the signed-in person is a member of, on the server. */
	memberships = $state<Membership[]>([]);
	/** Shared workspaces kept in this browser. */
	local = $state<SharedRow[]>([]);
	available = $derived(this.status === 'signed-in' || this.status === 'signed-out');
	readonly #connections = new SvelteMap<Id, SyncConnection>();
	#started = false;

	/** Asks the origin whether it is a team server (once); starts syncing when signed in. */
	async start(): Promise<void> {
		if (this.#started) return;
		this.#started = true;
		observe(() => sharedWorkspaces(db)).subscribe({ next: (rows) => (this.local = rows) });
		await this.refresh();
	}

	async refresh(): Promise<void> {
		try {
			const session = await api<{ user: TeamUser | null; setupNeeded: boolean }>('GET', '/api/session');
			this.user = session.user;
			this.setupNeeded = session.setupNeeded;
			this.status = session.user ? 'signed-in' : 'signed-out';
		} catch {
			// A static host answers its page (not JSON) or 404: no team server, the app as always.
			// Once a server answered, a failure is the network's: the person stays as they were.
			if (this.status === 'unknown') this.status = 'none';
		}
		if (this.status === 'signed-in') await this.loadMemberships();
	}

	async loadMemberships(): Promise<void> {
		this.memberships = (await api<{ workspaces: Membership[] }>('GET', '/api/workspaces')).workspaces;
	}

	async signIn(email: string, password: string): Promise<void> {
		const { user } = await api<{ user: TeamUser }>('POST', '/api/sign-in', { email, password });
		this.user = user;
		this.status = 'signed-in';
		await this.loadMemberships();
	}

	async setUp(token: string, account: { email: string; name: string; password: string }): Promise<void> {
		const { user } = await api<{ user: TeamUser }>('POST', '/api/setup', { token, ...account });
		this.user = user;
		this.status = 'signed-in';
		this.setupNeeded = false;
		await this.loadMemberships();
	}

	/** Accepts an invitation: creates the account when signed out. Returns the workspace it opens, if any. */
	async acceptInvite(token: string, account?: { email: string; name: string; password: string }): Promise<Id | null> {
		const { user, workspaceId } = await api<{ user: TeamUser; workspaceId: Id | null }>('POST', `/api/invites/${encodeURIComponent(token)}/accept`, account ?? {});
		this.user = user;
		this.status = 'signed-in';
		await this.loadMemberships();
		return workspaceId;
	}

	async signOut(): Promise<void> {
		for (const connection of this.#connections.values()) connection.stop();
		this.#connections.clear();
		await api('POST', '/api/sign-out');
		this.user = null;
		this.memberships = [];
		this.status = 'signed-out';
	}

	changePassword(current: string, password: string): Promise<unknown> {
		return api('POST', '/api/password', { current, password });
	}

	/** A single-use invitation link: to the server (administrator), or to a workspace with a role (owner). */
	async inviteLink(workspaceId?: Id, role?: SharedRole): Promise<string> {
		const { path } = await api<{ path: string }>('POST', '/api/invites', { workspaceId, role });
		return new URL(path, location.href).href;
	}

	async members(workspaceId: Id): Promise<(Person & { email: string; role: SharedRole })[]> {
		return (await api<{ members: (Person & { email: string; role: SharedRole })[] }>('GET', `/api/workspaces/${encodeURIComponent(workspaceId)}/members`)).members;
	}

	async setRole(workspaceId: Id, userId: string, role: SharedRole | null): Promise<void> {
		const path = `/api/workspaces/${encodeURIComponent(workspaceId)}/members/${encodeURIComponent(userId)}`;
		await (role ? api('PUT', path, { role }) : api('DELETE', path));
	}

	/** The shared copy of a workspace kept here, if it is one. */
	sharedRow(workspaceId: Id): SharedRow | undefined {
		return this.local.find((row) => row.workspaceId === workspaceId);
	}

	/** Publishes a local workspace: the server gets its model (never its datasets); the creator owns it. */
	async share(workspaceId: Id): Promise<void> {
		const user = this.#signedIn();
		const content = await workspaceRepo.exportContent(workspaceId);
		const changes = contentChanges(content, () => localClock.now());
		const { seq } = await api<{ seq: number }>('POST', '/api/workspaces', { id: workspaceId, name: content.workspace.name, changes });
		await markShared(db, { workspaceId, seq, role: 'owner', userId: user.id }, changes);
		await this.loadMemberships();
		this.connect(workspaceId);
	}

	/** Brings a shared workspace into this browser (all of it, from the server) and keeps it in sync. */
	async open(membership: Membership): Promise<void> {
		const user = this.#signedIn();
		if (!this.sharedRow(membership.workspaceId)) {
			if (await workspaceRepo.get(membership.workspaceId)) {
				throw new TeamError(409, 'local-copy', 'A local workspace has the same id: it was shared from this browser.');
			}
			await db.shared.put({ workspaceId: membership.workspaceId, seq: 0, role: membership.role, userId: user.id });
		}
		await this.connect(membership.workspaceId).catchUp();
	}

	/** Stops syncing and removes the local copy of a shared workspace (the server keeps it). */
	async leaveLocalCopy(workspaceId: Id): Promise<void> {
		this.#connections.get(workspaceId)?.stop();
		this.#connections.delete(workspaceId);
		await forgetShared(db, workspaceId);
	}

	/** The live sync of a shared workspace kept here (started once, kept while the page lives). */
	connect(workspaceId: Id): SyncConnection {
		let connection = this.#connections.get(workspaceId);
		if (!connection) {
			connection = new SyncConnection(workspaceId, () => this.sharedRow(workspaceId));
			this.#connections.set(workspaceId, connection);
			connection.start();
		}
		return connection;
	}

	connection(workspaceId: Id): SyncConnection | undefined {
		return this.#connections.get(workspaceId);
	}

	#signedIn(): TeamUser {
		if (!this.user) throw new TeamError(401, 'signed-out', 'Sign in to the team server first.');
		return this.user;
	}
}

type ServerMessage =
	| { type: 'changes'; seq: number; changes: FieldChange[]; by: Person }
	| { type: 'ack'; ref: string; seq: number; duplicates: number }
	| { type: 'refused'; ref: string; reason: string; issues?: { path: string; message: string }[] }
	| { type: 'presence'; members: Person[] }
	| { type: 'role'; role: SharedRole | null };

/**
 * The live sync of one shared workspace: catches up on what it missed, sends the outbox, applies
 * what others write, and reconnects by itself (1 s, then up to 30 s apart) when the connection
 * drops. Edits made meanwhile wait in the outbox; nothing is lost while offline.
 */
export class SyncConnection {
	status = $state<'connecting' | 'live' | 'offline' | 'stopped'>('connecting');
	present = $state<Person[]>([]);
	/** The last refusal of the server (a change it would not take), shown to the person. */
	refused = $state<string | null>(null);
	lastReceived = $state<{ by: Person; at: number } | null>(null);
	/** Local edits not yet acknowledged by the server. */
	pending = $state(0);
	#socket: WebSocket | null = null;
	#retry = 1000;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#sending: { ref: string; ns: number[] } | null = null;
	#outboxWatch: { unsubscribe(): void } | null = null;

	constructor(
		readonly workspaceId: Id,
		readonly row: () => SharedRow | undefined
	) {}

	/** The browser says the network is gone, or back: close now, reconnect now (no waiting on timeouts). */
	readonly #offline = () => {
		clearTimeout(this.#timer);
		const socket = this.#socket;
		this.#socket = null;
		this.#sending = null;
		this.present = [];
		if (this.status !== 'stopped') this.status = 'offline';
		socket?.close();
	};
	readonly #online = () => {
		clearTimeout(this.#timer);
		this.#retry = 1000;
		if (!this.#socket) this.#open();
	};

	start(): void {
		addEventListener('offline', this.#offline);
		addEventListener('online', this.#online);
		this.#outboxWatch = observe(() => outboxCount(db, this.workspaceId)).subscribe({
			next: (count) => {
				this.pending = count;
				void this.#flush();
			}
		});
		this.#open();
	}

	stop(): void {
		removeEventListener('offline', this.#offline);
		removeEventListener('online', this.#online);
		this.status = 'stopped';
		clearTimeout(this.#timer);
		this.#outboxWatch?.unsubscribe();
		this.#socket?.close();
		this.#socket = null;
	}

	/** Fetches every field written since the last sequence received, and applies it. */
	async catchUp(): Promise<void> {
		const since = (await db.shared.get(this.workspaceId))?.seq ?? 0;
		const { seq, changes } = await api<{ seq: number; changes: FieldChange[] }>(
			'GET',
			`/api/workspaces/${encodeURIComponent(this.workspaceId)}/changes?since=${since}`
		);
		await applyRemote(db, this.workspaceId, changes, seq);
	}

	#open(): void {
		if (this.status === 'stopped') return;
		if (!navigator.onLine) {
			this.status = 'offline';
			return;
		}
		this.status = 'connecting';
		const url = new URL(`/api/workspaces/${encodeURIComponent(this.workspaceId)}/live`, location.href);
		url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
		const socket = new WebSocket(url);
		this.#socket = socket;
		socket.onopen = async () => {
			try {
				await this.catchUp();
				this.status = 'live';
				this.#retry = 1000;
				this.#sending = null;
				await this.#flush();
			} catch {
				socket.close();
			}
		};
		socket.onmessage = (event) => void this.#receive(JSON.parse(String(event.data)) as ServerMessage);
		socket.onclose = (event) => {
			if (this.#socket !== socket) return;
			this.#socket = null;
			this.#sending = null;
			this.present = [];
			if (this.status === 'stopped') return;
			if (event.code === 4404 || event.code === 4403) {
				// The workspace was deleted on the server, or this person removed: keep the local copy
				// as a local workspace, never delete someone's data from under them.
				this.status = 'stopped';
				void forgetShared(db, this.workspaceId);
				return;
			}
			this.status = 'offline';
			this.#timer = setTimeout(() => this.#open(), this.#retry);
			this.#retry = Math.min(this.#retry * 2, 30_000);
		};
	}

	async #receive(message: ServerMessage): Promise<void> {
		if (message.type === 'changes') {
			await applyRemote(db, this.workspaceId, message.changes, message.seq);
			this.lastReceived = { by: message.by, at: Date.now() };
		} else if (message.type === 'presence') this.present = message.members;
		else if (message.type === 'ack' && this.#sending?.ref === message.ref) {
			await acknowledge(db, this.#sending.ns);
			const row = await db.shared.get(this.workspaceId);
			if (row && message.seq > row.seq) await db.shared.put({ ...row, seq: message.seq });
			this.#sending = null;
			await this.#flush();
		} else if (message.type === 'refused' && this.#sending?.ref === message.ref) {
			// The server will never take these: drop them and take the server's values back.
			this.refused = message.reason;
			await dropLocalVersions(db, this.workspaceId, this.#sending.ns);
			await acknowledge(db, this.#sending.ns);
			this.#sending = null;
			await db.shared.update(this.workspaceId, { seq: 0 });
			await this.catchUp();
		} else if (message.type === 'role' && message.role) {
			const row = await db.shared.get(this.workspaceId);
			if (row) await db.shared.put({ ...row, role: message.role });
		}
	}

	/** Sends the oldest queued edits, one batch awaiting its acknowledgement at a time. */
	async #flush(): Promise<void> {
		const socket = this.#socket;
		if (!socket || socket.readyState !== WebSocket.OPEN || this.status !== 'live' || this.#sending) return;
		if (this.row()?.role === 'viewer') return;
		const rows = await outbox(db, this.workspaceId, 2000);
		if (!rows.length || this.#sending) return;
		const ref = crypto.randomUUID();
		this.#sending = { ref, ns: rows.map((r) => r.n as number) };
		socket.send(JSON.stringify({ type: 'push', ref, changes: rows.map((r) => r.change) }));
	}
}

export const team = new Team();
