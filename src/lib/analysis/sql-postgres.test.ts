/**
 * The PostgreSQL dialect against the engine, on a real server: random logs written in the
 * canonical CSV form, loaded with COPY into the tables the README gives, the figures of every
 * setting, breakdown and period compared with `analyze` and `omnichannel`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKED_EXAMPLE, WORKED_EXAMPLE_SETTINGS } from '../../../tests/fixtures/contacts';
import { postgresBinDir, startPostgres, type Postgres } from '../../../tests/fixtures/postgres';
import {
	canonicalCsv,
	expectSameFigures,
	expectSameLeaves,
	expectSameSurveys,
	expectSurveyTotals,
	horizonArbitrary,
	rowArbitrary,
	periodArbitrary,
	settingsArbitrary,
	START,
	surveysOf,
	webLogArbitrary,
	type Row
} from '../../../tests/fixtures/sql-equivalence';
import { fromRows, type ContactRow } from './from-rows';
import { analyze, DIMENSIONS } from './metrics';
import { omnichannel } from './omnichannel';
import { HOUR, resolveSettings } from './settings';
import {
	CANONICAL_CONTACT_FIELDS,
	CANONICAL_WEB_FIELDS,
	postgresContactsTable,
	postgresCopy,
	postgresWebTable,
	renderOmnichannelSql,
	renderSql
} from './sql';
import { webFromRows, type WebRow } from './web-from-rows';

/** Rates and intervals to 1e-9: PostgreSQL mixes exact numeric constants into the doubles. */
const DIGITS = 9;
const onCi = Boolean(process.env.CI) && process.env.CI !== 'false';
const bin = postgresBinDir();
if (!bin && !onCi) {
	console.warn(
		'Skipping the PostgreSQL equivalence tests: no PostgreSQL binaries (install Debian\'s "postgresql" package).'
	);
}

let server: Postgres;
let client: pg.Client;
let tableNumber = 0;

async function query(sql: string): Promise<Row[]> {
	return (await client.query(sql)).rows as Row[];
}

/** Writes rows as a canonical CSV file and loads it as the README does. */
async function loadCsv(create: string, name: string, fields: readonly string[], csv: string): Promise<void> {
	const file = join(server.dir, `${name}.csv`);
	writeFileSync(file, csv, { mode: 0o644 });
	await client.query(create);
	await client.query(postgresCopy(name, fields, file));
}

async function loadContacts(rows: readonly ContactRow[], fields: readonly string[] = CANONICAL_CONTACT_FIELDS): Promise<string> {
	const name = `contacts_${++tableNumber}`;
	let create = postgresContactsTable(name);
	// A table may leave out optional columns.
	for (const field of CANONICAL_CONTACT_FIELDS) {
		if (!fields.includes(field)) create = create.replace(new RegExp(`\\n  ${field} +[^\\n]*,`), '');
	}
	await loadCsv(create, name, fields, canonicalCsv(rows, fields, ['timestamp', 'handled_at']));
	return name;
}

async function loadWeb(rows: readonly WebRow[]): Promise<string> {
	const name = `web_${++tableNumber}`;
	await loadCsv(postgresWebTable(name), name, CANONICAL_WEB_FIELDS, canonicalCsv(rows, CANONICAL_WEB_FIELDS, ['timestamp']));
	return name;
}

