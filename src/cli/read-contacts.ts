/**
 * Reads a contact file for the command line, on several threads when it is large: the head is
 * sniffed once here, the data cut into one byte range per thread, each range read and ingested by
 * a worker (`ingest-worker.ts`), and the parts merged in file order (`mergeContactRanges`) into the
 * table a single reading gives. Small files, one core, or parts the merge refuses (a malformed
 * file cut inside a record, an encoding told differently in two parts) are read in this thread.
 */
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
	BUCKETS,
	bucketCodes,
	firstAppearance,
	joinCodes,
	HEAD_SIZE,
	largerHead,
	ingestContacts,
	mergeContactRanges,
	nominalCuts,
	planContactRanges,
	type ContactIngest,
	type ContactRangeIngest,
	type ContactRangesPlan,
	type CodeRows,
	type EventIngest,
	type WebIngest,
	type DateFormat,
	type RangeOptions,
	type YearRange
} from '../lib/analysis/ingest/index';
import type { LogRequest, WorkerReply, WorkerRequest } from './ingest-worker';
import { withFileBytes } from './files';
import { RangeReader } from './range-reader';
import { systemTimeZone } from '../lib/analysis/time-zone';

/** Below this, starting threads costs more than they save. */
export const PARALLEL_MIN_BYTES = 8 << 20;
/** More threads than this gain little: reading and merging the parts take their share. */
export const MAX_THREADS = 4;

export interface ReadContactsOptions {
	/** Keep the contact id column. @default false (the figures never need it) */
	contactIds?: boolean;
	/** How dates are written. @default detected */
	dateFormat?: DateFormat;
	/** Threads reading the file; 1 reads in this thread. @default `defaultThreads()` */
	threads?: number;
	/** Bytes from which a file is read on several threads. @default PARALLEL_MIN_BYTES */
	parallelFrom?: number;
	/** Starts a reading thread. @default the built `ingest-worker.js` beside this module */
	startWorker?: () => Worker;
	/** See `IngestOptions.timeZone`. @default the machine's zone */
	timeZone?: string;
	/** See `IngestOptions.years`. @default PLAUSIBLE_YEARS */
	years?: YearRange;
}

/** The file name of the worker bundle, beside the command line's bundle. */
const WORKER_FILE = 'ingest-worker.js';

function defaultWorker(): (() => Worker) | null {
	const url = new URL(WORKER_FILE, import.meta.url);
	// Run from the sources (tests, tsx), there is no built worker: read in this thread.
	if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) return null;
	return () => new Worker(url);
}

/**
 * The cores other processes leave idle (the cores less the load average of the last minute), at
 * most MAX_THREADS: more threads than idle cores would only take turns on the busy ones, and the
 * reading in parts costs a third more processor time than one reading (starting workers, merging).
 */
export function defaultThreads(cores = availableParallelism(), load = loadavg()[0]): number {
	return Math.min(MAX_THREADS, Math.max(1, Math.round(cores - load)));
}

/** `ingestContacts` on a file: same table, same rejections, same detected form. */
export async function readContactsFile(path: string, size: number, options: ReadContactsOptions = {}): Promise<ContactIngest> {
	const reading: RangeOptions = {
		contactIds: options.contactIds ?? false,
		timeZone: options.timeZone ?? systemTimeZone(),
		dateFormat: options.dateFormat,
		years: options.years
	};
	const threads = Math.min(MAX_THREADS, Math.max(1, Math.floor(options.threads ?? defaultThreads())));
	const start = options.startWorker ?? defaultWorker();
	if (threads > 1 && start !== null && size >= (options.parallelFrom ?? PARALLEL_MIN_BYTES)) {
		const merged = await readInParts(path, size, threads, start, reading);
		if (merged !== null) return merged;
	}
	return readWhole(path, size, reading);
}

/**
 * Reads a web or business event log in a worker thread when it is large (while this thread reads
 * the contacts): `read` on the file in this thread otherwise, or when the thread fails (then this
 * reading says what is wrong). `options` must be those `read` is given, without callbacks.
 */
export async function readLogFile<T>(
	kind: LogRequest['kind'],
	path: string,
	size: number,
	options: LogRequest['options'],
	read: () => Promise<T>,
	reading: Pick<ReadContactsOptions, 'parallelFrom' | 'startWorker'> = {}
): Promise<T> {
	const start = reading.startWorker ?? defaultWorker();
	if (start === null || size < (reading.parallelFrom ?? PARALLEL_MIN_BYTES)) return read();
	const reader = new Reader(start);
	try {
		// Session ids read without their texts are coded on two threads: the thread's and this one.
		const later = kind === 'web' && options.sessionIds === false;
		const reply = await reader.ask({ type: 'log', kind, path, options: later ? { ...options, sessionCodes: 'later' } : options });
		if (reply.type === 'log') {
			const read = reply.read as WebIngest | EventIngest;
			if ('sessionRows' in read && read.sessionRows) {
				read.table.session = await codeSessions(reader, read.sessionRows);
				delete read.sessionRows;
			}
			return read as T;
		}
	} catch {
		// The thread stopped: read here.
	} finally {
		reader.stop();
	}
	return read();
}

/**
 * The codes of a web log's session ids (`EqualityCodes.codes`), half of the hash buckets coded by
 * the reading thread while this thread codes the other half; all here when the thread fails.
 */
