/**
 * The canonical form of the logs (METRICS.md, opening paragraph): the CSV `parcours normalize`
 * writes and the SQL export reads. One form per value, so any reader (DuckDB, PostgreSQL
 * `COPY … CSV HEADER`, the app) reads it without guessing:
 * - header: the canonical field names of METRICS.md §1, in that order; an optional column the
 *   source lacks is left out (readers then take the field's default, as the engine does);
 * - times: wall-clock `YYYY-MM-DDTHH:MM:SS`, with `.mmm` only when the milliseconds are not zero,
 *   never a zone (read as `timestamp without time zone`);
 * - yes/no fields: `true` / `false`, empty for unknown; direction `inbound` / `outbound`;
 * - channels through the synonym table (`Tél` → `phone`); a motive code in the first spelling met
 *   in input order for its trimmed, case-folded form; scores as integers, empty when unanswered;
 *   a missing motive, agent, team or segment empty (read back as `unqualified` / `(none)`);
 * - UTF-8 without BOM, `,` separated, `\n` line ends, RFC 4180 quotes only where needed.
 */
import { csvCell, type CsvCellOptions } from '../domain/csv-cell';
import { OUTBOUND, type ContactTable, type OptionalContactField, type WebTable } from './table';

/** The fields of a contact, in the order of METRICS.md §1. */
export const CANONICAL_CONTACT_COLUMNS = [
	'customer_id',
	'timestamp',
	'channel',
	'motive',
	'direction',
	'agent',
	'team',
	'segment',
	'transferred',
	'callback',
	'resolved',
	'handled_at',
	'survey_resolved',
	'csat',
	'nps',
	'contact_id'
] as const;

export type CanonicalContactColumn = (typeof CANONICAL_CONTACT_COLUMNS)[number];

export const CANONICAL_WEB_COLUMNS = ['customer_id', 'timestamp', 'page', 'session_id'] as const;

const DAY = 86_400_000;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let cachedDay = NaN;
let cachedDate = '';

/**
 * `2026-03-01T09:00:00` (`2026-03-01T09:00:00.250` when the milliseconds are not zero) of
 * wall-clock milliseconds (`table.ts`: a wall clock read as if it were UTC); empty for NaN.
 */
export function canonicalTime(t: number): string {
	if (t !== t) return '';
	const day = Math.floor(t / DAY);
	if (day !== cachedDay) {
		cachedDay = day;
		cachedDate = new Date(day * DAY).toISOString().slice(0, 10);
	}
	const ms = t - day * DAY;
	const s = Math.floor(ms / 1000);
	const text = `${cachedDate}T${TWO[Math.floor(s / 3600)]}:${TWO[Math.floor(s / 60) % 60]}:${TWO[s % 60]}`;
	const rest = Math.round(ms - s * 1000);
	return rest === 0 ? text : `${text}.${String(rest).padStart(3, '0')}`;
}

/**
 * A cell of the canonical CSV: quoted when it holds a comma, a quote or a line break, and
 * otherwise as read, `=` or `-` in front included. The canonical form is data for DuckDB,
 * PostgreSQL and Parcours, which read cells literally: a `'` to defuse a spreadsheet formula would
 * change a customer id or a motive code (`csv-cell.ts` says why; the exports for people do it).
 */
export const DATA: CsvCellOptions = { formulas: 'keep' };

const FLAGS = ['', 'false', 'true'];
/** `true`, `false` or empty (unknown) for a three-valued column value (-1, 0, 1). */
const flag = (v: number) => FLAGS[v + 1];

/** The optional columns a contact table read from a file holds, in canonical order. */
export function contactColumnsOf(present: ContactTable['present']): CanonicalContactColumn[] {
	return CANONICAL_CONTACT_COLUMNS.filter(
		(c) => c === 'customer_id' || c === 'timestamp' || present[c as OptionalContactField] === true
	);
}

/** Dictionary values written empty: the engine's defaults for a missing cell. */
const EMPTY_AS: Partial<Record<CanonicalContactColumn, string>> = {
	motive: 'unqualified',
	agent: '(none)',
	team: '(none)',
	segment: '(none)'
};

/**
 * One column of a batch in the canonical form, before it is written: what the CSV writer and the
 * Parquet writer both read, so the two files hold the same values.
 * - `text`: a dictionary column — the row's code into `values`, null for an empty cell;
 * - `time`: wall-clock milliseconds, NaN for an empty cell;
 * - `flag`: true/false/unknown as 1/0/-1; `direction`: `OUTBOUND` or not;
 * - `score`: a whole number, `none` for an unanswered one.
 */
export type CanonicalColumnData =
	| { kind: 'text'; codes: ArrayLike<number>; values: readonly (string | null)[] }
	| { kind: 'time'; data: Float64Array }
	| { kind: 'flag'; data: ArrayLike<number> }
	| { kind: 'direction'; data: ArrayLike<number> }
	| { kind: 'score'; data: ArrayLike<number>; none: number };

/**
 * Reads contact tables (the batches of `streamContacts`, or a whole table) in the canonical form,
 * and writes them as CSV lines. Keeps, across batches, the first spelling of each motive code.
 */
