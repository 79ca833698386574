/**
 * The values of a contact file the synonym table does not recognise (channel, direction, yes/no),
 * with their row counts and how they were read: printed on stderr and put in the JSON output, so a
 * figure never silently depends on a word the engine did not know.
 */
import {
	canonicalChannel,
	directionFlag,
	recognise,
	type ContactIngest,
	type ValueField
} from '../lib/analysis/ingest/index';

export interface ValueWarning {
	field: ValueField;
	/** The value as written (trimmed). */
	value: string;
	rows: number;
	/**
	 * What the rows were read as: the channel kept, `unknown` for a yes/no; `rejected` for a
	 * direction (METRICS.md §1: an unknown direction word rejects the row, reason `direction`).
	 */
	readAs: string;
	message: string;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;

/** The unrecognised values of the file, field by field, most rows first. */
export function valueWarnings(ingest: ContactIngest): ValueWarning[] {
	const { headers, mapping } = ingest.detected;
	const flag = mapping.direction === undefined ? null : directionFlag(headers[mapping.direction] ?? '');
	const out: ValueWarning[] = [];
	for (const [field, counts] of Object.entries(ingest.values) as [ValueField, { value: string; rows: number }[]][]) {
		for (const { value, rows } of counts) {
			if (recognise(field, value, field === 'direction' ? flag : null) !== null) continue;
			const readAs = field === 'channel' ? canonicalChannel(value) : field === 'direction' ? 'rejected' : 'unknown';
			const how =
				field === 'channel'
					? `kept as "${readAs}"`
					: field === 'direction'
						? 'rejected (a direction must be inbound or outbound: in/entrant/entrée/e, out/sortant/sortie/s)'
						: `read as ${readAs}`;
			out.push({ field, value, rows, readAs, message: `${field} "${value}": ${plural(rows, 'row')} ${how}` });
		}
	}
	return out;
}

/** The warnings as stderr lines (nothing when every value was recognised). */
export function warningLines(warnings: readonly ValueWarning[]): string {
	return warnings.map((w) => `Warning: ${w.message}.\n`).join('');
}
