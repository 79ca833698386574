/**
 * Omnichannel figures (METRICS.md §5): web sessions, the web → contact rate (overall, per page,
 * per exit page), the bounce to self-care after an agent contact, first interaction resolution
 * (FIR) and self-care success. Typed arrays over the joined customer numbering of web-sessions.ts.
 *
 * Choices the contract leaves open, made here:
 * - "within `H`" is `0 <= gap <= H`: a contact at `[end, end + H]` after a session's last page
 *   view, a session starting at `[t, t + H]` after a contact at `t`.
 * - FIR chains (scope `any`) treat a session as one interaction at its first page view. As in §3,
 *   an interaction within `W` of the previous one of the same customer (contact or session) is a
 *   repeat (`intraday`: the same calendar day), otherwise it starts a chain; a chain is pending when
 *   `first + W > observation end` (`intraday`: its first day is the observation end's day or later),
 *   and pending chains are counted but never in a rate's denominator. The observation end is
 *   `settings.observationEnd`, else the latest timestamp of both logs. Ties put the session first
 *   (people read the page, then call). FIR = eligible chains of length one / eligible chains, with
 *   no other condition: the web log says nothing of transfers or callbacks.
 * - A contact is a web contact, and so not an agent contact, when its channel is in `webChannels`
 *   (default `web`); `web_form` is handled by an agent and counts as an agent contact.
 */
import type { PageMatch } from '../domain/types';
import { pagePattern } from '../domain/mapping';
import { isPending, withinWindow } from './chains';
import { resolveSettings, HOUR, type AnalysisSettings, type Window } from './settings';
import { rate, type Rate } from './stats';
import { INBOUND, type ContactTable, type WebTable } from './table';
import {
	buildSessions,
	groupByCustomer,
	joinCustomers,
	SESSION_GAP,
	type Customers,
	type Grouped,
	type WebSessions
} from './web-sessions';

export interface OmnichannelOptions {
	/** Horizon `H` of the web → contact and bounce rates, in ms. @default 24 hours */
	horizon?: number;
	/** Bounce to self-care counts only sessions touching a page that matches this. @default any page */
	selfCarePages?: PageMatch;
	/** Contact channels (lower case) that are the web itself, not an agent. @default ['web'] */
	webChannels?: string[];
	/** Longest gap inside a session without session ids, in ms. @default 30 minutes */
	sessionGap?: number;
}

export interface FirFigures {
	chains: number;
	pending: number;
	eligible: number;
	/**
	 * Eligible chains of a single interaction (one web session or one contact): FIR's numerator.
	 * Named as the FCR count it stands beside in the outputs.
	 */
	resolvedFirst: number;
	fir: number | null;
	firCi95: [number, number] | null;
	/** Eligible chains that start with a web session. */
	startedOnWeb: number;
	/** Eligible chains that start with a web session and have length one. */
	selfCareSuccesses: number;
	/** selfCareSuccesses / startedOnWeb. */
	selfCare: Rate;
}

export interface OmnichannelResult {
	horizon: number;
	sessions: number;
	webEvents: number;
	/** Sessions followed by an inbound contact within `H` / sessions. */
	webToContact: Rate;
	/** Per page, over the sessions that visited it. */
	byPage: Record<string, Rate>;
	/** Per exit page, over the sessions that ended on it. */
	byExitPage: Record<string, Rate>;
	/** Inbound agent contacts followed by a (matching) web session within `H` / those contacts. */
	bounceToSelfCare: Rate;
	fir: FirFigures;
	observationEnd: number;
}

/** Inbound contacts grouped by joined customer, in time order (rows where `keep` is 0 left out). */
export function inboundTimeline(contacts: ContactTable, customers: Customers, keep: Uint8Array | null = null): Grouped {
	const mask = new Uint8Array(contacts.length);
	const inbound: number = INBOUND;
	for (let r = 0; r < contacts.length; r++) {
		mask[r] = contacts.direction[r] === inbound && (!keep || keep[r] !== 0) ? 1 : 0;
	}
	return groupByCustomer(contacts.customer, null, customers.count, contacts.time, contacts.length, null, mask);
}

