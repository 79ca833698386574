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
	}
];

export const CURRENT_VERSION = VERSIONS[VERSIONS.length - 1].version;
export const DATABASE_NAME = 'parcours';
