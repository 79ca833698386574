/**
 * A workspace's wrap-up log as a contact log of METRICS.md §1: the rows the engine reads
 * (`wrapUpContacts`, for the breakdown by guide) and the CSV file a user exports
 * (`wrapUpsToContactLog`), which the import reads back with no mapping. Both come from the same
 * rows, so a figure computed on the wrap-ups equals the figure of the exported file.
 */
import { csvLine } from '../domain/csv-cell';
import { systemTimeZone } from '../domain/time-zone';
import type { Id, Locale, Motive } from '../domain/types';
import type { WrapUp } from '../domain/wrap-up';
import { canonicalTime, DATA } from './canonical';
import type { ContactRow } from './from-rows';
import { wallClock } from './time-zone';

/** What the log needs of a catalogue motive. */
export type WrapUpMotive = Pick<Motive, 'id' | 'crmCodes' | 'label'>;

export interface WrapUpLogOptions {
	/**
	 * IANA zone whose wall clock the wrap-ups' instants are written on (METRICS.md §1 *Time*): the
	 * workspace's.
	 * @default the browser's or machine's zone
	 */
	timeZone?: string;
	/** Language of the motive label written for a motive without a CRM code. @default 'fr' */
	locale?: Locale;
	/** Guide id → name, for the export's `guide` column; a guide not listed is written by its id. */
	guides?: Readonly<Record<Id, string>>;
}

/**
 * The `motive` of a wrap-up's contact: the code it was qualified with, else its catalogue
 * motive's first CRM code, else that motive's label, else the motive id (a motive since deleted).
 * A code is what the catalogue maps back to the motive (`motiveGroups`), so the analysis files the
 * contact under its catalogue motive; a label is read as an uncatalogued motive.
 */
export function wrapUpMotive(wrapUp: WrapUp, motives: ReadonlyMap<Id, WrapUpMotive>, locale: Locale = 'fr'): string {
	if (wrapUp.motiveCode?.trim()) return wrapUp.motiveCode.trim();
	const motive = motives.get(wrapUp.motiveId);
	const code = motive?.crmCodes.map((c) => c.trim()).find((c) => c !== '');
	return code ?? (motive?.label[locale].trim() || wrapUp.motiveId);
}

/** Wall-clock milliseconds (`table.ts`) of a wrap-up's instant on the zone's clock. */
type ToWall = (instant: string) => number;

function toWallOf(timeZone: string): ToWall {
	const clock = wallClock(timeZone);
	return (instant) => clock.toWall(Date.parse(instant));
}

/** One contact of the log: inbound, started at `startedAt`, answered at `endedAt`. */
function contactRow(wrapUp: WrapUp, motive: string, toWall: ToWall): ContactRow {
	const row: ContactRow = {
		customer_id: wrapUp.customerId,
		timestamp: toWall(wrapUp.startedAt),
		channel: wrapUp.channel,
		motive,
		direction: 'inbound',
		transferred: wrapUp.transferred,
		callback: wrapUp.callback,
		handled_at: toWall(wrapUp.endedAt)
	};
	if (wrapUp.agent) row.agent = wrapUp.agent;
	if (wrapUp.resolved !== undefined) row.resolved = wrapUp.resolved;
	return row;
}

/**
 * The contact rows of wrap-ups, in their order, for `fromRows`: times as wall-clock milliseconds
 * of the time zone, as the exported file writes them.
 */
export function wrapUpContacts(
	wrapUps: readonly WrapUp[],
	motives: readonly WrapUpMotive[],
	options: WrapUpLogOptions = {}
): ContactRow[] {
	const byId = new Map(motives.map((m) => [m.id, m]));
	const toWall = toWallOf(options.timeZone ?? systemTimeZone());
	return wrapUps.map((w) => contactRow(w, wrapUpMotive(w, byId, options.locale), toWall));
}

/**
 * The header of the exported log: METRICS.md §1 names the import recognises as they are
 * (`analysis/ingest/headers.ts`), then columns it ignores that tell the guide's side: the guide
 * (its name, else its id), the states walked joined with ` > `, the outcome and its final state.
 */
export const WRAP_UP_LOG_COLUMNS = [
	'contact_id',
	'customer_id',
	'timestamp',
	'channel',
	'motive',
	'direction',
	'agent',
	'transferred',
	'callback',
	'resolved',
	'handled_at',
	'guide',
	'guide_path',
	'outcome',
	'outcome_step'
] as const;

/** Joins a guide path's state ids in the `guide_path` column. */
export const GUIDE_PATH_SEPARATOR = ' > ';

const flag = (value: boolean | undefined) => (value === undefined ? '' : String(value));

/**
 * The wrap-ups as a contact log in the canonical form of `parcours normalize` (`canonical.ts`):
 * wall-clock times without zone, `true`/`false` (empty: not declared), `inbound`, UTF-8, `,`,
 * `\n`. Cells are written as data (`DATA`): a `'` put before a customer id that looks like a
 * formula would become part of the id on import, and the contact would no longer match the
 * customer's other contacts. Ordered by start, then id, whatever the order given.
 */
export function wrapUpsToContactLog(
	wrapUps: readonly WrapUp[],
	motives: readonly WrapUpMotive[],
	options: WrapUpLogOptions = {}
): string {
	const sorted = [...wrapUps].sort(
		(a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
	const rows = wrapUpContacts(sorted, motives, options);
	const lines = [WRAP_UP_LOG_COLUMNS.join(',')];
	sorted.forEach((wrapUp, i) => {
		const row = rows[i];
		lines.push(
			csvLine(
				[
					wrapUp.contactId,
					row.customer_id,
					canonicalTime(row.timestamp as number),
					row.channel ?? '',
					row.motive ?? '',
					'inbound',
					row.agent ?? '',
					flag(row.transferred),
					flag(row.callback),
					flag(row.resolved),
					canonicalTime(row.handled_at as number),
					wrapUp.guideId === undefined ? '' : (options.guides?.[wrapUp.guideId] ?? wrapUp.guideId),
					wrapUp.path.join(GUIDE_PATH_SEPARATOR),
					wrapUp.outcome,
					wrapUp.outcomeStep ?? ''
				],
				DATA
			)
		);
	});
	return lines.join('\n') + '\n';
}
