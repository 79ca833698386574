/**
 * The motive catalogue page's state: filters, the tree and Pareto derived from the live
 * workspace, and the writes (themes, motives, imports) through the store.
 */
import { putEdit } from './edit-rebase';
import { catalogueRepo, motiveRepo, themeRepo } from '$lib/db';
import {
	EMPTY_FILTER,
	buildCatalogueTree,
	filterMotives,
	isFilterActive,
	ownersOf,
	paretoData,
	type CatalogueFilter
} from '$lib/domain/catalogue';
import { readSheetTable, workbookTable } from '$lib/analysis/sheet';
import { catalogueToCsv, type TextTable } from '$lib/domain/catalogue-csv';
import { orphanMotives } from '$lib/domain/knowledge';
import { crmCodeConflicts } from '$lib/domain/motives';
import type { Id, Motive, Theme } from '$lib/domain/types';
import { locale } from '$lib/i18n/locale.svelte';
import type { WorkspaceData } from './workspace.svelte';

export class CatalogueState {
	#data: WorkspaceData;
	/** Fixed when the page opens, so badges do not flicker at midnight. */
	now = new Date();
	filter = $state<CatalogueFilter>({ ...EMPTY_FILTER });

	constructor(data: WorkspaceData) {
		this.#data = data;
	}

	workspaceId = $derived.by(() => this.#data.workspace?.id ?? '');
	themes = $derived.by(() => this.#data.snapshot?.themes ?? []);
	motives = $derived.by(() => this.#data.snapshot?.motives ?? []);
	sources = $derived.by(() => this.#data.snapshot?.sources ?? []);
	articles = $derived.by(() => this.#data.snapshot?.articles ?? []);
	journeys = $derived.by(() => this.#data.snapshot?.journeys ?? []);

	filtered = $derived.by(() => filterMotives(this.motives, this.themes, this.filter, this.now));
	filterActive = $derived.by(() => isFilterActive(this.filter));
	tree = $derived.by(() =>
		buildCatalogueTree(this.themes, this.filtered, locale.current, { keepEmpty: !this.filterActive })
	);
	conflicts = $derived.by(() => crmCodeConflicts(this.motives));
	pareto = $derived.by(() => paretoData(this.motives, locale.current));
	owners = $derived.by(() => ownersOf(this.motives, locale.current));
	orphans = $derived.by(() => orphanMotives(this.motives, this.sources, this.articles));

	motive(id: Id): Motive | undefined {
		return this.motives.find((m) => m.id === id);
	}

	theme(id: Id): Theme | undefined {
		return this.themes.find((t) => t.id === id);
	}

	resetFilter(): void {
		this.filter = { ...EMPTY_FILTER };
	}

	/** Saves a form's edit; with `base` (what the form opened with), over what is stored now. */
	saveTheme(theme: Theme, base?: Theme): Promise<void> {
		return putEdit('themes', themeRepo, $state.snapshot(theme), base && $state.snapshot(base));
	}

	saveMotive(motive: Motive, base?: Motive): Promise<void> {
		return putEdit('motives', motiveRepo, $state.snapshot(motive), base && $state.snapshot(base));
	}

	removeMotive(id: Id): Promise<void> {
		return motiveRepo.remove(this.workspaceId, id);
	}

	/** The store refuses to remove a theme that still holds motives or sub-themes. */
	removeTheme(id: Id): Promise<void> {
		return themeRepo.remove(this.workspaceId, id);
	}

	/** New themes and new or updated motives, all written or none. */
	writeImport(themes: Theme[], motives: Motive[]): Promise<void> {
		return catalogueRepo.putMany(themes, motives);
	}

	exportCsv(): string {
		return catalogueToCsv(this.themes, this.motives, locale.current);
	}
}

/**
 * A CSV or XLSX file as records of text cells, read as the contact import reads its files: the
 * first sheet of a workbook, or the CSV decoded (UTF-8 or Windows-1252) with its delimiter found.
 * Throws IngestError for a file that cannot be read as columns. The XLSX reader loads only when needed.
 */
export async function readTableFile(file: File): Promise<TextTable> {
	if (/\.xlsx$/i.test(file.name)) {
		const { readSheet } = await import('read-excel-file/browser');
		// Its cells are the values of a sheet (text, numbers, booleans, dates, blanks), as the contact import reads them.
		return workbookTable(await readSheet(file));
	}
	return readSheetTable(new Uint8Array(await file.arrayBuffer()));
}
