import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	contact,
	SETTINGS_ARBITRARIES,
	table,
	WORKED_EXAMPLE,
	WORKED_EXAMPLE_IDS,
	WORKED_EXAMPLE_SETTINGS
} from '../../../tests/fixtures/contacts';
import { fromRows, type ContactRow } from './from-rows';
import { analyze, isoWeekKey, monthKey, type AnalysisResult } from './metrics';
import { DAY, HOUR, MINUTE, type AnalysisSettings } from './settings';
import { wilson } from './stats';

const at = (day: number, time = '09:00') => `2026-03-${String(day).padStart(2, '0')}T${time}`;
/** An observation end far after every contact, so nothing is pending. */
const LATER = { observationEnd: Date.UTC(2027, 0, 1) };

/** Which contacts (by agent name) start a demand, and which of those are resolved first. */
function verdicts(result: AnalysisResult): { demands: string[]; resolved: string[]; pending: string[] } {
	const byAgent = result.by.agent ?? {};
	const keys = Object.keys(byAgent).sort();
	return {
		demands: keys.filter((k) => byAgent[k].demands > 0),
		resolved: keys.filter((k) => byAgent[k].resolvedFirst > 0),
		pending: keys.filter((k) => byAgent[k].pending > 0)
	};
}

/** Contacts named through their agent, to read verdicts per contact. */
function named(rows: ContactRow[], names: string[]): ContactRow[] {
	return rows.map((row, i) => ({ ...row, agent: names[i] }));
}

