import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { wilson } from '../lib/analysis/stats';
import { catalogueSettings } from '../lib/analysis/dashboard-settings';
import { analyze as analyzeTable, type Dimension } from '../lib/analysis/metrics';
import { catalogueToCsv } from '../lib/domain/catalogue-csv';
import { motive, text, theme } from '../lib/domain/test-factories';
import { table as contactTable, WORKED_EXAMPLE as WORKED_EXAMPLE_ROWS, WORKED_EXAMPLE_SETTINGS } from '../../tests/fixtures/contacts';
import { main } from './main';

const WORKED_EXAMPLE = join(import.meta.dirname, '../../tests/fixtures/worked-example.csv');
const dir = mkdtempSync(join(tmpdir(), 'parcours-cli-'));
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

function file(name: string, content: string | Uint8Array): string {
	const path = join(dir, name);
	writeFileSync(path, content);
	return path;
}

const FIGURE_KEYS = [
	'contacts',
	'repeatContacts',
	'demands',
	'pending',
	'eligible',
	'resolvedFirst',
	'fcr',
	'fcrExclComplex',
	'repeatRate',
	'contactsPerDemand',
	'fcrCi95',
	'perceived',
	'csat',
	'nps'
];

/** The failure contract: non-zero exit, one sentence on stderr, nothing on stdout, no stack. */
function expectOneSentence(result: { code: number; stdout: string; stderr: string }, pattern: RegExp) {
	expect(result.code).not.toBe(0);
	expect(result.stdout).toBe('');
	const lines = result.stderr.trimEnd().split('\n');
	expect(lines).toHaveLength(1);
	expect(lines[0]).toMatch(/^parcours: .+\.$/);
	expect(lines[0]).toMatch(pattern);
	expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('parcours analyze', () => {
	it('reads channel names through the synonym table by default, as the import wizard does', async () => {
		// The worked example as a French export names its channels: c2's e-mail, answered after
		// 3 h, fails the 1 h cold-flow rule only when "Courriel" is read as email.
		const french = readFileSync(WORKED_EXAMPLE, 'utf8')
			.replaceAll(',phone,', ',Téléphone,')
			.replaceAll(',email,', ',Courriel,')
			.replaceAll(',chat,', ',Tchat,');
		const path = file('worked-example-fr-channels.csv', french);
		const plain = await run('analyze', path, '--format', 'json');
		const canonical = JSON.parse((await run('analyze', WORKED_EXAMPLE, '--format', 'json')).stdout);
		expect(plain.stderr).toBe('');
		expect(JSON.parse(plain.stdout)).toEqual(canonical);
		expect(canonical.fcr).toBe(0.5);
		// The option that used to turn this on is still accepted, and changes nothing.
		const old = await run('analyze', path, '--format', 'json', '--map-channels');
		expect(JSON.parse(old.stdout)).toEqual(canonical);
	});

	it('never reads a canonical channel as another one: postal mail stays mail', async () => {
		const path = file(
			'mail-and-email.csv',
			[
				'customer_id,timestamp,channel,motive,handled_at',
				'A,2026-03-01 09:00:00,mail,BILL,2026-03-03 09:00:00',
				'B,2026-03-01 09:00:00,email,BILL,2026-03-03 09:00:00',
				'C,2026-03-01 09:00:00,Courrier,BILL,2026-03-03 09:00:00'
			].join('\n')
		);
		const { stdout, stderr } = await run('analyze', path, '--format', 'json', '--by', 'channel', '--end', '2026-03-31 23:59:59');
		expect(stderr).toBe('');
		const json = JSON.parse(stdout);
		expect(Object.keys(json.by.channel).sort()).toEqual(['email', 'mail']);
		expect(json.by.channel.mail.contacts).toBe(2);
		// A letter has no answer delay by default; an e-mail answered after two days is not resolved at once.
		expect(json.by.channel.mail.fcr).toBe(1);
		expect(json.by.channel.email.fcr).toBe(0);
		expect(json.warnings).toEqual([]);
	});

	it('warns on stderr and in JSON about channel, direction and yes/no values it does not know', async () => {
		const rows = ['customer_id,timestamp,channel,direction,transferred'];
		for (let i = 0; i < 12; i++) rows.push(`F${i},2026-03-01 09:00:00,Fax,inbound,non`);
		rows.push('A,2026-03-02 09:00:00,Tél,Sideways,non', 'B,2026-03-02 10:00:00,phone,Entrée,peut-être');
		const path = file('unknown-values.csv', rows.join('\n'));
		const table = await run('analyze', path);
		expect(table.code).toBe(0);
		// The row A (direction "Sideways") is rejected, reason `direction`: 13 contacts left.
		expect(table.stdout).toContain("14 rows read, 1 rejected (1 direction), e.g. line 14.");
		expect(table.stderr.trimEnd().split('\n')).toEqual([
			'Warning: channel "Fax": 12 rows kept as "fax".',
			'Warning: direction "Sideways": 1 row rejected (a direction must be inbound or outbound: in/entrant/entrée/e, out/sortant/sortie/s).',
			'Warning: transferred "peut-être": 1 row read as unknown.'
		]);
		const { stdout } = await run('analyze', path, '--format', 'json');
		expect(JSON.parse(stdout).warnings).toEqual([
			{ field: 'channel', value: 'Fax', rows: 12, readAs: 'fax', message: 'channel "Fax": 12 rows kept as "fax"' },
			{
				field: 'direction',
				value: 'Sideways',
				rows: 1,
				readAs: 'rejected',
				message: 'direction "Sideways": 1 row rejected (a direction must be inbound or outbound: in/entrant/entrée/e, out/sortant/sortie/s)'
			},
			{ field: 'transferred', value: 'peut-être', rows: 1, readAs: 'unknown', message: 'transferred "peut-être": 1 row read as unknown' }
		]);
	});

	it('reads a true/false "inbound" column as the direction: false is a reply of the company', async () => {
		const path = file(
			'inbound-flag.csv',
			['tweet_id,author_id,inbound,created_at', '1,115712,True,2026-03-01 09:00:00', '2,brand,False,2026-03-01 09:05:00', '3,115712,True,2026-03-02 09:00:00'].join('\n')
		);
		const { stdout, stderr } = await run('analyze', path, '--format', 'json', '--end', '2026-03-31 23:59:59');
		expect(stderr).toBe('');
		const json = JSON.parse(stdout);
		expect(json.contacts).toBe(2);
		expect(json.repeatContacts).toBe(1);
	});

	it('prints exactly the documented keys in JSON', async () => {
		const { code, stdout, stderr } = await run('analyze', WORKED_EXAMPLE, '--format', 'json', '--by', 'channel');
		expect(stderr).toBe('');
		expect(code).toBe(0);
		const json = JSON.parse(stdout);
		expect(Object.keys(json)).toEqual([...FIGURE_KEYS, 'rejected', 'by', 'cellWarnings', 'warnings']);
		expect(Object.keys(json.rejected)).toEqual(['count', 'byReason', 'sample']);
		expect(Object.keys(json.by)).toEqual(['channel']);
		for (const figures of Object.values(json.by.channel)) {
			expect(Object.keys(figures as object)).toEqual(FIGURE_KEYS);
		}
	});

	it('prints perceived FCR, CSAT and NPS in total and per key, null where nobody answered', async () => {
		// A, B, C resolved at first contact; D's e-mail has no handled_at, so it fails the cold-flow
		// rule. B's answer disagrees with the verdict; D answered nothing.
		const path = file(
			'surveys.csv',
			[
				'customer_id,timestamp,channel,motive,survey_resolved,csat,nps',
				'A,2026-03-01 09:00:00,phone,BILL,true,5,10',
				'B,2026-03-01 10:00:00,phone,BILL,false,2,3',
				'C,2026-03-02 09:00:00,chat,BILL,true,4,',
				'D,2026-03-03 09:00:00,email,BILL,,,'
			].join('\n') + '\n'
		);
		const { code, stdout } = await run(
			'analyze',
			path,
			'--end',
			'2026-03-31 23:59:59',
			'--by',
			'channel',
			'--format',
			'json'
		);
		expect(code).toBe(0);
		const json = JSON.parse(stdout);
		expect(json.resolvedFirst).toBe(3);
		// Agreement 2 both, 1 internal only: po = 2/3 = pe, kappa 0.
		expect(json.perceived).toEqual({
			answered: 3,
			resolvedPerceived: 2,
			rate: 2 / 3,
			ci95: wilson(2, 3),
			agreement: { bothResolved: 2, internalOnly: 1, perceivedOnly: 0, neither: 0 },
			kappa: 0
		});
		expect(json.csat).toEqual({ answered: 3, satisfied: 2, rate: 2 / 3, ci95: wilson(2, 3) });
		expect(json.nps).toEqual({ answered: 2, promoters: 1, detractors: 1, score: 0 });
		const { phone, chat, email } = json.by.channel;
		expect(phone.perceived).toMatchObject({
			answered: 2,
			resolvedPerceived: 1,
			rate: 0.5,
			agreement: { bothResolved: 1, internalOnly: 1, perceivedOnly: 0, neither: 0 }
		});
		expect(phone.csat).toEqual({ answered: 2, satisfied: 1, rate: 0.5, ci95: wilson(1, 2) });
		expect(phone.nps).toEqual({ answered: 2, promoters: 1, detractors: 1, score: 0 });
		// Everyone agrees on chat: chance agreement is 1, kappa undefined.
		expect(chat.perceived).toMatchObject({ answered: 1, resolvedPerceived: 1, kappa: null });
		expect(chat.csat).toMatchObject({ answered: 1, satisfied: 1 });
		expect(chat.nps).toBeNull();
		expect(email).toMatchObject({ demands: 1, perceived: null, csat: null, nps: null });
	});

	it('gives the worked example of METRICS.md §7', async () => {
		const { stdout } = await run(
			'analyze',
			WORKED_EXAMPLE,
			'--complex',
			'MOVE',
			'--end',
			'2026-03-31 23:59:59',
			'--format',
			'json'
		);
		const json = JSON.parse(stdout);
		expect(json.contacts).toBe(11);
		expect(json.demands).toBe(9);
		expect(json.pending).toBe(1);
		expect(json.eligible).toBe(8);
		expect(json.resolvedFirst).toBe(4);
		expect(json.fcr).toBeCloseTo(0.5, 12);
		expect(json.fcrExclComplex).toBeCloseTo(3 / 7, 12);
		expect(json.repeatContacts).toBe(2);
		expect(json.repeatRate).toBeCloseTo(2 / 11, 12);
		expect(json.contactsPerDemand).toBeCloseTo(1.25, 12);
		expect(json.fcrCi95[0]).toBeLessThan(0.5);
		expect(json.fcrCi95[1]).toBeGreaterThan(0.5);
		expect(json.rejected.count).toBe(0);
	});

	it('gives 2/6 with scope any', async () => {
		const { stdout } = await run('analyze', WORKED_EXAMPLE, '--scope', 'any', '--format=json');
		const json = JSON.parse(stdout);
		expect(json.demands).toBe(7);
		expect(json.eligible).toBe(6);
		expect(json.resolvedFirst).toBe(2);
		expect(json.fcr).toBeCloseTo(2 / 6, 12);
	});

	it('reads categories and complex motives from a catalogue', async () => {
		const catalogue = file(
			'motives.csv',
			'motive;category;complex\nBILL;Billing;non\nDELIV;Billing;non\nMOVE;Moves;oui\n'
		);
		const { stdout, code } = await run('analyze', WORKED_EXAMPLE, '--catalogue', catalogue, '--scope', 'category', '--format', 'json');
		expect(code).toBe(0);
		const json = JSON.parse(stdout);
		// BILL and DELIV share a category: c1/c2 and e1/e2/e3 chain as with scope any.
		expect(json.demands).toBe(7);
		expect(json.fcrExclComplex).toBeCloseTo(1 / 5, 12);
	});

	it('groups the codes a catalogue names alike in one motive row, codes and themes apart', async () => {
		const catalogue = file(
			'named-motives.csv',
			'motive;name;category\nBILL;Facture et livraison;Billing\nDELIV;Facture et livraison;Billing\nMOVE;Déménagement;Moves\n'
		);
		const { stdout, code } = await run('analyze', WORKED_EXAMPLE, '--catalogue', catalogue, '--end', '2026-03-31 23:59:59', '--by', 'motive,code,theme', '--format', 'json');
		expect(code).toBe(0);
		const by = JSON.parse(stdout).by;
		// Chains still follow the code (scope motive): the motive's row is the sum of BILL's and DELIV's.
		const sum = (field: string) => by.code.BILL[field] + by.code.DELIV[field];
		for (const field of ['contacts', 'repeatContacts', 'demands', 'eligible', 'resolvedFirst']) {
			expect(by.motive['Facture et livraison'][field], field).toBe(sum(field));
		}
		expect(by.motive['Facture et livraison']).toMatchObject({ contacts: 10, demands: 8, eligible: 7, resolvedFirst: 3 });
		expect(Object.keys(by.motive).sort()).toEqual(['Déménagement', 'Facture et livraison']);
		expect(by.theme.Billing.demands).toBe(8);
	});

	it('applies cold-flow delays, transfers and breakdowns as asked', async () => {
		const lenient = JSON.parse(
			(await run('analyze', WORKED_EXAMPLE, '--cold', 'email=4h', '--transfer-is-failure', 'no', '--format', 'json')).stdout
		);
		// c2 (answered after 3h) and b1 (transferred) now count as resolved.
		expect(lenient.resolvedFirst).toBe(6);
		const byMotive = JSON.parse((await run('analyze', WORKED_EXAMPLE, '--by', 'motive', '--format', 'json')).stdout).by
			.motive;
		expect(byMotive.BILL.demands).toBe(5);
		expect(byMotive.DELIV.resolvedFirst).toBe(2);
	});

	it('prints a table for people, with the settings and every breakdown', async () => {
		const { code, stdout } = await run('analyze', WORKED_EXAMPLE, '--complex', 'MOVE', '--by', 'channel,motive');
		expect(code).toBe(0);
		expect(stdout).toMatch(/Window 7d · scope motive/);
		expect(stdout).toMatch(/FCR\s+50\.0 %\s+4 \/ 8\s+21\.5–78\.5 %/);
		expect(stdout).toMatch(/FCR excl\. complex\s+42\.9 %\s+3 \/ 7/);
		expect(stdout).toMatch(/By channel\n\s+channel\s+contacts/);
		expect(stdout).toMatch(/By motive/);
		expect(stdout).toMatch(/11 rows read, none rejected\./);
	});

	it('reports its timings on stderr when asked, leaving stdout to the figures', async () => {
		const { code, stdout, stderr } = await run('analyze', WORKED_EXAMPLE, '--format', 'json', '--timings');
		expect(code).toBe(0);
		expect(JSON.parse(stdout).contacts).toBe(11);
		expect(stderr).toMatch(/^Timings: read [\d.]+ s \(11 rows\), analyse [\d.]+ s, print [\d.]+ s, peak memory \d+ MiB\.\n$/);
	});

	it('counts rejected rows and names a few of them', async () => {
		const path = file(
			'some-bad.csv',
			'customer_id,timestamp,motive\nA,2026-03-01 09:00:00,BILL\n,2026-03-01 10:00:00,BILL\nB,not a date,BILL\nC,2026-03-02 09:00:00,BILL\n'
		);
		const json = JSON.parse((await run('analyze', path, '--format', 'json')).stdout);
		expect(json.contacts).toBe(2);
		expect(json.rejected.count).toBe(2);
		expect(json.rejected.sample.map((s: { row: number }) => s.row)).toEqual([3, 4]);
		const table = (await run('analyze', path)).stdout;
		expect(table).toMatch(/4 rows read, 2 rejected \(.+\), e\.g\. lines 3, 4\./);
	});

	const unusable: [string, () => string, RegExp][] = [
		['a missing file', () => join(dir, 'missing.csv'), /cannot read ".*missing\.csv": no such file\./],
		['a directory', () => dir, /it is a directory/],
		['an empty file', () => file('empty.csv', ''), /empty/],
		['a header without rows', () => file('header.csv', 'customer_id,timestamp\n'), /no data rows/],
		['no customer column', () => file('nocust.csv', 'who,timestamp\nA,2026-03-01 09:00:00\n'), /customer/],
		['no timestamp column', () => file('notime.csv', 'customer_id,motive\nA,BILL\n'), /timestamp|date/],
		['two columns of one name', () => file('dup.csv', 'customer_id,timestamp,Customer_ID\nA,2026-03-01 09:00:00,B\n'), /same name: "Customer_ID"/],
		['a header whose quote is never closed', () => file('quote.csv', 'customer_id,"timestamp\nA,2026-03-01 09:00:00\n'), /quote .* line 1 is never closed/],
		['one giant line', () => file('giant.csv', 'customer_id,timestamp' + ',x'.repeat(200_000)), /no data rows/],
		[
			'an Excel workbook',
			() => file('book.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0, 8, 0, 0, 0, 0x21, 0, 0, 0])),
			/excel|text/i
		]
	];
	for (const [what, path, pattern] of unusable) {
		it(`refuses ${what} with one sentence and a non-zero code`, async () => {
			expectOneSentence(await run('analyze', path(), '--format', 'json'), pattern);
		});
	}

	const badOptions: [string, string[], RegExp][] = [
		['an unknown scope', ['--scope', 'customer'], /--scope "customer"/],
		['a bad window', ['--window', '7x'], /--window "7x"/],
		['a bad end', ['--end', 'yesterday'], /--end "yesterday"/],
		['a bad format', ['--format', 'xml'], /--format "xml"/],
		['an unknown dimension', ['--by', 'colour'], /--by "colour"/],
		['an unknown option', ['--windw', '7d'], /unknown option "--windw"/],
		['a bad transfer setting', ['--transfer-is-failure', 'maybe'], /--transfer-is-failure/],
		['a bad cost', ['--cost', 'phone'], /--cost/],
		['a missing value', ['--window'], /--window needs a value/],
		['a missing catalogue', ['--catalogue', join(dir, 'nope.csv')], /no such file/],
		['an end in year 25, not read as 1925 or 2025', ['--end', '0025-03-31'], /--end "0025-03-31".*year 25.*--years/],
		['an end outside --years', ['--end', '2026-03-31', '--years', '1990-2020'], /--end "2026-03-31".*--years/],
		['a bad year range', ['--years', '2100-1990'], /--years "2100-1990"/],
		['a year range that is not one', ['--years', 'recent'], /--years "recent"/]
	];
	for (const [what, options, pattern] of badOptions) {
		it(`refuses ${what} with one sentence and a non-zero code`, async () => {
			expectOneSentence(await run('analyze', WORKED_EXAMPLE, ...options), pattern);
		});
	}

	it('reports a line whose quote is never closed as rejected and reads the lines after it', async () => {
		const rows = Array.from({ length: 2000 }, (_, i) => `C${i % 300},2026-03-01 09:${String(i % 60).padStart(2, '0')},phone,${i === 4 ? '"' : ''}BILL\n`);
		const path = file('stray-quote.csv', 'customer_id,timestamp,channel,motive\n' + rows.join(''));
		const { stdout, code } = await run('analyze', path);
		expect(code).toBe(0);
		expect(stdout).toMatch(/2,000 rows read, 1 rejected \(1 unterminated quote\), e\.g\. line 6\./);
	});

	it('rejects rows dated outside --years (default 1990-2100) with their own reason, so 9999-12-31 is not the observation end', async () => {
		const path = file('placeholder.csv', 'customer_id,timestamp,channel\nA,2026-03-01 09:00,phone\nB,9999-12-31,phone\nC,2026-03-02 09:00,phone\n');
		const { stdout, code } = await run('analyze', path, '--format', 'json');
		expect(code).toBe(0);
		const result = JSON.parse(stdout);
		expect(result.rejected).toMatchObject({ count: 1, byReason: { 'year-out-of-range': 1 } });
		expect(result.rejected.sample[0]).toMatchObject({ row: 3, reason: 'year-out-of-range', column: 'timestamp' });
		const table = await run('analyze', path);
		expect(table.stdout).toMatch(/1 year out of range/);
		const wide = JSON.parse((await run('analyze', path, '--format', 'json', '--years', '1990-9999')).stdout);
		expect(wide.rejected.count).toBe(0);
	});

	it('reads times written with a zone on the wall clock of --tz, and refuses a zone it does not know', async () => {
		// 22:30Z on 30 June is 00:30 on 1 July in Paris; 23:30Z is 01:30. With intraday, A's two
		// contacts (23:30 on 30 June and 00:30 on 1 July in Paris, written on one UTC date) are two demands.
		const zoned = file(
			'zoned.csv',
			'customer_id,timestamp,channel\nA,2026-06-30T21:30:00Z,phone\nA,2026-06-30T22:30:00Z,phone\nB,2026-06-30 23:30,phone\n'
		);
		const paris = JSON.parse((await run('analyze', zoned, '--tz', 'Europe/Paris', '--window', 'intraday', '--by', 'month', '--format=json')).stdout);
		expect(paris.demands).toBe(3);
		expect(Object.fromEntries(Object.entries(paris.by.month).map(([k, v]) => [k, (v as { contacts: number }).contacts]))).toEqual({
			'2026-06': 2,
			'2026-07': 1
		});
		const utc = JSON.parse((await run('analyze', zoned, '--tz', 'UTC', '--window', 'intraday', '--by', 'month', '--format=json')).stdout);
		expect(utc.demands).toBe(2);
		expect(Object.keys(utc.by.month)).toEqual(['2026-06']);
		const bad = await run('analyze', zoned, '--tz', 'Europe/Pariss');
		expect(bad.code).toBe(2);
		expect(bad.stdout).toBe('');
		expect(bad.stderr).toBe('parcours: invalid --tz "Europe/Pariss": expected an IANA time zone name such as Europe/Paris, America/New_York or UTC.\n');
	});

	it('asks for the file when none is given', async () => {
		expectOneSentence(await run('analyze'), /missing the contact file/);
	});
});

describe('parcours', () => {
	it('refuses an unknown command', async () => {
		expectOneSentence(await run('analyse-it'), /unknown command "analyse-it"/);
	});

	it('prints its version', async () => {
		const { code, stdout } = await run('--version');
		expect(code).toBe(0);
		expect(stdout).toMatch(/^parcours \d+\.\d+\.\d+\n$/);
	});

	it('prints help for itself and each command', async () => {
		for (const argv of [[], ['--help'], ['analyze', '--help'], ['generate', '-h'], ['sql', '--help'], ['help', 'sql']]) {
			const { code, stdout, stderr } = await run(...argv);
			expect(code).toBe(0);
			expect(stderr).toBe('');
			expect(stdout).toMatch(/^Usage: parcours/);
		}
	});
});

describe('parcours generate', () => {
	it('writes the same CSV for the same seed, which analyze reads without rejections', async () => {
		const a = join(dir, 'a.csv');
		const b = join(dir, 'b.csv');
		const web = join(dir, 'web.csv');
		expect((await run('generate', '--contacts', '2000', '--seed', '3', '--out', a, '--web', web)).code).toBe(0);
		expect((await run('generate', '-n', '2000', '-s', '3', '-o', b)).code).toBe(0);
		const text = readFileSync(a, 'utf8');
		expect(text).toBe(readFileSync(b, 'utf8'));
		expect(text.split('\n')[0]).toBe(
			'contact_id,customer_id,timestamp,channel,motive,direction,agent,team,segment,transferred,callback,resolved,handled_at,survey_resolved,csat,nps'
		);
		expect(text.trimEnd().split('\n')).toHaveLength(2001);
		expect(readFileSync(web, 'utf8').split('\n')[0]).toBe('customer_id,timestamp,page,session_id');
		const json = JSON.parse((await run('analyze', a, '--format', 'json')).stdout);
		expect(json.rejected.count).toBe(0);
		expect(json.contacts).toBeGreaterThan(1800);
		expect(json.fcr).toBeGreaterThan(0.4);
	});

	it('refuses a bad count or a missing output', async () => {
		expectOneSentence(await run('generate', '--contacts', 'many', '--out', join(dir, 'x.csv')), /--contacts "many"/);
		expectOneSentence(await run('generate', '--contacts', '10'), /missing --out/);
		expectOneSentence(await run('generate', '--contacts', '10', '--out', join(dir, 'no/such/dir.csv')), /cannot write/);
	});
});

describe('parcours sql', () => {
	it('prints the DuckDB rendering for the settings and source given', async () => {
		const { code, stdout } = await run('sql', '--window', '48h', '--by', 'channel', '--source', "read_csv('f.csv')");
		expect(code).toBe(0);
		expect(stdout).toMatch(/read_csv\('f\.csv'\)/);
		expect(stdout).toMatch(/select/i);
		expect(stdout.trimEnd().endsWith(';')).toBe(true);
	});

	it('prints SQL that DuckDB runs to the worked example figures, from the CSV file itself', async () => {
		const { code, stdout } = await run('sql', WORKED_EXAMPLE, '--complex', 'MOVE', '--end', '2026-03-31 23:59:59');
		expect(code).toBe(0);
		const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
		try {
			const connection = await instance.connect();
			const [row] = (await connection.runAndReadAll(stdout)).getRowObjectsJS();
			expect(Number(row.demands)).toBe(9);
			expect(Number(row.eligible)).toBe(8);
			expect(row.fcr).toBeCloseTo(0.5, 12);
			expect(row.fcrExclComplex).toBeCloseTo(3 / 7, 12);
			expect(row.repeatRate).toBeCloseTo(2 / 11, 12);
			expect(row.contactsPerDemand).toBeCloseTo(1.25, 12);
			connection.closeSync();
		} finally {
			instance.closeSync();
		}
	});

	it('reads a CSV file lacking optional columns as empty ones, with no survey figures', async () => {
		// The worked example without its last four columns (handled_at and the surveys): c1 and c2,
		// e-mails with no answer time, are then not resolved at first contact.
		const lines = readFileSync(WORKED_EXAMPLE, 'utf8').trimEnd().split('\n');
		const short = file('short.csv', lines.map((line) => line.split(',').slice(0, -4).join(',') + '\n').join(''));
		const { code, stdout } = await run('sql', short, '--by', 'channel', '--end', '2026-03-31 23:59:59');
		expect(code).toBe(0);
		expect(stdout).toMatch(/NULL::BOOLEAN AS survey_resolved/);
		const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
		try {
			const connection = await instance.connect();
			const rows = (await connection.runAndReadAll(stdout)).getRowObjectsJS();
			const email = rows.find((row) => row.key === 'email');
			expect(Number(email?.demands)).toBe(2);
			expect(Number(email?.resolvedFirst)).toBe(0);
			for (const row of rows) {
				for (const column of ['perceived.answered', 'perceived.rate', 'csat.rate', 'nps.score']) {
					expect(row[column], `${row.key} ${column}`).toBeNull();
				}
			}
			connection.closeSync();
		} finally {
			instance.closeSync();
		}
	});

	it('takes one dimension only', async () => {
		expectOneSentence(await run('sql', '--by', 'channel,motive'), /one dimension/);
	});

	it('refuses a file not in the canonical form in one sentence, printing no SQL', async () => {
		const french = join(import.meta.dirname, '../../tests/fixtures/data-french-export.csv');
		for (const [path, pattern] of [
			[french, /no customer_id or timestamp column.*parcours normalize/],
			[file('ddmm.csv', 'customer_id,timestamp,channel\nA,01/03/2026 09:00,phone\n'), /line 2, column timestamp: "01\/03\/2026 09:00".*parcours normalize/],
			[file('oui.csv', 'customer_id,timestamp,resolved\nA,2026-03-01T09:00:00,Oui\n'), /column resolved: "Oui", where true, false or nothing/],
			[file('zone.csv', 'customer_id,timestamp\nA,2026-03-01T09:00:00Z\n'), /ISO time without zone/]
		] as const) {
			const result = await run('sql', path);
			expectOneSentence(result, pattern);
			expect(result.code).not.toBe(0);
			expect(result.stdout).toBe('');
		}
		expectOneSentence(await run('sql', WORKED_EXAMPLE, '--dialect', 'postgres'), /reads tables, not files/);
		expectOneSentence(await run('sql', '--dialect', 'oracle'), /--dialect "oracle"/);
		expectOneSentence(await run('sql', '--absent', 'mood'), /--absent column "mood"/);
	});

	it('prints the PostgreSQL rendering over a table, with the columns it lacks read as empty', async () => {
		const { code, stdout } = await run('sql', '--dialect', 'postgres', '--by', 'week', '--absent', 'csat,nps');
		expect(code).toBe(0);
		expect(stdout).toMatch(/FROM contacts\b/);
		expect(stdout).toMatch(/to_char\(wall_time, 'IYYY-"W"IW'\)/);
		expect(stdout).toMatch(/input_order AS source_order/);
		expect(stdout).toMatch(/NULL::INTEGER AS csat/);
		expect(stdout).not.toMatch(/epoch_ms|strftime|try_cast/);
	});

	it('prints the §5 figures for a web log, which DuckDB runs to the engine\'s', async () => {
		const contacts = join(import.meta.dirname, '../../tests/fixtures/parity-contacts.csv');
		const web = join(import.meta.dirname, '../../tests/fixtures/parity-web.csv');
		const { code, stdout } = await run('sql', contacts, '--web', web, '--horizon', '48h', '--window', '3d');
		expect(code).toBe(0);
		const { ingestContacts, ingestWeb } = await import('../lib/analysis/ingest');
		const { omnichannel } = await import('../lib/analysis/omnichannel');
		const expected = omnichannel(
			(await ingestContacts(readFileSync(contacts))).table,
			(await ingestWeb(readFileSync(web))).table,
			{ window: { kind: 'duration', ms: 3 * 86_400_000 } },
			{ horizon: 48 * 3_600_000 }
		);
		expect(expected.sessions).toBeGreaterThan(100);
		const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
		try {
			const connection = await instance.connect();
			const [row] = (await connection.runAndReadAll(stdout)).getRowObjectsJS();
			expect(Number(row.sessions)).toBe(expected.sessions);
			expect(Number(row['webToContact.count'])).toBe(expected.webToContact.count);
			expect(Number(row['bounceToSelfCare.count'])).toBe(expected.bounceToSelfCare.count);
			expect(Number(row['bounceToSelfCare.total'])).toBe(expected.bounceToSelfCare.total);
			expect(Number(row['fir.eligible'])).toBe(expected.fir.eligible);
			expect(Number(row['fir.resolvedFirst'])).toBe(expected.fir.resolvedFirst);
			expect(Number(row['fir.selfCareSuccesses'])).toBe(expected.fir.selfCareSuccesses);
			const pages = (await connection.runAndReadAll((await run('sql', contacts, '--web', web, '--by', 'exit-page')).stdout)).getRowObjectsJS();
			expect(pages.length).toBeGreaterThan(1);
			connection.closeSync();
		} finally {
			instance.closeSync();
		}
		expectOneSentence(await run('sql', '--web-source', 'w', '--by', 'motive'), /expected page or exit-page/);
	});
});

describe('contract v2 rules in the command line', () => {
	const json = async (...argv: string[]) => {
		const result = await run('analyze', ...argv, '--format', 'json');
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		return JSON.parse(result.stdout) as Record<string, unknown> & { by: Record<string, Record<string, Record<string, unknown>>> };
	};

	it('--end: a date is the end of that day, a time to the minute the end of that minute (METRICS.md §2)', async () => {
		// End of 03-20: demands after 03-13 23:59:59.999 are pending (b2 03-20, d2 03-28); eligible
		// a1 b1 c1 c2 d1 e1 e2 = 7, resolved c1 d1 e2 = 3. Contacts after the end still count: 11, repeats 2.
		expect(await json(WORKED_EXAMPLE, '--end', '2026-03-20')).toMatchObject({
			contacts: 11,
			repeatContacts: 2,
			demands: 9,
			pending: 2,
			eligible: 7,
			resolvedFirst: 3
		});
		// d1 (03-06 14:00) needs the end at 03-13 14:00 or later. 13:59 → 13:59:59.999: d1 pending,
		// eligible a1 b1 c1 (1 resolved); 14:00 → 14:00:59.999: d1 eligible and resolved, 2 of 4.
		expect(await json(WORKED_EXAMPLE, '--end', '2026-03-13 13:59')).toMatchObject({ eligible: 3, resolvedFirst: 1 });
		expect(await json(WORKED_EXAMPLE, '--end', '2026-03-13 14:00')).toMatchObject({ eligible: 4, resolvedFirst: 2 });
	});

	it('--from and --to keep the demands that start on those days, as the Analysis page\'s period', async () => {
		const args = ['--complex', 'MOVE', '--end', '2026-03-31 23:59:59'];
		const period = { from: Date.UTC(2026, 2, 5), to: Date.UTC(2026, 2, 11) };
		const expected = analyzeTable(contactTable(...WORKED_EXAMPLE_ROWS), WORKED_EXAMPLE_SETTINGS, { period });
		const figures = await json(WORKED_EXAMPLE, ...args, '--from', '2026-03-05', '--to', '2026-03-10');
		expect(figures).toMatchObject({ demands: expected.demands, eligible: expected.eligible, resolvedFirst: expected.resolvedFirst, contacts: expected.contacts });
		expect(expected.demands).toBeLessThan(9);
		expect((await json(WORKED_EXAMPLE, ...args, '--from', '2026-03-05')).demands).toBe(
			analyzeTable(contactTable(...WORKED_EXAMPLE_ROWS), WORKED_EXAMPLE_SETTINGS, { period: { from: period.from } }).demands
		);
		expectOneSentence(await run('analyze', WORKED_EXAMPLE, '--from', '05/03/2026'), /invalid --from "05\/03\/2026": expected a day such as 2026-01-31/);
		expectOneSentence(await run('analyze', WORKED_EXAMPLE, '--from', '2026-03-10', '--to', '2026-03-05'), /--from 2026-03-10 is after --to 2026-03-05/);
	});

	it('--complex and the catalogue compare motive codes case-insensitively (METRICS.md §1)', async () => {
		// MOVE (d1, resolved) left out: 3/7 resolved, as in §7.
		expect(await json(WORKED_EXAMPLE, '--complex', 'move')).toMatchObject({ fcrExclComplex: 3 / 7 });
		const path = file('mixed-case.csv', ['customer_id,timestamp,motive', 'A,2026-03-01 09:00,BILL', 'A,2026-03-03 09:00,bill', 'B,2026-03-02 09:00, Bill '].join('\n'));
		// One motive BILL: A's second contact repeats the first (2 days); demands A, B.
		const result = await json(path, '--by', 'motive', '--end', '2026-03-31');
		expect(result).toMatchObject({ contacts: 3, demands: 2, repeatContacts: 1 });
		expect(Object.keys(result.by.motive)).toEqual(['BILL']);
	});

	it('--cold sets one channel and leaves the others at their defaults (METRICS.md §2)', async () => {
		// Each answered 90 minutes after receipt: email (2h) resolved, web_form (default 1h) not,
		// mail (default none) resolved without an answer time.
		const path = file(
			'cold.csv',
			[
				'customer_id,timestamp,channel,handled_at',
				'A,2026-03-01 09:00,email,2026-03-01 10:30',
				'B,2026-03-01 09:00,web_form,2026-03-01 10:30',
				'C,2026-03-01 09:00,mail,'
			].join('\n')
		);
		const result = await json(path, '--cold', 'email=2h', '--by', 'channel', '--end', '2026-03-31');
		expect(result.by.channel.email).toMatchObject({ eligible: 1, resolvedFirst: 1 });
		expect(result.by.channel.web_form).toMatchObject({ eligible: 1, resolvedFirst: 0 });
		expect(result.by.channel.mail).toMatchObject({ eligible: 1, resolvedFirst: 1 });
	});
});

describe('dates in the command line (METRICS.md §1)', () => {
	// Every day ≤ 12: 03/04 is 3 April read dd/mm, 4 March read mm/dd.
	const ambiguous = ['customer_id,timestamp', 'A,03/04/2026 09:00', 'A,05/04/2026 09:00', 'B,01/02/2026 10:00'].join('\n');
	const message =
		'timestamp: every day is 12 or less, so dd/mm cannot be told from mm/dd; read as dd/mm (give --date-format mdy for mm/dd)';

	it('takes dd/mm when every day is 12 or less, and says so on stderr and in JSON', async () => {
		const path = file('ambiguous-dates.csv', ambiguous);
		const table = await run('analyze', path, '--end', '2026-12-31');
		expect(table.code).toBe(0);
		expect(table.stderr).toBe(`Warning: ${message}.\n`);
		const { stdout } = await run('analyze', path, '--format', 'json', '--end', '2026-12-31');
		const json = JSON.parse(stdout);
		expect(json.warnings).toEqual([{ field: 'timestamp', value: 'dd/mm or mm/dd', rows: 3, readAs: 'dmy', message }]);
		// dd/mm: A on 3 and 5 April, 2 days apart → one demand with a repeat; B alone.
		expect(json).toMatchObject({ contacts: 3, demands: 2, repeatContacts: 1 });
	});

	it('--date-format mdy reads mm/dd, without a warning', async () => {
		const path = file('ambiguous-dates-mdy.csv', ambiguous);
		const { stdout, stderr, code } = await run('analyze', path, '--format', 'json', '--end', '2026-12-31', '--date-format', 'mdy');
		expect(code).toBe(0);
		expect(stderr).toBe('');
		const json = JSON.parse(stdout);
		// mm/dd: A on 4 March and 4 May, two months apart → two demands, no repeat.
		expect(json).toMatchObject({ contacts: 3, demands: 3, repeatContacts: 0, warnings: [] });
	});

	it('names the option and the forms it accepts for a bad --date-format', async () => {
		const path = file('ambiguous-dates-bad.csv', ambiguous);
		const result = await run('analyze', path, '--date-format', 'dd/mm');
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('invalid --date-format "dd/mm": expected one of iso, ymd, dmy, mdy, excel-serial, twitter.');
	});
});

describe('--catalogue reads the catalogue the app exports', () => {
	// Facturation › Contestation holds "Question de facture" (codes bill — lower case — and FAC-02);
	// Logistique holds "Livraison" (DELIV); Vie du contrat holds "Déménagement" (MOVE, complex).
	const themes = [
		theme({ id: 't-fact', label: text('Billing', 'Facturation'), order: 1 }),
		theme({ id: 't-contest', parentId: 't-fact', label: text('Disputes', 'Contestation'), order: 1 }),
		theme({ id: 't-log', label: text('Logistics', 'Logistique'), order: 2 }),
		theme({ id: 't-vie', label: text('Contract', 'Vie du contrat'), order: 3 })
	];
	const motives = [
		motive({ id: 'm-bill', themeId: 't-contest', label: text('Bill question', 'Question de facture'), crmCodes: ['bill', 'FAC-02'] }),
		motive({ id: 'm-deliv', themeId: 't-log', label: text('Delivery', 'Livraison'), crmCodes: ['DELIV'] }),
		motive({ id: 'm-move', themeId: 't-vie', label: text('Moving', 'Déménagement'), crmCodes: ['MOVE'], complex: true })
	];
	const themeLabel = new Map(themes.map((t) => [t.id, t.label.fr]));
	const motiveLabel = new Map(motives.map((m) => [m.id, m.label.fr]));
	const FIELDS = ['contacts', 'repeatContacts', 'demands', 'pending', 'eligible', 'resolvedFirst', 'fcr', 'fcrExclComplex'] as const;
	const pick = (figures: Record<string, unknown>) => Object.fromEntries(FIELDS.map((f) => [f, figures[f]]));

	it('gives the figures the app gives with catalogueSettings on the worked example (scope category)', async () => {
		const path = file('catalogue-export-fr.csv', catalogueToCsv(themes, motives, 'fr'));
		const by: Dimension[] = ['category', 'theme', 'motive'];
		const result = await run('analyze', WORKED_EXAMPLE, '--catalogue', path, '--scope', 'category', '--end', '2026-03-31 23:59:59', '--by', by.join(','), '--format', 'json');
		expect(result.stderr).toBe('');
		const cli = JSON.parse(result.stdout);
		// By hand: Contestation = BILL: demands a1 b1 c1 d2 e1, d2 pending, resolved c1 → 1/4; 7 contacts, 2 repeats.
		// Logistique = DELIV: b2 c2 e2, resolved b2 e2 → 2/3. Vie du contrat = MOVE: d1 resolved, complex.
		// Total 4/8; excl. complex 3/7.
		expect(cli).toMatchObject({ demands: 9, eligible: 8, resolvedFirst: 4, fcr: 0.5, fcrExclComplex: 3 / 7 });
		expect(pick(cli.by.category.Contestation)).toMatchObject({ contacts: 7, repeatContacts: 2, demands: 5, pending: 1, eligible: 4, resolvedFirst: 1 });
		expect(pick(cli.by.category.Logistique)).toMatchObject({ demands: 3, eligible: 3, resolvedFirst: 2 });
		expect(Object.keys(cli.by.theme).sort()).toEqual(['Facturation', 'Logistique', 'Vie du contrat']);
		expect(Object.keys(cli.by.motive).sort()).toEqual(['Déménagement', 'Livraison', 'Question de facture']);

		// The app: the same catalogue through catalogueSettings, keys are ids shown by their labels.
		const app = analyzeTable(
			contactTable(...WORKED_EXAMPLE_ROWS),
			{ ...WORKED_EXAMPLE_SETTINGS, ...catalogueSettings(motives, themes), scope: 'category' },
			{ by }
		);
		expect(pick(cli)).toEqual(pick(app as unknown as Record<string, unknown>));
		for (const dimension of by) {
			const name = (key: string) => (dimension === 'motive' ? motiveLabel.get(key) : themeLabel.get(key)) ?? key;
			const appBy = Object.fromEntries(
				Object.entries(app.by[dimension] ?? {}).map(([key, figures]) => [name(key), pick(figures as unknown as Record<string, unknown>)])
			);
			const cliBy = Object.fromEntries(Object.entries(cli.by[dimension] as Record<string, Record<string, unknown>>).map(([key, f]) => [key, pick(f)]));
			expect(cliBy).toEqual(appBy);
		}
	});

	it('still reads the simple form motive,category,complex,name', async () => {
		const path = file('catalogue-simple.csv', ['motive,category,complex,name', 'bill,Billing,no,Bill', 'MOVE,Contract,yes,Moving'].join('\n'));
		const cli = JSON.parse((await run('analyze', WORKED_EXAMPLE, '--catalogue', path, '--end', '2026-03-31 23:59:59', '--by', 'category', '--format', 'json')).stdout);
		expect(cli).toMatchObject({ fcr: 0.5, fcrExclComplex: 3 / 7 });
		expect(Object.keys(cli.by.category).sort()).toEqual(['Billing', 'Contract', 'DELIV']);
	});

	it('names the row and column of a bad cell in an exported catalogue', async () => {
		const path = file('catalogue-bad.csv', ['theme;sub_theme;motive_fr;motive_en;codes;complex', 'Billing;;Bill;Bill;BILL;perhaps'].join('\n'));
		const result = await run('analyze', WORKED_EXAMPLE, '--catalogue', path);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('on row 2, column "complex": not yes no ("perhaps")');
	});

	it('refuses a catalogue whose quote is never closed, naming its line', async () => {
		const path = file('catalogue-quote.csv', ['theme;motive_fr;codes', 'Billing;Bill;BILL', 'Moving;"Move;MOVE', 'Other;Other;OTH'].join('\n'));
		const result = await run('analyze', WORKED_EXAMPLE, '--catalogue', path);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/cannot read the catalogue ".*catalogue-quote\.csv": a quote \("\) opened on line 3 is never closed/i);
	});
});
