/**
 * What a file looks like, from its first bytes: encoding, delimiter, headers and the canonical
 * field each column holds, the date form of the timestamp column, and a few decoded rows for the
 * import wizard to show.
 */

import { RecordScanner, type Delimiter } from './csv';
import { checkAbort, IngestError, unterminatedQuote } from './errors';
import type { Feed } from './feed';
import { foldHeader, mapHeaders, matchHeader, timeOfDayColumn, type CanonicalContactField, type CanonicalEventField, type CanonicalWebField, type LogKind } from './headers';
import { binaryKind, detectEncoding, FieldDecoder, hasBom, isAscii, type Encoding } from './text';
import { detectDateForm, detectDateFormat, type DateFormat } from './values';

export interface Sniffed<F extends string> {
	encoding: Encoding;
	bom: boolean;
	delimiter: Delimiter;
	headers: string[];
	/** Column index per canonical field. */
	mapping: Partial<Record<F, number>>;
	/** Form of the timestamp column; null when there is none or no form fits its values. */
	dateFormat: DateFormat | null;
	/**
	 * True when the form was detected as `dmy` only because every day read was ≤ 12, so `mdy`
	 * fitted as well (METRICS.md §1: detection takes dd/mm and says so). Absent when chosen.
	 */
	dateFormatAmbiguous?: boolean;
	/** A separate time-of-day column (`Heure`) completing a date-only timestamp column, when the file has one. */
	timeOfDayColumn?: number;
	/** Form of the `handled_at` column when it has one (contacts only). */
	handledAtFormat?: DateFormat | null;
	/** The first data rows (up to 20), decoded. */
	sampleRows: string[][];
	/**
	 * Names that several columns share (compared as `foldHeader` folds them), among those naming a
	 * field: such columns are left unmapped, for the user to choose one. Absent when there are none.
	 */
	duplicateHeaders?: string[];
}

export interface SniffOverrides<F extends string> {
	encoding?: Encoding;
	delimiter?: Delimiter;
	mapping?: Partial<Record<F, number>>;
	dateFormat?: DateFormat;
}

/** A sniff and where the data rows start in the bytes it looked at. */
export interface SniffResult<F extends string> {
	sniffed: Sniffed<F>;
	/** Byte offset of the header record (after the BOM and a `sep=` line). */
	headerStart: number;
	/** Byte offset of the first data record (after the BOM, a `sep=` line and the header). */
	dataStart: number;
	/** File line number of the first data record (the header is line 1, or 2 after a `sep=` line). */
	dataLine: number;
	/** Whether the head holds at least one data record (meaningful when the head is the whole file). */
	hasData: boolean;
	/** Average bytes per data record in the head; 0 when it holds none. */
	bytesPerRow: number;
	/**
	 * The head is all ASCII (and has no byte-order mark): UTF-8, detected or chosen, is a guess that
	 * later bytes may change, since ASCII reads the same in Windows-1252.
	 */
	provisionalEncoding: boolean;
}

const SAMPLE_ROWS = 20;
/** Rows used to pick the date form: more than the sample, so a file whose first days are all ≤ 12 is still read right. */
const DETECTION_ROWS = 1000;
const CANDIDATES: Delimiter[] = [',', ';', '\t'];

function isBlankBytes(b: Uint8Array, from: number): boolean {
	for (let i = from; i < b.length; i++) {
		const c = b[i];
		if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) return false;
	}
	return true;
}

const NOT_TEXT: Record<string, string> = {
	xlsx: 'The file is an Excel workbook, not a CSV text file: save it as "CSV UTF-8" or "CSV (separator: semicolon)" first.',
	xls: 'The file is an old Excel workbook (.xls), not a CSV text file: save it as CSV first.',
	'utf-16': 'The file is written in UTF-16, which is not supported: save it as CSV in UTF-8 first.',
	binary: 'The file does not look like a text (CSV) file.'
};

/**
 * Delimiter whose count outside quotes is the same on the header and most of the first lines;
 * ties go to the most frequent. Comma when no candidate appears.
 */
