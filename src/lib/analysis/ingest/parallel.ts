/**
 * Reading one contact file in several parts at once (threads, workers) with the result of reading
 * it whole. The head is sniffed once (`planContactRanges`); the data is cut into byte ranges at
 * record boundaries: a line break counts only outside quotes, known from the parity of the quote
 * bytes before it (`countQuotes`, `recordStartAfter`); each range is read on its own with the same
 * sniff (`ingestContactRange`); the parts are joined in file order (`mergeContactRanges`) into the
 * very table `ingestContacts` gives: same rows in the same order, same dictionaries in the same
 * order, same rejections with the same file lines.
 *
 * The quote parity is right for RFC 4180 files. A malformed file (a quote inside an unquoted
 * field) may be cut inside a record; the part before the cut then does not end on a record
 * boundary, `mergeContactRanges` says so by returning null, and the caller reads the file whole.
 * Likewise when the head was all ASCII and the parts found different encodings.
 */

import type { ContactTable, Dictionary, Rejections } from '../table';
import { foldMotives } from '../table';
import { mergeDictionaries } from '../dictionaries';
import { RecordScanner } from './csv';
import type { CanonicalContactField } from './headers';
import { HEAD_SIZE, largerHead, type Sniffed } from './sniff';
import { systemTimeZone, wallClock } from '../time-zone';
import { headerOnly, sniffForIngest, type ContactIngest, type IngestOptions } from './ingest';
import {
	byRows,
	ContactSink,
	expectedRows,
	RejectionLog,
	YearBounds,
	type IngestWarnings,
	type ValueCount,
	type ValueCounts,
	type YearRange
} from './sinks';
import { EncodingClash, FieldDecoder, type Encoding } from './text';

const QUOTE = 34;
const LF = 10;
const REJECTION_SAMPLE = 100;

/** The options of `ingestContacts` a reading in parts takes (no transform: it runs once per distinct id, in order). */
export type RangeOptions = Pick<
	IngestOptions<CanonicalContactField>,
	'encoding' | 'delimiter' | 'mapping' | 'dateFormat' | 'contactIds' | 'timeZone' | 'years'
>;

/** A plan for reading a file in parts, and where its data records start. */
export interface ContactRangesPlan extends ContactRangePlan {
	/** Byte offset of the first data record in the file. */
	dataStart: number;
	/** File line of the first data record (1-based; the header is line 1). */
	dataLine: number;
}

/**
 * Sniffs the head of a file of `size` bytes (larger than its head) for a reading in parts; throws
 * IngestError like `ingestContacts` for a file without customer or timestamp column.
 */
export function planContactRanges(
	head: Uint8Array,
	options: RangeOptions = {},
	/** The head is the whole file (then it is sniffed as such, like `ingestContacts` does). */
	headIsFile = false
): ContactRangesPlan {
	const sniff = sniffForIngest<CanonicalContactField>(head, headIsFile, 'contacts', options);
	return {
		sniffed: sniff.sniffed,
		provisionalEncoding: sniff.provisionalEncoding,
		bytesPerRow: sniff.bytesPerRow,
		contactIds: options.contactIds ?? true,
		timeZone: options.timeZone ?? systemTimeZone(),
		...(options.years ? { years: options.years } : {}),
		dataStart: sniff.dataStart,
		dataLine: sniff.dataLine
	};
}

/**
 * `parts` nominal cut points between `dataStart` and `size`, evenly spaced: `[dataStart, …, size]`.
 * Each cut becomes a boundary with `recordStartAfter`.
 */
export function nominalCuts(dataStart: number, size: number, parts: number): number[] {
	const cuts = [dataStart];
	for (let k = 1; k < parts; k++) cuts.push(dataStart + Math.floor(((size - dataStart) * k) / parts));
	cuts.push(size);
	return cuts;
}

/** Number of `"` bytes in `b[from, to)`: its parity says whether `to` is inside a quoted field. */
export function countQuotes(b: Uint8Array, from = 0, to = b.length): number {
	let n = 0;
	// Sparse quotes (most exports): the engine's search is faster than a byte loop.
	let i = b.indexOf(QUOTE, from);
	while (i >= 0 && i < to) {
		n++;
		if (n > 64 && n * 64 > i - from) return n + countQuoteBytes(b, i + 1, to);
		i = b.indexOf(QUOTE, i + 1);
	}
	return n;
}

function countQuoteBytes(b: Uint8Array, from: number, to: number): number {
	let n = 0;
	for (let i = from; i < to; i++) if (b[i] === QUOTE) n++;
	return n;
}

