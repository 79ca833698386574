/**
 * The friction ranking of a workspace, shared by the frictions page, the presentation and the
 * exports: the dashboard's own settings and dataset, the workspace's costs and currency, the
 * figures by catalogue motive and the motive × month FCR series from the engine worker, the
 * catalogue's labels, codes and links, the targets the consultant typed (kept in this browser,
 * per workspace), and the action plan the frictions turn into.
 */
import { DEFAULT_MIN_DEMANDS } from '$lib/analysis/cross';
import {
	DEFAULT_TARGET,
	frictionTotals,
	monthlyFromCross,
	rankFrictions,
	type FrictionMotive
} from '$lib/analysis/frictions';
import { currentFrictionKey } from '$lib/domain/actions';
import type { Id } from '$lib/domain/types';
import { localized, t } from '$lib/i18n/locale.svelte';
import { ActionPlan } from './actions.svelte';
import { DashboardFigures } from './analysis.svelte';
import type { DatasetList } from './datasets.svelte';
import { MeasurementQuery } from './measurement-query.svelte';
import type { WorkspaceMoney } from './money.svelte';
import type { WorkspaceData } from './workspace.svelte';
import { saveSetting } from './settings-storage';

interface StoredTargets {
	target: number;
	targets: Record<string, number>;
	/** Null: the global target. */
	complexTarget: number | null;
	includeComplex: boolean;
}

const targetsKey = (workspaceId: Id) => `parcours.frictions.${workspaceId}`;
const isShare = (value: unknown): value is number => typeof value === 'number' && value >= 0 && value <= 1;

/** The targets this browser keeps for a workspace; defaults for what is missing or wrong. */
export function loadTargets(workspaceId: Id): StoredTargets {
	const fallback = { target: DEFAULT_TARGET, targets: {}, complexTarget: null, includeComplex: false };
	if (typeof localStorage === 'undefined') return fallback;
	try {
		const raw = JSON.parse(localStorage.getItem(targetsKey(workspaceId)) ?? 'null') as Partial<StoredTargets> | null;
		const targets: Record<string, number> = {};
		for (const [key, value] of Object.entries(raw?.targets ?? {})) if (isShare(value)) targets[key] = value;
		return {
			target: isShare(raw?.target) ? raw.target : DEFAULT_TARGET,
			targets,
			complexTarget: isShare(raw?.complexTarget) ? raw.complexTarget : null,
			includeComplex: raw?.includeComplex === true
		};
	} catch {
		return fallback;
	}
}

/** Sets the global target FCR this browser keeps for a workspace (a workspace file's), keeping the rest. */
export function saveGlobalTarget(workspaceId: Id, target: number): void {
	if (!isShare(target)) return;
	saveSetting(targetsKey(workspaceId), JSON.stringify({ ...loadTargets(workspaceId), target }));
}

