import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JourneyMachineConfig, MappingRule } from '../domain/types';
import { fromRows, parseIsoTimestamp, type ContactRow } from './from-rows';
import { analyze } from './metrics';
import { overlay, type OverlayResult } from './overlay';
import { journeyModel, modelAccounts } from './overlay-model';
import { keepPaths } from './overlay-paths';
import { webFromRows, type WebRow } from './web-from-rows';

const END = parseIsoTimestamp('2026-03-31 23:59:59');
const meta = (kind: 'stage' | 'step') => ({ kind, label: { fr: '', en: '' } });

/** a → s (stage: x initial, then y) → c. */
const MACHINE: JourneyMachineConfig = {
	id: 'j',
	initial: 'a',
	states: {
		a: { meta: meta('stage'), on: { go: { target: 's' } } },
		s: {
			initial: 'x',
			meta: meta('stage'),
			states: {
				x: { meta: meta('step'), on: { next: { target: 'y' } } },
				y: { meta: meta('step'), on: { done: { target: '#j.c' } } }
			}
		},
		c: { type: 'final', meta: meta('stage') }
	}
};

let order = 0;
const rule = (stateId: string, match: MappingRule['match'], kind: 'contact' | 'web' = 'contact'): MappingRule =>
	({ id: `r${order}`, workspaceId: 'w', journeyId: 'j', order: order++, stateId, kind, match }) as MappingRule;

const RULES: MappingRule[] = [
	rule('a', { motive: 'M1' }),
	rule('s.x', { motive: 'M2' }),
	rule('c', { motive: 'M3' }),
	rule('s.x', { page: '/x/**', syntax: 'glob' }, 'web'),
	rule('s.y', { page: '^/y$', syntax: 'regex' }, 'web')
];

const CONTACTS: ContactRow[] = [
	{ customer_id: 'P1', timestamp: '2026-03-01 09:00', channel: 'phone', motive: 'M1', csat: 5 },
	{ customer_id: 'P1', timestamp: '2026-03-02 09:00', channel: 'phone', motive: 'M2', csat: 2 },
	{ customer_id: 'P1', timestamp: '2026-03-03 09:00', channel: 'phone', motive: 'M2' },
	{ customer_id: 'P2', timestamp: '2026-03-01 10:00', channel: 'phone', motive: 'M1', segment: 'pro' },
	{ customer_id: 'P2', timestamp: '2026-03-20 10:00', channel: 'phone', motive: 'M3', segment: 'pro' },
	{ customer_id: 'P3', timestamp: '2026-03-05 10:00', channel: 'email', motive: 'M9' }
];
const WEB: WebRow[] = [
	{ customer_id: 'P1', timestamp: '2026-03-02 12:00', page: '/y' },
	{ customer_id: 'P1', timestamp: '2026-03-02 12:05', page: '/y' },
	{ customer_id: 'P2', timestamp: '2026-03-01 09:30', page: '/x/1' },
	{ customer_id: 'P2', timestamp: '2026-03-01 09:35', page: '/x/2' },
	{ customer_id: 'P3', timestamp: '2026-03-05 09:00', page: '/contact' }
];

function run(options: Parameters<typeof overlay>[1] = {}): OverlayResult {
	return overlay(
		{
			contacts: fromRows(CONTACTS),
			web: webFromRows(WEB),
			settings: { observationEnd: END },
			rules: RULES,
			journeyId: 'j',
			model: journeyModel(MACHINE)
		},
		options
	);
}

