/**
 * Where the ingest puts each record: the sinks that turn scanned records into table columns
 * (contacts, web events, batches of either), the rejection log, and the readers of one cell
 * (dictionary, timestamp, yes/no, score, direction) they share. `ingest.ts` drives them over a
 * whole source, `parallel.ts` over one range of a file.
 */

import type { ContactTable, EventTable, Rejections, WebTable, ZonedTimes } from '../table';
import { foldMotives, INBOUND, OUTBOUND, UNKNOWN } from '../table';
import { COMPLEX, decodeField, PLAIN, RecordScanner } from './csv';
import type { CanonicalContactField, CanonicalEventField, CanonicalWebField } from './headers';
import { EqualityCodes, type CodeRows } from './equality-codes';
import { Interner } from './interner';
import type { Sniffed } from './sniff';
import { canonicalChannel, directionFlag, renameChannels, type DirectionFlag, type ValueField } from './synonyms';
import { FieldDecoder } from './text';
import { systemTimeZone, wallClock, type WallClock } from '../time-zone';
import {
	isBoolean,
	lastTimeZoned,
	parseBoolean,
	parseDirection,
	parseScore,
	parseTimestamp,
	parseTimeOfDayBytes,
	parseTimestampBytes,
	type DateFormat
} from './values';

/** First and last year (both included) of the timestamps an import keeps. */
export interface YearRange {
	from: number;
	to: number;
}

export const PLAUSIBLE_YEARS: Readonly<YearRange> = { from: 1990, to: 2100 };

/** Wall-clock ms of 1 January of `year` at 00:00 (any year, 0 to 99 included). */
function yearStart(year: number): number {
	const d = new Date(0);
	d.setUTCFullYear(year, 0, 1);
	return d.getTime();
}

/** The times `[from, to)` of a year range. */
export class YearBounds {
	readonly from: number;
	readonly to: number;
	constructor(years: YearRange = PLAUSIBLE_YEARS) {
		this.from = yearStart(years.from);
		this.to = yearStart(years.to + 1);
	}
	/** Whether `t` (not NaN) is outside the range. */
	outside(t: number): boolean {
		return t < this.from || t >= this.to;
	}
}

/** A row the import refused: its file line (as `Rejections.sample` numbers it), why, and the cell. */
export type RejectedRow = Rejections['sample'][number];

/** A distinct raw value of a column (trimmed, as written) and the number of imported rows holding it. */
export interface ValueCount {
	value: string;
	rows: number;
}

/** The distinct raw values of the value-read fields the file maps, most frequent first. */
export type ValueCounts = Partial<Record<ValueField, ValueCount[]>>;

/** Cells that were read as a default rather than rejected, counted by kind (`bad-handled-at`, `bad-boolean`, …). */
export type IngestWarnings = Record<string, number>;


const REJECTION_SAMPLE = 100;
const INITIAL_ROWS = 1 << 16;

const isBlankByte = (c: number) => c === 32 || c === 9;

export class RejectionLog {
	readonly rejections: Rejections = { count: 0, byReason: {}, sample: [] };
	readonly warnings: IngestWarnings = {};

	constructor(private readonly onReject?: (rejected: RejectedRow) => void) {}

	/**
	 * `row` is the file line where the record starts: 1-based, the header being line 1 (line 2 after
	 * a `sep=` line), blank lines counted, and a record whose quoted fields hold line breaks numbered
	 * by its first line, so it is the number a text editor shows.
	 */
	reject(row: number, reason: string, column: string | undefined, value: string | undefined): void {
		const r = this.rejections;
		r.count++;
		r.byReason[reason] = (r.byReason[reason] ?? 0) + 1;
		if (r.sample.length < REJECTION_SAMPLE) {
			const entry: Rejections['sample'][number] = { row, reason };
			if (column !== undefined) entry.column = column;
			if (value !== undefined) entry.value = value.length > 200 ? value.slice(0, 200) + '…' : value;
			r.sample.push(entry);
		}
		if (this.onReject) {
			const entry: RejectedRow = { row, reason };
			if (column !== undefined) entry.column = column;
			if (value !== undefined) entry.value = value;
			this.onReject(entry);
		}
	}

	warn(kind: string): void {
		this.warnings[kind] = (this.warnings[kind] ?? 0) + 1;
	}
}

/** Receives each data record of the file, in order. */
export interface Sink {
	/** Number of records seen (kept or rejected). */
	records: number;
	/** `line` is the file line where the record starts (a quoted field may span several lines). */
	row(b: Uint8Array, sc: RecordScanner, line: number): void;
	/** Finishes work on `b` before the bytes move. */
	flush(b: Uint8Array): void;
}

function trimStart(b: Uint8Array, s: number, e: number): number {
	while (s < e && isBlankByte(b[s])) s++;
	return s;
}
function trimEnd(b: Uint8Array, s: number, e: number): number {
	while (e > s && isBlankByte(b[e - 1])) e--;
	return e;
}

/**
 * A small set of distinct raw values (booleans, directions, scores) read through a lookup table:
 * each distinct raw spelling is parsed once.
 */
