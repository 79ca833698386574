import { describe, expect, it } from 'vitest';
import { contact, table } from '../../../tests/fixtures/contacts';
import { crossBreakdown } from './cross';
import {
	frictionsCsv,
	frictionTotals,
	monthlyFromCross,
	rankFrictions,
	savingsAt,
	sortFrictions,
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

const CATALOGUE: Record<string, FrictionMotive> = {
	BILL: { id: 'm-bill', label: 'Bill explanation', complex: false, states: [{ journeyId: 'j', stateId: 'bill.read' }], articleIds: ['kb-bill'] }
};
const motiveOf = (code: string) => CATALOGUE[code];

function byMotive(): Record<string, Figures> {
	return analyze(table(...ROWS), SETTINGS, { by: ['motive'] }).by.motive!;
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
		expect(rows.map((r) => r.key)).toEqual(['motive:BILL', 'motive:DELIV']);
		const [bill, deliv] = rows;
		expect(bill).toMatchObject({
			code: 'BILL',
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
		// An uncatalogued code keeps its code as label.
		expect(deliv).toMatchObject({ label: 'DELIV', motive: undefined, fcr: 1, savingsCost: 0 });
	});

	it('uses a row’s own target over the global one', () => {
		const rows = rankFrictions({ byMotive: byMotive(), motiveOf, target: 0.8, targets: { 'motive:BILL': 1 } });
		expect(rows[0]).toMatchObject({ target: 1, ownTarget: true, savingsContacts: 3, savingsCost: 12, savingsCostPerYear: null });
	});

	it('adds journey state × motive rows when given, left out of the totals', () => {
		const figures = byMotive();
		const rows = rankFrictions({
			byMotive: figures,
			motiveOf,
			byStateMotive: [{ journeyId: 'j', stateId: 'bill.read', motive: 'BILL', figures: figures.BILL }]
		});
		const state = rows.find((r) => r.kind === 'state')!;
		expect(state).toMatchObject({ key: 'state:j:bill.read:BILL', state: { journeyId: 'j', stateId: 'bill.read' }, avoidableCost: 12 });
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
		const ranked = rankFrictions({ byMotive: analyze(table(...rows), SETTINGS, { by: ['motive'] }).by.motive, motiveOf, monthly });
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
		const csv = frictionsCsv(rows, { decimalComma: true, headers: { label: 'Motif' } });
		expect(csv.startsWith('\uFEFFcode;Motif;journey;state;demands')).toBe(true);
		const lines = csv.slice(1).split('\r\n');
		expect(lines).toHaveLength(4); // header, two rows, final empty line
		expect(lines[1]).toBe('BILL;Bill explanation;;;4;7;4;50,0;15,0;85,0;3;12,00;;80,0;1,8;7,20;86,40');
		expect(lines[2].split(';')[12]).toBe('');
	});
	it('quotes cells holding ; or quotes', () => {
		const rows = rankFrictions({ byMotive: byMotive(), motiveOf: (c) => (c === 'BILL' ? { ...CATALOGUE.BILL, label: 'Bill; "why"' } : undefined) });
		expect(frictionsCsv(rows)).toContain(';"Bill; ""why""";');
	});
});
