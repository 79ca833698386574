/**
 * Builds a `WebTable` from plain objects: for tests and the demo data. Files go through
 * `ingest/` instead, which reports bad rows; this throws on the first one.
 */
import { Encoder, TimeReader, zonedOf, type FromRowsOptions } from './from-rows';
import type { WebTable } from './table';

export interface WebRow {
	customer_id: string;
	/** ISO 8601 (a time without a zone is wall-clock), or wall-clock ms. */
	timestamp: string | number;
	page: string;
	session_id?: string;
}

/** A web table from rows; a missing or empty `session_id` is `(none)` (code 0). */
export function webFromRows(rows: readonly WebRow[], options: FromRowsOptions = {}): WebTable {
	const n = rows.length;
	const times = new TimeReader(n, options.timeZone ?? 'UTC');
	const customers = new Encoder();
	const pages = new Encoder();
	const sessions = new Encoder(['(none)']);
	const table: WebTable = {
		length: n,
		customer: new Uint32Array(n),
		customers: customers.values,
		time: new Float64Array(n),
		page: new Uint32Array(n),
		pages: pages.values,
		session: new Uint32Array(n),
		sessions: sessions.values
	};
	rows.forEach((row, i) => {
		if (!row.customer_id?.trim()) throw new Error(`Row ${i}: customer_id is missing`);
		table.customer[i] = customers.code(row.customer_id);
		table.time[i] = times.read(row.timestamp, 'timestamp', i);
		table.page[i] = pages.code(row.page?.trim() || '(none)');
		table.session[i] = row.session_id?.trim() ? sessions.code(row.session_id.trim()) : 0;
	});
	const zoned = zonedOf(times);
	if (zoned) table.zoned = zoned;
	return table;
}