/** Target FCR, global, of complex motives and per row, saved on every change. */
export class FrictionTargets {
	readonly #workspaceId: () => Id;
	/** What this browser keeps for the workspace, read again when the workspace changes. */
	#loaded = $derived.by(() => loadTargets(this.workspaceId));
	target = $derived(this.#loaded.target);
	targets = $derived<Record<string, number>>(this.#loaded.targets);
	/** Null: complex motives are held to the global target. */
	complexTarget = $derived<number | null>(this.#loaded.complexTarget);
	/** Whether complex motives count in the savings within reach. @default false */
	includeComplex = $derived(this.#loaded.includeComplex);

	constructor(workspaceId: () => Id) {
		this.#workspaceId = workspaceId;
	}

	get workspaceId(): Id {
		return this.#workspaceId();
	}

	setTarget(value: number) {
		this.target = Math.min(1, Math.max(0, value));
		this.#save();
	}

	setComplexTarget(value: number | null) {
		this.complexTarget = value === null ? null : Math.min(1, Math.max(0, value));
		this.#save();
	}

	setIncludeComplex(value: boolean) {
		this.includeComplex = value;
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
		const stored: StoredTargets = {
			target: this.target,
			targets: this.targets,
			complexTarget: this.complexTarget,
			includeComplex: this.includeComplex
		};
		// A full storage is reported; the targets still apply for this visit.
		saveSetting(targetsKey(this.workspaceId), JSON.stringify(stored));
	}
}

/** Must be created while a component initialises. */
export class FrictionData {
	/** The dashboard's dataset and settings: the Analysis page's query. */
	readonly settings: MeasurementQuery;
	readonly money: WorkspaceMoney;
	readonly targets: FrictionTargets;
	readonly datasets: DatasetList;
	readonly figures: DashboardFigures;
	/** The workspace's action plan, where a friction becomes an action. */
	readonly plan: ActionPlan;
	#data: WorkspaceData;

	/** `workspaceId` is read live (a page's prop). */
	constructor(workspaceId: () => Id, data: WorkspaceData) {
		this.#data = data;
		this.settings = new MeasurementQuery(workspaceId, data);
		this.money = this.settings.money;
		this.targets = new FrictionTargets(workspaceId);
		this.datasets = this.settings.datasets;
		this.plan = new ActionPlan(workspaceId);
		this.figures = new DashboardFigures(
			() => this.query,
			() => (this.query ? { ...this.query, rows: 'motive', cols: 'month', minDemands: DEFAULT_MIN_DEMANDS } : null)
		);
	}

	motives = $derived.by(() => this.#data.snapshot?.motives ?? []);
	themes = $derived.by(() => this.#data.snapshot?.themes ?? []);
	journeys = $derived.by(() => this.#data.snapshot?.journeys ?? []);
	articles = $derived.by(() => this.#data.snapshot?.articles ?? []);
	dataset = $derived.by(() => this.settings.dataset);
	query = $derived.by(() => this.settings.query);
	result = $derived.by(() => this.figures.result);
	/** Months the figures cover (those holding demands), for the yearly savings. */
	months = $derived.by(() => Object.keys(this.result?.by.month ?? {}).length || null);
	costsSet = $derived.by(() => this.money.costsSet);
	currency = $derived.by(() => this.money.currency);

	/** The catalogue motive of a ranking key (a motive id); complex unless counted as simple in the settings. */
	motiveOf = $derived.by(() => {
		const counted = new Set(this.settings.settings.complexExcluded);
		const byId = new Map(this.motives.map((m) => [m.id, m]));
		return (key: string): FrictionMotive | undefined => {
			const m = byId.get(key);
			return m
				? {
						id: m.id,
						label: localized(m.label),
						complex: m.complex && !counted.has(m.id),
						codes: m.crmCodes.map((c) => c.trim()).filter(Boolean),
						states: m.journeyStates,
						articleIds: m.articleIds
					}
				: undefined;
		};
	});

	/** Row targets typed before frictions were keyed by motive (`motive:<code>`) read through the catalogue. */
	rowTargets = $derived.by(() => {
		const targets: Record<string, number> = {};
		// A target typed against the current key wins over one stored under an old key.
		for (const [key, value] of Object.entries(this.targets.targets)) {
			const current = currentFrictionKey(key, this.motives);
			if (current === key) targets[key] = value;
			else if (!(current in this.targets.targets)) targets[current] ??= value;
		}
		return targets;
	});

	rows = $derived.by(() => {
		const result = this.result;
		if (!result) return [];
		return rankFrictions({
			byMotive: result.by.motive,
			motiveOf: this.motiveOf,
			noMotiveLabel: t('an.key.noMotive'),
			monthly: monthlyFromCross(this.figures.cross),
			target: this.targets.target,
			targets: this.rowTargets,
			complexTarget: this.targets.complexTarget ?? undefined,
			includeComplex: this.targets.includeComplex,
			months: this.months
		});
	});
	totals = $derived.by(() => frictionTotals(this.rows, this.months));
	/** Whether the trend column has figures yet (the motive × month series arrived). */
	hasTrend = $derived.by(() => this.figures.cross?.rows === 'motive' && this.figures.cross.cols === 'month');
}