describe('METRICS.md §7 worked example', () => {
	const example = fromRows(named(WORKED_EXAMPLE, WORKED_EXAMPLE_IDS));

	it('gives the figures of scope motive', () => {
		const result = analyze(example, WORKED_EXAMPLE_SETTINGS, { by: ['agent'] });
		expect(result).toMatchObject({
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
		expect(result.fcrExclComplex).toBeCloseTo(3 / 7, 12);
		expect(result.repeatRate).toBeCloseTo(2 / 11, 12);
		expect(verdicts(result)).toEqual({
			demands: ['a1', 'b1', 'b2', 'c1', 'c2', 'd1', 'd2', 'e1', 'e2'],
			resolved: ['b2', 'c1', 'd1', 'e2'],
			pending: ['d2']
		});
		expect(result.by.agent?.a2).toMatchObject({ contacts: 1, repeatContacts: 1, demands: 0 });
	});

	it('gives the figures of scope any', () => {
		const result = analyze(example, { ...WORKED_EXAMPLE_SETTINGS, scope: 'any' }, { by: ['agent'] });
		expect(result).toMatchObject({ demands: 7, pending: 1, eligible: 6, resolvedFirst: 2 });
		expect(result.fcr).toBeCloseTo(1 / 3, 12);
		expect(verdicts(result)).toEqual({
			demands: ['a1', 'b1', 'b2', 'c1', 'd1', 'd2', 'e1'],
			resolved: ['b2', 'd1'],
			pending: ['d2']
		});
	});

	it('defaults the observation end to the latest timestamp', () => {
		const result = analyze(example, { ...WORKED_EXAMPLE_SETTINGS, observationEnd: undefined });
		expect(result.observationEnd).toBe(Date.UTC(2026, 2, 28, 10));
		expect(result).toMatchObject({ pending: 1, eligible: 8, resolvedFirst: 4 });
		// An earlier end leaves b2 (03-20 15:00) unobserved for 7 days too.
		const earlier = analyze(example, { ...WORKED_EXAMPLE_SETTINGS, observationEnd: Date.UTC(2026, 2, 27, 12) });
		expect(earlier).toMatchObject({ demands: 9, pending: 2, eligible: 7, resolvedFirst: 3 });
	});
});

describe('windows', () => {
	const pair = (second: string) =>
		table(contact({ timestamp: '2026-03-01T23:30' }), contact({ timestamp: second }));

	it('counts a repeat at exactly W and not beyond', () => {
		const w = { ...LATER, window: { kind: 'duration', ms: 24 * HOUR } } as const;
		expect(analyze(pair('2026-03-02T23:30'), w).repeatContacts).toBe(1);
		expect(analyze(pair('2026-03-02T23:31'), w).repeatContacts).toBe(0);
	});

	it('intraday: a repeat on the same calendar date only', () => {
		const intraday = { ...LATER, window: { kind: 'intraday' } } as const;
		expect(analyze(pair('2026-03-01T23:59'), intraday).repeatContacts).toBe(1);
		expect(analyze(pair('2026-03-02T00:10'), intraday).repeatContacts).toBe(0);
	});

	it('chains on the gap to the previous contact, not to the first', () => {
		const log = table(
			contact({ timestamp: at(1) }),
			contact({ timestamp: at(6) }),
			contact({ timestamp: at(11) }),
			contact({ timestamp: at(16) })
		);
		expect(analyze(log, LATER)).toMatchObject({ demands: 1, repeatContacts: 3, avoidableContacts: 3 });
	});

	it('intraday: pending on the observation end date', () => {
		const log = table(contact({ timestamp: at(30, '08:00') }), contact({ customer_id: 'B', timestamp: at(31, '07:00') }));
		const result = analyze(log, {
			window: { kind: 'intraday' },
			observationEnd: Date.UTC(2026, 2, 31, 18)
		});
		expect(result).toMatchObject({ demands: 2, pending: 1, eligible: 1, resolvedFirst: 1 });
	});

	it('pending when first + W passes the observation end', () => {
		const log = table(contact({ timestamp: at(24, '10:00') }));
		const end = Date.UTC(2026, 2, 31, 10);
		expect(analyze(log, { observationEnd: end }).pending).toBe(0);
		expect(analyze(log, { observationEnd: end - 1 }).pending).toBe(1);
	});
});

describe('scope and channels', () => {
	const log = table(
		contact({ timestamp: at(1), channel: 'phone', motive: 'BILL' }),
		contact({ timestamp: at(2), channel: 'chat', motive: 'REFUND' }),
		contact({ timestamp: at(3), channel: 'phone', motive: 'BILL' })
	);

	it('category joins catalogued motives and keeps uncatalogued ones apart', () => {
		expect(analyze(log, { ...LATER, scope: 'motive' }).demands).toBe(2);
		expect(analyze(log, { ...LATER, scope: 'category', categories: { BILL: 'money', REFUND: 'money' } }).demands).toBe(1);
		expect(analyze(log, { ...LATER, scope: 'category', categories: { BILL: 'money' } }).demands).toBe(2);
		expect(analyze(log, { ...LATER, scope: 'any' }).demands).toBe(1);
	});

	it('channels same: only a repeat on the same channel counts', () => {
		expect(analyze(log, { ...LATER, scope: 'any', channels: 'same' })).toMatchObject({
			demands: 2,
			repeatContacts: 1
		});
		const crossChannel = table(
			contact({ timestamp: at(1), channel: 'phone' }),
			contact({ timestamp: at(2), channel: 'chat' })
		);
		expect(analyze(crossChannel, { ...LATER, channels: 'same' }).resolvedFirst).toBe(2);
		expect(analyze(crossChannel, { ...LATER, channels: 'any' }).resolvedFirst).toBe(0);
	});

	it('ties in time: the first in input order starts the demand', () => {
		const tie = table(
			contact({ timestamp: at(1), channel: 'chat' }),
			contact({ timestamp: at(1), channel: 'phone' })
		);
		const result = analyze(tie, LATER, { by: ['channel'] });
		expect(result.by.channel?.chat).toMatchObject({ demands: 1, repeatContacts: 0 });
		expect(result.by.channel?.phone).toMatchObject({ demands: 0, repeatContacts: 1 });
	});
});

describe('resolved at first contact', () => {
	const one = (overrides: Partial<ContactRow>, settings: Partial<AnalysisSettings> = {}) =>
		analyze(table(contact(overrides)), { ...LATER, ...settings }).resolvedFirst;

	it('fails on callback, transfer, resolved = false; unknown counts as not false', () => {
		expect(one({})).toBe(1);
		expect(one({ callback: true })).toBe(0);
		expect(one({ callback: false, resolved: true, transferred: false })).toBe(1);
		expect(one({ resolved: false })).toBe(0);
		expect(one({ transferred: true })).toBe(0);
		expect(one({ transferred: true }, { transferIsFailure: false })).toBe(1);
	});

	it('cold flows: answered within the delay, and handled_at required', () => {
		const email = (minutes: number | undefined) =>
			one({
				channel: 'email',
				handled_at: minutes === undefined ? undefined : Date.UTC(2026, 2, 1, 9) + minutes * MINUTE
			});
		expect(email(60)).toBe(1);
		expect(email(61)).toBe(0);
		expect(email(undefined)).toBe(0);
		expect(one({ channel: 'mail' })).toBe(1); // mail: cold flow without limit
		expect(one({ channel: 'phone' })).toBe(1);
		expect(one({ channel: 'Phone' }, { coldFlowDelays: { PHONE: 0 } })).toBe(0);
		expect(one({ channel: 'email' }, { coldFlowDelays: {} })).toBe(0); // the defaults stay (METRICS.md §2)
		expect(one({ channel: 'email' }, { coldFlowDelays: { email: null } })).toBe(1);
	});

	it('fails when the company calls back within (first, first + W] in the same scope', () => {
		const withOutbound = (timestamp: string, overrides: Partial<ContactRow> = {}, settings = {}) =>
			analyze(
				table(
					contact({ timestamp: at(1) }),
					contact({ timestamp, direction: 'outbound', ...overrides })
				),
				{ ...LATER, ...settings }
			);
		expect(withOutbound(at(3)).resolvedFirst).toBe(0);
		expect(withOutbound(at(8)).resolvedFirst).toBe(0); // exactly W later
		expect(withOutbound(at(8, '09:01')).resolvedFirst).toBe(1);
		expect(withOutbound(at(1)).resolvedFirst).toBe(1); // same instant: not after
		expect(withOutbound(at(3), { motive: 'DELIV' }).resolvedFirst).toBe(1);
		expect(withOutbound(at(3), { motive: 'DELIV' }, { scope: 'any' }).resolvedFirst).toBe(0);
		// The channel never counts for callbacks, even with channels `same`.
		expect(withOutbound(at(3), { channel: 'callback' }, { channels: 'same' }).resolvedFirst).toBe(0);
		// Outbound contacts are never demands or repeats.
		expect(withOutbound(at(3))).toMatchObject({ contacts: 1, demands: 1, repeatContacts: 0 });
		// Intraday: later the same calendar day.
		const intraday = { window: { kind: 'intraday' } };
		expect(withOutbound(at(1, '23:59'), {}, intraday).resolvedFirst).toBe(0);
		expect(withOutbound(at(2, '00:01'), {}, intraday).resolvedFirst).toBe(1);
	});

	it('excludes complex motives from the excl. complex rate only', () => {
		const log = table(
			contact({ motive: 'MOVE' }),
			contact({ customer_id: 'B', motive: 'BILL', callback: true })
		);
		const result = analyze(log, { ...LATER, complexMotives: ['MOVE'] });
		expect(result).toMatchObject({
			eligible: 2,
			resolvedFirst: 1,
			fcr: 0.5,
			eligibleExclComplex: 1,
			resolvedFirstExclComplex: 0,
			fcrExclComplex: 0
		});
	});
});

describe('contacts per demand and avoidable cost', () => {
	it('counts repeats of eligible chains at their own channel cost', () => {
		const log = table(
			contact({ timestamp: at(1), channel: 'phone' }),
			contact({ timestamp: at(2), channel: 'email', handled_at: at(2, '09:10') }),
			contact({ timestamp: at(3), channel: 'Chat' }),
			contact({ customer_id: 'B', timestamp: at(30), channel: 'phone' }),
			contact({ customer_id: 'B', timestamp: at(31), channel: 'phone' })
		);
		const result = analyze(log, {
			observationEnd: Date.UTC(2026, 2, 31, 12),
			costPerChannel: { phone: 6, EMAIL: 3.5 }
		});
		// B's demand is pending: its repeat is in the repeat rate, not in avoidable figures.
		expect(result).toMatchObject({
			contacts: 5,
			repeatContacts: 3,
			demands: 2,
			eligible: 1,
			avoidableContacts: 2,
			avoidableCost: 3.5,
			contactsPerDemand: 3,
			repeatRate: 0.6
		});
	});

	it('costs nothing with the default settings and has null rates when empty', () => {
		expect(analyze(table(contact(), contact({ timestamp: at(2) })), LATER).avoidableCost).toBe(0);
		expect(analyze(table())).toMatchObject({
			contacts: 0,
			demands: 0,
			fcr: null,
			fcrCi95: null,
			repeatRate: null,
			contactsPerDemand: null,
			perceived: null,
			csat: null,
			nps: null
		});
	});
});

describe('breakdowns', () => {
	it('keys months, ISO weeks across the new year and missing values as (none)', () => {
		expect(monthKey(Date.UTC(2026, 0, 31) / DAY)).toBe('2026-01');
		expect(isoWeekKey(Date.UTC(2024, 11, 30) / DAY)).toBe('2025-W01'); // Monday
		expect(isoWeekKey(Date.UTC(2026, 0, 1) / DAY)).toBe('2026-W01'); // Thursday
		expect(isoWeekKey(Date.UTC(2027, 0, 1) / DAY)).toBe('2026-W53'); // Friday
		expect(isoWeekKey(Date.UTC(2027, 0, 3) / DAY)).toBe('2026-W53'); // Sunday
		expect(isoWeekKey(Date.UTC(2027, 0, 4) / DAY)).toBe('2027-W01');

		const log = table(
			contact({ timestamp: '2026-12-31T10:00', agent: 'ann' }),
			contact({ timestamp: '2027-01-04T10:00', team: 'front' }),
			contact({ customer_id: 'B', timestamp: '2027-01-02T10:00' })
		);
		const result = analyze(log, LATER, { by: ['month', 'week', 'agent', 'team'] });
		expect(Object.keys(result.by.month ?? {}).sort()).toEqual(['2026-12', '2027-01']);
		expect(result.by.week?.['2026-W53']).toMatchObject({ contacts: 2, demands: 2 });
		expect(result.by.week?.['2027-W01']).toMatchObject({ contacts: 1, repeatContacts: 1, demands: 0 });
		expect(result.by.agent?.['(none)']).toMatchObject({ contacts: 2, demands: 1 });
		expect(result.by.team?.front).toMatchObject({ contacts: 1, demands: 0 });
		expect(result.by.month?.['2027-01']?.fcr).toBeNull();
	});

	it('groups a demand under its first contact and the category under the catalogue', () => {
		const log = table(
			contact({ motive: 'BILL', channel: 'phone' }),
			contact({ motive: 'BILL', channel: 'chat', timestamp: at(2) }),
			contact({ customer_id: 'B', motive: 'REFUND' }),
			contact({ customer_id: 'C', motive: 'MOVE' })
		);
		const result = analyze(log, { ...LATER, categories: { BILL: 'money', REFUND: 'money' } }, {
			by: ['category', 'channel']
		});
		expect(result.by.category?.money).toMatchObject({ contacts: 3, demands: 2, resolvedFirst: 1 });
		expect(result.by.category?.MOVE).toMatchObject({ contacts: 1, demands: 1 });
		expect(result.by.channel?.chat).toMatchObject({ contacts: 1, repeatContacts: 1, demands: 0 });
	});

	it('groups a catalogue motive\'s codes in one row, the sum of its codes, with the codes and themes apart', () => {
		// Motive "contest" has two codes; OTHER is uncatalogued. Chains follow the code (§3).
		const log = table(
			contact({ customer_id: 'A', motive: 'FAC-CONTEST', timestamp: at(1) }),
			contact({ customer_id: 'A', motive: 'FAC-CONTEST', timestamp: at(3) }), // repeat of A's demand
			contact({ customer_id: 'A', motive: 'FACT02', timestamp: at(4) }), // another code: a new demand
			contact({ customer_id: 'B', motive: 'FACT02', timestamp: at(2), transferred: true }),
			contact({ customer_id: 'C', motive: 'FACT02', timestamp: at(5), channel: 'chat' }),
			contact({ customer_id: 'D', motive: 'OTHER', timestamp: at(6) })
		);
		const settings = {
			...LATER,
			motiveGroups: { 'FAC-CONTEST': 'contest', FACT02: 'contest' },
			themes: { 'FAC-CONTEST': 'billing', FACT02: 'billing' },
			costPerChannel: { phone: 5, chat: 2 }
		};
		const result = analyze(log, settings, { by: ['motive', 'code', 'theme'] });
		// By hand: FAC-CONTEST 2 contacts, 1 repeat, 1 demand, not resolved, avoidable 1 (5);
		// FACT02 3 contacts, 3 demands (A's FACT02, B transferred, C chat), resolved A and C.
		expect(result.by.code?.['FAC-CONTEST']).toMatchObject({ contacts: 2, repeatContacts: 1, demands: 1, eligible: 1, resolvedFirst: 0, avoidableContacts: 1, avoidableCost: 5 });
		expect(result.by.code?.FACT02).toMatchObject({ contacts: 3, repeatContacts: 0, demands: 3, eligible: 3, resolvedFirst: 2, avoidableContacts: 0, avoidableCost: 0 });
		const contest = result.by.motive?.contest;
		expect(contest).toMatchObject({ contacts: 5, repeatContacts: 1, demands: 4, eligible: 4, resolvedFirst: 2, avoidableContacts: 1, avoidableCost: 5, fcr: 0.5, repeatRate: 0.2, contactsPerDemand: 1.25 });
		expect(contest?.fcrCi95).toEqual(wilson(2, 4));
		expect(Object.keys(result.by.motive ?? {}).sort()).toEqual(['OTHER', 'contest']);
		expect(result.by.theme?.billing).toMatchObject({ contacts: 5, demands: 4 });
		expect(result.by.theme?.OTHER).toMatchObject({ contacts: 1, demands: 1, resolvedFirst: 1 });
	});
});

describe('period', () => {
	it('keeps demands whose first contact is in [from, to), chained over the whole log', () => {
		const log = table(
			contact({ timestamp: at(1) }),
			contact({ timestamp: at(4) }), // repeat of a demand before the period
			contact({ customer_id: 'B', timestamp: at(5) }),
			contact({ customer_id: 'B', timestamp: at(12) }), // after `to`, still in B's chain
			contact({ customer_id: 'C', timestamp: at(10) })
		);
		const result = analyze(log, LATER, {
			period: { from: Date.UTC(2026, 2, 3), to: Date.UTC(2026, 2, 10) }
		});
		expect(result).toMatchObject({ contacts: 2, repeatContacts: 1, demands: 1, resolvedFirst: 0 });
		expect(result.period).toEqual({ from: Date.UTC(2026, 2, 3), to: Date.UTC(2026, 2, 10) });
		expect(analyze(log, LATER).period).toBeNull();
	});
});

describe('surveys', () => {
	it('builds the perceived FCR agreement table and kappa over eligible demands', () => {
		const log = table(
			contact({ customer_id: 'A', survey_resolved: true, csat: 5, nps: 10 }), // both
			contact({ customer_id: 'B', survey_resolved: true, csat: 4, nps: 9 }), // both
			contact({ customer_id: 'C', survey_resolved: false, csat: 2, nps: 3 }), // internal only
			contact({ customer_id: 'D', callback: true, survey_resolved: true, csat: 3, nps: 7 }), // perceived only
			contact({ customer_id: 'E', callback: true, survey_resolved: false, nps: 0 }), // neither
			contact({ customer_id: 'F', callback: true }), // no answer
			contact({ customer_id: 'A', timestamp: at(20), survey_resolved: false, csat: 1 }) // repeat? no: new demand
		);
		const result = analyze(log, { observationEnd: Date.UTC(2026, 2, 31) });
		expect(result.perceived).toMatchObject({
			answered: 6,
			resolvedPerceived: 3,
			rate: 0.5,
			agreement: { bothResolved: 2, internalOnly: 2, perceivedOnly: 1, neither: 1 }
		});
		// po = 3/6, pe = (4/6)(3/6) + (2/6)(3/6) = 1/2 → kappa 0.
		expect(result.perceived?.kappa).toBeCloseTo(0, 12);
		expect(result.csat).toMatchObject({ answered: 5, satisfied: 2, rate: 0.4 });
		expect(result.nps).toMatchObject({ answered: 5, promoters: 2, detractors: 2, score: 0 });
	});

	it('leaves pending demands out of the survey figures', () => {
		const log = table(contact({ survey_resolved: true, csat: 5, nps: 10 }));
		const result = analyze(log, { observationEnd: Date.UTC(2026, 2, 2) });
		expect(result).toMatchObject({ pending: 1, perceived: null, csat: null, nps: null });
	});

	it('gives each breakdown key the survey figures of the demands it starts', () => {
		// No cold flows: a single email is resolved without handled_at.
		const log = table(
			contact({ customer_id: 'A', survey_resolved: true, csat: 5, nps: 10 }), // both
			contact({ customer_id: 'B', callback: true, survey_resolved: true, csat: 4, nps: 8 }), // perceived only
			contact({ customer_id: 'C', survey_resolved: false, csat: 2, nps: 6 }), // neither: C repeats
			// C's repeat on chat: its answers are not counted, and chat starts no demand.
			contact({ customer_id: 'C', timestamp: at(2), channel: 'chat', survey_resolved: true, csat: 5, nps: 10 }),
			// D internal only, E both.
			contact({ customer_id: 'D', timestamp: at(5), channel: 'email', motive: 'DELIV', survey_resolved: false, nps: 9 }),
			contact({ customer_id: 'E', timestamp: at(6), channel: 'email', motive: 'DELIV', survey_resolved: true, csat: 3 }),
			// Pending on 31 March: mail has a demand but no survey figure.
			contact({ customer_id: 'F', timestamp: at(30), channel: 'mail', survey_resolved: true, csat: 5, nps: 10 })
		);
		const result = analyze(
			log,
			{ observationEnd: Date.UTC(2026, 2, 31), coldFlowDelays: { email: null, web_form: null } },
			{ by: ['channel', 'motive', 'month'] }
		);
		const channel = result.by.channel ?? {};
		expect(Object.keys(channel).sort()).toEqual(['chat', 'email', 'mail', 'phone']);
		// phone: A both, B perceived only, C neither. po = 2/3, pe = (1/3)(2/3) + (2/3)(1/3) = 4/9,
		// kappa = (2/9) / (5/9) = 0.4.
		expect(channel.phone).toMatchObject({
			eligible: 3,
			perceived: {
				answered: 3,
				resolvedPerceived: 2,
				ci95: wilson(2, 3),
				agreement: { bothResolved: 1, internalOnly: 0, perceivedOnly: 1, neither: 1 }
			},
			csat: { answered: 3, satisfied: 2, ci95: wilson(2, 3) },
			nps: { answered: 3, promoters: 1, detractors: 1, score: 0 }
		});
		expect(channel.phone.perceived?.rate).toBeCloseTo(2 / 3, 12);
		expect(channel.phone.perceived?.kappa).toBeCloseTo(0.4, 12);
		expect(channel.phone.csat?.rate).toBeCloseTo(2 / 3, 12);
		// email: D internal only, E both. Every demand resolved: pe = po = 1/2, kappa 0.
		expect(channel.email).toEqual(
			expect.objectContaining({
				perceived: {
					answered: 2,
					resolvedPerceived: 1,
					rate: 0.5,
					ci95: wilson(1, 2),
					agreement: { bothResolved: 1, internalOnly: 1, perceivedOnly: 0, neither: 0 },
					kappa: 0
				},
				csat: { answered: 1, satisfied: 0, rate: 0, ci95: wilson(0, 1) },
				nps: { answered: 1, promoters: 1, detractors: 0, score: 1 }
			})
		);
		// Keys without answers: a repeat's channel, a pending demand's channel.
		expect(channel.chat).toMatchObject({ contacts: 1, demands: 0, perceived: null, csat: null, nps: null });
		expect(channel.mail).toMatchObject({ demands: 1, pending: 1, perceived: null, csat: null, nps: null });
		// The total: po = 3/5, pe = (3/5)(3/5) + (2/5)(2/5) = 13/25, kappa = (2/25) / (12/25) = 1/6.
		expect(result.perceived).toMatchObject({
			answered: 5,
			resolvedPerceived: 3,
			agreement: { bothResolved: 2, internalOnly: 1, perceivedOnly: 1, neither: 1 }
		});
		expect(result.perceived?.kappa).toBeCloseTo(1 / 6, 12);
		expect(result.csat).toMatchObject({ answered: 4, satisfied: 2, rate: 0.5 });
		expect(result.nps).toMatchObject({ answered: 4, promoters: 2, detractors: 1, score: 0.25 });
		// By motive: BILL holds A, B, C (and pending F), DELIV holds D, E.
		expect(result.by.motive?.BILL.perceived).toEqual(channel.phone.perceived);
		expect(result.by.motive?.DELIV.perceived).toEqual(channel.email.perceived);
		// One month: the total's survey figures.
		const march = result.by.month?.['2026-03'];
		expect(march && { perceived: march.perceived, csat: march.csat, nps: march.nps }).toEqual({
			perceived: result.perceived,
			csat: result.csat,
			nps: result.nps
		});
	});
});

// ------------------------------------------------------------------- properties

const START = Date.UTC(2026, 0, 1);
const rowArbitrary = fc.record({
	customer: fc.constantFrom('A', 'B', 'C', 'D'),
	hours: fc.integer({ min: 0, max: 24 * 40 }),
	channel: fc.constantFrom('phone', 'chat', 'email'),
	motive: fc.constantFrom('BILL', 'DELIV', 'MOVE'),
	outbound: fc.boolean(),
	flag: fc.constantFrom<Partial<ContactRow>>({}, {}, { callback: true }, { transferred: true }, { resolved: false }),
	survey: fc.constantFrom(true, false, undefined),
	csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
	nps: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined })
});
type RandomRow = typeof rowArbitrary extends fc.Arbitrary<infer T> ? T : never;

