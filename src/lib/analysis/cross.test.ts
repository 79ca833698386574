import { describe, expect, it } from 'vitest';
import {
	contact,
	generatedRow,
	table,
	WORKED_EXAMPLE,
	WORKED_EXAMPLE_SETTINGS
} from '../../../tests/fixtures/contacts';
import { crossBreakdown, DEFAULT_MIN_DEMANDS } from './cross';
import { fromRows, type ContactRow } from './from-rows';
import { generateContacts, type GeneratedContact } from './generate';
import { analyze, DIMENSIONS, type Dimension } from './metrics';
import { DAY } from './settings';

function generatedTable(contacts: number, seed: number) {
	const rows: ContactRow[] = [];
	generateContacts({ contacts, seed, months: 3, start: '2026-01-05' }, {
		contact: (c: GeneratedContact) => rows.push(generatedRow(c))
	});
	return fromRows(rows);
}

describe('crossBreakdown', () => {
	it('crosses the worked example by channel × motive', () => {
		const result = crossBreakdown(table(...WORKED_EXAMPLE), WORKED_EXAMPLE_SETTINGS, {
			rows: 'channel',
			cols: 'motive',
			minDemands: 2
		});
		// Demands: phone a1 b1 d1 d2 e1, chat b2 e2, email c1 c2; BILL a1 b1 c1 d2 e1, DELIV b2 c2 e2, MOVE d1.
		expect(result.rowKeys).toEqual(['phone', 'chat', 'email']);
		expect(result.colKeys).toEqual(['BILL', 'DELIV', 'MOVE']);
		const phoneBill = result.cells[0][0];
		// a1, b1, d2 (pending), e1: none resolved.
		expect(phoneBill).toMatchObject({ demands: 4, pending: 1, eligible: 3, resolvedFirst: 0, fcr: 0, tooSmall: false });
		expect(result.cells[0][2]).toMatchObject({ demands: 1, eligible: 1, resolvedFirst: 1, fcr: 1, tooSmall: true });
		expect(result.cells[1][1]).toMatchObject({ demands: 2, eligible: 2, resolvedFirst: 2, fcr: 1 });
		expect(result.cells[2][0]).toMatchObject({ demands: 1, resolvedFirst: 1 });
		expect(result.cells[2][1]).toMatchObject({ demands: 1, resolvedFirst: 0 });
		expect(result.cells[1][0]).toMatchObject({ demands: 0, eligible: 0, fcr: null, ci95: null, tooSmall: true });
		expect(result.total).toMatchObject({ demands: 9, pending: 1, eligible: 8, resolvedFirst: 4, fcr: 0.5 });
		expect(result.rowTotals.map((c) => c.resolvedFirst)).toEqual([1, 2, 1]);
		expect(result.colTotals.map((c) => c.eligible)).toEqual([4, 3, 1]);
		expect(result.observationEnd).toBe(WORKED_EXAMPLE_SETTINGS.observationEnd);
	});

	it('leaves out keys without a demand (a repeat contact alone) and marks small cells by default', () => {
		const log = table(
			contact({ customer_id: 'A', agent: 'ana' }),
			contact({ customer_id: 'A', timestamp: '2026-03-02T09:00', agent: 'bob' })
		);
		const result = crossBreakdown(log, { observationEnd: Date.UTC(2027, 0, 1) }, { rows: 'agent', cols: 'channel' });
		expect(result.minDemands).toBe(DEFAULT_MIN_DEMANDS);
		expect(result.rowKeys).toEqual(['ana']);
		expect(result.cells[0][0]).toMatchObject({ demands: 1, eligible: 1, resolvedFirst: 0, tooSmall: true });
	});

	it('gives the per-key totals of analyze for every pair of dimensions, with a period', () => {
		const log = generatedTable(6000, 7);
		const settings = { scope: 'category' as const, categories: { 'FAC-EXPL': 'billing', 'FAC-ECH': 'billing' } };
		const period = { from: Date.UTC(2026, 1, 1), to: Date.UTC(2026, 2, 15) };
		const pairs: [Dimension, Dimension][] = DIMENSIONS.map((d, i) => [d, DIMENSIONS[(i + 3) % DIMENSIONS.length]]);
		const reference = analyze(log, settings, { by: [...DIMENSIONS], period });
		for (const [rows, cols] of pairs) {
			const result = crossBreakdown(log, settings, { rows, cols, period });
			for (const [dimension, keys, totals] of [
				[rows, result.rowKeys, result.rowTotals],
				[cols, result.colKeys, result.colTotals]
			] as const) {
				const expected = Object.entries(reference.by[dimension] ?? {}).filter(([, f]) => f.demands > 0);
				expect(new Set(keys)).toEqual(new Set(expected.map(([key]) => key)));
				for (const [key, figures] of expected) {
					const got = totals[keys.indexOf(key)];
					expect(got).toMatchObject({
						demands: figures.demands,
						pending: figures.pending,
						eligible: figures.eligible,
						resolvedFirst: figures.resolvedFirst,
						fcr: figures.fcr,
						ci95: figures.fcrCi95
					});
				}
			}
			expect(result.total).toMatchObject({
				demands: reference.demands,
				eligible: reference.eligible,
				resolvedFirst: reference.resolvedFirst
			});
			// Cells add up to their row's total.
			result.cells.forEach((line, i) => {
				expect(line.reduce((sum, c) => sum + c.eligible, 0)).toBe(result.rowTotals[i].eligible);
			});
		}
	});

	it('follows the window and the channels setting like analyze', () => {
		const log = generatedTable(3000, 3);
		for (const settings of [
			{ window: { kind: 'intraday' as const }, channels: 'same' as const },
			{ window: { kind: 'duration' as const, ms: 30 * DAY }, transferIsFailure: false, scope: 'any' as const }
		]) {
			const reference = analyze(log, settings, { by: ['agent'] });
			const result = crossBreakdown(log, settings, { rows: 'agent', cols: 'motive' });
			result.rowKeys.forEach((key, i) => {
				expect(result.rowTotals[i].resolvedFirst).toBe(reference.by.agent?.[key].resolvedFirst);
			});
			expect(result.total.fcr).toBe(reference.fcr);
		}
	});
});