class CodedColumn {
	private readonly interner: Interner;
	private readonly values: number[] = [];
	private readonly invalid: boolean[] = [];
	/** Rows read per code, for the distinct raw values (`ValueCounts`). */
	private counts = new Uint32Array(16);
	constructor(
		decoder: FieldDecoder,
		private readonly parse: (text: string) => { value: number; valid: boolean }
	) {
		this.interner = new Interner(decoder, (t) => t.trim());
	}
	/** The value of field `i` of the scanner's record; `warn` is called for unreadable text. */
	private lastCode = 0;
	read(b: Uint8Array, sc: RecordScanner, i: number, log: RejectionLog | null, warning: string): number {
		let code: number;
		if (i >= sc.count) code = this.interner.intern(b, 0, 0, 0);
		else {
			const s = trimStart(b, sc.starts[i], sc.ends[i]);
			code = this.interner.intern(b, s, trimEnd(b, s, sc.ends[i]), sc.kinds[i]);
		}
		while (this.values.length <= code) {
			const parsed = this.parse(this.interner.values[this.values.length]);
			this.values.push(parsed.value);
			this.invalid.push(!parsed.valid);
		}
		if (code >= this.counts.length) this.counts = resize(this.counts, Math.max(code + 1, this.counts.length * 2));
		this.counts[code]++;
		this.lastCode = code;
		if (log !== null && this.invalid[code]) log.warn(warning);
		return this.values[code];
	}

	/**
	 * The value of field `i`, or -1 when its text is unreadable (the caller rejects the row). The
	 * value is counted either way, so the distinct values list the words that rejected rows.
	 */
	readStrict(b: Uint8Array, sc: RecordScanner, i: number): number {
		const v = this.read(b, sc, i, null, '');
		return this.invalid[this.lastCode] ? -1 : v;
	}

	/** Each distinct raw value read and its row count. */
	distinct(): ValueCount[] {
		return countsOf(this.interner.values, this.counts);
	}
}

/** Most rows first, then by value: the order does not depend on how the file was cut into parts. */
export function byRows(a: ValueCount, b: ValueCount): number {
	return b.rows - a.rows || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
}

/** Values with their counts, most rows first; unseen values left out. */
function countsOf(values: readonly string[], counts: ArrayLike<number>): ValueCount[] {
	const out: ValueCount[] = [];
	for (let code = 0; code < values.length; code++) if (counts[code] > 0) out.push({ value: values[code], rows: counts[code] });
	return out.sort(byRows);
}

function dictionaryValue(interner: Interner, b: Uint8Array, sc: RecordScanner, i: number): number {
	if (i >= sc.count) return interner.intern(b, 0, 0, 0);
	const s = trimStart(b, sc.starts[i], sc.ends[i]);
	return interner.intern(b, s, trimEnd(b, s, sc.ends[i]), sc.kinds[i]);
}

/** Timestamp of field `i`, NaN when empty or unreadable. */
function timeValue(b: Uint8Array, sc: RecordScanner, i: number, format: DateFormat, decoder: FieldDecoder): number {
	if (i >= sc.count) return NaN;
	if (sc.kinds[i] === COMPLEX) return parseTimestamp(decodeField(b, sc.starts[i], sc.ends[i], COMPLEX, decoder), format);
	return parseTimestampBytes(b, sc.starts[i], sc.ends[i], format);
}

/** Whether field `i` holds at most a date (10 characters: `01/03/2026`, `2026-03-01`, a whole Excel serial). */
function isDateOnly(b: Uint8Array, sc: RecordScanner, i: number): boolean {
	if (i >= sc.count) return false;
	const s = trimStart(b, sc.starts[i], sc.ends[i]);
	return trimEnd(b, s, sc.ends[i]) - s <= 10;
}

/**
 * The timestamp of a record, completed by the separate time-of-day column (`tod` ≥ 0) when the
 * timestamp cell is a date only. NaN when unreadable; `badTimeColumn` then says which column was.
 */
function recordTime(b: Uint8Array, sc: RecordScanner, ts: number, tod: number, format: DateFormat, decoder: FieldDecoder): number {
	const t = timeValue(b, sc, ts, format, decoder);
	badTimeColumn = ts;
	if (tod < 0 || t !== t || !isDateOnly(b, sc, ts) || isEmptyField(b, sc, tod, decoder)) return t;
	const time = sc.kinds[tod] === COMPLEX ? NaN : parseTimeOfDayBytes(b, sc.starts[tod], sc.ends[tod]);
	if (time !== time) badTimeColumn = tod;
	return t + time;
}
/** The column `recordTime` could not read last. */
let badTimeColumn = -1;

/**
 * Rejects a record whose quoted field was never closed (`RecordScanner.unterminated`): reason
 * `unterminated-quote`, the column where the quote opened, and the rest of that line.
 */
function rejectUnterminated(
	log: RejectionLog,
	b: Uint8Array,
	sc: RecordScanner,
	line: number,
	headers: readonly string[],
	decoder: FieldDecoder
): void {
	const field = sc.unterminatedField;
	log.reject(line, 'unterminated-quote', headers[field] ?? `#${field + 1}`, sc.text(b, field, decoder));
}

/**
 * The time of a record that can be kept: it has a customer and a timestamp read within the years.
 * NaN after rejecting it otherwise (a quote never closed, no customer, a time unreadable or out of
 * range), naming the cell.
 */
