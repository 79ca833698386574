/**
 * `npm run bench:server`: the team server under a team's load. 50 members, each with their own
 * account and WebSocket, make 200 edits each on one shared workspace (each member edits a motive
 * of their own, so every edit wins and must reach the 49 others). Each member waits for the
 * acknowledgement of an edit, thinks 50–150 ms (`--think 100`, the mean), then makes the next: some
 * 300 edits a second offered, far above what people type, so the default run measures the server
 * saturated; `--think 1000` is a team editing at a sustained human pace (one edit a second each).
 *
 * Reported, for the embedded database (PGlite) and for a PostgreSQL server (a throw-away cluster
 * of Debian's binaries, fsync on): edits per second, the latency from an edit sent to its receipt
 * by each other member (p50, p95, max), lost and duplicated receipts, and the server process's
 * peak resident memory. Goal: p95 ≤ 200 ms, nothing lost or duplicated.
 *
 *   npm run bench:server                      both databases
 *   npm run bench:server -- --members 20 --edits 100 --embedded-only
 *   npm run bench:server -- --think 1000
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { contentChanges } from '../src/lib/domain/entity-fields';
import { HybridClock } from '../src/lib/domain/hlc';
import { content, motive } from '../src/lib/domain/test-factories';
import { startPostgres } from '../tests/fixtures/postgres';
import { Member } from '../tests/fixtures/team-server';
import type { RunningServer } from '../src/server/serve';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
	const at = argv.indexOf(`--${name}`);
	return at >= 0 ? Number(argv[at + 1]) : fallback;
};
const MEMBERS = option('members', 50);
const EDITS = option('edits', 200);
/** Mean pause between a member's acknowledged edit and their next (uniform from half to 1.5 times it). */
const THINK_MS = option('think', 100);
const GOAL_P95_MS = 200;

interface Result {
	database: string;
	thinkMs: number;
	members: number;
	edits: number;
	seconds: number;
	editsPerSecond: number;
	deliveries: number;
	p50: number;
	p95: number;
	max: number;
	lost: number;
	duplicated: number;
	peakRssMiB: number;
}

function serve(args: string[]): Promise<{ child: ChildProcess; url: string; setupLink: string }> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/parcours.ts', 'serve', '--port', '0', ...args], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	return new Promise((resolve, reject) => {
		let output = '';
		const read = (chunk: Buffer) => {
			output += String(chunk);
			const url = output.match(/team server on (http:\/\/\S+) /)?.[1];
			const setupLink = output.match(/(http:\/\/\S+\/team\/setup\?token=\S+)/)?.[1];
			if (url && setupLink) resolve({ child, url, setupLink });
		};
		child.stdout?.on('data', read);
		child.stderr?.on('data', (chunk) => (output += String(chunk)));
		child.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
	});
}

