/**
 * Builds a `ContactTable` from plain objects: for tests, the generator and the app's demo data.
 * Files go through `ingest/` instead, which reports bad rows; this throws on the first one.
 */
import {
	FALSE,
	INBOUND,
	OUTBOUND,
	TRUE,
	UNKNOWN,
	foldMotives,
	type ContactTable,
	type Dictionary,
	type OptionalContactField,
	type ZonedTimes
} from './table';
import { wallClock, type WallClock } from './time-zone';
import { errorMessage } from '../domain/guards';

export interface ContactRow {
	customer_id: string;
	/** ISO 8601; without a zone it is a wall-clock time (kept as written), or wall-clock ms. */
	timestamp: string | number;
	channel?: string;
	motive?: string;
	direction?: 'inbound' | 'outbound';
	agent?: string;
	team?: string;
	segment?: string;
	transferred?: boolean;
	callback?: boolean;
	resolved?: boolean;
	handled_at?: string | number;
	survey_resolved?: boolean;
	/** 1–5 */
	csat?: number;
	/** 0–10 */
	nps?: number;
}

const ISO =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Wall-clock milliseconds of an ISO 8601 date or date-time: the written fields read as UTC when
 * there is no zone (table.ts); with a zone or offset, the instant put on `clock`'s wall clock
 * (METRICS.md §1 *Time*), or left in UTC without a clock. Throws on anything else.
 */
export function parseIsoTimestamp(text: string, clock?: WallClock): number {
	const { ms, zoned } = readIsoTimestamp(text);
	return zoned && clock ? clock.toWall(ms) : ms;
}

/** An ISO 8601 date or date-time: wall-clock ms when written without a zone, else UTC ms and `zoned`. */
function readIsoTimestamp(text: string): { ms: number; zoned: boolean } {
	const m = ISO.exec(text.trim());
	if (!m) throw new Error(`Invalid timestamp "${text}": expected ISO 8601, e.g. 2026-03-01 09:00`);
	const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) =>
		v === undefined ? 0 : Number(v)
	);
	const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
	const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
	const check = new Date(wall);
	if (
		check.getUTCMonth() !== month - 1 ||
		check.getUTCDate() !== day ||
		hour > 23 ||
		minute > 59 ||
		second > 59
	) {
		throw new Error(`Invalid timestamp "${text}": no such date or time`);
	}
	const zone = m[8];
	if (zone === undefined) return { ms: wall, zoned: false };
	if (zone.toUpperCase() === 'Z') return { ms: wall, zoned: true };
	const sign = zone[0] === '-' ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * 60_000;
	return { ms: wall - sign * offset, zoned: true };
}

/** Options of `fromRows` and `webFromRows`. */
export interface FromRowsOptions {
	/**
	 * IANA zone whose wall clock times written with a zone are put on (the table keeps their
	 * instants, `ZonedTimes`). UTC by default, unlike a file import, so that tests and generated
	 * data read the same on every machine.
	 * @default 'UTC'
	 */
	timeZone?: string;
}

/**
 * Reads a time column of rows: numbers are wall-clock ms, text ISO 8601. `instants` gets the UTC
 * ms of the times written with a zone (NaN elsewhere); null when there is none.
 */
export class TimeReader {
	readonly clock: WallClock;
	instants: Float64Array | null = null;
	constructor(
		private readonly length: number,
		timeZone: string
	) {
		this.clock = wallClock(timeZone);
	}

	read(value: string | number, field: string, index: number): number {
		if (typeof value === 'number') {
			if (!Number.isFinite(value)) throw new Error(`Row ${index}: ${field} is not a finite number`);
			return value;
		}
		let parsed: { ms: number; zoned: boolean };
		try {
			parsed = readIsoTimestamp(value);
		} catch (error) {
			throw new Error(`Row ${index}: ${field}: ${errorMessage(error)}`, { cause: error });
		}
		if (!parsed.zoned) return parsed.ms;
		this.instants ??= new Float64Array(this.length).fill(NaN);
		this.instants[index] = parsed.ms;
		return this.clock.toWall(parsed.ms);
	}
}

/** The `zoned` record of a table from its time readers; undefined when no time had a zone. */
export function zonedOf(time: TimeReader, handledAt?: TimeReader): ZonedTimes | undefined {
	if (!time.instants && !handledAt?.instants) return undefined;
	const zoned: ZonedTimes = { timeZone: time.clock.timeZone };
	if (time.instants) zoned.time = time.instants;
	if (handledAt?.instants) zoned.handledAt = handledAt.instants;
	return zoned;
}

