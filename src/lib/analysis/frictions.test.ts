import { describe, expect, it } from 'vitest';
import { contact, table } from '../../../tests/fixtures/contacts';
import { crossBreakdown } from './cross';
import {
	DEFAULT_FRICTION_SORT,
	frictionsCsv,
	frictionTotals,
	monthlyFromCross,
	rankFrictions,
	savingsAt,
	sortFrictions,
	splitFrictions,
	trendOf,
	type FrictionMotive,
	type FrictionRow
} from './frictions';
import { analyze, type Figures } from './metrics';
import type { AnalysisSettings } from './settings';

const SETTINGS: Partial<AnalysisSettings> = {
	window: { kind: 'duration', ms: 7 * 24 * 3_600_000 },
	scope: 'motive',
	observationEnd: Date.UTC(2026, 2, 31, 23, 59, 59),
	costPerChannel: { phone: 5, chat: 2 }
};

/**
 * BILL: A calls three times (2 repeats on the phone: 10), B and C are resolved, D calls then
 * chats (1 repeat on chat: 2) → eligible 4, resolved 2, FCR 50 %, 3 avoidable contacts, cost 12.
 * DELIV: E once, resolved → FCR 100 %, nothing avoidable.
 */
const ROWS = [
	contact({ customer_id: 'A', timestamp: '2026-03-01T09:00' }),
	contact({ customer_id: 'A', timestamp: '2026-03-02T09:00' }),
	contact({ customer_id: 'A', timestamp: '2026-03-03T09:00' }),
	contact({ customer_id: 'B', timestamp: '2026-03-02T10:00' }),
	contact({ customer_id: 'C', timestamp: '2026-03-03T10:00' }),
	contact({ customer_id: 'D', timestamp: '2026-03-04T10:00' }),
	contact({ customer_id: 'D', timestamp: '2026-03-05T10:00', channel: 'chat' }),
	contact({ customer_id: 'E', timestamp: '2026-03-06T10:00', motive: 'DELIV' })
];

/** BILL and BILL2 are two CRM codes of one catalogue motive; DELIV is in no motive. */
const GROUPED: Partial<AnalysisSettings> = { ...SETTINGS, motiveGroups: { BILL: 'm-bill', BILL2: 'm-bill' } };
const CATALOGUE: Record<string, FrictionMotive> = {
	'm-bill': { id: 'm-bill', label: 'Bill explanation', complex: false, codes: ['BILL', 'BILL2'], states: [{ journeyId: 'j', stateId: 'bill.read' }], articleIds: ['kb-bill'] }
};
const motiveOf = (key: string) => CATALOGUE[key];

function byMotive(rows = ROWS): Record<string, Figures> {
	return analyze(table(...rows), GROUPED, { by: ['motive'] }).by.motive!;
}

describe('savingsAt', () => {
	const bill = { eligible: 4, resolvedFirst: 2, avoidableContacts: 3, avoidableCost: 12 };
	it('saves the share (T − p) / (1 − p) of the avoidable contacts and cost', () => {
		// Δ = 4 × (0.8 − 0.5) = 1.2 demands; r = 3 / 2 = 1.5 repeats each → 1.8 contacts; cost 12 × 0.6.
		const s = savingsAt(bill, 0.8);
		expect(s.contacts).toBeCloseTo(1.8, 10);
		expect(s.cost).toBeCloseTo(7.2, 10);
	});
	it('saves every avoidable contact at 100 % and nothing at or below the current FCR', () => {
		expect(savingsAt(bill, 1)).toEqual({ contacts: 3, cost: 12 });
		expect(savingsAt(bill, 1.2)).toEqual({ contacts: 3, cost: 12 });
		expect(savingsAt(bill, 0.5)).toEqual({ contacts: 0, cost: 0 });
		expect(savingsAt(bill, 0.3)).toEqual({ contacts: 0, cost: 0 });
	});
	it('saves nothing without unresolved or eligible demands', () => {
		expect(savingsAt({ eligible: 3, resolvedFirst: 3, avoidableContacts: 0, avoidableCost: 0 }, 0.9)).toEqual({ contacts: 0, cost: 0 });
		expect(savingsAt({ eligible: 0, resolvedFirst: 0, avoidableContacts: 0, avoidableCost: 0 }, 0.9)).toEqual({ contacts: 0, cost: 0 });
	});
});

