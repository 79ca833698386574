/** The rows an import rejected, as a CSV for people to open in a spreadsheet. */
import { csvLine } from '../domain/csv-cell';
import type { Rejections } from './table';

export const REJECTED_ROWS_HEADER = 'line,reason,column,value';

/**
 * A rejected row's cells, in the order of `REJECTED_ROWS_HEADER`. Its value is what the file held,
 * so it is written as `csvLine` writes text for a spreadsheet: a formula is neutralised.
 */
export function rejectedRowCells(r: Rejections['sample'][number]): string[] {
	return [String(r.row), r.reason, r.column ?? '', r.value ?? ''];
}

/** The rows (line, reason, column, value), `,` separated, one per line. */
export function rejectedRowsCsv(sample: Rejections['sample']): string {
	return [REJECTED_ROWS_HEADER, ...sample.map((r) => csvLine(rejectedRowCells(r)))].join('\n') + '\n';
}
