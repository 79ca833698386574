import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromRows, parseIsoTimestamp, type ContactRow } from './from-rows';
import { omnichannel } from './omnichannel';
import { DAY, HOUR, MINUTE } from './settings';
import { wilson } from './stats';
import { webFromRows, type WebRow } from './web-from-rows';
import { buildSessions, joinCustomers } from './web-sessions';

const END = parseIsoTimestamp('2026-03-31 23:59:59');

// Sessions (30 min gap, no ids):
//  s1 A 03-01 09:00 /factures, 09:10 /aide/facture   → contact A 10:00 within 24h: followed
//  s2 A 03-01 15:00 /espace-client                   → after A's call (bounce)
//  s3 B 03-03 09:00 /factures                        → B calls 48 h later: not followed
//  s4 C 03-02 08:00 /aide/facture, 08:20 /contact
//  s5 C 03-02 09:00 /factures                        (40 min after 08:20: new session)
//  s6 D 03-10 11:00 /offres                          self-care only
const WEB: WebRow[] = [
	{ customer_id: 'A', timestamp: '2026-03-01 09:00', page: '/factures' },
	{ customer_id: 'A', timestamp: '2026-03-01 09:10', page: '/aide/facture' },
	{ customer_id: 'A', timestamp: '2026-03-01 15:00', page: '/espace-client' },
	{ customer_id: 'B', timestamp: '2026-03-03 09:00', page: '/factures' },
	{ customer_id: 'C', timestamp: '2026-03-02 08:20', page: '/contact' },
	{ customer_id: 'C', timestamp: '2026-03-02 08:00', page: '/aide/facture' },
	{ customer_id: 'C', timestamp: '2026-03-02 09:00', page: '/factures' },
	{ customer_id: 'D', timestamp: '2026-03-10 11:00', page: '/offres' }
];
// Contacts; E and F have no web log. F is pending (03-29 + 7 d > 03-31).
const CONTACTS: ContactRow[] = [
	{ customer_id: 'F', timestamp: '2026-03-29 10:00', channel: 'phone', motive: 'BILL' },
	{ customer_id: 'A', timestamp: '2026-03-01 10:00', channel: 'phone', motive: 'BILL' },
	{ customer_id: 'B', timestamp: '2026-03-05 09:00', channel: 'phone', motive: 'BILL' },
	{ customer_id: 'E', timestamp: '2026-03-20 10:00', channel: 'phone', motive: 'BILL' },
	{ customer_id: 'A', timestamp: '2026-03-01 11:00', channel: 'phone', motive: 'BILL', direction: 'outbound' }
];

describe('omnichannel (METRICS.md §5)', () => {
	const contacts = fromRows(CONTACTS);
	const web = webFromRows(WEB);
	const result = omnichannel(contacts, web, { observationEnd: END });

	it('cuts sessions at gaps over 30 minutes', () => {
		expect(result.sessions).toBe(6);
		expect(result.webEvents).toBe(8);
	});

	it('gives the web → contact rate overall, per page and per exit page', () => {
		expect(result.webToContact).toEqual({ count: 1, total: 6, rate: 1 / 6, ci95: wilson(1, 6) });
		const rates = (record: Record<string, { count: number; total: number }>) =>
			Object.fromEntries(Object.entries(record).map(([k, v]) => [k, [v.count, v.total]]));
		expect(rates(result.byPage)).toEqual({
			'/factures': [1, 3],
			'/aide/facture': [1, 2],
			'/espace-client': [0, 1],
			'/contact': [0, 1],
			'/offres': [0, 1]
		});
		expect(rates(result.byExitPage)).toEqual({
			'/aide/facture': [1, 1],
			'/espace-client': [0, 1],
			'/factures': [0, 2],
			'/contact': [0, 1],
			'/offres': [0, 1]
		});
	});

	it('gives the bounce to self-care after an agent contact, optionally on matching pages', () => {
		expect(result.bounceToSelfCare).toMatchObject({ count: 1, total: 4 });
		const onHelp = omnichannel(contacts, web, { observationEnd: END }, { selfCarePages: { page: '/aide/**', syntax: 'glob' } });
		expect(onHelp.bounceToSelfCare).toMatchObject({ count: 0, total: 4 });
		const onSpace = omnichannel(contacts, web, { observationEnd: END }, { selfCarePages: { page: '^/espace', syntax: 'regex' } });
		expect(onSpace.bounceToSelfCare).toMatchObject({ count: 1, total: 4 });
	});

	it('gives FIR over sessions and inbound contacts chained with scope any', () => {
		// Chains: A (s1, call, s2), B (s3, call), C (s4, s5), D (s6), E (call), F (call, pending).
		expect(result.fir).toMatchObject({
			chains: 6,
			pending: 1,
			eligible: 5,
			resolvedFirst: 2,
			fir: 2 / 5,
			startedOnWeb: 4,
			selfCareSuccesses: 1
		});
		expect(result.fir.selfCare).toMatchObject({ count: 1, total: 4, rate: 0.25 });
	});

	it('honours the horizon', () => {
		const wide = omnichannel(contacts, web, { observationEnd: END }, { horizon: 3 * DAY });
		// s3 (B, 48 h before the call) and s4, s5 have no contact after; s3 now counts.
		expect(wide.webToContact).toMatchObject({ count: 2, total: 6 });
	});
});

