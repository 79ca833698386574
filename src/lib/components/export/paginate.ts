/**
 * Cuts a table's rows into pages for the PDF report and the PowerPoint deck: as many rows as fit
 * each page's height, and a closing row (the total) never alone on a page — it takes the last
 * body rows of the page before with it, so a reader always sees what it totals.
 */
export interface PaginateOptions {
	/** Height free for rows on the first page, and on each following page (header excluded). */
	first: number;
	next: number;
	/** The last row closes the table (a total): it keeps `keep` body rows with it. @default 0 */
	keep?: number;
	/** Rows that head the rows after them (a section's title): never the last row of a page. */
	headings?: ReadonlySet<number>;
}

/** The indices of the rows on each page, in order; every row on exactly one page. */
export function paginate(heights: readonly number[], { first, next, keep = 0, headings }: PaginateOptions): number[][] {
	const pages: number[][] = [[]];
	let free = first;
	heights.forEach((h, i) => {
		const page = pages[pages.length - 1];
		if (page.length > 0 && h > free) {
			// A heading left at the foot of the page goes over with the row it heads.
			const carried = page.length > 1 && headings?.has(page[page.length - 1]) ? [page.pop() as number] : [];
			pages.push([...carried, i]);
			free = next - carried.reduce((sum, r) => sum + heights[r], 0) - h;
		} else {
			page.push(i);
			free -= h;
		}
	});
	if (keep > 0 && pages.length > 1) {
		const last = pages[pages.length - 1];
		const before = pages[pages.length - 2];
		const bodyOnLast = last.length - 1;
		if (bodyOnLast < keep) {
			// Moves rows over while the page before keeps at least one and the last page has room.
			const room = () => next - last.reduce((s, i) => s + heights[i], 0);
			while (last.length - 1 < keep && before.length > 1 && heights[before[before.length - 1]] <= room()) {
				last.unshift(before.pop() as number);
			}
		}
	}
	return pages;
}
