import { describe, expect, it } from 'vitest';
import { fromRows } from './from-rows';
import { ingestContacts, ingestWeb } from './ingest';
import { analyze } from './metrics';
import { DAY, HOUR } from './settings';
import { checkTimeZone, inTimeZone, TimeZoneError, WallClock, wallClock } from './time-zone';
import { webFromRows } from './web-from-rows';

const PARIS = 'Europe/Paris';
const wall = (iso: string) => Date.parse(`${iso}Z`);
const csv = (rows: string[]) => new TextEncoder().encode(['customer_id,timestamp,channel,motive', ...rows].join('\n'));
const contacts = (rows: string[], timeZone: string) => ingestContacts(csv(rows), { timeZone }).then((r) => r.table);

describe('wall clocks', () => {
	it('puts instants on the zone’s clock, both sides of each change of 2026', () => {
		const paris = new WallClock(PARIS);
		// Winter +1, summer +2; clocks go forward on Sunday 29 March at 01:00 UTC, back on Sunday 25 October at 01:00 UTC.
		expect(paris.toWall(Date.parse('2026-06-30T22:30Z'))).toBe(wall('2026-07-01T00:30'));
		expect(paris.toWall(Date.parse('2026-03-29T00:59:59Z'))).toBe(wall('2026-03-29T01:59:59'));
		expect(paris.toWall(Date.parse('2026-03-29T01:00Z'))).toBe(wall('2026-03-29T03:00'));
		// The hour 02:00–03:00 of 25 October is lived twice.
		expect(paris.toWall(Date.parse('2026-10-25T00:30Z'))).toBe(wall('2026-10-25T02:30'));
		expect(paris.toWall(Date.parse('2026-10-25T00:59:59.500Z'))).toBe(wall('2026-10-25T02:59:59.500'));
		expect(paris.toWall(Date.parse('2026-10-25T01:00Z'))).toBe(wall('2026-10-25T02:00'));
		expect(paris.toWall(Date.parse('2026-10-25T01:30Z'))).toBe(wall('2026-10-25T02:30'));
		// Again from the cache, in another order.
		expect(paris.toWall(Date.parse('2026-10-25T01:30Z'))).toBe(wall('2026-10-25T02:30'));
		expect(paris.toWall(Date.parse('2026-10-25T00:30Z'))).toBe(wall('2026-10-25T02:30'));
		// A zone whose change falls at half past the hour in UTC: Lord Howe goes from +10:30 to +11 at 02:00 local, 15:30 UTC.
		const lordHowe = new WallClock('Australia/Lord_Howe');
		expect(lordHowe.toWall(Date.parse('2026-10-03T15:29Z'))).toBe(wall('2026-10-04T01:59'));
		expect(lordHowe.toWall(Date.parse('2026-10-03T15:30Z'))).toBe(wall('2026-10-04T02:30'));
	});

	it('checks zone names and gives their canonical spelling', async () => {
		expect(checkTimeZone('europe/paris')).toBe(PARIS);
		expect(wallClock('UTC').toWall(5)).toBe(5);
		expect(() => checkTimeZone('Europe/Pariss')).toThrow(TimeZoneError);
		expect(() => checkTimeZone('Europe/Pariss')).toThrow(/Unknown time zone "Europe\/Pariss".*IANA/);
		expect(() => checkTimeZone('+02:00')).toThrow(TimeZoneError);
		await expect(ingestContacts(csv(['A,2026-03-01 09:00,phone,BILL']), { timeZone: 'Mars/Olympus' })).rejects.toThrow(TimeZoneError);
	});
});

