// A fake IndexedDB for the app's database, set before `$lib/db` is first imported.
import '$lib/db/test-store';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { db } from '$lib/db';
import { motive, theme, workspace, WS } from '$lib/domain/test-factories';
import type { FinishedContact } from '$lib/domain/wrap-up';
import { WorkspaceData } from './workspace.svelte';
import { WrapUpLog } from './wrap-ups.svelte';
import { until } from '../../../tests/runes/until';

const roots: (() => void)[] = [];
beforeEach(async () => {
	await db.delete();
	await db.open();
	await db.workspaces.add(workspace({ timeZone: 'Europe/Paris' }));
	await db.themes.add(theme());
	await db.motives.add(motive());
});
afterEach(() => roots.splice(0).forEach((end) => end()));

function open() {
	let log!: WrapUpLog;
	roots.push(
		$effect.root(() => {
			const id = () => WS;
			log = new WrapUpLog(id, new WorkspaceData(id), { guides: () => ({ 'g-bill': 'Facture contestée' }) });
		})
	);
	flushSync();
	return log;
}

const run = (customerId: string, outcome: FinishedContact['outcome'], startedAt: string): Omit<FinishedContact, 'workspaceId'> => ({
	customerId,
	motive: motive(),
	guideId: 'g-bill',
	outcome,
	startedAt,
	endedAt: new Date(Date.parse(startedAt) + 300_000),
	channel: 'phone',
	path: ['identify', `end-${outcome}`]
});

it('records guide runs, lists them live, breaks FCR down by step, exports them and clears them', async () => {
	const log = open();
	await until(() => expect(log.ready).toBe(true));
	expect(log.wrapUps).toEqual([]);
	await log.recordRun(run('C1', 'resolved', '2026-03-02T09:00:00Z'));
	await log.recordRun(run('C1', 'transferred', '2026-03-02T10:00:00Z'));
	await log.recordRun(run('C2', 'resolved', '2026-03-02T13:00:00Z'));
	await until(() => expect(log.count).toBe(3));
	expect(log.wrapUps.map((w) => [w.customerId, w.outcome, w.motiveCode, w.workspaceId])).toEqual([
		['C2', 'resolved', 'FAC-01', WS],
		['C1', 'transferred', 'FAC-01', WS],
		['C1', 'resolved', 'FAC-01', WS]
	]);
	// Every demand is pending: the observation ends at the latest contact, by default.
	expect(log.outcomes.byStep.map((r) => [r.guide, r.outcomeStep, r.demands, r.pending])).toEqual([['Facture contestée', 'end-resolved', 2, 2]]);

	const file = log.exportCsv();
	// Named in the interface language (French unless chosen otherwise).
	expect(file.name).toBe('Energy retail - journal des fiches.csv');
	const lines = (await file.blob.text()).split('\n');
	expect(lines[0]).toMatch(/^contact_id,customer_id,timestamp,channel,motive,direction,agent,transferred,callback,resolved,handled_at,guide,/);
	expect(lines[1]).toMatch(/^contact-[^,]+,C1,2026-03-02T10:00:00,phone,FAC-01,inbound,,false,false,true,2026-03-02T10:05:00,Facture contestée,identify > end-resolved,resolved,end-resolved$/);

	await log.clear();
	await until(() => expect(log.count).toBe(0));
	expect(log.outcomes.demands).toBe(0);
});
