/**
 * What the engine is asked to measure, the same for every page that shows figures (Analysis,
 * frictions, the presentation and exports, a motive's sheet, the journey overlay): which contact
 * dataset, the dashboard settings a consultant keeps per workspace (in this browser's
 * localStorage, like the interface language: a way of reading the data, not part of the
 * workspace model), the workspace's own costs (`WorkspaceMoney`) and time zone
 * (`WorkspaceTimeZone`), and what the catalogue tells the engine (complex motives, categories,
 * motive groups, themes) — turned into one engine request, `query`. Pages add only what is theirs
 * (the breakdowns, a cross table, a journey).
 */
import {
	catalogueSettings,
	defaultDashboardSettings,
	periodFilter,
	toAnalysisSettings,
	type DashboardSettings
} from '$lib/analysis/dashboard-settings';
import type { Id } from '$lib/domain/types';
import type { DashboardQuery } from './analysis.svelte';
import { loadDashboard, saveDashboard } from './dashboard-storage';
import { DatasetList } from './datasets.svelte';
import { WorkspaceMoney } from './money.svelte';
import { WorkspaceTimeZone } from './time-zone.svelte';
import type { WorkspaceData } from './workspace.svelte';

/** Must be created while a component initialises; `workspaceId` is read live (a page's prop). */
export class MeasurementQuery {
	readonly #workspaceId: () => Id;
	readonly money: WorkspaceMoney;
	readonly zone: WorkspaceTimeZone;
	readonly datasets: DatasetList;
	#data: WorkspaceData;
	/** What this browser keeps for the workspace, read again when the workspace changes. */
	#loaded = $derived.by(() => loadDashboard(this.workspaceId));
	/** The settings kept in this browser (their costs only until the workspace holds its own). */
	#stored = $derived<DashboardSettings>(this.#loaded.settings);
	/** The dataset last chosen; null: the latest contacts dataset. */
	datasetId = $derived<Id | null>(this.#loaded.datasetId);

	constructor(workspaceId: () => Id, data: WorkspaceData) {
		this.#workspaceId = workspaceId;
		this.#data = data;
		this.money = new WorkspaceMoney(workspaceId, data);
		this.zone = new WorkspaceTimeZone(workspaceId, data);
		this.datasets = new DatasetList(workspaceId);
	}

	get workspaceId(): Id {
		return this.#workspaceId();
	}

	/** The dashboard settings in force: this browser's, with the workspace's costs and time zone. */
	settings = $derived.by((): DashboardSettings => ({
		...this.#stored,
		costPerChannel: this.money.costPerChannel,
		timeZone: this.zone.timeZone
	}));

	/** The contact log measured: the one chosen, else the latest. */
	dataset = $derived.by(() => {
		const list = this.datasets.contacts;
		return list.find((d) => d.id === this.datasetId) ?? list[0];
	});

	/** What the engine learns from the catalogue, keyed by the CRM codes the dataset holds. */
	catalogue = $derived.by(() => {
		const snapshot = this.#data.snapshot;
		return catalogueSettings(
			snapshot?.motives ?? [],
			snapshot?.themes ?? [],
			this.settings.complexExcluded,
			this.dataset?.dictionaries?.motives
		);
	});

	/** The engine's settings, and the fields being typed that are not valid yet (shown by the settings panel). */
	translated = $derived.by(() => toAnalysisSettings(this.settings, this.catalogue));
	period = $derived.by(() => periodFilter(this.settings.period));

	/** The engine request; null until the workspace and a contact dataset are there. */
	query = $derived.by((): DashboardQuery | null => {
		const dataset = this.dataset;
		if (!dataset || !this.#data.snapshot) return null;
		return { workspaceId: this.workspaceId, datasetId: dataset.id, settings: this.translated.settings, period: this.period };
	});

	/** Applies a change of the settings: the costs and the zone go to the workspace, the rest is kept here. */
	update(patch: Partial<DashboardSettings>) {
		const { timeZone, costPerChannel, ...rest } = patch;
		if (timeZone !== undefined) this.zone.set(timeZone);
		if (costPerChannel) void this.money.setCosts(costPerChannel);
		this.#stored = { ...this.#stored, ...rest };
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
		saveDashboard(this.workspaceId, { settings: this.#stored, datasetId: this.datasetId });
	}
}
