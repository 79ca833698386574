/**
 * The contact and web logs in a workspace file (format version 4), when the user asks for them:
 * each dataset's row of metadata (without its workspace) and its chunks, an ArrayBuffer as
 * base64, a dictionary's text as text. Written chunk by chunk as parts of a `Blob`, so a large log
 * is never one string; read back checked dataset by dataset, the dataset named when one is wrong.
 */
import type { Id } from '$lib/domain/types';
import type { Dataset, DatasetChunk, StoredDataset } from './datasets';

/** A chunk as written in the file. */
type FileChunk = { column: string; index: number; base64: string } | { column: string; index: number; text: string };

/** Base64 of bytes, by slices so a big buffer never goes through one huge argument list. */
export function toBase64(buffer: ArrayBuffer): string {
	const bytes = new Uint8Array(buffer);
	let out = '';
	const SLICE = 0x6000; // a multiple of 3: the slices' base64 join without padding in between
	for (let at = 0; at < bytes.length; at += SLICE) {
		out += btoa(String.fromCharCode(...bytes.subarray(at, at + SLICE)));
	}
	return out;
}

export function fromBase64(text: string): ArrayBuffer {
	const binary = atob(text);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes.buffer;
}

/**
 * The JSON text of one dataset in the file's `datasets` list, as parts to concatenate: its row,
 * then one part per chunk.
 */
export function datasetParts(dataset: Dataset, chunks: readonly DatasetChunk[], indent = '    '): string[] {
	const { workspaceId: _workspace, ...row } = dataset;
	// How many chunks each column has, so a chunk or a column lost from the file is noticed.
	const counts: Record<string, number> = {};
	for (const chunk of chunks) counts[chunk.column] = (counts[chunk.column] ?? 0) + 1;
	const parts = [
		`{\n${indent}  "dataset": ${JSON.stringify(row)},\n${indent}  "chunkCounts": ${JSON.stringify(counts)},\n${indent}  "chunks": [`
	];
	chunks.forEach((chunk, i) => {
		const written: FileChunk =
			typeof chunk.data === 'string'
				? { column: chunk.column, index: chunk.index, text: chunk.data }
				: { column: chunk.column, index: chunk.index, base64: toBase64(chunk.data) };
		parts.push(`${i ? ',' : ''}\n${indent}    ${JSON.stringify(written)}`);
	});
	parts.push(`\n${indent}  ]\n${indent}}`);
	return parts;
}

