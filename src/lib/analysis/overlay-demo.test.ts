import { describe, expect, it } from 'vitest';
import { createDemoWorkspace } from '../domain/demo';
import { findState } from '../domain/journey';
import { compileRules, mapContacts, mapPages } from '../domain/mapping';
import { validateRule } from '../domain/schemas';
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

	it('map most of a generated log and show deviations', () => {
		const { contacts, web } = generatedLogs(20_000, 3);
		const mappedContacts = new Uint8Array(contacts.length);
		const mappedPages = new Uint8Array(web.length);
		let deviations = 0;
		for (const journey of workspace.journeys) {
			const result = overlay({
				contacts,
				web,
				rules: compileRules(workspace.rules, journey.id),
				journeyId: journey.id,
				model: journeyModel(journey.machine)
			});
			expect(result.totals.mappedContacts).toBeGreaterThan(0.25 * contacts.length);
			expect(result.transitions.length).toBeGreaterThan(5);
			deviations += result.deviations.length;
			for (const rule of result.rules) expect(rule.matched, rule.id).toBeGreaterThan(0);
			for (const state of Object.values(result.states)) expect(state.inModel, state.state).toBe(true);
			// Rows mapped by either journey's rules.
			const compiled = compileRules(workspace.rules, journey.id);
			const byContact = mapContacts(compiled, contacts).ruleOfRow;
			byContact.forEach((rule, row) => rule >= 0 && (mappedContacts[row] = 1));
			const byPage = mapPages(compiled, web).ruleOfRow;
			byPage.forEach((rule, row) => rule >= 0 && (mappedPages[row] = 1));
		}
		const share = (marks: Uint8Array) => marks.reduce((a, b) => a + b, 0) / marks.length;
		expect(share(mappedContacts)).toBeGreaterThan(0.9);
		expect(share(mappedPages)).toBeGreaterThan(0.7);
		expect(deviations).toBeGreaterThan(0);
	});
});

