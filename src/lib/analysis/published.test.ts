import { describe, expect, it } from 'vitest';
import { analyze, DIMENSIONS } from './metrics';
import { resolveSettings } from './settings';
import { publishable, publishableOverlay } from './published';
import { overlay } from './overlay';
import { journeyModel } from './overlay-model';
import { compileRules } from '../domain/mapping';
import { createDemoWorkspace } from '../domain/demo';
import { generatedLogs } from '../../../tests/fixtures/contacts';

describe('figures published to the team', () => {
	it('keep the measured figures and leave out agents, teams and every row', () => {
		const { contacts } = generatedLogs(400, 7);
		const result = analyze(contacts, resolveSettings({}), { by: [...DIMENSIONS] });
		const published = publishable(result);
		expect(published.fcr).toBe(result.fcr);
		expect(published.by.channel).toEqual(result.by.channel);
		expect(published.by.agent).toBeUndefined();
		expect(published.by.team).toBeUndefined();
		const text = JSON.stringify(published);
		const customers = Array.from({ length: 20 }, (_, i) => contacts.customers[contacts.customer[i]]);
		for (const id of customers) expect(text).not.toContain(`"${id}"`);
	});

	it('keep a journey’s state figures and transitions, and leave out customers and every page address', () => {
		const { contacts, web } = generatedLogs(3_000, 11);
		const workspace = createDemoWorkspace(new Date('2026-07-01T00:00:00Z'));
		const journey = workspace.journeys[0];
		const result = overlay({ contacts, web, rules: compileRules(workspace.rules, journey.id), journeyId: journey.id, model: journeyModel(journey.machine) });
		const published = publishableOverlay(result);
		expect(published.transitions).toEqual(result.transitions);
		expect(published.totals).toEqual(result.totals);
		const [id, figures] = Object.entries(result.states).find(([, f]) => f.topPages.length > 0)!;
		expect({ ...published.states[id], topPages: figures.topPages }).toEqual(figures);
		const text = JSON.stringify(published);
		const customers = Array.from({ length: 50 }, (_, i) => contacts.customers[contacts.customer[i]]);
		for (const customer of customers) expect(text).not.toContain(`"${customer}"`);
		for (const page of web.pages.slice(0, 50)) expect(text).not.toContain(`"${page}"`);
	});
});