function keptTime(
	log: RejectionLog,
	b: Uint8Array,
	sc: RecordScanner,
	line: number,
	headers: readonly string[],
	decoder: FieldDecoder,
	c: { customer_id: number; timestamp: number },
	timeOfDay: number,
	format: DateFormat,
	years: YearBounds
): number {
	if (sc.unterminated) {
		rejectUnterminated(log, b, sc, line, headers, decoder);
		return NaN;
	}
	if (isEmptyField(b, sc, c.customer_id, decoder)) {
		log.reject(line, 'missing-customer', headers[c.customer_id], '');
		return NaN;
	}
	const t = recordTime(b, sc, c.timestamp, timeOfDay, format, decoder);
	if (t !== t) {
		log.reject(line, 'bad-timestamp', headers[badTimeColumn], sc.text(b, badTimeColumn, decoder));
		return NaN;
	}
	if (years.outside(t)) {
		log.reject(line, 'year-out-of-range', headers[c.timestamp], sc.text(b, c.timestamp, decoder));
		return NaN;
	}
	return t;
}

/** Whether field `i` is missing or only spaces. */
function isEmptyField(b: Uint8Array, sc: RecordScanner, i: number, decoder: FieldDecoder): boolean {
	if (i >= sc.count) return true;
	if (sc.kinds[i] === COMPLEX) return decodeField(b, sc.starts[i], sc.ends[i], COMPLEX, decoder).trim() === '';
	const s = sc.starts[i];
	const e = sc.ends[i];
	return trimStart(b, s, e) === e;
}

const orDefault = (fallback: string) => (text: string) => {
	const t = text.trim();
	return t === '' ? fallback : t;
};

/** Trims what the byte loops trim (spaces and tabs), so equal ids have equal trimmed bytes. */
const trimBlanks = (t: string) => t.replace(/^[ \t]+|[ \t]+$/g, '');

function customerNormaliser(transform: ((id: string) => string) | undefined): (text: string) => string {
	if (!transform) return trimBlanks;
	return (t) => {
		const id = trimBlanks(t);
		return id === '' ? '' : transform(id);
	};
}

function booleanParser(text: string): { value: number; valid: boolean } {
	return { value: parseBoolean(text), valid: isBoolean(text) };
}

function scoreParser(min: number, max: number, none: number) {
	return (text: string) => {
		if (text.trim() === '') return { value: none, valid: true };
		const v = parseScore(text, min, max);
		return v === null ? { value: none, valid: false } : { value: v, valid: true };
	};
}

function directionParser(flag: DirectionFlag, words: Readonly<Record<string, 'inbound' | 'outbound'>> = {}) {
	return (text: string): { value: number; valid: boolean } => {
		const key = text.trim().toLowerCase();
		if (Object.hasOwn(words, key)) return { value: words[key] === 'outbound' ? OUTBOUND : INBOUND, valid: true };
		const d = parseDirection(text, flag);
		return d === null ? { value: INBOUND, valid: false } : { value: d, valid: true };
	};
}

const BATCH = 512;

/**
 * The customer column. Without a transform, ids are interned in batches (`Interner.internBatch`):
 * with many distinct customers each lookup is a trip to main memory, and batching lets those trips
 * overlap. With a transform, each id is interned at once, since an id the transform empties rejects
 * its row.
 */
class CustomerColumn {
	readonly interner: Interner;
	private readonly deferred: boolean;
	private pending = 0;
	private readonly starts = new Int32Array(BATCH);
	private readonly ends = new Int32Array(BATCH);
	private readonly kinds = new Uint8Array(BATCH);
	private readonly rows = new Int32Array(BATCH);

	constructor(decoder: FieldDecoder, transform: ((id: string) => string) | undefined, expectedRows: number) {
		this.deferred = transform === undefined;
		// With a transform, code 0 is kept for ids it empties, so a rejected id never reaches the
		// dictionary; `values` drops it.
		// Customer logs hold several contacts per customer: a table for a quarter of the rows grows
		// once at most on usual logs (each growth rehashes every id seen, a tenth of the reading's time).
		this.interner = new Interner(
			decoder,
			customerNormaliser(transform),
			this.deferred ? [] : [''],
			this.deferred ? 'bytes' : 'text',
			Math.min(expectedRows, 1 << 24) / 4
		);
	}

	/** The dictionary, once every row is coded; `out` holds the `n` codes. */
	values(out: Uint32Array, n: number): string[] {
		if (this.deferred) return this.interner.values;
		for (let i = 0; i < n; i++) out[i]--;
		return this.interner.values.slice(1);
	}

	/** Codes field `i` (not empty) into `out[row]`, now or at the next `flush`; false when the transform empties it. */
	take(b: Uint8Array, sc: RecordScanner, i: number, row: number, out: Uint32Array): boolean {
		const s = trimStart(b, sc.starts[i], sc.ends[i]);
		const e = trimEnd(b, s, sc.ends[i]);
		if (this.deferred) {
			const k = this.pending++;
			this.starts[k] = s;
			this.ends[k] = e;
			this.kinds[k] = sc.kinds[i];
			this.rows[k] = row;
			if (k + 1 === BATCH) this.flush(b, out);
			return true;
		}
		const code = this.interner.intern(b, s, e, sc.kinds[i]);
		out[row] = code;
		return code !== 0;
	}