/**
 * The first record boundary at or after `from`: the position after the first line feed outside
 * quotes, `inQuotes` telling whether `from` itself is inside a quoted field. -1 when there is none
 * before `end`. A CR LF pair is never split; a file whose records end with CR alone has no
 * boundaries here and is read in fewer parts.
 */
export function recordStartAfter(b: Uint8Array, from: number, inQuotes: boolean, end = b.length): number {
	let quoted = inQuotes;
	for (let i = from; i < end; i++) {
		const c = b[i];
		if (c === QUOTE) quoted = !quoted;
		else if (c === LF && !quoted) return i + 1;
	}
	return -1;
}

/** A dictionary column of the table, with the name of its distinct values. */
const DICTIONARY_COLUMNS = [
	['customer', 'customers'],
	['channel', 'channels'],
	['motive', 'motives'],
	['agent', 'agents'],
	['team', 'teams'],
	['segment', 'segments']
] as const;

type DictionaryColumn = (typeof DICTIONARY_COLUMNS)[number][0];
type DictionaryName = (typeof DICTIONARY_COLUMNS)[number][1];

/**
 * The encoding a reading of the whole file ends with, or null when the parts disagree: the first
 * part that told the encoding decides it for all the parts after, each of which must have found
 * the same or nothing (a part that found otherwise decoded some text differently).
 */
function agreedEncoding(parts: readonly ContactRangeIngest[], start: Encoding): Encoding | null {
	let decided: Encoding | null = null;
	for (const part of parts) {
		if (part.encoding === null) continue;
		if (decided === null) decided = part.encoding;
		else if (part.encoding !== decided) return null;
	}
	return decided ?? start;
}

/**
 * Joins the parts of a file, read in file order from consecutive ranges starting at the plan's
 * first data record, into the result of `ingestContacts` on the whole file. Null when the ranges
 * were not cut on record boundaries or the parts disagree on the encoding (or a part found it
 * mixed): read the file whole, which says so.
 * Throws IngestError 'header-only' when no part holds a data record.
 */
