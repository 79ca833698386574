/**
 * The journey overlay (METRICS.md §6): contacts and page views sent to journey states by mapping
 * rules, with per-state figures, observed transitions and deviations from the model, as plain
 * JSON for the journey page to draw.
 *
 * Choices the contract leaves open, made here:
 * - Events are mapped contacts (inbound and outbound: a company call-back is a step of the
 *   journey too) and web visits. Consecutive page views of one session mapped to the same state
 *   are one visit (reading three FAQ pages is one passage through the FAQ); contacts never merge,
 *   so a repeat call shows as a self-loop. Ties in time put page views before contacts.
 * - For each customer, events in time order; a pair of consecutive events with a gap `<= W`
 *   (`intraday`: the same day) is a transition; an event that is not within `W` of the previous
 *   one (or is the customer's first) is an entry.
 * - Repeat contacts and demands come from the chains of METRICS.md §3 built over the whole log
 *   with the given settings; a state's FCR is over the demands whose first contact maps there,
 *   with the verdicts `analyze` gives them (`demandVerdicts`: pending demands shown, never in the
 *   denominator).
 * - Filters: `period` keeps events (and demands by their first contact) in `[from, to)`;
 *   `channels` keeps contacts on those channels and page views only if `web` is listed;
 *   `segments` and `motives` keep contacts with those values, and the page views of customers
 *   who have at least one such contact. Chains are always built over the whole log.
 * - How an observed transition is compared with the model: overlay-model.ts.
 */
import { compileRules, mapContacts, mapPages, type CompiledRules, type UnmappedValue } from '../domain/mapping';
import type { ContactMatch, MappingRule, PageMatch } from '../domain/types';
import { withinWindow } from './chains';
import { demandVerdicts, grouping, STATUS_PENDING, STATUS_RESOLVED, SurveyCounts, type Figures } from './metrics';
import {
	firstInteractionResolution,
	inboundTimeline,
	latestTime,
	sessionRates,
	sessionsFollowedByContact,
	type FirFigures
} from './omnichannel';
import { rate, type Rate } from './stats';
import { modelAccounts, type JourneyModel } from './overlay-model';
import { resolveSettings, HOUR, type AnalysisSettings } from './settings';
import { INBOUND, type ContactTable, type WebTable } from './table';
import { buildSessions, groupByCustomer, joinCustomers, SESSION_GAP } from './web-sessions';

export interface OverlayFilters {
	/** Wall-clock ms, `from` inclusive, `to` exclusive. */
	period?: { from?: number; to?: number };
	segments?: string[];
	/** Lower case; `web` keeps the page views. */
	channels?: string[];
	motives?: string[];
}

export interface OverlayOptions extends OverlayFilters {
	/** Horizon `H` of the web → contact and bounce rates, ms. @default 24 hours */
	horizon?: number;
	/** Contact channels that are the web itself (not an agent contact). @default ['web'] */
	webChannels?: string[];
	/** Longest gap inside a session without session ids, ms. @default 30 minutes */
	sessionGap?: number;
	/** How many top motives and pages per state. @default 5 */
	top?: number;
	/** How many unmapped values to list. @default 20 */
	unmappedTop?: number;
}

export interface OverlayInput {
	contacts: ContactTable;
	web?: WebTable | null;
	settings?: Partial<AnalysisSettings>;
	/** The workspace's rules (those of other journeys are ignored when `journeyId` is given), or compiled rules. */
	rules: readonly MappingRule[] | CompiledRules;
	journeyId?: string;
	model: JourneyModel;
}

export interface ValueCount {
	value: string;
	count: number;
}

/**
 * The figures of one journey state. The counts and rates shared with `Figures` mean the same,
 * over the contacts mapped to the state; its demands are those whose first contact maps here.
 */
