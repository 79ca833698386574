/**
 * Convergence of team sync, as a property: three browsers (each its own IndexedDB, the app's real
 * store and sync log) edit, delete and create entities of one shared workspace in any order, go
 * offline and come back, while the server (the real one, on the embedded database) merges what
 * they send. Once all are back and have synced, the three copies are identical and no edit the
 * server acknowledged is lost (its field holds it, or a write with a later clock).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acknowledge, applyRemote, localClock, markShared, outbox } from '../lib/db/sync-log';
import { freshStore } from '../lib/db/test-store';
import { contentChanges, type FieldChange } from '../lib/domain/entity-fields';
import { compareHlc } from '../lib/domain/hlc';
import { article, content, motive } from '../lib/domain/test-factories';
import type { WorkspaceContent } from '../lib/domain/types';
import { TEST_SCRYPT } from '../../tests/fixtures/team-server';
import { createUser, type User } from './accounts';
import { openEmbedded, type Database } from './database';
import { migrate } from './migrations';
import { changesSince } from './sync';
import { Team } from './team';

let db: Database;
let team: Team;
let user: User;

beforeAll(async () => {
	db = await openEmbedded(null);
	await migrate(db);
	team = new Team(db, { scrypt: TEST_SCRYPT });
	user = await createUser(db, { email: 'sync@example.org', name: 'Sync', password: 'long enough password', isAdmin: false }, TEST_SCRYPT);
}, 60_000);
afterAll(() => db?.close());

type Replica = ReturnType<typeof freshStore> & { online: boolean };

const FIELDS = ['owner', 'description', 'systemRecording', 'dataFlows'] as const;
const MOTIVES = ['motive-a', 'motive-b'];
const ARTICLES = ['article-a', 'article-b', 'article-c'];

type Command =
	| { kind: 'edit'; replica: number; motive: number; field: (typeof FIELDS)[number]; value: string }
	| { kind: 'article'; replica: number; article: number; title: string }
	| { kind: 'delete'; replica: number; article: number }
	| { kind: 'online'; replica: number; online: boolean }
	| { kind: 'sync'; replica: number };

const replicaIndex = fc.integer({ min: 0, max: 2 });
const command: fc.Arbitrary<Command> = fc.oneof(
	fc.record({ kind: fc.constant('edit' as const), replica: replicaIndex, motive: fc.integer({ min: 0, max: 1 }), field: fc.constantFrom(...FIELDS), value: fc.string({ maxLength: 6 }) }),
	fc.record({ kind: fc.constant('article' as const), replica: replicaIndex, article: fc.integer({ min: 0, max: 2 }), title: fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim().length > 0) }),
	fc.record({ kind: fc.constant('delete' as const), replica: replicaIndex, article: fc.integer({ min: 0, max: 2 }) }),
	fc.record({ kind: fc.constant('online' as const), replica: replicaIndex, online: fc.boolean() }),
	fc.record({ kind: fc.constant('sync' as const), replica: replicaIndex })
);

let runs = 0;

/** Pushes a replica's outbox (acknowledged changes recorded), then catches it up. */
async function sync(replica: Replica, workspaceId: string, acknowledged: FieldChange[]): Promise<void> {
	if (!replica.online) return;
	const queued = await outbox(replica.db, workspaceId);
	if (queued.length) {
		const changes = queued.map((r) => r.change);
		await team.write(workspaceId, user, changes);
		acknowledged.push(...changes);
		await acknowledge(replica.db, queued.map((r) => r.n as number));
	}
	const since = (await replica.db.shared.get(workspaceId))?.seq ?? 0;
	const missed = await changesSince(db, workspaceId, since);
	await applyRemote(replica.db, workspaceId, missed.changes, missed.seq);
}

/** A copy's model without what each replica stamps for itself. */
function comparable(copy: WorkspaceContent) {
	const { updatedAt: _u, createdAt: _c, ...workspace } = copy.workspace;
	return { ...copy, workspace, journeys: copy.journeys.map(({ updatedAt: _j, ...journey }) => journey) };
}

