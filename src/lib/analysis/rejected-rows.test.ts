import { describe, expect, it } from 'vitest';
import { rejectedRowsCsv } from './rejected-rows';

describe('rejectedRowsCsv', () => {
	it('lists line, reason, column and value, values a spreadsheet would run as formulas as quoted text', () => {
		const csv = rejectedRowsCsv([
			{ row: 3, reason: 'missing-customer', column: 'customer_id', value: '' },
			{ row: 4, reason: 'bad-timestamp', column: 'timestamp', value: '=HYPERLINK("http://x")' },
			{ row: 5, reason: 'bad-timestamp', column: 'timestamp', value: 'not; a date' },
			{ row: 6, reason: 'direction', column: 'direction', value: '-1' }
		]);
		expect(csv).toBe(
			'line,reason,column,value\n' +
				'3,missing-customer,customer_id,\n' +
				`4,bad-timestamp,timestamp,"'=HYPERLINK(""http://x"")"\n` +
				'5,bad-timestamp,timestamp,"not; a date"\n' +
				'6,direction,direction,-1\n'
		);
	});
});