describe('rankFrictions', () => {
	it('ranks motives by avoidable cost with their figures, catalogue label and savings', () => {
		const rows = rankFrictions({ byMotive: byMotive(), motiveOf, target: 0.8, months: 1 });
		expect(rows.map((r) => r.key)).toEqual(['motive:m-bill', 'motive:DELIV']);
		const [bill, deliv] = rows;
		expect(bill).toMatchObject({
			codes: ['BILL', 'BILL2'],
			label: 'Bill explanation',
			demands: 4,
			contacts: 7,
			eligible: 4,
			resolvedFirst: 2,
			fcr: 0.5,
			avoidableContacts: 3,
			avoidableCost: 12,
			target: 0.8,
			ownTarget: false,
			trend: null
		});
		expect(bill.savingsContacts).toBeCloseTo(1.8, 10);
		expect(bill.savingsCost).toBeCloseTo(7.2, 10);
		expect(bill.savingsCostPerYear).toBeCloseTo(86.4, 10);
		expect(bill.fcrCi95![0]).toBeLessThan(0.5);
		// An uncatalogued code keeps its code as label, apart from the catalogue.
		expect(deliv).toMatchObject({ label: 'DELIV', codes: ['DELIV'], motive: undefined, fcr: 1, savingsCost: 0 });
	});

	it('ranks by avoidable cost, then by avoidable contacts (METRICS.md §4b)', () => {
		const [row] = rankFrictions({ byMotive: byMotive(), motiveOf, target: 0.8 });
		// a and b cost 5 each: b, with 3 avoidable contacts, comes before a with 1; c costs 9 and leads.
		const a = { ...row, key: 'a', avoidableCost: 5, avoidableContacts: 1 };
		const b = { ...row, key: 'b', avoidableCost: 5, avoidableContacts: 3 };
		const c = { ...row, key: 'c', avoidableCost: 9, avoidableContacts: 0 };
		expect(sortFrictions([a, b, c], DEFAULT_FRICTION_SORT).map((r) => r.key)).toEqual(['c', 'b', 'a']);
	});

	it('makes one row of a motive whose demands come under two codes', () => {
		// B and C now come under BILL2: still the same motive, so one row with the same figures.
		const rows = ROWS.map((r) => (r.customer_id === 'B' || r.customer_id === 'C' ? { ...r, motive: 'BILL2' } : r));
		const ranked = rankFrictions({ byMotive: byMotive(rows), motiveOf, target: 0.8 });
		expect(ranked.filter((r) => r.motive?.id === 'm-bill')).toHaveLength(1);
		expect(ranked[0]).toMatchObject({ key: 'motive:m-bill', label: 'Bill explanation', demands: 4, eligible: 4, resolvedFirst: 2, avoidableCost: 12 });
	});

	it('sizes complex motives apart: their own target, out of the savings by default', () => {
		// DELIV becomes a complex motive: E needed three calls, G one → FCR 50 %, 2 phone repeats: 10.
		const rows = [
			...ROWS.filter((r) => r.customer_id !== 'E'),
			contact({ customer_id: 'E', timestamp: '2026-03-06T10:00', motive: 'DELIV' }),
			contact({ customer_id: 'E', timestamp: '2026-03-07T10:00', motive: 'DELIV' }),
			contact({ customer_id: 'E', timestamp: '2026-03-08T10:00', motive: 'DELIV' }),
			contact({ customer_id: 'G', timestamp: '2026-03-08T10:00', motive: 'DELIV' })
		];
		const catalogue: Record<string, FrictionMotive> = {
			...CATALOGUE,
			'm-deliv': { id: 'm-deliv', label: 'Delivery dispute', complex: true, codes: ['DELIV'], states: [], articleIds: [] }
		};
		const figures = analyze(table(...rows), { ...GROUPED, motiveGroups: { ...GROUPED.motiveGroups, DELIV: 'm-deliv' } }, { by: ['motive'] }).by.motive!;
		const input = { byMotive: figures, motiveOf: (k: string) => catalogue[k], target: 0.8, months: 1 };
		const ranked = rankFrictions(input);
		const deliv = ranked.find((r) => r.key === 'motive:m-deliv')!;
		expect(deliv).toMatchObject({ complex: true, inSavings: false, target: 0.8, avoidableCost: 10, fcr: 0.5 });
		expect(deliv.savingsCost).toBeCloseTo(10 * 0.6, 10); // (0.8 − 0.5) / (1 − 0.5) of 10
		expect(splitFrictions(ranked).apart.map((r) => r.key)).toEqual(['motive:m-deliv']);
		expect(splitFrictions(ranked).ranked.map((r) => r.key)).toEqual(['motive:m-bill']);
		const totals = frictionTotals(ranked, 1);
		expect(totals.savingsCost).toBeCloseTo(7.2, 10); // BILL only
		expect(totals.savingsCostWithoutComplex).toBeCloseTo(7.2, 10);
		expect(totals.savingsCostWithComplex).toBeCloseTo(13.2, 10);
		expect(totals.complex).toMatchObject({ rows: 1, avoidableCost: 10 });
		expect(totals.avoidableCost).toBe(22); // every motive's avoidable cost, complex included

		// With their own target, and counted in the savings when asked.
		const included = rankFrictions({ ...input, complexTarget: 0.6, includeComplex: true });
		const d = included.find((r) => r.key === 'motive:m-deliv')!;
		expect(d).toMatchObject({ inSavings: true, target: 0.6 });
		expect(d.savingsCost).toBeCloseTo(10 * 0.2, 10);
		expect(frictionTotals(included, 1).savingsCost).toBeCloseTo(9.2, 10);
		expect(splitFrictions(included).apart).toEqual([]);
	});

	it('uses a row’s own target over the global one', () => {
		const rows = rankFrictions({ byMotive: byMotive(), motiveOf, target: 0.8, targets: { 'motive:m-bill': 1 } });
		expect(rows[0]).toMatchObject({ target: 1, ownTarget: true, savingsContacts: 3, savingsCost: 12, savingsCostPerYear: null });
	});

	it('adds journey state × motive rows when given, keyed by motive, left out of the totals', () => {
		const figures = byMotive();
		const rows = rankFrictions({
			byMotive: figures,
			motiveOf,
			byStateMotive: [{ journeyId: 'j', stateId: 'bill.read', motive: 'm-bill', figures: figures['m-bill'] }]
		});
		const states = rows.filter((r) => r.kind === 'state');
		expect(states).toHaveLength(1);
		expect(states[0]).toMatchObject({ key: 'state:j:bill.read:m-bill', label: 'Bill explanation', state: { journeyId: 'j', stateId: 'bill.read' }, demands: 4, avoidableCost: 12, fcr: 0.5 });
		const totals = frictionTotals(rows, 3);
		expect(totals).toMatchObject({ demands: 5, eligible: 5, resolvedFirst: 3, avoidableContacts: 3, avoidableCost: 12 });
		expect(totals.fcr).toBeCloseTo(0.6, 10);
		expect(totals.savingsCost).toBeCloseTo(7.2, 10);
		expect(totals.savingsCostPerYear).toBeCloseTo(28.8, 10);
	});
});