/** The process's peak resident set (VmHWM), in MiB. */
function peakRss(pid: number): number {
	const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
	return line ? Math.round(Number(line[1]) / 1024) : NaN;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function run(database: string, args: string[]): Promise<Result> {
	const { child, url, setupLink } = await serve(args);
	try {
		const server = { url, setupLink } as RunningServer;
		const admin = await new Member(server, 'admin@example.org', 'Admin').setUp();
		const workspace = content('bench');
		workspace.motives = Array.from({ length: MEMBERS }, (_, i) =>
			motive({ id: `m-${i}`, workspaceId: 'bench', themeId: 'theme-billing-amount', crmCodes: [`C-${i}`] })
		);
		const clock = new HybridClock('setup');
		await admin.api('POST', '/api/workspaces', { id: 'bench', name: 'Bench', changes: contentChanges(workspace, () => clock.now()) });
		process.stdout.write(`${database}: creating ${MEMBERS} accounts…\n`);
		const members: Member[] = [];
		for (let i = 0; i < MEMBERS; i++) {
			members.push(await new Member(server, `member${i}@example.org`, `Member ${i}`).invitedBy(admin, { workspaceId: 'bench', role: 'editor' }));
		}
		const sentAt = new Map<string, number>();
		const received = new Map<string, number>();
		const latencies: number[] = [];
		let duplicated = 0;
		const sockets = await Promise.all(
			members.map(
				(member, index) =>
					new Promise<{ socket: WebSocket; index: number; acks: Map<string, () => void> }>((resolve, reject) => {
						const socket = new WebSocket(`${url.replace('http', 'ws')}/api/workspaces/bench/live`, { headers: { cookie: member.cookie, origin: url } });
						const acks = new Map<string, () => void>();
						const seen = new Set<string>();
						socket.on('message', (data) => {
							const message = JSON.parse(String(data)) as { type: string; ref?: string; changes?: { hlc: string }[] };
							if (message.type === 'ack' && message.ref) acks.get(message.ref)?.();
							if (message.type !== 'changes') return;
							const now = performance.now();
							for (const change of message.changes ?? []) {
								if (seen.has(change.hlc)) {
									duplicated++;
									continue;
								}
								seen.add(change.hlc);
								received.set(change.hlc, (received.get(change.hlc) ?? 0) + 1);
								const sent = sentAt.get(change.hlc);
								if (sent !== undefined) latencies.push(now - sent);
							}
						});
						socket.once('open', () => resolve({ socket, index, acks }));
						socket.once('error', reject);
					})
			)
		);
		// The accounts' password hashing (scrypt, 128 MiB each) is setup: the peak is measured from here.
		writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
		process.stdout.write(`${database}: ${MEMBERS} members × ${EDITS} edits…\n`);
		const started = performance.now();
		await Promise.all(
			sockets.map(async ({ socket, index, acks }) => {
				const own = new HybridClock(`member${index}`);
				for (let i = 0; i < EDITS; i++) {
					const hlc = own.now();
					const ref = `${index}-${i}`;
					const acked = new Promise<void>((resolve) => acks.set(ref, resolve));
					sentAt.set(hlc, performance.now());
					socket.send(JSON.stringify({ type: 'push', ref, changes: [{ entity: 'motives', id: `m-${index}`, field: 'owner', value: `edit ${i}`, hlc }] }));
					await acked;
					acks.delete(ref);
					await new Promise((r) => setTimeout(r, THINK_MS * (0.5 + Math.random())));
				}
			})
		);
		const seconds = (performance.now() - started) / 1000;
		// Let the last deliveries arrive.
		await new Promise((r) => setTimeout(r, 1000));
		for (const { socket } of sockets) socket.close();
		const expected = MEMBERS * EDITS * (MEMBERS - 1);
		let delivered = 0;
		for (const count of received.values()) delivered += count;
		latencies.sort((a, b) => a - b);
		return {
			database,
			thinkMs: THINK_MS,
			members: MEMBERS,
			edits: MEMBERS * EDITS,
			seconds: Number(seconds.toFixed(1)),
			editsPerSecond: Math.round((MEMBERS * EDITS) / seconds),
			deliveries: delivered,
			p50: Math.round(percentile(latencies, 50)),
			p95: Math.round(percentile(latencies, 95)),
			max: Math.round(latencies[latencies.length - 1]),
			lost: expected - delivered,
			duplicated,
			peakRssMiB: peakRss(child.pid as number)
		};
	} finally {
		child.kill('SIGTERM');
	}
}

const results: Result[] = [];
const data = mkdtempSync(join(tmpdir(), 'parcours-bench-'));
try {
	results.push(await run('embedded (PGlite)', ['--data', data]));
	if (!argv.includes('--embedded-only')) {
		const postgres = await startPostgres();
		if (!postgres) process.stdout.write('PostgreSQL binaries not found: PostgreSQL run skipped.\n');
		else {
			try {
				const client = await postgres.connect();
				await client.query('alter system set fsync = on');
				await client.query('select pg_reload_conf()');
				await client.query('create database bench');
				await client.end();
				results.push(await run('PostgreSQL', ['--database', `postgres://postgres@localhost/bench?host=${encodeURIComponent(postgres.host)}&port=${postgres.port}`]));
			} finally {
				postgres.stop();
			}
		}
	}
} finally {
	rmSync(data, { recursive: true, force: true });
}

console.table(results);
for (const r of results) {
	const ok = r.p95 <= GOAL_P95_MS && r.lost === 0 && r.duplicated === 0;
	process.stdout.write(`${r.database}: p95 ${r.p95} ms (goal ≤ ${GOAL_P95_MS}), lost ${r.lost}, duplicated ${r.duplicated}: ${ok ? 'goal met' : 'GOAL MISSED'}\n`);
}
writeFileSync(join('bench', `server-results-think-${THINK_MS}.json`), JSON.stringify({ date: new Date().toISOString(), results }, null, 2) + '\n');
