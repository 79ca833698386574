import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MappingRule } from '../../domain/types';
import { eventsFromRows, type EventRow } from '../event-from-rows';
import { fromRows, parseIsoTimestamp, type ContactRow } from '../from-rows';
import { DAY, HOUR } from '../settings';
import { webFromRows, type WebRow } from '../web-from-rows';
import { compileRules } from '../../domain/mapping';
import { Anticipation, anticipate, type Trigger } from './index';

const T0 = parseIsoTimestamp('2026-03-01 00:00');
const day = (x: number) => T0 + x * DAY;
const H = 2 * DAY;

/*
 * The worked log (H = 2 days, days counted from 1 March 00:00):
 * contacts  A: day 1 email BILL, day 3 phone BILL, day 20 phone OTHER, day 21 phone OTHER
 *           B: day 10.5 phone DELIVERY
 *           C: day 0 outbound phone, day 30 phone OTHER
 * Period: start = day 0 (C's outbound contact), end = day 30 (C's last contact): 30 days.
 */
const CONTACTS: ContactRow[] = [
	{ customer_id: 'A', timestamp: day(1), channel: 'email', motive: 'BILL', segment: 'home' },
	{ customer_id: 'A', timestamp: day(3), channel: 'phone', motive: 'BILL', segment: 'home' },
	{ customer_id: 'A', timestamp: day(20), channel: 'phone', motive: 'OTHER', segment: 'home' },
	{ customer_id: 'A', timestamp: day(21), channel: 'phone', motive: 'OTHER', segment: 'home' },
	{ customer_id: 'B', timestamp: day(10.5), channel: 'phone', motive: 'DELIVERY', segment: 'pro' },
	{ customer_id: 'C', timestamp: day(0), channel: 'phone', motive: 'OTHER', direction: 'outbound' },
	{ customer_id: 'C', timestamp: day(30), channel: 'phone', motive: 'OTHER' }
];
const EVENTS: EventRow[] = [
	{ customer_id: 'A', timestamp: day(0.5), event: 'bill_issued' },
	{ customer_id: 'A', timestamp: day(2), event: 'bill_issued' },
	{ customer_id: 'A', timestamp: day(2.6), event: 'bill_issued' },
	{ customer_id: 'A', timestamp: day(29), event: 'bill_issued' },
	{ customer_id: 'B', timestamp: day(9), event: 'bill_issued' },
	{ customer_id: 'C', timestamp: day(5), event: 'bill_issued' },
	{ customer_id: 'B', timestamp: day(20), event: 'newsletter' },
	{ customer_id: 'C', timestamp: day(15), event: 'newsletter' }
];
const COSTS = { costPerChannel: { phone: 5, email: 3 } };

function byKey(triggers: Trigger[], key: string): Trigger {
	const found = triggers.find((t) => t.key === key);
	if (!found) throw new Error(`no trigger ${key}`);
	return found;
}

