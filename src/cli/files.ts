/** Files on disk: readable checks and one-sentence descriptions of what went wrong. */
import { open, stat } from 'node:fs/promises';
import type { ByteReader } from '../lib/analysis/ingest/index';
import { UsageError } from './args';
import { errorMessage } from '../lib/domain/guards';

const REASONS: Record<string, string> = {
	ENOENT: 'no such file',
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	EISDIR: 'it is a directory',
	ENOTDIR: 'a part of the path is not a directory',
	EMFILE: 'too many open files',
	EIO: 'the disk could not be read',
	ENOSPC: 'the disk is full',
	EROFS: 'the disk is read-only'
};

/** `no such file`: what went wrong, in words, for a Node file error. */
export function fileErrorReason(error: unknown): string {
	const code = (error as { code?: unknown } | null)?.code;
	return (typeof code === 'string' && REASONS[code]) || errorMessage(error).replace(/\.$/, '');
}

/** `cannot read "x.csv": no such file.` */
export function describeFileError(path: string, error: unknown, verb = 'read'): string {
	return `Cannot ${verb} "${path}": ${fileErrorReason(error)}.`;
}

/** Throws a UsageError when `path` is not a readable regular file. */
export async function checkReadable(path: string): Promise<number> {
	try {
		const info = await stat(path);
		if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
		return info.size;
	} catch (error) {
		throw new UsageError(describeFileError(path, error), 1);
	}
}

/**
 * `use` with the bytes of the file at `path` as a `ByteReader` (read into the ingest's own buffers,
 * not through a stream's chunks); the file is closed after.
 */
export async function withFileBytes<T>(path: string, use: (bytes: ByteReader) => Promise<T>): Promise<T> {
	const file = await open(path, 'r');
	try {
		let position = 0;
		return await use({
			readInto: async (buffer, offset, length) => {
				const { bytesRead } = await file.read(buffer, offset, length, position);
				position += bytesRead;
				return bytesRead;
			}
		});
	} finally {
		await file.close();
	}
}
