/** Interval and agreement statistics shown beside every rate (METRICS.md §4). */

/** The 97.5th percentile of the standard normal distribution, for 95 % intervals. */
export const Z95 = 1.959964;

/**
 * Wilson score interval for `successes` out of `n`; `null` when `n` is 0.
 * Bounds are clamped to [0, 1] against rounding.
 */
export function wilson(successes: number, n: number, z = Z95): [number, number] | null {
	if (n <= 0) return null;
	const p = successes / n;
	const z2 = z * z;
	const denominator = 1 + z2 / n;
	const centre = (p + z2 / (2 * n)) / denominator;
	const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
	return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** A rate with its count, its denominator and its 95 % Wilson interval: the one shape of a rate. */
export interface Rate {
	count: number;
	total: number;
	/** count / total; null when total is 0. */
	rate: number | null;
	/** The interval (`wilson`); null when total is 0. */
	ci95: [number, number] | null;
}

export function rate(count: number, total: number): Rate {
	return { count, total, rate: total > 0 ? count / total : null, ci95: wilson(count, total) };
}

/** A 2×2 agreement table: internal verdict (resolved at first contact) × customer's answer. */
export interface Agreement {
	bothResolved: number;
	internalOnly: number;
	perceivedOnly: number;
	neither: number;
}

/**
 * Cohen's kappa of a 2×2 agreement table; `null` when the table is empty or chance agreement
 * is total (every answer in one row and one column), where kappa is undefined.
 */
export function cohenKappa(table: Agreement): number | null {
	const { bothResolved, internalOnly, perceivedOnly, neither } = table;
	const n = bothResolved + internalOnly + perceivedOnly + neither;
	if (n === 0) return null;
	const observed = (bothResolved + neither) / n;
	const internalYes = (bothResolved + internalOnly) / n;
	const perceivedYes = (bothResolved + perceivedOnly) / n;
	const expected = internalYes * perceivedYes + (1 - internalYes) * (1 - perceivedYes);
	if (expected >= 1) return null;
	return (observed - expected) / (1 - expected);
}