describe('times with a zone are read on the wall clock of the time zone (METRICS.md §1)', () => {
	it('a 7d window across the March change is 167 hours of real time', async () => {
		const table = await contacts(
			[
				// A: exactly seven calendar days later at the same clock time → a repeat.
				'A,2026-03-25T09:00:00+01:00,phone,BILL',
				'A,2026-04-01T09:00:00+02:00,phone,BILL',
				// B: one second more → a new demand. In UTC, 167 h + 1 s would still be within 168 h.
				'B,2026-03-25T09:00:00+01:00,phone,BILL',
				'B,2026-04-01T09:00:01+02:00,phone,BILL',
				// Far later, so that both windows are observed.
				'Z,2026-05-01T00:00:00Z,phone,OTHER'
			],
			PARIS
		);
		const paris = analyze(table, { window: { kind: 'duration', ms: 7 * DAY } });
		// Demands: A 1, B 2, Z 1 = 4; contacts 5; one repeat (A's).
		expect({ demands: paris.demands, repeatContacts: paris.repeatContacts }).toEqual({ demands: 4, repeatContacts: 1 });
		const utc = analyze(inTimeZone(table, 'UTC'), { window: { kind: 'duration', ms: 7 * DAY } });
		// In UTC both pairs are 167 h apart (08:00Z → 07:00Z): 3 demands, 2 repeats.
		expect({ demands: utc.demands, repeatContacts: utc.repeatContacts }).toEqual({ demands: 3, repeatContacts: 2 });
	});

	it('a 7d window across the October change is 169 hours of real time', async () => {
		const table = await contacts(
			['A,2026-10-20T10:00:00+02:00,phone,BILL', 'A,2026-10-27T10:00:00+01:00,phone,BILL', 'Z,2026-12-01T00:00:00Z,phone,OTHER'],
			PARIS
		);
		const settings = { window: { kind: 'duration' as const, ms: 7 * DAY } };
		// Same clock time seven days later: A's second contact repeats the first (2 demands, 1 repeat).
		expect(analyze(table, settings)).toMatchObject({ demands: 2, repeatContacts: 1 });
		// In UTC they are 169 h apart (08:00Z → 09:00Z), beyond 168 h: 3 demands, no repeat.
		expect(analyze(inTimeZone(table, 'UTC'), settings)).toMatchObject({ demands: 3, repeatContacts: 0 });
	});

	it('orders the hour lived twice in October by wall-clock time, then input order', async () => {
		const table = await contacts(
			[
				// A: 01:15Z is 02:15 (winter), 00:45Z is 02:45 (summer): the wall clock puts the later instant first.
				'A,2026-10-25T01:15:00Z,email,BILL',
				'A,2026-10-25T00:45:00Z,phone,BILL',
				// B: both at 02:30 on the wall clock; the first written comes first, though it is the later instant.
				'B,2026-10-25T01:30:00Z,chat,BILL',
				'B,2026-10-25T00:30:00Z,phone,BILL',
				'Z,2026-12-01T00:00:00Z,mail,OTHER'
			],
			PARIS
		);
		const result = analyze(table, { window: { kind: 'duration', ms: 7 * DAY } }, { by: ['channel'] });
		// Each chain is one demand whose first contact is A's email and B's chat; phone holds only repeats.
		expect(result.demands).toBe(3);
		expect(result.by.channel?.email?.demands).toBe(1);
		expect(result.by.channel?.chat?.demands).toBe(1);
		expect(result.by.channel?.phone).toMatchObject({ demands: 0, contacts: 2 });
		expect(table.time[2]).toBe(table.time[3]);
	});

	it('a time on the 1st of a month and on a Monday falls in the wall clock’s month and ISO week', async () => {
		const table = await contacts(
			[
				// 22:30Z on 30 June is 00:30 on Wednesday 1 July in Paris.
				'A,2026-06-30T22:30:00Z,phone,BILL',
				// 22:30Z on Sunday 5 July is 00:30 on Monday 6 July: ISO week 28 (week 1 began on Monday 29 December 2025).
				'B,2026-07-05T22:30:00Z,phone,BILL',
				// Written without a zone: never moves.
				'C,2026-06-30 23:30,phone,BILL'
			],
			PARIS
		);
		const paris = analyze(table, {}, { by: ['month', 'week'] });
		expect(Object.keys(paris.by.month ?? {}).sort()).toEqual(['2026-06', '2026-07']);
		expect(paris.by.month?.['2026-07']?.contacts).toBe(2);
		expect(paris.by.month?.['2026-06']?.contacts).toBe(1);
		expect(paris.by.week?.['2026-W28']?.contacts).toBe(1);
		const utc = analyze(inTimeZone(table, 'UTC'), {}, { by: ['month', 'week'] });
		expect(utc.by.month?.['2026-06']?.contacts).toBe(2);
		expect(utc.by.month?.['2026-07']?.contacts).toBe(1);
		expect(utc.by.week?.['2026-W28']).toBeUndefined();
		expect(inTimeZone(table, 'UTC').time[2]).toBe(wall('2026-06-30T23:30'));
	});

	it('two contacts on one UTC date but two Paris dates are two demands with intraday', async () => {
		// 22:30Z and 23:30Z on 10 March are 23:30 on the 10th and 00:30 on the 11th in Paris (winter, +1).
		const table = await contacts(['A,2026-03-10T22:30:00Z,phone,BILL', 'A,2026-03-10T23:30:00Z,phone,BILL', 'Z,2026-03-20T00:00:00Z,phone,OTHER'], PARIS);
		expect(analyze(table, { window: { kind: 'intraday' } })).toMatchObject({ demands: 3, repeatContacts: 0 });
		expect(analyze(inTimeZone(table, 'UTC'), { window: { kind: 'intraday' } })).toMatchObject({ demands: 2, repeatContacts: 1 });
	});

	it('reads Twitter dates (+0000) on the wall clock', async () => {
		const text = 'customer_id,timestamp\nA,Tue Jun 30 22:30:00 +0000 2026\nB,Wed Jul 01 09:00:00 +0000 2026\n';
		const { table } = await ingestContacts(new TextEncoder().encode(text), { timeZone: PARIS, dateFormat: 'twitter' });
		expect(Array.from(table.time)).toEqual([wall('2026-07-01T00:30'), wall('2026-07-01T11:00')]);
		expect(Object.keys(analyze(table, {}, { by: ['month'] }).by.month ?? {})).toEqual(['2026-07']);
	});

	it('keeps the instants so another zone needs no new reading; times without a zone never move', async () => {
		const table = await contacts(['A,2026-01-15T12:00:00+01:00,phone,BILL', 'A,2026-01-15 12:00,phone,BILL'], PARIS);
		expect(table.zoned?.timeZone).toBe(PARIS);
		expect(Array.from(table.zoned?.time ?? [])).toEqual([Date.parse('2026-01-15T11:00Z'), NaN]);
		const tokyo = inTimeZone(table, 'Asia/Tokyo');
		expect(Array.from(tokyo.time)).toEqual([wall('2026-01-15T20:00'), wall('2026-01-15T12:00')]);
		expect(inTimeZone(tokyo, PARIS).time).toEqual(table.time);
		expect(inTimeZone(table, PARIS)).toBe(table);
		// A file without zones carries nothing and is never copied.
		const plain = await contacts(['A,2026-01-15 12:00,phone,BILL'], PARIS);
		expect(plain.zoned).toBeUndefined();
		expect(inTimeZone(plain, 'Asia/Tokyo')).toBe(plain);
	});

	it('handled_at and web logs follow the same rule', async () => {
		const text = 'customer_id,timestamp,channel,handled_at\nA,2026-03-02T08:00:00Z,email,2026-03-02T09:30:00Z\n';
		const { table } = await ingestContacts(new TextEncoder().encode(text), { timeZone: PARIS });
		expect(table.handledAt[0] - table.time[0]).toBe(1.5 * HOUR);
		expect(table.handledAt[0]).toBe(wall('2026-03-02T10:30'));
		const web = await ingestWeb(new TextEncoder().encode('customer_id,timestamp,page\nA,2026-06-30T22:30:00Z,/bill\n'), { timeZone: PARIS });
		expect(web.table.time[0]).toBe(wall('2026-07-01T00:30'));
		expect(inTimeZone(web.table, 'UTC').time[0]).toBe(wall('2026-06-30T22:30'));
		// The row builders read in UTC unless told.
		expect(fromRows([{ customer_id: 'A', timestamp: '2026-06-30T22:30:00Z' }], { timeZone: PARIS }).time[0]).toBe(wall('2026-07-01T00:30'));
		expect(webFromRows([{ customer_id: 'A', timestamp: '2026-06-30T22:30:00Z', page: '/' }]).time[0]).toBe(wall('2026-06-30T22:30'));
	});
});
