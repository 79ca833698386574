import { describe, expect, it } from 'vitest';
import { periodStretch, type PeriodCount } from './period-stretch';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const monday2026 = Date.UTC(2026, 0, 5);

/** `n` consecutive weeks from `start`, each with `records`. */
function weeks(start: number, n: number, records: number): PeriodCount[] {
	return Array.from({ length: n }, (_, i) => ({ start: start + i * WEEK, end: start + (i + 1) * WEEK, records }));
}

describe('periodStretch', () => {
	const log = weeks(monday2026, 26, 400);

	it('finds three contacts of 2019 in a 2026 log and where the log starts', () => {
		const strays = weeks(Date.UTC(2019, 2, 4), 1, 3);
		expect(periodStretch([...strays, ...log])).toEqual({ from: monday2026, to: null, before: 3, after: 0 });
	});

	it('finds strays at the end too, and both ends at once', () => {
		const late = weeks(Date.UTC(2030, 0, 7), 2, 1);
		const early = weeks(Date.UTC(2019, 2, 4), 1, 3);
		const end = monday2026 + 26 * WEEK;
		expect(periodStretch([...log, ...late])).toEqual({ from: null, to: end, before: 0, after: 2 });
		expect(periodStretch([...late, ...early, ...log])).toEqual({ from: monday2026, to: end, before: 3, after: 2 });
	});

	it('leaves a trend alone when the early records are many', () => {
		const early = weeks(Date.UTC(2025, 0, 6), 4, 100);
		expect(periodStretch([...early, ...log])).toBeNull();
	});

	it('leaves a trend alone when the strays are close: a quiet start is no stretch', () => {
		const close = weeks(monday2026 - 3 * WEEK, 1, 2);
		expect(periodStretch([...close, ...log])).toBeNull();
	});

	it('leaves a contiguous series alone, however small its first week', () => {
		expect(periodStretch([...weeks(monday2026 - WEEK, 1, 1), ...log])).toBeNull();
		expect(periodStretch(log)).toBeNull();
		expect(periodStretch([])).toBeNull();
	});

	it('ignores empty periods when looking for the strays', () => {
		const empty = weeks(monday2026 - 200 * WEEK, 3, 0);
		expect(periodStretch([...empty, ...log])).toBeNull();
	});
});
