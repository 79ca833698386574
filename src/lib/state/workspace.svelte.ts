/**
 * One workspace and its catalogue, live, shared by the workspace layout and its section pages
 * through a context.
 */
import { createContext } from 'svelte';
import { workspaceCosts } from '$lib/analysis/money';
import {
	articleRepo,
	feedbackRepo,
	guideRepo,
	journeyRepo,
	motiveRepo,
	sourceRepo,
	themeRepo,
	workspaceRepo
} from '$lib/db';
import type {
	ArticleFeedback,
	Guide,
	Id,
	InformationSource,
	Journey,
	KnowledgeArticle,
	Motive,
	Theme,
	Workspace
} from '$lib/domain/types';
import { team } from './team.svelte';
import { LiveQuery } from './live-query.svelte';

export interface WorkspaceSnapshot {
	/** `undefined` when no workspace has this id. */
	workspace: Workspace | undefined;
	journeys: Journey[];
	themes: Theme[];
	motives: Motive[];
	sources: InformationSource[];
	articles: KnowledgeArticle[];
	/** Treatment guides, one motive's each. */
	guides: Guide[];
	/** Advisors' feedback on articles, for their owners' review queue. */
	feedback: ArticleFeedback[];
}

async function load(id: Id): Promise<WorkspaceSnapshot> {
	const [workspace, journeys, themes, motives, sources, articles, guides, feedback] = await Promise.all([
		workspaceRepo.get(id),
		journeyRepo.list(id),
		themeRepo.list(id),
		motiveRepo.list(id),
		sourceRepo.list(id),
		articleRepo.list(id),
		guideRepo.list(id),
		feedbackRepo.list(id)
	]);
	return { workspace: workspace ?? undefined, journeys, themes, motives, sources, articles, guides, feedback };
}

export class WorkspaceData {
	#query: LiveQuery<WorkspaceSnapshot, Id>;

	readonly #id: () => Id;

	constructor(id: () => Id) {
		this.#id = id;
		this.#query = new LiveQuery(load, id);
	}

	/** A viewer's copy of a shared workspace: shown without its edit controls (the store refuses writes too). */
	readOnly = $derived.by(() => team.sharedRow(this.#id())?.role === 'viewer');

	ready = $derived.by(() => this.#query.ready);
	error = $derived.by(() => this.#query.error);
	snapshot = $derived.by(() => this.#query.current);
	workspace = $derived.by(() => this.snapshot?.workspace);
	/** The currency every amount of the workspace's pages is in. */
	currency = $derived.by(() => workspaceCosts(this.workspace).currency);
	/** True once loaded and no workspace has this id. */
	notFound = $derived.by(() => this.ready && !this.error && !this.workspace);
}

export const [getWorkspaceData, setWorkspaceData] = createContext<WorkspaceData>();
