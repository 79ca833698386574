/**
 * The command line's contract as a shell sees it, on the built command line run as a process:
 * exit codes, what goes to stdout and stderr, a full disk or a closed pipe on stdout, and what a
 * cell may print on a terminal. Built here into a temporary folder, so it tests this source.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'tests/fixtures');
const dir = mkdtempSync(join(tmpdir(), 'parcours-contract-'));
const CLI = join(dir, 'cli', 'parcours.js');

beforeAll(() => {
	execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.cli.config.ts', '--outDir', join(dir, 'cli')], {
		cwd: ROOT,
		stdio: 'ignore'
	});
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(name: string, content: string): string {
	const path = join(dir, `${files++}-${name}`);
	writeFileSync(path, content);
	return path;
}

function cli(args: readonly string[], stdout: 'pipe' | number = 'pipe') {
	const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', stdout, 'pipe'], maxBuffer: 64 << 20 });
	return { code: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr };
}

/** Non-zero exit, nothing on stdout, one sentence on stderr, no stack trace. */
function expectOneSentence(result: ReturnType<typeof cli>, pattern: RegExp) {
	expect(result.code).not.toBe(0);
	expect(result.stdout).toBe('');
	const lines = result.stderr.trimEnd().split('\n');
	expect(lines, result.stderr).toHaveLength(1);
	expect(lines[0]).toMatch(/^parcours: .+\.$/);
	expect(lines[0]).toMatch(pattern);
	expect(result.stderr).not.toMatch(/\n\s+at /);
}

const ALL_REJECTED = 'customer_id,timestamp,motive\n,2026-03-01 09:00:00,BILL\nB,not a date,BILL\nC,32/13/2026,BILL\n';

