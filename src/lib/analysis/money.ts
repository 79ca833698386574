/**
 * Money figures: one rounding rule for every amount, applied once where the figure is shown or
 * written, so a figure reads the same on the page, the slides, the PDF, the deck and the CSV.
 *
 * The rule: an amount is rounded to the cent, then amounts of 100 or more to the whole unit.
 * Sums are made on the unrounded values and rounded at the end (never a sum of rounded rows).
 */
import type { Currency, Workspace, WorkspaceCosts } from '../domain/types';

/** @default 'EUR' */
export const DEFAULT_CURRENCY: Currency = 'EUR';

/**
 * From this amount on, whole units only: cents add noise to a figure of savings or cost, while
 * the cost of one contact (3,80 €) keeps them.
 */
const WHOLE_FROM = 100;

/**
 * The amount as it is shown. Float noise (`34 336.499999…` for a sum that is `34 336.50`) is
 * removed before rounding, so two sums of the same costs in another order round alike.
 */
export function roundAmount(value: number): number {
	if (!Number.isFinite(value)) return value;
	// Halves away from zero, whatever the sign: Math.round alone sends −0.5 up.
	const half = (x: number) => Math.sign(x) * Math.round(Math.abs(x)) || 0;
	const cents = half(Number((value * 100).toPrecision(12)));
	return Math.abs(cents) >= WHOLE_FROM * 100 ? half(cents / 100) : cents / 100;
}

/**
 * Decimals an amount is shown with after `roundAmount`: 2 below 100, none above, and none for
 * nothing at all (`0 €`, not `0,00 €` in a column of whole amounts).
 */
export function amountDigits(value: number): 0 | 2 {
	const rounded = Math.abs(roundAmount(value));
	return rounded >= WHOLE_FROM || rounded === 0 ? 0 : 2;
}

/** The workspace's costs, or none (in euros) when it has not set any. */
export function workspaceCosts(workspace: Pick<Workspace, 'costs'> | undefined): WorkspaceCosts {
	return {
		currency: workspace?.costs?.currency ?? DEFAULT_CURRENCY,
		costPerChannel: { ...(workspace?.costs?.costPerChannel ?? {}) }
	};
}

/** Whether any channel costs something: without it, avoidable costs and savings are all zero. */
export function costsSet(costPerChannel: Record<string, number>): boolean {
	return Object.values(costPerChannel).some((c) => c > 0);
}
