import { describe, expect, it } from 'vitest';
import type { MappingRule } from '../domain/types';
import { fromRows, type ContactRow } from './from-rows';
import { journeyCoverage } from './journey-coverage';

let order = 0;
const rule = (journeyId: string, stateId: string, match: MappingRule['match'], kind: 'contact' | 'web' = 'contact'): MappingRule =>
	({ id: `r${order}`, workspaceId: 'w', journeyId, order: order++, stateId, kind, match }) as MappingRule;

/** Six contacts: two bill questions, a meter reading by phone and by email, a move, an unknown code. */
const CONTACTS: ContactRow[] = [
	{ customer_id: 'P1', timestamp: '2026-03-01 09:00', channel: 'phone', motive: 'BILL' },
	{ customer_id: 'P2', timestamp: '2026-03-01 10:00', channel: 'email', motive: 'bill ' },
	{ customer_id: 'P1', timestamp: '2026-03-02 09:00', channel: 'phone', motive: 'METER' },
	{ customer_id: 'P3', timestamp: '2026-03-02 10:00', channel: 'email', motive: 'METER' },
	{ customer_id: 'P3', timestamp: '2026-03-03 10:00', channel: 'phone', motive: 'MOVE' },
	{ customer_id: 'P4', timestamp: '2026-03-04 10:00', channel: 'phone', motive: 'ZZZ' }
];

describe('journeyCoverage (METRICS.md §6)', () => {
	it('counts, per journey, the contacts its rules map and leave unmapped, and the share mapped by any journey', () => {
		const rules = [
			rule('billing', 'question', { motive: 'BILL' }),
			rule('billing', 'meter', { motive: 'METER', channel: 'phone' }),
			rule('billing', 'pages', { page: '/bill/**', syntax: 'glob' }, 'web'),
			rule('move', 'meter', { motive: 'meter' }),
			rule('move', 'start', { category: 'moving' }),
			// Does not compile: left out, the others still count.
			rule('move', 'broken', { page: '(', syntax: 'regex' }, 'web')
		];
		const coverage = journeyCoverage(fromRows(CONTACTS), rules, { MOVE: 'moving' });
		expect(coverage.byJourney).toEqual([
			{ journeyId: 'billing', mapped: 3, unmapped: 3 },
			{ journeyId: 'move', mapped: 3, unmapped: 3 }
		]);
		// BILL ×2, METER ×2, MOVE: the unknown code alone is mapped to no journey.
		expect(coverage).toMatchObject({ contacts: 6, mapped: 5 });
		expect(coverage.share).toBeCloseTo(5 / 6);
	});

	it('maps nothing without rules, and has no share for an empty log', () => {
		expect(journeyCoverage(fromRows(CONTACTS), [])).toEqual({ contacts: 6, mapped: 0, share: 0, byJourney: [] });
		expect(journeyCoverage(fromRows([]), [rule('billing', 'question', { motive: 'BILL' })]).share).toBeNull();
	});
});
