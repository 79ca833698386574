/**
 * Ingest: a user's export file (CSV in UTF-8 or Windows-1252, `,` `;` or tab separated, French or
 * English headers) to the columnar tables of `table.ts`, streaming and fast enough for millions of
 * rows in a browser worker. Runs on bytes (`Uint8Array`), without DOM or Node built-ins.
 *
 * Typical use: `sniffContacts(first64KiB)` for the import wizard (encoding, delimiter, headers,
 * mapping, date form, sample rows; throws IngestError 'empty' or 'not-text' only), then
 * `ingestContacts(fileOrChunks, { mapping, dateFormat, onProgress, signal })`, which throws
 * IngestError for a file it cannot import at all and otherwise returns the table, the rejected
 * rows (`missing-customer`, `bad-timestamp`, `year-out-of-range`, `direction`,
 * `unterminated-quote`), how every other line was read (`lines`) and warnings for cells read as
 * a default (`bad-handled-at`, `bad-boolean`, `bad-csat`, `bad-nps`).
 */

export type { CanonicalContactField, CanonicalWebField, CanonicalEventField, LogKind } from './headers';
export { matchHeader, foldHeader } from './headers';
export type { Encoding } from './text';
export type { Delimiter } from './csv';
export type { DateFormat } from './values';
export { parseTimestamp, parseBoolean, parseDirection, detectDateFormat, detectDateForm } from './values';
export type { Sniffed } from './sniff';
export { sniffContacts, sniffWeb, sniffEvents, HEAD_SIZE, largerHead } from './sniff';
export { IngestError, type IngestErrorCode } from './errors';
export type { ByteReader, ByteSource } from './feed';
export {
	ingestContacts,
	ingestWeb,
	ingestEvents,
	type EventIngest,
	streamContacts,
	streamWeb,
	type RejectedRow,
	type YearRange,
	type LineCount,
	PLAUSIBLE_YEARS,
	type ContactStreamSummary,
	type WebStreamSummary,
	type IngestOptions,
	type IngestWarnings,
	type ContactIngest,
	type WebIngest,
	type ValueCount,
	type ValueCounts
} from './ingest';
export { readCsvRows, readSideFile, type SideFile, type SideRecord } from './side-file';
export { BUCKETS, bucketCodes, firstAppearance, joinCodes, type CodeRows } from './equality-codes';
export {
	CANONICAL_CHANNELS,
	VALUE_FIELDS,
	BOOLEAN_VALUE_FIELDS,
	canonicalChannel,
	directionFlag,
	foldWord,
	isCanonicalChannel,
	recognise,
	recogniseBoolean,
	recogniseChannel,
	recogniseDirection,
	renameChannels,
	type DirectionFlag,
	type ValueField
} from './synonyms';
export {
	ingestContactRange,
	type ContactRangePlan,
	type ContactRangeIngest,
	planContactRanges,
	nominalCuts,
	countQuotes,
	recordStartAfter,
	mergeContactRanges,
	rangeBoundaries,
	ingestContactsInRanges,
	type ContactRangesPlan,
	type RangeOptions
} from './parallel';
