/**
 * The moments that make customers call (METRICS.md §5b), as the anticipation page, the journey
 * graph and the deck ask for them: the dashboard's contact log and settings (costs, time zone),
 * the latest business event log and web log, a journey's mapping rules for its states, and this
 * browser's choices for the page (horizon, deflection share, filters), kept per workspace like
 * the dashboard's. Computed in the engine worker; the kind filter and the order are applied here.
 */
import { rankTriggers, triggerState, type TriggerOrder } from '$lib/analysis/anticipation/ranking';
import { DEFAULT_DEFLECTION, DEFAULT_HORIZON, type AnticipationResult, type Trigger, type TriggerKind } from '$lib/analysis/anticipation';
import { DAY } from '$lib/analysis/settings';
import { ruleRepo, type Dataset } from '$lib/db';
import type { Id, MappingRule } from '$lib/domain/types';
import type { AnticipationRequest } from '$lib/workers/protocol';
import { engine } from './engine.svelte';
import { EngineValue } from './engine-value.svelte';
import { LiveQuery } from './live-query.svelte';
import { MeasurementQuery } from './measurement-query.svelte';
import { usableRules } from './overlay.svelte';
import { saveSetting } from './settings-storage';
import type { WorkspaceData } from './workspace.svelte';

export interface AnticipationPrefs {
	/** Horizon `H` in days. @default 7 */
	horizonDays: number;
	/** Deflection share, 0–1. @default 0.3 */
	deflection: number;
	/** Trigger kinds shown; empty: all. */
	kinds: TriggerKind[];
	segments: string[];
	channels: string[];
	/** The journey whose states are triggers; '' for the first journey with mapping rules. */
	journeyId: string;
	/** The business event log read: '' for the latest imported, `NO_LOG` for none, else a dataset id. */
	eventsId: string;
	/** The web log read, as `eventsId`. */
	webId: string;
}

/** A log left out of the anticipation (its triggers are not drawn). */
export const NO_LOG = 'none';

export const HORIZON_CHOICES = [1, 2, 3, 7, 14, 30] as const;

