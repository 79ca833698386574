import { describe, expect, it } from 'vitest';
import { analyze } from './metrics';
import { unansweredColdFlow } from './cold-flow-answers';
import { contact, table } from '../../../tests/fixtures/contacts';

describe('cold-flow channels measured without answer times', () => {
	// Two e-mails, one phone call, no handled_at column: the e-mails can never be resolved (METRICS §2.5).
	const log = table(
		contact({ customer_id: 'A', timestamp: '2026-03-01T09:00', channel: 'email' }),
		contact({ customer_id: 'B', timestamp: '2026-03-02T09:00', channel: 'email' }),
		contact({ customer_id: 'C', timestamp: '2026-03-03T09:00', channel: 'phone' })
	);
	const end = Date.UTC(2026, 2, 31, 23, 59, 59);

	it('names the channels whose delay makes every demand unresolved, with their eligible demands', () => {
		const result = analyze(log, { observationEnd: end }, { by: ['channel'] });
		expect(result.by.channel?.email).toMatchObject({ eligible: 2, resolvedFirst: 0 });
		expect(unansweredColdFlow(result, [])).toEqual({ channels: ['email'], eligible: 2 });
	});

	it('says nothing when the log has answer times, or the delays are lifted', () => {
		const result = analyze(log, { observationEnd: end }, { by: ['channel'] });
		expect(unansweredColdFlow(result, ['handled_at'])).toBeNull();
		const lifted = analyze(log, { observationEnd: end, coldFlowDelays: { email: null, web_form: null } }, { by: ['channel'] });
		expect(lifted.by.channel?.email).toMatchObject({ eligible: 2, resolvedFirst: 2 });
		expect(unansweredColdFlow(lifted, [])).toBeNull();
	});
});
