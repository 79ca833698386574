/**
 * Streaming import of contact and web-event files into columnar tables (`table.ts`). One pass over
 * the bytes: records are scanned in place, dictionary columns are interned on their raw bytes,
 * timestamps parsed from bytes; memory grows with the columns (typed arrays doubled as needed),
 * never with an object per row.
 */

import type { ContactTable, EventTable, Rejections, WebTable } from '../table';
import { RecordScanner, type Delimiter } from './csv';
import { checkAbort, IngestError, listHeaders, mixedEncoding } from './errors';
import { Feed, yieldToEvents, type ByteSource } from './feed';
import type { CanonicalContactField, CanonicalEventField, CanonicalWebField, LogKind } from './headers';
import { sniffFeed, sniffHead, type SniffResult, type Sniffed } from './sniff';
import { EncodingClash, FieldDecoder, type Encoding } from './text';
import type { CodeRows } from './equality-codes';
import { systemTimeZone, wallClock, type WallClock } from '../time-zone';
import type { DateFormat } from './values';
import {
	BatchSink,
	ContactSink,
	EventSink,
	expectedRows,
	RejectionLog,
	WebSink,
	YearBounds,
	type IngestWarnings,
	type RejectedRow,
	type Sink,
	type ValueCounts,
	type YearRange
} from './sinks';

export {
	byRows,
	PLAUSIBLE_YEARS,
	type IngestWarnings,
	type RejectedRow,
	type ValueCount,
	type ValueCounts,
	type YearRange
} from './sinks';
export { readCsvRows, readSideFile, type SideFile, type SideRecord } from './side-file';

export interface IngestOptions<F extends string> {
	/** @default detected: UTF-8 unless the bytes are not valid UTF-8, then Windows-1252 */
	encoding?: Encoding;
	/** @default detected from the header and first lines */
	delimiter?: Delimiter;
	/** Column index per canonical field; replaces the detected mapping. @default matched from the headers */
	mapping?: Partial<Record<F, number>>;
	/** Form of the timestamp (and handled_at) columns. @default detected from the first rows, per column */
	dateFormat?: DateFormat;
	/**
	 * IANA zone whose wall clock a time written with a zone or offset is put on (METRICS.md §1
	 * *Time*); the table keeps those instants (`ZonedTimes`) for another zone later. Times without
	 * a zone are read as written. An unknown name throws TimeZoneError before anything is read.
	 * @default the machine's or browser's zone
	 */
	timeZone?: string;
	/** Called with the bytes read so far, every few megabytes and at the end. */
	onProgress?: (bytesRead: number) => void;
	/** Aborting it stops the import with IngestError 'aborted'. */
	signal?: AbortSignal;
	/** Rewrites a customer id before it is stored (pseudonymisation); called once per distinct id. */
	customerTransform?: (id: string) => string;
	/** Bytes in the source when known beforehand (a file's size): the columns are then sized once. */
	sizeHint?: number;
	/**
	 * Keep the `contact_id` column (`ContactTable.contactId`/`contactIds`). The figures do not need
	 * it, and a million distinct ids cost a million strings: turn it off for speed.
	 * @default true
	 */
	contactIds?: boolean;
	/**
	 * Keep the texts of a web log's session ids (`WebTable.sessions`). The figures only need which
	 * page views share a session: without the texts, `sessions` is empty and `session` still gives
	 * equal codes to equal ids (0 to none), and millions of distinct ids cost no string each.
	 * @default true
	 */
	sessionIds?: boolean;
	/**
	 * Read a business event log's `detail` column (`EventTable.details`). The figures never use it:
	 * without it, every event's detail is `(none)` and no detail text is decoded or looked up.
	 * @default true
	 */
	eventDetails?: boolean;
	/**
	 * With `sessionIds: false`, `later` leaves the web table's `session` column empty and gives in
	 * `WebIngest.sessionRows`, in shared memory, the rows to code: for a caller that codes them on
	 * two threads at once (`bucketCodes` on each half of the buckets, `joinCodes`, `firstAppearance`).
	 * @default 'now'
	 */
	sessionCodes?: 'now' | 'later';
	/**
	 * `canonical` reads channel names through the synonym table (`Tél` → phone, an unknown name
	 * kept lower-cased); `raw` keeps each trimmed spelling, for a caller that applies its own map
	 * (the import wizard's) and then `canonicalChannel`.
	 * @default 'canonical'
	 */
	channelNames?: 'canonical' | 'raw';
	/**
	 * Called with every rejected row, in file order, its value whole: for a caller that lists them
	 * all (`Rejections.sample` keeps the first hundred).
	 */
	onReject?: (rejected: RejectedRow) => void;
	/**
	 * Direction words the user mapped (the import wizard's value map), keyed trimmed and lower-cased:
	 * read before the synonym table, so a word the user mapped is not unknown and does not reject
	 * its row (METRICS.md §1: any other word rejects the row, reason `direction`).
	 */
	directionWords?: Readonly<Record<string, 'inbound' | 'outbound'>>;
	/**
	 * `false` keeps a row whose direction is unknown (read as inbound, with the warning
	 * `bad-direction`): for the wizard's scan, which lists the words for the user to map.
	 * @default true
	 */
	rejectUnknownDirection?: boolean;
	/**
	 * Years a timestamp may have: a row dated outside is rejected (reason `year-out-of-range`), so
	 * a placeholder such as 9999-12-31 never becomes the latest contact; a `handled_at` outside is
	 * read as unknown (warning `bad-handled-at`).
	 * @default PLAUSIBLE_YEARS (1990 to 2100)
	 */
	years?: YearRange;
}