export function mergeContactRanges(parts: readonly ContactRangeIngest[], plan: ContactRangesPlan): ContactIngest | null {
	for (let k = 0; k < parts.length - 1; k++) if (!parts[k].aligned) return null;
	if (parts.some((p) => p.encodingClash)) return null;
	const encoding = agreedEncoding(parts, plan.sniffed.encoding);
	if (encoding === null) return null;
	if (parts.every((p) => p.records === 0)) throw headerOnly();

	const tables = parts.map((p) => p.table);
	let n = 0;
	for (const t of tables) n += t.length;
	const first = tables[0];
	/** A plain column: the parts' slices one after the other. */
	const plain = <T extends Uint8Array | Int8Array | Float64Array>(column: (t: ContactTable) => T, make: (length: number) => T): T => {
		const merged = make(n);
		let at = 0;
		for (const t of tables) {
			merged.set(column(t), at);
			at += t.length;
		}
		return merged;
	};
	/** A dictionary column: the parts' distinct values merged in order of first appearance, the codes remapped. */
	const coded = (column: DictionaryColumn, dictionary: DictionaryName): { codes: Uint32Array; values: Dictionary } => {
		const { values, remaps } = mergeDictionaries(tables.map((t) => t[dictionary]));
		const codes = new Uint32Array(n);
		let at = 0;
		tables.forEach((t, k) => {
			const part = t[column];
			const remap = remaps[k];
			if (remap === null) codes.set(part, at);
			else for (let i = 0; i < t.length; i++) codes[at + i] = remap[part[i]];
			at += t.length;
		});
		return { codes, values };
	};
	const [customer, channel, motive, agent, team, segment] = DICTIONARY_COLUMNS.map(([column, dictionary]) => coded(column, dictionary));
	const table: ContactTable = {
		length: n,
		present: { ...first.present },
		time: plain((t) => t.time, (k) => new Float64Array(k)),
		direction: plain((t) => t.direction, (k) => new Uint8Array(k)),
		transferred: plain((t) => t.transferred, (k) => new Int8Array(k)),
		callback: plain((t) => t.callback, (k) => new Int8Array(k)),
		resolved: plain((t) => t.resolved, (k) => new Int8Array(k)),
		surveyResolved: plain((t) => t.surveyResolved, (k) => new Int8Array(k)),
		handledAt: plain((t) => t.handledAt, (k) => new Float64Array(k)),
		csat: plain((t) => t.csat, (k) => new Uint8Array(k)),
		nps: plain((t) => t.nps, (k) => new Int8Array(k)),
		customer: customer.codes,
		customers: customer.values,
		channel: channel.codes,
		channels: channel.values,
		motive: motive.codes,
		motives: motive.values,
		agent: agent.codes,
		agents: agent.values,
		team: team.codes,
		teams: team.values,
		segment: segment.codes,
		segments: segment.values
	};
	for (const column of ['time', 'handledAt'] as const) {
		if (!tables.some((t) => t.zoned?.[column])) continue;
		// Parts without a zoned time have no instants: NaN, like the rows of a part that has some.
		const merged = new Float64Array(n).fill(NaN);
		let at = 0;
		for (const t of tables) {
			const instants = t.zoned?.[column];
			if (instants) merged.set(instants, at);
			at += t.length;
		}
		table.zoned ??= { timeZone: tables.find((t) => t.zoned)!.zoned!.timeZone };
		table.zoned[column] = merged;
	}
	if (first.contactId && first.contactIds) {
		// Contact ids are kept one per row, the code being the row number.
		const contactId = new Uint32Array(n);
		for (let i = 0; i < n; i++) contactId[i] = i;
		table.contactId = contactId;
		table.contactIds = tables.flatMap((t) => t.contactIds ?? []);
	}

	const rejections: Rejections = { count: 0, byReason: {}, sample: [] };
	const warnings: IngestWarnings = {};
	let line = plan.dataLine;
	for (const part of parts) {
		const r = part.rejections;
		rejections.count += r.count;
		for (const [reason, count] of Object.entries(r.byReason)) rejections.byReason[reason] = (rejections.byReason[reason] ?? 0) + count;
		for (const entry of r.sample) {
			if (rejections.sample.length === REJECTION_SAMPLE) break;
			rejections.sample.push({ ...entry, row: entry.row + line });
		}
		for (const [kind, count] of Object.entries(part.warnings)) warnings[kind] = (warnings[kind] ?? 0) + count;
		line += part.lineBreaks;
	}
	// Each part folded its own spellings; `BILL` in one part and `bill` in a later one meet here.
	foldMotives(table);
	const detected = { ...plan.sniffed, encoding };
	const lines = { header: plan.dataLine - 1, blank: 0, inQuotes: 0 };
	for (const part of parts) {
		lines.blank += part.blank;
		lines.inQuotes += part.inQuotes;
	}
	return { table, rejections, lines, detected, warnings, values: mergeValueCounts(parts.map((p) => p.values)) };
}

/** The parts' distinct raw values, their counts summed, most rows first. */
function mergeValueCounts(parts: readonly ValueCounts[]): ValueCounts {
	const merged: ValueCounts = {};
	for (const part of parts) {
		for (const [field, counts] of Object.entries(part) as [keyof ValueCounts, ValueCount[]][]) {
			const byValue = new Map((merged[field] ?? []).map((c) => [c.value, c.rows]));
			for (const c of counts) byValue.set(c.value, (byValue.get(c.value) ?? 0) + c.rows);
			merged[field] = [...byValue].map(([value, rows]) => ({ value, rows }));
		}
	}
	for (const counts of Object.values(merged)) counts.sort(byRows);
	return merged;
}

/**
 * The boundaries of `parts` ranges of the data of `b` (a whole file), `[dataStart, …, b.length]`:
 * each nominal cut moved to the next record start, the quote parity before it counted.
 */
export function rangeBoundaries(b: Uint8Array, plan: ContactRangesPlan, parts: number): number[] {
	const cuts = nominalCuts(plan.dataStart, b.length, parts);
	const bounds = [plan.dataStart];
	let quotes = 0;
	for (let k = 1; k < parts; k++) {
		quotes += countQuotes(b, cuts[k - 1], cuts[k]);
		const start = recordStartAfter(b, cuts[k], (quotes & 1) === 1);
		bounds.push(Math.max(bounds[k - 1], start < 0 ? b.length : start));
	}
	bounds.push(b.length);
	return bounds;
}

/**
 * `ingestContacts` on a file in memory, read as `parts` ranges one after the other and merged:
 * the steps a reading on several threads takes, in one thread. Null when the merge refuses the
 * parts (see `mergeContactRanges`).
 */