function rowsOf(random: RandomRow[]): ContactRow[] {
	return random.map((r) => ({
		customer_id: r.customer,
		timestamp: START + r.hours * HOUR,
		channel: r.channel,
		motive: r.motive,
		direction: r.outbound ? 'outbound' : 'inbound',
		handled_at: START + r.hours * HOUR + 10 * MINUTE,
		...r.flag,
		...(r.survey === undefined ? {} : { survey_resolved: r.survey }),
		...(r.csat === undefined ? {} : { csat: r.csat }),
		...(r.nps === undefined ? {} : { nps: r.nps })
	}));
}

const settingsArbitrary = fc.record(SETTINGS_ARBITRARIES);

describe('invariants', () => {
	it('orders the counts and adds up contacts', () => {
		fc.assert(
			fc.property(fc.array(rowArbitrary, { maxLength: 40 }), settingsArbitrary, (random, settings) => {
				const r = analyze(fromRows(rowsOf(random)), settings);
				expect(r.resolvedFirst).toBeLessThanOrEqual(r.eligible);
				expect(r.eligible).toBeLessThanOrEqual(r.demands);
				expect(r.demands).toBeLessThanOrEqual(r.contacts);
				expect(r.repeatContacts + r.demands).toBe(r.contacts);
				expect(r.eligible + r.pending).toBe(r.demands);
				expect(r.resolvedFirstExclComplex).toBeLessThanOrEqual(r.eligibleExclComplex);
				expect(r.eligibleExclComplex).toBeLessThanOrEqual(r.eligible);
			})
		);
	});

	it('does not depend on the order of rows across customers', () => {
		fc.assert(
			fc.property(
				fc.array(rowArbitrary, { maxLength: 40 }),
				settingsArbitrary,
				fc.func(fc.integer()),
				(random, settings, rank) => {
					const rows = rowsOf(random);
					// Shuffle customers' blocks, keeping each customer's own rows in order.
					const customers = [...new Set(rows.map((row) => row.customer_id))].sort(
						(a, b) => rank(a) - rank(b) || a.localeCompare(b)
					);
					const shuffled = customers.flatMap((c) => rows.filter((row) => row.customer_id === c));
					const by = ['channel', 'motive', 'week'] as const;
					const a = analyze(fromRows(rows), settings, { by: [...by] });
					const b = analyze(fromRows(shuffled), settings, { by: [...by] });
					expect(b).toEqual(a);
				}
			)
		);
	});

	it('with nothing pending, a longer window never gives more demands nor more resolved', () => {
		const windows = [6 * HOUR, DAY, 3 * DAY, 7 * DAY, 30 * DAY];
		fc.assert(
			fc.property(fc.array(rowArbitrary, { maxLength: 40 }), settingsArbitrary, (random, settings) => {
				const log = fromRows(rowsOf(random));
				const results = windows.map((ms) =>
					analyze(log, { ...settings, window: { kind: 'duration', ms }, observationEnd: START + 400 * DAY })
				);
				for (let i = 1; i < results.length; i++) {
					expect(results[i].demands).toBeLessThanOrEqual(results[i - 1].demands);
					expect(results[i].resolvedFirst).toBeLessThanOrEqual(results[i - 1].resolvedFirst);
				}
			})
		);
	});

	it('scope any never gives more demands than category, nor category than motive', () => {
		fc.assert(
			fc.property(fc.array(rowArbitrary, { maxLength: 40 }), settingsArbitrary, (random, settings) => {
				const log = fromRows(rowsOf(random));
				const demands = (scope: AnalysisSettings['scope']) => analyze(log, { ...settings, scope }).demands;
				expect(demands('any')).toBeLessThanOrEqual(demands('category'));
				expect(demands('category')).toBeLessThanOrEqual(demands('motive'));
			})
		);
	});

	it('breakdowns add up to the totals', () => {
		const dimensions = ['channel', 'motive', 'code', 'category', 'theme', 'agent', 'month', 'week'] as const;
		fc.assert(
			fc.property(fc.array(rowArbitrary, { maxLength: 40 }), settingsArbitrary, (random, settings) => {
				const r = analyze(fromRows(rowsOf(random)), settings, { by: [...dimensions] });
				for (const dimension of dimensions) {
					const groups = Object.values(r.by[dimension] ?? {});
					const sum = (field: 'contacts' | 'repeatContacts' | 'demands' | 'eligible' | 'resolvedFirst' | 'avoidableContacts') =>
						groups.reduce((total, g) => total + g[field], 0);
					expect(sum('contacts')).toBe(r.contacts);
					expect(sum('repeatContacts')).toBe(r.repeatContacts);
					expect(sum('demands')).toBe(r.demands);
					expect(sum('eligible')).toBe(r.eligible);
					expect(sum('resolvedFirst')).toBe(r.resolvedFirst);
					expect(sum('avoidableContacts')).toBe(r.avoidableContacts);
					// Each demand's answers are under one key: the survey counts add up too, and a
					// key's figure is null exactly when it has no answers.
					const surveySum = (count: (g: (typeof groups)[number]) => number | undefined) =>
						groups.reduce((total, g) => total + (count(g) ?? 0), 0);
					expect(surveySum((g) => g.perceived?.answered)).toBe(r.perceived?.answered ?? 0);
					expect(surveySum((g) => g.perceived?.resolvedPerceived)).toBe(r.perceived?.resolvedPerceived ?? 0);
					for (const cell of ['bothResolved', 'internalOnly', 'perceivedOnly', 'neither'] as const) {
						expect(surveySum((g) => g.perceived?.agreement[cell])).toBe(r.perceived?.agreement[cell] ?? 0);
					}
					expect(surveySum((g) => g.csat?.answered)).toBe(r.csat?.answered ?? 0);
					expect(surveySum((g) => g.csat?.satisfied)).toBe(r.csat?.satisfied ?? 0);
					expect(surveySum((g) => g.nps?.answered)).toBe(r.nps?.answered ?? 0);
					expect(surveySum((g) => g.nps?.promoters)).toBe(r.nps?.promoters ?? 0);
					expect(surveySum((g) => g.nps?.detractors)).toBe(r.nps?.detractors ?? 0);
					for (const g of groups) {
						expect(g.perceived === null || g.perceived.answered > 0).toBe(true);
						expect(g.csat === null || g.csat.answered > 0).toBe(true);
						expect(g.nps === null || g.nps.answered > 0).toBe(true);
					}
				}
			})
		);
	});
});