/**
 * How the lines of a file were read, besides the rows kept and rejected: every line is one of
 * them (METRICS.md §1), `header + blank + inQuotes + rows + rejected` = the file's lines.
 */
export interface LineCount {
	/** Lines before the first data line: a `sep=` line, blank lines, the header's. */
	header: number;
	/** Blank lines (and `;;;` rows) skipped. */
	blank: number;
	/** Lines that records took beyond their first: line breaks inside closed quoted fields. */
	inQuotes: number;
}

export interface ContactIngest {
	table: ContactTable;
	rejections: Rejections;
	lines: LineCount;
	detected: Sniffed<CanonicalContactField>;
	warnings: IngestWarnings;
	/** Raw values of channel, direction and the yes/no columns with their row counts, as read before mapping. */
	values: ValueCounts;
}

export interface WebIngest {
	table: WebTable;
	rejections: Rejections;
	lines: LineCount;
	detected: Sniffed<CanonicalWebField>;
	warnings: IngestWarnings;
	/** The session ids to code, with `sessionCodes: 'later'` (the table's `session` is then empty). */
	sessionRows?: CodeRows;
}

export interface EventIngest {
	table: EventTable;
	rejections: Rejections;
	lines: LineCount;
	detected: Sniffed<CanonicalEventField>;
	warnings: IngestWarnings;
}

const PROGRESS_EVERY = 2 << 20;

/**
 * Sniffs the head of a file for an import and checks the file is usable: throws IngestError when
 * it has no data rows (`headIsFile` only), no customer column or no timestamp column.
 */
export function sniffForIngest<F extends string>(
	head: Uint8Array,
	headIsFile: boolean,
	kind: LogKind,
	options: IngestOptions<F>
): SniffResult<F> {
	const sniff: SniffResult<F> = sniffHead<F>(head, headIsFile, kind, options);
	const { sniffed } = sniff;
	if (sniffed.duplicateHeaders && !options.mapping)
		throw new IngestError(
			'duplicate-columns',
			`Several columns have the same name: ${listHeaders(sniffed.duplicateHeaders)}. Rename them so that each name appears once (or choose the column to read in the import wizard), then read the file again.`,
			{ names: sniffed.duplicateHeaders }
		);
	if (headIsFile && !sniff.hasData) throw headerOnly();
	const fields = sniffed.mapping as Partial<Record<string, number>>;
	if (fields.customer_id === undefined)
		throw new IngestError(
			'no-customer-column',
			`No customer column was found (such as "customer_id" or "N° client"); the headers are ${listHeaders(sniffed.headers)}.`
		);
	if (fields.timestamp === undefined)
		throw new IngestError(
			'no-timestamp-column',
			`No timestamp column was found (such as "timestamp" or "Date du contact"); the headers are ${listHeaders(sniffed.headers)}.`
		);
	return sniff;
}

/**
 * Reads the whole source through `sink`: sniffs the head, checks the file is usable, then scans
 * record after record, asking the feed for more bytes when a record runs past what has arrived.
 */