describe('sessions', () => {
	it('keeps one session id together across long gaps and splits different ids', () => {
		expect.hasAssertions();
		const web = webFromRows([
			{ customer_id: 'A', timestamp: '2026-03-01 09:00', page: '/a', session_id: 'S1' },
			{ customer_id: 'A', timestamp: '2026-03-01 11:00', page: '/b', session_id: 'S1' },
			{ customer_id: 'A', timestamp: '2026-03-01 11:01', page: '/c', session_id: 'S2' },
			{ customer_id: 'B', timestamp: '2026-03-01 08:00', page: '/d', session_id: 'S0' },
			{ customer_id: 'B', timestamp: '2026-03-01 07:00', page: '/e', session_id: 'S3' }
		]);
		const customers = joinCustomers(fromRows([{ customer_id: 'B', timestamp: '2026-03-01 10:00' }]), web);
		expect(customers.ids).toEqual(['B', 'A']);
		const sessions = buildSessions(web, customers);
		expect(sessions.count).toBe(4);
		// B (joined code 0) first, its sessions in start order; then A.
		expect(Array.from(sessions.customer)).toEqual([0, 0, 1, 1]);
		expect(Array.from(sessions.exitPage).map((p) => web.pages[p])).toEqual(['/e', '/d', '/b', '/c']);
		expect(Array.from(sessions.end)).toEqual(
			['2026-03-01 07:00', '2026-03-01 08:00', '2026-03-01 11:00', '2026-03-01 11:01'].map((t) => parseIsoTimestamp(t))
		);
	});

	it('partitions the page views into sessions in time order (property)', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 6 * 60 })), { maxLength: 60 }),
				(rows) => {
					const web = webFromRows(rows.map(([c, m]) => ({ customer_id: `C${c}`, timestamp: m * MINUTE, page: '/p' })));
					const sessions = buildSessions(web, joinCustomers(fromRows([]), web));
					const seen = new Set<number>();
					for (let s = 0; s < sessions.count; s++) {
						let previous = -Infinity;
						for (let i = sessions.rowStart[s]; i < sessions.rowStart[s + 1]; i++) {
							const row = sessions.rows[i];
							seen.add(row);
							const t = web.time[row];
							expect(t).toBeGreaterThanOrEqual(previous);
							if (i > sessions.rowStart[s]) expect(t - previous).toBeLessThanOrEqual(30 * MINUTE);
							previous = t;
						}
						if (s > 0 && sessions.customer[s] === sessions.customer[s - 1]) {
							expect(sessions.start[s] - sessions.end[s - 1]).toBeGreaterThan(30 * MINUTE);
						}
					}
					expect(seen.size).toBe(rows.length);
				}
			)
		);
	});
});

describe('FIR without a web log', () => {
	it('equals FCR chains of scope any with length one when there are no sessions', () => {
		expect.hasAssertions();
		const contacts = fromRows([
			{ customer_id: 'A', timestamp: '2026-03-01 09:00' },
			{ customer_id: 'A', timestamp: '2026-03-03 09:00' },
			{ customer_id: 'B', timestamp: '2026-03-02 09:00' }
		]);
		const result = omnichannel(contacts, webFromRows([]), { observationEnd: END, window: { kind: 'duration', ms: 24 * HOUR } });
		expect(result.fir).toMatchObject({ chains: 3, eligible: 3, resolvedFirst: 3 });
	});
});