describe('anticipate: the worked example of METRICS.md §5b', () => {
	const result = anticipate(
		{ contacts: fromRows(CONTACTS), events: eventsFromRows(EVENTS), settings: COSTS },
		{ horizon: H, deflection: 0.3 }
	);
	const bill = byKey(result.triggers, 'event:bill_issued');

	it('keeps one occurrence per window and leaves the pending ones out', () => {
		// A: 0.5 kept; 2 is 1.5 days after 0.5 (≤ H) so dropped; 2.6 is 2.1 days after 0.5 (> H) so
		// kept; 29 is kept but 29 + 2 = 31 > 30 so pending. B: 9 kept. C: 5 kept.
		expect(bill.occurrences).toBe(4);
		expect(bill.pending).toBe(1);
		expect(bill.customers).toBe(3);
		expect(result.period).toEqual({ start: day(0), end: day(30) });
	});

	it('counts the occurrences followed within (t, t + H]', () => {
		// A 0.5 → contact at 1 (window (0.5, 2.5]); A 2.6 → contact at 3; B 9 → contact at 10.5;
		// C 5 → nothing in (5, 7]. Followed 3 of 4.
		expect(bill.followed).toBe(3);
		expect(bill.rate.rate).toBe(0.75);
		expect(bill.rate.ci95?.[0]).toBeLessThan(0.75);
		expect(bill.rate.ci95?.[1]).toBeGreaterThan(0.75);
	});

	it('takes the baseline from the union of [c − H, c) clipped to the period', () => {
		// A: [−1, 1) clipped to [0, 1) = 1; [1, 3) = 2; [18, 20) ∪ [19, 21) = [18, 21) = 3 (the two
		// overlap) → 6 / 30 = 0.2. B: [8.5, 10.5) = 2 → 2 / 30. C: inbound [28, 30) = 2 → 2 / 30
		// (the outbound contact does not count). Mean over A, B, C = (6 + 2 + 2) / 90 = 1 / 9.
		expect(bill.baseline).toBeCloseTo(1 / 9, 12);
		// Lift = 0.75 / (1/9) = 6.75; attributable = 4 × (0.75 − 1/9) = 23 / 9.
		expect(bill.lift).toBeCloseTo(6.75, 12);
		expect(bill.attributable).toBeCloseTo(23 / 9, 12);
	});

	it('sizes the saving with the mean cost of the contacts that followed', () => {
		// Following contacts: A day 1 email (3), A day 3 phone (5), B day 10.5 phone (5): mean 13 / 3.
		// Saving = 23/9 × 0.3 × 13/3 = 3.3222…
		expect(bill.followingContacts).toBe(3);
		expect(bill.meanCost).toBeCloseTo(13 / 3, 12);
		expect(bill.saving).toBeCloseTo((23 / 9) * 0.3 * (13 / 3), 12);
	});

	it('gives motives with shares, channels, segments, the median delay and the contacts by day', () => {
		expect(bill.motives).toEqual([
			{ value: 'BILL', count: 2, share: 2 / 3 },
			{ value: 'DELIVERY', count: 1, share: 1 / 3 }
		]);
		expect(bill.channels.map((c) => [c.value, c.count])).toEqual([['phone', 2], ['email', 1]]);
		expect(bill.segments.map((c) => [c.value, c.count])).toEqual([['home', 2], ['pro', 1]]);
		// Delays 0.5, 0.4 and 1.5 days: median 0.5 day; by day: (0, 1] holds 2, (1, 2] holds 1.
		expect(bill.medianDelay).toBeCloseTo(0.5 * DAY, 6);
		expect(bill.byDay).toEqual([2, 1]);
		// Baseline per day: A has 4 inbound contacts in 30 days (twice, two occurrences), B 1, C 1:
		// (2 × 4 + 1 + 1) / 30 = 1 / 3.
		expect(bill.baselinePerDay).toBeCloseTo(1 / 3, 12);
	});

	it('shows an event with no effect with lift 0 and nothing attributable, ranked after', () => {
		const news = byKey(result.triggers, 'event:newsletter');
		// B 20: (20, 22] empty; C 15: (15, 17] empty. Baseline (2/30 + 2/30) / 2 = 1/15.
		expect([news.occurrences, news.followed, news.attributable, news.lift]).toEqual([2, 0, 0, 0]);
		expect(news.baseline).toBeCloseTo(1 / 15, 12);
		expect(news.saving).toBe(0);
		expect(result.triggers.map((t) => t.key)).toEqual(['event:bill_issued', 'event:newsletter']);
	});

	it('has no saving without costs', () => {
		const plain = anticipate({ contacts: fromRows(CONTACTS), events: eventsFromRows(EVENTS) }, { horizon: H });
		expect(byKey(plain.triggers, 'event:bill_issued').saving).toBeNull();
		expect(plain.costs).toBe(false);
	});
});

