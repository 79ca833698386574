/**
 * The one converter of Excel cells: a sheet, once read into rows of cells, becomes CSV bytes (UTF-8, comma separated) that
 * the ingest reads like any export: one path for every file, contact logs and
 * catalogues alike (`sheet.ts`). Dates become `YYYY-MM-DD HH:MM:SS`
 * wall-clock text (the reader gives them as UTC instants of the written date and hour), so the
 * ISO date form is detected; numbers are written without locale formatting.
 */
import { csvCell } from '../domain/csv-cell';

/**
 * A cell as a workbook reader gives it: text, a number, a boolean, a Date or a blank. Taken as
 * `unknown` and read by its run-time type, so any reader's rows are accepted as they are
 * (read-excel-file's types name the Date constructor where it gives a Date).
 */
export type SheetCell = unknown;

/** A sheet's rows of cells, header first. */
export type SheetRows = readonly (readonly SheetCell[])[];

const pad = (n: number) => String(n).padStart(2, '0');

function cellText(cell: SheetCell): string {
	if (typeof cell === 'string') return cell;
	if (typeof cell === 'number') return String(cell);
	if (typeof cell === 'boolean') return cell ? 'true' : 'false';
	if (cell instanceof Date) {
		if (Number.isNaN(cell.getTime())) return '';
		return (
			`${cell.getUTCFullYear()}-${pad(cell.getUTCMonth() + 1)}-${pad(cell.getUTCDate())} ` +
			`${pad(cell.getUTCHours())}:${pad(cell.getUTCMinutes())}:${pad(cell.getUTCSeconds())}`
		);
	}
	return '';
}

/** CSV text of the rows, header first; trailing empty rows dropped, every row as wide as the widest. */
export function sheetToCsv(rows: SheetRows): string {
	let last = rows.length;
	while (last > 0 && rows[last - 1].every((c) => cellText(c) === '')) last--;
	let width = 0;
	for (let r = 0; r < last; r++) width = Math.max(width, rows[r].length);
	const lines: string[] = [];
	for (let r = 0; r < last; r++) {
		const row = rows[r];
		const cells: string[] = new Array(width);
		for (let c = 0; c < width; c++) cells[c] = csvCell(cellText(row[c]), { formulas: 'keep' });
		lines.push(cells.join(','));
	}
	return lines.join('\n') + (lines.length ? '\n' : '');
}

/** The same, as UTF-8 bytes ready for the ingest. */
export function sheetToCsvBytes(rows: SheetRows): Uint8Array {
	return new TextEncoder().encode(sheetToCsv(rows));
}

/** Whether the bytes start like an XLSX workbook (a zip archive). */
export function looksLikeXlsx(head: Uint8Array): boolean {
	return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}
