import { describe, expect, it } from 'vitest';
import { DEMO_DATA } from '$lib/analysis/generate-model';
import {
	parseWorkspaceFile,
	serializeWorkspace,
	serializeWorkspaceParts,
	WORKSPACE_FILE_VERSION
} from '$lib/domain/workspace-file';
import { Engine } from '$lib/workers/engine-core';
import {
	FileDatasetError,
	fromBase64,
	readFileDatasets,
	toBase64,
	workspaceDatasetParts
} from './workspace-file-datasets';
import { freshStore } from './test-store';

const NOW = new Date('2026-06-15T12:00:00Z');

async function exported(options: { contacts: number }) {
	const store = freshStore();
	const workspace = await store.workspaceRepo.create({ name: 'Client' });
	const engine = new Engine(store);
	const made = await engine.generateDemo(workspace.id, { contacts: options.contacts, now: NOW });
	const content = await store.workspaceRepo.exportContent(workspace.id);
	const parts = serializeWorkspaceParts(content, NOW, {}, await workspaceDatasetParts(store.datasetRepo, workspace.id));
	return { store, engine, workspace, made, text: parts.join(''), parts };
}

/** The file with one change to its first dataset. */
function damaged(
	text: string,
	change: (dataset: { dataset: Record<string, unknown>; chunks: Record<string, unknown>[] }) => void
): string {
	const file = JSON.parse(text);
	change(file.datasets[0]);
	return JSON.stringify(file);
}

describe('base64 of chunks', () => {
	it('gives back the same bytes, across the slices it is written in', () => {
		const bytes = new Uint8Array(100_003).map((_, i) => (i * 7919) % 256);
		const back = new Uint8Array(fromBase64(toBase64(bytes.buffer)));
		expect(back).toEqual(bytes);
		expect(new Uint8Array(fromBase64(toBase64(new ArrayBuffer(0)))).length).toBe(0);
	});
});

describe('a workspace file with its logs', () => {
	it(
		'round-trips the demo-sized contact, web and event logs: the same columns and the same headline figures',
		{ timeout: 120_000 },
		async () => {
			const { store, engine, workspace, made, text, parts } = await exported({ contacts: DEMO_DATA.contacts });
			// Each chunk is its own part of the file: no part holds the whole log.
			expect(parts.length).toBeGreaterThan(10);
			const parsed = parseWorkspaceFile(text);
			if (!parsed.ok) throw new Error(parsed.error.code);
			expect(JSON.parse(text).version).toBe(WORKSPACE_FILE_VERSION);
			expect(parsed.datasets).toHaveLength(made.length);
			expect(made.map((d) => d.kind)).toEqual(['contacts', 'web', 'events']);

			const copy = await store.workspaceRepo.importContent(parsed.content, parsed.datasets);
			const copied = await store.datasetRepo.list(copy.id);
			expect(copied.map((d) => [d.kind, d.rows, d.name]).sort()).toEqual(
				made.map((d) => [d.kind, d.rows, d.name]).sort()
			);
			for (const original of made) {
				const again = copied.find((d) => d.kind === original.kind)!;
				expect(again.id).not.toBe(original.id);
				const before = await engine.loadTable(workspace.id, original.id);
				const after = await engine.loadTable(copy.id, again.id);
				expect(Array.from(after.table.time)).toEqual(Array.from(before.table.time));
				expect(Array.from(after.table.customer)).toEqual(Array.from(before.table.customer));
				expect(after.table.customers).toEqual(before.table.customers);
			}
			const contacts = made.find((d) => d.kind === 'contacts')!;
			const before = await engine.analyze(workspace.id, { datasetId: contacts.id, settings: {} });
			const after = await engine.analyze(copy.id, {
				datasetId: copied.find((d) => d.kind === 'contacts')!.id,
				settings: {}
			});
			expect(after.fcr).toBe(before.fcr);
			expect(after.fcr).toBeGreaterThan(0.3);
			expect(after).toEqual(before);
		}
	);

	it('leaves the logs out unless asked, and reads a file without them', async () => {
		const store = freshStore();
		const workspace = await store.workspaceRepo.create({ name: 'Client' });
		await new Engine(store).generateDemo(workspace.id, { contacts: 500, now: NOW });
		const text = serializeWorkspace(await store.workspaceRepo.exportContent(workspace.id), NOW);
		expect(text).not.toContain('"datasets"');
		const parsed = parseWorkspaceFile(text);
		expect(parsed.ok && parsed.datasets).toBeUndefined();
	});

	it('refuses a damaged dataset by its name and changes nothing', async () => {
		const { store, text } = await exported({ contacts: 2000 });
		const before = {
			workspaces: await store.db.workspaces.count(),
			datasets: await store.db.datasets.count(),
			chunks: await store.db.datasetChunks.count()
		};
		const cases: [string, string, RegExp][] = [
			[
				'a chunk cut short',
				damaged(
					text,
					(d) =>
						(d.chunks.find((c) => c.column === 'time')!.base64 = (
							d.chunks.find((c) => c.column === 'time')!.base64 as string
						).slice(0, 320))
				),
				/time/
			],
			[
				'a chunk of an odd length',
				damaged(
					text,
					(d) =>
						(d.chunks.find((c) => c.column === 'time')!.base64 = (
							d.chunks.find((c) => c.column === 'time')!.base64 as string
						).slice(0, 400))
				),
				/time/
			],
			[
				'a chunk missing',
				damaged(text, (d) =>
					d.chunks.splice(
						d.chunks.findIndex((c) => c.column === 'customer'),
						1
					)
				),
				/customer/
			],
			['a chunk not base64', damaged(text, (d) => (d.chunks.find((c) => 'base64' in c)!.base64 = '@@@')), /base64/],
			[
				'more rows than the columns',
				damaged(text, (d) => (d.dataset.rows = (d.dataset.rows as number) + 1)),
				/incomplete/
			],
			['no metadata', damaged(text, (d) => delete (d as Partial<typeof d>).dataset), /metadata/]
		];
		for (const [what, file, reason] of cases) {
			const parsed = parseWorkspaceFile(file);
			if (!parsed.ok) throw new Error(`${what}: ${parsed.error.code}`);
			const error = await store.workspaceRepo.importContent(parsed.content, parsed.datasets).catch((e: unknown) => e);
			expect(error, what).toBeInstanceOf(FileDatasetError);
			expect((error as FileDatasetError).detail, what).toMatch(reason);
			if (what !== 'no metadata') expect((error as FileDatasetError).dataset, what).toMatch(/démo/);
		}
		expect({
			workspaces: await store.db.workspaces.count(),
			datasets: await store.db.datasets.count(),
			chunks: await store.db.datasetChunks.count()
		}).toEqual(before);
	});

	it('refuses a list of datasets that is not a list', () => {
		expect(() => readFileDatasets({}, 'w', () => 'd')).toThrow(FileDatasetError);
		expect(readFileDatasets(undefined, 'w', () => 'd')).toEqual([]);
	});
});
