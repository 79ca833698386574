import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main';

const FIXTURES = join(import.meta.dirname, '../../tests/fixtures');
const CONTACTS = join(FIXTURES, 'overlay-contacts.csv');
const WEB = join(FIXTURES, 'overlay-web.csv');
const JOURNEY = join(FIXTURES, 'overlay-journey.json');
const RULES = join(FIXTURES, 'overlay-rules.json');
const dir = mkdtempSync(join(tmpdir(), 'parcours-overlay-'));
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

const BASE = ['overlay', CONTACTS, '--web', WEB, '--journey', JOURNEY, '--rules', RULES, '--end', '2026-03-31 23:59:59'];

describe('parcours overlay', () => {
	it('gives the hand-computed overlay of the fixture in JSON', async () => {
		const { code, stdout, stderr } = await run(...BASE, '--format', 'json');
		expect(stderr).toBe('');
		expect(code).toBe(0);
		const json = JSON.parse(stdout);
		// P1: a → s.x → s.y (visit) → s.x (repeat call); P2: s.x (visit) → a, then c 19 days later.
		expect(json.transitions.map((t: { from: string; to: string; count: number; deviation: boolean }) => [t.from, t.to, t.count, t.deviation])).toEqual([
			['a', 's.x', 1, false],
			['s.x', 'a', 1, true],
			['s.x', 's.y', 1, false],
			['s.y', 's.x', 1, true]
		]);
		expect(json.states['s.x']).toMatchObject({ events: 3, customers: 2, inboundContacts: 2, repeatContacts: 1, demands: 1, fcr: 0 });
		expect(json.states.a).toMatchObject({ events: 2, demands: 2, fcr: 1 });
		expect(json.states['s.y'].webToContact).toMatchObject({ count: 1, total: 1 });
		expect(json.unmapped).toMatchObject({ contacts: 1, webEvents: 1 });
		expect(json.omnichannel.webToContact).toMatchObject({ count: 3, total: 3 });
	});

	it('prints tables for people', async () => {
		const { code, stdout } = await run(...BASE);
		expect(code).toBe(0);
		expect(stdout).toMatch(/5 of 6 contacts mapped, 4 of 5 page views mapped \(3 sessions\)/);
		expect(stdout).toMatch(/Deviations from the model: 2\./);
		expect(stdout).toMatch(/motive M9: 1/);
	});

	it('fails in one sentence on missing files, bad JSON and invalid regular expressions', async () => {
		expectOneSentence(await run('overlay', CONTACTS, '--journey', JOURNEY), /missing --rules/i);
		expectOneSentence(await run('overlay', CONTACTS, '--journey', join(dir, 'none.json'), '--rules', RULES), /no such file/);
		expectOneSentence(
			await run('overlay', CONTACTS, '--journey', file('bad.json', '{ "initial": '), '--rules', RULES),
			/journey ".*bad\.json" is not valid JSON/
		);
		expectOneSentence(
			await run('overlay', CONTACTS, '--journey', file('notamachine.json', '{ "a": 1 }'), '--rules', RULES),
			/neither a journey nor a machine config/
		);
		const badRule = file('rules.json', JSON.stringify([{ id: 'faq', stateId: 'a', kind: 'web', match: { page: '/aide/(', syntax: 'regex' } }]));
		expectOneSentence(
			await run('overlay', CONTACTS, '--journey', JOURNEY, '--rules', badRule),
			/rules\.json": mapping rule "faq" has an invalid regular expression/
		);
		expectOneSentence(await run(...BASE, '--horizon', 'soon'), /invalid --horizon "soon"/i);
	});

	it('refuses in one sentence a journey or rules file nested thousands of levels deep', async () => {
		const deepJourney = file('deep.json', '{"initial":"s","states":{"s":'.repeat(5000) + '{}' + '}}'.repeat(5000));
		expectOneSentence(
			await run('overlay', CONTACTS, '--journey', deepJourney, '--rules', RULES),
			/journey ".*deep\.json" is nested more than 100 levels deep/
		);
		const deepRules = file('deep-rules.json', '['.repeat(20_000) + ']'.repeat(20_000));
		expectOneSentence(
			await run('overlay', CONTACTS, '--journey', JOURNEY, '--rules', deepRules),
			/rules ".*deep-rules\.json" is nested more than 100 levels deep/
		);
	});
});
