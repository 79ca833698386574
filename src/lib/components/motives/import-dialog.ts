import type { ColumnMapping, ImportError } from '$lib/domain/catalogue-csv';

/** What the import dialog needs of a preview, catalogue or articles alike. */
export interface ImportPreviewLike<F extends string, R extends { row: number }> {
	columns: ColumnMapping<F>[];
	rows: R[];
	errors: ImportError[];
	totalRows: number;
	invalidRows: number[];
}
