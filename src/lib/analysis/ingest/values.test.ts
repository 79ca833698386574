import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FALSE, INBOUND, OUTBOUND, TRUE, UNKNOWN } from '../table';
import { detectDateForm, detectDateFormat, parseBoolean, parseDirection, parseScore, parseTimestamp, type DateFormat } from './values';

const utc = (iso: string) => Date.parse(iso + 'Z');

describe('parseTimestamp', () => {
	const cases: [DateFormat, string, string][] = [
		['iso', '2026-03-01T09:00', '2026-03-01T09:00:00.000'],
		['iso', '2026-03-01 09:00', '2026-03-01T09:00:00.000'],
		['iso', '2026-03-01T09:00:05', '2026-03-01T09:00:05.000'],
		['iso', '2026-03-01T09:00:05.25', '2026-03-01T09:00:05.250'],
		['iso', '2026-03-01T09:00:05.123456', '2026-03-01T09:00:05.123'],
		['iso', '2026-03-01T09:00:05Z', '2026-03-01T09:00:05.000'],
		['iso', '2026-03-01T09:00:05+01:00', '2026-03-01T08:00:05.000'],
		['iso', '2026-03-01T09:00:05-0230', '2026-03-01T11:30:05.000'],
		['iso', '2026-03-01T00:30+02', '2026-02-28T22:30:00.000'],
		['iso', '2026-03-01', '2026-03-01T00:00:00.000'],
		['iso', ' 2026-03-01 09:00 ', '2026-03-01T09:00:00.000'],
		['ymd', '2026/03/01 09:00:59', '2026-03-01T09:00:59.000'],
		['ymd', '2026-03-01 09:00', '2026-03-01T09:00:00.000'],
		['dmy', '01/03/2026 09:00', '2026-03-01T09:00:00.000'],
		['dmy', '1/3/2026 9:05:07', '2026-03-01T09:05:07.000'],
		['dmy', '31-12-2025 23:59', '2025-12-31T23:59:00.000'],
		['dmy', '31.12.2025', '2025-12-31T00:00:00.000'],
		['dmy', '31/12/25 08:00', '2025-12-31T08:00:00.000'],
		['mdy', '12/31/2025 11:59 PM', '2025-12-31T23:59:00.000'],
		['mdy', '03/01/2026 12:15 AM', '2026-03-01T00:15:00.000'],
		['mdy', '03/01/2026 09:00', '2026-03-01T09:00:00.000'],
		['excel-serial', '46082', '2026-03-01T00:00:00.000'],
		['excel-serial', '46082.375', '2026-03-01T09:00:00.000'],
		['excel-serial', '46082,5', '2026-03-01T12:00:00.000'],
		['excel-serial', '46082.33333', '2026-03-01T08:00:00.000'],
		['twitter', 'Tue Oct 31 22:10:47 +0000 2017', '2017-10-31T22:10:47.000'],
		['twitter', 'Tue Oct 31 22:10:47 +0200 2017', '2017-10-31T20:10:47.000']
	];
	it.each(cases)('%s reads %s', (format, text, iso) => {
		expect(parseTimestamp(text, format)).toBe(utc(iso));
	});

	const bad: [DateFormat, string][] = [
		['iso', ''],
		['iso', '2026-13-01'],
		['iso', '2026-02-30 10:00'],
		['iso', '2026-03-01T25:00'],
		['iso', '2026-03-01 09:60'],
		['iso', '01/03/2026'],
		['iso', '2026-03-01 nine'],
		['dmy', '13/13/2026'],
		['dmy', '2026-03-01'],
		['mdy', '31/12/2025'],
		['dmy', '01/03/2026 13:00 PM'],
		['excel-serial', 'abc'],
		['excel-serial', '0'],
		['twitter', 'Tue Foo 31 22:10:47 +0000 2017'],
		['twitter', '2017-10-31']
	];
	it.each(bad)('%s refuses %j', (format, text) => {
		expect(parseTimestamp(text, format)).toBeNaN();
	});

	it('reads the leap day and refuses it in other years', () => {
		expect(parseTimestamp('29/02/2024', 'dmy')).toBe(utc('2024-02-29T00:00'));
		expect(parseTimestamp('29/02/2025', 'dmy')).toBeNaN();
	});

	it('agrees with Date for any wall-clock time written in ISO form', () => {
		fc.assert(
			fc.property(fc.date({ min: new Date('1950-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (d) => {
				const iso = d.toISOString();
				expect(parseTimestamp(iso, 'iso')).toBe(d.getTime());
				const [date, time] = iso.slice(0, 19).split('T');
				const [y, m, day] = date.split('-');
				expect(parseTimestamp(`${day}/${m}/${y} ${time}`, 'dmy')).toBe(Math.floor(d.getTime() / 1000) * 1000);
			})
		);
	});
});

describe('detectDateFormat', () => {
	it('tells day-first from month-first by a value above 12', () => {
		expect(detectDateFormat(['01/02/2026 10:00', '13/02/2026 10:00'])).toBe('dmy');
		expect(detectDateFormat(['01/02/2026 10:00', '02/13/2026 10:00'])).toBe('mdy');
	});
	it('reads ambiguous day/month dates day-first', () => {
		expect(detectDateFormat(['01/02/2026 10:00', '03/04/2026 11:00'])).toBe('dmy');
	});
	it('recognises the other forms', () => {
		expect(detectDateFormat(['2026-03-01T09:00:00Z'])).toBe('iso');
		expect(detectDateFormat(['2026/03/01 09:00'])).toBe('ymd');
		expect(detectDateFormat(['46082.375', '46083'])).toBe('excel-serial');
		expect(detectDateFormat(['Tue Oct 31 22:10:47 +0000 2017'])).toBe('twitter');
		expect(detectDateFormat(['soon', ''])).toBeNull();
	});
	it('follows the majority when a few cells are odd', () => {
		expect(detectDateFormat(['2026-03-01 09:00', 'n/a', '2026-03-02 10:00', '03/02/2026'])).toBe('iso');
	});
});

describe('parseBoolean', () => {
	it.each(['true', 'TRUE', 'True', 'yes', 'Y', 'oui', 'OUI', 'o', '1', 'vrai', 'Vrai', ' true '])('%j is true', (t) => {
		expect(parseBoolean(t)).toBe(TRUE);
	});
	it.each(['false', 'FALSE', 'no', 'N', 'non', 'Non', '0', 'faux', 'FAUX'])('%j is false', (t) => {
		expect(parseBoolean(t)).toBe(FALSE);
	});
	it.each(['', '  ', 'maybe', '2'])('%j is unknown', (t) => {
		expect(parseBoolean(t)).toBe(UNKNOWN);
	});
});

describe('parseDirection', () => {
	it.each(['inbound', 'IN', 'entrant', 'Entrée', 'ENTREE', 'e', ''])('%j is inbound', (t) => {
		expect(parseDirection(t)).toBe(INBOUND);
	});
	it.each(['outbound', 'Out', 'sortant', 'SORTIE', 's'])('%j is outbound', (t) => {
		expect(parseDirection(t)).toBe(OUTBOUND);
	});
	it('is null for other words', () => {
		expect(parseDirection('sideways')).toBeNull();
	});
});

describe('parseScore', () => {
	it('accepts whole numbers in range only', () => {
		expect(parseScore('4', 1, 5)).toBe(4);
		expect(parseScore(' 5,0 ', 1, 5)).toBe(5);
		expect(parseScore('0', 1, 5)).toBeNull();
		expect(parseScore('4.5', 1, 5)).toBeNull();
		expect(parseScore('10', 0, 10)).toBe(10);
		expect(parseScore('11', 0, 10)).toBeNull();
	});
});

describe('detectDateForm (METRICS.md §1)', () => {
	it('takes dd/mm when every day is 12 or less, and says it was ambiguous', () => {
		expect(detectDateForm(['03/04/2026 09:00', '12/01/2026'])).toEqual({ format: 'dmy', ambiguous: true });
		// A day of 13 settles it either way.
		expect(detectDateForm(['13/04/2026 09:00', '03/04/2026'])).toEqual({ format: 'dmy', ambiguous: false });
		expect(detectDateForm(['04/13/2026 09:00', '03/04/2026'])).toEqual({ format: 'mdy', ambiguous: false });
		expect(detectDateForm(['2026-03-04 09:00'])).toEqual({ format: 'iso', ambiguous: false });
	});
});
