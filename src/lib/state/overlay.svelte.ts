/**
 * The measured overlay of a journey: what the consultant chose to see (kept per journey in this
 * browser, like the dashboard settings), the journey's mapping rules (live from the database),
 * and the overlay figures computed in the engine worker with the dashboard's own settings and
 * dataset — so the journey and the Analysis page agree. Figures are cached per query: choosing
 * another metric or the paths slider never asks the worker; a filter already seen answers at once.
 */
import { parseLocalDate, periodFilter } from '$lib/analysis/dashboard-settings';
import type { OverlayMetric } from '$lib/view/overlay-view';
import { OVERLAY_METRICS } from '$lib/view/overlay-view';
import { ruleRepo } from '$lib/db';
import { compileRules, globMatcher, MappingRuleError } from '$lib/domain/mapping';
import { t } from '$lib/i18n/locale.svelte';
import type { Id, JourneyMachineConfig, MappingRule, PageMatch } from '$lib/domain/types';
import type { OverlayAnswer, OverlayRequest } from '$lib/workers/protocol';
import type { DatasetList } from './datasets.svelte';
import { MeasurementQuery } from './measurement-query.svelte';
import { engine } from './engine.svelte';
import { EngineValue } from './engine-value.svelte';
import { LiveQuery } from './live-query.svelte';
import type { WorkspaceData } from './workspace.svelte';
import { saveSetting } from './settings-storage';

export interface OverlayFilterChoice {
	/** `YYYY-MM-DD`, empty: the dashboard's period. */
	from: string;
	to: string;
	segments: string[];
	channels: string[];
	motives: string[];
}

export interface OverlayPrefs {
	/** @default false */
	enabled: boolean;
	/** @default 'repeatRate' */
	metric: OverlayMetric;
	/** Transitions below this volume are hidden (unless needed to reach a state). null: chosen from the data. */
	minVolume: number | null;
	filters: OverlayFilterChoice;
	/** A glob of the self-care pages for the bounce rate (`/espace-client/**`); empty: any session. @default '' */
	selfCarePages: string;
}

const emptyFilters = (): OverlayFilterChoice => ({ from: '', to: '', segments: [], channels: [], motives: [] });