export function ingestContactsInRanges(b: Uint8Array, parts: number, options: RangeOptions = {}): ContactIngest | null {
	let plan: ContactRangesPlan;
	for (let size = HEAD_SIZE; ; ) {
		try {
			plan = planContactRanges(b.subarray(0, size), options, b.length <= size);
			break;
		} catch (error) {
			const larger = largerHead(size, error);
			if (larger === null) throw error;
			size = larger;
		}
	}
	const bounds = rangeBoundaries(b, plan, parts);
	const results: ContactRangeIngest[] = [];
	for (let k = 0; k < parts; k++) {
		// A range that reaches the end of the file ends its last record there, line break or not.
		results.push(ingestContactRange(b.subarray(bounds[k], bounds[k + 1]), plan, bounds[k + 1] === b.length));
	}
	return mergeContactRanges(results, plan);
}

/**
 * What `ingestContactRange` needs to read one part of a file exactly as `ingestContacts` reads it
 * whole: the head's sniff (nothing is detected again) and the options of the import.
 */
export interface ContactRangePlan {
	sniffed: Sniffed<CanonicalContactField>;
	/** The head is all ASCII: the encoding may still change (see `FieldDecoder`). */
	provisionalEncoding: boolean;
	/** Average bytes per data record in the head, to size the columns; 0 when unknown. */
	bytesPerRow: number;
	/** @default true */
	contactIds?: boolean;
	/** See `IngestOptions.timeZone`. @default the machine's zone */
	timeZone?: string;
	/** See `IngestOptions.years`. @default PLAUSIBLE_YEARS */
	years?: YearRange;
}

/** One part of a contact file, read on its own: `mergeContactRanges` joins the parts. */
export interface ContactRangeIngest {
	table: ContactTable;
	/** Rows numbered by the line breaks before them in the part: 0 is the part's first line. */
	rejections: Rejections;
	warnings: IngestWarnings;
	values: ValueCounts;
	/** Data records seen, kept or rejected. */
	records: number;
	/** Line breaks in the part (its records' and the blank lines'). */
	lineBreaks: number;
	/** Blank lines and lines inside quoted fields (see `LineCount`). */
	blank: number;
	inQuotes: number;
	/**
	 * The last record ended exactly at the end of the part: the part ended on a record boundary.
	 * False when a record ran past it (the part was cut inside a quoted field).
	 */
	aligned: boolean;
	/** The encoding once the part's text told it, null while it was still a guess. */
	encoding: Encoding | null;
	/** The part's bytes were not valid UTF-8 after its text told UTF-8 (see `EncodingClash`): nothing of it was kept. */
	encodingClash: boolean;
}

/**
 * Reads `b`, the data records of one part of a contact file starting on a record boundary, with
 * the head's sniff. `final` when the part ends the file; otherwise a record must end exactly at
 * the end of `b` (else `aligned` is false).
 */
export function ingestContactRange(b: Uint8Array, plan: ContactRangePlan, final: boolean): ContactRangeIngest {
	const { sniffed } = plan;
	const log = new RejectionLog();
	const decoder = new FieldDecoder(sniffed.encoding, plan.provisionalEncoding);
	const sink = new ContactSink(
		sniffed,
		decoder,
		log,
		undefined,
		expectedRows(b.length, plan.bytesPerRow),
		plan.contactIds ?? true,
		'canonical',
		{},
		true,
		wallClock(plan.timeZone ?? systemTimeZone()),
		new YearBounds(plan.years)
	);
	const scanner = new RecordScanner(sniffed.delimiter);
	const end = b.length;
	let pos = 0;
	let line = 0;
	let blank = 0;
	let inQuotes = 0;
	try {
		while (pos < end) {
			const next = scanner.next(b, pos, end, final);
			if (next < 0) break;
			if (!scanner.isBlank(b)) sink.row(b, scanner, line);
			else blank++;
			inQuotes += scanner.quotedBreaks;
			line += scanner.lineBreaks;
			pos = next;
		}
		sink.flush(b);
	} catch (error) {
		if (!(error instanceof EncodingClash)) throw error;
		// The file mixes encodings: a reading of the whole file says where.
		return { ...ingestContactRange(new Uint8Array(0), plan, false), encodingClash: true };
	}
	const values = sink.values();
	return {
		table: sink.finish(),
		rejections: log.rejections,
		warnings: log.warnings,
		values,
		records: sink.records,
		lineBreaks: line,
		blank,
		inQuotes,
		aligned: pos === end,
		encoding: decoder.isProvisional ? null : decoder.encoding,
		encodingClash: false
	};
}