	/** Codes the pending ids; must run before the bytes they point into change. */
	flush(b: Uint8Array, out: Uint32Array): void {
		if (this.pending === 0) return;
		this.interner.internBatch(b, this.starts, this.ends, this.kinds, this.pending, out, this.rows);
		this.pending = 0;
	}
}

export class ContactSink implements Sink {
	records = 0;
	length = 0;
	private capacity: number;
	customers: CustomerColumn;
	private readonly channels: Interner;
	private readonly motives: Interner;
	private readonly agents: Interner;
	private readonly teams: Interner;
	private readonly segments: Interner;
	/** Contact ids are nearly always distinct: kept one per row, without a dictionary lookup. */
	private contactIds: string[] = [];
	/** Rows per raw channel code in the batches already handed out by `drain`. */
	private drainedChannelRows = new Uint32Array(0);
	private readonly direction: CodedColumn;
	private readonly transferred: CodedColumn;
	private readonly callback: CodedColumn;
	private readonly resolved: CodedColumn;
	private readonly surveyResolved: CodedColumn;
	private readonly csat: CodedColumn;
	private readonly nps: CodedColumn;

	// Column index per field, -1 when the file has no such column.
	private readonly c: Record<CanonicalContactField, number>;
	private readonly format: DateFormat;
	private readonly timeOfDay: number;
	private readonly handledFormat: DateFormat;

	customer: Uint32Array;
	time: Float64Array;
	channel: Uint32Array | null = null;
	motive: Uint32Array | null = null;
	dir: Uint8Array | null = null;
	agent: Uint32Array | null = null;
	team: Uint32Array | null = null;
	segment: Uint32Array | null = null;
	transfer: Int8Array | null = null;
	callBack: Int8Array | null = null;
	resolve: Int8Array | null = null;
	survey: Int8Array | null = null;
	handledAt: Float64Array | null = null;
	csatScore: Uint8Array | null = null;
	npsScore: Int8Array | null = null;
	contactId: Uint32Array | null = null;
	/** Instants of the times written with a zone, NaN elsewhere; made at the first such time. */
	private readonly zonedTime: ZonedColumn;
	private readonly zonedHandledAt: ZonedColumn;

	constructor(
		private readonly sniffed: Sniffed<CanonicalContactField>,
		private readonly decoder: FieldDecoder,
		private readonly log: RejectionLog,
		private readonly transform: ((id: string) => string) | undefined,
		private readonly expectedRows: number,
		keepContactIds: boolean,
		private readonly channelNames: 'canonical' | 'raw' = 'canonical',
		directionWords: Readonly<Record<string, 'inbound' | 'outbound'>> = {},
		private readonly rejectUnknownDirection = true,
		private readonly clock: WallClock = wallClock(systemTimeZone()),
		private readonly years = new YearBounds()
	) {
		this.zonedTime = new ZonedColumn(clock);
		this.zonedHandledAt = new ZonedColumn(clock);
		const m = sniffed.mapping;
		const at = (f: CanonicalContactField) => (f === 'contact_id' && !keepContactIds ? -1 : (m[f] ?? -1));
		this.c = {
			customer_id: at('customer_id'), timestamp: at('timestamp'), channel: at('channel'),
			motive: at('motive'), direction: at('direction'), agent: at('agent'), team: at('team'),
			segment: at('segment'), transferred: at('transferred'), callback: at('callback'),
			resolved: at('resolved'), handled_at: at('handled_at'), survey_resolved: at('survey_resolved'),
			csat: at('csat'), nps: at('nps'), contact_id: at('contact_id')
		};
		this.format = sniffed.dateFormat ?? 'iso';
		this.timeOfDay = sniffed.timeOfDayColumn ?? -1;
		this.handledFormat = sniffed.handledAtFormat ?? this.format;
		this.customers = new CustomerColumn(decoder, transform, expectedRows);
		// Raw spellings (trimmed) are kept while reading, so their counts can be reported; `finish`
		// renames them once per distinct value.
		this.channels = new Interner(decoder, (t) => t.trim());
		this.motives = new Interner(decoder, orDefault('unqualified'));
		this.agents = new Interner(decoder, orDefault('(none)'));
		this.teams = new Interner(decoder, orDefault('(none)'));
		this.segments = new Interner(decoder, orDefault('(none)'));
		const dirHeader = this.c.direction >= 0 ? (sniffed.headers[this.c.direction] ?? '') : '';
		this.direction = new CodedColumn(decoder, directionParser(directionFlag(dirHeader), directionWords));
		this.transferred = new CodedColumn(decoder, booleanParser);
		this.callback = new CodedColumn(decoder, booleanParser);
		this.resolved = new CodedColumn(decoder, booleanParser);
		this.surveyResolved = new CodedColumn(decoder, booleanParser);
		this.csat = new CodedColumn(decoder, scoreParser(1, 5, 0));
		this.nps = new CodedColumn(decoder, scoreParser(0, 10, -1));

		this.capacity = Math.max(16, expectedRows);
		const n = this.capacity;
		this.customer = new Uint32Array(n);
		this.time = new Float64Array(n);
		const c = this.c;
		if (c.channel >= 0) this.channel = new Uint32Array(n);
		if (c.motive >= 0) this.motive = new Uint32Array(n);
		if (c.direction >= 0) this.dir = new Uint8Array(n);
		if (c.agent >= 0) this.agent = new Uint32Array(n);
		if (c.team >= 0) this.team = new Uint32Array(n);
		if (c.segment >= 0) this.segment = new Uint32Array(n);
		if (c.transferred >= 0) this.transfer = new Int8Array(n);
		if (c.callback >= 0) this.callBack = new Int8Array(n);
		if (c.resolved >= 0) this.resolve = new Int8Array(n);
		if (c.survey_resolved >= 0) this.survey = new Int8Array(n);
		if (c.handled_at >= 0) this.handledAt = new Float64Array(n);
		if (c.csat >= 0) this.csatScore = new Uint8Array(n);
		if (c.nps >= 0) this.npsScore = new Int8Array(n);
		if (c.contact_id >= 0) this.contactId = new Uint32Array(n);
	}