export function detectDelimiter(b: Uint8Array, from: number): Delimiter {
	const counts: number[][] = [];
	let current = [0, 0, 0];
	let inQuotes = false;
	let nonBlank = false;
	for (let i = from; i < b.length && counts.length < 50; i++) {
		const c = b[i];
		if (c === 34) {
			inQuotes = !inQuotes;
			nonBlank = true;
		} else if (inQuotes) continue;
		else if (c === 10 || c === 13) {
			if (nonBlank) counts.push(current);
			current = [0, 0, 0];
			nonBlank = false;
		} else if (c === 44) current[0]++;
		else if (c === 59) current[1]++;
		else if (c === 9) current[2]++;
		else if (c !== 32) nonBlank = true;
		if (c === 44 || c === 59 || c === 9) nonBlank = true;
	}
	if (nonBlank && counts.length < 50) counts.push(current);
	if (counts.length === 0) return ',';
	// The last line may be cut by the end of the head; leave it out when there are others.
	const lines = counts.length > 2 ? counts.slice(0, -1) : counts;
	let best = 0;
	let bestScore = -1;
	for (let k = 0; k < 3; k++) {
		const header = lines[0][k];
		if (header === 0) continue;
		let agree = 0;
		for (let i = 1; i < lines.length; i++) if (lines[i][k] === header) agree++;
		const score = agree * 1000 + Math.min(header, 999);
		if (score > bestScore) {
			bestScore = score;
			best = k;
		}
	}
	return CANDIDATES[best];
}

/** `sep=;` on the first line, as Excel writes when asked to: the delimiter, and the offset after that line. */
function sepLine(b: Uint8Array, from: number): { delimiter: Delimiter; next: number } | null {
	if (b.length - from < 5) return null;
	const word = String.fromCharCode(b[from], b[from + 1], b[from + 2], b[from + 3]).toLowerCase();
	if (word !== 'sep=') return null;
	const d = String.fromCharCode(b[from + 4]);
	if (d !== ',' && d !== ';' && d !== '\t') return null;
	let p = from + 5;
	if (b[p] === 13) p++;
	if (b[p] === 10) p++;
	else if (b[p - 1] !== 13) return null;
	return { delimiter: d, next: p };
}

/**
 * Sniffs `head`, the first bytes of a file (`complete` when it is the whole file). Throws
 * IngestError 'not-text' for binary files and 'empty' for files with nothing but white space;
 * missing columns are left for the caller to report or let the user choose.
 */
export function sniffHead<F extends string>(
	head: Uint8Array,
	complete: boolean,
	kind: LogKind,
	overrides: SniffOverrides<F> = {}
): SniffResult<F> {
	const bom = hasBom(head);
	let start = bom ? 3 : 0;
	if (isBlankBytes(head, start)) {
		if (complete || head.length === 0) throw new IngestError('empty', 'The file is empty.');
	}
	const binary = binaryKind(head);
	if (binary) throw new IngestError('not-text', NOT_TEXT[binary]);
	const encoding: Encoding = overrides.encoding ?? (bom ? 'utf-8' : detectEncoding(head.subarray(start), complete));
	// The preview shows what it can whatever encoding the user chose; the import itself refuses bytes that are not UTF-8.
	const decoder = new FieldDecoder(encoding, false, true);

	let line = 1;
	let delimiter = overrides.delimiter;
	const sep = sepLine(head, start);
	if (sep) {
		delimiter ??= sep.delimiter;
		start = sep.next;
		line = 2;
	}
	delimiter ??= detectDelimiter(head, start);

	const scanner = new RecordScanner(delimiter);
	const headerStart = start;
	let pos = start;
	let headers: string[] | null = null;
	let dataStart = start;
	let dataLine = line;
	const rows: string[][] = [];
	let dataRecords = 0;
	let rowsEnd = dataStart;
	while (pos < head.length && rows.length < DETECTION_ROWS) {
		const next = scanner.next(head, pos, head.length, complete);
		if (next < 0) break;
		const blank = scanner.isBlank(head);
		if (scanner.unterminated) {
			// A header that never closes its quote has no columns; a data row that does is left out of
			// the samples (the import rejects it).
			if (headers === null) throw unterminatedQuote(line);
			dataRecords++;
		} else if (!blank) {
			if (headers === null) {
				headers = scanner.texts(head, decoder).map((h) => h.trim());
				dataStart = next;
				dataLine = line + scanner.lineBreaks;
			} else {
				rows.push(scanner.texts(head, decoder));
				dataRecords++;
				rowsEnd = next;
			}
		}
		line += scanner.lineBreaks;
		pos = next;
	}
	if (headers === null) {
		// The header runs past the head: the caller reads a larger head (`largerHead`), rather than
		// take its first part for the header and the rest for a line 2.
		if (!complete) throw headerTooLong(head.length);
		// Only blank-looking records (`;;;`): read the first as the header.
		scanner.next(head, start, head.length, true);
		headers = scanner.texts(head, decoder).map((h) => h.trim());
		dataStart = head.length;
		dataLine = line + 1;
	}
	const duplicates = duplicateHeaders(headers, kind);
	const mapping = { ...(overrides.mapping ?? mapHeaders<F>(headers, kind)) };
	if (!overrides.mapping && duplicates.length) {
		// Never the first of two columns of the same name: the user says which (`duplicateHeaders`).
		const folded = new Set(duplicates.map(foldHeader));
		for (const [field, column] of Object.entries(mapping) as [F, number][]) {
			if (folded.has(foldHeader(headers[column] ?? ''))) delete mapping[field];
		}
	}
	const timeColumn = timeOfDayColumn(headers, mapping, kind);
	const columnValues = (index: number | undefined): string[] =>
		index === undefined ? [] : rows.map((r) => (r[index] ?? '').trim()).filter((v) => v !== '');
	const fields = mapping as Partial<Record<string, number>>;
	const detected = overrides.dateFormat ? null : detectDateForm(columnValues(fields.timestamp));
	const dateFormat = overrides.dateFormat ?? detected?.format ?? null;
	const sniffed: Sniffed<F> = {
		encoding,
		bom,
		delimiter,
		headers,
		mapping,
		dateFormat,
		sampleRows: rows.slice(0, SAMPLE_ROWS)
	};
	if (detected?.ambiguous) sniffed.dateFormatAmbiguous = true;
	if (duplicates.length) sniffed.duplicateHeaders = duplicates;
	if (timeColumn !== undefined) sniffed.timeOfDayColumn = timeColumn;
	if (kind === 'contacts' && fields.handled_at !== undefined) {
		const values = columnValues(fields.handled_at);
		sniffed.handledAtFormat = overrides.dateFormat ?? (values.length ? detectDateFormat(values) : dateFormat);
	}
	return {
		sniffed,
		headerStart,
		dataStart,
		dataLine,
		hasData: dataRecords > 0,
		bytesPerRow: rows.length > 0 ? (rowsEnd - dataStart) / rows.length : 0,
		provisionalEncoding: !bom && isAscii(head)
	};
}

