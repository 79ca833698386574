import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WORKED_EXAMPLE, WORKED_EXAMPLE_IDS } from '../../../tests/fixtures/contacts';
import { buildChains, sortRows, withinWindow } from './chains';
import { fromRows } from './from-rows';
import { DAY, resolveSettings } from './settings';
import { INBOUND, OUTBOUND, type ContactTable } from './table';

/** A table of `rows` random contacts over `customerCount` customer codes (names not needed). */
function randomTable(
	customers: number[],
	times: number[],
	keys: number[],
	customerCount: number
): { table: ContactTable; scopeKey: Uint32Array } {
	const n = customers.length;
	const table = fromRows([]);
	Object.assign(table, {
		length: n,
		customer: Uint32Array.from(customers),
		// Only the dictionary's size matters to the sort.
		customers: new Array<string>(customerCount),
		time: Float64Array.from(times),
		channel: new Uint32Array(n),
		channels: ['phone'],
		direction: Uint8Array.from(customers, (c, i) => ((c + i) % 5 === 0 ? OUTBOUND : INBOUND))
	});
	return { table, scopeKey: Uint32Array.from(keys) };
}

describe('sortRows', () => {
	const cases = [
		{ label: 'few customers, large groups', customerCount: 3 },
		{ label: 'thousands of customers', customerCount: 5000 }
	];
	for (const { label, customerCount } of cases) {
		it(`sorts by customer, scope key, time, then input order (${label})`, () => {
			fc.assert(
				fc.property(
					fc.array(
						fc.tuple(
							fc.integer({ min: 0, max: customerCount - 1 }),
							fc.integer({ min: 0, max: 20 }),
							fc.integer({ min: 0, max: 2 })
						),
						{ maxLength: 120 }
					),
					(rows) => {
						const { table, scopeKey } = randomTable(
							rows.map((r) => r[0]),
							rows.map((r) => r[1] * 1000),
							rows.map((r) => r[2]),
							customerCount
						);
						const sorted = sortRows(table, scopeKey);
						const expected = rows
							.map((_, i) => i)
							.sort(
								(a, b) =>
									rows[a][0] - rows[b][0] || rows[a][2] - rows[b][2] || rows[a][1] - rows[b][1] || a - b
							);
						expect([...sorted.order]).toEqual(expected);
						expect([...sorted.time]).toEqual(expected.map((r) => table.time[r]));
						expect([...sorted.key]).toEqual(expected.map((r) => scopeKey[r]));
						expect([...sorted.channelAndDirection].map((e) => e & 1)).toEqual(
							expected.map((r) => table.direction[r])
						);
					}
				),
				{ numRuns: 100 }
			);
		});
	}
});

describe('buildChains', () => {
	it('chains the §7 example and numbers chains in input order of their first contacts', () => {
		const table = fromRows(WORKED_EXAMPLE);
		const chains = buildChains(table, resolveSettings({ scope: 'motive' }));
		const members = (chain: number) =>
			WORKED_EXAMPLE_IDS.filter((_, row) => chains.chainOf[row] === chain);
		expect(chains.count).toBe(9);
		expect(Array.from({ length: chains.count }, (_, c) => members(c).join(','))).toEqual([
			'a1,a2',
			'b1',
			'b2',
			'c1',
			'c2',
			'd1',
			'd2',
			'e1,e3',
			'e2'
		]);
		expect([...chains.chainLength]).toEqual([2, 1, 1, 1, 1, 1, 1, 2, 1]);
		expect([...chains.isRepeat]).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
	});

	it('leaves outbound rows out of chains and keeps every inbound row in one', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						customer_id: fc.constantFrom('A', 'B'),
						timestamp: fc.integer({ min: 0, max: 20 }).map((d) => d * DAY),
						motive: fc.constantFrom('BILL', 'DELIV'),
						direction: fc.constantFrom('inbound' as const, 'outbound' as const)
					}),
					{ maxLength: 40 }
				),
				(rows) => {
					const table = fromRows(rows);
					const chains = buildChains(table, resolveSettings({ window: { kind: 'duration', ms: 3 * DAY } }));
					const total = chains.chainLength.reduce((sum, length) => sum + length, 0);
					expect(total).toBe(chains.inboundCount);
					rows.forEach((row, r) => {
						if (row.direction === 'outbound') expect(chains.chainOf[r]).toBe(-1);
						else expect(chains.chainOf[r]).toBeGreaterThanOrEqual(0);
					});
					for (let c = 1; c < chains.count; c++) {
						expect(chains.firstOfChain[c]).toBeGreaterThan(chains.firstOfChain[c - 1]);
					}
					for (const first of chains.firstOfChain) expect(chains.isRepeat[first]).toBe(0);
				}
			)
		);
	});
});

describe('withinWindow', () => {
	it('includes the boundary of a duration and compares calendar dates for intraday', () => {
		const nine = Date.UTC(2026, 2, 1, 9);
		expect(withinWindow({ kind: 'duration', ms: DAY }, nine, nine + DAY)).toBe(true);
		expect(withinWindow({ kind: 'duration', ms: DAY }, nine, nine + DAY + 1)).toBe(false);
		expect(withinWindow({ kind: 'intraday' }, nine, Date.UTC(2026, 2, 1, 23, 59))).toBe(true);
		expect(withinWindow({ kind: 'intraday' }, nine, Date.UTC(2026, 2, 2, 0, 1))).toBe(false);
	});
});
