/**
 * Starts a team server: opens the database (embedded by default), brings its schema up to date,
 * serves the API and the built app, and — while no administrator exists — prints a one-time
 * setup link.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { ScryptOptions } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { createInvite, hasAdmin, type SignInLimiter } from './accounts';
import { createApp } from './app';
import { openDatabase, type Database } from './database';
import { migrate } from './migrations';
import { Team } from './team';

export interface ServeOptions {
	host: string;
	port: number;
	/** The embedded database's folder; null keeps it in memory (tests). */
	data: string | null;
	/** A PostgreSQL server's URL instead of the embedded database. */
	database?: string;
	appDir?: string;
	scrypt?: ScryptOptions;
	limiter?: SignInLimiter;
	log?: (line: string) => void;
}

export interface RunningServer {
	url: string;
	db: Database;
	team: Team;
	/** The setup link printed at start, when no administrator exists yet. */
	setupLink?: string;
	close(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
	const log = options.log ?? (() => {});
	const db = await openDatabase(options);
	const applied = await migrate(db);
	if (applied.length) log(`Database schema brought to version ${applied[applied.length - 1]}.`);
	const team = new Team(db, { scrypt: options.scrypt });
	const app = createApp(team, { appDir: options.appDir, limiter: options.limiter });
	const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
	const server: ServerType = await new Promise((resolve, reject) => {
		const s = serve({ fetch: app.fetch, hostname: options.host, port: options.port, websocket: { server: wss } }, () => resolve(s));
		s.once('error', reject);
	});
	const { port } = server.address() as AddressInfo;
	const host = options.host.includes(':') ? `[${options.host}]` : options.host;
	const url = `http://${host}:${port}`;
	let setupLink: string | undefined;
	if (!(await hasAdmin(db))) {
		setupLink = `${url}/team/setup?token=${await createInvite(db, { kind: 'setup' })}`;
		log(`No administrator yet. Open this link once to create the administrator's account:\n  ${setupLink}`);
	}
	log(`Parcours team server on ${url} (${db.description}).`);
	return {
		url,
		db,
		team,
		setupLink,
		async close() {
			team.closeAll();
			for (const client of wss.clients) client.terminate();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				(server as { closeAllConnections?: () => void }).closeAllConnections?.();
			});
			await db.close();
		}
	};
}
