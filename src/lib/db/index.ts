/**
 * The Parcours store: the one database of the app and its repositories. `state/` imports this
 * module, never `dexie`.
 */
import { ParcoursDB } from './database';
import { createStore } from './store';

export { ParcoursDB } from './database';
export { StoreError, type StoreErrorKind } from './errors';
export type { EntityRepo, LinkedRepo, CatalogueRepo, WorkspaceRepo, DatasetRepo, WrapUpRepo, EditHistoryRepo, JourneyEditRepo, JourneySave, Observable } from './store';
export type { EditHistoryRow } from './database';
export {
	DATASET_QUOTA_MESSAGE,
	demoDataKey,
	type Dataset,
	type DatasetChunk,
	type DatasetKind,
	type DatasetRejections,
	type DatasetSource,
	type StoredDataset
} from './datasets';
export { FileDatasetError, workspaceDatasetParts } from './workspace-file-datasets';
export {
	acknowledge,
	applyRemote,
	dropLocalVersions,
	forgetShared,
	localClock,
	markShared,
	outbox,
	outboxCount,
	sharedWorkspaces,
	type SharedRole,
	type SharedRow
} from './sync-log';
export { ValidationError, type Issue, type IssueCode } from '$lib/domain/issues';

export const db = new ParcoursDB();

const store = createStore(db);

export const {
	onStoreError,
	observe,
	workspaceRepo,
	journeyRepo,
	journeyEditRepo,
	themeRepo,
	motiveRepo,
	catalogueRepo,
	sourceRepo,
	articleRepo,
	ruleRepo,
	actionRepo,
	guideRepo,
	feedbackRepo,
	datasetRepo,
	wrapUpRepo,
	editHistoryRepo,
	seedDemoOnFirstStart,
	restoreDemo
} = store;
