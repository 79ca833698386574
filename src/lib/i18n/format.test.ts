import { describe, expect, it } from 'vitest';
import { amount, currencySymbol } from './format';

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
