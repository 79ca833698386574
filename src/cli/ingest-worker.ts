/**
 * A thread of `readContactsFile` (dist/cli/ingest-worker.js): reads one byte range of a contact
 * file and ingests it. Two requests, answered in turn:
 * - `read`: read the nominal range (and a little past it) and count its quote bytes;
 * - `ingest`: move both ends to record boundaries, with the quote parity at each, and ingest the
 *   range with the head's plan; the table's arrays are moved (not copied) back.
 */
import { parentPort } from 'node:worker_threads';
import type { ContactRangeIngest } from '../lib/analysis/ingest/index';
import { RangeReader, type RangeBounds, type RangeIngestRequest } from './range-reader';

export type WorkerRequest = ({ type: 'read'; path: string } & RangeBounds) | ({ type: 'ingest' } & RangeIngestRequest);
export type WorkerReply = { type: 'quotes'; quotes: number } | { type: 'done'; part: ContactRangeIngest };

let reader: RangeReader | null = null;

parentPort?.on('message', (request: WorkerRequest) => {
	if (request.type === 'read') {
		reader = new RangeReader(request.path, request);
		parentPort!.postMessage({ type: 'quotes', quotes: reader.quotes() } satisfies WorkerReply);
		return;
	}
	const part = reader!.ingest(request);
	reader = null;
	const transfer = new Set<ArrayBuffer>();
	for (const value of Object.values(part.table)) {
		if (ArrayBuffer.isView(value)) transfer.add(value.buffer as ArrayBuffer);
	}
	parentPort!.postMessage({ type: 'done', part } satisfies WorkerReply, [...transfer]);
});
