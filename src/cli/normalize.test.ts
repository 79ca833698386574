import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { xlsxWorkbook } from '../../tests/fixtures/xlsx';
import { pseudonymiser } from '../lib/analysis/pseudonymise';
import { main } from './main';

const WORKED_EXAMPLE = join(import.meta.dirname, '../../tests/fixtures/worked-example.csv');
const dir = mkdtempSync(join(tmpdir(), 'parcours-normalize-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
	let stdout = '';
	let stderr = '';
	const code = await main(argv, {
		stdout: (text) => (stdout += text),
		stderr: (text) => (stderr += text)
	});
	return { code, stdout, stderr };
}

let files = 0;
function file(name: string, content: string | Uint8Array): string {
	const path = join(dir, `${files++}-${name}`);
	writeFileSync(path, content);
	return path;
}
const outDir = (name: string) => join(dir, `${files++}-${name}`);
const read = (path: string) => readFileSync(path, 'utf8');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read the JSON the CLI prints field by field
async function normalize(input: string, ...more: string[]): Promise<{ out: string; json: Record<string, any> }> {
	const out = outDir('out');
	const result = await run('normalize', input, '--out', out, '--format', 'json', ...more);
	expect(result.code, result.stderr).toBe(0);
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed JSON report
	return { out, json: JSON.parse(result.stdout) as Record<string, any> };
}

async function analyzeJson(path: string, ...settings: string[]): Promise<unknown> {
	const result = await run('analyze', path, '--format', 'json', ...settings);
	expect(result.code, result.stderr).toBe(0);
	return JSON.parse(result.stdout);
}

/** Runs `use` on a fresh in-memory DuckDB connection, closed afterwards. */
async function inDuckDb(use: (connection: DuckDBConnection) => Promise<void>): Promise<void> {
	const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
	try {
		const connection = await instance.connect();
		try {
			await use(connection);
		} finally {
			connection.closeSync();
		}
	} finally {
		instance.closeSync();
	}
}

/** The SQL `parcours <argv>` prints, run in DuckDB, gives `figures` (what analyze printed). */
async function expectSqlFigures(connection: DuckDBConnection, figures: Record<string, unknown>, ...argv: string[]): Promise<void> {
	const sql = await run(...argv);
	expect(sql.code, sql.stderr).toBe(0);
	const [row] = (await connection.runAndReadAll(sql.stdout)).getRowObjectsJS();
	for (const key of ['contacts', 'repeatContacts', 'demands', 'pending', 'eligible', 'resolvedFirst']) {
		expect(Number(row[key]), key).toBe(figures[key]);
	}
	for (const key of ['fcr', 'fcrExclComplex', 'repeatRate', 'contactsPerDemand']) {
		expect(row[key] as number, key).toBeCloseTo(figures[key] as number, 12);
	}
}

/**
 * The worked example as a French CRM exports it: `;`, CRLF, Windows-1252, French headers in
 * another order, dd/mm/yyyy hh:mm, French channel names, Oui/Non, Entrant, padded cells.
 */
function frenchTwin(canonical: string): Buffer {
	const channel: Record<string, string> = { phone: 'Téléphone', chat: 'Tchat', email: 'Courriel' };
	const yesNo = (v: string) => (v === 'true' ? 'Oui' : v === 'false' ? 'Non' : '');
	const date = (iso: string) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}` : '');
	const [header, ...rows] = canonical.trim().split(/\r?\n/);
	const names = header.split(',');
	const lines = rows.map((line) => {
		const cells = line.split(',');
		const c = (name: string) => cells[names.indexOf(name)];
		return [
			`  ${c('customer_id')}`,
			date(c('timestamp')),
			`${c('motive')} `,
			channel[c('channel')],
			'Entrant',
			c('agent'),
			c('team'),
			c('segment'),
			yesNo(c('transferred')),
			yesNo(c('callback')),
			yesNo(c('resolved')),
			date(c('handled_at')),
			yesNo(c('survey_resolved')),
			c('csat'),
			c('nps'),
			c('contact_id')
		].join(';');
	});
	const frenchHeader =
		'N° client;Date du contact;Motif de contact;Canal;Sens;Conseiller;Équipe;Segment client;Transféré;Rappel;Résolu;' +
		'Date de réponse;Résolu selon client;Satisfaction;Recommandation;N° ticket';
	// Every character here is in Latin-1, where Windows-1252 agrees: é is one byte, 0xE9.
	return Buffer.from([frenchHeader, ...lines].join('\r\n') + '\r\n', 'latin1');
}

describe('parcours normalize', () => {
	it('has its help, and is listed in the commands', async () => {
		const help = await run('normalize', '--help');
		expect(help.code).toBe(0);
		expect(help.stdout).toMatch(/^Usage: parcours normalize <contacts> \[--web <web>\] --out DIR/);
		expect((await run('help', 'normalize')).stdout).toBe(help.stdout);
		expect((await run('--help')).stdout).toMatch(/normalize <contacts>/);
		expect((await run('normalize', WORKED_EXAMPLE)).stderr).toMatch(/missing --out DIR/i);
	});

	it('writes the worked example in the canonical form', async () => {
		const { out, json } = await normalize(WORKED_EXAMPLE);
		const lines = read(join(out, 'contacts.csv')).split('\n');
		expect(lines[0]).toBe(
			'customer_id,timestamp,channel,motive,direction,agent,team,segment,transferred,callback,resolved,handled_at,survey_resolved,csat,nps,contact_id'
		);
		expect(lines[3]).toBe('B,2026-03-02T11:00:00,phone,BILL,inbound,,,,true,,,,,,,b1');
		expect(lines[5]).toBe('C,2026-03-05T08:00:00,email,BILL,inbound,,,,,,,2026-03-05T08:30:00,,,,c1');
		expect(lines).toHaveLength(13);
		expect(lines[12]).toBe('');
		expect(json.contacts).toMatchObject({ rowsRead: 11, rowsWritten: 11, rejected: { count: 0 }, missingColumns: [] });
		expect(read(join(out, 'rejected.csv'))).toBe('file,line,reason,column,value\n');
	});

	it('writes a French Windows-1252 export and its English twin to the same bytes', async () => {
		const french = file('export-francais.csv', frenchTwin(read(WORKED_EXAMPLE)));
		expect(readFileSync(french).includes(Buffer.from([0x54, 0xe9, 0x6c]))).toBe(true); // "Tél"
		const [a, b] = [await normalize(WORKED_EXAMPLE), await normalize(french)];
		expect(b.json.contacts).toMatchObject({ encoding: 'windows-1252', delimiter: ';', dateFormat: 'dmy' });
		expect(read(join(b.out, 'contacts.csv'))).toBe(read(join(a.out, 'contacts.csv')));
	});

	it('reads an Excel workbook as the app does', async () => {
		const [header, ...rows] = read(WORKED_EXAMPLE).trim().split('\n').map((line) => line.split(','));
		const book = file('contacts.xlsx', xlsxWorkbook('Contacts', [header, ...rows]));
		const [a, b] = [await normalize(WORKED_EXAMPLE), await normalize(book)];
		expect(b.json.contacts.format).toBe('xlsx');
		expect(read(join(b.out, 'contacts.csv'))).toBe(read(join(a.out, 'contacts.csv')));
	});

	it('lists every rejected row with its line, reason, column and value, and sums them up', async () => {
		const input = file(
			'bad.csv',
			'customer_id,timestamp,motive,channel\n' +
				'A,2026-03-01 09:00:00,BILL,Tél\n' +
				',2026-03-01 10:00:00,BILL,phone\n' +
				'B,"not, a date",bill,Fax\n' +
				'\n' +
				'C,2026-03-02 09:00:00.250,bill ,phone\n'
		);
		const out = outDir('bad');
		const result = await run('normalize', input, '--out', out);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/4 rows read, 2 written to .*contacts\.csv, 2 rejected \(missing-customer 1, bad-timestamp 1\)/);
		expect(result.stderr).toMatch(/left out: direction, agent, team, segment, transferred/);
		expect(read(join(out, 'rejected.csv'))).toBe(
			'file,line,reason,column,value\n' +
				`${input},3,missing-customer,customer_id,\n` +
				`${input},4,bad-timestamp,timestamp,"not, a date"\n`
		);
		// One spelling per motive code (the first met), milliseconds only when not zero.
		expect(read(join(out, 'contacts.csv'))).toBe(
			'customer_id,timestamp,channel,motive\nA,2026-03-01T09:00:00,phone,BILL\nC,2026-03-02T09:00:00.250,phone,BILL\n'
		);
	});

	it('writes rejected values a spreadsheet would run as formulas as quoted text, and the canonical logs as read', async () => {
		const input = file(
			'formulas.csv',
			'customer_id,timestamp,motive,channel\n' +
				'-42,2026-03-01 09:00:00,=BILL,phone\n' +
				'B,"=HYPERLINK(""http://x"",""y"")",BILL,phone\n' +
				'C,@SUM(A1),BILL,phone\n'
		);
		const out = outDir('formulas');
		expect((await run('normalize', input, '--out', out)).code).toBe(0);
		expect(read(join(out, 'rejected.csv')).split('\n').slice(1)).toEqual([
			`${input},3,bad-timestamp,timestamp,"'=HYPERLINK(""http://x"",""y"")"`,
			`${input},4,bad-timestamp,timestamp,"'@SUM(A1)"`,
			''
		]);
		// The canonical log is data for DuckDB, PostgreSQL and parcours: values stay as written.
		expect(read(join(out, 'contacts.csv'))).toBe('customer_id,timestamp,channel,motive\n-42,2026-03-01T09:00:00,phone,=BILL\n');
	});

	it('says when every day is 12 or less and dd/mm was taken, for the contacts and the web log', async () => {
		const contacts = file('ambigu.csv', 'Client;Date;Motif\nA;03/04/2026 09:00;BILL\nB;05/06/2026 10:00;BILL\n');
		const web = file('web-ambigu.csv', 'Client;Horodatage;URL\nA;02/03/2026 08:55;/facture\n');
		const { out, json } = await normalize(contacts, '--web', web);
		expect(read(join(out, 'contacts.csv'))).toContain('A,2026-04-03T09:00:00,');
		expect(json.contacts.warnings).toEqual([expect.objectContaining({ field: 'timestamp', readAs: 'dmy', rows: 2 })]);
		expect(json.web.warnings).toEqual([expect.objectContaining({ field: 'timestamp', readAs: 'dmy', rows: 1 })]);
		const plain = await run('normalize', contacts, '--out', outDir('ambigu'));
		expect(plain.stderr).toMatch(/Warning: timestamp of ".*ambigu\.csv": every day is 12 or less/);
	});

	it('normalises a web log beside the contacts', async () => {
		const web = file('web.csv', 'Client;Horodatage;URL\nA;01/03/2026 08:55;/facture\n;01/03/2026 08:56;/x\n');
		const { out, json } = await normalize(WORKED_EXAMPLE, '--web', web);
		expect(read(join(out, 'web.csv'))).toBe('customer_id,timestamp,page,session_id\nA,2026-03-01T08:55:00,/facture,\n');
		expect(json.web).toMatchObject({ rowsRead: 2, rowsWritten: 1, missingColumns: ['session_id'] });
		expect(read(join(out, 'rejected.csv'))).toContain(`${web},3,missing-customer`);
	});

	it('refuses to replace output files unless --force, and leaves nothing behind when a log cannot be read', async () => {
		const { out } = await normalize(WORKED_EXAMPLE);
		const again = await run('normalize', WORKED_EXAMPLE, '--out', out);
		expect(again.code).toBe(1);
		expect(again.stderr).toMatch(/^parcours: the file ".*contacts\.csv" exists already; add --force to replace it\.\n$/);
		expect((await run('normalize', WORKED_EXAMPLE, '--out', out, '--force')).code).toBe(0);

		const fresh = outDir('failed');
		const bad = file('nocustomer.csv', 'who,timestamp\nA,2026-03-01 09:00:00\n');
		const failed = await run('normalize', WORKED_EXAMPLE, '--web', bad, '--out', fresh);
		expect(failed.code).toBe(1);
		expect(failed.stderr).toMatch(/customer/);
		expect(existsSync(join(fresh, 'contacts.csv'))).toBe(false);
		expect(existsSync(join(fresh, 'rejected.csv'))).toBe(false);
	});

	it('gives analyze the same figures on the normalised log as on the original, for any generated log', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 1_000_000 }),
				fc.integer({ min: 50, max: 1500 }),
				fc.constantFrom('intraday', '48h', '7d'),
				fc.constantFrom('motive', 'any'),
				async (seed, contacts, window, scope) => {
					const original = outDir('generated.csv');
					expect((await run('generate', '--contacts', String(contacts), '--seed', String(seed), '--months', '2', '--out', original)).code).toBe(0);
					const { out } = await normalize(original);
					const settings = ['--window', window, '--scope', scope, '--by', 'channel,motive,agent,team,segment,month'];
					expect(await analyzeJson(join(out, 'contacts.csv'), ...settings)).toEqual(await analyzeJson(original, ...settings));
				}
			),
			{ numRuns: 6 }
		);
	});

	it('gives, through "parcours sql" run in DuckDB, the figures analyze gives', async () => {
		const original = outDir('generated.csv');
		expect((await run('generate', '--contacts', '3000', '--seed', '11', '--months', '3', '--out', original)).code).toBe(0);
		const { out } = await normalize(original);
		const canonical = join(out, 'contacts.csv');
		const settings = ['--window', '7d', '--end', '2026-03-20 23:59:59'];
		const figures = (await analyzeJson(original, ...settings)) as Record<string, unknown>;
		await inDuckDb(async (connection) => {
			await expectSqlFigures(connection, figures, 'sql', canonical, ...settings);
			// DuckDB reads the canonical times as timestamps without zone.
			const [types] = (
				await connection.runAndReadAll(`SELECT typeof(timestamp) AS t FROM read_csv('${canonical.replace(/'/g, "''")}') LIMIT 1`)
			).getRowObjectsJS();
			expect(types.t).toBe('TIMESTAMP');
		});
	});

	it('writes the same rows as Parquet with --parquet, which DuckDB reads with typed columns and "parcours sql" gives analyze\'s figures on', async () => {
		const original = outDir('generated.csv');
		expect((await run('generate', '--contacts', '3000', '--seed', '12', '--months', '3', '--out', original)).code).toBe(0);
		const web = file('web.csv', 'Client;Horodatage;URL\nA;01/03/2026 08:55;/facture\n');
		const { out, json } = await normalize(original, '--web', web, '--parquet');
		expect(json.parquetFiles).toEqual([join(out, 'contacts.parquet'), join(out, 'web.parquet')]);
		const settings = ['--window', '7d', '--end', '2026-03-20 23:59:59'];
		const figures = (await analyzeJson(original, ...settings)) as Record<string, unknown>;
		const parquetPath = join(out, 'contacts.parquet').replace(/'/g, "''");
		await inDuckDb(async (connection) => {
			await expectSqlFigures(connection, figures, 'sql', ...settings, '--source', `read_parquet('${parquetPath}')`);
			// Every value equals the CSV's, with the canonical types.
			const csvPath = join(out, 'contacts.csv').replace(/'/g, "''");
			const [diff] = (
				await connection.runAndReadAll(
					`SELECT (SELECT count(*) FROM (FROM read_parquet('${parquetPath}') EXCEPT ALL FROM read_csv('${csvPath}'))) AS extra,
					        (SELECT count(*) FROM read_parquet('${parquetPath}')) AS rows`
				)
			).getRowObjectsJS();
			expect({ extra: Number(diff.extra), rows: Number(diff.rows) }).toEqual({ extra: 0, rows: 3000 - Number(json.contacts.rejected.count) });
			const [types] = (
				await connection.runAndReadAll(
					`SELECT typeof(timestamp) AS t, typeof(transferred) AS b, typeof(direction) AS d FROM read_parquet('${parquetPath}') LIMIT 1`
				)
			).getRowObjectsJS();
			expect(types).toEqual({ t: 'TIMESTAMP', b: 'BOOLEAN', d: 'VARCHAR' });
			const [page] = (
				await connection.runAndReadAll(`SELECT customer_id, timestamp::VARCHAR AS ts, page, session_id FROM read_parquet('${join(out, 'web.parquet')}')`)
			).getRowObjectsJS();
			expect(page).toEqual({ customer_id: 'A', ts: '2026-03-01 08:55:00', page: '/facture', session_id: null });
		});
	});
});