describe('a file whose every row is rejected', () => {
	it('makes analyze exit non-zero with one sentence naming the file, in both formats', () => {
		const path = file('all-rejected.csv', ALL_REJECTED);
		for (const format of ['table', 'json']) {
			const result = cli(['analyze', path, '--format', format]);
			expect(result.code).toBe(1);
			expectOneSentence(result, /every row of ".*all-rejected\.csv" was rejected \(3 rows: .*bad timestamp.*\), e\.g\. lines 2, 3, 4/i);
		}
	});

	it('makes overlay exit non-zero', () => {
		const path = file('all-rejected-overlay.csv', ALL_REJECTED);
		const args = ['--journey', join(FIXTURES, 'overlay-journey.json'), '--rules', join(FIXTURES, 'overlay-rules.json')];
		expectOneSentence(cli(['overlay', path, ...args]), /every row of ".*all-rejected-overlay\.csv" was rejected/i);
		const web = file('all-rejected-web.csv', 'customer_id,timestamp,page\n,2026-03-01 09:00:00,/x\n');
		expectOneSentence(cli(['overlay', join(FIXTURES, 'overlay-contacts.csv'), '--web', web, ...args]), /every row of ".*all-rejected-web\.csv" was rejected/i);
	});

	it('makes anticipate exit non-zero, for the contacts or the events', () => {
		const path = file('all-rejected-anticipate.csv', ALL_REJECTED);
		const events = file('events.csv', 'customer_id,timestamp,event\nA,2026-03-01 08:00:00,bill\n');
		const contacts = join(FIXTURES, 'overlay-contacts.csv');
		const first = cli(['anticipate', path, '--events', events]);
		expect(first.code).toBe(1);
		expectOneSentence(first, /every row of ".*all-rejected-anticipate\.csv" was rejected/i);
		const rejectedEvents = file('all-rejected-events.csv', 'customer_id,timestamp,event\n,2026-03-01 09:00:00,bill\n');
		expectOneSentence(cli(['anticipate', contacts, '--events', rejectedEvents]), /every row of ".*all-rejected-events\.csv" was rejected/i);
		expect(cli(['anticipate', contacts, '--events', events, '--format', 'json']).code).toBe(0);
	});

	it('makes normalize exit non-zero after writing the rejected rows, saying where they are', () => {
		const path = file('all-rejected-normalize.csv', ALL_REJECTED);
		const out = join(dir, 'normalized-all-rejected');
		const result = cli(['normalize', path, '--out', out]);
		expect(result.code).toBe(1);
		expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(
			/^parcours: every row of ".*all-rejected-normalize\.csv" was rejected \(3 rows.*\); they are listed in ".*rejected\.csv"\.$/
		);
		expect(readFileSync(join(out, 'rejected.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(4);
	});
});

describe('stdout that cannot be written', () => {
	it.skipIf(!existsSync('/dev/full'))('exits non-zero with a sentence when the disk is full', () => {
		const full = openSync('/dev/full', 'w');
		try {
			for (const args of [['analyze', join(FIXTURES, 'worked-example.csv')], ['analyze', join(FIXTURES, 'worked-example.csv'), '--format', 'json'], ['--help']]) {
				const result = cli(args, full);
				expect(result.code, args.join(' ')).not.toBe(0);
				expect(result.stderr).toMatch(/^parcours: cannot write the output: the disk is full\.\n$/);
			}
		} finally {
			closeSync(full);
		}
	});

	it('stops quietly, without a stack trace, when the reader closes the pipe (| head)', async () => {
		const rows = ['customer_id,timestamp,motive'];
		for (let i = 0; i < 40_000; i++) rows.push(`C${i},2026-03-01 09:00:00,CODE-${i}`);
		const path = file('many-codes.csv', rows.join('\n'));
		const child = spawn(process.execPath, [CLI, 'analyze', path, '--by', 'code'], { stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (chunk) => (stderr += chunk));
		await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
		child.stdout.destroy();
		const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
		expect(stderr).toBe('');
		expect(code).toBe(0);
	});
});

describe('terminal control characters in cells', () => {
	const ESC = '\x1b';
	const hostile = [
		'customer_id,timestamp,motive,channel,agent',
		`A,2026-03-01 09:00:00,${ESC}[2J${ESC}[31mRED,phone,\u009b31mC1`,
		`B,2026-03-01 10:00:00,BILL,${ESC}]0;title\x07,bell\x07\u202eevil`,
		`C,2026-03-01 11:00:00,"TWO\nLINES\tTAB",phone,x`
	].join('\n');

	it('are shown as visible escapes in tables and warnings, never sent to the terminal', () => {
		const path = file('controls.csv', hostile);
		const result = cli(['analyze', path, '--by', 'code,agent,channel']);
		expect(result.code).toBe(0);
		for (const output of [result.stdout, result.stderr]) {
			expect(output).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
		}
		expect(result.stdout).toContain('\\x1b[2J\\x1b[31mRED');
		expect(result.stdout).toContain('\\x9b31mC1');
		expect(result.stdout).toContain('bell\\x07\\u202eevil');
		expect(result.stdout).toContain('TWO\\nLINES\\tTAB');
		// The unknown channel's warning names it the same way.
		expect(result.stderr).toContain('channel "\\x1b]0;title\\x07"');
	});

	it('are escaped by JSON, C1 controls included, and read back as they were', () => {
		const path = file('controls-json.csv', hostile);
		const result = cli(['analyze', path, '--by', 'agent', '--format', 'json']);
		expect(result.code).toBe(0);
		expect(result.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]/);
		expect(Object.keys(JSON.parse(result.stdout).by.agent)).toContain('\u009b31mC1');
	});

	it('are escaped in overlay tables', () => {
		const contacts = file('controls-overlay.csv', `customer_id,timestamp,channel,motive\nA,2026-03-01 09:00:00,phone,${ESC}[2JWIPE\n`);
		const result = cli(['overlay', contacts, '--journey', join(FIXTURES, 'overlay-journey.json'), '--rules', join(FIXTURES, 'overlay-rules.json')]);
		expect(result.code).toBe(0);
		expect(result.stdout).not.toContain(ESC);
		expect(result.stdout).toContain('motive \\x1b[2JWIPE: 1');
	});
});

describe('cell warnings', () => {
	const path = () =>
		file('cells.csv', 'customer_id,timestamp,motive,transferred,csat\nA,2026-03-01 09:00:00,BILL,peut-être,9\nB,2026-03-01 10:00:00,BILL,non,4\n');

	it('are in analyze JSON as the table gives them', () => {
		const csv = path();
		const table = cli(['analyze', csv]);
		expect(table.stdout).toContain('Cells read as empty: 1 bad boolean, 1 bad csat.');
		const json = JSON.parse(cli(['analyze', csv, '--format', 'json']).stdout);
		expect(json.cellWarnings).toEqual({ 'bad-boolean': 1, 'bad-csat': 1 });
		expect(JSON.parse(cli(['analyze', join(FIXTURES, 'worked-example.csv'), '--format', 'json']).stdout).cellWarnings).toEqual({});
	});

	it('are in overlay JSON and table alike', () => {
		const csv = path();
		const args = ['--journey', join(FIXTURES, 'overlay-journey.json'), '--rules', join(FIXTURES, 'overlay-rules.json')];
		expect(cli(['overlay', csv, ...args]).stdout).toContain('Cells read as empty: 1 bad boolean, 1 bad csat.');
		const json = JSON.parse(cli(['overlay', csv, ...args, '--format', 'json']).stdout);
		expect(json.cellWarnings).toEqual({ 'bad-boolean': 1, 'bad-csat': 1 });
	});
});

describe('parcours generate refuses impossible sizes and dates', () => {
	const out = () => join(dir, `${files++}-generated.csv`);
	const refusals: [string[], RegExp][] = [
		[['--contacts', '-5'], /--contacts "-5".*whole number of at least 1/],
		[['--contacts', '0'], /--contacts "0".*at least 1/],
		[['--contacts', '2.5'], /--contacts "2\.5".*whole number/],
		[['--contacts', 'NaN'], /--contacts "NaN"/],
		[['--contacts', ''], /--contacts ""/],
		[['--contacts', '1e3'], /--contacts "1e3"/],
		[['--contacts', '0x10'], /--contacts "0x10"/],
		[['--contacts', 'Infinity'], /--contacts "Infinity"/],
		[['--contacts', '99999999999999999999'], /--contacts "99999999999999999999".*at most 1,000,000,000/],
		[['--contacts', '10', '--customers', '0'], /--customers "0".*at least 1/],
		[['--contacts', '10', '--customers', '1.5'], /--customers "1\.5"/],
		[['--contacts', '10', '--customers', '11'], /--customers "11".*at most the number of contacts \(10\)/],
		[['--contacts', '10', '--seed', '-1'], /--seed "-1"/],
		[['--contacts', '10', '--seed', '4294967296'], /--seed "4294967296".*at most 4,294,967,295/],
		[['--contacts', '10', '--months', '0'], /--months "0"/],
		[['--contacts', '10', '--months', '-2'], /--months "-2"/],
		[['--contacts', '10', '--months', 'NaN'], /--months "NaN"/],
		[['--contacts', '10', '--months', '1000'], /--months "1000".*at most 120/],
		[['--contacts', '10', '--start', '2026-02-30'], /--start "2026-02-30".*no such day/],
		[['--contacts', '10', '--start', '2026-13-01'], /--start "2026-13-01".*no such day/],
		[['--contacts', '10', '--start', '0000-01-01'], /--start "0000-01-01".*from 1900 to 2100/],
		[['--contacts', '10', '--start', '9999-12-31'], /--start "9999-12-31".*from 1900 to 2100/],
		[['--contacts', '10', '--start', 'tomorrow'], /--start "tomorrow".*2026-01-01/]
	];
	for (const [args, pattern] of refusals) {
		it(`refuses ${args.join(' ')} with a sentence naming the option`, () => {
			const path = out();
			const result = cli(['generate', ...args, '--out', path]);
			expect(result.code).toBe(2);
			expectOneSentence(result, pattern);
			expect(existsSync(path)).toBe(false);
		});
	}

	it('still writes a leap day and a small file', () => {
		const path = out();
		const result = cli(['generate', '--contacts', '5', '--start', '2028-02-29', '--customers', '5', '--out', path]);
		expect(result.code, result.stderr).toBe(0);
		expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toHaveLength(6);
	});
});
