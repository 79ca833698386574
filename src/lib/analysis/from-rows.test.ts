import { describe, expect, it } from 'vitest';
import { contact } from '../../../tests/fixtures/contacts';
import { fromRows, parseIsoTimestamp } from './from-rows';
import { FALSE, OUTBOUND, TRUE, UNKNOWN } from './table';

describe('parseIsoTimestamp', () => {
	it('keeps wall-clock fields without a zone and converts with one', () => {
		expect(parseIsoTimestamp('2026-03-01T09:00')).toBe(Date.UTC(2026, 2, 1, 9));
		expect(parseIsoTimestamp('2026-03-01 09:00:30.250')).toBe(Date.UTC(2026, 2, 1, 9, 0, 30, 250));
		expect(parseIsoTimestamp('2026-03-01')).toBe(Date.UTC(2026, 2, 1));
		expect(parseIsoTimestamp('2026-03-01T09:00Z')).toBe(Date.UTC(2026, 2, 1, 9));
		expect(parseIsoTimestamp('2026-03-01T09:00+01:00')).toBe(Date.UTC(2026, 2, 1, 8));
		expect(parseIsoTimestamp('2026-03-01T09:00-0230')).toBe(Date.UTC(2026, 2, 1, 11, 30));
	});

	it('refuses impossible dates and other forms', () => {
		expect(() => parseIsoTimestamp('2026-02-30T09:00')).toThrow(/no such date/);
		expect(() => parseIsoTimestamp('01/03/2026 09:00')).toThrow(/expected ISO 8601/);
	});
});

describe('fromRows', () => {
	it('encodes columns with the defaults of METRICS.md §1', () => {
		const t = fromRows([
			contact({ channel: ' Phone ', agent: 'ann', transferred: true, csat: 4, nps: 9, handled_at: '2026-03-01T09:10' }),
			{ customer_id: 'B', timestamp: 1000, direction: 'outbound', motive: '', resolved: false }
		]);
		expect(t.length).toBe(2);
		expect(t.customers).toEqual(['A', 'B']);
		expect(t.channels).toEqual(['phone', 'unknown']);
		expect(t.motives[t.motive[1]]).toBe('unqualified');
		expect(t.agents[t.agent[1]]).toBe('(none)');
		expect(t.direction[1]).toBe(OUTBOUND);
		expect([...t.transferred]).toEqual([TRUE, UNKNOWN]);
		expect([...t.resolved]).toEqual([UNKNOWN, FALSE]);
		expect(t.handledAt[0]).toBe(Date.UTC(2026, 2, 1, 9, 10));
		expect(t.handledAt[1]).toBeNaN();
		expect([...t.csat]).toEqual([4, 0]);
		expect([...t.nps]).toEqual([9, -1]);
		expect(t.time[1]).toBe(1000);
		expect(t.present).toMatchObject({ channel: true, agent: true, csat: true, handled_at: true });
		expect(t.present.team).toBeUndefined();
	});

	it('names the row of a bad value', () => {
		expect(() => fromRows([contact(), contact({ timestamp: 'soon' })])).toThrow(/Row 1: timestamp/);
		expect(() => fromRows([contact({ csat: 7 })])).toThrow(/Row 0: csat/);
	});
});
