/**
 * The Analysis page's state: the dashboard settings a consultant keeps per workspace (saved in
 * this browser's localStorage, like the interface language: they are a way of reading the data,
 * not part of the workspace model) — but for the costs per channel, which are the workspace's own
 * (`WorkspaceMoney`) and the time zone (`WorkspaceTimeZone`) — and the figures computed in the engine worker, cached per settings, the
 * previous figures kept on screen while new ones are computed.
 */
import type { CrossResult } from '$lib/analysis/cross';
import {
	defaultDashboardSettings,
	readDashboardSettings,
	type DashboardSettings
} from '$lib/analysis/dashboard-settings';
import type { AnalysisResult, Dimension } from '$lib/analysis/metrics';
import type { AnalysisSettings } from '$lib/analysis/settings';
import type { Id } from '$lib/domain/types';
import { engine } from './engine.svelte';
import { EngineValue } from './engine-value.svelte';
import type { WorkspaceMoney } from './money.svelte';
import type { WorkspaceTimeZone } from './time-zone.svelte';
import { saveSetting } from './settings-storage';

const storageKey = (workspaceId: Id) => `parcours.analysis.${workspaceId}`;

interface Stored {
	settings: DashboardSettings;
	datasetId: Id | null;
}

function load(workspaceId: Id): Stored {
	if (typeof localStorage === 'undefined') return { settings: defaultDashboardSettings(), datasetId: null };
	try {
		const raw = JSON.parse(localStorage.getItem(storageKey(workspaceId)) ?? 'null') as Partial<Stored> | null;
		return {
			settings: readDashboardSettings(raw?.settings),
			datasetId: typeof raw?.datasetId === 'string' ? raw.datasetId : null
		};
	} catch {
		return { settings: defaultDashboardSettings(), datasetId: null };
	}
}

/**
 * The dashboard settings of one workspace, saved on every change. With the workspace's money
 * settings, `settings.costPerChannel` is the workspace's and a cost change is written there.
 */
export class DashboardSettingsState {
	readonly workspaceId: Id;
	readonly money: WorkspaceMoney | undefined;
	readonly zone: WorkspaceTimeZone | undefined;
	#stored = $state.raw<DashboardSettings>(defaultDashboardSettings());
	settings = $derived.by((): DashboardSettings => ({
		...this.#stored,
		...(this.money ? { costPerChannel: this.money.costPerChannel } : {}),
		timeZone: this.zone?.timeZone ?? ''
	}));
	/** The dataset last chosen; null: the first contacts dataset. */
	datasetId = $state<Id | null>(null);

	constructor(workspaceId: Id, money?: WorkspaceMoney, zone?: WorkspaceTimeZone) {
		this.workspaceId = workspaceId;
		this.money = money;
		this.zone = zone;
		const stored = load(workspaceId);
		this.#stored = stored.settings;
		this.datasetId = stored.datasetId;
	}

	update(patch: Partial<DashboardSettings>) {
		// The zone is the workspace's, never kept with the dashboard.
		const { timeZone, ...kept } = patch;
		if (timeZone !== undefined) this.zone?.set(timeZone);
		const { costPerChannel, ...rest } = kept;
		if (costPerChannel && this.money) void this.money.setCosts(costPerChannel);
		this.#stored = { ...this.#stored, ...(this.money ? rest : kept) };
		this.#save();
	}

	chooseDataset(id: Id) {
		this.datasetId = id;
		this.#save();
	}

	/** Back to the default settings; the workspace's costs and zone are not the dashboard's to reset. */
	reset() {
		this.#stored = { ...defaultDashboardSettings(), costPerChannel: this.#stored.costPerChannel };
		this.#save();
	}

	#save() {
		// A full storage is reported; the settings still apply for this visit.
		saveSetting(storageKey(this.workspaceId), JSON.stringify({ settings: this.#stored, datasetId: this.datasetId } satisfies Stored));
	}
}

/** Every breakdown the page shows, computed in one pass. */
export const DASHBOARD_DIMENSIONS: Dimension[] = ['channel', 'motive', 'theme', 'category', 'code', 'agent', 'team', 'segment', 'month', 'week'];

export interface DashboardQuery {
	workspaceId: Id;
	datasetId: Id;
	settings: Partial<AnalysisSettings>;
	period?: { from?: number; to?: number };
}

export interface CrossQuery extends DashboardQuery {
	rows: Dimension;
	cols: Dimension;
	minDemands: number;
}

/** How long settings must stay unchanged before they are computed (typing a window, a cost). */
const SETTLE_MS = 250;

/** The dashboard's figures and its cross table, computed in the engine worker. */
export class DashboardFigures {
	#analysis: EngineValue<DashboardQuery, AnalysisResult>;
	#cross: EngineValue<CrossQuery, CrossResult>;

	constructor(query: () => DashboardQuery | null, cross: () => CrossQuery | null) {
		this.#analysis = new EngineValue(query, SETTLE_MS, (q, options) =>
			engine.analyze(q.workspaceId, { datasetId: q.datasetId, settings: q.settings, by: DASHBOARD_DIMENSIONS, period: q.period }, options)
		);
		this.#cross = new EngineValue(
			cross,
			SETTLE_MS,
			(q, options) =>
				engine.cross(
					q.workspaceId,
					{ datasetId: q.datasetId, settings: q.settings, rows: q.rows, cols: q.cols, minDemands: q.minDemands, period: q.period },
					options
				) as Promise<CrossResult>
		);
	}

	result = $derived.by(() => this.#analysis.current);
	busy = $derived.by(() => this.#analysis.busy);
	/** Where the dashboard's computation is (reading the data, computing). */
	progress = $derived.by(() => this.#analysis.progress);
	/** Whether the user cancelled the dashboard's computation. */
	cancelled = $derived.by(() => this.#analysis.cancelled);
	error = $derived.by(() => this.#analysis.error);
	/** Stops the dashboard's computations under way. */
	cancel(): void {
		this.#analysis.cancel();
		if (this.#cross.busy) this.#cross.cancel();
	}
	cross = $derived.by(() => this.#cross.current);
	crossBusy = $derived.by(() => this.#cross.busy);
	crossError = $derived.by(() => this.#cross.error);
}
