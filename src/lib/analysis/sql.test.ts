import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKED_EXAMPLE, WORKED_EXAMPLE_SETTINGS } from '../../../tests/fixtures/contacts';
import { fromRows, parseIsoTimestamp, type ContactRow } from './from-rows';
import { analyze, DIMENSIONS, FIGURE_FIELDS, type Dimension, type Figures } from './metrics';
import { DAY, HOUR, resolveSettings, type AnalysisSettings } from './settings';
import { renderSql, sqlString } from './sql';

let instance: DuckDBInstance;
let connection: DuckDBConnection;
let tableNumber = 0;

beforeAll(async () => {
	instance = await DuckDBInstance.create(':memory:', { threads: '1' });
	connection = await instance.connect();
});

afterAll(() => {
	connection.closeSync();
	instance.closeSync();
});

function ms(value: string | number): number {
	return typeof value === 'number' ? value : parseIsoTimestamp(value);
}

function literal(value: string | boolean | undefined): string {
	if (value === undefined) return 'NULL';
	return typeof value === 'boolean' ? String(value) : sqlString(value);
}

/** Loads rows into a new table with the canonical columns and an input-order column. */
async function load(rows: readonly ContactRow[]): Promise<string> {
	const name = `contacts_${++tableNumber}`;
	await connection.run(`CREATE TABLE ${name} (
		row_id INTEGER, customer_id VARCHAR, "timestamp" TIMESTAMP, channel VARCHAR, motive VARCHAR,
		direction VARCHAR, agent VARCHAR, team VARCHAR, segment VARCHAR,
		transferred BOOLEAN, callback BOOLEAN, resolved BOOLEAN, handled_at TIMESTAMP)`);
	if (rows.length > 0) {
		const values = rows.map((row, i) =>
			[
				i,
				literal(row.customer_id),
				`epoch_ms(${ms(row.timestamp)}::BIGINT)`,
				literal(row.channel),
				literal(row.motive),
				literal(row.direction),
				literal(row.agent),
				literal(row.team),
				literal(row.segment),
				literal(row.transferred),
				literal(row.callback),
				literal(row.resolved),
				row.handled_at === undefined ? 'NULL' : `epoch_ms(${ms(row.handled_at)}::BIGINT)`
			].join(', ')
		);
		await connection.run(`INSERT INTO ${name} VALUES (${values.join('), (')})`);
	}
	return name;
}

type Row = Figures & { key?: string };

function plain(value: unknown): unknown {
	if (typeof value === 'bigint') return Number(value);
	if (Array.isArray(value)) return value.map(plain);
	return value;
}

async function figuresFromSql(
	rows: readonly ContactRow[],
	settings: AnalysisSettings,
	by?: Dimension,
	period?: { from?: number; to?: number }
): Promise<Row[]> {
	const source = await load(rows);
	const reader = await connection.runAndReadAll(
		renderSql(settings, { source, by, period, inputOrder: 'row_id' })
	);
	await connection.run(`DROP TABLE ${source}`);
	return reader
		.getRowObjectsJS()
		.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])) as unknown as Row);
}

/** Equal counts, rates within 1e-12. */
function expectSameFigures(actual: Figures, expected: Figures, where: string): void {
	for (const field of FIGURE_FIELDS) {
		const a = actual[field];
		const e = expected[field];
		if (Array.isArray(e) && Array.isArray(a)) {
			expect(a[0], `${where} ${field}[0]`).toBeCloseTo(e[0], 12);
			expect(a[1], `${where} ${field}[1]`).toBeCloseTo(e[1], 12);
		} else if (typeof e === 'number' && typeof a === 'number' && !Number.isInteger(e)) {
			expect(a, `${where} ${field}`).toBeCloseTo(e, 12);
		} else {
			expect(a, `${where} ${field}`).toEqual(e);
		}
	}
}

describe('renderSql', () => {
	it('adds the columns a source lacks as NULL and numbers rows in scan order', async () => {
		await connection.run(`CREATE TABLE bare AS
			SELECT * FROM (VALUES
				('A', TIMESTAMP '2026-03-01 09:00', 'email', 'BILL', 'inbound'),
				('A', TIMESTAMP '2026-03-01 09:00', 'phone', 'BILL', 'inbound'),
				('B', TIMESTAMP '2026-03-02 09:00', 'phone', 'BILL', NULL)
			) AS t(customer_id, "timestamp", channel, motive, direction)`);
		const sql = renderSql(resolveSettings({ scope: 'any', observationEnd: Date.UTC(2026, 3, 1) }), {
			source: 'bare',
			by: 'channel',
			missingColumns: ['agent', 'team', 'segment', 'transferred', 'callback', 'resolved', 'handled_at']
		});
		const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
		// The email (first in scan order) starts A's demand; without handled_at it is not resolved.
		expect(rows.map((row) => [row.key, Number(row.demands), Number(row.resolvedFirst)])).toEqual([
			['email', 1, 0],
			['phone', 1, 1]
		]);
		expect(() => renderSql(resolveSettings(), { source: 'bare', missingColumns: ['mood' as never] })).toThrow(
			/Unknown column/
		);
	});

	it('gives the §7 worked example', async () => {
		const settings = resolveSettings(WORKED_EXAMPLE_SETTINGS);
		const [row] = await figuresFromSql(WORKED_EXAMPLE, settings);
		expect(row).toMatchObject({
			contacts: 11,
			repeatContacts: 2,
			demands: 9,
			pending: 1,
			eligible: 8,
			resolvedFirst: 4,
			fcr: 0.5,
			eligibleExclComplex: 7,
			resolvedFirstExclComplex: 3,
			contactsPerDemand: 1.25,
			avoidableContacts: 2
		});
		expectSameFigures(row, analyze(fromRows(WORKED_EXAMPLE), settings), '§7');
		const [any] = await figuresFromSql(WORKED_EXAMPLE, { ...settings, scope: 'any' });
		expect(any).toMatchObject({ demands: 7, pending: 1, eligible: 6, resolvedFirst: 2 });
	});
});

