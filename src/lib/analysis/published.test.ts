import { describe, expect, it } from 'vitest';
import { analyze, DIMENSIONS } from './metrics';
import { resolveSettings } from './settings';
import { publishable } from './published';
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
});
