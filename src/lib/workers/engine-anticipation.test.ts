import { describe, expect, it } from 'vitest';
import { anticipate } from '$lib/analysis/anticipation';
import { eventsFromRows } from '$lib/analysis/event-from-rows';
import { fromRows } from '$lib/analysis/from-rows';
import { DAY } from '$lib/analysis/settings';
import type { Dataset } from '$lib/db/datasets';
import { freshStore } from '$lib/db/test-store';
import { eventChunks, eventTableFrom, tableFrom } from './dataset-codec';
import { Engine } from './engine-core';

async function setup() {
	const store = freshStore();
	const workspace = await store.workspaceRepo.create({ name: 'Client' });
	return { ...store, workspace, engine: new Engine(store) };
}

const blob = (text: string) => new Blob([text]);

const CONTACTS = [
	'customer_id,timestamp,channel,motive,segment',
	'A,2026-03-03 09:00,phone,BILL,home',
	'A,2026-03-20 09:00,email,OTHER,home',
	'B,2026-03-12 10:00,phone,BILL,pro',
	'C,2026-03-25 10:00,phone,DELIV,pro',
	'D,2026-03-31 10:00,chat,OTHER,home'
].join('\n');

const EVENTS = [
	'client;date;événement;détail',
	'A;2026-03-01 08:00;facture émise;F-1',
	'B;2026-03-10 08:00;facture émise;F-2',
	'C;2026-03-05 08:00;facture émise;F-3',
	'D;2026-03-02 08:00;newsletter;',
	'E;pas une date;facture émise;F-4'
].join('\n');

