/**
 * The friction ranking of a workspace, shared by the frictions page and the presentation: the
 * dashboard's own settings and dataset (so costs per channel are set once, on either page), the
 * figures by motive and the motive × month FCR series from the engine worker, the catalogue's
 * labels and links, and the targets the consultant typed (kept in this browser, per workspace).
 */
import { DEFAULT_MIN_DEMANDS } from '$lib/analysis/cross';
import { catalogueSettings, periodFilter, toAnalysisSettings } from '$lib/analysis/dashboard-settings';
import {
	DEFAULT_TARGET,
	frictionTotals,
	monthlyFromCross,
	rankFrictions,
	type FrictionMotive
} from '$lib/analysis/frictions';
import { motiveForCode } from '$lib/domain/motives';
import type { Id } from '$lib/domain/types';
import { localized } from '$lib/i18n/locale.svelte';
import { DashboardFigures, DashboardSettingsState } from './analysis.svelte';
import { DatasetList } from './datasets.svelte';
import type { WorkspaceData } from './workspace.svelte';

/**
 * Costs of one contact per channel for the demo, so its frictions have a cost on first start;
 * typical orders of magnitude for a French energy supplier's contact centre, in euros.
 */
export const DEMO_COSTS: Record<string, number> = {
	phone: 6.5,
	email: 4.2,
	chat: 3.8,
	messaging: 3.2,
	web_form: 3.5,
	social: 4.5,
	mail: 9,
	store: 12
};

interface StoredTargets {
	target: number;
	targets: Record<string, number>;
}

const targetsKey = (workspaceId: Id) => `parcours.frictions.${workspaceId}`;
const isShare = (value: unknown): value is number => typeof value === 'number' && value >= 0 && value <= 1;

function loadTargets(workspaceId: Id): StoredTargets {
	const fallback = { target: DEFAULT_TARGET, targets: {} };
	if (typeof localStorage === 'undefined') return fallback;
	try {
		const raw = JSON.parse(localStorage.getItem(targetsKey(workspaceId)) ?? 'null') as Partial<StoredTargets> | null;
		const targets: Record<string, number> = {};
		for (const [key, value] of Object.entries(raw?.targets ?? {})) if (isShare(value)) targets[key] = value;
		return { target: isShare(raw?.target) ? raw.target : DEFAULT_TARGET, targets };
	} catch {
		return fallback;
	}
}

/** Target FCR, global and per row, saved on every change. */
export class FrictionTargets {
	readonly workspaceId: Id;
	target = $state(DEFAULT_TARGET);
	targets = $state.raw<Record<string, number>>({});

	constructor(workspaceId: Id) {
		this.workspaceId = workspaceId;
		const stored = loadTargets(workspaceId);
		this.target = stored.target;
		this.targets = stored.targets;
	}

	setTarget(value: number) {
		this.target = Math.min(1, Math.max(0, value));
		this.#save();
	}

	/** `null` gives the row back the global target. */
	setRowTarget(key: string, value: number | null) {
		const next = { ...this.targets };
		if (value === null) delete next[key];
		else next[key] = Math.min(1, Math.max(0, value));
		this.targets = next;
		this.#save();
	}

	#save() {
		try {
			localStorage.setItem(targetsKey(this.workspaceId), JSON.stringify({ target: this.target, targets: this.targets }));
		} catch {
			// Storage full or denied: the targets still apply for this visit.
		}
	}
}

/** Must be created while a component initialises. */
export class FrictionData {
	readonly settings: DashboardSettingsState;
	readonly targets: FrictionTargets;
	readonly datasets: DatasetList;
	readonly figures: DashboardFigures;
	#data: WorkspaceData;

	constructor(workspaceId: Id, data: WorkspaceData) {
		this.#data = data;
		const seeded = typeof localStorage !== 'undefined' && localStorage.getItem(`parcours.analysis.${workspaceId}`) !== null;
		this.settings = new DashboardSettingsState(workspaceId);
		// The demo comes with costs so its frictions and savings read in money on first start
		// (until the dashboard settings of the workspace are first saved, here or on Analysis).
		let pending = !seeded;
		$effect(() => {
			if (!pending || !data.workspace) return;
			pending = false;
			if (data.workspace.isDemo && !this.costsSet) this.settings.update({ costPerChannel: { ...DEMO_COSTS } });
		});
		this.targets = new FrictionTargets(workspaceId);
		this.datasets = new DatasetList(() => workspaceId);
		this.figures = new DashboardFigures(
			() => this.query,
			() => (this.query ? { ...this.query, rows: 'motive', cols: 'month', minDemands: DEFAULT_MIN_DEMANDS } : null)
		);
	}

	motives = $derived.by(() => this.#data.snapshot?.motives ?? []);
	themes = $derived.by(() => this.#data.snapshot?.themes ?? []);
	dataset = $derived.by(() => {
		const sets = this.datasets.contacts;
		return sets.find((d) => d.id === this.settings.datasetId) ?? sets[0];
	});
	query = $derived.by(() => {
		const dataset = this.dataset;
		if (!dataset || !this.#data.snapshot) return null;
		const s = this.settings.settings;
		const catalogue = catalogueSettings(this.motives, this.themes, s.complexExcluded, dataset.dictionaries?.motives);
		return {
			workspaceId: dataset.workspaceId,
			datasetId: dataset.id,
			settings: toAnalysisSettings(s, catalogue).settings,
			period: periodFilter(s.period)
		};
	});
	result = $derived.by(() => this.figures.result);
	/** Months the figures cover (those holding demands), for the yearly savings. */
	months = $derived.by(() => Object.keys(this.result?.by.month ?? {}).length || null);
	costsSet = $derived.by(() => Object.values(this.settings.settings.costPerChannel).some((c) => c > 0));

	motiveOf = $derived.by(() => {
		const lookup = motiveForCode(this.motives);
		return (code: string): FrictionMotive | undefined => {
			const m = lookup(code);
			return m
				? { id: m.id, label: localized(m.label), complex: m.complex, states: m.journeyStates, articleIds: m.articleIds }
				: undefined;
		};
	});

	rows = $derived.by(() => {
		const result = this.result;
		if (!result) return [];
		return rankFrictions({
			byMotive: result.by.motive,
			motiveOf: this.motiveOf,
			monthly: monthlyFromCross(this.figures.cross),
			target: this.targets.target,
			targets: this.targets.targets,
			months: this.months
		});
	});
	totals = $derived.by(() => frictionTotals(this.rows, this.months));
	/** Whether the trend column has figures yet (the motive × month series arrived). */
	hasTrend = $derived.by(() => this.figures.cross?.rows === 'motive' && this.figures.cross.cols === 'month');
}
