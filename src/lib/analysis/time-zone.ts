/**
 * Wall clocks of IANA time zones (METRICS.md §1 *Time*): a time written with a zone or offset is
 * an instant, put on the wall clock of the workspace's zone when read; every rule then works on
 * that wall clock. The offsets come from the platform's `Intl` time-zone data.
 */
import { canonicalTimeZone } from '../domain/time-zone';
import type { ContactTable, EventTable, WebTable } from './table';

export { canonicalTimeZone, systemTimeZone, timeZoneNames } from '../domain/time-zone';

const HOUR = 3_600_000;

/** Thrown for a zone name the platform does not know; `message` names it. */
export class TimeZoneError extends Error {
	constructor(readonly timeZone: string) {
		super(`Unknown time zone "${timeZone}": expected an IANA name such as Europe/Paris, America/New_York or UTC.`);
		this.name = 'TimeZoneError';
	}
}

/** The canonical name of `name`; throws TimeZoneError when the platform does not know it. */
export function checkTimeZone(name: string): string {
	const canonical = canonicalTimeZone(name);
	if (canonical === null) throw new TimeZoneError(name);
	return canonical;
}

/** Milliseconds of a calendar date and time read as UTC, years below 100 included. */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
	const date = new Date(0);
	date.setUTCFullYear(y, mo - 1, d);
	date.setUTCHours(h, mi, s, 0);
	return date.getTime();
}

/**
 * Converts instants (UTC ms) to wall-clock ms of one zone (`table.ts`). Offsets only change at the
 * zone's transitions, months apart, so the offset is read from `Intl` once per hour of UTC and
 * kept; an hour that holds a transition is marked and its instants read one by one.
 */
export class WallClock {
	readonly timeZone: string;
	readonly #format: Intl.DateTimeFormat;
	/** Hour since the epoch → the offset in force all through it, NaN when it changes inside. */
	readonly #offsets = new Map<number, number>();
	#lastHour = NaN;
	#lastOffset = 0;

	/** Throws TimeZoneError for a name the platform does not know. */
	constructor(timeZone: string) {
		this.timeZone = checkTimeZone(timeZone);
		this.#format = new Intl.DateTimeFormat('en-US', {
			timeZone: this.timeZone,
			hourCycle: 'h23',
			era: 'short',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
	}

	/** Wall-clock ms of the instant `instant` (UTC ms). */
	toWall(instant: number): number {
		const hour = Math.floor(instant / HOUR);
		if (hour === this.#lastHour) return instant + this.#lastOffset;
		let offset = this.#offsets.get(hour);
		if (offset === undefined) {
			// Transitions fall on whole seconds: the first and last second of the hour tell whether one
			// falls inside it.
			const first = this.offsetAt(hour * HOUR);
			offset = first === this.offsetAt(hour * HOUR + HOUR - 1000) ? first : NaN;
			this.#offsets.set(hour, offset);
		}
		if (offset !== offset) return instant + this.offsetAt(instant);
		this.#lastHour = hour;
		this.#lastOffset = offset;
		return instant + offset;
	}

	/** The zone's offset from UTC (wall clock − UTC, in ms) at `instant`, read from `Intl`. */
	offsetAt(instant: number): number {
		const second = Math.floor(instant / 1000) * 1000;
		let y = 0;
		let mo = 1;
		let d = 1;
		let h = 0;
		let mi = 0;
		let s = 0;
		let bc = false;
		for (const part of this.#format.formatToParts(second)) {
			switch (part.type) {
				case 'year': y = Number(part.value); break;
				case 'month': mo = Number(part.value); break;
				case 'day': d = Number(part.value); break;
				case 'hour': h = Number(part.value); break;
				case 'minute': mi = Number(part.value); break;
				case 'second': s = Number(part.value); break;
				case 'era': bc = part.value.startsWith('B'); break;
			}
		}
		return utcMs(bc ? 1 - y : y, mo, d, h, mi, s) - second;
	}
}

const clocks = new Map<string, WallClock>();

/**
 * The wall clock of `timeZone`, shared: its offsets, read once, serve every table read in that
 * zone. Throws TimeZoneError for a name the platform does not know.
 */
export function wallClock(timeZone: string): WallClock {
	let clock = clocks.get(timeZone);
	if (!clock) {
		clock = clocks.get(checkTimeZone(timeZone)) ?? new WallClock(timeZone);
		clocks.set(timeZone, clock);
		clocks.set(clock.timeZone, clock);
	}
	return clock;
}

/** Wall-clock ms of each instant of `instants` (NaN: a time written without a zone, left as it is in `out`). */
function putOnClock(instants: Float64Array, out: Float64Array, clock: WallClock): void {
	for (let i = 0; i < instants.length; i++) {
		const u = instants[i];
		if (u === u) out[i] = clock.toWall(u);
	}
}

/**
 * The table with its zoned times (`ZonedTimes`) on the wall clock of `timeZone`: the same table
 * when it has none or is already in that zone, else a copy sharing every other column. Times
 * written without a zone never move. Throws TimeZoneError for an unknown name.
 */
export function inTimeZone<T extends ContactTable | WebTable | EventTable>(table: T, timeZone: string): T {
	const zoned = table.zoned;
	if (!zoned) return table;
	const clock = wallClock(timeZone);
	if (clock.timeZone === zoned.timeZone) return table;
	const out = { ...table, zoned: { ...zoned, timeZone: clock.timeZone } };
	if (zoned.time) {
		out.time = table.time.slice();
		putOnClock(zoned.time, out.time, clock);
	}
	if (zoned.handledAt && 'handledAt' in out) {
		out.handledAt = out.handledAt.slice();
		putOnClock(zoned.handledAt, out.handledAt, clock);
	}
	return out;
}
