import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MINUTE } from './settings';
import { webFromRows, type WebRow } from './web-from-rows';
import { buildSessions, joinCustomers, sessionExits } from './web-sessions';

const T0 = Date.UTC(2026, 2, 1);

/** Page views of a few customers and session ids, ids sometimes shared or missing, times often tied. */
const viewsArb = fc.array(
	fc.record({
		c: fc.integer({ min: 0, max: 3 }),
		s: fc.integer({ min: 0, max: 6 }),
		m: fc.integer({ min: 0, max: 90 }),
		p: fc.integer({ min: 0, max: 3 })
	}),
	{ maxLength: 40 }
);

describe('sessionExits', () => {
	it('gives the last view of each session as buildSessions does, or null when it cannot (property)', () => {
		fc.assert(
			fc.property(viewsArb, fc.boolean(), fc.boolean(), (views, sharedIds, missingIds) => {
				const rows: WebRow[] = views.map((v) => ({
					customer_id: `K${v.c}`,
					timestamp: T0 + v.m * MINUTE,
					page: `/p${v.p}`,
					// An id names the customer unless ids may be shared; id 0 is missing when allowed.
					session_id: missingIds && v.s === 0 ? '' : sharedIds ? `S${v.s}` : `S${v.c}-${v.s}`
				}));
				const web = webFromRows(rows);
				const customers = joinCustomers({ customers: ['K2', 'K9'] }, web);
				const exits = sessionExits(web, customers);
				const owners = new Map<string, Set<number>>();
				rows.forEach((r) =>
					owners.set(
						r.session_id ?? '',
						(owners.get(r.session_id ?? '') ?? new Set()).add(customers.ofWeb[web.customers.indexOf(r.customer_id)])
					)
				);
				const fast =
					rows.length > 0 && rows.every((r) => r.session_id) && [...owners.values()].every((o) => o.size === 1);
				if (!fast) {
					if (rows.length > 0) expect(exits).toBeNull();
					return;
				}
				const sessions = buildSessions(web, customers);
				const built = Array.from(
					{ length: sessions.count },
					(_, k) => `${sessions.customer[k]} ${sessions.end[k]} ${web.pages[sessions.exitPage[k]]}`
				);
				expect(exits).not.toBeNull();
				const { start, end, exitPage, count } = exits!;
				const read: string[] = [];
				for (let c = 0; c < customers.count; c++) {
					for (let i = start[c]; i < start[c + 1]; i++) {
						read.push(`${c} ${end[i]} ${web.pages[exitPage[i]]}`);
						if (i > start[c]) expect(end[i]).toBeGreaterThanOrEqual(end[i - 1]);
					}
				}
				expect(start[customers.count]).toBe(count);
				expect(read.sort()).toEqual(built.sort());
			}),
			{ numRuns: 300 }
		);
	});

	it('takes the later row of two last views at the same time, as buildSessions does', () => {
		const web = webFromRows([
			{ customer_id: 'A', timestamp: T0, page: '/a', session_id: 'S1' },
			{ customer_id: 'A', timestamp: T0 + MINUTE, page: '/b', session_id: 'S1' },
			{ customer_id: 'A', timestamp: T0 + MINUTE, page: '/c', session_id: 'S1' }
		]);
		const customers = joinCustomers({ customers: [] }, web);
		const exits = sessionExits(web, customers)!;
		expect([exits.count, web.pages[exits.exitPage[0]], exits.end[0]]).toEqual([1, '/c', T0 + MINUTE]);
		expect(Array.from(exits.start)).toEqual([0, 1]);
		expect(web.pages[buildSessions(web, customers).exitPage[0]]).toBe('/c');
	});

	it('reads the ids of a log cut to a few rows, whose dictionary holds many more', () => {
		const web = webFromRows([
			{ customer_id: 'A', timestamp: T0, page: '/a', session_id: 'S1' },
			{ customer_id: 'A', timestamp: T0 + MINUTE, page: '/b', session_id: 'S2' },
			{ customer_id: 'B', timestamp: T0 + 2 * MINUTE, page: '/c', session_id: 'S3' }
		]);
		const last = {
			...web,
			length: 1,
			customer: web.customer.slice(2),
			time: web.time.slice(2),
			page: web.page.slice(2),
			session: web.session.slice(2)
		};
		const exits = sessionExits(last, joinCustomers({ customers: [] }, last))!;
		expect([exits.count, web.pages[exits.exitPage[0]], exits.end[0]]).toEqual([1, '/c', T0 + 2 * MINUTE]);
	});

	it('leaves a log without session ids to buildSessions', () => {
		const web = webFromRows([{ customer_id: 'A', timestamp: T0, page: '/a' }]);
		expect(sessionExits(web, joinCustomers({ customers: [] }, web))).toBeNull();
	});
});
