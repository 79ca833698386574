/**
 * A thread of `readContactsFile` and `readLogFile` (dist/cli/ingest-worker.js). For a contact file
 * read in parts, it reads one byte range and ingests it; two requests, answered in turn:
 * - `read`: read the nominal range (and a little past it) and count its quote bytes;
 * - `ingest`: move both ends to record boundaries, with the quote parity at each, and ingest the
 *   range with the head's plan; the table's arrays are moved (not copied) back.
 * For a web or business event log read beside the contacts, `log` reads the whole file with
 * `ingestWeb` or `ingestEvents` and moves the table's arrays back (`failed` on any error: the
 * caller then reads the file itself, which says what is wrong as a reading in one thread does).
 * A web log's session ids read with `sessionCodes: 'later'` come back in shared memory, and
 * `codes` then codes the ids of some hash buckets while the caller codes the others.
 */
import { parentPort } from 'node:worker_threads';
import {
	bucketCodes,
	ingestEvents,
	ingestWeb,
	type CodeRows,
	type ContactRangeIngest,
	type EventIngest,
	type IngestOptions,
	type WebIngest
} from '../lib/analysis/ingest/index';
import { withFileBytes } from './files';
import { RangeReader, type RangeBounds, type RangeIngestRequest } from './range-reader';

/** A log read whole in a thread: its kind, and the options of `ingestWeb` / `ingestEvents` (no callbacks). */
export interface LogRequest {
	type: 'log';
	kind: 'web' | 'events';
	path: string;
	options: Pick<IngestOptions<never>, 'dateFormat' | 'timeZone' | 'years' | 'sizeHint' | 'sessionIds' | 'eventDetails' | 'sessionCodes'>;
}

/** The session ids of the web log just read, buckets `from` … `to - 1`, numbered from `first` (`bucketCodes`). */
export interface CodesRequest {
	type: 'codes';
	from: number;
	to: number;
	first: number;
}

export type WorkerRequest = ({ type: 'read'; path: string } & RangeBounds) | ({ type: 'ingest' } & RangeIngestRequest) | LogRequest | CodesRequest;
export type WorkerReply =
	| { type: 'quotes'; quotes: number }
	| { type: 'done'; part: ContactRangeIngest }
	| { type: 'log'; read: WebIngest | EventIngest }
	| { type: 'codes'; codes: Uint32Array; next: number }
	| { type: 'failed' };


let reader: RangeReader | null = null;
/** The session ids of the web log last read, to code with the caller. */
let sessionRows: CodeRows | null = null;

/** The buffers of a table's typed arrays, to move rather than copy. */
function buffersOf(table: object): ArrayBuffer[] {
	const transfer = new Set<ArrayBuffer>();
	const visit = (value: unknown) => {
		if (ArrayBuffer.isView(value)) transfer.add(value.buffer as ArrayBuffer);
	};
	for (const value of Object.values(table)) {
		visit(value);
		if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !Array.isArray(value)) Object.values(value).forEach(visit);
	}
	return [...transfer];
}

async function readLog(request: LogRequest): Promise<void> {
	let read: WebIngest | EventIngest;
	try {
		read = await withFileBytes<WebIngest | EventIngest>(request.path, (bytes) =>
			request.kind === 'web' ? ingestWeb(bytes, request.options) : ingestEvents(bytes, request.options)
		);
	} catch {
		parentPort!.postMessage({ type: 'failed' } satisfies WorkerReply);
		return;
	}
	sessionRows = 'sessionRows' in read ? (read.sessionRows ?? null) : null;
	parentPort!.postMessage({ type: 'log', read } satisfies WorkerReply, buffersOf(read.table));
}

parentPort?.on('message', (request: WorkerRequest) => {
	if (request.type === 'log') {
		void readLog(request);
		return;
	}
	if (request.type === 'codes') {
		const { codes, next } = bucketCodes(sessionRows!, request.from, request.to, request.first);
		sessionRows = null;
		parentPort!.postMessage({ type: 'codes', codes, next } satisfies WorkerReply, [codes.buffer as ArrayBuffer]);
		return;
	}
	if (request.type === 'read') {
		reader = new RangeReader(request.path, request);
		parentPort!.postMessage({ type: 'quotes', quotes: reader.quotes() } satisfies WorkerReply);
		return;
	}
	const part = reader!.ingest(request);
	reader = null;
	parentPort!.postMessage({ type: 'done', part } satisfies WorkerReply, buffersOf(part.table));
});
