import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvSource } from '../../cli/sql';
import { WORKED_EXAMPLE, WORKED_EXAMPLE_SETTINGS } from '../../../tests/fixtures/contacts';
import {
	expectSameFigures,
	expectSameLeaves,
	expectSameSurveys,
	expectSurveyTotals,
	horizonArbitrary,
	plainRows,
	rowArbitrary,
	periodArbitrary,
	settingsArbitrary,
	START,
	surveysOf,
	webLogArbitrary,
	type Row
} from '../../../tests/fixtures/sql-equivalence';
import { fromRows, parseIsoTimestamp, type ContactRow } from './from-rows';
import { ingestContacts } from './ingest';
import { analyze, DIMENSIONS, type Dimension } from './metrics';
import { omnichannel } from './omnichannel';
import { DAY, HOUR, resolveSettings, type AnalysisSettings } from './settings';
import { renderOmnichannelSql, renderSql, SQL_COLUMN_TYPES, sqlString, type OptionalSqlColumn } from './sql';
import { webFromRows, type WebRow } from './web-from-rows';

/** The optional canonical columns, but those given. */
function optionalColumnsBut(...kept: OptionalSqlColumn[]): OptionalSqlColumn[] {
	return (Object.keys(SQL_COLUMN_TYPES) as OptionalSqlColumn[]).filter((column) => !kept.includes(column));
}

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

function literal(value: string | boolean | number | undefined): string {
	if (value === undefined) return 'NULL';
	return typeof value === 'string' ? sqlString(value) : String(value);
}

/** Loads rows into a new table with the canonical columns and an input-order column. */
async function load(rows: readonly ContactRow[]): Promise<string> {
	const name = `contacts_${++tableNumber}`;
	await connection.run(`CREATE TABLE ${name} (
		row_id INTEGER, customer_id VARCHAR, "timestamp" TIMESTAMP, channel VARCHAR, motive VARCHAR,
		direction VARCHAR, agent VARCHAR, team VARCHAR, segment VARCHAR,
		transferred BOOLEAN, callback BOOLEAN, resolved BOOLEAN, handled_at TIMESTAMP,
		survey_resolved BOOLEAN, csat INTEGER, nps INTEGER)`);
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
				row.handled_at === undefined ? 'NULL' : `epoch_ms(${ms(row.handled_at)}::BIGINT)`,
				literal(row.survey_resolved),
				literal(row.csat),
				literal(row.nps)
			].join(', ')
		);
		await connection.run(`INSERT INTO ${name} VALUES (${values.join('), (')})`);
	}
	return name;
}

/** Loads page views into a new table with an input-order column. */
async function loadWeb(rows: readonly WebRow[]): Promise<string> {
	const name = `web_${++tableNumber}`;
	await connection.run(
		`CREATE TABLE ${name} (row_id INTEGER, customer_id VARCHAR, "timestamp" TIMESTAMP, page VARCHAR, session_id VARCHAR)`
	);
	if (rows.length > 0) {
		const values = rows.map((row, i) =>
			[i, literal(row.customer_id), `epoch_ms(${ms(row.timestamp)}::BIGINT)`, literal(row.page), literal(row.session_id)].join(', ')
		);
		await connection.run(`INSERT INTO ${name} VALUES (${values.join('), (')})`);
	}
	return name;
}

