/**
 * Durability of the team server: a change is acknowledged only once committed. The server runs
 * as its own process (`parcours serve`, embedded database in a folder), is killed with SIGKILL in
 * the middle of a burst of writes, and started again on the same folder: every acknowledged
 * change is there, and the session survives the restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentChanges, type FieldChange } from '../lib/domain/entity-fields';
import { HybridClock } from '../lib/domain/hlc';
import { content } from '../lib/domain/test-factories';
import { Member } from '../../tests/fixtures/team-server';
import type { RunningServer } from './serve';

const dir = mkdtempSync(join(tmpdir(), 'parcours-durability-'));
const children: ChildProcess[] = [];
afterAll(() => {
	for (const child of children) child.kill('SIGKILL');
	rmSync(dir, { recursive: true, force: true });
});

/** Starts `parcours serve` on a free port; resolves once it listens, with its URL and setup link. */
function serve(): Promise<{ child: ChildProcess; url: string; setupLink?: string }> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/parcours.ts', 'serve', '--port', '0', '--data', dir], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.push(child);
	return new Promise((resolve, reject) => {
		let output = '';
		child.stdout?.on('data', (chunk) => {
			output += String(chunk);
			const url = output.match(/team server on (http:\/\/\S+) /)?.[1];
			if (url) resolve({ child, url, setupLink: output.match(/(http:\/\/\S+\/team\/setup\?token=\S+)/)?.[1] });
		});
		child.stderr?.on('data', (chunk) => (output += String(chunk)));
		child.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
	});
}

describe('team server durability', () => {
	it('keeps every acknowledged change when killed with SIGKILL mid-burst', async () => {
		const first = await serve();
		const server = { url: first.url, setupLink: first.setupLink } as RunningServer;
		const admin = await new Member(server, 'admin@example.org', 'Admin').setUp();
		const clock = new HybridClock('burst');
		const workspace = content('durable');
		expect((await admin.api('POST', '/api/workspaces', { id: 'durable', name: 'Durable', changes: contentChanges(workspace, () => clock.now()) })).status).toBe(201);

		const acknowledged: FieldChange[] = [];
		let stop = false;
		// Four writers in parallel, each sending one change after the other until the server dies.
		const writer = async (n: number) => {
			for (let i = 0; !stop; i++) {
				const change: FieldChange = { entity: 'motives', id: workspace.motives[0].id, field: 'owner', value: `writer ${n} #${i}`, hlc: clock.now() };
				const article: FieldChange = { entity: 'articles', id: workspace.articles[0].id, field: 'body', value: `body ${n} #${i}`, hlc: clock.now() };
				try {
					const answer = await admin.api('POST', '/api/workspaces/durable/changes', { changes: [change, article] });
					if (answer.status === 200) acknowledged.push(change, article);
				} catch {
					return;
				}
			}
		};
		const writers = [0, 1, 2, 3].map(writer);
		while (acknowledged.length < 60) await new Promise((r) => setTimeout(r, 20));
		first.child.kill('SIGKILL');
		stop = true;
		await Promise.all(writers);
		if (first.child.exitCode === null && first.child.signalCode === null) await new Promise((resolve) => first.child.once('exit', resolve));

		const second = await serve();
		server.url = second.url;
		const { body } = await admin.api<{ changes: FieldChange[] }>('GET', '/api/workspaces/durable/changes?since=0');
		expect(body.changes.length).toBeGreaterThan(0);
		const history = await admin.api<{ entries: { value?: unknown; hlc: string }[] }>('GET', '/api/workspaces/durable/history?limit=1000');
		const kept = new Set(history.body.entries.map((e) => e.hlc));
		const lost = acknowledged.filter((c) => !kept.has(c.hlc));
		expect(lost).toEqual([]);
		// The last acknowledged value of each field is the one served (clocks only grow here).
		const last = acknowledged.filter((c) => c.field === 'owner').at(-1);
		const owner = body.changes.find((c) => c.field === 'owner' && c.entity === 'motives');
		expect(owner && last && owner.hlc >= last.hlc).toBe(true);
	}, 120_000);
});
