/**
 * One byte range of a contact file, read from disk and ingested: the work of each thread of
 * `readContactsFile` (the main thread's own range and each worker's).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import {
	countQuotes,
	ingestContactRange,
	recordStartAfter,
	type ContactRangeIngest,
	type ContactRangePlan
} from '../lib/analysis/ingest/index';

/** Bytes read past the nominal end, where the range's last record nearly always ends. */
const MARGIN = 1 << 16;
/**
 * Bytes past the nominal end searched for a record start. A stray quote earlier in the file makes
 * the quote parity wrong from there on, and no record start may be found before the end of the
 * file: past this, the range is given up (the file is then read whole), rather than each thread
 * reading the rest of the file into memory.
 */
const SEARCH_LIMIT = 16 << 20;

export interface RangeBounds {
	/** Nominal range `[from, to)` of the file, before its ends move to record boundaries. */
	from: number;
	to: number;
	size: number;
}

export interface RangeIngestRequest {
	plan: ContactRangePlan;
	/** The range starts at `from` itself (the first data record), not at the next record start. */
	first: boolean;
	/** The range ends at the end of the file. */
	last: boolean;
	/** Whether `from` and `to` fall inside a quoted field (the parity of the quotes before them). */
	startInQuotes: boolean;
	endInQuotes: boolean;
}

export class RangeReader {
	/** The file's bytes from `from`. */
	private bytes: Uint8Array;

	constructor(
		private readonly path: string,
		private readonly range: RangeBounds
	) {
		const { from, to, size } = range;
		this.bytes = new Uint8Array(Math.min(size, to + MARGIN) - from);
		this.readInto(this.bytes, 0);
	}

	/** Quote bytes in the nominal range. */
	quotes(): number {
		return countQuotes(this.bytes, 0, this.range.to - this.range.from);
	}

	private readInto(target: Uint8Array, offset: number): void {
		const fd = openSync(this.path, 'r');
		try {
			let at = offset;
			while (at < target.length) {
				const n = readSync(fd, target, at, target.length - at, this.range.from + at);
				if (n === 0) throw new Error(`"${this.path}" changed while it was read`);
				at += n;
			}
		} finally {
			closeSync(fd);
		}
	}

	/** Makes the bytes reach file offset `end` (or the end of the file). */
	private extendTo(end: number): void {
		const length = Math.min(this.range.size, end) - this.range.from;
		if (length <= this.bytes.length) return;
		const bigger = new Uint8Array(length);
		bigger.set(this.bytes);
		this.readInto(bigger, this.bytes.length);
		this.bytes = bigger;
	}

	/** Moves both ends to record boundaries and ingests the range; its bytes are let go. */
	ingest(request: RangeIngestRequest): ContactRangeIngest {
		const { from, to, size } = this.range;
		// The end: the first record start at or after `to`, reading further while none has come.
		let end = this.bytes.length;
		let final = true;
		if (!request.last) {
			for (let margin = MARGIN; ; margin *= 2) {
				const found = recordStartAfter(this.bytes, to - from, request.endInQuotes);
				if (found >= 0) {
					end = found;
					final = from + end === size;
					break;
				}
				if (from + this.bytes.length >= size) {
					// No record start before the end of the file: the range runs to it.
					end = this.bytes.length;
					break;
				}
				if (margin > SEARCH_LIMIT) {
					this.bytes = new Uint8Array(0);
					return { ...ingestContactRange(this.bytes, request.plan, false), aligned: false };
				}
				this.extendTo(to + margin * 2);
			}
		}
		let start = 0;
		if (!request.first) {
			const found = recordStartAfter(this.bytes, 0, request.startInQuotes, end);
			start = found < 0 ? end : found;
		}
		const part = ingestContactRange(this.bytes.subarray(start, end), request.plan, final);
		this.bytes = new Uint8Array(0);
		return part;
	}
}
