/**
 * The generic row reader: any delimited text file (a motive catalogue, knowledge articles, the
 * command line's side files) read as decoded records through the ingest's own scanner, encoding and
 * delimiter detection.
 */
import { RecordScanner, type Delimiter } from './csv';
import { IngestError, mixedEncoding, unterminatedQuote } from './errors';
import { Feed, type ByteSource } from './feed';
import { sniffFeed, sniffHead, type SniffResult } from './sniff';
import { EncodingClash, FieldDecoder, type Encoding } from './text';

/** One record of a side file: its cells, and the file line it starts on (1 = the first line). */
export interface SideRecord {
	line: number;
	cells: string[];
}

/** A side file read whole: the delimiter and encoding found, and its records, header first. */
export interface SideFile {
	delimiter: Delimiter;
	encoding: Encoding;
	records: SideRecord[];
}

/**
 * Records of any delimited text file as decoded strings with the line each starts on, header
 * included, blank lines skipped: for small side files such as a motive catalogue or knowledge
 * articles. Encoding and delimiter are detected unless given. The file is read as strictly as a
 * header: a quote never closed or a mix of encodings refuses it (IngestError naming the line).
 */
async function* sideRecords(
	source: ByteSource,
	options: { encoding?: Encoding; delimiter?: Delimiter },
	found?: (delimiter: Delimiter, decoder: FieldDecoder) => void
): AsyncGenerator<SideRecord> {
	const feed = new Feed(source);
	let sniff: SniffResult<string>;
	try {
		sniff = await sniffFeed(feed, (head, headIsFile) => sniffHead<string>(head, headIsFile, 'web', { ...options, mapping: {} }));
	} catch (error) {
		if (error instanceof IngestError && error.code === 'empty') return;
		throw error;
	}
	const decoder = new FieldDecoder(sniff.sniffed.encoding, sniff.provisionalEncoding);
	const scanner = new RecordScanner(sniff.sniffed.delimiter);
	found?.(sniff.sniffed.delimiter, decoder);
	// Start after the BOM and any `sep=` line, at the header.
	let pos = feed.pos + sniff.headerStart;
	let line = sniff.dataLine - 1;
	for (;;) {
		const b = feed.buf;
		const end = feed.end;
		const final = feed.final;
		while (pos < end) {
			const next = scanner.next(b, pos, end, final);
			if (next < 0) break;
			pos = next;
			if (scanner.unterminated) throw unterminatedQuote(line);
			let texts: string[] | null = null;
			try {
				if (!scanner.isBlank(b)) texts = scanner.texts(b, decoder);
			} catch (error) {
				throw error instanceof EncodingClash ? mixedEncoding(line, true) : error;
			}
			if (texts !== null) yield { line, cells: texts };
			line += scanner.lineBreaks;
		}
		if (final) return;
		feed.pos = pos;
		await feed.more();
		pos = feed.pos;
	}
}

/** The rows of a side file as decoded strings, header first (see `readSideFile`), streamed. */
export async function* readCsvRows(
	source: ByteSource,
	options: { encoding?: Encoding; delimiter?: Delimiter } = {}
): AsyncGenerator<string[]> {
	for await (const record of sideRecords(source, options)) yield record.cells;
}

/**
 * A small side file read whole through the ingest's reader: encoding and delimiter found as for
 * an export, records with the line each starts on, header first. `null` for an empty file.
 */
export async function readSideFile(
	source: ByteSource,
	options: { encoding?: Encoding; delimiter?: Delimiter } = {}
): Promise<SideFile | null> {
	const found: { delimiter?: Delimiter; decoder?: FieldDecoder } = {};
	const records: SideRecord[] = [];
	for await (const record of sideRecords(source, options, (delimiter, decoder) => Object.assign(found, { delimiter, decoder }))) {
		records.push(record);
	}
	if (!found.delimiter || !found.decoder) return null;
	return { delimiter: found.delimiter, encoding: found.decoder.encoding, records };
}
