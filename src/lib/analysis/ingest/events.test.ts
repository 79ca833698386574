import { describe, expect, it } from 'vitest';
import { csvText, utf8, windows1252 } from '../../../../tests/fixtures/ingest-files';
import { eventsFromRows } from '../event-from-rows';
import { ingestEvents, sniffEvents } from './index';

function rowsOf(table: Awaited<ReturnType<typeof ingestEvents>>['table']) {
	return Array.from({ length: table.length }, (_, i) => ({
		customer: table.customers[table.customer[i]],
		time: new Date(table.time[i]).toISOString(),
		event: table.events[table.event[i]],
		detail: table.details[table.detail[i]]
	}));
}

describe('business event log', () => {
	it('reads French headers, events and details, and names the row and column of a rejected row', async () => {
		const text = csvText(['N° client', 'Date', 'Événement', 'Détail'], [
			['A', '2026-03-01 09:00', 'facture émise', 'F-12'],
			['A', '2026-03-02 10:00', ' retard livraison ', ''],
			['', '2026-03-02 11:00', 'facture émise', ''],
			['B', 'pas une date', 'facture émise', '']
		]);
		const { table, rejections, detected } = await ingestEvents(utf8(text));
		expect(detected.mapping).toEqual({ customer_id: 0, timestamp: 1, event: 2, detail: 3 });
		expect(rowsOf(table)).toEqual([
			{ customer: 'A', time: '2026-03-01T09:00:00.000Z', event: 'facture émise', detail: 'F-12' },
			{ customer: 'A', time: '2026-03-02T10:00:00.000Z', event: 'retard livraison', detail: '(none)' }
		]);
		expect(rejections.count).toBe(2);
		expect(rejections.sample.map((r) => [r.row, r.reason, r.column])).toEqual([
			[4, 'missing-customer', 'N° client'],
			[5, 'bad-timestamp', 'Date']
		]);
	});

	it('leaves the details out when asked (eventDetails: false), the rest read alike', async () => {
		const text = csvText(
			['customer_id', 'timestamp', 'event', 'detail'],
			[
				['A', '2026-03-01 09:00', 'facture émise', 'F-12'],
				['B', '2026-03-02 10:00', 'retard livraison', 'colis "X"'],
				['A', '2026-03-03 10:00', 'facture émise', 'F-13']
			]
		);
		const whole = await ingestEvents(utf8(text));
		const bare = await ingestEvents(utf8(text), { eventDetails: false });
		expect(bare.table.details).toEqual(['(none)']);
		expect(Array.from(bare.table.detail)).toEqual([0, 0, 0]);
		expect(rowsOf(bare.table)).toEqual(rowsOf(whole.table).map((row) => ({ ...row, detail: '(none)' })));
		expect(bare.rejections.count).toBe(0);
	});

	it('reads English headers in Windows-1252 with semicolons and pseudonymises customers', async () => {
		const bytes = windows1252('customer;event_type;timestamp\r\nC1;bill_issued;01/03/2026 08:00\r\nC2;outage;02/03/2026 08:00\r\n');
		const { table } = await ingestEvents(bytes, { customerTransform: (id) => `p-${id}` });
		expect(table.customers).toEqual(['p-C1', 'p-C2']);
		expect(table.events).toEqual(['bill_issued', 'outage']);
		expect(table.details[table.detail[0]]).toBe('(none)');
		expect(new Date(table.time[1]).toISOString()).toBe('2026-03-02T08:00:00.000Z');
	});

	it('sniffs the columns of an event file for the import wizard', () => {
		const sniffed = sniffEvents(utf8('Client;Horodatage;Type;Commentaire\nA;2026-03-01 09:00;outage;x\n'));
		expect(sniffed.mapping).toEqual({ customer_id: 0, timestamp: 1, event: 2, detail: 3 });
	});

	it('builds the same table from rows as from the file', async () => {
		const { table } = await ingestEvents(utf8('customer_id,timestamp,event,detail\nA,2026-03-01 09:00,bill_issued,F1\nB,2026-03-01 10:00,outage,\n'));
		const built = eventsFromRows([
			{ customer_id: 'A', timestamp: '2026-03-01 09:00', event: 'bill_issued', detail: 'F1' },
			{ customer_id: 'B', timestamp: '2026-03-01 10:00', event: 'outage' }
		]);
		expect(built).toEqual(table);
	});
});

describe('business event log in another time zone', () => {
	it('keeps the instants of zoned times, so the log can be put on another zone later', async () => {
		const { inTimeZone } = await import('../time-zone');
		const { table } = await ingestEvents(utf8('customer_id,timestamp,event\nA,2026-06-30T22:30:00Z,outage\nB,2026-06-30 08:00,outage\n'), { timeZone: 'Europe/Paris' });
		expect(new Date(table.time[0]).toISOString()).toBe('2026-07-01T00:30:00.000Z');
		const utc = inTimeZone(table, 'UTC');
		expect(new Date(utc.time[0]).toISOString()).toBe('2026-06-30T22:30:00.000Z');
		// A time written without a zone stays as written.
		expect(new Date(utc.time[1]).toISOString()).toBe('2026-06-30T08:00:00.000Z');
		expect(utc.events).toEqual(['outage']);
	});
});