export interface StateFigures
	extends Pick<Figures, 'repeatContacts' | 'repeatRate' | 'repeatRateCi95' | 'demands' | 'pending' | 'eligible' | 'resolvedFirst' | 'fcr' | 'fcrCi95'> {
	state: string;
	/** Whether the journey model has this state (a rule may name one it lacks). */
	inModel: boolean;
	/** Mapped contacts plus web visits. */
	events: number;
	customers: number;
	/**
	 * Every contact mapped here, inbound and outbound: not `Figures.contacts`, which counts inbound
	 * contacts only (that is `inboundContacts` here).
	 */
	contacts: number;
	inboundContacts: number;
	/** Page views mapped here, and visits (consecutive views of a session merged). */
	pageViews: number;
	webVisits: number;
	/** Sessions touching the state followed by an inbound contact within `H` / those sessions. */
	webToContact: Rate;
	/** First contacts of eligible demands: CSAT 4–5 / answered; null without answers. */
	csat: Rate | null;
	/** (promoters − detractors) / answered, in [−1, 1]; null without answers. */
	nps: { answered: number; promoters: number; detractors: number; score: number | null } | null;
	/**
	 * The most frequent motives of the contacts mapped here, keyed as the `motive` breakdown is
	 * (a catalogue motive's id for all its codes together, an uncatalogued code alone).
	 */
	topMotives: ValueCount[];
	topPages: ValueCount[];
}

export interface ObservedTransition {
	from: string;
	to: string;
	count: number;
	customers: number;
	/** The model lacks it: drawn dashed. */
	deviation: boolean;
}

export interface OverlayResult {
	journeyId: string | null;
	states: Record<string, StateFigures>;
	/** Largest first. */
	transitions: ObservedTransition[];
	/** First event of a run, per state, largest first. */
	entries: { state: string; count: number }[];
	/** The transitions the model lacks, largest first (also flagged in `transitions`). */
	deviations: ObservedTransition[];
	rules: { id: string; stateId: string; kind: 'contact' | 'web'; label?: string; matched: number }[];
	unmapped: {
		contacts: number;
		webEvents: number;
		motives: UnmappedValue<ContactMatch>[];
		channels: UnmappedValue<ContactMatch>[];
		pages: UnmappedValue<PageMatch>[];
	};
	totals: {
		contacts: number;
		mappedContacts: number;
		webEvents: number;
		mappedWebEvents: number;
		sessions: number;
		events: number;
		customers: number;
	};
	/** Over the kept events; null without a web log. */
	omnichannel: null | {
		webToContact: Rate;
		byPage: Record<string, Rate>;
		byExitPage: Record<string, Rate>;
		bounceToSelfCare: Rate;
		fir: FirFigures;
	};
	horizon: number;
	observationEnd: number;
	period: { from: number | null; to: number | null } | null;
	filters: { segments?: string[]; channels?: string[]; motives?: string[] };
	settings: AnalysisSettings;
}

function codesIn(names: readonly string[], wanted: readonly string[] | undefined, fold: boolean): Uint8Array | null {
	if (!wanted || wanted.length === 0) return null;
	const set = new Set(wanted.map((w) => (fold ? w.trim().toLowerCase() : w.trim())));
	const out = new Uint8Array(names.length);
	for (let c = 0; c < names.length; c++) out[c] = set.has(fold ? names[c].toLowerCase() : names[c]) ? 1 : 0;
	return out;
}

function topOf(counts: Float64Array, offset: number, size: number, names: readonly string[], top: number): ValueCount[] {
	const picked: number[] = [];
	for (let i = 0; i < size; i++) {
		if (counts[offset + i] <= 0) continue;
		picked.push(i);
		if (picked.length > top * 4) {
			picked.sort((a, b) => counts[offset + b] - counts[offset + a] || a - b);
			picked.length = top;
		}
	}
	picked.sort((a, b) => counts[offset + b] - counts[offset + a] || a - b);
	return picked.slice(0, top).map((i) => ({ value: names[i], count: counts[offset + i] }));
}

