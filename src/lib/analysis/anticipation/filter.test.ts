import { describe, expect, it } from 'vitest';
import { eventsFromRows } from '../event-from-rows';
import { fromRows, parseIsoTimestamp } from '../from-rows';
import { DAY } from '../settings';
import { webFromRows } from '../web-from-rows';
import { anticipate } from './anticipate';
import { filterLogs, latestContact } from './filter';

const T0 = parseIsoTimestamp('2026-03-01 00:00');
const day = (x: number) => T0 + x * DAY;

const contacts = fromRows([
	{ customer_id: 'A', timestamp: day(1), channel: 'email', motive: 'BILL', segment: 'home' },
	{ customer_id: 'A', timestamp: day(3), channel: 'phone', motive: 'BILL', segment: 'home' },
	{ customer_id: 'B', timestamp: day(10.5), channel: 'phone', motive: 'DELIVERY', segment: 'pro' },
	{ customer_id: 'C', timestamp: day(30), channel: 'phone', motive: 'OTHER', segment: 'pro' }
]);
const events = eventsFromRows([
	{ customer_id: 'A', timestamp: day(0.5), event: 'bill_issued' },
	{ customer_id: 'B', timestamp: day(9), event: 'bill_issued' },
	{ customer_id: 'C', timestamp: day(5), event: 'outage' }
]);
const web = webFromRows([
	{ customer_id: 'A', timestamp: day(2), page: '/bill' },
	{ customer_id: 'B', timestamp: day(2), page: '/track' }
]);

describe('anticipation filters', () => {
	it('returns the same tables without a filter', () => {
		const logs = { contacts, events, web };
		expect(filterLogs(logs, {})).toBe(logs);
		expect(filterLogs(logs, { segments: [], channels: [] })).toBe(logs);
	});

	it('keeps the customers of a segment with all their contacts, events and page views', () => {
		const out = filterLogs({ contacts, events, web }, { segments: ['pro'] });
		expect(out.contacts.length).toBe(2);
		expect([...out.contacts.customer].map((c) => out.contacts.customers[c])).toEqual(['B', 'C']);
		expect([...out.contacts.motive].map((m) => out.contacts.motives[m])).toEqual(['DELIVERY', 'OTHER']);
		expect([...out.events!.customer].map((c) => out.events!.customers[c])).toEqual(['B', 'C']);
		expect([...out.web!.page].map((p) => out.web!.pages[p])).toEqual(['/track']);
	});

	it('keeps the contacts of a channel only, so the rate after a trigger counts them alone', () => {
		const out = filterLogs({ contacts, events, web }, { channels: ['email'] });
		expect(out.contacts.length).toBe(1);
		expect(out.events).toBe(events);
		const settings = { observationEnd: latestContact(contacts)! };
		// A's bill is followed by an email within 7 days, B's by a phone call only.
		const all = anticipate({ contacts, events, settings }).triggers.find((t) => t.key === 'event:bill_issued')!;
		const email = anticipate({ ...out, settings }).triggers.find((t) => t.key === 'event:bill_issued')!;
		expect(all.followed).toBe(2);
		expect(email.followed).toBe(1);
	});

	it('keeps the contacts, events and page views of a period, from included to excluded', () => {
		const out = filterLogs({ contacts, events, web }, { period: { from: day(1), to: day(10.5) } });
		expect([...out.contacts.time]).toEqual([day(1), day(3)]);
		expect([...out.events!.time]).toEqual([day(9), day(5)]);
		expect([...out.web!.time]).toEqual([day(2), day(2)]);
		const open = filterLogs({ contacts, events, web }, { period: { to: day(2) } });
		expect([...open.contacts.time]).toEqual([day(1)]);
		expect([...open.events!.time]).toEqual([day(0.5)]);
		expect(open.web!.length).toBe(0);
		// The period the baseline is measured over is that of the kept contacts.
		const result = anticipate({ ...out, settings: { observationEnd: day(10.5) } });
		expect(result.period).toEqual({ start: day(1), end: day(10.5) });
	});

	it('reads the latest contact time, null when empty', () => {
		expect(latestContact(contacts)).toBe(day(30));
		expect(latestContact(fromRows([]))).toBeNull();
	});
});