async function codeSessions(reader: Reader, rows: CodeRows): Promise<Uint32Array> {
	const half = BUCKETS / 2;
	// Their codes are numbered after any of these (there are fewer codes than rows).
	const request = { type: 'codes', from: half, to: BUCKETS, first: rows.n + 1 } as const;
	const asked = reader.ask(request).catch(() => null);
	const mine = bucketCodes(rows, 0, half, 1);
	const reply = await asked;
	const theirs = reply?.type === 'codes' ? reply : bucketCodes(rows, half, BUCKETS, request.first);
	return firstAppearance(joinCodes(mine.codes, theirs.codes), theirs.next);
}

/**
 * Runs `jobs` (file readings) at most `lanes` at a time, the largest file first, each lane taking
 * the next one as soon as it is free: on two cores a 300 MB web log reads alone on one while the
 * contacts and then the event log read on the other, rather than three readings taking turns.
 * The outcomes come in the order of `jobs`.
 */
export async function readInLanes<T>(jobs: readonly { size: number; read: () => Promise<T> }[], lanes: number): Promise<PromiseSettledResult<T>[]> {
	const outcomes: PromiseSettledResult<T>[] = new Array(jobs.length);
	const queue = jobs.map((job, i) => ({ ...job, i })).sort((a, b) => b.size - a.size);
	const lane = async () => {
		for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
			try {
				outcomes[job.i] = { status: 'fulfilled', value: await job.read() };
			} catch (reason) {
				outcomes[job.i] = { status: 'rejected', reason };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
	return outcomes;
}

function readWhole(path: string, size: number, reading: RangeOptions): Promise<ContactIngest> {
	return withFileBytes(path, (bytes) => ingestContacts(bytes, { ...reading, sizeHint: size }));
}

/** A worker answering one request at a time. */
class Reader {
	private readonly worker: Worker;
	private waiting: { resolve: (reply: WorkerReply) => void; reject: (error: unknown) => void } | null = null;
	private failure: unknown = null;

	constructor(start: () => Worker) {
		this.worker = start();
		this.worker.on('message', (reply: WorkerReply) => {
			const w = this.waiting;
			this.waiting = null;
			w?.resolve(reply);
		});
		const fail = (error: unknown) => {
			this.failure ??= error;
			const w = this.waiting;
			this.waiting = null;
			w?.reject(error);
		};
		this.worker.on('error', fail);
		this.worker.on('exit', (code) => fail(new Error(`a reading thread stopped (exit code ${code})`)));
	}

	ask(request: WorkerRequest): Promise<WorkerReply> {
		if (this.failure !== null) return Promise.reject(this.failure);
		return new Promise((resolve, reject) => {
			this.waiting = { resolve, reject };
			this.worker.postMessage(request);
		});
	}

	stop(): void {
		this.worker.removeAllListeners('exit');
		void this.worker.terminate();
	}
}

/** The plan from the head of the file: 64 KB, more while the header line runs past it. */
async function planFromHead(path: string, size: number, options: RangeOptions): Promise<ContactRangesPlan> {
	for (let length = HEAD_SIZE; ; ) {
		try {
			return planContactRanges(await readHead(path, size, length), options, size <= length);
		} catch (error) {
			const larger = largerHead(length, error);
			if (larger === null) throw error;
			length = larger;
		}
	}
}

async function readHead(path: string, size: number, length: number): Promise<Uint8Array> {
	const file = await open(path, 'r');
	try {
		const head = new Uint8Array(Math.min(size, length));
		let at = 0;
		while (at < head.length) {
			const { bytesRead } = await file.read(head, at, head.length - at, at);
			if (bytesRead === 0) break;
			at += bytesRead;
		}
		return head.subarray(0, at);
	} finally {
		await file.close();
	}
}

/**
 * The file read in `threads` ranges at once and merged; null when the merge refuses the parts. This
 * thread reads the first range itself while `threads - 1` workers read the others.
 */
async function readInParts(
	path: string,
	size: number,
	threads: number,
	start: () => Worker,
	reading: RangeOptions
): Promise<ContactIngest | null> {
	// Workers start while the head is read and sniffed.
	const readers = Array.from({ length: threads - 1 }, () => new Reader(start));
	try {
		const plan = await planFromHead(path, size, reading);
		const cuts = nominalCuts(plan.dataStart, size, threads);
		const asked = readers.map(async (reader, i) => {
			const reply = await reader.ask({ type: 'read', path, size, from: cuts[i + 1], to: cuts[i + 2] });
			return reply.type === 'quotes' ? reply.quotes : 0;
		});
		const own = new RangeReader(path, { from: cuts[0], to: cuts[1], size });
		const quotes = [own.quotes(), ...(await Promise.all(asked))];
		// Quote parity at each cut: odd means the cut falls inside a quoted field.
		const inQuotes = [false];
		for (let k = 0; k < threads; k++) inQuotes.push(inQuotes[k] !== ((quotes[k] & 1) === 1));
		const request = (k: number) => ({
			plan,
			first: k === 0,
			last: k === threads - 1,
			startInQuotes: inQuotes[k],
			endInQuotes: inQuotes[k + 1]
		});
		const theirs = readers.map(async (reader, i) => {
			const reply = await reader.ask({ type: 'ingest', ...request(i + 1) });
			// Its memory is no longer needed once its part has arrived.
			reader.stop();
			return (reply as Extract<WorkerReply, { type: 'done' }>).part;
		});
		const parts: ContactRangeIngest[] = [own.ingest(request(0)), ...(await Promise.all(theirs))];
		return mergeContactRanges(parts, plan);
	} finally {
		for (const reader of readers) reader.stop();
	}
}
