// A fake IndexedDB for the app's database, set before `$lib/db` is first imported.
import { dataset } from '$lib/db/test-store';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { DAY, HOUR } from '$lib/analysis/settings';
import { db, type Dataset } from '$lib/db';
import { motive, theme, workspace, WS } from '$lib/domain/test-factories';
import { dashboardStorageKey, loadDashboard } from './dashboard-storage';
import { MeasurementQuery } from './measurement-query.svelte';
import { WorkspaceData } from './workspace.svelte';
import { until } from '../../../tests/runes/until';
import { memoryStorage } from '../../../tests/fixtures/storage';

const contacts = (id: string, importedAt: string, motives: string[]): Dataset => dataset(WS, id, { importedAt, dictionaries: { motives } });

let storage: Storage;
const roots: (() => void)[] = [];
beforeEach(async () => {
	storage = memoryStorage();
	vi.stubGlobal('localStorage', storage);
	await db.delete();
	await db.open();
	await db.workspaces.add(
		workspace({ timeZone: 'Europe/Paris', costs: { currency: 'EUR', costPerChannel: { phone: 5 } } })
	);
	await db.themes.add(theme());
	await db.motives.bulkAdd([
		motive(),
		motive({ id: 'motive-move', crmCodes: ['MOVE'], complex: true, label: { fr: 'Déménagement', en: 'Moving' } })
	]);
	await db.datasets.bulkAdd([
		contacts('older', '2026-01-01T00:00:00.000Z', ['fac-01']),
		contacts('latest', '2026-02-01T00:00:00.000Z', ['FAC-01', 'MOVE'])
	]);
});
afterEach(() => {
	roots.splice(0).forEach((end) => end());
	vi.unstubAllGlobals();
});

function measure(workspaceId: () => string = () => WS) {
	let measurement!: MeasurementQuery;
	roots.push(
		$effect.root(() => {
			measurement = new MeasurementQuery(workspaceId, new WorkspaceData(workspaceId));
		})
	);
	flushSync();
	return measurement;
}

it('asks the engine about the latest contacts with the default settings, the workspace zone and costs, and the catalogue', async () => {
	const m = measure();
	expect(m.query).toBeNull();
	await until(() => expect(m.query).not.toBeNull());
	expect(m.query).toMatchObject({ workspaceId: WS, datasetId: 'latest', period: undefined });
	expect(m.query?.settings).toMatchObject({
		window: { kind: 'duration', ms: 7 * DAY },
		scope: 'motive',
		timeZone: 'Europe/Paris',
		costPerChannel: { phone: 5 },
		// Keyed by the codes as the dataset writes them.
		motiveGroups: { 'FAC-01': 'motive-bill-amount', MOVE: 'motive-move' },
		complexMotives: ['MOVE']
	});
});

it('reads the stored settings once, a wrong field taking its default, and saves every change under the same key', async () => {
	storage.setItem(
		dashboardStorageKey(WS),
		JSON.stringify({
			settings: { window: '48h', scope: 'nonsense', complexExcluded: ['motive-move', 3], period: { from: '2026-01-05', to: 'soon' } },
			datasetId: 'older'
		})
	);
	const m = measure();
	await until(() => expect(m.query?.datasetId).toBe('older'));
	expect(m.settings).toMatchObject({ window: '48h', scope: 'motive', complexExcluded: ['motive-move'], period: { from: '2026-01-05', to: '' } });
	expect(m.query?.settings).toMatchObject({ window: { kind: 'duration', ms: 48 * HOUR }, complexMotives: [], motiveGroups: { 'fac-01': 'motive-bill-amount' } });
	expect(m.query?.period).toEqual({ from: Date.UTC(2026, 0, 5) });

	m.update({ window: '3d', complexExcluded: [] });
	m.chooseDataset('latest');
	flushSync();
	expect(m.query?.datasetId).toBe('latest');
	expect(m.query?.settings).toMatchObject({ window: { kind: 'duration', ms: 3 * DAY }, complexMotives: ['MOVE'] });
	expect(loadDashboard(WS, storage)).toMatchObject({ datasetId: 'latest', settings: { window: '3d', complexExcluded: [] } });

	// The costs and the zone are the workspace's: written there, never kept with the dashboard.
	m.update({ costPerChannel: { phone: 7 }, timeZone: 'America/New_York' });
	await until(() => expect(m.query?.settings).toMatchObject({ costPerChannel: { phone: 7 }, timeZone: 'America/New_York' }));
	expect(JSON.parse(storage.getItem(dashboardStorageKey(WS)) ?? '{}').settings.costPerChannel).toEqual({});

	m.reset();
	flushSync();
	expect(m.settings.window).toBe('7d');
	expect(m.query?.settings).toMatchObject({ costPerChannel: { phone: 7 }, timeZone: 'America/New_York' });
});

it('follows the workspace it is given: another workspace brings its own dataset, settings and zone', async () => {
	const OTHER = 'ws-2';
	await db.workspaces.add(workspace({ id: OTHER, timeZone: 'Asia/Tokyo' }));
	await db.datasets.add(dataset(OTHER, 'other-log', { importedAt: '2026-03-01T00:00:00.000Z' }));
	storage.setItem(dashboardStorageKey(OTHER), JSON.stringify({ settings: { window: '3d' } }));
	let id = $state(WS);
	const m = measure(() => id);
	await until(() => expect(m.query?.datasetId).toBe('latest'));
	m.update({ window: '48h' });

	id = OTHER;
	await until(() => expect(m.query).toMatchObject({ workspaceId: OTHER, datasetId: 'other-log' }));
	expect(m.settings).toMatchObject({ window: '3d', timeZone: 'Asia/Tokyo' });

	// Back: the first workspace's settings as they were saved.
	id = WS;
	await until(() => expect(m.query).toMatchObject({ workspaceId: WS, datasetId: 'latest' }));
	expect(m.settings).toMatchObject({ window: '48h', timeZone: 'Europe/Paris' });
});