describe('trend', () => {
	it('is the FCR change between the first and last months with eligible demands', () => {
		expect(
			trendOf({
				'2026-03': { eligible: 4, resolvedFirst: 3 },
				'2026-01': { eligible: 10, resolvedFirst: 5 },
				'2026-02': { eligible: 0, resolvedFirst: 0 },
				'2026-04': { eligible: 0, resolvedFirst: 0 }
			})
		).toEqual({ fromMonth: '2026-01', toMonth: '2026-03', fromFcr: 0.5, toFcr: 0.75, delta: 0.25 });
	});
	it('is absent with fewer than two months', () => {
		expect(trendOf({ '2026-03': { eligible: 4, resolvedFirst: 3 } })).toBeNull();
		expect(trendOf(undefined)).toBeNull();
	});
	it('comes from the motive × month cross table', () => {
		// F calls in February and again within the week (unresolved): BILL goes from 0 % to 50 %.
		const rows = [
			contact({ customer_id: 'F', timestamp: '2026-02-10T09:00' }),
			contact({ customer_id: 'F', timestamp: '2026-02-11T09:00' }),
			...ROWS
		];
		const cross = crossBreakdown(table(...rows), SETTINGS, { rows: 'motive', cols: 'month' });
		const monthly = monthlyFromCross(cross);
		expect(monthly?.BILL).toEqual({ '2026-02': { eligible: 1, resolvedFirst: 0 }, '2026-03': { eligible: 4, resolvedFirst: 2 } });
		const ranked = rankFrictions({ byMotive: analyze(table(...rows), SETTINGS, { by: ['motive'] }).by.motive, motiveOf: (k) => (k === 'BILL' ? CATALOGUE['m-bill'] : undefined), monthly });
		expect(ranked[0].trend).toEqual({ fromMonth: '2026-02', toMonth: '2026-03', fromFcr: 0, toFcr: 0.5, delta: 0.5 });
		expect(ranked[1].trend).toBeNull();
		expect(monthlyFromCross(crossBreakdown(table(...rows), SETTINGS, { rows: 'agent', cols: 'month' }))).toBeUndefined();
	});
});

