/**
 * The journey overlay is computed twice in Parcours: by `parcours overlay` on files, and by the
 * engine worker on datasets imported into a workspace (the journey page's "measured reality").
 * Both must give the very same figures for the same tables, journey, rules and settings.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { freshStore } from '$lib/db/test-store';
import { createDemoWorkspace, JOURNEY_FACTURE_ID } from '$lib/domain/demo';
import type { JourneyMachineConfig, MappingRule } from '$lib/domain/types';
import type { AnalysisSettings } from '$lib/analysis/settings';
import { Engine } from './engine-core';
import type { OverlayAnswer } from './protocol';

const FIXTURES = join(import.meta.dirname, '../../../tests/fixtures');
const fixture = (name: string) => join(FIXTURES, name);
const dir = mkdtempSync(join(tmpdir(), 'parcours-overlay-parity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const END = '2026-03-31 23:59:59';
const END_MS = Date.UTC(2026, 2, 31, 23, 59, 59);

/** `parcours overlay … --format json`, in process; its JSON as the command printed it. */
async function cli(argv: string[]): Promise<Record<string, unknown>> {
	let stdout = '';
	let stderr = '';
	const code = await main(['overlay', ...argv, '--format', 'json'], {
		stdout: (t) => (stdout += t),
		stderr: (t) => (stderr += t)
	});
	expect(stderr).toBe('');
	expect(code).toBe(0);
	return JSON.parse(stdout);
}

/** The engine's overlay of the same files, imported as datasets of a fresh workspace. */
async function worker(options: {
	contacts: string;
	web: string | null;
	journeyId: string;
	machine: JourneyMachineConfig;
	rules: MappingRule[];
	settings: Partial<AnalysisSettings>;
}): Promise<OverlayAnswer> {
	const store = freshStore();
	const workspace = await store.workspaceRepo.create({ name: 'Parité' });
	const engine = new Engine(store);
	const load = (path: string, kind: 'contacts' | 'web') =>
		engine.importFile(workspace.id, new Blob([readFileSync(path)]), path.split('/').at(-1)!, kind, { pseudonymise: false });
	const contacts = await load(options.contacts, 'contacts');
	expect(contacts.dataset.rejected).toBe(0);
	const web = options.web ? await load(options.web, 'web') : null;
	// Read back from the database, as the journey page's requests are.
	return new Engine(store).overlay(workspace.id, {
		journeyId: options.journeyId,
		contactsDatasetId: contacts.dataset.id,
		webDatasetId: web?.dataset.id ?? null,
		settings: options.settings,
		rules: options.rules.map((rule) => ({ ...rule, workspaceId: workspace.id })),
		machine: options.machine
	});
}

/** What both sides share, through JSON as the command prints it (without its reading report, cells read as empty). */
function figures(result: object): Record<string, unknown> {
	const { journeyId: _journey, selfCareBounce: _bounce, cellWarnings: _cells, ...rest } = JSON.parse(JSON.stringify(result));
	return rest;
}

function expectSameOverlay(fromCli: Record<string, unknown>, fromWorker: OverlayAnswer) {
	const a = figures(fromCli);
	const b = figures(fromWorker);
	// Piece by piece first, so a difference names what differs.
	const states = (r: Record<string, unknown>) => r.states as Record<string, Record<string, unknown>>;
	expect(Object.keys(states(b)).sort()).toEqual(Object.keys(states(a)).sort());
	for (const state of Object.keys(states(a))) {
		const s = states(a)[state];
		const w = states(b)[state];
		expect({ state, events: w.events, inbound: w.inboundContacts, repeat: w.repeatContacts, rate: w.repeatRate }).toEqual({
			state,
			events: s.events,
			inbound: s.inboundContacts,
			repeat: s.repeatContacts,
			rate: s.repeatRate
		});
		expect({ state, demands: w.demands, fcr: w.fcr }).toEqual({ state, demands: s.demands, fcr: s.fcr });
		expect({ state, ...w }).toEqual({ state, ...s });
	}
	expect(b.transitions).toEqual(a.transitions);
	expect(b.deviations).toEqual(a.deviations);
	expect(b.entries).toEqual(a.entries);
	expect(b.rules).toEqual(a.rules);
	expect(b.unmapped).toEqual(a.unmapped);
	expect(b.totals).toEqual(a.totals);
	expect(b.omnichannel).toEqual(a.omnichannel);
	expect(b.settings).toEqual(a.settings);
	// And nothing else differs.
	expect(b).toEqual(a);
}

