import type { IsoDate } from '../types';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar date (`YYYY-MM-DD`, UTC) `days` days before `now`, so review dates age with the demo. */
export function daysAgo(now: Date, days: number): IsoDate {
	return new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);
}

/** The instant `days` days before `now`, as a full ISO 8601 date-time. */
export function instantDaysAgo(now: Date, days: number): IsoDate {
	return new Date(now.getTime() - days * DAY_MS).toISOString();
}
