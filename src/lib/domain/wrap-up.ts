/**
 * The wrap-up record [fiche de clôture]: what Parcours writes itself when an advisor reaches the
 * end of a treatment guide — who called, about what, how it ended, the path walked through the
 * guide and the articles opened. A workspace's wrap-ups form its wrap-up log, which exports as a
 * contact log of METRICS.md §1 (`analysis/wrap-up-log.ts`), so the measurement reads what the
 * advisors did without any mapping.
 *
 * A wrap-up holds a customer id: personal data. It stays in this browser — never synced to the
 * team server, never in the workspace file.
 */
import * as v from 'valibot';
import { newId } from './ids';
import type { IssueCode } from './issues';
import { parseWith, type Parsed } from './schemas';
import { GUIDE_OUTCOMES, type GuideOutcome, type Id, type IsoDate } from './types';

export interface WrapUp {
	id: Id;
	workspaceId: Id;
	/** The contact's id in the exported log (`contact_id`). */
	contactId: Id;
	/** The customer's key as the advisor typed or pasted it, trimmed. Personal data. */
	customerId: string;
	motiveId: Id;
	/**
	 * The CRM code the contact was qualified with, taken when the wrap-up was written (the
	 * motive's first code then), so the exported log keeps it when the catalogue changes later.
	 */
	motiveCode?: string;
	/** The treatment guide walked; absent when the advisor wrapped up without one. */
	guideId?: Id;
	outcome: GuideOutcome;
	/** Id of the guide's final state that ended the run. */
	outcomeStep?: string;
	/** METRICS.md §1 `transferred`, derived from the outcome (`outcomeFlags`). */
	transferred: boolean;
	/** METRICS.md §1 `callback`, derived from the outcome (`outcomeFlags`). */
	callback: boolean;
	/** METRICS.md §1 `resolved` as the advisor declares it; undefined: not declared. */
	resolved?: boolean;
	/** When the contact started: the log's `timestamp`. An instant (`…Z`). */
	startedAt: IsoDate;
	/** When the advisor ended it: the log's `handled_at`. An instant, not before `startedAt`. */
	endedAt: IsoDate;
	/** Lower case, as the measurement reads channels (`phone`, `email`, `chat`…). */
	channel: string;
	/** The advisor's name, when they gave one. */
	agent?: string;
	/** The guide's state ids in the order walked, the final state last. */
	path: string[];
	/** Knowledge articles opened during the contact, in the order first opened. */
	articleIds: Id[];
}

/** The METRICS.md §1 flags a wrap-up declares. */
export interface OutcomeFlags {
	transferred: boolean;
	callback: boolean;
	resolved: boolean | undefined;
}

/**
 * The METRICS.md §1 flags of a guide's outcome. The rule:
 * - `resolved`: resolved = true; neither transferred nor callback.
 * - `transferred` and `escalated`: transferred = true. An escalation hands the customer to another
 *   level or team, which is what §1 calls a transfer. Resolution is left undeclared (undefined),
 *   not false: the advisor does not know whether the next level resolves it, and a declared false
 *   would fail the demand even with the "transfer is failure" setting off (METRICS.md §2, a warm
 *   transfer resolved by the next level).
 * - `callback`: callback = true (a follow-up is needed); resolution undeclared — the callback
 *   flag already fails the demand (§3 condition 2).
 * - `out-of-scope`: nothing declared. The request is not this service's; whether the customer
 *   comes back about it is what the chain measures (a repeat within the window fails it).
 */
export function outcomeFlags(outcome: GuideOutcome): OutcomeFlags {
	switch (outcome) {
		case 'resolved':
			return { transferred: false, callback: false, resolved: true };
		case 'transferred':
		case 'escalated':
			return { transferred: true, callback: false, resolved: undefined };
		case 'callback':
			return { transferred: false, callback: true, resolved: undefined };
		case 'out-of-scope':
			return { transferred: false, callback: false, resolved: undefined };
	}
}

