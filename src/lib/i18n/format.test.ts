import { describe, expect, it } from 'vitest';
import { amount, currencySymbol, dateTime, fileSize, instantDateTime } from './format';

/** Intl separates French thousands and the currency with (narrow) no-break spaces. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('amount', () => {
	it('shows the currency in the interface language', () => {
		expect(plain(amount(34336.5, 'fr', 'EUR'))).toBe('34 337 €');
		expect(amount(34336.5, 'en', 'EUR')).toBe('€34,337');
		expect(plain(amount(6.5, 'fr', 'USD'))).toBe('6,50 $US');
		expect(amount(6.5, 'en', 'GBP')).toBe('£6.50');
		expect(plain(amount(1234.4, 'fr', 'CHF'))).toBe('1 234 CHF');
		expect(amount(12, 'en', 'CAD')).toBe('CA$12.00');
		expect(amount(null, 'fr', 'EUR')).toBe('—');
	});

	it('reads the same for sums that differ only by float noise', () => {
		expect(amount(34336.5, 'fr', 'EUR')).toBe(amount(34336.499999999996, 'fr', 'EUR'));
	});

	it('defaults to the workspace currency on screen (euros before any workspace)', () => {
		expect(plain(amount(6.5, 'fr'))).toBe('6,50 €');
		expect(currencySymbol('en', 'GBP')).toBe('£');
	});
});

describe('dates and times', () => {
	it('writes the day first in either language, a wall-clock time as it was read and an instant on this clock', () => {
		expect.hasAssertions();
		const ms = Date.UTC(2026, 5, 30, 23, 59);
		expect(dateTime(ms, 'fr')).toBe('30/06/2026 23:59');
		expect(dateTime(ms, 'en')).toBe('30/06/2026, 23:59');
		const instant = new Date(2026, 5, 30, 8, 5).toISOString();
		expect(instantDateTime(instant, 'fr')).toBe('30/06/2026 08:05');
		expect(instantDateTime(instant, 'en')).toBe('30/06/2026, 08:05');
	});
});

describe('fileSize', () => {
	it('writes French and English units', () => {
		expect(plain(fileSize(500, 'fr'))).toBe('1 ko');
		expect(plain(fileSize(350 * 1024, 'fr'))).toBe('350 ko');
		expect(plain(fileSize(2.4 * 1024 * 1024, 'fr'))).toBe('2,4 Mo');
		expect(fileSize(2.4 * 1024 * 1024, 'en')).toBe('2.4 MB');
		expect(fileSize(3 * 1024 ** 3, 'en')).toBe('3 GB');
		expect(fileSize(350 * 1024, 'en')).toBe('350 kB');
	});
});