export function defaultAnticipationPrefs(): AnticipationPrefs {
	return { horizonDays: DEFAULT_HORIZON / DAY, deflection: DEFAULT_DEFLECTION, kinds: [], segments: [], channels: [], journeyId: '', eventsId: '', webId: '' };
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const KINDS: readonly TriggerKind[] = ['event', 'state', 'exitPage'];

/** Preferences read back from storage, each field checked on its own. */
export function readAnticipationPrefs(stored: unknown): AnticipationPrefs {
	const prefs = defaultAnticipationPrefs();
	if (typeof stored !== 'object' || stored === null) return prefs;
	const raw = stored as Record<string, unknown>;
	if (typeof raw.horizonDays === 'number' && raw.horizonDays > 0 && raw.horizonDays <= 90) prefs.horizonDays = raw.horizonDays;
	if (typeof raw.deflection === 'number' && raw.deflection >= 0 && raw.deflection <= 1) prefs.deflection = raw.deflection;
	prefs.kinds = strings(raw.kinds).filter((k): k is TriggerKind => (KINDS as readonly string[]).includes(k));
	prefs.segments = strings(raw.segments);
	prefs.channels = strings(raw.channels);
	if (typeof raw.journeyId === 'string') prefs.journeyId = raw.journeyId;
	if (typeof raw.eventsId === 'string') prefs.eventsId = raw.eventsId;
	if (typeof raw.webId === 'string') prefs.webId = raw.webId;
	return prefs;
}

function chosenLog(logs: readonly Dataset[], id: string): Dataset | undefined {
	if (id === NO_LOG) return undefined;
	return logs.find((d) => d.id === id) ?? logs[0];
}

const prefsKey = (workspaceId: Id) => `parcours.anticipation.${workspaceId}`;

/** How long a query must stay unchanged before it is computed (typing a share). */
const SETTLE_MS = 200;
/** A computation longer than this shows its progress. */
const SLOW_MS = 1000;

/** Must be created while a component initialises; `workspaceId` is read live. */
export class AnticipationData {
	readonly dashboard: MeasurementQuery;
	readonly #workspaceId: () => Id;
	readonly #data: WorkspaceData;
	#rules: LiveQuery<MappingRule[], Id>;
	#value: EngineValue<{ workspaceId: Id; request: AnticipationRequest }, AnticipationResult>;
	prefs = $state.raw<AnticipationPrefs>(defaultAnticipationPrefs());
	/** The computation has run for more than a second: its progress is shown. */
	slow = $state(false);

	readonly #journeyId: (() => Id) | undefined;
	readonly #plain: boolean;

	/**
	 * `active`: whether figures are wanted now. `journeyId`: the journey whose states are triggers,
	 * instead of the page's choice. `plain`: without the page's segment and channel filters (the
	 * journey graph's markers, over the whole logs).
	 */
	constructor(workspaceId: () => Id, data: WorkspaceData, options: { active?: () => boolean; journeyId?: () => Id; plain?: boolean } = {}) {
		this.#workspaceId = workspaceId;
		this.#journeyId = options.journeyId;
		this.#plain = options.plain ?? false;
		this.#data = data;
		this.dashboard = new MeasurementQuery(workspaceId, data);
		this.#rules = new LiveQuery(async (ws: Id) => (await ruleRepo.list(ws)).sort((a, b) => a.order - b.order), workspaceId);
		$effect(() => {
			const id = workspaceId();
			if (typeof localStorage === 'undefined') return;
			try {
				this.prefs = readAnticipationPrefs(JSON.parse(localStorage.getItem(prefsKey(id)) ?? 'null'));
			} catch {
				this.prefs = defaultAnticipationPrefs();
			}
		});
		const active = options.active ?? (() => true);
		this.#value = new EngineValue(
			() => (active() ? this.query : null),
			SETTLE_MS,
			(q, o) => engine.anticipate(q.workspaceId, q.request, o)
		);
		$effect(() => {
			if (!this.#value.busy) {
				this.slow = false;
				return;
			}
			const timer = setTimeout(() => (this.slow = true), SLOW_MS);
			return () => clearTimeout(timer);
		});
	}

	get workspaceId(): Id {
		return this.#workspaceId();
	}

	datasets = $derived.by(() => this.dashboard.datasets);
	contacts = $derived.by(() => this.dashboard.dataset);
	/** The imported business event logs and web logs, most recent first. */
	eventLogs = $derived.by(() => this.dashboard.datasets.datasets.filter((d) => d.kind === 'events'));
	webLogs = $derived.by(() => this.dashboard.datasets.web);
	/** The logs read: the one chosen, else the latest (a removed choice falls back to it); none when left out. */
	events = $derived.by(() => chosenLog(this.eventLogs, this.prefs.eventsId));
	web = $derived.by(() => chosenLog(this.webLogs, this.prefs.webId));
	journeys = $derived.by(() => this.#data.snapshot?.journeys ?? []);
	motives = $derived.by(() => this.#data.snapshot?.motives ?? []);
	/** Journeys with at least one mapping rule: their states can be triggers. */
	mappedJourneys = $derived.by(() => {
		const rules = this.#rules.current ?? [];
		return this.journeys.filter((j) => rules.some((r) => r.journeyId === j.id));
	});
	/** The journey whose states are triggers: the one chosen, else the first with rules. */
	journey = $derived.by(() => {
		if (this.#journeyId) {
			const id = this.#journeyId();
			return this.mappedJourneys.find((j) => j.id === id);
		}
		return this.mappedJourneys.find((j) => j.id === this.prefs.journeyId) ?? this.mappedJourneys[0];
	});
	rules = $derived.by(() => {
		const id = this.journey?.id;
		return id ? usableRules((this.#rules.current ?? []).filter((r) => r.journeyId === id)).usable : [];
	});

	/** The Analysis page's period, when one is set: the logs are read over it only. */
	period = $derived.by(() => this.dashboard.period);

	query = $derived.by((): { workspaceId: Id; request: AnticipationRequest } | null => {
		const contacts = this.contacts;
		if (!contacts || !this.#data.snapshot || !this.#rules.ready) return null;
		const p = this.prefs;
		const filters: AnticipationRequest['filters'] = {};
		if (p.segments.length && !this.#plain) filters.segments = [...p.segments];
		if (p.channels.length && !this.#plain) filters.channels = [...p.channels];
		const period = this.period;
		if (period && !this.#plain) filters.period = { ...period };
		return {
			workspaceId: this.workspaceId,
			request: {
				contactsDatasetId: contacts.id,
				eventsDatasetId: this.events?.id ?? null,
				webDatasetId: this.web?.id ?? null,
				settings: this.dashboard.translated.settings,
				rules: this.rules.map((r) => ({ ...r, match: { ...r.match } }) as MappingRule),
				journeyId: this.journey?.id ?? null,
				horizon: p.horizonDays * DAY,
				deflection: p.deflection,
				filters
			}
		};
	});

	result = $derived.by(() => this.#value.current);
	busy = $derived.by(() => this.#value.busy);
	progress = $derived.by(() => this.#value.progress);
	cancelled = $derived.by(() => this.#value.cancelled);
	error = $derived.by(() => this.#value.error);
	cancel(): void {
		this.#value.cancel();
	}

	/** Ranked by saving when costs are set, else by attributable contacts. */
	order = $derived.by((): TriggerOrder => (this.result?.costs ? 'saving' : 'attributable'));
	triggers = $derived.by(() => (this.result ? rankTriggers(this.result.triggers, { kinds: this.prefs.kinds, order: this.order }) : []));
	/** The state triggers by state id (`journey` states). */
	stateTriggers = $derived.by(() => {
		const byState = new Map<string, Trigger>();
		for (const trigger of this.result?.triggers ?? []) {
			const state = triggerState(trigger.key);
			if (state !== null) byState.set(state, trigger);
		}
		return byState;
	});

	update(patch: Partial<AnticipationPrefs>) {
		this.prefs = { ...this.prefs, ...patch };
		// A full storage is reported; the choice still applies for this visit.
		saveSetting(prefsKey(this.workspaceId), JSON.stringify(this.prefs));
	}
}