	private grow(): void {
		const n = this.capacity * 2;
		this.capacity = n;
		this.customer = resize(this.customer, n);
		this.time = resize(this.time, n);
		this.channel = resize(this.channel, n);
		this.motive = resize(this.motive, n);
		this.dir = resize(this.dir, n);
		this.agent = resize(this.agent, n);
		this.team = resize(this.team, n);
		this.segment = resize(this.segment, n);
		this.transfer = resize(this.transfer, n);
		this.callBack = resize(this.callBack, n);
		this.resolve = resize(this.resolve, n);
		this.survey = resize(this.survey, n);
		this.handledAt = resize(this.handledAt, n);
		this.csatScore = resize(this.csatScore, n);
		this.npsScore = resize(this.npsScore, n);
		this.contactId = resize(this.contactId, n);
		this.zonedTime.grow(n);
		this.zonedHandledAt.grow(n);
	}

	private header(i: number): string | undefined {
		return this.sniffed.headers[i];
	}

	row(b: Uint8Array, sc: RecordScanner, line: number): void {
		this.records++;
		const c = this.c;
		const decoder = this.decoder;
		const t = keptTime(this.log, b, sc, line, this.sniffed.headers, decoder, c, this.timeOfDay, this.format, this.years);
		if (t !== t) return;
		const timeZoned = lastTimeZoned();
		let direction = INBOUND;
		if (c.direction >= 0) {
			direction = this.direction.readStrict(b, sc, c.direction);
			if (direction < 0 && !this.rejectUnknownDirection) {
				this.log.warn('bad-direction');
				direction = INBOUND;
			} else if (direction < 0) {
				// METRICS.md §1: a direction word that is neither inbound nor outbound rejects the row.
				this.log.reject(line, 'direction', this.header(c.direction), sc.text(b, c.direction, decoder).trim());
				return;
			}
		}
		if (this.length === this.capacity) this.grow();
		const i = this.length;
		if (!this.customers.take(b, sc, c.customer_id, i, this.customer)) {
			// The pseudonymising transform gave an empty id.
			this.log.reject(line, 'missing-customer', this.header(c.customer_id), '');
			return;
		}
		this.length++;
		this.time[i] = timeZoned ? this.zonedTime.put(i, t, this.capacity) : t;
		const log = this.log;
		if (this.channel) this.channel[i] = dictionaryValue(this.channels, b, sc, c.channel);
		if (this.motive) this.motive[i] = dictionaryValue(this.motives, b, sc, c.motive);
		if (this.dir) this.dir[i] = direction;
		if (this.agent) this.agent[i] = dictionaryValue(this.agents, b, sc, c.agent);
		if (this.team) this.team[i] = dictionaryValue(this.teams, b, sc, c.team);
		if (this.segment) this.segment[i] = dictionaryValue(this.segments, b, sc, c.segment);
		if (this.transfer) this.transfer[i] = this.transferred.read(b, sc, c.transferred, log, 'bad-boolean');
		if (this.callBack) this.callBack[i] = this.callback.read(b, sc, c.callback, log, 'bad-boolean');
		if (this.resolve) this.resolve[i] = this.resolved.read(b, sc, c.resolved, log, 'bad-boolean');
		if (this.survey) this.survey[i] = this.surveyResolved.read(b, sc, c.survey_resolved, log, 'bad-boolean');
		if (this.handledAt) {
			let h = timeValue(b, sc, c.handled_at, this.handledFormat, decoder);
			if (h === h && this.years.outside(h)) h = NaN;
			if (h !== h && !isEmptyField(b, sc, c.handled_at, decoder)) log.warn('bad-handled-at');
			this.handledAt[i] = lastTimeZoned() ? this.zonedHandledAt.put(i, h, this.capacity) : h;
		}
		if (this.csatScore) this.csatScore[i] = this.csat.read(b, sc, c.csat, log, 'bad-csat');
		if (this.npsScore) this.npsScore[i] = this.nps.read(b, sc, c.nps, log, 'bad-nps');
		if (this.contactId) {
			this.contactId[i] = i;
			this.contactIds.push(sc.text(b, c.contact_id, decoder).trim());
		}
	}

