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

/** A CSV cell: quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

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
 * Writes contact tables (the batches of `streamContacts`, or a whole table) as canonical CSV
 * lines. Keeps, across batches, the first spelling of each motive code.
 */
export class CanonicalContactWriter {
	readonly columns: readonly CanonicalContactColumn[];
	readonly header: string;
	private readonly motiveSpelling = new Map<string, string>();

	constructor(columns: readonly CanonicalContactColumn[]) {
		this.columns = columns;
		this.header = columns.join(',');
	}

	/** Cells of a dictionary, quoted once per distinct value. */
	private cells(column: CanonicalContactColumn, values: readonly string[]): string[] {
		const empty = EMPTY_AS[column];
		if (column === 'motive') {
			return values.map((value) => {
				const trimmed = value.trim();
				if (trimmed === empty) return '';
				const key = trimmed.toLowerCase();
				let spelling = this.motiveSpelling.get(key);
				if (spelling === undefined) this.motiveSpelling.set(key, (spelling = trimmed));
				return csvCell(spelling);
			});
		}
		return values.map((value) => (value === empty ? '' : csvCell(value)));
	}

	/** Each row of `table` as one line (without line break), in order, to `line`. */
	write(table: ContactTable, line: (text: string) => void): void {
		const n = table.length;
		// One function per column, chosen once per batch: the row loop only joins strings.
		const getters = this.columns.map((column): ((i: number) => string) => {
			switch (column) {
				case 'customer_id': {
					const cells = table.customers.map(csvCell);
					return (i) => cells[table.customer[i]];
				}
				case 'timestamp':
					return (i) => canonicalTime(table.time[i]);
				case 'channel': {
					const cells = table.channels.map(csvCell);
					return (i) => cells[table.channel[i]];
				}
				case 'motive': {
					const cells = this.cells('motive', table.motives);
					return (i) => cells[table.motive[i]];
				}
				case 'direction':
					return (i) => (table.direction[i] === OUTBOUND ? 'outbound' : 'inbound');
				case 'agent': {
					const cells = this.cells('agent', table.agents);
					return (i) => cells[table.agent[i]];
				}
				case 'team': {
					const cells = this.cells('team', table.teams);
					return (i) => cells[table.team[i]];
				}
				case 'segment': {
					const cells = this.cells('segment', table.segments);
					return (i) => cells[table.segment[i]];
				}
				case 'transferred':
					return (i) => flag(table.transferred[i]);
				case 'callback':
					return (i) => flag(table.callback[i]);
				case 'resolved':
					return (i) => flag(table.resolved[i]);
				case 'survey_resolved':
					return (i) => flag(table.surveyResolved[i]);
				case 'handled_at':
					return (i) => canonicalTime(table.handledAt[i]);
				case 'csat':
					return (i) => (table.csat[i] === 0 ? '' : String(table.csat[i]));
				case 'nps':
					return (i) => (table.nps[i] < 0 ? '' : String(table.nps[i]));
				case 'contact_id': {
					const ids = table.contactIds;
					const codes = table.contactId;
					return ids && codes ? (i) => csvCell(ids[codes[i]]) : () => '';
				}
			}
		});
		const k = getters.length;
		for (let i = 0; i < n; i++) {
			let text = getters[0](i);
			for (let j = 1; j < k; j++) text += ',' + getters[j](i);
			line(text);
		}
	}
}

/** Writes web tables as canonical CSV lines: `customer_id,timestamp,page,session_id`. */
export class CanonicalWebWriter {
	readonly header = CANONICAL_WEB_COLUMNS.join(',');

	write(table: WebTable, line: (text: string) => void): void {
		const customers = table.customers.map(csvCell);
		const pages = table.pages.map((p) => (p === '(none)' ? '' : csvCell(p)));
		const sessions = table.sessions.map((s) => (s === '(none)' ? '' : csvCell(s)));
		for (let i = 0; i < table.length; i++) {
			line(
				`${customers[table.customer[i]]},${canonicalTime(table.time[i])},${pages[table.page[i]]},${sessions[table.session[i]]}`
			);
		}
	}
}