describe('overlay (METRICS.md §6)', () => {
	const result = run();

	it('counts observed transitions, entries and deviations', () => {
		// P1: a (call) → s.x (call) → s.y (visit) → s.x (repeat call); P2: s.x (visit) → a (call), then c 19 days later.
		expect(result.transitions.map(({ from, to, count, deviation }) => [from, to, count, deviation])).toEqual([
			['a', 's.x', 1, false],
			['s.x', 'a', 1, true],
			['s.x', 's.y', 1, false],
			['s.y', 's.x', 1, true]
		]);
		expect(result.entries).toEqual([
			{ state: 'a', count: 1 },
			{ state: 'c', count: 1 },
			{ state: 's.x', count: 1 }
		]);
		expect(result.deviations.map((d) => `${d.from}>${d.to}`)).toEqual(['s.x>a', 's.y>s.x']);
	});

	it('gives the figures of each state', () => {
		expect(result.states.a).toMatchObject({
			events: 2,
			customers: 2,
			inboundContacts: 2,
			repeatContacts: 0,
			demands: 2,
			eligible: 2,
			resolvedFirst: 2,
			fcr: 1,
			csat: { count: 1, total: 1 },
			topMotives: [{ value: 'M1', count: 2 }]
		});
		expect(result.states['s.x']).toMatchObject({
			events: 3,
			customers: 2,
			inboundContacts: 2,
			repeatContacts: 1,
			repeatRate: 0.5,
			demands: 1,
			resolvedFirst: 0,
			fcr: 0,
			pageViews: 2,
			webVisits: 1,
			webToContact: { count: 1, total: 1 },
			csat: { count: 0, total: 1 },
			topPages: [
				{ value: '/x/1', count: 1 },
				{ value: '/x/2', count: 1 }
			]
		});
		// P1's /y session ends 03-02 12:05; the next call is 21 hours later, within 24 h.
		expect(result.states['s.y']).toMatchObject({ events: 1, pageViews: 2, webVisits: 1, webToContact: { count: 1, total: 1 } });
		expect(result.states.c).toMatchObject({ events: 1, demands: 1, pending: 0, fcr: 1 });
		expect(result.states.s).toMatchObject({ events: 0, inModel: true, fcr: null });
	});

	it('lists the top motives of a state by catalogue motive, its codes together', () => {
		const contacts = fromRows([
			{ customer_id: 'Q1', timestamp: '2026-03-01 09:00', channel: 'phone', motive: 'M1' },
			{ customer_id: 'Q2', timestamp: '2026-03-01 09:00', channel: 'phone', motive: 'M1-OLD' },
			{ customer_id: 'Q3', timestamp: '2026-03-01 09:00', channel: 'phone', motive: 'M1-OLD' },
			{ customer_id: 'Q4', timestamp: '2026-03-01 09:00', channel: 'phone', motive: 'M9' },
			{ customer_id: 'Q5', timestamp: '2026-03-01 09:00', channel: 'phone', motive: 'M9' }
		]);
		const grouped = overlay({
			contacts,
			settings: { observationEnd: END, motiveGroups: { M1: 'motive-1', 'M1-OLD': 'motive-1' } },
			rules: [rule('a', { channel: 'phone' })],
			journeyId: 'j',
			model: journeyModel(MACHINE)
		});
		expect(grouped.states.a.topMotives).toEqual([
			{ value: 'motive-1', count: 3 },
			{ value: 'M9', count: 2 }
		]);
	});

	it('counts what each rule matches and what nothing maps', () => {
		expect(result.rules.map((r) => r.matched)).toEqual([2, 2, 1, 2, 2]);
		expect(result.unmapped).toMatchObject({ contacts: 1, webEvents: 1 });
		expect(result.unmapped.motives).toEqual([{ value: 'M9', count: 1, match: { motive: 'M9' } }]);
		expect(result.unmapped.pages[0]).toMatchObject({ value: '/contact', count: 1 });
		expect(result.totals).toMatchObject({ contacts: 6, mappedContacts: 5, webEvents: 5, mappedWebEvents: 4, sessions: 3 });
	});

	it('filters by period, segment, channel and motive', () => {
		const march1 = run({ period: { from: parseIsoTimestamp('2026-03-01'), to: parseIsoTimestamp('2026-03-02') } });
		expect(march1.transitions.map((t) => `${t.from}>${t.to}`)).toEqual(['s.x>a']);
		expect(march1.states.a.demands).toBe(2);
		const pro = run({ segments: ['pro'] });
		expect(pro.totals).toMatchObject({ contacts: 2, webEvents: 2 });
		expect(pro.transitions.map((t) => `${t.from}>${t.to}`)).toEqual(['s.x>a']);
		const noWeb = run({ channels: ['phone'] });
		expect(noWeb.totals.webEvents).toBe(0);
		expect(noWeb.transitions.map((t) => `${t.from}>${t.to}`)).toEqual(['a>s.x', 's.x>s.x']);
		const m2 = run({ motives: ['M2'] });
		expect(m2.totals).toMatchObject({ contacts: 2, webEvents: 2 });
	});

	it('gives per state the FCR of analyze when one rule maps every contact (property)', () => {
		const catchAll: MappingRule[] = [rule('a', {})];
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						c: fc.integer({ min: 0, max: 4 }),
						day: fc.integer({ min: 0, max: 29 }),
						m: fc.constantFrom('M1', 'M2'),
						transferred: fc.boolean(),
						outbound: fc.boolean()
					}),
					{ maxLength: 30 }
				),
				(rows) => {
					const contacts = fromRows(
						rows.map((r) => ({
							customer_id: `C${r.c}`,
							timestamp: parseIsoTimestamp('2026-03-01') + r.day * 86_400_000,
							motive: r.m,
							transferred: r.transferred,
							direction: r.outbound ? 'outbound' : 'inbound'
						}))
					);
					const settings = { observationEnd: END };
					const figures = analyze(contacts, settings);
					const o = overlay({ contacts, settings, rules: catchAll, model: journeyModel(MACHINE) });
					expect(o.states.a).toMatchObject({
						demands: figures.demands,
						pending: figures.pending,
						resolvedFirst: figures.resolvedFirst,
						inboundContacts: figures.contacts,
						repeatContacts: figures.repeatContacts
					});
					// Every transition and entry is one event; each event opens or continues a run.
					const linked = o.transitions.reduce((sum, t) => sum + t.count, 0);
					const entered = o.entries.reduce((sum, e) => sum + e.count, 0);
					expect(linked + entered).toBe(rows.length);
				}
			)
		);
	});
});