	flush(b: Uint8Array): void {
		this.customers.flush(b, this.customer);
	}

	/** Rows per raw channel code, those of the batches handed out by `drain` included. */
	private channelRows(column: Uint32Array): Uint32Array<ArrayBuffer> {
		const counts = new Uint32Array(this.channels.values.length);
		counts.set(this.drainedChannelRows);
		for (let i = 0; i < this.length; i++) counts[column[i]]++;
		return counts;
	}

	/** The raw values of the value-read fields, with their row counts. */
	values(): ValueCounts {
		const out: ValueCounts = {};
		if (this.channel) out.channel = countsOf(this.channels.values, this.channelRows(this.channel));
		if (this.dir) out.direction = this.direction.distinct();
		if (this.transfer) out.transferred = this.transferred.distinct();
		if (this.callBack) out.callback = this.callback.distinct();
		if (this.resolve) out.resolved = this.resolved.distinct();
		if (this.survey) out.survey_resolved = this.surveyResolved.distinct();
		return out;
	}

	finish(): ContactTable {
		const n = this.length;
		const codes = (col: Uint32Array | null) => (col ? col.slice(0, n) : new Uint32Array(n));
		const flags = (col: Int8Array | null) => (col ? col.slice(0, n) : new Int8Array(n).fill(UNKNOWN));
		const dict = (col: Uint32Array | null, interner: Interner, fallback: string) =>
			col ? interner.values : [fallback];
		const present: ContactTable['present'] = {};
		for (const field of Object.keys(this.c) as CanonicalContactField[]) {
			if (field !== 'customer_id' && field !== 'timestamp' && this.c[field] >= 0) present[field] = true;
		}
		const table: ContactTable = {
			length: n,
			customers: this.customers.values(this.customer, n),
			customer: this.customer.slice(0, n),
			time: this.time.slice(0, n),
			channel: codes(this.channel),
			channels: dict(this.channel, this.channels, 'unknown'),
			motive: codes(this.motive),
			motives: dict(this.motive, this.motives, 'unqualified'),
			direction: this.dir ? this.dir.slice(0, n) : new Uint8Array(n).fill(INBOUND),
			agent: codes(this.agent),
			agents: dict(this.agent, this.agents, '(none)'),
			team: codes(this.team),
			teams: dict(this.team, this.teams, '(none)'),
			segment: codes(this.segment),
			segments: dict(this.segment, this.segments, '(none)'),
			transferred: flags(this.transfer),
			callback: flags(this.callBack),
			resolved: flags(this.resolve),
			surveyResolved: flags(this.survey),
			handledAt: this.handledAt ? this.handledAt.slice(0, n) : new Float64Array(n).fill(NaN),
			csat: this.csatScore ? this.csatScore.slice(0, n) : new Uint8Array(n),
			nps: this.npsScore ? this.npsScore.slice(0, n) : new Int8Array(n).fill(-1),
			present
		};
		if (this.contactId) {
			table.contactId = this.contactId.slice(0, n);
			table.contactIds = this.contactIds;
		}
		const zoned = zonedTimes(this.clock, this.zonedTime.finish(n), this.zonedHandledAt.finish(n));
		if (zoned) table.zoned = zoned;
		if (this.channel && this.channelNames === 'canonical') renameChannels(table, canonicalChannel);
		foldMotives(table);
		return table;
	}

	/**
	 * The rows read since the last call, as a table of their own, and a fresh start: memory then
	 * holds one batch, the customer ids of that batch only, and the few distinct values of the
	 * other dictionary columns.
	 */
	drain(): ContactTable {
		if (this.channel) this.drainedChannelRows = this.channelRows(this.channel);
		const table = this.finish();
		this.length = 0;
		this.contactIds = [];
		this.customers = new CustomerColumn(this.decoder, this.transform, this.expectedRows);
		this.zonedTime.reset();
		this.zonedHandledAt.reset();
		return table;
	}
}

/**
 * Reads a log of customer, time and two dictionary columns: a main one whose missing value is
 * `(none)` (a web log's page, an event log's type) and an optional second one (session, detail).
 * `WebSink` and `EventSink` name the columns.
 */
abstract class KeyedLogSink<F extends string> implements Sink {
	records = 0;
	length = 0;
	private capacity: number;
	protected customers: CustomerColumn;
	protected readonly mains: Interner;
	protected seconds: Interner;
	/** The second column's codes when its texts are not kept (`secondTexts: false`); else null. */
	protected readonly secondCodes: EqualityCodes | null;
	/** The second column's codes are left to the caller (`secondRows`): the column stays empty. */
	private readonly codesLater: boolean;
	private readonly c: { customer_id: number; timestamp: number; main: number; second: number };
	private readonly format: DateFormat;
	private readonly timeOfDay: number;
	customer: Uint32Array;
	time: Float64Array;
	main: Uint32Array;
	second: Uint32Array;
	protected readonly zonedTime: ZonedColumn;