async function drive<F extends string, S extends Sink>(
	source: ByteSource,
	options: IngestOptions<F>,
	kind: LogKind,
	makeSink: (sniffed: Sniffed<F>, decoder: FieldDecoder, expectedRows: number) => S
): Promise<{ sink: S; sniffed: Sniffed<F>; lines: LineCount }> {
	const { signal, onProgress } = options;
	checkAbort(signal);
	const feed = new Feed(source);
	const sniff = await sniffFeed(feed, (head, headIsFile) => sniffForIngest<F>(head, headIsFile, kind, options), signal);
	const { sniffed } = sniff;

	const decoder = new FieldDecoder(sniffed.encoding, sniff.provisionalEncoding);
	// Rows expected from the bytes per row of the head, when the size is known: columns sized once.
	const total = options.sizeHint ?? (source instanceof Uint8Array ? source.length : 0);
	const sink = makeSink(sniffed, decoder, expectedRows(total > 0 ? total - sniff.dataStart : 0, sniff.bytesPerRow));
	const scanner = new RecordScanner(sniffed.delimiter);
	// A source that never waits (bytes in memory, a list of chunks) gets a pause between windows, so a
	// cancel message can reach a worker; a stream pauses on its own while reading.
	const yielding = signal !== undefined && !(Symbol.asyncIterator in source);

	let pos = feed.pos + sniff.dataStart;
	let line = sniff.dataLine;
	const lines: LineCount = { header: sniff.dataLine - 1, blank: 0, inQuotes: 0 };
	let reported = 0;
	for (;;) {
		const b = feed.buf;
		const end = feed.end;
		const final = feed.final;
		try {
			while (pos < end) {
				const next = scanner.next(b, pos, end, final);
				if (next < 0) break;
				if (!scanner.isBlank(b)) sink.row(b, scanner, line);
				else lines.blank++;
				lines.inQuotes += scanner.quotedBreaks;
				line += scanner.lineBreaks;
				pos = next;
			}
		} catch (error) {
			throw error instanceof EncodingClash ? mixedEncoding(line, true) : error;
		}
		if (onProgress && (final || feed.bytesRead - reported >= PROGRESS_EVERY)) {
			reported = feed.bytesRead;
			onProgress(reported);
		}
		try {
			sink.flush(b);
		} catch (error) {
			// Customer ids are decoded in batches: the line is the batch's last.
			throw error instanceof EncodingClash ? mixedEncoding(line - 1, false) : error;
		}
		if (final) break;
		if (yielding) await yieldToEvents();
		checkAbort(signal);
		feed.pos = pos;
		await feed.more();
		pos = feed.pos;
		checkAbort(signal);
	}
	if (sink.records === 0) throw headerOnly();
	sniffed.encoding = decoder.encoding;
	return { sink, sniffed, lines };
}

export function headerOnly(): IngestError {
	return new IngestError('header-only', 'The file has a header line but no data rows.');
}

/** The sink of a contact file read with `options`, columns sized for `rows`. */
function contactSink(
	options: IngestOptions<CanonicalContactField>,
	sniffed: Sniffed<CanonicalContactField>,
	decoder: FieldDecoder,
	log: RejectionLog,
	rows: number,
	clock: WallClock
): ContactSink {
	return new ContactSink(
		sniffed,
		decoder,
		log,
		options.customerTransform,
		rows,
		options.contactIds ?? true,
		options.channelNames,
		options.directionWords,
		options.rejectUnknownDirection,
		clock,
		new YearBounds(options.years)
	);
}

export async function ingestContacts(
	source: ByteSource,
	options: IngestOptions<CanonicalContactField> = {}
): Promise<ContactIngest> {
	const log = new RejectionLog(options.onReject);
	const clock = wallClock(options.timeZone ?? systemTimeZone());
	const { sink, sniffed, lines } = await drive<CanonicalContactField, ContactSink>(
		source,
		options,
		'contacts',
		(sniffed, decoder, expected) => contactSink(options, sniffed, decoder, log, expected, clock)
	);
	const values = sink.values();
	return { table: sink.finish(), rejections: log.rejections, lines, detected: sniffed, warnings: log.warnings, values };
}

