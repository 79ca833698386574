import { describe, expect, it } from 'vitest';
import { contactRows, utf8 } from '../../../tests/fixtures/ingest-files';
import { wrapUpFromRun, type FinishedContact, type WrapUp } from '../domain/wrap-up';
import { fromRows } from './from-rows';
import { ingestContacts } from './ingest';
import { analyze } from './metrics';
import { parseObservationEnd } from './settings';
import { TRUE, UNKNOWN } from './table';
import { wrapUpContacts, wrapUpsToContactLog, WRAP_UP_LOG_COLUMNS, type WrapUpMotive } from './wrap-up-log';

const PARIS = 'Europe/Paris';
const motives: WrapUpMotive[] = [
	{ id: 'm-prel', crmCodes: ['PAI-PREL', 'PAI-02'], label: { fr: 'Prélèvement', en: 'Direct debit' } },
	{ id: 'm-move', crmCodes: [], label: { fr: 'Déménagement', en: 'Moving house' } }
];

/** A wrap-up of a guide run; times are instants (UTC), 1 h behind Paris in March. */
function wrapUp(id: string, customerId: string, outcome: FinishedContact['outcome'], startedAt: string, minutes = 5, overrides: Partial<FinishedContact> = {}): WrapUp {
	const start = new Date(startedAt);
	return wrapUpFromRun({
		id,
		contactId: `k-${id}`,
		workspaceId: 'ws',
		customerId,
		motive: { id: 'm-prel', crmCodes: ['PAI-PREL', 'PAI-02'] },
		guideId: 'g-prel',
		outcome,
		startedAt: start,
		endedAt: new Date(start.getTime() + minutes * 60_000),
		channel: 'phone',
		path: ['identify', outcome === 'resolved' ? 'explain' : 'check-bank', `end-${outcome}`],
		...overrides
	});
}

/** The worked case: C1 resolved at 10:00 then transferred at 11:00 the same day; C2 resolved once. */
const worked = [
	wrapUp('w2', 'C1', 'transferred', '2026-03-02T10:00:00Z', 10, { agent: 'Nadia' }),
	wrapUp('w1', 'C1', 'resolved', '2026-03-02T09:00:00Z'),
	wrapUp('w3', 'C2', 'resolved', '2026-03-02T13:00:00Z')
];
/** The end of March, so that no demand is pending (by default the end is the latest contact). */
const END_OF_MARCH = parseObservationEnd('2026-03-31');