/** Computes the journey overlay of METRICS.md §6 (see the module comment for the choices made). */
export function overlay(input: OverlayInput, options: OverlayOptions = {}): OverlayResult {
	const settings = resolveSettings(input.settings ?? {});
	const contacts = input.contacts;
	const web = input.web ?? null;
	const compiled = 'stateOfRule' in input.rules ? input.rules : compileRules(input.rules, input.journeyId);
	const horizon = options.horizon ?? 24 * HOUR;
	if (!(horizon >= 0) || !Number.isFinite(horizon)) throw new Error('Invalid horizon: expected milliseconds');
	const top = options.top ?? 5;
	const from = options.period?.from ?? -Infinity;
	const to = options.period?.to ?? Infinity;
	const window = settings.window;

	// ------------------------------------------------------------ filters
	const customers = joinCustomers(contacts, web);
	const segmentOk = codesIn(contacts.segments, options.segments, false);
	const channelOk = codesIn(contacts.channels, options.channels, true);
	const motiveOk = codesIn(contacts.motives, options.motives, false);
	const webOk = !options.channels || options.channels.length === 0 || options.channels.some((c) => c.trim().toLowerCase() === 'web');
	const keepContact = new Uint8Array(contacts.length);
	const customerOk = segmentOk || motiveOk ? new Uint8Array(customers.count) : null;
	for (let r = 0; r < contacts.length; r++) {
		const t = contacts.time[r];
		const ok =
			t >= from &&
			t < to &&
			(!segmentOk || segmentOk[contacts.segment[r]] === 1) &&
			(!channelOk || channelOk[contacts.channel[r]] === 1) &&
			(!motiveOk || motiveOk[contacts.motive[r]] === 1);
		keepContact[r] = ok ? 1 : 0;
		if (customerOk && (!segmentOk || segmentOk[contacts.segment[r]]) && (!motiveOk || motiveOk[contacts.motive[r]])) {
			customerOk[contacts.customer[r]] = 1;
		}
	}
	let keepWeb: Uint8Array | null = null;
	if (web) {
		keepWeb = new Uint8Array(web.length);
		if (webOk) {
			for (let r = 0; r < web.length; r++) {
				const t = web.time[r];
				keepWeb[r] = t >= from && t < to && (!customerOk || customerOk[customers.ofWeb[web.customer[r]]] === 1) ? 1 : 0;
			}
		}
	}

	// ------------------------------------------------------------ mapping
	const unmappedTop = options.unmappedTop ?? 20;
	const contactMap = mapContacts(compiled, contacts, settings.categories, { keep: keepContact, top: unmappedTop });
	const pageMap = web ? mapPages(compiled, web, { keep: keepWeb ?? undefined, top: unmappedTop }) : null;
	const stateOfRule = compiled.stateOfRule;
	const modelStates = new Set(input.model.states);
	const stateNames: string[] = [...input.model.states];
	const stateIndex = new Map<string, number>(stateNames.map((s, i) => [s, i]));
	const ruleState = new Int32Array(stateOfRule.length);
	for (let r = 0; r < stateOfRule.length; r++) {
		const name = compiled.states[stateOfRule[r]];
		let s = stateIndex.get(name);
		if (s === undefined) {
			s = stateNames.length;
			stateNames.push(name);
			stateIndex.set(name, s);
		}
		ruleState[r] = s;
	}
	const S = stateNames.length;
	const contactRule = contactMap.ruleOfRow;

	// ------------------------------------------------------------ chains and demands
	// Every demand's verdict as `analyze` gives it. The contact figures use the contact log's own
	// end, as `analyze` does; FIR uses both logs'.
	const { chains, status, observationEnd } = demandVerdicts(contacts, settings);

	const events = new Float64Array(S);
	const mappedContacts = new Float64Array(S);
	const inbound = new Float64Array(S);
	const repeats = new Float64Array(S);
	const demands = new Float64Array(S);
	const pending = new Float64Array(S);
	const resolvedFirst = new Float64Array(S);
	const surveys = new SurveyCounts(S);
	// Per catalogue motive, as the motive breakdown groups codes (settings.motiveGroups).
	const motiveGroup = grouping(contacts, settings, 'motive');
	const motiveOfCode = motiveGroup.remap;
	const M = motiveGroup.names.length;
	const motiveCounts = S * M <= 1 << 24 ? new Float64Array(S * M) : null;
	const inboundCode: number = INBOUND;
	const { isRepeat, firstOfChain } = chains;
	for (let row = 0; row < contacts.length; row++) {
		const rule = contactRule[row];
		if (rule < 0) continue;
		const s = ruleState[rule];
		mappedContacts[s]++;
		if (motiveCounts) {
			const code = contacts.motive[row];
			motiveCounts[s * M + (motiveOfCode ? motiveOfCode[code] : code)]++;
		}
		if (contacts.direction[row] !== inboundCode) continue;
		inbound[s]++;
		repeats[s] += isRepeat[row];
	}
	for (let chain = 0; chain < chains.count; chain++) {
		const row = firstOfChain[chain];
		const rule = contactRule[row];
		if (rule < 0) continue;
		const s = ruleState[rule];
		demands[s]++;
		const st = status[chain];
		if (st & STATUS_PENDING) {
			pending[s]++;
			continue;
		}
		if (st & STATUS_RESOLVED) resolvedFirst[s]++;
		surveys.add(contacts, row, s);
	}

	// ------------------------------------------------------------ web: sessions and visits
	const sessions = web ? buildSessions(web, customers, options.sessionGap ?? SESSION_GAP, keepWeb) : null;
	const pageViews = new Float64Array(S);
	const webVisits = new Float64Array(S);
	const sessionsTouching = new Float64Array(S);
	const sessionsFollowed = new Float64Array(S);
	let followed: Uint8Array | null = null;
	let visitCount = 0;
	// Visits: one per run of consecutive mapped views of a session on the same state.
	let visitCustomer = new Uint32Array(0);
	let visitTime = new Float64Array(0);
	let visitState = new Uint32Array(0);
	const pageCounts = web ? new Float64Array(web.pages.length) : null;
	let timeline: ReturnType<typeof inboundTimeline> | null = null;
	let everyContactKept = true;
	for (let r = 0; r < contacts.length && everyContactKept; r++) if (keepContact[r] === 0) everyContactKept = false;
	if (web && sessions && pageMap) {
		timeline = inboundTimeline(contacts, customers);
		followed = sessionsFollowedByContact(sessions, timeline, horizon);
		const pageRule = pageMap.ruleOfRow;
		const capacity = sessions.rows.length;
		visitCustomer = new Uint32Array(capacity);
		visitTime = new Float64Array(capacity);
		visitState = new Uint32Array(capacity);
		const lastSession = new Int32Array(S).fill(-1);
		for (let k = 0; k < sessions.count; k++) {
			let previous = -1;
			const f = followed[k];
			const c = sessions.customer[k];
			for (let i = sessions.rowStart[k]; i < sessions.rowStart[k + 1]; i++) {
				const row = sessions.rows[i];
				const rule = pageRule[row];
				if (rule < 0) continue;
				const s = ruleState[rule];
				pageViews[s]++;
				(pageCounts as Float64Array)[web.page[row]]++;
				if (lastSession[s] !== k) {
					lastSession[s] = k;
					sessionsTouching[s]++;
					sessionsFollowed[s] += f;
				}
				if (s === previous) continue;
				previous = s;
				webVisits[s]++;
				visitCustomer[visitCount] = c;
				visitTime[visitCount] = web.time[row];
				visitState[visitCount] = s;
				visitCount++;
			}
		}
	}

	// ------------------------------------------------------------ events and transitions
	let contactEvents = 0;
	for (let row = 0; row < contacts.length; row++) if (contactRule[row] >= 0) contactEvents++;
	const eventCount = visitCount + contactEvents;
	const evCustomer = new Uint32Array(eventCount);
	const evTime = new Float64Array(eventCount);
	const evState = new Uint32Array(eventCount);
	// Visits first: the stable sort then puts a page view before a contact at the same time.
	evCustomer.set(visitCustomer.subarray(0, visitCount));
	evTime.set(visitTime.subarray(0, visitCount));
	evState.set(visitState.subarray(0, visitCount));
	let e = visitCount;
	for (let row = 0; row < contacts.length; row++) {
		const rule = contactRule[row];
		if (rule < 0) continue;
		evCustomer[e] = contacts.customer[row];
		evTime[e] = contacts.time[row];
		evState[e] = ruleState[rule];
		e++;
	}
	const grouped = groupByCustomer(evCustomer, null, customers.count, evTime, eventCount);
	const dense = S * S <= 1 << 22;
	const pairCount = dense ? new Float64Array(S * S) : null;
	const pairCustomers = dense ? new Float64Array(S * S) : null;
	const pairLast = dense ? new Int32Array(S * S).fill(-1) : null;
	const sparse = dense ? null : new Map<number, { count: number; customers: number; last: number }>();
	const entries = new Float64Array(S);
	const stateCustomers = new Float64Array(S);
	const stateLast = new Int32Array(S).fill(-1);
	let eventCustomers = 0;
	const { order, time: sortedTime, start } = grouped;
	for (let c = 0; c < customers.count; c++) {
		const a = start[c];
		const b = start[c + 1];
		if (a === b) continue;
		eventCustomers++;
		let previousState = -1;
		let previousTime = 0;
		for (let i = a; i < b; i++) {
			const s = evState[order[i]];
			const t = sortedTime[i];
			events[s]++;
			if (stateLast[s] !== c) {
				stateLast[s] = c;
				stateCustomers[s]++;
			}
			const linked = previousState >= 0 && withinWindow(window, previousTime, t);
			if (!linked) entries[s]++;
			else {
				const pair = previousState * S + s;
				if (pairCount && pairCustomers && pairLast) {
					pairCount[pair]++;
					if (pairLast[pair] !== c) {
						pairLast[pair] = c;
						pairCustomers[pair]++;
					}
				} else if (sparse) {
					const entry = sparse.get(pair) ?? { count: 0, customers: 0, last: -1 };
					entry.count++;
					if (entry.last !== c) {
						entry.last = c;
						entry.customers++;
					}
					sparse.set(pair, entry);
				}
			}
			previousState = s;
			previousTime = t;
		}
	}

	const accounts = modelAccounts(input.model);
	const transitions: ObservedTransition[] = [];
	const pushPair = (pair: number, count: number, customerCount: number) => {
		const fromState = stateNames[Math.floor(pair / S)];
		const toState = stateNames[pair % S];
		transitions.push({
			from: fromState,
			to: toState,
			count,
			customers: customerCount,
			deviation: !accounts(fromState, toState)
		});
	};
	if (pairCount && pairCustomers) {
		for (let pair = 0; pair < S * S; pair++) if (pairCount[pair] > 0) pushPair(pair, pairCount[pair], pairCustomers[pair]);
	} else if (sparse) {
		for (const [pair, entry] of sparse) pushPair(pair, entry.count, entry.customers);
	}
	const byVolume = (a: ObservedTransition, b: ObservedTransition) =>
		b.count - a.count || (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0);
	transitions.sort(byVolume);

	// ------------------------------------------------------------ per state
	// Keyed by the rules' state ids, which are user text: no inherited key may answer.
	const states: Record<string, StateFigures> = Object.create(null);
	for (let s = 0; s < S; s++) {
		const eligible = demands[s] - pending[s];
		const name = stateNames[s];
		const repeat = rate(repeats[s], inbound[s]);
		const fcr = rate(resolvedFirst[s], eligible);
		states[name] = {
			state: name,
			inModel: modelStates.has(name),
			events: events[s],
			customers: stateCustomers[s],
			contacts: mappedContacts[s],
			inboundContacts: inbound[s],
			repeatContacts: repeats[s],
			repeatRate: repeat.rate,
			repeatRateCi95: repeat.ci95,
			demands: demands[s],
			pending: pending[s],
			eligible,
			resolvedFirst: resolvedFirst[s],
			fcr: fcr.rate,
			fcrCi95: fcr.ci95,
			pageViews: pageViews[s],
			webVisits: webVisits[s],
			webToContact: rate(sessionsFollowed[s], sessionsTouching[s]),
			csat: surveys.csatAnswered[s] > 0 ? rate(surveys.satisfied[s], surveys.csatAnswered[s]) : null,
			nps: surveys.nps(s),
			topMotives: motiveCounts ? topOf(motiveCounts, s * M, M, motiveGroup.names, top) : [],
			topPages: []
		};
	}
	if (web && pageCounts && pageMap) {
		// A page maps to one rule, hence one state: group the pages by state, then keep the top ones.
		const pagesOfState: number[][] = Array.from({ length: S }, () => []);
		const ruleOfPage = new Int32Array(web.pages.length).fill(-1);
		for (let row = 0; row < web.length; row++) {
			const rule = pageMap.ruleOfRow[row];
			if (rule >= 0) ruleOfPage[web.page[row]] = rule;
		}
		for (let p = 0; p < web.pages.length; p++) {
			if (pageCounts[p] > 0 && ruleOfPage[p] >= 0) pagesOfState[ruleState[ruleOfPage[p]]].push(p);
		}
		for (let s = 0; s < S; s++) {
			const list = pagesOfState[s].sort((a, b) => pageCounts[b] - pageCounts[a] || a - b).slice(0, top);
			states[stateNames[s]].topPages = list.map((p) => ({ value: web.pages[p], count: pageCounts[p] }));
		}
	}

	// ------------------------------------------------------------ omnichannel over the kept events
	let omni: OverlayResult['omnichannel'] = null;
	if (web && sessions && followed) {
		const keptTimeline = everyContactKept && timeline ? timeline : inboundTimeline(contacts, customers, keepContact);
		const firEnd = settings.observationEnd ?? latestTime(contacts, web);
		omni = {
			...sessionRates(contacts, web, sessions, followed, horizon, options.webChannels ?? ['web'], null, keepContact),
			fir: firstInteractionResolution(keptTimeline, sessions, settings.window, firEnd)
		};
	}

	let keptContacts = 0;
	for (let r = 0; r < contacts.length; r++) keptContacts += keepContact[r];
	let keptWeb = 0;
	if (keepWeb) for (let r = 0; r < keepWeb.length; r++) keptWeb += keepWeb[r];

	const entryList: { state: string; count: number }[] = [];
	for (let s = 0; s < S; s++) if (entries[s] > 0) entryList.push({ state: stateNames[s], count: entries[s] });
	entryList.sort((a, b) => b.count - a.count || (a.state < b.state ? -1 : 1));

	const filters: OverlayResult['filters'] = {};
	if (options.segments?.length) filters.segments = [...options.segments];
	if (options.channels?.length) filters.channels = [...options.channels];
	if (options.motives?.length) filters.motives = [...options.motives];

	return {
		journeyId: input.journeyId ?? null,
		states,
		transitions,
		entries: entryList,
		deviations: transitions.filter((t) => t.deviation),
		rules: compiled.rules.map((rule, r) => {
			const out: OverlayResult['rules'][number] = {
				id: rule.id,
				stateId: rule.stateId,
				kind: rule.kind,
				matched: contactMap.matched[r] + (pageMap ? pageMap.matched[r] : 0)
			};
			if (rule.label) out.label = rule.label;
			return out;
		}),
		unmapped: {
			contacts: contactMap.unmapped,
			webEvents: pageMap?.unmapped ?? 0,
			motives: contactMap.unmappedMotives,
			channels: contactMap.unmappedChannels,
			pages: pageMap?.unmappedPages ?? []
		},
		totals: {
			contacts: keptContacts,
			mappedContacts: contactMap.mapped,
			webEvents: keptWeb,
			mappedWebEvents: pageMap?.mapped ?? 0,
			sessions: sessions?.count ?? 0,
			events: eventCount,
			customers: eventCustomers
		},
		omnichannel: omni,
		horizon,
		observationEnd,
		period: options.period
			? { from: Number.isFinite(from) ? from : null, to: Number.isFinite(to) ? to : null }
			: null,
		filters,
		settings
	};
}
