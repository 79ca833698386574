/**
 * A workspace's wrap-up log, live: what the advisor console records at the end of each guide run,
 * the log's export as a contact log, and FCR by guide step and path. The log stays in this browser
 * (`db` table `wrapups`): it holds customer ids.
 */
import { catalogueSettings } from '$lib/analysis/dashboard-settings';
import { guideOutcomes, type GuideOutcomes } from '$lib/analysis/guide-outcomes';
import type { AnalysisSettings } from '$lib/analysis/settings';
import { wrapUpsToContactLog } from '$lib/analysis/wrap-up-log';
import { wrapUpRepo } from '$lib/db';
import { workspaceTimeZone } from '$lib/domain/time-zone';
import type { Id } from '$lib/domain/types';
import { wrapUpFromRun, type FinishedContact, type WrapUp } from '$lib/domain/wrap-up';
import { locale, t } from '$lib/i18n/locale.svelte';
import { LiveQuery } from './live-query.svelte';
import type { WorkspaceData } from './workspace.svelte';
import { csvExportName } from './workspaces.svelte';

export interface WrapUpLogOptions {
	/** Guide id → name, for the export's `guide` column and the breakdown's rows. @default none: guides shown by id */
	guides?: () => Readonly<Record<Id, string>>;
	/**
	 * The engine settings of the breakdown by guide; pass the Analysis page's
	 * (`MeasurementQuery.translated.settings`) so both count demands alike.
	 * @default the default settings with the catalogue's motives, categories and complex motives
	 */
	settings?: () => Partial<AnalysisSettings>;
	/** A guide step's name as people read it (its label); @default the step's id */
	stepName?: (guideId: Id, stateId: string) => string | undefined;
}

/** A file to hand to the browser's downloads (`components/export/download.ts`). */
export interface ExportFile {
	blob: Blob;
	name: string;
}

export class WrapUpLog {
	readonly #workspaceId: () => Id;
	readonly #data: WorkspaceData;
	readonly #options: WrapUpLogOptions;
	#query: LiveQuery<WrapUp[], Id>;

	/** Must be created while a component initialises. */
	constructor(workspaceId: () => Id, data: WorkspaceData, options: WrapUpLogOptions = {}) {
		this.#workspaceId = workspaceId;
		this.#data = data;
		this.#options = options;
		this.#query = new LiveQuery((id: Id) => wrapUpRepo.list(id), workspaceId);
	}

	ready = $derived.by(() => this.#query.ready);
	error = $derived.by(() => this.#query.error);
	/** The workspace's wrap-ups, the latest ended first. */
	wrapUps = $derived.by(() => this.#query.current ?? []);
	count = $derived.by(() => this.wrapUps.length);

	#motives = $derived.by(() => this.#data.snapshot?.motives ?? []);
	#timeZone = $derived.by(() => workspaceTimeZone(this.#data.workspace));
	#guides = $derived.by(() => this.#options.guides?.() ?? {});
	#settings = $derived.by(
		(): Partial<AnalysisSettings> =>
			this.#options.settings?.() ?? catalogueSettings(this.#motives, this.#data.snapshot?.themes ?? [])
	);

	/** FCR by guide and outcome step, and by guide and path, of the log's demands. */
	outcomes: GuideOutcomes = $derived.by(() =>
		guideOutcomes(this.wrapUps, this.#motives, {
			guides: this.#guides,
			timeZone: this.#timeZone,
			locale: locale.current,
			settings: this.#settings
		})
	);

	/** A wrap-up's motive as the interface names it: its label, else its code, else its id (a motive since deleted). */
	motiveName(wrapUp: WrapUp): string {
		const motive = this.#motives.find((m) => m.id === wrapUp.motiveId);
		return motive?.label[locale.current] ?? wrapUp.motiveCode ?? wrapUp.motiveId;
	}

	/** A guide's name, else its id; undefined without a guide. */
	guideName(wrapUp: WrapUp): string | undefined {
		return wrapUp.guideId === undefined ? undefined : (this.#guides[wrapUp.guideId] ?? wrapUp.guideId);
	}

	/** A step of a guide by its name, else its id. */
	stepName(guideId: Id | null | undefined, stateId: string): string {
		return (guideId && this.#options.stepName?.(guideId, stateId)) || stateId;
	}

	/** Stores a wrap-up the caller built (`wrapUpFromRun`); refused with a ValidationError when invalid. */
	record(wrapUp: WrapUp): Promise<WrapUp> {
		return wrapUpRepo.add(wrapUp);
	}

	/** Builds the wrap-up of a finished guide run in this workspace and stores it: the console's one call. */
	recordRun(run: Omit<FinishedContact, 'workspaceId'>): Promise<WrapUp> {
		return this.record(wrapUpFromRun({ ...run, workspaceId: this.#workspaceId() }));
	}

	remove(wrapUp: WrapUp): Promise<void> {
		return wrapUpRepo.remove(wrapUp.workspaceId, wrapUp.id);
	}

	/** Empties the workspace's log. */
	clear(): Promise<void> {
		return wrapUpRepo.clear(this.#workspaceId());
	}

	/** The log as a contact log (METRICS.md §1) the import reads with no mapping. */
	exportCsv(): ExportFile {
		const text = wrapUpsToContactLog(this.wrapUps, this.#motives, {
			timeZone: this.#timeZone,
			locale: locale.current,
			guides: this.#guides
		});
		return {
			blob: new Blob([text], { type: 'text/csv;charset=utf-8' }),
			name: csvExportName(this.#data.workspace?.name, 'wrap-ups', t('wrap.export.file'))
		};
	}
}