describe('parcours normalize --pseudonymise', () => {
	const KEY = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
	const shifted = 'customer_id,timestamp,channel\nCUST-7781,2026-03-01 09:00,phone\nCUST-7781,2026-03-02 09:00,phone\n2026-03-02 10:00,CUST-9920,phone\n';

	it('writes the pseudonyms the app gives under the same key, and no customer id in clear', async () => {
		const keyFile = file('key.txt', `${KEY}\n`);
		const { out, json } = await normalize(file('contacts.csv', shifted), '--pseudonymise', '--key-file', keyFile);
		const [expected] = await (await pseudonymiser(KEY))(['CUST-7781']);
		const contacts = read(join(out, 'contacts.csv'));
		expect(contacts.split('\n')[1].split(',')[0]).toBe(expected);
		expect(contacts + read(join(out, 'rejected.csv'))).not.toMatch(/CUST-/);
		// A rejected cell is kept as its shape: enough to see why it was refused.
		expect(read(join(out, 'rejected.csv'))).toContain('AAAA-9999');
		expect(json.contacts.pseudonymised).toBe(true);
	});

	it('without a key file, makes a key for the run: its pseudonyms match no other run', async () => {
		const input = file('contacts.csv', shifted);
		const first = read(join((await normalize(input, '--pseudonymise')).out, 'contacts.csv'));
		const second = read(join((await normalize(input, '--pseudonymise')).out, 'contacts.csv'));
		expect(first).not.toMatch(/CUST-/);
		expect(first.split('\n')[1].split(',')[0]).toMatch(/^[0-9a-f]{16}$/);
		expect(first).not.toBe(second);
	});

	it('refuses a key file that is not a 256-bit key in hex', async () => {
		const result = await run('normalize', file('contacts.csv', shifted), '--out', outDir('out'), '--pseudonymise', '--key-file', file('key.txt', 'secret'));
		expect(result.code).not.toBe(0);
		expect(result.stderr).toMatch(/256 bits/);
	});
});
