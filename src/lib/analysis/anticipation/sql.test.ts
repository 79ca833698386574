/**
 * An independent check of METRICS.md §5b: the figures of event triggers written again in DuckDB
 * SQL, straight from the definitions (a recursive walk for one occurrence per window, gaps and
 * islands for the union of intervals), compared field by field with the engine on random logs.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsFromRows, type EventRow } from '../event-from-rows';
import { fromRows, parseIsoTimestamp, type ContactRow } from '../from-rows';
import { DAY, HOUR } from '../settings';
import { anticipate } from './index';

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
	instance = await DuckDBInstance.create(':memory:', { threads: '1' });
	connection = await instance.connect();
});

afterAll(() => {
	connection.closeSync();
	instance.closeSync();
});

const T0 = parseIsoTimestamp('2026-03-01 00:00');
const COST: Record<string, number> = { phone: 5, email: 2 };
const DEFLECTION = 0.3;

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

async function rows(sql: string): Promise<Record<string, unknown>[]> {
	return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

/** Every event trigger's figures, by SQL alone. */
async function fromSql(contacts: ContactRow[], events: EventRow[], H: number) {
	await connection.run('DROP TABLE IF EXISTS c; DROP TABLE IF EXISTS e');
	await connection.run('CREATE TABLE c (cid VARCHAR, t BIGINT, inbound BOOLEAN, motive VARCHAR, channel VARCHAR, cost DOUBLE)');
	await connection.run('CREATE TABLE e (cid VARCHAR, t BIGINT, ev VARCHAR)');
	await connection.run(
		`INSERT INTO c VALUES ${contacts
			.map((r) => `(${q(r.customer_id)}, ${r.timestamp}, ${r.direction !== 'outbound'}, ${q(r.motive as string)}, ${q(r.channel as string)}, ${COST[r.channel as string] ?? 0})`)
			.join(', ')}`
	);
	if (events.length)
		await connection.run(`INSERT INTO e VALUES ${events.map((r) => `(${q(r.customer_id)}, ${r.timestamp}, ${q(r.event)})`).join(', ')}`);
	const sql = `
	WITH RECURSIVE
	period AS (SELECT MIN(t) AS s, MAX(t) AS en FROM c),
	dist AS (SELECT DISTINCT cid, ev, t FROM e),
	nxt AS (
		SELECT a.cid, a.ev, a.t, MIN(b.t) AS next_t
		FROM dist a LEFT JOIN dist b ON b.cid = a.cid AND b.ev = a.ev AND b.t > a.t + ${H}
		GROUP BY a.cid, a.ev, a.t),
	kept AS (
		SELECT cid, ev, MIN(t) AS t FROM dist GROUP BY cid, ev
		UNION ALL
		SELECT n.cid, n.ev, n.next_t FROM kept k JOIN nxt n ON n.cid = k.cid AND n.ev = k.ev AND n.t = k.t
		WHERE n.next_t IS NOT NULL),
	occ AS (SELECT k.*, k.t + ${H} > p.en AS pending FROM kept k, period p),
	iv AS (
		SELECT c.cid, GREATEST(c.t - ${H}, p.s) AS a, LEAST(c.t, p.en) AS b
		FROM c, period p WHERE c.inbound AND LEAST(c.t, p.en) > GREATEST(c.t - ${H}, p.s)),
	flagged AS (
		SELECT *, CASE WHEN a <= MAX(b) OVER (PARTITION BY cid ORDER BY a, b ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
			THEN 0 ELSE 1 END AS new_island FROM iv),
	islands AS (SELECT *, SUM(new_island) OVER (PARTITION BY cid ORDER BY a, b) AS island FROM flagged),
	share AS (
		SELECT cid, SUM(len) / (SELECT en - s FROM period)::DOUBLE AS share
		FROM (SELECT cid, island, MAX(b) - MIN(a) AS len FROM islands GROUP BY cid, island) GROUP BY cid),
	following AS (
		SELECT o.ev, o.cid, o.t AS ot, c.t AS ct, c.motive, c.cost
		FROM occ o JOIN c ON c.cid = o.cid AND c.inbound AND c.t > o.t AND c.t <= o.t + ${H}
		WHERE NOT o.pending),
	per_occ AS (
		SELECT o.ev, o.cid, o.t, MIN(f.ct) - o.t AS first_delay
		FROM occ o LEFT JOIN following f ON f.ev = o.ev AND f.cid = o.cid AND f.ot = o.t
		WHERE NOT o.pending GROUP BY o.ev, o.cid, o.t),
	base AS (
		SELECT ev, AVG(COALESCE(s.share, 0)) AS baseline, COUNT(*) AS customers
		FROM (SELECT DISTINCT ev, cid FROM occ WHERE NOT pending) x LEFT JOIN share s USING (cid) GROUP BY ev),
	counts AS (
		SELECT ev, COUNT(*) FILTER (WHERE NOT pending) AS occurrences, COUNT(*) FILTER (WHERE pending) AS pending
		FROM occ GROUP BY ev),
	fol AS (
		SELECT ev, COUNT(first_delay) AS followed, quantile_cont(first_delay, 0.5) AS median_delay
		FROM per_occ GROUP BY ev),
	contacts_after AS (SELECT ev, COUNT(*) AS n, AVG(cost) AS mean_cost FROM following GROUP BY ev),
	motive_counts AS (
		SELECT ev, motive, COUNT(*) AS n,
			ROW_NUMBER() OVER (PARTITION BY ev ORDER BY COUNT(*) DESC, motive) AS rk
		FROM following GROUP BY ev, motive),
	days AS (
		SELECT ev, LEAST(${Math.max(1, Math.ceil(H / DAY))} - 1, CEIL((ct - ot) / ${DAY}.0)::INTEGER - 1) AS d, COUNT(*) AS n
		FROM following GROUP BY ALL)
	SELECT k.ev, k.occurrences, k.pending, b.customers, f.followed, b.baseline, f.median_delay,
		COALESCE(a.n, 0) AS following, a.mean_cost,
		(SELECT list(m.motive || '=' || m.n ORDER BY m.rk) FROM motive_counts m WHERE m.ev = k.ev AND m.rk <= 5) AS motives,
		(SELECT list(d.d || '=' || d.n ORDER BY d.d) FROM days d WHERE d.ev = k.ev) AS by_day
	FROM counts k JOIN base b USING (ev) JOIN fol f USING (ev) LEFT JOIN contacts_after a USING (ev)
	WHERE k.occurrences > 0 ORDER BY k.ev`;
	return (await rows(sql)).map((r) => {
		const occurrences = Number(r.occurrences);
		const followed = Number(r.followed);
		const baseline = Number(r.baseline);
		const p = followed / occurrences;
		const attributable = occurrences * Math.max(0, p - baseline);
		const meanCost = r.mean_cost === null ? null : Number(r.mean_cost);
		const byDay = new Array(Math.max(1, Math.ceil(H / DAY))).fill(0);
		for (const cell of (r.by_day as string[] | null) ?? []) {
			const [d, n] = cell.split('=').map(Number);
			byDay[d] = n;
		}
		return {
			key: `event:${r.ev}`,
			occurrences,
			pending: Number(r.pending),
			customers: Number(r.customers),
			followed,
			rate: p,
			baseline: round(baseline),
			lift: baseline > 0 ? round(p / baseline) : null,
			attributable: round(attributable),
			saving: round(attributable * DEFLECTION * (meanCost ?? 0)),
			followingContacts: Number(r.following),
			meanCost: meanCost === null ? null : round(meanCost),
			medianDelay: r.median_delay === null ? null : Number(r.median_delay),
			motives: ((r.motives as string[] | null) ?? []).map((m) => m.split('=')).map(([value, n]) => ({ value, count: Number(n) })),
			byDay
		};
	});
}

