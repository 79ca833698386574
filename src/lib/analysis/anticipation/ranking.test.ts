import { describe, expect, it } from 'vitest';
import { rate } from '../stats';
import { DAY } from '../settings';
import { anticipationCsv, isStrongTrigger, periodDays, rankTriggers, savingPerYear, triggerState } from './ranking';
import type { Trigger } from './types';

function trigger(key: string, fields: Partial<Trigger> = {}): Trigger {
	const [kind, label] = key.split(/:(.*)/s) as [Trigger['kind'], string];
	return {
		kind,
		key,
		label,
		occurrences: 100,
		pending: 0,
		customers: 80,
		followed: 40,
		rate: rate(40, 100),
		baseline: 0.1,
		lift: 4,
		attributable: 30,
		saving: null,
		followingContacts: 50,
		meanCost: null,
		motives: [],
		channels: [],
		segments: [],
		medianDelay: null,
		byDay: [],
		baselinePerDay: 0,
		...fields
	};
}

describe('anticipation ranking', () => {
	const a = trigger('event:bill', { attributable: 30, saving: 10 });
	const b = trigger('state:billing', { attributable: 50, saving: null });
	const c = trigger('exitPage:/help', { attributable: 30, occurrences: 200, saving: 40 });

	it('ranks by attributable contacts, then occurrences, and filters by kind', () => {
		expect(rankTriggers([a, b, c]).map((t) => t.key)).toEqual(['state:billing', 'exitPage:/help', 'event:bill']);
		expect(rankTriggers([a, b, c], { kinds: ['event', 'state'] }).map((t) => t.key)).toEqual(['state:billing', 'event:bill']);
	});

	it('ranks by saving with the triggers without one last', () => {
		expect(rankTriggers([a, b, c], { order: 'saving' }).map((t) => t.key)).toEqual(['exitPage:/help', 'event:bill', 'state:billing']);
	});

	it('calls strong a lift of at least 2 over at least 30 occurrences', () => {
		expect(isStrongTrigger({ lift: 2, occurrences: 30 })).toBe(true);
		expect(isStrongTrigger({ lift: 1.99, occurrences: 500 })).toBe(false);
		expect(isStrongTrigger({ lift: 9, occurrences: 29 })).toBe(false);
		expect(isStrongTrigger({ lift: null, occurrences: 500 })).toBe(false);
	});

	it('puts a saving over the period on a year', () => {
		expect(periodDays({ period: { start: 0, end: 73 * DAY } })).toBe(73);
		expect(periodDays({ period: { start: null, end: null } })).toBeNull();
		expect(savingPerYear(100, 73)).toBeCloseTo(500);
		expect(savingPerYear(null, 73)).toBeNull();
		expect(triggerState('state:billing.issued')).toBe('billing.issued');
		expect(triggerState('event:x')).toBeNull();
	});

	it('writes the ranking as CSV with a decimal comma, intervals in percent and the top motives', () => {
		const t = trigger('event:=bill', {
			rate: rate(1, 4),
			baseline: 0.05,
			lift: 5,
			attributable: 0.8,
			saving: 1.2,
			meanCost: 5,
			medianDelay: 36 * 3_600_000,
			motives: [{ value: 'BILL', count: 3, share: 0.75 }, { value: 'OTHER', count: 1, share: 0.25 }]
		});
		const csv = anticipationCsv([t], { decimalComma: true, days: 365, kinds: { event: 'Événement' }, headers: { trigger: 'Déclencheur' } });
		const [head, row] = csv.slice(1).split('\r\n');
		expect(csv.startsWith('\uFEFF')).toBe(true);
		expect(head.split(';').slice(0, 3)).toEqual(['kind', 'Déclencheur', 'occurrences']);
		const cells = row.split(';');
		// The label starts with "=": neutralised so a spreadsheet does not run it.
		expect(cells[0]).toBe('Événement');
		expect(cells[1]).toBe(`"'=bill"`);
		expect(cells.slice(6, 18)).toEqual(['25,0', '4,6', '69,9', '5,0', '5,00', '0,8', '50', '5,00', '1,20', '1,20', '36,0', 'BILL (75 %), OTHER (25 %)']);
	});
});
