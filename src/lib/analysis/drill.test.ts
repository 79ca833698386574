import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contact, SETTINGS_ARBITRARIES, table, WORKED_EXAMPLE, WORKED_EXAMPLE_SETTINGS } from '../../../tests/fixtures/contacts';
import { crossBreakdown } from './cross';
import { drillCsv, drillDown, type DrillDemand, type FailureReason } from './drill';
import { fromRows, type ContactRow } from './from-rows';
import { analyze, DIMENSIONS } from './metrics';
import { DAY, HOUR, MINUTE, type AnalysisSettings } from './settings';

const at = (iso: string) => Date.parse(`${iso}Z`);
/** A demand as people read it: customer, first contact, verdict, reason kinds. */
const brief = (d: DrillDemand) => ({
	customer: d.customer,
	first: new Date(d.first).toISOString().slice(0, 16),
	verdict: d.verdict,
	reasons: d.reasons.map((r) => r.kind)
});

describe('drillDown on the worked example (METRICS.md §7)', () => {
	const log = table(...WORKED_EXAMPLE);

	it('lists the phone demands, failures first, with why each failed', () => {
		const result = drillDown(log, WORKED_EXAMPLE_SETTINGS, { where: [{ dimension: 'channel', key: 'phone' }] });
		// Phone demands: a1 (a2 repeats it), b1 (transferred), d1, d2 (pending), e1 (e3 repeats it).
		expect(result).toMatchObject({ demands: 5, pending: 1, eligible: 4, resolvedFirst: 1, failed: 3, matching: 5, more: false });
		expect(result.listed.map(brief)).toEqual([
			{ customer: 'A', first: '2026-03-01T09:00', verdict: 'failed', reasons: ['repeat'] },
			{ customer: 'B', first: '2026-03-02T11:00', verdict: 'failed', reasons: ['transferred'] },
			{ customer: 'E', first: '2026-03-08T09:00', verdict: 'failed', reasons: ['repeat'] },
			{ customer: 'D', first: '2026-03-28T10:00', verdict: 'pending', reasons: [] },
			{ customer: 'D', first: '2026-03-06T14:00', verdict: 'resolved', reasons: [] }
		]);
		const [a1, , e1, d2, d1] = result.listed;
		expect(a1.reasons[0]).toEqual({ kind: 'repeat', repeats: 1, at: at('2026-03-03T10:00'), gap: 2 * DAY + HOUR });
		expect(e1.reasons[0]).toMatchObject({ kind: 'repeat', at: at('2026-03-14T09:00'), gap: 6 * DAY });
		expect(a1.contacts.map((c) => [c.role, c.time, c.channel, c.motive, c.direction])).toEqual([
			['first', at('2026-03-01T09:00'), 'phone', 'BILL', 'inbound'],
			['repeat', at('2026-03-03T10:00'), 'phone', 'BILL', 'inbound']
		]);
		expect(d1.complex).toBe(true);
		expect(d2.windowEnd).toBe(at('2026-04-04T10:00'));
		expect(result.listed[1].contacts[0]).toMatchObject({ transferred: true, callback: null, resolved: null, handledAt: null });
	});

	it('says a cold flow was answered too late, with the delay', () => {
		const result = drillDown(log, WORKED_EXAMPLE_SETTINGS, { where: [{ dimension: 'channel', key: 'email' }] });
		expect(result.listed.map(brief)).toEqual([
			{ customer: 'C', first: '2026-03-10T08:00', verdict: 'failed', reasons: ['lateAnswer'] },
			{ customer: 'C', first: '2026-03-05T08:00', verdict: 'resolved', reasons: [] }
		]);
		expect(result.listed[0].reasons[0]).toEqual({ kind: 'lateAnswer', delay: 3 * HOUR, limit: HOUR });
		expect(result.listed[0].contacts[0].handledAt).toBe(at('2026-03-10T11:00'));
	});

	it('crosses two keys, filters by verdict, orders and limits', () => {
		const cell = drillDown(log, WORKED_EXAMPLE_SETTINGS, {
			where: [
				{ dimension: 'channel', key: 'phone' },
				{ dimension: 'motive', key: 'BILL' }
			]
		});
		expect(cell).toMatchObject({ demands: 4, pending: 1, eligible: 3, resolvedFirst: 0 });

		const failed = drillDown(log, WORKED_EXAMPLE_SETTINGS, { where: [], verdict: 'failed', order: 'recent', limit: 2 });
		expect(failed).toMatchObject({ demands: 9, eligible: 8, resolvedFirst: 4, failed: 4, matching: 4, more: true });
		expect(failed.listed.map((d) => d.customer)).toEqual(['C', 'E']);
	});

	it('exports the listed demands as CSV, reasons in words', () => {
		const result = drillDown(log, WORKED_EXAMPLE_SETTINGS, { where: [{ dimension: 'channel', key: 'phone' }], limit: 2 });
		const csv = drillCsv(result.listed, {
			headers: { customer: 'customer', first: 'first', channel: 'channel', motive: 'motive', agent: 'agent', verdict: 'verdict', reasons: 'why', contacts: 'contacts', repeats: 'repeats' },
			verdict: (v) => v,
			reason: (r) => (r.kind === 'repeat' ? `repeat; ${r.gap / HOUR} h` : r.kind)
		});
		expect(csv).toBe(
			'\uFEFFcustomer;first;channel;motive;agent;verdict;why;contacts;repeats\r\n' +
				'A;2026-03-01 09:00;phone;BILL;(none);failed;"repeat; 49 h";2;1\r\n' +
				'B;2026-03-02 11:00;phone;BILL;(none);failed;transferred;1;0\r\n'
		);
	});

	it('exports a customer, motive or agent a spreadsheet would run as a formula as quoted text', () => {
		const hostile = table(contact({ customer_id: '=HYPERLINK("http://x")', timestamp: '2026-03-01T09:00', motive: '@SUM(A1)', agent: '+1+1' }));
		const result = drillDown(hostile, { observationEnd: at('2026-04-01T00:00') }, { where: [] });
		const csv = drillCsv(result.listed, {
			headers: { customer: 'customer', first: 'first', channel: 'channel', motive: 'motive', agent: 'agent', verdict: 'verdict', reasons: 'why', contacts: 'contacts', repeats: 'repeats' },
			verdict: (v) => v,
			reason: (r) => r.kind
		});
		expect(csv.split('\r\n')[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/x""\)";2026-03-01 09:00;phone;"'@SUM\(A1\)";"'\+1\+1";/);
	});

	it('names the outbound contact, the callback, the declared failure and the missing answer time', () => {
		const log = table(
			contact({ customer_id: 'A', timestamp: '2026-03-01T09:00' }),
			contact({ customer_id: 'A', timestamp: '2026-03-02T10:00', direction: 'outbound', channel: 'phone' }),
			contact({ customer_id: 'B', timestamp: '2026-03-01T09:00', callback: true, resolved: false }),
			contact({ customer_id: 'C', timestamp: '2026-03-01T09:00', channel: 'email' })
		);
		const result = drillDown(log, { observationEnd: at('2026-04-01T00:00') }, { where: [] });
		const reasons = Object.fromEntries(result.listed.map((d) => [d.customer, d.reasons]));
		expect(reasons).toEqual({
			A: [{ kind: 'outbound', at: at('2026-03-02T10:00'), gap: DAY + HOUR }],
			B: [{ kind: 'callback' }, { kind: 'declaredUnresolved' }],
			C: [{ kind: 'noAnswerTime', limit: HOUR }]
		});
		const a = result.listed.find((d) => d.customer === 'A');
		expect(a?.contacts.map((c) => [c.role, c.direction])).toEqual([
			['first', 'inbound'],
			['outbound', 'outbound']
		]);
	});
});

// ------------------------------------------------------------------- the figures, demand by demand

const START = Date.UTC(2026, 0, 1);
const rowArbitrary = fc.record({
	customer: fc.constantFrom('A', 'B', 'C', 'D'),
	hours: fc.integer({ min: 0, max: 24 * 40 }),
	channel: fc.constantFrom('phone', 'chat', 'email'),
	motive: fc.constantFrom('BILL', 'DELIV', 'MOVE'),
	agent: fc.constantFrom('Ana', 'Bo', undefined),
	outbound: fc.boolean(),
	flag: fc.constantFrom<Partial<ContactRow>>({}, {}, { callback: true }, { transferred: true }, { resolved: false }, { resolved: true }),
	answeredAfter: fc.option(fc.integer({ min: -10, max: 180 }), { nil: undefined })
});
type RandomRow = typeof rowArbitrary extends fc.Arbitrary<infer T> ? T : never;

function rowsOf(random: RandomRow[]): ContactRow[] {
	return random.map((r) => ({
		customer_id: r.customer,
		timestamp: START + r.hours * HOUR,
		channel: r.channel,
		motive: r.motive,
		direction: r.outbound ? 'outbound' : 'inbound',
		...(r.agent === undefined ? {} : { agent: r.agent }),
		...(r.answeredAfter === undefined ? {} : { handled_at: START + r.hours * HOUR + r.answeredAfter * MINUTE }),
		...r.flag
	}));
}

const settingsArbitrary = fc.record({
	...SETTINGS_ARBITRARIES,
	observationEnd: fc.option(fc.integer({ min: 0, max: 24 * 45 }).map((h) => START + h * HOUR), { nil: undefined })
});

const periodArbitrary = fc.option(
	fc.record({ from: fc.integer({ min: 0, max: 20 }), days: fc.integer({ min: 1, max: 30 }) }).map(({ from, days }) => ({
		from: START + from * DAY,
		to: START + (from + days) * DAY
	})),
	{ nil: undefined }
);

/** What each reason's details must show, checked against the demand's own contacts. */
function checkReason(demand: DrillDemand, reason: FailureReason, settings: Partial<AnalysisSettings>) {
	switch (reason.kind) {
		case 'repeat':
			expect(reason.repeats).toBe(demand.contacts.filter((c) => c.role === 'repeat').length);
			expect(reason.gap).toBeGreaterThanOrEqual(0);
			break;
		case 'outbound': {
			// The outbound contact is found, after the first contact and within the window.
			expect(Number.isFinite(reason.at)).toBe(true);
			expect(reason.gap).toBeGreaterThan(0);
			expect(reason.at).toBeLessThanOrEqual(demand.windowEnd);
			break;
		}
		case 'transferred':
			expect(settings.transferIsFailure).toBe(true);
			expect(demand.contacts[0].transferred).toBe(true);
			break;
		case 'callback':
			expect(demand.contacts[0].callback).toBe(true);
			break;
		case 'declaredUnresolved':
			expect(demand.contacts[0].resolved).toBe(false);
			break;
		case 'lateAnswer':
			expect(reason.delay).toBeGreaterThan(reason.limit);
			break;
		case 'noAnswerTime':
			expect(demand.contacts[0].handledAt).toBeNull();
			break;
	}
}

describe('drillDown adds up to the figures', () => {
	it('lists, under every breakdown key, the eligible, resolved and pending demands of that key; reasons iff not resolved', () => {
		fc.assert(
			fc.property(fc.array(rowArbitrary, { maxLength: 40 }), settingsArbitrary, periodArbitrary, (random, settings, period) => {
				const log = fromRows(rowsOf(random));
				const result = analyze(log, settings, { by: [...DIMENSIONS], period });
				for (const dimension of DIMENSIONS) {
					for (const [key, figures] of Object.entries(result.by[dimension] ?? {})) {
						const drill = drillDown(log, settings, { where: [{ dimension, key }], period, limit: Infinity });
						const listed = drill.listed;
						const count = (verdict: DrillDemand['verdict']) => listed.filter((d) => d.verdict === verdict).length;
						expect({ eligible: drill.eligible, resolvedFirst: drill.resolvedFirst, pending: drill.pending, demands: drill.demands }).toEqual({
							eligible: figures.eligible,
							resolvedFirst: figures.resolvedFirst,
							pending: figures.pending,
							demands: figures.demands
						});
						expect(listed.length).toBe(figures.demands);
						expect(count('resolved')).toBe(figures.resolvedFirst);
						expect(count('pending')).toBe(figures.pending);
						expect(count('failed')).toBe(figures.eligible - figures.resolvedFirst);
						// The chains' lengths add up to the key's avoidable contacts.
						const repeats = listed
							.filter((d) => d.verdict !== 'pending')
							.reduce((n, d) => n + d.contacts.filter((c) => c.role === 'repeat').length, 0);
						expect(repeats).toBe(figures.avoidableContacts);
						for (const demand of listed) {
							if (demand.verdict === 'resolved') expect(demand.reasons).toEqual([]);
							if (demand.verdict === 'failed') expect(demand.reasons.length).toBeGreaterThan(0);
							for (const reason of demand.reasons) checkReason(demand, reason, settings);
							expect(demand.contacts.filter((c) => c.role === 'first')).toHaveLength(1);
						}
					}
				}
			}),
			{ numRuns: 150 }
		);
	});

	it('lists, under every heat-map cell, the demands of that cell', () => {
		fc.assert(
			fc.property(fc.array(rowArbitrary, { maxLength: 40 }), settingsArbitrary, periodArbitrary, (random, settings, period) => {
				const log = fromRows(rowsOf(random));
				const cross = crossBreakdown(log, settings, { rows: 'agent', cols: 'motive', period });
				cross.rowKeys.forEach((rowKey, i) =>
					cross.colKeys.forEach((colKey, j) => {
						const drill = drillDown(log, settings, {
							where: [
								{ dimension: 'agent', key: rowKey },
								{ dimension: 'motive', key: colKey }
							],
							period,
							verdict: 'resolved'
						});
						const cell = cross.cells[i][j];
						expect([drill.demands, drill.pending, drill.resolvedFirst, drill.matching]).toEqual([
							cell.demands,
							cell.pending,
							cell.resolvedFirst,
							cell.resolvedFirst
						]);
					})
				);
			}),
			{ numRuns: 100 }
		);
	});

	it('lists the first demands of the whole ordered list when it limits them', () => {
		fc.assert(
			fc.property(
				fc.array(rowArbitrary, { maxLength: 60 }),
				settingsArbitrary,
				fc.constantFrom('failures' as const, 'time' as const, 'recent' as const),
				fc.constantFrom('all' as const, 'failed' as const, 'resolved' as const),
				fc.integer({ min: 1, max: 6 }),
				(random, settings, order, verdict, limit) => {
					const log = fromRows(rowsOf(random));
					const options = { where: [], order, verdict };
					const all = drillDown(log, settings, { ...options, limit: Infinity });
					const few = drillDown(log, settings, { ...options, limit });
					expect(few.listed).toEqual(all.listed.slice(0, limit));
					expect(few.more).toBe(all.matching > limit);
					const times = all.listed.map((d) => d.first);
					if (order === 'time') expect(times).toEqual([...times].sort((a, b) => a - b));
					if (order === 'recent') expect(times).toEqual([...times].sort((a, b) => b - a));
				}
			),
			{ numRuns: 150 }
		);
	});
});
