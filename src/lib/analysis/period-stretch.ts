/**
 * A few records far from the rest stretch a trend: three contacts dated 2019 in a 2026 log turn
 * six months of weekly points into seven years of empty axis. This finds them, so the page can
 * say so and offer to limit the analysis period to the records that make the trend.
 */

/** One period of a series (a week or a month) and how many records fall in it. */
export interface PeriodCount {
	/** Start of the period, wall-clock ms (UTC fields). */
	start: number;
	/** Start of the next period. */
	end: number;
	records: number;
}

export interface PeriodStretch {
	/** Where the trend's records start (wall-clock ms), when records before it stretch the period; else null. */
	from: number | null;
	/** Where they end (exclusive), when records after it stretch the period; else null. */
	to: number | null;
	/** Records left out before `from` and after `to`. */
	before: number;
	after: number;
}

export interface StretchOptions {
	/**
	 * The most records a stretching side may hold, as a share of all records: more than that, and
	 * they are part of the story, not strays.
	 * @default 0.01
	 */
	maxShare?: number;
	/**
	 * How much longer the strays make the period, as a share of the span of the other records,
	 * before it is worth saying: a quiet first week is no stretch.
	 * @default 0.25
	 */
	minStretch?: number;
}

/**
 * Sparse records at either end of a series, separated from the rest by empty periods, that hold
 * fewer than `maxShare` of the records and lengthen the period by at least `minStretch` of the
 * rest's span; null when there are none. Periods need not be contiguous: a missing one is empty.
 */
export function periodStretch(periods: readonly PeriodCount[], options: StretchOptions = {}): PeriodStretch | null {
	const maxShare = options.maxShare ?? 0.01;
	const minStretch = options.minStretch ?? 0.25;
	const filled = periods.filter((p) => p.records > 0).sort((a, b) => a.start - b.start);
	const total = filled.reduce((sum, p) => sum + p.records, 0);
	if (filled.length < 2 || total === 0) return null;

	// The first period of the rest: the latest gap before which fewer than maxShare of the records lie.
	let first = 0;
	let before = 0;
	for (let i = 1, prefix = filled[0].records; i < filled.length && prefix < maxShare * total; prefix += filled[i].records, i++) {
		if (filled[i].start > filled[i - 1].end) {
			first = i;
			before = prefix;
		}
	}
	// The last period of the rest, the same way from the end.
	let last = filled.length - 1;
	let after = 0;
	for (let j = filled.length - 2, suffix = filled[filled.length - 1].records; j >= first && suffix < maxShare * total; suffix += filled[j].records, j--) {
		if (filled[j + 1].start > filled[j].end) {
			last = j;
			after = suffix;
		}
	}

	const span = filled[last].end - filled[first].start;
	const stretchesBefore = first > 0 && filled[first].start - filled[0].start >= minStretch * span;
	const stretchesAfter = last < filled.length - 1 && filled[filled.length - 1].end - filled[last].end >= minStretch * span;
	if (!stretchesBefore && !stretchesAfter) return null;
	return {
		from: stretchesBefore ? filled[first].start : null,
		to: stretchesAfter ? filled[last].end : null,
		before: stretchesBefore ? before : 0,
		after: stretchesAfter ? after : 0
	};
}
