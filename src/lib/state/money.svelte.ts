/**
 * The workspace's money settings, the same for every page and export: the cost of one contact per
 * channel and the currency, stored with the workspace (so a workspace file carries them) and read
 * live, so a cost typed on one page shows on every other at once.
 */
import { costsSet, DEFAULT_CURRENCY } from '$lib/analysis/money';
import { workspaceRepo } from '$lib/db';
import { demoCosts } from '$lib/domain/demo';
import { CURRENCIES, type Id, type WorkspaceCosts } from '$lib/domain/types';
import { loadDashboard } from './dashboard-storage';
import type { WorkspaceData } from './workspace.svelte';

/**
 * Costs kept in this browser's dashboard settings before they moved to the workspace: shown until
 * the first change writes them to the workspace, so nobody's costs vanish.
 */
function browserCosts(workspaceId: Id): Record<string, number> {
	return loadDashboard(workspaceId).settings.costPerChannel;
}

export class WorkspaceMoney {
	readonly #workspaceId: () => Id;
	#data: WorkspaceData;
	#browser = $derived.by(() => browserCosts(this.workspaceId));

	constructor(workspaceId: () => Id, data: WorkspaceData) {
		this.#workspaceId = workspaceId;
		this.#data = data;
	}

	get workspaceId(): Id {
		return this.#workspaceId();
	}

	costs = $derived.by((): WorkspaceCosts => {
		const workspace = this.#data.workspace;
		if (workspace?.costs) return workspace.costs;
		if (costsSet(this.#browser)) return { currency: DEFAULT_CURRENCY, costPerChannel: this.#browser };
		// A demo created before workspaces held costs reads as a new demo does.
		if (workspace?.isDemo) return demoCosts();
		return { currency: DEFAULT_CURRENCY, costPerChannel: {} };
	});
	currency = $derived.by(() => this.costs.currency);
	costPerChannel = $derived.by(() => this.costs.costPerChannel);
	costsSet = $derived.by(() => costsSet(this.costs.costPerChannel));

	/** Costs per channel as a whole; a channel at 0 is left out. */
	setCosts(costPerChannel: Record<string, number>): Promise<void> {
		const kept = Object.fromEntries(Object.entries(costPerChannel).filter(([, c]) => c > 0));
		return this.#save({ ...this.costs, costPerChannel: kept });
	}

	/** `code` as a currency select gives it; one Parcours does not know is ignored. */
	setCurrency(code: string): Promise<void> {
		const currency = CURRENCIES.find((c) => c === code);
		return currency ? this.#save({ ...this.costs, currency }) : Promise.resolve();
	}

	#save(costs: WorkspaceCosts): Promise<void> {
		// Failures reach the store error banner; the field shows the stored value again.
		return workspaceRepo.update(this.workspaceId, { costs }).catch(() => {});
	}
}