/** What the console knows at the end of a guide run. */
export interface FinishedContact {
	workspaceId: Id;
	/** As typed or pasted; trimmed here. */
	customerId: string;
	/** The motive the guide is attached to; its first CRM code becomes `motiveCode`. */
	motive: { id: Id; crmCodes: readonly string[] };
	guideId?: Id;
	outcome: GuideOutcome;
	/** The final state's id; @default the last state of `path` */
	outcomeStep?: string;
	startedAt: IsoDate | Date;
	endedAt: IsoDate | Date;
	channel: string;
	/** Blank means none. */
	agent?: string;
	path: readonly string[];
	/** Repeats are kept once, first opening first. */
	articleIds?: readonly Id[];
	/** @default a new id */
	id?: Id;
	/** @default a new id */
	contactId?: Id;
}

const instant = (value: IsoDate | Date): IsoDate => (value instanceof Date ? value : new Date(value)).toISOString();

/**
 * The wrap-up of a finished guide run, its flags derived from the outcome (`outcomeFlags`). The
 * record is not checked here: `parseWrapUp` does, and the repository calls it before storing.
 */
export function wrapUpFromRun(run: FinishedContact): WrapUp {
	const flags = outcomeFlags(run.outcome);
	const code = run.motive.crmCodes.map((c) => c.trim()).find((c) => c !== '');
	const agent = run.agent?.trim();
	const outcomeStep = run.outcomeStep ?? run.path.at(-1);
	const wrapUp: WrapUp = {
		id: run.id ?? newId('wrapup'),
		workspaceId: run.workspaceId,
		contactId: run.contactId ?? newId('contact'),
		customerId: run.customerId.trim(),
		motiveId: run.motive.id,
		outcome: run.outcome,
		transferred: flags.transferred,
		callback: flags.callback,
		startedAt: instant(run.startedAt),
		endedAt: instant(run.endedAt),
		channel: run.channel.trim().toLowerCase(),
		path: [...run.path],
		articleIds: [...new Set(run.articleIds ?? [])]
	};
	if (code !== undefined) wrapUp.motiveCode = code;
	if (run.guideId !== undefined) wrapUp.guideId = run.guideId;
	if (outcomeStep !== undefined) wrapUp.outcomeStep = outcomeStep;
	if (flags.resolved !== undefined) wrapUp.resolved = flags.resolved;
	if (agent) wrapUp.agent = agent;
	return wrapUp;
}

// ---------------------------------------------------------------- validation

const filled = v.pipe(
	v.string(),
	v.check((s: string) => s.trim() !== '', 'empty' satisfies IssueCode)
);
/** An instant: a date-time with its zone, so it means one moment wherever it is read. */
const isoInstant = v.pipe(
	v.string(),
	v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/),
	v.check((s: string) => Number.isFinite(Date.parse(s)), 'invalid' satisfies IssueCode)
);

export const WrapUpSchema = v.pipe(
	v.object({
		id: filled,
		workspaceId: filled,
		contactId: filled,
		customerId: filled,
		motiveId: filled,
		motiveCode: v.optional(filled),
		guideId: v.optional(filled),
		outcome: v.picklist(GUIDE_OUTCOMES),
		outcomeStep: v.optional(filled),
		transferred: v.boolean(),
		callback: v.boolean(),
		resolved: v.optional(v.boolean()),
		startedAt: isoInstant,
		endedAt: isoInstant,
		channel: filled,
		agent: v.optional(v.string()),
		path: v.array(filled),
		articleIds: v.array(filled)
	}),
	v.forward(
		v.check((w) => Date.parse(w.endedAt) >= Date.parse(w.startedAt), 'out-of-range' satisfies IssueCode),
		['endedAt']
	)
);

export function parseWrapUp(value: unknown): Parsed<WrapUp> {
	return parseWith(WrapUpSchema, value);
}
