/**
 * The canonical logs as Parquet, beside their CSV (`parcours normalize --parquet`): the same
 * values (`CanonicalColumnData`, which the CSV writer reads too), one row group per batch, so
 * the file is written as the log is read, in bounded memory. Times are Parquet timestamps in
 * milliseconds *not adjusted to UTC* — wall-clock times, as METRICS.md §1 reads them — which
 * DuckDB reads as `TIMESTAMP` (without zone); yes/no fields are booleans, scores 32-bit integers,
 * everything else UTF-8 text.
 */
import { ParquetWriter, fileWriter, type SchemaElement } from 'hyparquet-writer';
import type { CanonicalColumnData } from '../lib/analysis/canonical';
import { FALSE, OUTBOUND, TRUE } from '../lib/analysis/table';
import { UsageError } from './args';
import { describeFileError } from './files';

type ParquetKind = 'text' | 'time' | 'flag' | 'score';

/** The Parquet type of each canonical column (direction is written as its word). */
const KIND: Record<string, ParquetKind> = {
	timestamp: 'time',
	handled_at: 'time',
	transferred: 'flag',
	callback: 'flag',
	resolved: 'flag',
	survey_resolved: 'flag',
	csat: 'score',
	nps: 'score'
};

/** Never empty in the canonical form. */
const REQUIRED = new Set(['customer_id', 'timestamp']);

function schemaOf(columns: readonly string[]): SchemaElement[] {
	const fields = columns.map((name): SchemaElement => {
		const repetition_type = REQUIRED.has(name) ? 'REQUIRED' : 'OPTIONAL';
		switch (KIND[name] ?? 'text') {
			case 'time':
				return { name, type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MILLIS' }, repetition_type };
			case 'flag':
				return { name, type: 'BOOLEAN', repetition_type };
			case 'score':
				return { name, type: 'INT32', repetition_type };
			case 'text':
				return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type };
		}
	});
	return [{ name: 'root', num_children: fields.length }, ...fields];
}

/** A column's values for the Parquet writer: null for an empty cell. */
function valuesOf(column: CanonicalColumnData, n: number): (string | number | boolean | null)[] {
	const out = new Array<string | number | boolean | null>(n);
	switch (column.kind) {
		case 'text':
			for (let i = 0; i < n; i++) out[i] = column.values[column.codes[i]];
			break;
		case 'time':
			for (let i = 0; i < n; i++) out[i] = column.data[i] === column.data[i] ? column.data[i] : null;
			break;
		case 'flag':
			for (let i = 0; i < n; i++) out[i] = column.data[i] === TRUE ? true : column.data[i] === FALSE ? false : null;
			break;
		case 'direction':
			for (let i = 0; i < n; i++) out[i] = column.data[i] === OUTBOUND ? 'outbound' : 'inbound';
			break;
		case 'score':
			for (let i = 0; i < n; i++) out[i] = column.data[i] === column.none ? null : column.data[i];
			break;
	}
	return out;
}

export class ParquetTableWriter {
	private readonly writer: ParquetWriter;
	private readonly columns: readonly string[];

	constructor(
		readonly path: string,
		columns: readonly string[]
	) {
		this.columns = columns;
		try {
			this.writer = new ParquetWriter({ writer: fileWriter(path), schema: schemaOf(columns), createdBy: 'parcours normalize' });
		} catch (error) {
			throw new UsageError(describeFileError(path, error, 'write'), 1);
		}
	}

	/** One batch of `n` rows, as one row group. */
	add(data: readonly CanonicalColumnData[], n: number): void {
		if (n === 0) return;
		void this.writer.write({
			columnData: this.columns.map((name, j) => ({ name, data: valuesOf(data[j], n) })),
			rowGroupSize: n
		});
	}

	close(): void {
		void this.writer.finish();
	}
}