describe('business event logs in the engine', () => {
	it('store and give back the same event table, across several chunks', () => {
		const table = eventsFromRows([
			{ customer_id: 'A', timestamp: '2026-03-01 09:00', event: 'bill_issued', detail: 'F1' },
			{ customer_id: 'B', timestamp: '2026-03-01T10:00:00+01:00', event: 'outage' },
			{ customer_id: 'A', timestamp: '2026-03-02 09:00', event: 'bill_issued', detail: 'F2' }
		], { timeZone: 'Europe/Paris' });
		const { chunks, dictionaries } = eventChunks({ id: 'd', workspaceId: 'w' }, table, 2);
		expect(dictionaries).toEqual({ events: ['bill_issued', 'outage'] });
		const dataset = { rows: 3, columns: [], dictionaries, kind: 'events', timeZone: 'Europe/Paris' } as unknown as Dataset;
		expect(eventTableFrom(dataset, [...chunks].reverse())).toEqual(table);
		expect(tableFrom(dataset, chunks)).toEqual({ kind: 'events', table });
	});

	it('imports an event file, names the rejected row and its column, and lists it as an event log', async () => {
		const { engine, workspace, datasetRepo } = await setup();
		const outcome = await engine.importFile(workspace.id, blob(EVENTS), 'evenements.csv', 'events', { pseudonymise: true });
		expect(outcome.dataset).toMatchObject({ kind: 'events', rows: 4, rejected: 1, pseudonymised: true, dictionaries: { events: ['facture émise', 'newsletter'] } });
		expect(outcome.dataset.columns.sort()).toEqual(['detail', 'event']);
		expect(outcome.rejections.sample).toEqual([expect.objectContaining({ row: 6, reason: 'bad-timestamp', column: 'date' })]);
		expect((await datasetRepo.list(workspace.id)).map((d) => d.kind)).toEqual(['events']);
	});

	it('leaves nothing behind when an event file is refused', async () => {
		const { engine, workspace, db } = await setup();
		await expect(engine.importFile(workspace.id, blob('a,b\n1,2\n'), 'x.csv', 'events', { pseudonymise: false })).rejects.toMatchObject({
			code: 'no-customer-column'
		});
		expect(await db.datasets.count()).toBe(0);
		expect(await db.datasetChunks.count()).toBe(0);
	});

	it('ranks the triggers of stored logs as the pure engine does, read back from the database, with filters', async () => {
		const { engine, workspace, ...store } = await setup();
		const contacts = await engine.importFile(workspace.id, blob(CONTACTS), 'c.csv', 'contacts', { pseudonymise: false });
		const events = await engine.importFile(workspace.id, blob(EVENTS), 'e.csv', 'events', { pseudonymise: false });
		// A new engine: the tables come from the stored chunks, not from the import's cache.
		const fresh = new Engine({ ...store });
		const request = { contactsDatasetId: contacts.dataset.id, eventsDatasetId: events.dataset.id, settings: {}, horizon: 7 * DAY };
		const phases: string[] = [];
		const result = await fresh.anticipate(workspace.id, request, { onProgress: (p) => phases.push(p.phase) });
		expect(phases).toEqual(['loading', 'computing']);
		const expected = anticipate(
			{
				contacts: fromRows([
					{ customer_id: 'A', timestamp: '2026-03-03 09:00', channel: 'phone', motive: 'BILL', segment: 'home' },
					{ customer_id: 'A', timestamp: '2026-03-20 09:00', channel: 'email', motive: 'OTHER', segment: 'home' },
					{ customer_id: 'B', timestamp: '2026-03-12 10:00', channel: 'phone', motive: 'BILL', segment: 'pro' },
					{ customer_id: 'C', timestamp: '2026-03-25 10:00', channel: 'phone', motive: 'DELIV', segment: 'pro' },
					{ customer_id: 'D', timestamp: '2026-03-31 10:00', channel: 'chat', motive: 'OTHER', segment: 'home' }
				]),
				events: eventsFromRows([
					{ customer_id: 'A', timestamp: '2026-03-01 08:00', event: 'facture émise', detail: 'F-1' },
					{ customer_id: 'B', timestamp: '2026-03-10 08:00', event: 'facture émise', detail: 'F-2' },
					{ customer_id: 'C', timestamp: '2026-03-05 08:00', event: 'facture émise', detail: 'F-3' },
					{ customer_id: 'D', timestamp: '2026-03-02 08:00', event: 'newsletter' }
				])
			},
			{ horizon: 7 * DAY }
		);
		expect(result).toEqual(expected);
		const bill = result.triggers.find((t) => t.key === 'event:facture émise')!;
		expect(bill).toMatchObject({ occurrences: 3, followed: 2 });
		// The pro segment: B (followed) and C (not); the end stays the whole log's (D's contact).
		const pro = await fresh.anticipate(workspace.id, { ...request, filters: { segments: ['pro'] } });
		expect(pro.period.end).toBe(result.period.end);
		expect(pro.triggers.find((t) => t.key === 'event:facture émise')).toMatchObject({ occurrences: 2, followed: 1 });
		await expect(fresh.anticipate(workspace.id, { ...request, contactsDatasetId: events.dataset.id })).rejects.toThrow(/not a contact log/);
	});

	it('makes a demo event log whose bills issued come first, with a lift above 2, and whose newsletters drive nothing', async () => {
		const { engine, workspace } = await setup();
		const made = await engine.generateDemo(workspace.id, { contacts: 8000, now: new Date('2026-06-15T12:00:00Z') });
		const [contacts, web, events] = made;
		expect(events).toMatchObject({ kind: 'events', name: 'Événements (démo)', demo: true });
		const result = await engine.anticipate(workspace.id, { contactsDatasetId: contacts.id, eventsDatasetId: events.id, webDatasetId: web.id, settings: {} });
		const eventTriggers = result.triggers.filter((t) => t.kind === 'event');
		expect(eventTriggers[0].label).toBe('Facture émise');
		expect(eventTriggers[0].lift).toBeGreaterThan(2);
		const newsletter = eventTriggers.find((t) => t.label === 'Newsletter envoyée')!;
		expect(newsletter.lift).toBeLessThan(1.5);
	});
});