describe('overlay parity: the command line and the engine worker', () => {
	it('give the same overlay of the overlay fixtures (journey, rules, web log, observation end)', async () => {
		const machine = JSON.parse(readFileSync(fixture('overlay-journey.json'), 'utf8')) as JourneyMachineConfig;
		const rules = (JSON.parse(readFileSync(fixture('overlay-rules.json'), 'utf8')) as Partial<MappingRule>[]).map(
			(rule, order) => ({ ...rule, journeyId: 'j', order }) as MappingRule
		);
		const fromCli = await cli([
			fixture('overlay-contacts.csv'),
			'--web',
			fixture('overlay-web.csv'),
			'--journey',
			fixture('overlay-journey.json'),
			'--rules',
			fixture('overlay-rules.json'),
			'--end',
			END
		]);
		const fromWorker = await worker({
			contacts: fixture('overlay-contacts.csv'),
			web: fixture('overlay-web.csv'),
			journeyId: 'j',
			machine,
			rules,
			settings: { observationEnd: END_MS }
		});
		// The hand-computed figures of the fixture (see src/cli/overlay.test.ts), on both sides.
		expect(fromWorker.states['s.x']).toMatchObject({ events: 3, inboundContacts: 2, repeatContacts: 1, demands: 1, fcr: 0 });
		expect(fromWorker.deviations.map((t) => `${t.from}→${t.to}`)).toEqual(['s.x→a', 's.y→s.x']);
		expectSameOverlay(fromCli, fromWorker);

		// Without the web log too.
		const contactsOnly = await cli([
			fixture('overlay-contacts.csv'),
			'--journey',
			fixture('overlay-journey.json'),
			'--rules',
			fixture('overlay-rules.json'),
			'--end',
			END,
			'--window',
			'30d',
			'--scope',
			'any'
		]);
		const workerOnly = await worker({
			contacts: fixture('overlay-contacts.csv'),
			web: null,
			journeyId: 'j',
			machine,
			rules,
			settings: { observationEnd: END_MS, window: { kind: 'duration', ms: 30 * 86_400_000 }, scope: 'any' }
		});
		expect(workerOnly.omnichannel).toBeNull();
		expectSameOverlay(contactsOnly, workerOnly);
	});

	it('give the same overlay of a generated log on the demo bill journey, with complex motives', async () => {
		const demo = createDemoWorkspace(new Date('2026-06-15T12:00:00Z'));
		const journey = demo.journeys.find((j) => j.id === JOURNEY_FACTURE_ID)!;
		// Rules of both demo journeys: each side must keep only the bill journey's.
		const rules = demo.rules;
		expect(rules.some((r) => r.journeyId !== journey.id)).toBe(true);
		const journeyPath = join(dir, 'journey.json');
		const rulesPath = join(dir, 'rules.json');
		writeFileSync(journeyPath, JSON.stringify(journey));
		writeFileSync(rulesPath, JSON.stringify(rules));
		const fromCli = await cli([
			fixture('parity-contacts.csv'),
			'--web',
			fixture('parity-web.csv'),
			'--journey',
			journeyPath,
			'--rules',
			rulesPath,
			'--complex',
			'FAC-CONTEST,PAI-RELANCE',
			'--end',
			'2026-06-20 18:00:00'
		]);
		const fromWorker = await worker({
			contacts: fixture('parity-contacts.csv'),
			web: fixture('parity-web.csv'),
			journeyId: journey.id,
			machine: journey.machine,
			rules,
			settings: { complexMotives: ['FAC-CONTEST', 'PAI-RELANCE'], observationEnd: Date.UTC(2026, 5, 20, 18) }
		});
		expect(fromCli.journeyId).toBe(journey.id);
		expect(fromWorker.journeyId).toBe(journey.id);
		expect(fromWorker.totals.mappedContacts).toBeGreaterThan(100);
		expect(fromWorker.totals.mappedWebEvents).toBeGreaterThan(100);
		expect(fromWorker.transitions.length).toBeGreaterThan(5);
		expect(fromWorker.deviations.length).toBeGreaterThan(0);
		expect(Object.values(fromWorker.states).some((s) => s.fcr !== null && s.fcr > 0 && s.fcr < 1)).toBe(true);
		expectSameOverlay(fromCli, fromWorker);
	});
});