async function sqlRows(sql: string): Promise<Row[]> {
	return plainRows((await connection.runAndReadAll(sql)).getRowObjectsJS());
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
	return plainRows(reader.getRowObjectsJS());
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
			missingColumns: optionalColumnsBut('channel', 'motive', 'direction')
		});
		const rows = await sqlRows(sql);
		// The email (first in scan order) starts A's demand; without handled_at it is not resolved.
		expect(rows.map((row) => [row.key, row.demands, row.resolvedFirst])).toEqual([
			['email', 1, 0],
			['phone', 1, 1]
		]);
		// Without survey columns, no survey figure: every survey column is NULL, as the engine's.
		const surveyColumns = Object.keys(rows[0]).filter((column) => /^(perceived|csat|nps)\./.test(column));
		expect(surveyColumns).toHaveLength(17);
		for (const row of rows) {
			for (const column of surveyColumns) expect(row[column], `${row.key} ${column}`).toBeNull();
			expect(surveysOf(row)).toEqual({ perceived: null, csat: null, nps: null });
		}
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
		const engine = analyze(fromRows(WORKED_EXAMPLE), settings);
		expectSameFigures(row, engine, '§7');
		// No survey answers in the example: no survey figures on either side.
		expect(engine).toMatchObject({ perceived: null, csat: null, nps: null });
		expectSameSurveys(surveysOf(row), engine, '§7');
		const [any] = await figuresFromSql(WORKED_EXAMPLE, { ...settings, scope: 'any' });
		expect(any).toMatchObject({ demands: 7, pending: 1, eligible: 6, resolvedFirst: 2 });
	});

	it('compares catalogue and complex codes trimmed and case-insensitively, as the engine does', async () => {
		// The worked example's codes are BILL, DELIV and MOVE; the settings name them otherwise.
		const settings = resolveSettings({
			...WORKED_EXAMPLE_SETTINGS,
			complexMotives: [' move '],
			categories: { bill: 'money', ' Deliv': 'money' },
			motiveGroups: { Bill: 'billing' },
			themes: { BILL: 'home', move: 'home' },
			scope: 'category'
		});
		const engine = analyze(fromRows(WORKED_EXAMPLE), settings, { by: ['category', 'motive', 'theme'] });
		const [row] = await figuresFromSql(WORKED_EXAMPLE, settings);
		expectSameFigures(row, engine, 'total');
		// MOVE is complex: the excl. complex rate leaves d1 out (§7: 42.9 % with scope motive).
		expect(row.eligibleExclComplex).toBe(engine.eligibleExclComplex);
		expect(engine.eligibleExclComplex).toBeLessThan(engine.eligible);
		for (const by of ['category', 'motive', 'theme'] as const) {
			const rows = await figuresFromSql(WORKED_EXAMPLE, settings, by);
			expect(rows.map((r) => r.key).sort(), by).toEqual(Object.keys(engine.by[by] ?? {}).sort());
			for (const r of rows) expectSameFigures(r, engine.by[by]![r.key as string], `${by} ${r.key}`);
		}
	});
});

const PARITY_CONTACTS = join(import.meta.dirname, '../../../tests/fixtures/parity-contacts.csv');