describe.skipIf(!bin && !onCi)('PostgreSQL dialect against the engine', () => {
	beforeAll(async () => {
		const started = await startPostgres();
		if (!started) throw new Error('PostgreSQL binaries not found: install Debian\'s "postgresql" package (CI needs it).');
		server = started;
		client = await server.connect();
	}, 60_000);

	afterAll(async () => {
		await client?.end();
		server?.stop();
	});

	it('loads the canonical CSV with the README\'s table and gives the §7 worked example', async () => {
		const settings = resolveSettings(WORKED_EXAMPLE_SETTINGS);
		const source = await loadContacts(WORKED_EXAMPLE);
		const [row] = await query(renderSql(settings, { dialect: 'postgres', source }));
		expect(row).toMatchObject({ contacts: 11, repeatContacts: 2, demands: 9, pending: 1, eligible: 8, resolvedFirst: 4, fcr: 0.5 });
		const engine = analyze(fromRows(WORKED_EXAMPLE), settings);
		expectSameFigures(row, engine, '§7', DIGITS);
		expectSameSurveys(surveysOf(row), engine, '§7', DIGITS);
	});

	it('reads a table without the optional columns it lacks', async () => {
		const rows: ContactRow[] = [
			{ customer_id: 'A', timestamp: START, channel: 'phone', motive: 'BILL' },
			{ customer_id: 'A', timestamp: START + HOUR, channel: 'phone', motive: 'BILL' },
			{ customer_id: 'B', timestamp: START + 2 * HOUR, motive: 'MOVE' }
		];
		const source = await loadContacts(rows, ['customer_id', 'timestamp', 'channel', 'motive']);
		const settings = resolveSettings({ observationEnd: START + 30 * 24 * HOUR });
		const sql = renderSql(settings, {
			dialect: 'postgres',
			source,
			by: 'channel',
			missingColumns: ['direction', 'agent', 'team', 'segment', 'transferred', 'callback', 'resolved', 'handled_at', 'survey_resolved', 'csat', 'nps']
		});
		const result = analyze(fromRows(rows), settings, { by: ['channel'] });
		const got = await query(sql);
		expect(got.map((row) => row.key)).toEqual(['phone', 'unknown']);
		for (const row of got) expectSameFigures(row, result.by.channel![row.key!], `channel=${row.key}`, DIGITS);
	});

	it('gives the same §4 figures as analyze on random logs, for every setting, breakdown and period', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(rowArbitrary, { maxLength: 30 }),
				settingsArbitrary,
				periodArbitrary,
				async (rows, settings, period) => {
					const source = await loadContacts(rows);
					const result = analyze(fromRows(rows), settings, { by: [...DIMENSIONS], period });
					const [total] = await query(renderSql(settings, { dialect: 'postgres', source, period }));
					expectSameFigures(total, result, 'total', DIGITS);
					expectSameSurveys(surveysOf(total), result, 'total', DIGITS);
					for (const by of DIMENSIONS) {
						const rows = await query(renderSql(settings, { dialect: 'postgres', source, by, period }));
						const expected = result.by[by] ?? {};
						expect(rows.map((row) => row.key), by).toEqual(Object.keys(expected).sort());
						for (const row of rows) {
							expectSameFigures(row, expected[row.key!], `${by}=${row.key}`, DIGITS);
							expectSameSurveys(surveysOf(row), expected[row.key!], `${by}=${row.key}`, DIGITS);
						}
						expectSurveyTotals(rows, result, by);
					}
					await client.query(`DROP TABLE ${source}`);
				}
			),
			{ numRuns: 80 }
		);
	}, 120_000);

	it('gives the same §5 figures as omnichannel on random logs, in total, per page and per exit page', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(rowArbitrary, { maxLength: 25 }),
				webLogArbitrary,
				settingsArbitrary,
				horizonArbitrary,
				async (rows, webRows, settings, horizon) => {
					const expected = omnichannel(fromRows(rows), webFromRows(webRows), settings, { horizon });
					const options = { dialect: 'postgres' as const, contacts: await loadContacts(rows), web: await loadWeb(webRows), horizon };
					const [total] = await query(renderOmnichannelSql(settings, options));
					const { byPage, byExitPage, ...totals } = expected;
					expectSameLeaves(total, totals, 'total', DIGITS);
					for (const [by, rates] of [['page', byPage], ['exitPage', byExitPage]] as const) {
						const pageRows = await query(renderOmnichannelSql(settings, { ...options, by }));
						expect(pageRows.map((row) => row.key), by).toEqual(Object.keys(rates).sort());
						for (const row of pageRows) expectSameLeaves(row, rates[row.key!], `${by}=${row.key}`, DIGITS);
					}
					await client.query(`DROP TABLE ${options.contacts}; DROP TABLE ${options.web}`);
				}
			),
			{ numRuns: 80 }
		);
	}, 120_000);
});