/** Index of the first position in `[from, to)` whose time is `>= t`. */
function lowerBound(time: Float64Array, from: number, to: number, t: number): number {
	let lo = from;
	let hi = to;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (time[mid] < t) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** 1 for each session followed by an inbound contact of its customer within `[end, end + H]`. */
export function sessionsFollowedByContact(sessions: WebSessions, timeline: Grouped, horizon: number): Uint8Array {
	const out = new Uint8Array(sessions.count);
	const { time, start } = timeline;
	const customerCount = start.length - 1;
	for (let s = 0; s < sessions.count; s++) {
		const c = sessions.customer[s];
		if (c >= customerCount) continue;
		const from = start[c];
		const to = start[c + 1];
		if (from === to) continue;
		const e = sessions.end[s];
		const i = lowerBound(time, from, to, e);
		if (i < to && time[i] - e <= horizon) out[s] = 1;
	}
	return out;
}

/**
 * For each contact row: 1 when a session of its customer (one with `eligible[s]` set, when given)
 * starts within `[t, t + H]`. Only rows with `which[row]` set are looked at.
 */
export function contactsFollowedBySession(
	contacts: ContactTable,
	which: Uint8Array,
	sessions: WebSessions,
	eligible: Uint8Array | null,
	horizon: number
): Uint8Array {
	const out = new Uint8Array(contacts.length);
	const { customerStart, start } = sessions;
	for (let row = 0; row < contacts.length; row++) {
		if (!which[row]) continue;
		const c = contacts.customer[row];
		const from = customerStart[c];
		const to = customerStart[c + 1];
		if (from === to) continue;
		const t = contacts.time[row];
		for (let s = lowerBound(start, from, to, t); s < to && start[s] - t <= horizon; s++) {
			if (!eligible || eligible[s]) {
				out[row] = 1;
				break;
			}
		}
	}
	return out;
}

/** Per session: 1 when one of its pages passes `test` (each distinct page tested once). */
export function sessionsTouching(
	web: WebTable,
	sessions: WebSessions,
	test: (page: string) => boolean
): Uint8Array {
	const pageOk = new Uint8Array(web.pages.length);
	for (let p = 0; p < web.pages.length; p++) pageOk[p] = test(web.pages[p]) ? 1 : 0;
	const out = new Uint8Array(sessions.count);
	for (let s = 0; s < sessions.count; s++) {
		for (let i = sessions.rowStart[s]; i < sessions.rowStart[s + 1]; i++) {
			if (pageOk[web.page[sessions.rows[i]]]) {
				out[s] = 1;
				break;
			}
		}
	}
	return out;
}

/**
 * FIR over inbound contacts and web sessions together (scope `any`); see the module comment.
 * `sessionKeep` / the timeline decide which interactions take part.
 */
export function firstInteractionResolution(
	timeline: Grouped,
	sessions: WebSessions,
	window: Window,
	observationEnd: number,
	sessionKeep: Uint8Array | null = null
): FirFigures {
	const customerCount = Math.max(timeline.start.length, sessions.customerStart.length) - 1;
	let chains = 0;
	let pendingCount = 0;
	let eligible = 0;
	let singleInteraction = 0;
	let startedOnWeb = 0;
	let selfCare = 0;
	const close = (first: number, length: number, web: boolean) => {
		chains++;
		if (isPending(window, first, observationEnd)) {
			pendingCount++;
			return;
		}
		eligible++;
		if (length === 1) singleInteraction++;
		if (web) {
			startedOnWeb++;
			if (length === 1) selfCare++;
		}
	};
	const cStart = timeline.start;
	const sStart = sessions.customerStart;
	const cTime = timeline.time;
	const sTime = sessions.start;
	const cCount = cStart.length - 1;
	const sCount = sStart.length - 1;
	for (let c = 0; c < customerCount; c++) {
		let i = c < cCount ? cStart[c] : 0;
		const iEnd = c < cCount ? cStart[c + 1] : 0;
		let k = c < sCount ? sStart[c] : 0;
		const kEnd = c < sCount ? sStart[c + 1] : 0;
		let last = NaN;
		let first = 0;
		let length = 0;
		let web = false;
		for (;;) {
			while (k < kEnd && sessionKeep && !sessionKeep[k]) k++;
			let t: number;
			let isWeb: boolean;
			if (k < kEnd && (i >= iEnd || sTime[k] <= cTime[i])) {
				t = sTime[k++];
				isWeb = true;
			} else if (i < iEnd) {
				t = cTime[i++];
				isWeb = false;
			} else break;
			if (length > 0 && withinWindow(window, last, t)) length++;
			else {
				if (length > 0) close(first, length, web);
				first = t;
				length = 1;
				web = isWeb;
			}
			last = t;
		}
		if (length > 0) close(first, length, web);
	}
	const fir = rate(singleInteraction, eligible);
	return {
		chains,
		pending: pendingCount,
		eligible,
		resolvedFirst: fir.count,
		fir: fir.rate,
		firCi95: fir.ci95,
		startedOnWeb,
		selfCareSuccesses: selfCare,
		selfCare: rate(selfCare, startedOnWeb)
	};
}

/** Per page and per exit page web → contact rates over the sessions (kept ones only). */
export function pageRates(
	web: WebTable,
	sessions: WebSessions,
	followed: Uint8Array
): { byPage: Record<string, Rate>; byExitPage: Record<string, Rate> } {
	const pages = web.pages.length;
	const visits = new Float64Array(pages);
	const visitsFollowed = new Float64Array(pages);
	const exits = new Float64Array(pages);
	const exitsFollowed = new Float64Array(pages);
	const lastSession = new Int32Array(pages).fill(-1);
	for (let s = 0; s < sessions.count; s++) {
		const f = followed[s];
		for (let i = sessions.rowStart[s]; i < sessions.rowStart[s + 1]; i++) {
			const p = web.page[sessions.rows[i]];
			if (lastSession[p] === s) continue;
			lastSession[p] = s;
			visits[p]++;
			visitsFollowed[p] += f;
		}
		exits[sessions.exitPage[s]]++;
		exitsFollowed[sessions.exitPage[s]] += f;
	}
	const byPage: Record<string, Rate> = {};
	const byExitPage: Record<string, Rate> = {};
	for (let p = 0; p < pages; p++) {
		if (visits[p] > 0) byPage[web.pages[p]] = rate(visitsFollowed[p], visits[p]);
		if (exits[p] > 0) byExitPage[web.pages[p]] = rate(exitsFollowed[p], exits[p]);
	}
	return { byPage, byExitPage };
}

/** Rows that are inbound contacts on a channel other than the web ones. */
export function agentContacts(contacts: ContactTable, webChannels: readonly string[], keep: Uint8Array | null = null): Uint8Array {
	const webSet = new Set(webChannels.map((c) => c.trim().toLowerCase()));
	const isWeb = new Uint8Array(contacts.channels.length);
	for (let c = 0; c < contacts.channels.length; c++) isWeb[c] = webSet.has(contacts.channels[c]) ? 1 : 0;
	const out = new Uint8Array(contacts.length);
	const inbound: number = INBOUND;
	for (let r = 0; r < contacts.length; r++) {
		out[r] =
			contacts.direction[r] === inbound && !isWeb[contacts.channel[r]] && (!keep || keep[r] !== 0) ? 1 : 0;
	}
	return out;
}

/**
 * The session rates of METRICS.md §5 over built sessions: web → contact (overall, per page, per
 * exit page; `followed` from `sessionsFollowedByContact`) and the bounce to self-care of the
 * agent contacts kept by `keep` towards the sessions `selfCare` marks (every session when null).
 */
export function sessionRates(
	contacts: ContactTable,
	web: WebTable,
	sessions: WebSessions,
	followed: Uint8Array,
	horizon: number,
	webChannels: readonly string[],
	selfCare: Uint8Array | null = null,
	keep: Uint8Array | null = null
): Pick<OmnichannelResult, 'webToContact' | 'byPage' | 'byExitPage' | 'bounceToSelfCare'> {
	let followedCount = 0;
	for (let s = 0; s < sessions.count; s++) followedCount += followed[s];
	const { byPage, byExitPage } = pageRates(web, sessions, followed);
	const agents = agentContacts(contacts, webChannels, keep);
	const bounced = contactsFollowedBySession(contacts, agents, sessions, selfCare, horizon);
	let agentCount = 0;
	let bouncedCount = 0;
	for (let r = 0; r < contacts.length; r++) {
		agentCount += agents[r];
		bouncedCount += bounced[r];
	}
	return {
		webToContact: rate(followedCount, sessions.count),
		byPage,
		byExitPage,
		bounceToSelfCare: rate(bouncedCount, agentCount)
	};
}

/** The latest timestamp of both logs (0 when both are empty). */
export function latestTime(contacts: ContactTable, web: WebTable | null): number {
	let latest = -Infinity;
	for (let r = 0; r < contacts.length; r++) if (contacts.time[r] > latest) latest = contacts.time[r];
	if (web) for (let r = 0; r < web.length; r++) if (web.time[r] > latest) latest = web.time[r];
	return latest === -Infinity ? 0 : latest;
}

/** Every figure of METRICS.md §5 for a contact log and a web log. */
export function omnichannel(
	contacts: ContactTable,
	web: WebTable,
	partialSettings: Partial<AnalysisSettings> = {},
	options: OmnichannelOptions = {}
): OmnichannelResult {
	const settings = resolveSettings(partialSettings);
	const horizon = options.horizon ?? 24 * HOUR;
	if (!(horizon >= 0) || !Number.isFinite(horizon)) throw new Error('Invalid horizon: expected milliseconds');
	const customers = joinCustomers(contacts, web);
	const sessions = buildSessions(web, customers, options.sessionGap ?? SESSION_GAP);
	const timeline = inboundTimeline(contacts, customers);
	const followed = sessionsFollowedByContact(sessions, timeline, horizon);
	const selfCare = options.selfCarePages
		? sessionsTouching(web, sessions, pagePattern(options.selfCarePages))
		: null;
	const observationEnd = settings.observationEnd ?? latestTime(contacts, web);
	return {
		horizon,
		sessions: sessions.count,
		webEvents: web.length,
		...sessionRates(contacts, web, sessions, followed, horizon, options.webChannels ?? ['web'], selfCare),
		fir: firstInteractionResolution(timeline, sessions, settings.window, observationEnd),
		observationEnd
	};
}
