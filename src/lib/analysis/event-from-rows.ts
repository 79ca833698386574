/**
 * Builds an `EventTable` (business event log, METRICS.md §5b) from plain objects: for tests and
 * the demo data. Files go through `ingest/` (`ingestEvents`) instead, which reports bad rows;
 * this throws on the first one.
 */
import { Encoder, TimeReader, zonedOf, type FromRowsOptions } from './from-rows';
import type { EventTable } from './table';

export interface EventRow {
	customer_id: string;
	/** ISO 8601 (a time without a zone is wall-clock), or wall-clock ms. */
	timestamp: string | number;
	event: string;
	detail?: string;
}

/** An event table from rows; a missing or empty `detail` is `(none)` (code 0). */
export function eventsFromRows(rows: readonly EventRow[], options: FromRowsOptions = {}): EventTable {
	const n = rows.length;
	const times = new TimeReader(n, options.timeZone ?? 'UTC');
	const customers = new Encoder();
	const events = new Encoder();
	const details = new Encoder(['(none)']);
	const table: EventTable = {
		length: n,
		customer: new Uint32Array(n),
		customers: customers.values,
		time: new Float64Array(n),
		event: new Uint32Array(n),
		events: events.values,
		detail: new Uint32Array(n),
		details: details.values
	};
	rows.forEach((row, i) => {
		if (!row.customer_id?.trim()) throw new Error(`Row ${i}: customer_id is missing`);
		table.customer[i] = customers.code(row.customer_id);
		table.time[i] = times.read(row.timestamp, 'timestamp', i);
		table.event[i] = events.code(row.event?.trim() || '(none)');
		table.detail[i] = row.detail?.trim() ? details.code(row.detail.trim()) : 0;
	});
	const zoned = zonedOf(times);
	if (zoned) table.zoned = zoned;
	return table;
}