describe('model comparison', () => {
	it('relates stages and steps as documented', () => {
		expect.hasAssertions();
		const accounts = modelAccounts(journeyModel(MACHINE));
		expect(accounts('a', 's')).toBe(true);
		expect(accounts('a', 's.x')).toBe(true); // entering s enters its initial step
		expect(accounts('a', 's.y')).toBe(false);
		expect(accounts('s', 's')).toBe(true); // x → y inside the stage
		expect(accounts('s', 'c')).toBe(true); // y → c, observed at the stage level
		expect(accounts('s.y', 'c')).toBe(true);
		expect(accounts('s.x', 'c')).toBe(false);
		expect(accounts('c', 'a')).toBe(false);
	});
});

describe('keepPaths', () => {
	it('keeps the transitions at the threshold and the strongest path to every state they touch', () => {
		expect.hasAssertions();
		const t = (from: string, to: string, count: number) => ({ from, to, count, customers: count, deviation: false });
		const result = {
			transitions: [t('b', 'c', 50), t('a', 'b', 8), t('a', 'd', 5), t('d', 'b', 3)],
			entries: [
				{ state: 'a', count: 10 },
				{ state: 'd', count: 2 }
			]
		};
		const kept = keepPaths(result, 20);
		// b → c survives; b is reached back through the widest path start → a (10) → b (8).
		expect(kept.transitions.map((x) => `${x.from}>${x.to}`)).toEqual(['b>c', 'a>b']);
		expect(kept.entries).toEqual([{ state: 'a', count: 10 }]);
		expect(kept.states.sort()).toEqual(['a', 'b', 'c']);
		expect(kept.addedForConnectivity).toBe(2);
		expect(keepPaths(result, 0).transitions).toHaveLength(4);
	});
});
