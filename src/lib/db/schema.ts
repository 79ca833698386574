/**
 * The history of the database schema, as data. Versions are appended, never edited: a browser
 * that opened version k upgrades through every later entry. An upgrade carries its own frozen data
 * (never a constant imported from live code), so it means tomorrow what it meant when written.
 *
 * Each entity table is keyed by `[workspaceId+id]`: a duplicated or imported workspace keeps its
 * entity ids, so references between entities stay valid; only `workspaceId` changes.
 */
import type { Transaction } from 'dexie';

export interface SchemaVersion {
	version: number;
	/** Dexie store declarations: `null` deletes a table. */
	stores: Record<string, string | null>;
	upgrade?: (tx: Transaction) => Promise<void> | void;
}

export const VERSIONS: readonly SchemaVersion[] = [
	{
		version: 1,
		stores: {
			workspaces: 'id, updatedAt',
			journeys: '[workspaceId+id], workspaceId',
			themes: '[workspaceId+id], workspaceId',
			motives: '[workspaceId+id], workspaceId',
			sources: '[workspaceId+id], workspaceId',
			articles: '[workspaceId+id], workspaceId',
			rules: '[workspaceId+id], workspaceId',
			actions: '[workspaceId+id], workspaceId',
			meta: 'key'
		}
	},
	{
		// Imported datasets: one row of metadata per dataset, its columns stored as typed-array
		// slices (`datasetChunks`), never a row per contact. Nothing to carry over from version 1.
		version: 2,
		stores: {
			datasets: '[workspaceId+id], workspaceId',
			datasetChunks: '[datasetId+column+index], datasetId, workspaceId'
		}
	},
	{
		// Pseudonyms become HMAC-SHA-256 under a secret key. Datasets pseudonymised before say they
		// were made by the older function (their pseudonyms match no new import), and the older
		// function's salt, with which anyone holding the database could reverse them, is dropped.
		version: 3,
		stores: {},
		upgrade: async (tx) => {
			await tx
				.table('datasets')
				.toCollection()
				.modify((dataset: { pseudonymised?: boolean; pseudonymisation?: string }) => {
					if (dataset.pseudonymised && !dataset.pseudonymisation) dataset.pseudonymisation = 'legacy-mix';
				});
			await tx
				.table('workspaces')
				.toCollection()
				.modify((workspace: { pseudonymSalt?: string }) => {
					delete workspace.pseudonymSalt;
				});
		}
	},
	{
		// Per-field versions of each journey (`journeyClocks`), so two tabs (later a team server)
		// merge their edits field by field. A journey written before keeps one version for all its
		// fields: the hybrid clock of its `updatedAt`, written here in the clock's text form.
		version: 4,
		stores: {
			journeyClocks: '[workspaceId+journeyId], workspaceId'
		},
		async upgrade(tx) {
			const rows: { workspaceId: string; journeyId: string; since: string; clocks: Record<string, string> }[] = [];
			await tx
				.table('journeys')
				.each((journey: { workspaceId: string; id: string; updatedAt: string }) => {
					const wall = Date.parse(journey.updatedAt);
					const since = `${String(Number.isFinite(wall) ? wall : 0).padStart(13, '0')}-000000-upgrade`;
					rows.push({ workspaceId: journey.workspaceId, journeyId: journey.id, since, clocks: {} });
				});
			if (rows.length) await tx.table('journeyClocks').bulkPut(rows);
		}
	},
	{
		// Team sync (`sync-log.ts`): the workspaces shared with a team server, the clock of each
		// field of their entities, and the outbox of local edits not yet acknowledged. Nothing to
		// carry over: no workspace was shared before.
		version: 5,
		stores: {
			shared: 'workspaceId',
			fieldClocks: '[workspaceId+entity+entityId], workspaceId',
			outbox: '++n, workspaceId'
		}
	},
	{
		// Treatment guides (one motive's guide for the advisor console) and the feedback advisors
		// give on articles, each indexed by what it belongs to. New tables: nothing to carry over.
		version: 6,
		stores: {
			guides: '[workspaceId+id], workspaceId, [workspaceId+motiveId]',
			feedback: '[workspaceId+id], workspaceId, [workspaceId+articleId]'
		}
	},
	{
		// The wrap-up log of the advisor console (`domain/wrap-up.ts`): one row per contact wrapped
		// up at the end of a treatment guide, listed by the time it ended. Customer ids are in it, so
		// it is not an entity table: the sync log leaves it alone and the workspace file omits it.
		// Nothing to carry over: no wrap-up was written before.
		version: 7,
		stores: {
			wrapups: '[workspaceId+id], workspaceId, [workspaceId+endedAt]'
		}
	},
	{
		// The undo and redo steps of each journey and guide edited in this browser, so that a reload
		// keeps them. A person's own editing history: not an entity table, so the sync log leaves it
		// alone and the workspace file omits it. Nothing to carry over: no history was kept before.
		version: 9,
		stores: {
			editHistory: '[workspaceId+key], workspaceId'
		}
	}
];

export const CURRENT_VERSION = VERSIONS[VERSIONS.length - 1].version;
export const DATABASE_NAME = 'parcours';
