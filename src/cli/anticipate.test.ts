import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main';

const dir = mkdtempSync(join(tmpdir(), 'parcours-anticipate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
	let stdout = '';
	let stderr = '';
	const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
	return { code, stdout, stderr };
}

function file(name: string, content: string): string {
	const path = join(dir, name);
	writeFileSync(path, content);
	return path;
}

function expectOneSentence(result: { code: number; stdout: string; stderr: string }, pattern: RegExp) {
	expect(result.code).not.toBe(0);
	expect(result.stdout).toBe('');
	const lines = result.stderr.trimEnd().split('\n');
	expect(lines).toHaveLength(1);
	expect(lines[0]).toMatch(/^parcours: .+\.$/);
	expect(lines[0]).toMatch(pattern);
}

// The worked log of anticipate.test.ts (H = 2 days), in French headers.
const CONTACTS = file(
	'contacts.csv',
	[
		'N° client;Date;Canal;Motif;Sens',
		'A;2026-03-02 00:00;email;BILL;entrant',
		'A;2026-03-04 00:00;téléphone;BILL;entrant',
		'A;2026-03-21 00:00;téléphone;OTHER;entrant',
		'A;2026-03-22 00:00;téléphone;OTHER;entrant',
		'B;2026-03-11 12:00;téléphone;DELIVERY;entrant',
		'C;2026-03-01 00:00;téléphone;OTHER;sortant',
		'C;2026-03-31 00:00;téléphone;OTHER;entrant',
		''
	].join('\n')
);
const EVENTS = file(
	'events.csv',
	[
		'Client;Horodatage;Événement',
		'A;2026-03-01 12:00;facture émise',
		'A;2026-03-03 00:00;facture émise',
		'A;2026-03-03 14:24;facture émise',
		'A;2026-03-30 00:00;facture émise',
		'B;2026-03-10 00:00;facture émise',
		'C;2026-03-06 00:00;facture émise',
		'B;2026-03-21 00:00;newsletter',
		'C;2026-03-16 00:00;newsletter',
		''
	].join('\n')
);

describe('parcours anticipate', () => {
	it('gives the hand-worked figures of METRICS.md §5b in JSON', async () => {
		const { code, stdout, stderr } = await run('anticipate', CONTACTS, '--events', EVENTS, '--horizon', '2d', '--cost', 'phone=5,email=3', '--format', 'json');
		expect(stderr).toBe('');
		expect(code).toBe(0);
		const json = JSON.parse(stdout);
		expect(json.triggers.map((t: { key: string }) => t.key)).toEqual(['event:facture émise', 'event:newsletter']);
		const bill = json.triggers[0];
		expect(bill).toMatchObject({ occurrences: 4, pending: 1, followed: 3, customers: 3, followingContacts: 3 });
		expect(bill.baseline).toBeCloseTo(1 / 9, 10);
		expect(bill.lift).toBeCloseTo(6.75, 10);
		expect(bill.attributable).toBeCloseTo(23 / 9, 10);
		expect(bill.saving).toBeCloseTo((23 / 9) * 0.3 * (13 / 3), 10);
		expect(json.horizon).toBe(2 * 86_400_000);
		expect(json.deflection).toBe(0.3);
	});

	it('reads the logs of the days --from and --to give only', async () => {
		const json = async (...extra: string[]) => {
			const { code, stdout } = await run('anticipate', CONTACTS, '--events', EVENTS, '--horizon', '2d', '--format', 'json', ...extra);
			expect(code).toBe(0);
			return JSON.parse(stdout);
		};
		const all = await json();
		const march = await json('--from', '2026-03-02', '--to', '2026-03-20');
		// Contacts of 03-02 … 03-20: A's two bill calls and B's delivery call; the observation ends at the end of 03-20.
		expect(march.totals.contacts).toBe(3);
		expect(march.period).toEqual({ start: Date.UTC(2026, 2, 2), end: Date.UTC(2026, 2, 21) - 1 });
		expect(march.totals.events).toBeLessThan(all.totals.events);
		const bill = march.triggers.find((t: { key: string }) => t.key === 'event:facture émise');
		// In the period: A 03-03 00:00 (a call at 03-04), B 03-10 (a call at 03-11 12:00), C 03-06 (nothing).
		expect(bill).toMatchObject({ occurrences: 3, followed: 2, pending: 0 });
		expectOneSentence(await run('anticipate', CONTACTS, '--events', EVENTS, '--to', 'mars'), /invalid --to "mars": expected a day such as 2026-01-31/);
	});

	it('prints the ranking for people, and reads --deflection as a percentage', async () => {
		const { code, stdout } = await run('anticipate', CONTACTS, '--events', EVENTS, '--horizon', '2d', '--deflection', '50%', '--cost', 'phone=5');
		expect(code).toBe(0);
		expect(stdout).toMatch(/horizon 2d, deflection 50 %/);
		expect(stdout.split('\n')[2]).toMatch(/^trigger\s+occurrences\s+pending\s+rate after/);
		expect(stdout.split('\n')[3]).toMatch(/^event facture émise\s+4\s+1\s+75\.0 %/);
	});

	it('names the line and column of rejected event rows and goes on', async () => {
		const events = file('bad-events.csv', 'customer_id,timestamp,event\nA,2026-03-01 12:00,bill\nB,not a date,bill\n');
		const { code, stderr } = await run('anticipate', CONTACTS, '--events', events, '--horizon', '2d');
		expect(code).toBe(0);
		expect(stderr).toMatch(/1 row of ".*bad-events\.csv" rejected \(1 bad timestamp\), e\.g\. line 3 \(column "timestamp"\)\./);
	});

	it('fails with one sentence on bad input', async () => {
		expectOneSentence(await run('anticipate', CONTACTS), /give --events, --web or --rules/);
		expectOneSentence(await run('anticipate'), /missing the contact file/i);
		expectOneSentence(await run('anticipate', CONTACTS, '--events', EVENTS, '--horizon', 'soon'), /invalid --horizon "soon"/i);
		expectOneSentence(await run('anticipate', CONTACTS, '--events', EVENTS, '--deflection', '1.5'), /invalid --deflection "1\.5"/i);
		const noEvent = file('no-event.csv', 'customer_id,timestamp,page\nA,2026-03-01 12:00,/x\n');
		expectOneSentence(await run('anticipate', CONTACTS, '--events', noEvent), /no event column was found/i);
		const rejected = file('all-rejected.csv', 'customer_id,timestamp,event\n,2026-03-01 12:00,bill\n');
		const all = await run('anticipate', CONTACTS, '--events', rejected);
		expectOneSentence(all, /every row of ".*all-rejected\.csv" was rejected/i);
		expect(all.code).toBe(1);
		// Contacts all rejected: said once, though the event and web logs wait for them to be counted.
		const noContact = file('no-contact.csv', 'customer_id,timestamp\n,2026-03-01 12:00\n');
		const web = file('web.csv', 'customer_id,timestamp,page\nA,2026-03-01 12:00,/x\n');
		expectOneSentence(
			await run('anticipate', noContact, '--events', EVENTS, '--web', web),
			/every row of ".*no-contact\.csv" was rejected.*nothing to measure/i
		);
		expectOneSentence(await run('anticipate', CONTACTS, '--journey', join(dir, 'j.json')), /--journey needs --rules/);
	});

	it('prints its help', async () => {
		const { code, stdout } = await run('anticipate', '--help');
		expect(code).toBe(0);
		expect(stdout).toMatch(/^Usage: parcours anticipate <contacts\.csv>/);
		expect((await run('--help')).stdout).toMatch(/anticipate <contacts\.csv>/);
	});

	it('finds the bill issued first in a generated log, and the newsletter with little lift', async () => {
		const contacts = join(dir, 'gen-contacts.csv');
		const events = join(dir, 'gen-events.csv');
		const generated = await run('generate', '--contacts', '6000', '--seed', '5', '--months', '3', '--out', contacts, '--events', events);
		expect(generated.code).toBe(0);
		expect(generated.stderr).toMatch(/business events to .*gen-events\.csv/);
		const again = join(dir, 'gen-events-2.csv');
		await run('generate', '--contacts', '6000', '--seed', '5', '--months', '3', '--out', join(dir, 'gen-contacts-2.csv'), '--events', again);
		expect(readFileSync(again, 'utf8')).toBe(readFileSync(events, 'utf8'));
		const { stdout } = await run('anticipate', contacts, '--events', events, '--format', 'json');
		const json = JSON.parse(stdout);
		expect(json.triggers[0].key).toBe('event:Facture émise');
		expect(json.triggers[0].lift).toBeGreaterThan(2);
		const news = json.triggers.find((t: { key: string }) => t.key === 'event:Newsletter envoyée');
		expect(news.lift).toBeLessThan(1.6);
	});
});