describe('sortFrictions', () => {
	const row = (key: string, avoidableCost: number, fcr: number | null, label = key): FrictionRow =>
		({ key, label, avoidableCost, avoidableContacts: avoidableCost, fcr, trend: null }) as FrictionRow;
	it('sorts by the chosen column, missing values last both ways', () => {
		const rows = [row('a', 5, 0.5), row('b', 9, null), row('c', 1, 0.9)];
		expect(sortFrictions(rows, { column: 'fcr', direction: 'ascending' }).map((r) => r.key)).toEqual(['a', 'c', 'b']);
		expect(sortFrictions(rows, { column: 'fcr', direction: 'descending' }).map((r) => r.key)).toEqual(['c', 'a', 'b']);
		expect(sortFrictions(rows, { column: 'avoidableCost', direction: 'descending' }).map((r) => r.key)).toEqual(['b', 'a', 'c']);
		expect(sortFrictions(rows, { column: 'label', direction: 'descending' }).map((r) => r.key)).toEqual(['c', 'b', 'a']);
	});
});

describe('frictionsCsv', () => {
	it('writes one line per row with a BOM, ; and CRLF, numbers per the decimal choice', () => {
		const rows = rankFrictions({ byMotive: byMotive(), motiveOf, target: 0.8, months: 1 });
		const csv = frictionsCsv(rows, { decimalComma: true, headers: { label: 'Motif' }, groups: { uncatalogued: 'hors catalogue' } });
		expect(csv.startsWith('\uFEFFMotif;codes;group;in_savings;journey;state;demands')).toBe(true);
		const lines = csv.slice(1).split('\r\n');
		expect(lines).toHaveLength(4); // header, two rows, final empty line
		expect(lines[1]).toBe('Bill explanation;BILL, BILL2;catalogue;1;;;4;7;4;50,0;15,0;85,0;3;12,00;;80,0;1,8;7,20;86,40');
		expect(lines[2].startsWith('DELIV;DELIV;hors catalogue;1;')).toBe(true);
		expect(lines[2].split(';')[14]).toBe(''); // no trend
	});
	it('writes amounts as every page shows them: whole units from 100', () => {
		const [bill] = rankFrictions({ byMotive: { 'm-bill': { ...byMotive()['m-bill'], avoidableCost: 34336.499999999996 } }, motiveOf });
		expect(frictionsCsv([bill]).split('\r\n')[1].split(';')[13]).toBe('34337.00');
	});
	it('writes a label a spreadsheet would run as a formula as quoted text, and a falling trend as a number', () => {
		const rows = rankFrictions({ byMotive: byMotive(), motiveOf: (k) => (k === 'm-bill' ? { ...CATALOGUE['m-bill'], label: "=cmd|' /C calc'!A0" } : undefined) });
		const withTrend = rows.map((r) => ({ ...r, trend: { delta: -0.05 } }) as typeof r);
		const csv = frictionsCsv(withTrend);
		expect(csv).toContain(`\r\n"'=cmd|' /C calc'!A0";`);
		expect(csv.split('\r\n')[1].split(';')[14]).toBe('-5.0');
	});
	it('names contacts without a motive in the reader’s words, and leaves other uncatalogued codes as they are', () => {
		const figures = Object.values(byMotive())[0];
		const input = { byMotive: { unqualified: figures, ZZZ: figures }, motiveOf: () => undefined };
		const labels = (rows: FrictionRow[]) => Object.fromEntries(rows.map((r) => [r.key, r.label]));
		expect(labels(rankFrictions({ ...input, noMotiveLabel: '(no motive recorded)' }))).toEqual({ 'motive:unqualified': '(no motive recorded)', 'motive:ZZZ': 'ZZZ' });
		expect(labels(rankFrictions(input))['motive:unqualified']).toBe('unqualified');
	});
	it('quotes cells holding ; or quotes', () => {
		const rows = rankFrictions({ byMotive: byMotive(), motiveOf: (k) => (k === 'm-bill' ? { ...CATALOGUE['m-bill'], label: 'Bill; "why"' } : undefined) });
		expect(frictionsCsv(rows)).toContain('\r\n"Bill; ""why""";');
	});
});
