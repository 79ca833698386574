import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatedRow } from '../../../tests/fixtures/contacts';
import { demoMotiveModel } from '../domain/demo';
import { fromRows } from './from-rows';
import {
	contactsCsvHeader,
	formatTimestamp,
	generateContacts,
	toCsvLine,
	toWebCsvLine,
	type GeneratedContact,
	type GeneratedWebEvent
} from './generate';
import { analyze } from './metrics';

function collect(options: Parameters<typeof generateContacts>[0]) {
	const contacts: GeneratedContact[] = [];
	const web: GeneratedWebEvent[] = [];
	const summary = generateContacts(options, {
		contact: (row) => contacts.push(row),
		web: (event) => web.push(event)
	});
	return { contacts, web, summary };
}

describe('generateContacts', () => {
	it('gives the same rows for the same seed and different rows for another', () => {
		const a = collect({ contacts: 3000, seed: 11, web: true });
		const b = collect({ contacts: 3000, seed: 11, web: true });
		const c = collect({ contacts: 3000, seed: 12, web: true });
		expect(a.contacts.map(toCsvLine)).toEqual(b.contacts.map(toCsvLine));
		expect(a.web.map(toWebCsvLine)).toEqual(b.web.map(toWebCsvLine));
		expect(a.contacts.map(toCsvLine)).not.toEqual(c.contacts.map(toCsvLine));
		// The web log draws from its own stream: the contacts do not change with it.
		const withoutWeb = collect({ contacts: 3000, seed: 11 });
		expect(withoutWeb.web).toHaveLength(0);
		expect(withoutWeb.contacts.map(toCsvLine)).toEqual(a.contacts.map(toCsvLine));
	});

	it('writes exactly the number of contacts asked for, in time order, over about the months asked', () => {
		const { contacts, summary } = collect({ contacts: 20_000, seed: 3, months: 3, start: '2026-02-01' });
		expect(contacts).toHaveLength(20_000);
		expect(summary.contacts).toBe(20_000);
		const unordered = contacts.findIndex((c, i) => i > 0 && c.timestamp < contacts[i - 1].timestamp);
		expect(unordered).toBe(-1);
		expect(formatTimestamp(contacts[0].timestamp).slice(0, 10)).toBe('2026-02-01');
		const days = (summary.last - summary.first) / 86_400_000;
		expect(days).toBeGreaterThan(80);
		expect(days).toBeLessThan(100);
		expect(new Set(contacts.map((c) => c.contactId)).size).toBe(20_000);
	});

	it('handles tiny and empty totals', () => {
		expect(collect({ contacts: 0, seed: 1 }).contacts).toHaveLength(0);
		expect(collect({ contacts: 7, seed: 1 }).contacts).toHaveLength(7);
	});

	it('draws the demo motives, channels, about 60 agents in teams, segments and a survey sample', () => {
		const { contacts } = collect({ contacts: 20_000, seed: 5 });
		const motives = new Set(contacts.map((c) => c.motive));
		expect([...motives].sort()).toEqual(demoMotiveModel().map((m) => m.code).sort());
		expect(new Set(contacts.map((c) => c.channel))).toEqual(
			new Set(['phone', 'email', 'chat', 'web_form', 'store', 'mail', 'social', 'messaging'])
		);
		const agents = new Set(contacts.map((c) => c.agent));
		expect(agents.size).toBeGreaterThanOrEqual(55);
		expect(agents.size).toBeLessThanOrEqual(65);
		expect(new Set(contacts.map((c) => c.team)).size).toBeGreaterThanOrEqual(5);
		expect(new Set(contacts.map((c) => c.segment))).toContain('professionnels');
		const inbound = contacts.filter((c) => c.direction === 'inbound');
		const surveyed = inbound.filter((c) => c.surveyResolved !== null).length / inbound.length;
		expect(surveyed).toBeGreaterThan(0.12);
		expect(surveyed).toBeLessThan(0.18);
		const outbound = contacts.length - inbound.length;
		expect(outbound).toBeGreaterThan(0);
		expect(contacts.some((c) => c.transferred)).toBe(true);
		for (const c of contacts) {
			if (c.csat !== null) expect(c.csat >= 1 && c.csat <= 5).toBe(true);
			if (c.nps !== null) expect(c.nps >= 0 && c.nps <= 10).toBe(true);
		}
	});

	it('answers many e-mails within the hour and leaves a long tail', () => {
		const { contacts } = collect({ contacts: 20_000, seed: 9 });
		const delays = contacts
			.filter((c) => c.channel === 'email' && c.direction === 'inbound')
			.map((c) => (c.handledAt ?? NaN) - c.timestamp);
		expect(delays.every((d) => d > 0)).toBe(true);
		const withinHour = delays.filter((d) => d <= 3_600_000).length / delays.length;
		expect(withinHour).toBeGreaterThan(0.4);
		expect(withinHour).toBeLessThan(0.75);
		expect(delays.some((d) => d > 86_400_000)).toBe(true);
	});

	it('produces web sessions of identified customers, some followed by a contact within hours', () => {
		const { contacts, web } = collect({ contacts: 5000, seed: 4, web: true });
		expect(web.length).toBeGreaterThan(contacts.length);
		expect(web.some((e) => e.page === '/espace-client/factures')).toBe(true);
		expect(web.findIndex((e, i) => i > 0 && e.timestamp < web[i - 1].timestamp)).toBe(-1);
		// Contacts whose customer was on the web in the 24 hours before.
		const visits = new Map<string, number[]>();
		for (const e of web) visits.set(e.customerId, [...(visits.get(e.customerId) ?? []), e.timestamp]);
		const followed = contacts.filter((c) =>
			(visits.get(c.customerId) ?? []).some((t) => t <= c.timestamp && c.timestamp - t < 24 * 3_600_000)
		).length;
		expect(followed / contacts.length).toBeGreaterThan(0.1);
	});

	it('gives plausible FCR, repeat rate and an agent specialisation when analysed', () => {
		const { contacts } = collect({ contacts: 20_000, seed: 21 });
		const complexMotives = demoMotiveModel().filter((m) => m.complex).map((m) => m.code);
		const result = analyze(fromRows(contacts.map(generatedRow)), { complexMotives }, { by: ['agent', 'motive'] });
		expect(result.fcr).toBeGreaterThan(0.5);
		expect(result.fcr).toBeLessThan(0.85);
		expect(result.fcrExclComplex!).toBeGreaterThan(result.fcr!);
		expect(result.repeatRate).toBeGreaterThan(0.08);
		expect(result.repeatRate).toBeLessThan(0.3);
		const byMotive = result.by.motive!;
		expect(byMotive['CPT-PANNE'].fcr!).toBeLessThan(byMotive['FAC-DUPL'].fcr!);
	});

	it('writes CSV lines in the canonical columns', () => {
		const { contacts } = collect({ contacts: 50, seed: 2 });
		const columns = contactsCsvHeader.split(',');
		expect(columns).toHaveLength(16);
		for (const c of contacts) {
			const cells = toCsvLine(c).split(',');
			expect(cells).toHaveLength(columns.length);
			expect(cells[2]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
			expect(['true', 'false', '']).toContain(cells[9]);
		}
		expect(formatTimestamp(Date.UTC(2026, 2, 1, 9, 5, 7))).toBe('2026-03-01 09:05:07');
	});

	it('keeps its invariants for any seed and size', () => {
		fc.assert(
			fc.property(fc.nat(), fc.integer({ min: 0, max: 400 }), fc.boolean(), (seed, n, web) => {
				const { contacts, web: events } = collect({ contacts: n, seed, web, months: 1 });
				expect(contacts).toHaveLength(n);
				expect(contacts.findIndex((c, i) => i > 0 && c.timestamp < contacts[i - 1].timestamp)).toBe(-1);
				expect(new Set(contacts.map((c) => c.contactId)).size).toBe(n);
				for (const c of contacts) {
					expect(c.timestamp % 1000).toBe(0);
					if (c.handledAt !== null) expect(c.handledAt).toBeGreaterThanOrEqual(c.timestamp);
					if (c.direction === 'outbound') expect(c.surveyResolved).toBeNull();
				}
				if (!web) expect(events).toHaveLength(0);
			}),
			{ numRuns: 40 }
		);
	});

	it('rejects a bad start date', () => {
		expect(() => generateContacts({ contacts: 1, seed: 1, start: '01/02/2026' }, { contact() {} })).toThrow(
			/start date/
		);
	});
});