describe('anticipate: journey states and exit pages', () => {
	const rules: MappingRule[] = [
		{ id: 'r1', workspaceId: 'w', journeyId: 'j', order: 0, stateId: 'billing', kind: 'contact', match: { motive: 'BILL' } },
		{ id: 'r2', workspaceId: 'w', journeyId: 'j', order: 1, stateId: 'help', kind: 'web', match: { page: '/help/**', syntax: 'glob' } }
	] as MappingRule[];
	const WEB: WebRow[] = [
		// One session of B (gap ≤ 30 min): two help pages are one visit at 9:00; exit page /help/b at 9:10.
		{ customer_id: 'B', timestamp: day(9) + 0, page: '/help/a' },
		{ customer_id: 'B', timestamp: day(9) + 10 * 60_000, page: '/help/b' },
		// C's session ends on /home at day 5; nothing follows within H.
		{ customer_id: 'C', timestamp: day(5), page: '/home' }
	];
	const result = anticipate(
		{ contacts: fromRows(CONTACTS), web: webFromRows(WEB), rules, journeyId: 'j' },
		{ horizon: H }
	);

	it('makes each mapped state a trigger, at each contact and visit that lands there', () => {
		// billing: A's BILL contacts at 1 and 3; 3 is exactly H after 1 (not more): one occurrence,
		// followed by the contact at 3 in (1, 3].
		const billing = byKey(result.triggers, 'state:billing');
		expect([billing.occurrences, billing.followed, billing.pending]).toEqual([1, 1, 0]);
		// help: one visit of B at day 9, followed by the contact at 10.5.
		const help = byKey(result.triggers, 'state:help');
		expect([help.occurrences, help.followed]).toEqual([1, 1]);
		expect(help.medianDelay).toBe(1.5 * DAY);
	});

	it('makes each exit page a trigger at the session end', () => {
		const exit = byKey(result.triggers, 'exitPage:/help/b');
		expect([exit.occurrences, exit.followed]).toEqual([1, 1]);
		expect(exit.medianDelay).toBe(1.5 * DAY - 10 * 60_000);
		const home = byKey(result.triggers, 'exitPage:/home');
		expect([home.occurrences, home.followed, home.rate.rate]).toEqual([1, 0, 0]);
		expect(result.triggers.some((t) => t.key === 'exitPage:/help/a')).toBe(false);
	});
});

/** A random small log: customers, contact and event times in hours over two months. */
const logArb = fc.record({
	contacts: fc.array(
		fc.record({
			c: fc.integer({ min: 0, max: 5 }),
			h: fc.integer({ min: 0, max: 24 * 60 }),
			m: fc.constantFrom('BILL', 'MOVE', 'OTHER'),
			ch: fc.constantFrom('phone', 'email'),
			out: fc.boolean()
		}),
		{ minLength: 1, maxLength: 40 }
	),
	events: fc.array(
		fc.record({ c: fc.integer({ min: 0, max: 6 }), h: fc.integer({ min: 0, max: 24 * 60 }), e: fc.constantFrom('bill', 'late', 'promo') }),
		{ maxLength: 40 }
	),
	web: fc.array(
		fc.record({
			c: fc.integer({ min: 0, max: 7 }),
			h: fc.integer({ min: 0, max: 24 * 60 }),
			p: fc.constantFrom('/bill', '/help', '/home'),
			s: fc.integer({ min: 0, max: 9 })
		}),
		{ maxLength: 40 }
	),
	horizon: fc.integer({ min: 1, max: 24 * 10 })
});

function contactRows(log: { contacts: { c: number; h: number; m: string; ch: string; out: boolean }[] }): ContactRow[] {
	return log.contacts.map((r) => ({
		customer_id: `K${r.c}`,
		timestamp: T0 + r.h * HOUR,
		motive: r.m,
		channel: r.ch,
		direction: r.out ? 'outbound' : 'inbound'
	}));
}