describe('contract v2 rules of §5', () => {
	const FAR = { observationEnd: parseIsoTimestamp('2026-12-31 23:59') };

	it('counts a contact within [last event, last event + H], both ends, never one during the session; web before contact at equal times', () => {
		const web = webFromRows([
			// A: session 10:00–10:20; A's contact at 10:10 falls during it: not followed.
			{ customer_id: 'A', timestamp: '2026-03-01 10:00', page: '/p' },
			{ customer_id: 'A', timestamp: '2026-03-01 10:20', page: '/q' },
			// B: one view at 09:00; contact exactly 24 h later: followed (the end is included).
			{ customer_id: 'B', timestamp: '2026-03-01 09:00', page: '/p' },
			// C: one view at 09:00; contact at the same second: followed (the start is included).
			{ customer_id: 'C', timestamp: '2026-03-01 09:00', page: '/p' }
		]);
		const contacts = fromRows([
			{ customer_id: 'A', timestamp: '2026-03-01 10:10', channel: 'phone' },
			{ customer_id: 'B', timestamp: '2026-03-02 09:00', channel: 'phone' },
			{ customer_id: 'C', timestamp: '2026-03-01 09:00', channel: 'phone' }
		]);
		const result = omnichannel(contacts, web, FAR, { horizon: 24 * HOUR });
		// Followed: B and C of 3 sessions.
		expect(result.webToContact).toMatchObject({ count: 2, total: 3 });
		// FIR (7 d, scope any): C's session and call at 09:00 are one chain that starts on the web
		// (web first at equal times), length 2; A likewise (10:00 then 10:10); B too (24 h apart).
		expect(result.fir).toMatchObject({ chains: 3, eligible: 3, resolvedFirst: 0, startedOnWeb: 3, selfCareSuccesses: 0 });
	});

	it('counts a bounce when a session starts within [t, t + H] of an agent contact; web_form is an agent contact, web is not', () => {
		const web = webFromRows([
			// A's session starts at 10:00, before A's call at 10:10: not a bounce.
			{ customer_id: 'A', timestamp: '2026-03-01 10:00', page: '/p' },
			{ customer_id: 'A', timestamp: '2026-03-01 10:20', page: '/q' },
			// D's session starts at D's web form time: a bounce.
			{ customer_id: 'D', timestamp: '2026-03-01 12:00', page: '/p' },
			// B's session starts 24 h after B's call: a bounce (the end is included).
			{ customer_id: 'B', timestamp: '2026-03-02 09:00', page: '/p' },
			// E's session follows E's `web` contact, which is no agent contact.
			{ customer_id: 'E', timestamp: '2026-03-01 12:30', page: '/p' }
		]);
		const contacts = fromRows([
			{ customer_id: 'A', timestamp: '2026-03-01 10:10', channel: 'phone' },
			{ customer_id: 'D', timestamp: '2026-03-01 12:00', channel: 'web_form' },
			{ customer_id: 'B', timestamp: '2026-03-01 09:00', channel: 'chat' },
			{ customer_id: 'E', timestamp: '2026-03-01 12:00', channel: 'web' }
		]);
		const result = omnichannel(contacts, web, FAR, { horizon: 24 * HOUR });
		// Agent contacts: A, D, B (E's `web` left out); bounced: D, B.
		expect(result.bounceToSelfCare).toMatchObject({ count: 2, total: 3 });
	});

	it('measures FIR gaps from the previous interaction’s start, and pends from the end of both logs', () => {
		// G: a session 03-01 09:00–09:25, a call 03-02 09:10. From the session's start the gap is
		// 24 h 10 min > W = 24 h: two chains of one (from its end it would be 23 h 45: one chain).
		const web = webFromRows([
			{ customer_id: 'G', timestamp: '2026-03-01 09:00', page: '/p' },
			{ customer_id: 'G', timestamp: '2026-03-01 09:25', page: '/q' },
			// H's late session makes the web log end on 03-10 09:00.
			{ customer_id: 'H', timestamp: '2026-03-10 09:00', page: '/p' }
		]);
		const contacts = fromRows([{ customer_id: 'G', timestamp: '2026-03-02 09:10', channel: 'phone' }]);
		const day = omnichannel(contacts, web, { window: { kind: 'duration', ms: DAY } });
		// End = 03-10 09:00 (both logs): G's two chains are eligible, H's (03-10 + 24 h) pending.
		expect(day.observationEnd).toBe(parseIsoTimestamp('2026-03-10 09:00'));
		expect(day.fir).toMatchObject({ chains: 3, pending: 1, eligible: 2, resolvedFirst: 2, startedOnWeb: 1, selfCareSuccesses: 1 });
		// With the contact log's end alone (03-02 09:10), G's call (+24 h) would be pending.
		const week = omnichannel(contacts, web, { window: { kind: 'duration', ms: 7 * DAY } });
		// W = 7 d: G's session and call are one chain (started on the web, length 2); H pending.
		expect(week.fir).toMatchObject({ chains: 2, pending: 1, eligible: 1, resolvedFirst: 0, startedOnWeb: 1 });
	});

	it('splits the rows without a session id at 30 minutes, next to rows with one', () => {
		const web = webFromRows([
			{ customer_id: 'A', timestamp: '2026-03-01 09:00', page: '/a', session_id: 'S1' },
			{ customer_id: 'A', timestamp: '2026-03-01 12:00', page: '/b', session_id: 'S1' },
			{ customer_id: 'A', timestamp: '2026-03-01 10:00', page: '/c' },
			{ customer_id: 'A', timestamp: '2026-03-01 10:29', page: '/d' },
			{ customer_id: 'A', timestamp: '2026-03-01 11:00', page: '/e' }
		]);
		const sessions = buildSessions(web, joinCustomers(fromRows([]), web));
		// S1 (09:00–12:00), then 10:00–10:29 (29 min apart), then 11:00 (31 min later): 3 sessions.
		expect(sessions.count).toBe(3);
		expect(Array.from(sessions.exitPage).map((p) => web.pages[p])).toEqual(['/b', '/d', '/e']);
	});
});