const START = Date.UTC(2025, 11, 24); // a log that crosses a month, a year and ISO week 1

const rowArbitrary: fc.Arbitrary<ContactRow> = fc
	.record({
		customer_id: fc.constantFrom('A', 'B', "O'Brien"),
		// Three-hour steps over 12 days: ties, gaps of exactly W and day changes all happen.
		step: fc.integer({ min: 0, max: 12 * 8 }),
		channel: fc.constantFrom('phone', 'email', 'chat', 'web_form', 'mail', undefined),
		motive: fc.constantFrom('BILL', 'BILL', 'DELIV', 'MOVE', undefined),
		direction: fc.constantFrom('inbound', 'inbound', 'inbound', 'outbound', undefined),
		agent: fc.constantFrom('ann', 'bob', undefined),
		team: fc.constantFrom('front', undefined),
		segment: fc.constantFrom('pro', 'retail', undefined),
		transferred: fc.constantFrom(true, false, undefined, undefined, undefined),
		callback: fc.constantFrom(true, false, undefined, undefined, undefined),
		resolved: fc.constantFrom(true, false, undefined, undefined, undefined),
		answerQuarters: fc.option(fc.integer({ min: 0, max: 12 }))
	})
	.map(({ step, answerQuarters, direction, ...row }) => {
		const timestamp = START + step * 3 * HOUR;
		return {
			...row,
			...(direction === undefined ? {} : { direction: direction as 'inbound' | 'outbound' }),
			timestamp,
			...(answerQuarters === null ? {} : { handled_at: timestamp + answerQuarters * 15 * 60_000 })
		};
	});

const settingsArbitrary: fc.Arbitrary<AnalysisSettings> = fc
	.record({
		window: fc.constantFrom<AnalysisSettings['window']>(
			{ kind: 'intraday' },
			{ kind: 'duration', ms: 6 * HOUR },
			{ kind: 'duration', ms: DAY },
			{ kind: 'duration', ms: 3 * DAY },
			{ kind: 'duration', ms: 7 * DAY }
		),
		scope: fc.constantFrom<AnalysisSettings['scope']>('any', 'category', 'motive'),
		channels: fc.constantFrom<AnalysisSettings['channels']>('any', 'same'),
		transferIsFailure: fc.boolean(),
		observationEnd: fc.option(
			fc.integer({ min: 0, max: 14 * 8 }).map((step) => START + step * 3 * HOUR),
			{ nil: undefined }
		),
		coldFlowDelays: fc.constantFrom<AnalysisSettings['coldFlowDelays']>(
			{ email: HOUR, web_form: HOUR, mail: null },
			{ email: 2 * HOUR, phone: 30 * 60_000, mail: 0 },
			{}
		),
		complexMotives: fc.subarray(['BILL', 'MOVE', 'unqualified']),
		categories: fc.constantFrom<Record<string, string>>(
			{},
			{ BILL: 'money', MOVE: 'money', DELIV: "it's shipping" },
			{ BILL: 'DELIV' }
		),
		costPerChannel: fc.constantFrom<Record<string, number>>({}, { phone: 5, email: 2.5, unknown: 1.25 })
	})
	.map((partial) => resolveSettings(partial));

describe('renderSql against analyze', () => {
	it('gives the same figures on random logs, in total and by every dimension', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(rowArbitrary, { maxLength: 30 }),
				settingsArbitrary,
				fc.option(fc.constantFrom(...DIMENSIONS), { nil: undefined }),
				fc.option(
					fc.record(
						{
							from: fc.integer({ min: 0, max: 12 * 8 }).map((step) => START + step * 3 * HOUR),
							to: fc.integer({ min: 0, max: 12 * 8 }).map((step) => START + step * 3 * HOUR)
						},
						{ requiredKeys: [] }
					),
					{ nil: undefined }
				),
				async (rows, settings, by, period) => {
					const result = analyze(fromRows(rows), settings, { by: by ? [by] : [], period });
					const sqlRows = await figuresFromSql(rows, settings, by, period);
					if (!by) {
						expect(sqlRows).toHaveLength(1);
						expectSameFigures(sqlRows[0], result, 'total');
						return;
					}
					const expected = result.by[by] ?? {};
					expect(sqlRows.map((row) => row.key)).toEqual(Object.keys(expected).sort());
					for (const row of sqlRows) expectSameFigures(row, expected[row.key!], `${by}=${row.key}`);
				}
			),
			{ numRuns: 150 }
		);
	}, 60_000);

	it('gives the same figures for a customer with many contacts', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(rowArbitrary, { minLength: 40, maxLength: 80 }),
				settingsArbitrary,
				async (rows, settings) => {
					const busy = rows.map((row) => ({ ...row, customer_id: 'A' }));
					const [row] = await figuresFromSql(busy, settings);
					expectSameFigures(row, analyze(fromRows(busy), settings), 'total');
				}
			),
			{ numRuns: 25 }
		);
	}, 60_000);
});