describe('the wrap-up log as a contact log', () => {
	it('writes METRICS.md §1 columns in canonical form, wall-clock times of the workspace zone, in start order', () => {
		const text = wrapUpsToContactLog(worked, motives, { timeZone: PARIS, guides: { 'g-prel': 'Prélèvement rejeté' } });
		expect(text.split('\n')).toEqual([
			WRAP_UP_LOG_COLUMNS.join(','),
			'k-w1,C1,2026-03-02T10:00:00,phone,PAI-PREL,inbound,,false,false,true,2026-03-02T10:05:00,Prélèvement rejeté,identify > explain > end-resolved,resolved,end-resolved',
			'k-w2,C1,2026-03-02T11:00:00,phone,PAI-PREL,inbound,Nadia,true,false,,2026-03-02T11:10:00,Prélèvement rejeté,identify > check-bank > end-transferred,transferred,end-transferred',
			'k-w3,C2,2026-03-02T14:00:00,phone,PAI-PREL,inbound,,false,false,true,2026-03-02T14:05:00,Prélèvement rejeté,identify > explain > end-resolved,resolved,end-resolved',
			''
		]);
	});

	it('is read back by the import with no mapping: every column found, nothing rejected, the extra columns ignored', async () => {
		const text = wrapUpsToContactLog(worked, motives, { timeZone: PARIS });
		const read = await ingestContacts(utf8(text), { timeZone: PARIS });
		expect(read.rejections.count).toBe(0);
		expect(read.detected.mapping).toEqual({
			contact_id: 0,
			customer_id: 1,
			timestamp: 2,
			channel: 3,
			motive: 4,
			direction: 5,
			agent: 6,
			transferred: 7,
			callback: 8,
			resolved: 9,
			handled_at: 10
		});
		expect(contactRows(read.table).map((r) => [r.contactId, r.customer, r.time, r.motive, r.agent, r.transferred, r.resolved, r.handledAt])).toEqual([
			['k-w1', 'C1', '2026-03-02T10:00:00.000Z', 'PAI-PREL', '(none)', 0, TRUE, '2026-03-02T10:05:00.000Z'],
			['k-w2', 'C1', '2026-03-02T11:00:00.000Z', 'PAI-PREL', 'Nadia', TRUE, UNKNOWN, '2026-03-02T11:10:00.000Z'],
			['k-w3', 'C2', '2026-03-02T14:00:00.000Z', 'PAI-PREL', '(none)', 0, TRUE, '2026-03-02T14:05:00.000Z']
		]);
	});

	it('gives the figures worked by hand: C1 one demand not resolved at first contact, C2 resolved, FCR 1/2', async () => {
		const read = await ingestContacts(utf8(wrapUpsToContactLog(worked, motives, { timeZone: PARIS })), { timeZone: PARIS });
		const result = analyze(read.table, { observationEnd: END_OF_MARCH }, { by: ['agent'] });
		// C1's 11:00 contact repeats its 10:00 one (1 h ≤ 7 d, same motive): one demand, failed (repeat).
		expect(result.contacts).toBe(3);
		expect(result.repeatContacts).toBe(1);
		expect(result.demands).toBe(2);
		expect(result.pending).toBe(0);
		expect([result.resolvedFirst, result.eligible, result.fcr]).toEqual([1, 2, 0.5]);
		// The demand is filed under its first contact: C1's (no agent), not the transfer's (Nadia).
		expect(result.by.agent?.['(none)']).toMatchObject({ resolvedFirst: 1, eligible: 2 });
		expect(result.by.agent?.Nadia?.demands).toBe(0);
		// C1 alone: 0/1.
		const c1 = await ingestContacts(utf8(wrapUpsToContactLog(worked.filter((w) => w.customerId === 'C1'), motives, { timeZone: PARIS })), { timeZone: PARIS });
		expect(analyze(c1.table, { observationEnd: END_OF_MARCH })).toMatchObject({ demands: 1, resolvedFirst: 0, eligible: 1, fcr: 0 });
	});

	it('gives the same figures from the file as from the wrap-ups themselves', async () => {
		const more = [
			...worked,
			// An email answered in 20 min (within the 1 h cold-flow delay), and one answered in 90 min.
			wrapUp('w4', 'C3', 'resolved', '2026-03-03T09:00:00Z', 20, { channel: 'Email' }),
			wrapUp('w5', 'C4', 'resolved', '2026-03-03T09:00:00Z', 90, { channel: 'email' }),
			wrapUp('w6', 'C5', 'callback', '2026-03-04T09:00:00Z'),
			wrapUp('w7', 'C5', 'out-of-scope', '2026-03-20T09:00:00Z', 5, { motive: { id: 'm-move', crmCodes: [] } })
		];
		const read = await ingestContacts(utf8(wrapUpsToContactLog(more, motives, { timeZone: PARIS })), { timeZone: PARIS });
		const fromFile = analyze(read.table, { observationEnd: END_OF_MARCH });
		const direct = analyze(fromRows(wrapUpContacts(more, motives, { timeZone: PARIS })), { observationEnd: END_OF_MARCH });
		// Demands: C1 (repeat), C2, C3, C4 (late answer), C5 PAI (callback), C5 Déménagement (out of scope, once).
		expect(fromFile.demands).toBe(6);
		expect([fromFile.resolvedFirst, fromFile.eligible]).toEqual([3, 6]);
		const { settings: _a, ...fileFigures } = fromFile;
		const { settings: _b, ...directFigures } = direct;
		expect(directFigures).toEqual(fileFigures);
		expect(read.table.motives).toContain('Déménagement');
	});

	it('keeps a customer id with commas, quotes or a leading = exactly as typed', async () => {
		const odd = ['=SUM(A1)', 'Dupont, "Jo"', '-12'];
		const log = odd.map((customer, i) => wrapUp(`o${i}`, customer, 'resolved', `2026-03-0${i + 1}T09:00:00Z`));
		const read = await ingestContacts(utf8(wrapUpsToContactLog(log, motives, { timeZone: PARIS })), { timeZone: PARIS });
		expect(contactRows(read.table).map((r) => r.customer)).toEqual(odd);
	});
});