/** Why a dataset of a file is refused, naming it. */
export class FileDatasetError extends Error {
	constructor(
		readonly dataset: string,
		readonly detail: string
	) {
		super(`The dataset “${dataset}” of the file is damaged: ${detail}`);
	}
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The datasets a file carried, checked and ready to store under `workspaceId`, each with a new id
 * (chunks are keyed by their dataset's id, so a file imported twice must not collide). Throws
 * `FileDatasetError` for the first dataset that is incomplete or damaged. Each chunk's base64 is
 * removed from `raw` once decoded.
 */
export function readFileDatasets(raw: unknown, workspaceId: Id, newId: () => Id): StoredDataset[] {
	if (raw === undefined) return [];
	if (!Array.isArray(raw)) throw new FileDatasetError('?', 'the list of datasets is not a list');
	return raw.map((entry, position) => {
		const name =
			isRecord(entry) && isRecord(entry.dataset) && typeof entry.dataset.name === 'string'
				? entry.dataset.name
				: `#${position + 1}`;
		const fail = (detail: string): never => {
			throw new FileDatasetError(name, detail);
		};
		if (!isRecord(entry) || !isRecord(entry.dataset) || !Array.isArray(entry.chunks))
			return fail('its metadata or its chunks are missing');
		const row = entry.dataset;
		if (typeof row.id !== 'string' || !row.id) fail('it has no id');
		if (typeof row.kind !== 'string' || !row.kind) fail('it has no kind');
		if (typeof row.rows !== 'number' || !Number.isInteger(row.rows) || row.rows < 0)
			fail('its number of rows is not a whole number');
		if (!Array.isArray(row.columns) || !isRecord(row.dictionaries)) fail('its columns or dictionaries are missing');
		const id = newId();
		const dataset = { ...(row as unknown as Omit<Dataset, 'workspaceId'>), id, workspaceId };
		const seen = new Set<string>();
		const chunks: DatasetChunk[] = entry.chunks.map((chunk: unknown): DatasetChunk => {
			if (
				!isRecord(chunk) ||
				typeof chunk.column !== 'string' ||
				typeof chunk.index !== 'number' ||
				!Number.isInteger(chunk.index) ||
				chunk.index < 0
			) {
				return fail('a chunk has no column or index');
			}
			const key = `${chunk.column}/${chunk.index}`;
			if (seen.has(key)) fail(`the chunk ${key} is there twice`);
			seen.add(key);
			let data: ArrayBuffer | string;
			if (typeof chunk.text === 'string') data = chunk.text;
			else if (typeof chunk.base64 === 'string') {
				try {
					data = fromBase64(chunk.base64);
					// The text is let go once decoded, so a big log is not held twice.
					delete chunk.base64;
				} catch {
					return fail(`the chunk ${key} is not base64`);
				}
			} else return fail(`the chunk ${key} has no data`);
			return { datasetId: id, workspaceId, column: chunk.column, index: chunk.index, data };
		});
		const expected = isRecord(entry.chunkCounts) ? entry.chunkCounts : fail('its list of chunks is missing');
		// Each column's chunks numbered from 0 without a gap, as the store reads them back.
		const counts = new Map<string, number[]>();
		for (const chunk of chunks) counts.set(chunk.column, [...(counts.get(chunk.column) ?? []), chunk.index]);
		for (const [column, count] of Object.entries(expected)) {
			if ((counts.get(column)?.length ?? 0) !== count) fail(`the column “${column}” misses chunks`);
		}
		for (const column of counts.keys())
			if (!(column in expected)) fail(`the column “${column}” is not in its list of chunks`);
		for (const [column, indexes] of counts) {
			if (Math.max(...indexes) !== indexes.length - 1) fail(`the column “${column}” misses chunks`);
		}
		// Each column of values holds one value per row, of one width (1, 2, 4 or 8 bytes), cut in
		// chunks of `chunkRows` rows: a column cut short, or a chunk of another length, is refused.
		const chunkRows =
			typeof row.chunkRows === 'number' && row.chunkRows > 0 ? row.chunkRows : fail('its rows per chunk are missing');
		const rows = row.rows as number;
		const buffers = new Map<string, ArrayBuffer[]>();
		for (const chunk of [...chunks].sort((a, b) => a.index - b.index)) {
			if (typeof chunk.data !== 'string') buffers.set(chunk.column, [...(buffers.get(chunk.column) ?? []), chunk.data]);
		}
		for (const [column, parts] of buffers) {
			if (parts.length !== counts.get(column)!.length) fail(`the column “${column}” mixes values and text`);
			const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
			const width = rows ? total / rows : 0;
			const widthOk = rows ? [1, 2, 4, 8].includes(width) : total === 0;
			const lengthsOk =
				widthOk &&
				parts.every(
					(part, i) =>
						part.byteLength === Math.max(0, Math.min(chunkRows, rows - i * chunkRows)) * width ||
						(!rows && !part.byteLength)
				);
			if (!lengthsOk) fail(`the column “${column}” is incomplete (${total} bytes for ${rows} rows)`);
		}
		return { dataset: dataset as Dataset, chunks };
	});
}

/**
 * Every dataset of a workspace as file parts (`datasetParts`), read one dataset at a time: the
 * chunks of one are let go once encoded.
 */
export async function workspaceDatasetParts(
	repo: { list(workspaceId: Id): Promise<Dataset[]>; chunks(datasetId: Id): Promise<DatasetChunk[]> },
	workspaceId: Id
): Promise<string[][]> {
	const out: string[][] = [];
	// Oldest first, as they were imported.
	for (const dataset of (await repo.list(workspaceId)).reverse())
		out.push(datasetParts(dataset, await repo.chunks(dataset.id)));
	return out;
}