describe('team sync convergence', () => {
	it('three replicas that edit, delete, create, go offline and come back end identical, with no acknowledged edit lost', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 40 }), async (commands) => {
				const replicas: Replica[] = [0, 1, 2].map(() => ({ ...freshStore(), online: true }));
				const base = content();
				base.motives = MOTIVES.map((id) => motive({ id, themeId: 'theme-billing-amount', crmCodes: [id] }));
				base.articles = ARTICLES.slice(0, 2).map((id) => article({ id, title: id }));
				base.actions = [];
				// The guide and the feedback of `content()` name a motive and an article replaced here.
				base.guides = [];
				base.feedback = [];
				const workspace = await replicas[0].workspaceRepo.importContent(base);
				const workspaceId = workspace.id;
				const published = contentChanges(await replicas[0].workspaceRepo.exportContent(workspaceId), () => localClock.now());
				const created = await team.createWorkspace(user, workspaceId, `run ${++runs}`, published);
				if (!created) throw new Error('workspace id taken');
				await markShared(replicas[0].db, { workspaceId, seq: created.seq, role: 'owner', userId: user.id }, published);
				for (const replica of replicas.slice(1)) {
					await replica.db.shared.put({ workspaceId, seq: 0, role: 'editor', userId: user.id });
				}
				const acknowledged: FieldChange[] = [];
				for (const replica of replicas.slice(1)) await sync(replica, workspaceId, acknowledged);

				for (const step of commands) {
					const replica = replicas[step.replica];
					if (step.kind === 'edit') {
						const stored = await replica.motiveRepo.get(workspaceId, MOTIVES[step.motive]);
						if (stored) await replica.motiveRepo.put({ ...stored, [step.field]: step.value });
					} else if (step.kind === 'article') {
						const id = ARTICLES[step.article];
						const stored = await replica.articleRepo.get(workspaceId, id);
						await replica.articleRepo.put(stored ? { ...stored, title: step.title } : article({ id, workspaceId, title: step.title }));
					} else if (step.kind === 'delete') {
						await replica.articleRepo.remove(workspaceId, ARTICLES[step.article]);
					} else if (step.kind === 'online') replica.online = step.online;
					else await sync(replica, workspaceId, acknowledged);
				}

				for (const replica of replicas) replica.online = true;
				for (let round = 0; round < 2; round++) for (const replica of replicas) await sync(replica, workspaceId, acknowledged);

				const copies = await Promise.all(replicas.map(async (r) => comparable(await r.workspaceRepo.exportContent(workspaceId))));
				expect(copies[1]).toEqual(copies[0]);
				expect(copies[2]).toEqual(copies[0]);
				const fields = await db.query<{ entity: string; entity_id: string; field: string; hlc: string }>(
					'select entity, entity_id, field, hlc from fields where workspace_id = $1',
					[workspaceId]
				);
				const clockOf = new Map(fields.map((f) => [JSON.stringify([f.entity, f.entity_id, f.field]), f.hlc]));
				for (const change of acknowledged) {
					expect(compareHlc(clockOf.get(JSON.stringify([change.entity, change.id, change.field])), change.hlc)).toBeGreaterThanOrEqual(0);
				}
				for (const replica of replicas) replica.db.close();
			}),
			{
				numRuns: 25,
				// Interleavings that once broke convergence, replayed on every run: a replica that had
				// deleted an article revived it from another's later field writes; a replica that
				// received a deletion lost the values it needed when the article was brought back.
				examples: [
					[[{ kind: 'delete', replica: 1, article: 1 }, { kind: 'edit', replica: 0, motive: 0, field: 'owner', value: '' }, { kind: 'online', replica: 0, online: false }, { kind: 'article', replica: 1, article: 1, title: '!' }, { kind: 'delete', replica: 0, article: 0 }, { kind: 'delete', replica: 0, article: 1 }]],
					[[{ kind: 'delete', replica: 2, article: 0 }, { kind: 'sync', replica: 2 }, { kind: 'article', replica: 0, article: 0, title: '!' }, { kind: 'edit', replica: 0, motive: 0, field: 'owner', value: '' }, { kind: 'article', replica: 2, article: 0, title: '!' }, { kind: 'article', replica: 0, article: 0, title: '"' }]]
				]
			}
		);
	}, 300_000);
});
