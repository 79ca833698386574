// The advisor console's wrap-up log, exported from the app, read by the command line as any
// contact log: the same figures, no mapping, no warning.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { wrapUpsToContactLog } from '../lib/analysis/wrap-up-log';
import { wrapUpFromRun } from '../lib/domain/wrap-up';
import type { GuideOutcome } from '../lib/domain/types';
import { main } from './main';

const dir = mkdtempSync(join(tmpdir(), 'parcours-wrapups-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const wrapUp = (id: string, customerId: string, outcome: GuideOutcome, startedAt: string) =>
	wrapUpFromRun({
		id,
		workspaceId: 'ws',
		customerId,
		motive: { id: 'm-prel', crmCodes: ['PAI-PREL'] },
		guideId: 'g-prel',
		outcome,
		startedAt,
		endedAt: new Date(Date.parse(startedAt) + 300_000),
		channel: 'phone',
		path: ['identify', `end-${outcome}`]
	});

it('analyses an exported wrap-up log with no mapping: C1 resolved then transferred is one failed demand, C2 resolved, FCR 1/2', async () => {
	const text = wrapUpsToContactLog(
		[
			wrapUp('w1', 'C1', 'resolved', '2026-03-02T09:00:00Z'),
			wrapUp('w2', 'C1', 'transferred', '2026-03-02T10:00:00Z'),
			wrapUp('w3', 'C2', 'resolved', '2026-03-02T13:00:00Z')
		],
		[],
		{ timeZone: 'Europe/Paris' }
	);
	const path = join(dir, 'wrap-ups.csv');
	writeFileSync(path, text);
	let stdout = '';
	let stderr = '';
	const code = await main(['analyze', path, '--format', 'json', '--end', '2026-03-31', '--tz', 'Europe/Paris', '--by', 'motive'], {
		stdout: (s) => (stdout += s),
		stderr: (s) => (stderr += s)
	});
	expect(stderr).toBe('');
	expect(code).toBe(0);
	const json = JSON.parse(stdout);
	expect(json).toMatchObject({ contacts: 3, repeatContacts: 1, demands: 2, pending: 0, eligible: 2, resolvedFirst: 1, fcr: 0.5 });
	expect(Object.keys(json.by.motive)).toEqual(['PAI-PREL']);
	expect(json.warnings).toEqual([]);
});
