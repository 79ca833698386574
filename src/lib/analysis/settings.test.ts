import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	DAY,
	DEFAULT_SETTINGS,
	formatWindow,
	HOUR,
	MINUTE,
	parseDuration,
	parseObservationEnd,
	parseWindow,
	resolveSettings
} from './settings';

describe('parseWindow', () => {
	it('reads intraday and durations', () => {
		expect(parseWindow('intraday')).toEqual({ kind: 'intraday' });
		expect(parseWindow(' Intraday ')).toEqual({ kind: 'intraday' });
		expect(parseWindow('24h')).toEqual({ kind: 'duration', ms: DAY });
		expect(parseWindow('48h')).toEqual({ kind: 'duration', ms: 2 * DAY });
		expect(parseWindow('3d')).toEqual({ kind: 'duration', ms: 3 * DAY });
		expect(parseWindow('7d')).toEqual({ kind: 'duration', ms: 7 * DAY });
		expect(parseWindow('30d')).toEqual({ kind: 'duration', ms: 30 * DAY });
		expect(parseWindow('90m')).toEqual({ kind: 'duration', ms: 90 * MINUTE });
		expect(parseWindow('1.5h')).toEqual({ kind: 'duration', ms: 90 * MINUTE });
		expect(parseWindow('2w')).toEqual({ kind: 'duration', ms: 14 * DAY });
	});

	it('refuses anything else with a clear message', () => {
		for (const text of ['', '7', 'd7', '7 days', '-3d', '0h', 'week', '7d2h']) {
			expect(() => parseWindow(text), text).toThrow(/Invalid window ".*": expected "intraday" or a duration/);
		}
		expect(() => parseDuration('3 parsecs')).toThrow(/Invalid duration/);
	});

	it('formats windows that parse back to themselves', () => {
		expect(formatWindow({ kind: 'duration', ms: 7 * DAY })).toBe('7d');
		expect(formatWindow({ kind: 'duration', ms: 36 * HOUR })).toBe('36h');
		expect(formatWindow({ kind: 'duration', ms: 90 * MINUTE })).toBe('90m');
		expect(formatWindow({ kind: 'intraday' })).toBe('intraday');
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 400 * DAY }), (ms) => {
				const window = { kind: 'duration', ms } as const;
				expect(parseWindow(formatWindow(window))).toEqual(window);
			})
		);
	});
});

describe('resolveSettings', () => {
	it('fills the defaults of METRICS.md §2 with fresh copies', () => {
		const settings = resolveSettings();
		expect(settings).toEqual({
			window: { kind: 'duration', ms: 7 * DAY },
			scope: 'motive',
			channels: 'any',
			transferIsFailure: true,
			coldFlowDelays: { email: HOUR, web_form: HOUR, mail: null },
			complexMotives: [],
			categories: {},
			motiveGroups: {},
			themes: {},
			costPerChannel: {}
		});
		settings.coldFlowDelays.email = 0;
		expect(DEFAULT_SETTINGS.coldFlowDelays.email).toBe(HOUR);
		expect(JSON.parse(JSON.stringify(settings))).toEqual(settings);
	});

	it('lower-cases channel keys and refuses invalid values', () => {
		expect(resolveSettings({ costPerChannel: { Phone: 4 } }).costPerChannel).toEqual({ phone: 4 });
		expect(() => resolveSettings({ scope: 'team' as never })).toThrow(/Invalid scope/);
		expect(() => resolveSettings({ window: { kind: 'duration', ms: 0 } })).toThrow(/Invalid window/);
		expect(() => resolveSettings({ coldFlowDelays: { email: -1 } })).toThrow(/cold-flow/);
	});
});

describe('parseObservationEnd (METRICS.md §2)', () => {
	it('reads a date as the end of that day and a time to the minute as the end of that minute', () => {
		expect(parseObservationEnd('2026-03-31')).toBe(Date.UTC(2026, 2, 31, 23, 59, 59, 999));
		expect(parseObservationEnd('2026-03-31 23:59')).toBe(Date.UTC(2026, 2, 31, 23, 59, 59, 999));
		expect(parseObservationEnd('2026-03-31T12:00')).toBe(Date.UTC(2026, 2, 31, 12, 0, 59, 999));
		expect(parseObservationEnd('2026-03-31 23:59:59')).toBe(Date.UTC(2026, 2, 31, 23, 59, 59));
		expect(() => parseObservationEnd('31/03/2026')).toThrow();
	});
});