	constructor(
		private readonly sniffed: Sniffed<F>,
		protected readonly decoder: FieldDecoder,
		private readonly log: RejectionLog,
		protected readonly transform: ((id: string) => string) | undefined,
		protected readonly expectedRows: number,
		private readonly clock: WallClock,
		private readonly years: YearBounds,
		fields: { main: F; second: F; customerRows: number; secondRows?: number; secondTexts?: boolean; readSecond?: boolean; codesLater?: boolean }
	) {
		this.zonedTime = new ZonedColumn(clock);
		const m = sniffed.mapping as Partial<Record<string, number>>;
		this.c = { customer_id: m.customer_id ?? -1, timestamp: m.timestamp ?? -1, main: m[fields.main] ?? -1, second: fields.readSecond === false ? -1 : (m[fields.second] ?? -1) };
		this.format = sniffed.dateFormat ?? 'iso';
		this.timeOfDay = sniffed.timeOfDayColumn ?? -1;
		this.customers = new CustomerColumn(decoder, transform, fields.customerRows);
		this.mains = new Interner(decoder, orDefault('(none)'), [], 'normalForm');
		const codesOnly = fields.secondTexts === false && this.c.second >= 0;
		this.codesLater = codesOnly && fields.codesLater === true;
		this.secondCodes = codesOnly ? new EqualityCodes(decoder, orDefault('(none)'), '(none)', Math.max(16, expectedRows), this.codesLater) : null;
		this.seconds = new Interner(decoder, orDefault('(none)'), ['(none)'], 'normalForm', codesOnly ? 0 : fields.secondRows);
		this.capacity = Math.max(16, expectedRows);
		this.customer = new Uint32Array(this.capacity);
		this.time = new Float64Array(this.capacity);
		this.main = new Uint32Array(this.capacity);
		this.second = new Uint32Array(this.capacity);
	}

	row(b: Uint8Array, sc: RecordScanner, line: number): void {
		this.records++;
		const c = this.c;
		const headers = this.sniffed.headers;
		const t = keptTime(this.log, b, sc, line, headers, this.decoder, c, this.timeOfDay, this.format, this.years);
		if (t !== t) return;
		const timeZoned = lastTimeZoned();
		if (this.length === this.capacity) {
			const n = (this.capacity *= 2);
			this.customer = resize(this.customer, n);
			this.time = resize(this.time, n);
			this.main = resize(this.main, n);
			this.second = resize(this.second, n);
			this.zonedTime.grow(n);
		}
		const i = this.length;
		if (!this.customers.take(b, sc, c.customer_id, i, this.customer)) {
			this.log.reject(line, 'missing-customer', headers[c.customer_id], '');
			return;
		}
		this.length++;
		this.time[i] = timeZoned ? this.zonedTime.put(i, t, this.capacity) : t;
		this.main[i] = c.main >= 0 ? dictionaryValue(this.mains, b, sc, c.main) : this.mains.internText('(none)');
		if (this.secondCodes) {
			if (c.second >= sc.count) this.secondCodes.add(b, 0, 0, PLAIN, i);
			else {
				const s = trimStart(b, sc.starts[c.second], sc.ends[c.second]);
				this.secondCodes.add(b, s, trimEnd(b, s, sc.ends[c.second]), sc.kinds[c.second], i);
			}
		} else if (c.second >= 0) this.second[i] = dictionaryValue(this.seconds, b, sc, c.second);
	}

	flush(b: Uint8Array): void {
		this.customers.flush(b, this.customer);
	}

	/** New columns when `handed` (a column of the table just finished) is a view of the current ones. */
	protected renew(handed: Uint32Array): void {
		if (handed.buffer !== this.customer.buffer) return;
		this.customer = new Uint32Array(this.capacity);
		this.time = new Float64Array(this.capacity);
		this.main = new Uint32Array(this.capacity);
		this.second = new Uint32Array(this.capacity);
	}

	/** The rows the second column's codes are to be given from, when they are left to the caller; else null. */
	secondRows(): CodeRows | null {
		return this.codesLater && this.secondCodes ? this.secondCodes.rows(this.length) : null;
	}

	/** The columns read, with the time zone's record when some times carried one. */
	protected columns() {
		const n = this.length;
		return {
			length: n,
			customers: this.customers.values(this.customer, n),
			customer: fitted(this.customer, n),
			time: fitted(this.time, n),
			main: fitted(this.main, n),
			second: this.secondCodes ? (this.codesLater ? new Uint32Array(0) : this.secondCodes.codes(n)) : fitted(this.second, n),
			zoned: zonedTimes(this.clock, this.zonedTime.finish(n), null)
		};
	}
}

export class WebSink extends KeyedLogSink<CanonicalWebField> {
	constructor(
		sniffed: Sniffed<CanonicalWebField>,
		decoder: FieldDecoder,
		log: RejectionLog,
		transform: ((id: string) => string) | undefined,
		expectedRows: number,
		clock: WallClock,
		years = new YearBounds(),
		/** Keep the session ids' texts (see `IngestOptions.sessionIds`). */
		sessionIds = true,
		/** Without their texts, leave their codes to the caller (see `IngestOptions.sessionCodes`). */
		codesLater = false
	) {
		// A customer's page views come by the dozen: a table for a quarter of the contacts' share of
		// ids stays in cache better, and grows (rarely) on a log with few views per customer. Page
		// views come a few per session: the sessions' table, sized as the customers', seldom regrows
		// (a log of one or two views per session is best read without the ids' texts: `sessionIds`).
		const sessions = sniffed.mapping.session_id === undefined || !sessionIds ? 0 : Math.min(expectedRows, 1 << 24) / 4;
		super(sniffed, decoder, log, transform, expectedRows, clock, years, {
			main: 'page',
			second: 'session_id',
			customerRows: expectedRows / 4,
			secondRows: sessions,
			secondTexts: sessionIds,
			codesLater
		});
	}

