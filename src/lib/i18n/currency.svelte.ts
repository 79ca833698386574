import { DEFAULT_CURRENCY } from '$lib/analysis/money';
import type { Currency } from '$lib/domain/types';

/**
 * The currency of the workspace on screen, like the interface language: amounts formatted in
 * markup read it, so every amount of every page carries the workspace's currency without each
 * component passing it. Exports take the currency explicitly.
 */
class CurrencyState {
	current = $state<Currency>(DEFAULT_CURRENCY);

	set(currency: Currency) {
		this.current = currency;
	}
}

export const currency = new CurrencyState();