describe('contract v2 rules (METRICS.md §1–§4)', () => {
	it('compares motive codes trimmed and case-insensitively, shown with their first spelling (§1)', () => {
		// A: BILL 03-01, ` bill ` 03-03 (a repeat: same motive, 2 days) ; B: Bill 03-02.
		const t = table(
			contact({ customer_id: 'A', timestamp: at(1), motive: 'BILL' }),
			contact({ customer_id: 'A', timestamp: at(3), motive: ' bill ' }),
			contact({ customer_id: 'B', timestamp: at(2), motive: 'Bill' })
		);
		expect(t.motives).toEqual(['BILL']);
		const result = analyze(t, { ...LATER, complexMotives: ['bill'], categories: { bIlL: 'Billing' } }, { by: ['code', 'category'] });
		// Demands: A(03-01, chain of 2), B → 2; repeat 1 of 3 contacts; both demands complex.
		expect(result).toMatchObject({ contacts: 3, demands: 2, repeatContacts: 1, eligible: 2, eligibleExclComplex: 0 });
		expect(Object.keys(result.by.code ?? {})).toEqual(['BILL']);
		expect(result.by.category?.Billing).toMatchObject({ contacts: 3, demands: 2 });
	});

	it('keeps an uncatalogued motive apart from a catalogue category of the same name (§2)', () => {
		// Scope category. A: BILL (category Billing) 03-01, then `Billing` (uncatalogued) 03-02:
		// two scope keys, so two demands, neither a repeat; both resolved → FCR 2/2.
		const t = table(
			contact({ customer_id: 'A', timestamp: at(1), motive: 'BILL' }),
			contact({ customer_id: 'A', timestamp: at(2), motive: 'Billing' })
		);
		const result = analyze(t, { ...LATER, scope: 'category', categories: { BILL: 'Billing' } }, { by: ['category', 'theme'] });
		expect(result).toMatchObject({ demands: 2, repeatContacts: 0, resolvedFirst: 2 });
		expect(result.by.category).toEqual({
			Billing: expect.objectContaining({ contacts: 1, demands: 1 }),
			'Billing (uncatalogued)': expect.objectContaining({ contacts: 1, demands: 1 })
		});
		// Themes are not set: both codes are their own theme, no suffix needed.
		expect(Object.keys(result.by.theme ?? {})).toEqual(['BILL', 'Billing']);
	});

	it('lists a breakdown key that holds only repeat contacts (§4)', () => {
		// A: phone 03-01, chat 03-02 (a repeat, channels any): the chat key has 1 contact, 1 repeat, 0 demands.
		const t = table(contact({ timestamp: at(1), channel: 'phone' }), contact({ timestamp: at(2), channel: 'chat' }));
		const result = analyze(t, LATER, { by: ['channel'] });
		expect(result.by.channel?.chat).toMatchObject({ contacts: 1, repeatContacts: 1, demands: 0, eligible: 0, fcr: null });
		expect(result.by.channel?.phone).toMatchObject({ contacts: 1, repeatContacts: 0, demands: 1 });
	});

	it('counts the contacts after the observation end; their demands are pending (§2)', () => {
		// End 03-10 23:59:59.999. A: 03-01 (eligible: 03-08 ≤ end), repeat 03-05; B: 03-12 after the end.
		const t = table(
			contact({ customer_id: 'A', timestamp: at(1) }),
			contact({ customer_id: 'A', timestamp: at(5) }),
			contact({ customer_id: 'B', timestamp: at(12) }),
			contact({ customer_id: 'B', timestamp: at(13) })
		);
		const result = analyze(t, { observationEnd: Date.UTC(2026, 2, 11) - 1 });
		// Contacts 4, repeats 2 (A 03-05, B 03-13); demands 2, pending 1 (B), eligible 1 (A, not resolved).
		expect(result).toMatchObject({ contacts: 4, repeatContacts: 2, demands: 2, pending: 1, eligible: 1, resolvedFirst: 0 });
	});

	it('keeps the default delays of the channels a setting does not name; an answer before receipt counts as 0 (§2)', () => {
		// email answered in 90 min (limit set to 2h → resolved); web_form in 90 min (default 1h → not);
		// mail never answered (default none → no condition); email answered 10 min before receipt → 0 → resolved.
		const t = table(
			contact({ customer_id: 'A', channel: 'email', handled_at: '2026-03-01T10:30' }),
			contact({ customer_id: 'B', channel: 'web_form', handled_at: '2026-03-01T10:30' }),
			contact({ customer_id: 'C', channel: 'mail' }),
			contact({ customer_id: 'D', channel: 'email', handled_at: '2026-03-01T08:50' })
		);
		const result = analyze(t, { ...LATER, coldFlowDelays: { email: 2 * HOUR } }, { by: ['channel'] });
		expect(result.settings.coldFlowDelays).toEqual({ email: 2 * HOUR, web_form: HOUR, mail: null });
		expect(result.by.channel?.email).toMatchObject({ eligible: 2, resolvedFirst: 2 });
		expect(result.by.channel?.web_form).toMatchObject({ eligible: 1, resolvedFirst: 0 });
		expect(result.by.channel?.mail).toMatchObject({ eligible: 1, resolvedFirst: 1 });
	});
});