describe('renderSql survey figures', () => {
	it('gives the engine perceived FCR, agreement, kappa, CSAT, NPS on the parity fixture, in total and by key', async () => {
		// Both sides read the file itself: the engine through the import, DuckDB through the source
		// `parcours sql FILE` prints.
		const { table } = await ingestContacts(readFileSync(PARITY_CONTACTS));
		for (const settings of [
			resolveSettings({}),
			resolveSettings({ window: { kind: 'duration', ms: 2 * DAY }, scope: 'any', channels: 'same' })
		]) {
			const where = `window ${JSON.stringify(settings.window)}, scope ${settings.scope}`;
			const result = analyze(table, settings, { by: ['channel', 'motive', 'month'] });
			const run = (by?: Dimension) => sqlRows(renderSql(settings, { source: csvSource(PARITY_CONTACTS), by }));
			const [total] = await run();
			expectSameFigures(total, result, `${where} total`);
			expectSameSurveys(surveysOf(total), result, `${where} total`);
			expect(result.perceived?.answered, 'the fixture has answers to compare').toBeGreaterThan(100);
			for (const by of ['channel', 'motive', 'month'] as const) {
				const rows = await run(by);
				const expected = result.by[by] ?? {};
				expect(rows.map((row) => row.key)).toEqual(Object.keys(expected).sort());
				// Most keys have answers, so the comparisons below are not of nulls alone.
				const answeredKeys = Object.values(expected).filter((figures) => figures.perceived !== null);
				expect(answeredKeys.length, `${where} ${by} keys with answers`).toBeGreaterThan(rows.length / 2);
				for (const row of rows) {
					expectSameFigures(row, expected[row.key!], `${where} ${by}=${row.key}`);
					expectSameSurveys(surveysOf(row), expected[row.key!], `${where} ${by}=${row.key}`);
				}
				expectSurveyTotals(rows, result, `${where} ${by}`);
			}
		}
		// The default settings' figures, pinned so that both sides cannot drift together.
		const [total] = await sqlRows(renderSql(resolveSettings({}), { source: csvSource(PARITY_CONTACTS) }));
		expect(surveysOf(total)).toMatchObject({
			perceived: {
				answered: 236,
				resolvedPerceived: 161,
				agreement: { bothResolved: 121, internalOnly: 26, perceivedOnly: 40, neither: 49 }
			},
			csat: { answered: 224, satisfied: 138 },
			nps: { answered: 212, promoters: 71, detractors: 70 }
		});
		expect(total['perceived.rate']).toBeCloseTo(161 / 236, 12);
		expect(total['perceived.kappa']).toBeCloseTo(0.385659067602745, 12);
		expect(total['csat.rate']).toBeCloseTo(138 / 224, 12);
		expect(total['nps.score']).toBeCloseTo(1 / 212, 12);
	});

	it('counts only first contacts of eligible demands, and reads scores as the import does', async () => {
		// A: a first contact answered, then a repeat with answers (not counted). B: pending (not
		// counted). C: odd scores, read as unanswered except "4,0" and "10.0".
		const csv = [
			'customer_id,timestamp,channel,motive,survey_resolved,csat,nps',
			'A,2026-03-01 09:00:00,phone,BILL,false,2,6',
			'A,2026-03-02 09:00:00,phone,BILL,true,5,10',
			'C,2026-03-03 09:00:00,chat,BILL,true,"4,0",10.0',
			'C,2026-03-12 09:00:00,chat,DELIV,,4.5,11',
			'C,2026-03-20 09:00:00,email,MOVE,,x,-1',
			'B,2026-03-30 09:00:00,phone,BILL,true,5,9'
		].join('\n');
		const file = join(mkdtempSync(join(tmpdir(), 'parcours-sql-')), 'scores.csv');
		writeFileSync(file, csv);
		const { table, warnings } = await ingestContacts(new TextEncoder().encode(csv));
		expect(warnings).toMatchObject({ 'bad-csat': 2, 'bad-nps': 2 });
		const settings = resolveSettings({ observationEnd: Date.UTC(2026, 2, 31), coldFlowDelays: {} });
		const engine = analyze(table, settings);
		expect(engine).toMatchObject({
			eligible: 4,
			perceived: { answered: 2, resolvedPerceived: 1, agreement: { bothResolved: 1, neither: 1 } },
			csat: { answered: 2, satisfied: 1 },
			nps: { answered: 2, promoters: 1, detractors: 1, score: 0 }
		});
		// The source `parcours sql FILE` prints for this file: scores read as text.
		const source = csvSource(file, new Set(csv.split('\n')[0].split(',')));
		const missingColumns = optionalColumnsBut('channel', 'motive', 'survey_resolved', 'csat', 'nps');
		const [row] = await sqlRows(renderSql(settings, { source, missingColumns }));
		expectSameSurveys(surveysOf(row), engine, 'scores');
		expect(row['perceived.kappa']).toBe(1);
	});
});

