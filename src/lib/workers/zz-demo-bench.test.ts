import { it } from 'vitest';
import { freshStore } from '$lib/db/test-store';
import { Engine } from './engine-core';
import { generateContacts, toCsvLine, toWebCsvLine } from '$lib/analysis/generate';

it('bench demo', { timeout: 120_000 }, async () => {
	const store = freshStore();
	const workspace = await store.workspaceRepo.create({ name: 'Client' });
	const engine = new Engine(store);
	let t = performance.now();
	const lines: string[] = [];
	generateContacts({ contacts: 40_000, seed: 20260101, web: true }, { contact: (r) => lines.push(toCsvLine(r)), web: (e) => lines.push(toWebCsvLine(e)) });
	console.log('generate+csv', performance.now() - t);
	t = performance.now();
	const made = await engine.generateDemo(workspace.id, { now: new Date('2026-06-15T12:00:00Z') });
	console.log('generateDemo', performance.now() - t);
	t = performance.now();
	const r = await engine.analyze(workspace.id, { datasetId: made[0].id, settings: {} });
	console.log('analyze', performance.now() - t, r.fcr);
});