/** The head of a file is taken as the whole file when it is shorter than this. */
export const HEAD_SIZE = 64 * 1024;
/** The largest head read to find the end of the header line. */
export const MAX_HEAD = 16 << 20;

function headerTooLong(size: number): IngestError {
	return new IngestError(
		'header-too-long',
		`The first line (the header) does not end within the first ${Math.round(size / 1024).toLocaleString('en')} KB: the file has no line breaks, or a quote in the header is never closed.`
	);
}

/**
 * The head size to try after `error` from a head of `size` bytes: larger when the header ran past
 * it, null to let the error stand (another error, or the largest head already read).
 */
export function largerHead(size: number, error: unknown): number | null {
	if (!(error instanceof IngestError) || error.code !== 'header-too-long' || size >= MAX_HEAD) return null;
	return Math.min(MAX_HEAD, size * 4);
}

/**
 * Names that more than one column shares, among the names of canonical fields (`Client` and
 * `client` are one name): a reading of such a file must be told which column to take. Names of
 * no field (the empty names trailing delimiters leave) may repeat.
 */
export function duplicateHeaders(headers: readonly string[], kind: LogKind): string[] {
	const seen = new Map<string, number>();
	const out: string[] = [];
	for (const header of headers) {
		if (matchHeader(header, kind) === null) continue;
		const key = foldHeader(header);
		const n = (seen.get(key) ?? 0) + 1;
		seen.set(key, n);
		if (n === 2) out.push(header);
	}
	return out;
}

export function sniffContacts(head: Uint8Array): Sniffed<CanonicalContactField> {
	return sniffHead<CanonicalContactField>(head, head.length < HEAD_SIZE, 'contacts').sniffed;
}

export function sniffWeb(head: Uint8Array): Sniffed<CanonicalWebField> {
	return sniffHead<CanonicalWebField>(head, head.length < HEAD_SIZE, 'web').sniffed;
}

export function sniffEvents(head: Uint8Array): Sniffed<CanonicalEventField> {
	return sniffHead<CanonicalEventField>(head, head.length < HEAD_SIZE, 'events').sniffed;
}

/**
 * `sniff` on the head of the feed (64 KB, larger while the header line runs past it). The feed's
 * position stays at the start of the file.
 */
export async function sniffFeed<T>(feed: Feed, sniff: (head: Uint8Array, headIsFile: boolean) => T, signal?: AbortSignal): Promise<T> {
	for (let size = HEAD_SIZE; ; ) {
		await feed.fill(size);
		checkAbort(signal);
		const head = feed.buf.subarray(feed.pos, Math.min(feed.end, feed.pos + size));
		try {
			return sniff(head, feed.final && feed.end - feed.pos <= size);
		} catch (error) {
			const larger = largerHead(size, error);
			if (larger === null) throw error;
			size = larger;
		}
	}
}