describe('anticipate: properties', () => {
	it('gives the same figures whatever the order of the rows', () => {
		fc.assert(
			fc.property(logArb, fc.integer(), (log, seed) => {
				const contacts = contactRows(log);
				const events: EventRow[] = log.events.map((r) => ({ customer_id: `K${r.c}`, timestamp: T0 + r.h * HOUR, event: r.e }));
				const shuffle = <T>(rows: T[]): T[] => {
					const out = rows.slice();
					let s = seed >>> 0;
					for (let i = out.length - 1; i > 0; i--) {
						s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
						const j = s % (i + 1);
						[out[i], out[j]] = [out[j], out[i]];
					}
					return out;
				};
				const options = { horizon: log.horizon * HOUR };
				const a = anticipate({ contacts: fromRows(contacts), events: eventsFromRows(events), settings: { costPerChannel: { phone: 4 } } }, options);
				const b = anticipate(
					{ contacts: fromRows(shuffle(contacts)), events: eventsFromRows(shuffle(events)), settings: { costPerChannel: { phone: 4 } } },
					options
				);
				const figures = (r: typeof a) =>
					r.triggers.map((t) => ({
						...t,
						baseline: t.baseline === null ? null : Number(t.baseline.toPrecision(12)),
						lift: t.lift === null ? null : Number(t.lift.toPrecision(12)),
						attributable: Number(t.attributable.toPrecision(12)),
						saving: t.saving === null ? null : Number(t.saving.toPrecision(12)),
						meanCost: t.meanCost === null ? null : Number(t.meanCost.toPrecision(12)),
						baselinePerDay: Number(t.baselinePerDay.toPrecision(12))
					}));
				expect(figures(b)).toEqual(figures(a));
			}),
			{ numRuns: 150 }
		);
	});

	it('counts each source apart: the logs given in any order give the figures of anticipate', () => {
		// A rule that maps no page makes the exit pages come from the sessions built view by view.
		const none = compileRules([
			{
				id: 'r',
				workspaceId: 'w',
				journeyId: 'j',
				order: 0,
				stateId: 'never',
				kind: 'web',
				match: { page: '/never', syntax: 'glob' }
			}
		] as MappingRule[]);
		fc.assert(
			fc.property(logArb, (log) => {
				const contacts = fromRows(contactRows(log));
				const events = eventsFromRows(
					log.events.map((r) => ({ customer_id: `K${r.c}`, timestamp: T0 + r.h * HOUR, event: r.e }))
				);
				// Session ids of one customer each: the exit pages are then read in one pass over the views.
				const web = webFromRows(
					log.web.map((r) => ({
						customer_id: `K${r.c}`,
						timestamp: T0 + r.h * HOUR,
						page: r.p,
						session_id: `S${r.c}-${r.s}`
					}))
				);
				const options = { horizon: log.horizon * HOUR };
				const settings = { costPerChannel: { phone: 4 } };
				const whole = anticipate({ contacts, events, web, settings }, options);
				const staged = new Anticipation(contacts, settings, options);
				staged.addWeb(web);
				staged.addEvents(events);
				expect(staged.result()).toEqual(whole);
				const built = new Anticipation(contacts, settings, options);
				built.addWeb(web, none);
				built.addEvents(events);
				expect(built.result()).toEqual(whole);
			}),
			{ numRuns: 150 }
		);
	});

	it('gives rate 1 to a trigger at each inbound contact time minus a small delta', () => {
		fc.assert(
			fc.property(logArb, (log) => {
				const contacts = contactRows(log);
				const H = log.horizon * HOUR;
				const end = Math.max(...contacts.map((c) => c.timestamp as number));
				const events: EventRow[] = contacts
					.filter((c) => c.direction === 'inbound')
					.map((c) => ({ customer_id: c.customer_id, timestamp: (c.timestamp as number) - 60_000, event: 'copy' }));
				const result = anticipate({ contacts: fromRows(contacts), events: eventsFromRows(events) }, { horizon: H });
				const copy = result.triggers.find((t) => t.key === 'event:copy');
				const kept = events.filter((e) => (e.timestamp as number) + H <= end);
				if (kept.length === 0) return;
				expect(copy).toBeDefined();
				expect(copy?.rate.rate).toBe(1);
				expect(copy?.followed).toBe(copy?.occurrences);
			}),
			{ numRuns: 150 }
		);
	});
});