	finish(): WebTable {
		const { main, second, zoned, ...rest } = this.columns();
		const table: WebTable = { ...rest, page: main, pages: this.mains.values, session: second, sessions: this.secondCodes ? [] : this.seconds.values };
		if (zoned) table.zoned = zoned;
		return table;
	}

	/** The rows read since the last call, as a table of their own (see `ContactSink.drain`). */
	drain(): WebTable {
		// Codes without texts hold across one reading only: batches keep the session ids' texts.
		if (this.secondCodes) throw new Error('A web log read in batches keeps its session ids');
		const table = this.finish();
		this.renew(table.customer);
		this.length = 0;
		this.customers = new CustomerColumn(this.decoder, this.transform, this.expectedRows);
		this.seconds = new Interner(this.decoder, orDefault('(none)'), ['(none)'], 'normalForm');
		this.zonedTime.reset();
		return table;
	}
}

/** Reads a business event log (METRICS.md §5b): its event types and details. */
export class EventSink extends KeyedLogSink<CanonicalEventField> {
	constructor(
		sniffed: Sniffed<CanonicalEventField>,
		decoder: FieldDecoder,
		log: RejectionLog,
		transform: ((id: string) => string) | undefined,
		expectedRows: number,
		clock: WallClock,
		years = new YearBounds(),
		/** Read the detail column (see `IngestOptions.eventDetails`). */
		details = true
	) {
		super(sniffed, decoder, log, transform, expectedRows, clock, years, { main: 'event', second: 'detail', customerRows: expectedRows, readSecond: details });
	}

	finish(): EventTable {
		const { main, second, zoned, ...rest } = this.columns();
		const table: EventTable = { ...rest, event: main, events: this.mains.values, detail: second, details: this.seconds.values };
		if (zoned) table.zoned = zoned;
		return table;
	}
}

/** Hands the rows of each window of bytes to `onBatch` once the window is read. */
export class BatchSink<T> implements Sink {
	constructor(
		private readonly inner: Sink & { length: number; drain(): T },
		private readonly onBatch: (batch: T) => void
	) {}
	get records(): number {
		return this.inner.records;
	}
	row(b: Uint8Array, sc: RecordScanner, line: number): void {
		this.inner.row(b, sc, line);
	}
	flush(b: Uint8Array): void {
		this.inner.flush(b);
		if (this.inner.length > 0) this.onBatch(this.inner.drain());
	}
}

/**
 * The instants of one time column's zoned rows, NaN for the others: made at the first time written
 * with a zone, so a file without any costs nothing.
 */
class ZonedColumn {
	private instants: Float64Array | null = null;
	constructor(private readonly clock: WallClock) {}

	/** Keeps the instant of row `i` and returns its wall-clock time. */
	put(i: number, instant: number, capacity: number): number {
		if (instant !== instant) return instant;
		if (!this.instants) this.instants = new Float64Array(capacity).fill(NaN);
		this.instants[i] = instant;
		return this.clock.toWall(instant);
	}

	grow(n: number): void {
		if (!this.instants) return;
		const old = this.instants.length;
		this.instants = resize(this.instants, n);
		this.instants.fill(NaN, old);
	}

	finish(n: number): Float64Array | null {
		return this.instants ? this.instants.slice(0, n) : null;
	}

	/** Forgets the rows handed out (a drained batch), so the next batch starts without instants. */
	reset(): void {
		this.instants = null;
	}
}

function zonedTimes(clock: WallClock, time: Float64Array | null, handledAt: Float64Array | null): ZonedTimes | undefined {
	if (!time && !handledAt) return undefined;
	const zoned: ZonedTimes = { timeZone: clock.timeZone };
	if (time) zoned.time = time;
	if (handledAt) zoned.handledAt = handledAt;
	return zoned;
}

function resize<T extends Uint32Array | Int8Array | Uint8Array | Float64Array | null>(col: T, n: number): T {
	if (col === null) return col;
	const bigger = new (col.constructor as new (n: number) => NonNullable<T>)(n);
	bigger.set(col as NonNullable<T> & ArrayLike<number>);
	return bigger;
}

/**
 * The first `n` values of a column: a view of it when little is left unused (the rows expected
 * from the file's size were about right), so millions of rows are not copied once more; a copy
 * otherwise, so a column sized too large does not hold its unused memory.
 */
function fitted<T extends Uint32Array | Float64Array>(col: T, n: number): T {
	return (n >= col.length * 0.75 ? col.subarray(0, n) : col.slice(0, n)) as T;
}

/** Rows expected in `bytes` of data records from the bytes per row of the head: columns sized once. */
export function expectedRows(bytes: number, bytesPerRow: number): number {
	const expected = bytes > 0 && bytesPerRow > 0 ? Math.ceil((bytes / bytesPerRow) * 1.03) + 16 : INITIAL_ROWS;
	return Math.min(expected, 1 << 26);
}