export function defaultOverlayPrefs(): OverlayPrefs {
	return { enabled: false, metric: 'repeatRate', minVolume: null, filters: emptyFilters(), selfCarePages: '' };
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const day = (value: unknown): string => (typeof value === 'string' && (value === '' || parseLocalDate(value) !== null) ? value : '');

/** Preferences read back from storage, each field checked on its own. */
export function readOverlayPrefs(stored: unknown): OverlayPrefs {
	const prefs = defaultOverlayPrefs();
	if (typeof stored !== 'object' || stored === null) return prefs;
	const raw = stored as Record<string, unknown>;
	if (typeof raw.enabled === 'boolean') prefs.enabled = raw.enabled;
	if (OVERLAY_METRICS.includes(raw.metric as OverlayMetric)) prefs.metric = raw.metric as OverlayMetric;
	if (typeof raw.minVolume === 'number' && raw.minVolume >= 0 && Number.isFinite(raw.minVolume)) prefs.minVolume = raw.minVolume;
	if (typeof raw.selfCarePages === 'string') prefs.selfCarePages = raw.selfCarePages;
	if (typeof raw.filters === 'object' && raw.filters !== null) {
		const f = raw.filters as Record<string, unknown>;
		prefs.filters = { from: day(f.from), to: day(f.to), segments: strings(f.segments), channels: strings(f.channels), motives: strings(f.motives) };
	}
	return prefs;
}

const prefsKey = (workspaceId: Id, journeyId: Id) => `parcours.overlay.${workspaceId}.${journeyId}`;

/** The overlay choices of one journey, saved on every change. */
export class OverlayPrefsState {
	readonly #key: string;
	prefs = $state.raw<OverlayPrefs>(defaultOverlayPrefs());

	constructor(workspaceId: Id, journeyId: Id) {
		this.#key = prefsKey(workspaceId, journeyId);
		if (typeof localStorage === 'undefined') return;
		try {
			this.prefs = readOverlayPrefs(JSON.parse(localStorage.getItem(this.#key) ?? 'null'));
		} catch {
			// Unreadable: the defaults.
		}
	}

	update(patch: Partial<OverlayPrefs>) {
		this.prefs = { ...this.prefs, ...patch };
		// A full storage is reported; the choice still applies for this visit.
		saveSetting(this.#key, JSON.stringify(this.prefs));
	}

	filter(patch: Partial<OverlayFilterChoice>) {
		this.update({ filters: { ...this.prefs.filters, ...patch } });
	}

	clearFilters() {
		this.update({ filters: emptyFilters() });
	}

	filtered = $derived.by(() => {
		const f = this.prefs.filters;
		return Boolean(f.from || f.to || f.segments.length || f.channels.length || f.motives.length);
	});
}

/** A journey's mapping rules, live, in the order they are tried. Must be created while a component initialises. */
export class JourneyRules {
	#query: LiveQuery<MappingRule[], Id>;

	readonly #journeyId: () => Id;

	constructor(workspaceId: () => Id, journeyId: () => Id) {
		this.#journeyId = journeyId;
		this.#query = new LiveQuery(async (ws: Id) => (await ruleRepo.list(ws)).sort((a, b) => a.order - b.order), workspaceId);
	}

	ready = $derived.by(() => this.#query.ready);
	rules = $derived.by(() => (this.#query.current ?? []).filter((r) => r.journeyId === this.#journeyId()));
}

/** The rules that compile, and the problem of each one that does not (by rule id). */
export function usableRules(rules: readonly MappingRule[]): { usable: MappingRule[]; problems: Map<Id, MappingRuleError> } {
	const usable: MappingRule[] = [];
	const problems = new Map<Id, MappingRuleError>();
	for (const rule of rules) {
		try {
			compileRules([rule]);
			usable.push(rule);
		} catch (error) {
			problems.set(rule.id, error instanceof MappingRuleError ? error : new MappingRuleError(rule.id, String(error)));
		}
	}
	return { usable, problems };
}

/** A rule's problem in the interface's language: its number, the field at fault and why. */
export function ruleProblemText(n: number, problem: MappingRuleError): string {
	const params = { n, pattern: problem.pattern ?? '', detail: problem.detail ?? '' };
	if (problem.reason === 'regex-invalid') return t('rules.error.regex-invalid', params);
	if (problem.reason === 'regex-unsupported') return t('rules.error.regex-unsupported', params);
	if (problem.reason === 'empty-pattern') return t('rules.error.empty-pattern', params);
	return t('rules.error', { n, message: problem.message });
}

/** How long a query must stay unchanged before it is computed (typing a pattern, dragging a date). */
const SETTLE_MS = 200;

export interface OverlaySource {
	workspaceId: Id;
	journeyId: Id;
	data: WorkspaceData;
	machine: () => JourneyMachineConfig | undefined;
	/** The rules to map with (the editor's drafts, or the stored ones). */
	rules: () => readonly MappingRule[];
	/** Whether figures are wanted now (the overlay is on, the rules page is open). */
	active: () => boolean;
	filters: () => OverlayFilterChoice;
	/** A glob of self-care pages for the bounce rate; empty: none. */
	selfCarePages?: () => string;
}

/** The overlay figures of a journey. Must be created while a component initialises. */
export class OverlayFigures {
	/** The dashboard's dataset and settings: the Analysis page's query. */
	readonly dashboard: MeasurementQuery;
	readonly datasets: DatasetList;
	#value: EngineValue<{ workspaceId: Id; request: OverlayRequest }, OverlayAnswer>;
	#source: OverlaySource;

	constructor(source: OverlaySource) {
		this.#source = source;
		this.dashboard = new MeasurementQuery(() => source.workspaceId, source.data);
		this.datasets = this.dashboard.datasets;
		this.#value = new EngineValue(() => this.query, SETTLE_MS, (q, options) => engine.overlay(q.workspaceId, q.request, options));
	}

	contacts = $derived.by(() => this.dashboard.dataset);
	web = $derived.by(() => this.datasets.latestWeb);

	/** The engine settings of the dashboard (window, scope, complex motives and categories from the catalogue). */
	settings = $derived.by(() => this.dashboard.translated.settings);

	/** The period: the overlay's own dates when set, else the dashboard's. */
	period = $derived.by(() => {
		const f = this.#source.filters();
		if (f.from || f.to) return periodFilter({ from: f.from, to: f.to });
		return this.dashboard.period;
	});

	rulesCheck = $derived.by(() => usableRules(this.#source.rules()));

	/** The self-care pages as a glob, when one is typed and valid. */
	selfCarePages = $derived.by((): PageMatch | null => {
		const page = this.#source.selfCarePages?.().trim() ?? '';
		if (!page) return null;
		try {
			globMatcher(page);
			return { page, syntax: 'glob' };
		} catch {
			return null;
		}
	});

	query = $derived.by((): { workspaceId: Id; request: OverlayRequest } | null => {
		const machine = this.#source.machine();
		const contacts = this.contacts;
		if (!this.#source.active() || !machine || !contacts || !this.#source.data.snapshot) return null;
		const f = this.#source.filters();
		const filters: OverlayRequest['filters'] = {};
		if (this.period) filters.period = this.period;
		if (f.segments.length) filters.segments = [...f.segments];
		if (f.channels.length) filters.channels = [...f.channels];
		if (f.motives.length) filters.motives = [...f.motives];
		return {
			workspaceId: this.#source.workspaceId,
			request: {
				journeyId: this.#source.journeyId,
				contactsDatasetId: contacts.id,
				webDatasetId: this.web?.id ?? null,
				settings: this.settings,
				rules: this.rulesCheck.usable.map((r) => ({ ...r, match: { ...r.match } }) as MappingRule),
				machine,
				filters,
				selfCarePages: this.selfCarePages
			}
		};
	});

	result = $derived.by(() => this.#value.current);
	busy = $derived.by(() => this.#value.busy);
	/** Where the overlay's computation is (reading the data, computing). */
	progress = $derived.by(() => this.#value.progress);
	/** Whether the user cancelled the overlay's computation. */
	cancelled = $derived.by(() => this.#value.cancelled);
	error = $derived.by(() => this.#value.error);
	/** Stops the overlay's computation under way; the figures shown stay. */
	cancel(): void {
		this.#value.cancel();
	}
	lastMs = $derived.by(() => this.#value.lastMs);

	/** The dates the figures cover, `to` inclusive: the filter's, else the dataset's. */
	span = $derived.by((): { from: number; to: number } | null => {
		const data = this.contacts?.period;
		const p = this.period;
		if (!data && !p) return null;
		const from = Math.max(p?.from ?? -Infinity, data?.from ?? -Infinity);
		const to = Math.min(p?.to !== undefined ? p.to - 1 : Infinity, data?.to ?? Infinity);
		if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
		return { from, to: Math.max(from, to) };
	});
}

