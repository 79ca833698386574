import { describe, expect, it } from 'vitest';
import { createDemoWorkspace, demoMotiveModel } from '../domain/demo';
import { findState } from '../domain/journey';
import { compileRules, mapContacts, mapPages } from '../domain/mapping';
import { validateRule } from '../domain/schemas';
import { DEMO_DATA, DETOURS } from './generate-model';
import { analyze } from './metrics';
import { overlay } from './overlay';
import { journeyModel } from './overlay-model';
import { generatedLogs } from '../../../tests/fixtures/contacts';

describe('the demo mapping rules', () => {
	const workspace = createDemoWorkspace(new Date('2026-07-01T00:00:00Z'));

	it('are valid and point at states of their journeys', () => {
		expect(workspace.rules.length).toBeGreaterThan(20);
		for (const rule of workspace.rules) {
			expect(validateRule(rule)).toEqual([]);
			const journey = workspace.journeys.find((j) => j.id === rule.journeyId);
			expect(journey, rule.id).toBeDefined();
			expect(findState(journey!.machine, rule.stateId), `${rule.id} → ${rule.stateId}`).toBeDefined();
		}
		expect(new Set(workspace.rules.map((r) => r.id)).size).toBe(workspace.rules.length);
	});

	it('map a generated log, every rule used, every state in the model', () => {
		const { contacts, web } = generatedLogs(20_000, 3);
		for (const journey of workspace.journeys) {
			const result = overlay({
				contacts,
				web,
				rules: compileRules(workspace.rules, journey.id),
				journeyId: journey.id,
				model: journeyModel(journey.machine)
			});
			expect(result.transitions.length).toBeGreaterThan(5);
			for (const rule of result.rules) expect(rule.matched, rule.id).toBeGreaterThan(0);
			for (const state of Object.values(result.states)) expect(state.inModel, state.state).toBe(true);
		}
	});
});

describe('the demo data on the demo journeys', () => {
	const workspace = createDemoWorkspace(new Date('2026-07-01T00:00:00Z'));
	const { contacts, web } = generatedLogs(DEMO_DATA.contacts, DEMO_DATA.seed);
	const results = workspace.journeys.map((journey) =>
		overlay({
			contacts,
			web,
			rules: compileRules(workspace.rules, journey.id),
			journeyId: journey.id,
			model: journeyModel(journey.machine)
		})
	);

	it('draw the designed journeys: deviations are at most 15 % of the observed transitions', () => {
		results.forEach((result, j) => {
			const volume = result.transitions.reduce((sum, t) => sum + t.count, 0);
			const deviations = result.deviations.reduce((sum, t) => sum + t.count, 0);
			expect(volume, workspace.journeys[j].id).toBeGreaterThan(5000);
			expect(deviations / volume, workspace.journeys[j].id).toBeLessThanOrEqual(0.15);
			// The designed paths carry the traffic: the busiest transitions are in the model.
			expect(result.transitions.slice(0, 3).every((t) => !t.deviation), workspace.journeys[j].id).toBe(true);
		});
	});

	it('show the detours customers take off the map as deviations', () => {
		for (const detour of DETOURS) {
			const result = results[workspace.journeys.findIndex((j) => j.id === detour.journeyId)];
			const seen = result.deviations.find((d) => d.from === detour.from && d.to === detour.to);
			expect(seen, `${detour.from} → ${detour.to}`).toBeDefined();
			expect(seen!.count).toBeGreaterThan(50);
		}
	});

	it('leave at most 5 % of the contacts and of the page views unmapped, but some', () => {
		const mappedContacts = new Uint8Array(contacts.length);
		const mappedPages = new Uint8Array(web.length);
		for (const journey of workspace.journeys) {
			const compiled = compileRules(workspace.rules, journey.id);
			mapContacts(compiled, contacts).ruleOfRow.forEach((rule, row) => rule >= 0 && (mappedContacts[row] = 1));
			mapPages(compiled, web).ruleOfRow.forEach((rule, row) => rule >= 0 && (mappedPages[row] = 1));
		}
		const unmapped = (marks: Uint8Array) => 1 - marks.reduce((a, b) => a + b, 0) / marks.length;
		expect(unmapped(mappedContacts)).toBeLessThanOrEqual(0.05);
		expect(unmapped(mappedPages)).toBeLessThanOrEqual(0.05);
		expect(unmapped(mappedPages)).toBeGreaterThan(0);
		for (const result of results) expect(result.unmapped.pages.map((p) => p.value)).toContain('/contact');
	});

	it('keep plausible headline figures', () => {
		const complexMotives = demoMotiveModel().filter((m) => m.complex).map((m) => m.code);
		const figures = analyze(contacts, { complexMotives });
		expect(figures.fcr).toBeGreaterThanOrEqual(0.55);
		expect(figures.fcr).toBeLessThanOrEqual(0.8);
		expect(figures.fcrExclComplex!).toBeGreaterThan(figures.fcr!);
		expect(figures.repeatRate).toBeGreaterThan(0.06);
		expect(figures.repeatRate).toBeLessThan(0.25);
		expect(figures.contactsPerDemand).toBeGreaterThan(1.05);
		expect(figures.contactsPerDemand).toBeLessThan(1.4);
		expect(web.length).toBeGreaterThan(contacts.length);
	});
});
