/**
 * Anticipation (METRICS.md §5b): which moments make customers call, and what acting first would
 * save. The input is the contact log plus any of: a business event log (`EventTable`, read by
 * `ingestEvents` or built by `eventsFromRows`), a web log, and a journey's mapping rules. Every
 * event type, every journey state and every web exit page is a **trigger**; each trigger gets its
 * occurrences (one per window `H` per customer), the share followed by an inbound contact within
 * `(t, t + H]` with its Wilson interval, the baseline (the chance a random time is followed by a
 * contact of the same customers), lift, attributable contacts and the proactive saving.
 *
 * Choices the contract leaves open, made here:
 * - The observation period is `[start, end]`: `start` is the earliest contact time, `end` the
 *   settings' observation end or else the latest contact time (contacts are what the windows
 *   watch). An occurrence is pending when `t + H > end`; occurrences before `start` are kept
 *   (their window may still be watched).
 * - "Inbound contact" is every inbound row of the contact log, whatever its channel.
 * - The contacts that followed `T` are all the inbound contacts inside the windows `(t, t + H]` of
 *   its non-pending occurrences (windows of kept occurrences never overlap, so none is counted
 *   twice): motives, channels, segments, the mean cost and the contacts by day are over them. The
 *   median delay is over the first contact of each followed occurrence.
 * - A journey state occurs at each event mapped to it (a contact, inbound or outbound, or a web
 *   visit's first page view); an exit page occurs at the last page view of each web session.
 * - The baseline's daily rate (for the chart) is, per occurrence, the customer's inbound contacts
 *   in the period per day of the period, summed over the non-pending occurrences: what the same
 *   occurrences would see on any day.
 */
import type { CompiledRules } from '../../domain/mapping';
import type { MappingRule } from '../../domain/types';
import type { AnalysisSettings } from '../settings';
import type { Rate } from '../stats';
import type { ContactTable, EventTable, WebTable } from '../table';

export type { EventTable } from '../table';

/** What a trigger is drawn from. */
export type TriggerKind = 'event' | 'state' | 'exitPage';

export interface AnticipationInput {
	contacts: ContactTable;
	/** The business event log: each event type is a trigger. */
	events?: EventTable | null;
	/** The web log: each exit page is a trigger (and web visits map to states with `rules`). */
	web?: WebTable | null;
	/**
	 * Mapping rules of a journey: each state they send contacts or page views to is a trigger. The
	 * workspace's rules (only those of `journeyId` when given), or compiled rules.
	 */
	rules?: readonly MappingRule[] | CompiledRules | null;
	journeyId?: string;
	/** Observation end, costs (`costPerChannel`), time zone; the rest is not used here. */
	settings?: Partial<AnalysisSettings>;
}

export interface AnticipationOptions {
	/** Horizon `H`, ms. @default 7 days */
	horizon?: number;
	/** Deflection share `d` in [0, 1]: the share of attributable contacts a proactive message avoids. @default 0.3 */
	deflection?: number;
	/** Longest gap inside a web session without session ids, ms. @default 30 minutes */
	sessionGap?: number;
	/** How many following motives per trigger. @default 5 */
	top?: number;
	/** Triggers with fewer non-pending occurrences are left out. @default 1 */
	minOccurrences?: number;
}

export interface ShareCount {
	value: string;
	count: number;
	/** count / the contacts that followed the trigger. */
	share: number;
}

export interface Trigger {
	kind: TriggerKind;
	/** `event:bill_issued`, `state:billing.issued`, `exitPage:/help/bill`: unique in a result. */
	key: string;
	/** The event type, the state path or the page, as read. */
	label: string;
	/** Kept occurrences that are not pending (the denominator of the rate). */
	occurrences: number;
	/** Kept occurrences whose window runs past the observation end: left out of the rates. */
	pending: number;
	/** Distinct customers with a non-pending occurrence (over whom the baseline is averaged). */
	customers: number;
	/** Occurrences followed by an inbound contact of the same customer within `(t, t + H]`. */
	followed: number;
	/** followed / occurrences, with its Wilson interval. */
	rate: Rate;
	/** Mean over `customers` of the share of the period followed by a contact within `H`; null without occurrences. */
	baseline: number | null;
	/** rate / baseline; null when either is unknown or the baseline is 0. */
	lift: number | null;
	/** occurrences × (rate − baseline)⁺. */
	attributable: number;
	/** attributable × d × mean cost of `followingContacts`; null when no channel has a cost. */
	saving: number | null;
	/** The inbound contacts inside the windows of non-pending occurrences. */
	followingContacts: number;
	/** Mean cost of `followingContacts`; null when no channel has a cost or none followed. */
	meanCost: number | null;
	/** Top motives of the following contacts, with shares. */
	motives: ShareCount[];
	/** All channels and segments of the following contacts, largest first. */
	channels: ShareCount[];
	segments: ShareCount[];
	/** Median of the delay from `t` to the first contact of each followed occurrence, ms; null when none. */
	medianDelay: number | null;
	/**
	 * Following contacts by whole days after the trigger: index `k` counts delays in
	 * `(k days, k + 1 days]` (the last index holds what is left up to `H`); length `ceil(H / 1 day)`.
	 */
	byDay: number[];
	/** Expected contacts per day for the same occurrences at the baseline (see module comment). */
	baselinePerDay: number;
}

export interface AnticipationResult {
	/** Ranked by attributable contacts, then occurrences, then key. */
	triggers: Trigger[];
	horizon: number;
	deflection: number;
	/** The observation period `[start, end]`, wall-clock ms; null bounds without contacts. */
	period: { start: number | null; end: number | null };
	/** Whether any channel has a cost (savings are null otherwise). */
	costs: boolean;
	/** Rows read per input. */
	totals: { contacts: number; inboundContacts: number; events: number; webEvents: number; sessions: number; customers: number };
}
