import { describe, expect, it } from 'vitest';
import { ingestContacts } from './ingest';
import { looksLikeXlsx, sheetToCsv, sheetToCsvBytes } from './xlsx';

describe('sheetToCsv', () => {
	it('writes dates as wall-clock ISO text, quotes what needs it and pads short rows', () => {
		const csv = sheetToCsv([
			['N° client', 'Date', 'Motif', 'Transféré'],
			['C1', new Date(Date.UTC(2026, 2, 1, 9, 5, 7)), 'Facture, doublon', true],
			['C2', new Date(Date.UTC(2026, 2, 2, 10, 0, 0))],
			[null, null, null, null]
		]);
		expect(csv).toBe(
			'N° client,Date,Motif,Transféré\nC1,2026-03-01 09:05:07,"Facture, doublon",true\nC2,2026-03-02 10:00:00,,\n'
		);
	});

	it('gives bytes the ingest reads with French headers', async () => {
		const bytes = sheetToCsvBytes([
			['N° client', 'Date du contact', 'Canal'],
			['C1', new Date(Date.UTC(2026, 0, 5, 8)), 'Téléphone'],
			['C2', 46027.5, 'Mail']
		]);
		const { table, detected } = await ingestContacts(bytes);
		expect(detected.mapping).toMatchObject({ customer_id: 0, timestamp: 1, channel: 2 });
		expect(table.length).toBe(1);
		expect(table.channels).toEqual(['phone']);
	});

	it('recognises a zip archive', () => {
		expect(looksLikeXlsx(new Uint8Array([0x50, 0x4b, 3, 4, 0]))).toBe(true);
		expect(looksLikeXlsx(new TextEncoder().encode('a,b'))).toBe(false);
	});
});
