/** Text files written in large synchronous chunks, for the commands that write CSV. */
import { closeSync, openSync, writeSync } from 'node:fs';
import { UsageError } from './args';
import { describeFileError } from './files';

/** Lines are encoded into a buffer of this size, written when full. */
const CHUNK = 4 << 20;
/** Longest line expected; a longer one is written on its own. */
const LINE_MAX = 64 << 10;

/**
 * A file written in large synchronous chunks: lines are encoded straight into one reused
 * buffer, so millions of rows make no large intermediate strings; no back-pressure to manage.
 */
export class CsvWriter {
	private readonly fd: number;
	private readonly buffer = Buffer.allocUnsafe(CHUNK);
	private used = 0;

	/** `overwrite: false` refuses a file that exists (UsageError naming it). @default true */
	constructor(
		readonly path: string,
		header: string,
		overwrite = true
	) {
		try {
			this.fd = openSync(path, overwrite ? 'w' : 'wx');
		} catch (error) {
			if ((error as { code?: unknown }).code === 'EEXIST') {
				throw new UsageError(`The file "${path}" exists already; add --force to replace it.`, 1);
			}
			throw new UsageError(describeFileError(path, error, 'write'), 1);
		}
		this.add(header);
	}

	add(line: string): void {
		if (this.used + LINE_MAX + 1 > CHUNK) this.flush();
		if (line.length * 3 > LINE_MAX) {
			this.flush();
			this.write(Buffer.from(line + '\n'));
			return;
		}
		this.used += this.buffer.write(line, this.used);
		this.buffer[this.used++] = 10;
	}

	flush(): void {
		if (this.used === 0) return;
		this.write(this.buffer.subarray(0, this.used));
		this.used = 0;
	}

	private write(bytes: Uint8Array): void {
		try {
			for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done);
		} catch (error) {
			throw new UsageError(describeFileError(this.path, error, 'write'), 1);
		}
	}

	close(): void {
		this.flush();
		closeSync(this.fd);
	}
}
