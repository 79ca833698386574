/**
 * Spreadsheets that are not contact logs (the motive catalogue, knowledge articles, the command
 * line's `--catalogue`) read by the same reader as the contact import: the ingest's encoding and
 * delimiter sniffing and its RFC 4180 record reader (`ingest/readSideFile`), and, for a workbook,
 * the same cell converter (`xlsx.ts`). The `domain` checks the records it gives.
 */
import type { TextTable } from '../domain/catalogue-csv';
import { readSideFile, type ByteSource } from './ingest/index';
import { sheetToCsvBytes, type SheetRows } from './xlsx';

/**
 * A CSV file (UTF-8 or Windows-1252, `,` `;` or tab) as records with the line each starts on.
 * Throws IngestError for a file it cannot read as columns (a quote never closed, mixed
 * encodings, not text), naming the line.
 */
export async function readSheetTable(source: ByteSource): Promise<TextTable> {
	const file = await readSideFile(source);
	return { delimiter: file?.delimiter ?? null, rows: file?.records ?? [] };
}

/** The rows of a workbook's sheet, cells converted as for a contact import; `delimiter` is null. */
export async function workbookTable(rows: SheetRows): Promise<TextTable> {
	const file = await readSideFile(sheetToCsvBytes(rows), { encoding: 'utf-8', delimiter: ',' });
	return { delimiter: null, rows: file?.records ?? [] };
}