const round = (x: number) => Number(x.toPrecision(10));

const logArb = fc.record({
	contacts: fc.array(
		fc.record({
			c: fc.integer({ min: 0, max: 6 }),
			h: fc.integer({ min: 0, max: 24 * 45 }),
			m: fc.constantFrom('BILL', 'MOVE', 'OTHER', 'LATE'),
			ch: fc.constantFrom('phone', 'email', 'chat'),
			out: fc.boolean()
		}),
		{ minLength: 2, maxLength: 60 }
	),
	events: fc.array(
		fc.record({ c: fc.integer({ min: 0, max: 7 }), h: fc.integer({ min: -24 * 5, max: 24 * 45 }), e: fc.constantFrom('bill', 'late', 'promo') }),
		{ maxLength: 60 }
	),
	horizon: fc.integer({ min: 1, max: 24 * 12 })
});

describe('anticipation against DuckDB', () => {
	it('gives the same figures per event trigger as SQL written from METRICS.md §5b', async () => {
		await fc.assert(
			fc.asyncProperty(logArb, async (log) => {
				const contacts: ContactRow[] = log.contacts.map((r) => ({
					customer_id: `K${r.c}`,
					timestamp: T0 + r.h * HOUR,
					motive: r.m,
					channel: r.ch,
					direction: r.out ? 'outbound' : 'inbound'
				}));
				const events: EventRow[] = log.events.map((r) => ({ customer_id: `K${r.c}`, timestamp: T0 + r.h * HOUR, event: r.e }));
				const H = log.horizon * HOUR;
				const engine = anticipate(
					{ contacts: fromRows(contacts), events: eventsFromRows(events), settings: { costPerChannel: COST } },
					{ horizon: H, deflection: DEFLECTION }
				)
					.triggers.map((t) => ({
						key: t.key,
						occurrences: t.occurrences,
						pending: t.pending,
						customers: t.customers,
						followed: t.followed,
						rate: t.rate.rate,
						baseline: t.baseline === null ? null : round(t.baseline),
						lift: t.lift === null ? null : round(t.lift),
						attributable: round(t.attributable),
						saving: t.saving === null ? null : round(t.saving),
						followingContacts: t.followingContacts,
						meanCost: t.meanCost === null ? null : round(t.meanCost),
						medianDelay: t.medianDelay,
						motives: t.motives.map(({ value, count }) => ({ value, count })),
						byDay: t.byDay
					}))
					.sort((a, b) => (a.key < b.key ? -1 : 1));
				expect(engine).toEqual(await fromSql(contacts, events, H));
			}),
			{ numRuns: 60 }
		);
	}, 120_000);
});