export async function ingestWeb(source: ByteSource, options: IngestOptions<CanonicalWebField> = {}): Promise<WebIngest> {
	const log = new RejectionLog(options.onReject);
	const clock = wallClock(options.timeZone ?? systemTimeZone());
	const { sink, sniffed, lines } = await drive<CanonicalWebField, WebSink>(
		source,
		options,
		'web',
		(sniffed, decoder, expected) =>
			new WebSink(sniffed, decoder, log, options.customerTransform, expected, clock, new YearBounds(options.years), options.sessionIds, options.sessionCodes === 'later')
	);
	const sessionRows = sink.secondRows();
	return {
		table: sink.finish(),
		rejections: log.rejections,
		lines,
		detected: sniffed,
		warnings: log.warnings,
		...(sessionRows ? { sessionRows } : {})
	};
}

/**
 * Reads a business event log (`customer_id`, `timestamp`, `event`, optional `detail`; METRICS.md
 * §5b) as `ingestWeb` reads web events: same headers in French or English, rejected rows named by
 * line, reason and column, same pseudonymisation through `customerTransform`.
 */
export async function ingestEvents(source: ByteSource, options: IngestOptions<CanonicalEventField> = {}): Promise<EventIngest> {
	const log = new RejectionLog(options.onReject);
	const clock = wallClock(options.timeZone ?? systemTimeZone());
	const { sink, sniffed, lines } = await drive<CanonicalEventField, EventSink>(
		source,
		options,
		'events',
		(sniffed, decoder, expected) =>
			new EventSink(sniffed, decoder, log, options.customerTransform, expected, clock, new YearBounds(options.years), options.eventDetails)
	);
	return { table: sink.finish(), rejections: log.rejections, lines, detected: sniffed, warnings: log.warnings };
}

/** What a reading in batches tells once the whole source is read; the rows went to the batches. */
export type ContactStreamSummary = Omit<ContactIngest, 'table'> & { rows: number };
export type WebStreamSummary = Omit<WebIngest, 'table'> & { rows: number };

/** Rows per batch when the source's windows are not known: the columns grow to a window's rows. */
const BATCH_ROWS = 1 << 16;

/**
 * `ingestContacts` in bounded memory: the rows of each window of the source (each chunk of a
 * stream) go to `onBatch` as a table of their own, read exactly as `ingestContacts` reads them
 * (same sniff, values, rejections and warnings); nothing is kept once a batch is handed out
 * except the distinct values of the low-cardinality columns (channel, motive, agent, team,
 * segment). A batch's dictionaries are its own: customer codes of two batches are unrelated.
 */
export async function streamContacts(
	source: ByteSource,
	options: IngestOptions<CanonicalContactField>,
	onBatch: (batch: ContactTable) => void
): Promise<ContactStreamSummary> {
	const log = new RejectionLog(options.onReject);
	const clock = wallClock(options.timeZone ?? systemTimeZone());
	// Made once the head is sniffed; read for the values once every batch is out.
	const made: { sink: ContactSink | null } = { sink: null };
	let rows = 0;
	const { sniffed, lines } = await drive<CanonicalContactField, BatchSink<ContactTable>>(
		source,
		{ ...options, sizeHint: undefined },
		'contacts',
		(sniffed, decoder) => {
			const inner = (made.sink = contactSink(options, sniffed, decoder, log, BATCH_ROWS, clock));
			return new BatchSink(inner, (batch) => {
				rows += batch.length;
				onBatch(batch);
			});
		}
	);
	const values = made.sink?.values() ?? {};
	return { rows, rejections: log.rejections, lines, detected: sniffed, warnings: log.warnings, values };
}

/** `ingestWeb` in bounded memory, batch after batch (see `streamContacts`). */
export async function streamWeb(
	source: ByteSource,
	options: IngestOptions<CanonicalWebField>,
	onBatch: (batch: WebTable) => void
): Promise<WebStreamSummary> {
	const log = new RejectionLog(options.onReject);
	const clock = wallClock(options.timeZone ?? systemTimeZone());
	let rows = 0;
	const { sniffed, lines } = await drive<CanonicalWebField, BatchSink<WebTable>>(
		source,
		{ ...options, sizeHint: undefined },
		'web',
		(sniffed, decoder) =>
			new BatchSink(new WebSink(sniffed, decoder, log, options.customerTransform, BATCH_ROWS, clock, new YearBounds(options.years)), (batch) => {
				rows += batch.length;
				onBatch(batch);
			})
	);
	return { rows, rejections: log.rejections, lines, detected: sniffed, warnings: log.warnings };
}
