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
import type { Sniffed } from '../lib/analysis/ingest/sniff';

export interface ValueWarning {
	/** The field read; `timestamp` for a date form detection could not be sure of. */
	field: ValueField | 'timestamp';
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
export function valueWarnings(ingest: Pick<ContactIngest, 'detected' | 'values'>): ValueWarning[] {
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

/**
 * A warning when the date form was detected as dd/mm only because every day read was ≤ 12
 * (METRICS.md §1: detection takes dd/mm and says so); none otherwise. `which` names the file.
 */
export function dateFormWarnings(detected: Pick<Sniffed<string>, 'dateFormatAmbiguous'>, rows: number, which = 'timestamp'): ValueWarning[] {
	if (!detected.dateFormatAmbiguous) return [];
	return [
		{
			field: 'timestamp',
			value: 'dd/mm or mm/dd',
			rows,
			readAs: 'dmy',
			message: `${which}: every day is 12 or less, so dd/mm cannot be told from mm/dd; read as dd/mm (give --date-format mdy for mm/dd)`
		}
	];
}

/** The warnings as stderr lines (nothing when every value was recognised). */
export function warningLines(warnings: readonly ValueWarning[]): string {
	return warnings.map((w) => `Warning: ${w.message}.\n`).join('');
}