export class CanonicalContactWriter {
	readonly columns: readonly CanonicalContactColumn[];
	readonly header: string;
	private readonly motiveSpelling = new Map<string, string>();

	constructor(columns: readonly CanonicalContactColumn[]) {
		this.columns = columns;
		this.header = columns.join(',');
	}

	/** The values of a dictionary as written: defaults empty, a motive in its first spelling. */
	private values(column: CanonicalContactColumn, values: readonly string[]): (string | null)[] {
		const empty = EMPTY_AS[column];
		if (column === 'motive') {
			return values.map((value) => {
				const trimmed = value.trim();
				if (trimmed === empty) return null;
				const key = trimmed.toLowerCase();
				let spelling = this.motiveSpelling.get(key);
				if (spelling === undefined) this.motiveSpelling.set(key, (spelling = trimmed));
				return spelling;
			});
		}
		return values.map((value) => (value === empty ? null : value));
	}

	/** The columns of `table`, in the writer's order, as the canonical form holds them. */
	data(table: ContactTable): CanonicalColumnData[] {
		return this.columns.map((column): CanonicalColumnData => {
			switch (column) {
				case 'customer_id':
					return { kind: 'text', codes: table.customer, values: table.customers };
				case 'timestamp':
					return { kind: 'time', data: table.time };
				case 'channel':
					return { kind: 'text', codes: table.channel, values: table.channels };
				case 'motive':
					return { kind: 'text', codes: table.motive, values: this.values('motive', table.motives) };
				case 'direction':
					return { kind: 'direction', data: table.direction };
				case 'agent':
					return { kind: 'text', codes: table.agent, values: this.values('agent', table.agents) };
				case 'team':
					return { kind: 'text', codes: table.team, values: this.values('team', table.teams) };
				case 'segment':
					return { kind: 'text', codes: table.segment, values: this.values('segment', table.segments) };
				case 'transferred':
					return { kind: 'flag', data: table.transferred };
				case 'callback':
					return { kind: 'flag', data: table.callback };
				case 'resolved':
					return { kind: 'flag', data: table.resolved };
				case 'survey_resolved':
					return { kind: 'flag', data: table.surveyResolved };
				case 'handled_at':
					return { kind: 'time', data: table.handledAt };
				case 'csat':
					return { kind: 'score', data: table.csat, none: 0 };
				case 'nps':
					return { kind: 'score', data: table.nps, none: -1 };
				case 'contact_id': {
					const ids = table.contactIds;
					const codes = table.contactId;
					return ids && codes
						? { kind: 'text', codes, values: ids }
						: { kind: 'text', codes: new Uint8Array(table.length), values: [null] };
				}
			}
		});
	}

	/** Each row of `table` as one line (without line break), in order, to `line`. */
	write(table: ContactTable, line: (text: string) => void): void {
		writeCsvLines(this.data(table), table.length, line);
	}
}

/** A column's CSV cell of row `i`: one function per column, chosen once per batch. */
function csvGetter(column: CanonicalColumnData): (i: number) => string {
	switch (column.kind) {
		case 'text': {
			// Each distinct value is quoted once, not once per row.
			const cells = column.values.map((v) => (v === null ? '' : csvCell(v, DATA)));
			const codes = column.codes;
			return (i) => cells[codes[i]];
		}
		case 'time': {
			const data = column.data;
			return (i) => canonicalTime(data[i]);
		}
		case 'flag': {
			const data = column.data;
			return (i) => flag(data[i]);
		}
		case 'direction': {
			const data = column.data;
			return (i) => (data[i] === OUTBOUND ? 'outbound' : 'inbound');
		}
		case 'score': {
			const { data, none } = column;
			return (i) => (data[i] === none ? '' : String(data[i]));
		}
	}
}

/** The `n` rows of a batch's canonical columns as CSV lines (without line break), in order, to `line`. */
export function writeCsvLines(columns: readonly CanonicalColumnData[], n: number, line: (text: string) => void): void {
	const getters = columns.map(csvGetter);
	const k = getters.length;
	for (let i = 0; i < n; i++) {
		let text = getters[0](i);
		for (let j = 1; j < k; j++) text += ',' + getters[j](i);
		line(text);
	}
}

/** Reads web tables in the canonical form (`customer_id,timestamp,page,session_id`) and writes CSV lines. */
export class CanonicalWebWriter {
	readonly columns = CANONICAL_WEB_COLUMNS;
	readonly header = CANONICAL_WEB_COLUMNS.join(',');

	data(table: WebTable): CanonicalColumnData[] {
		const orNull = (v: string) => (v === '(none)' ? null : v);
		return [
			{ kind: 'text', codes: table.customer, values: table.customers },
			{ kind: 'time', data: table.time },
			{ kind: 'text', codes: table.page, values: table.pages.map(orNull) },
			{ kind: 'text', codes: table.session, values: table.sessions.map(orNull) }
		];
	}

	write(table: WebTable, line: (text: string) => void): void {
		writeCsvLines(this.data(table), table.length, line);
	}
}