describe('renderSql against analyze', () => {
	it('gives the same figures and survey figures on random logs, in total and by every dimension', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(rowArbitrary, { maxLength: 30 }),
				settingsArbitrary,
				fc.option(fc.constantFrom(...DIMENSIONS), { nil: undefined }),
				periodArbitrary,
				async (rows, settings, by, period) => {
					const result = analyze(fromRows(rows), settings, { by: by ? [by] : [], period });
					const sqlRows = await figuresFromSql(rows, settings, by, period);
					if (!by) {
						expect(sqlRows).toHaveLength(1);
						expectSameFigures(sqlRows[0], result, 'total');
						expectSameSurveys(surveysOf(sqlRows[0]), result, 'total');
						return;
					}
					const expected = result.by[by] ?? {};
					expect(sqlRows.map((row) => row.key)).toEqual(Object.keys(expected).sort());
					for (const row of sqlRows) {
						expectSameFigures(row, expected[row.key!], `${by}=${row.key}`);
						expectSameSurveys(surveysOf(row), expected[row.key!], `${by}=${row.key}`);
					}
					expectSurveyTotals(sqlRows, result, by);
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
					const result = analyze(fromRows(busy), settings);
					expectSameFigures(row, result, 'total');
					expectSameSurveys(surveysOf(row), result, 'total');
				}
			),
			{ numRuns: 25 }
		);
	}, 60_000);
});

describe('renderOmnichannelSql against omnichannel', () => {
	it('gives the same sessions, web → contact (in total, per page, per exit page), bounce, FIR and self-care success on random logs', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(rowArbitrary, { maxLength: 25 }),
				webLogArbitrary,
				settingsArbitrary,
				horizonArbitrary,
				async (rows, webRows, settings, horizon) => {
					const expected = omnichannel(fromRows(rows), webFromRows(webRows), settings, { horizon });
					const contacts = await load(rows);
					const web = await loadWeb(webRows);
					const options = { contacts, web, horizon, contactInputOrder: 'row_id', webInputOrder: 'row_id' };
					const [total] = await sqlRows(renderOmnichannelSql(settings, options));
					const { byPage, byExitPage, ...totals } = expected;
					expectSameLeaves(total, totals, 'total', 12);
					for (const [by, rates] of [['page', byPage], ['exitPage', byExitPage]] as const) {
						const pageRows = await sqlRows(renderOmnichannelSql(settings, { ...options, by }));
						expect(pageRows.map((row) => row.key), by).toEqual(Object.keys(rates).sort());
						for (const row of pageRows) expectSameLeaves(row, rates[row.key!], `${by}=${row.key}`, 12);
					}
					await connection.run(`DROP TABLE ${contacts}; DROP TABLE ${web}`);
				}
			),
			{ numRuns: 120 }
		);
	}, 60_000);

	it('counts a web → contact, a bounce and a self-care success by hand', async () => {
		const at = (hours: number) => START + hours * HOUR;
		const rows: ContactRow[] = [
			{ customer_id: 'A', timestamp: at(2), channel: 'phone', motive: 'BILL' },
			{ customer_id: 'B', timestamp: at(30), channel: 'phone', motive: 'BILL' }
		];
		const webRows: WebRow[] = [
			{ customer_id: 'A', timestamp: at(1), page: '/bill' },
			{ customer_id: 'A', timestamp: at(3), page: '/home' },
			{ customer_id: 'C', timestamp: at(5), page: '/home' }
		];
		const settings = resolveSettings({ window: { kind: 'duration', ms: DAY }, observationEnd: at(24 * 5) });
		const [row] = await sqlRows(
			renderOmnichannelSql(settings, { contacts: await load(rows), web: await loadWeb(webRows), contactInputOrder: 'row_id', webInputOrder: 'row_id' })
		);
		// A's first session is followed by the call an hour later, which bounces to A's second
		// session; C's lone session is a self-care success; B's call is resolved at first contact.
		expect(row).toMatchObject({
			sessions: 3,
			'webToContact.count': 1,
			'bounceToSelfCare.count': 1,
			'bounceToSelfCare.total': 2,
			'fir.chains': 3,
			'fir.resolvedFirst': 2,
			'fir.startedOnWeb': 2,
			'fir.selfCareSuccesses': 1
		});
		expect(row['webToContact.rate']).toBeCloseTo(1 / 3, 12);
	});
});