/** A dictionary built as values come: `code(value)` gives the value's index, adding it when new. */
export class Encoder {
	readonly values: Dictionary;
	private readonly index: Map<string, number>;
	constructor(initial: readonly string[] = []) {
		this.values = [...initial];
		this.index = new Map(this.values.map((v, i) => [v, i]));
	}
	code(value: string): number {
		let c = this.index.get(value);
		if (c === undefined) {
			c = this.values.length;
			this.values.push(value);
			this.index.set(value, c);
		}
		return c;
	}
}

function flag(value: boolean | undefined): number {
	return value === undefined ? UNKNOWN : value ? TRUE : FALSE;
}

function text(value: string | undefined): string | undefined {
	const trimmed = value?.trim();
	return trimmed ? trimmed : undefined;
}

/**
 * Columnar table from rows, with the defaults of METRICS.md §1: channel lower case or `unknown`,
 * motive `unqualified`, direction inbound, agent/team/segment `(none)`. Empty strings count as
 * missing. `present` marks the optional fields that at least one row gives.
 */
export function fromRows(rows: readonly ContactRow[], options: FromRowsOptions = {}): ContactTable {
	const n = rows.length;
	const times = new TimeReader(n, options.timeZone ?? 'UTC');
	const handledTimes = new TimeReader(n, options.timeZone ?? 'UTC');
	const customers = new Encoder();
	const channels = new Encoder();
	const motives = new Encoder();
	const agents = new Encoder();
	const teams = new Encoder();
	const segments = new Encoder();
	const table: ContactTable = {
		length: n,
		customer: new Uint32Array(n),
		customers: customers.values,
		time: new Float64Array(n),
		channel: new Uint32Array(n),
		channels: channels.values,
		motive: new Uint32Array(n),
		motives: motives.values,
		direction: new Uint8Array(n),
		agent: new Uint32Array(n),
		agents: agents.values,
		team: new Uint32Array(n),
		teams: teams.values,
		segment: new Uint32Array(n),
		segments: segments.values,
		transferred: new Int8Array(n),
		callback: new Int8Array(n),
		resolved: new Int8Array(n),
		surveyResolved: new Int8Array(n),
		handledAt: new Float64Array(n),
		csat: new Uint8Array(n),
		nps: new Int8Array(n),
		present: {}
	};
	const present = table.present;
	const mark = (field: OptionalContactField, value: unknown) => {
		if (value !== undefined && value !== '') present[field] = true;
	};
	rows.forEach((row, i) => {
		if (!text(row.customer_id)) throw new Error(`Row ${i}: customer_id is missing`);
		table.customer[i] = customers.code(row.customer_id);
		table.time[i] = times.read(row.timestamp, 'timestamp', i);
		table.channel[i] = channels.code(text(row.channel)?.toLowerCase() ?? 'unknown');
		table.motive[i] = motives.code(text(row.motive) ?? 'unqualified');
		table.direction[i] = row.direction === 'outbound' ? OUTBOUND : INBOUND;
		table.agent[i] = agents.code(text(row.agent) ?? '(none)');
		table.team[i] = teams.code(text(row.team) ?? '(none)');
		table.segment[i] = segments.code(text(row.segment) ?? '(none)');
		table.transferred[i] = flag(row.transferred);
		table.callback[i] = flag(row.callback);
		table.resolved[i] = flag(row.resolved);
		table.surveyResolved[i] = flag(row.survey_resolved);
		table.handledAt[i] =
			row.handled_at === undefined || row.handled_at === ''
				? NaN
				: handledTimes.read(row.handled_at, 'handled_at', i);
		if (row.csat !== undefined && !(Number.isInteger(row.csat) && row.csat >= 1 && row.csat <= 5)) {
			throw new Error(`Row ${i}: csat must be an integer from 1 to 5`);
		}
		table.csat[i] = row.csat ?? 0;
		if (row.nps !== undefined && !(Number.isInteger(row.nps) && row.nps >= 0 && row.nps <= 10)) {
			throw new Error(`Row ${i}: nps must be an integer from 0 to 10`);
		}
		table.nps[i] = row.nps ?? -1;
		mark('channel', text(row.channel));
		mark('motive', text(row.motive));
		mark('direction', row.direction);
		mark('agent', text(row.agent));
		mark('team', text(row.team));
		mark('segment', text(row.segment));
		mark('transferred', row.transferred);
		mark('callback', row.callback);
		mark('resolved', row.resolved);
		mark('handled_at', row.handled_at);
		mark('survey_resolved', row.survey_resolved);
		mark('csat', row.csat);
		mark('nps', row.nps);
	});
	const zoned = zonedOf(times, handledTimes);
	if (zoned) table.zoned = zoned;
	foldMotives(table);
	return table;
}
