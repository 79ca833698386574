/**
 * `npx tsx bench/profile.ts [file]`: CPU profile of `parcours analyze` on a benchmark file
 * (bench/data/contacts-1m.csv by default), summarised for the engine's owners: time per phase
 * (ingest, chains, metrics, garbage collection, Node's file reading), the functions with the most
 * self time, and the inclusive time of the phases' entry points, summed over the threads (the
 * main thread and the reading workers; `--threads 1` as a third argument profiles one reading
 * thread). Needs `npm run build:cli` first.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
}
interface ProfileNode {
	id: number;
	callFrame: CallFrame;
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist/cli/parcours.js');
const file = process.argv[2] ?? join(root, 'bench/data/contacts-1m.csv');
const top = Number(process.argv[3] ?? 25);
const extra = process.argv.slice(4);

const dir = mkdtempSync(join(tmpdir(), 'parcours-prof-'));
const run = spawnSync(
	'node',
	['--cpu-prof', `--cpu-prof-dir=${dir}`, bundle, 'analyze', file, '--format', 'json', ...extra],
	{ cwd: root, encoding: 'utf8' }
);
if (run.status !== 0) throw new Error(run.stderr);
// One profile per thread: the main one and each reading worker's.
const names = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
if (names.length === 0) throw new Error('no profile written');
const profiles = names.map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Profile);
rmSync(dir, { recursive: true, force: true });

// The bundle files mark each source module with a `// src/…` comment: map their lines to modules.
const regions = new Map<string, { line: number; module: string }[]>();
function regionsOf(url: string): { line: number; module: string }[] {
	let found = regions.get(url);
	if (!found) {
		const list: { line: number; module: string }[] = [];
		readFileSync(fileURLToPath(url), 'utf8')
			.split('\n')
			.forEach((text, i) => {
				const m = /^\/\/ (src\/\S+\.ts)$/.exec(text);
				if (m) list.push({ line: i, module: m[1] });
			});
		regions.set(url, (found = list));
	}
	return found;
}
function moduleOf(frame: CallFrame): string {
	if (frame.url.startsWith('file:') && frame.url.includes('/dist/cli/')) {
		let module = 'bundle';
		for (const r of regionsOf(frame.url)) if (r.line <= frame.lineNumber) module = r.module;
		return module;
	}
	if (frame.functionName === '(garbage collector)') return '(garbage collector)';
	if (frame.url.startsWith('node:')) return frame.url;
	return frame.url === '' ? `(${frame.functionName || 'native'})` : frame.url;
}
function phaseOf(module: string): string {
	if (module.includes('/ingest/')) return 'ingest (parse CSV, build columns)';
	if (module.endsWith('chains.ts')) return 'chains (sort, chain, verdicts)';
	if (module.endsWith('metrics.ts') || module.endsWith('stats.ts')) return 'metrics (accumulate figures)';
	if (module === '(garbage collector)') return 'garbage collection';
	if (module.startsWith('node:') || module === '(program)' || module === '(native)') return 'Node (file reading, start-up)';
	if (module === '(idle)') return 'idle (waiting for the disk)';
	return 'other (CLI, report, settings)';
}

const key = (f: CallFrame) => `${f.functionName || '(anonymous)'}  ${moduleOf(f).replace(/^src\/lib\/analysis\//, '')}`;
const bySelf = new Map<string, number>();
const byPhase = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
for (const profile of profiles) {
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfTime = new Map<number, number>();
profile.samples.forEach((id, i) => {
	const dt = Math.max(0, profile.timeDeltas[i] ?? 0);
	selfTime.set(id, (selfTime.get(id) ?? 0) + dt);
	total += dt;
});
for (const [id, t] of selfTime) {
	const frame = byId.get(id)!.callFrame;
	bySelf.set(key(frame), (bySelf.get(key(frame)) ?? 0) + t);
	const phase = phaseOf(moduleOf(frame));
	byPhase.set(phase, (byPhase.get(phase) ?? 0) + t);
	const seen = new Set<string>();
	for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
		const f = byId.get(n)!.callFrame;
		if (f.functionName) seen.add(key(f));
	}
	for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + t);
}
}

const ms = (t: number) => `${(t / 1000).toFixed(0).padStart(6)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %`;
console.log(`CPU profile of parcours analyze ${file}: ${(total / 1e6).toFixed(2)} s sampled on ${profiles.length} thread(s)\n`);
console.log('By phase (self time of the functions in each part of the engine)');
for (const [phase, t] of [...byPhase].sort((a, b) => b[1] - a[1])) console.log(`  ${ms(t)}  ${phase}`);
console.log(`\nTop ${top} functions by self time`);
for (const [k, t] of [...bySelf].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms(t)}  ${k}`);
console.log('\nInclusive time of entry points');
for (const entry of ['ingestContacts', 'drive', 'ingestContactRange', 'mergeContactRanges', 'buildChains', 'sortRows', 'analyze', 'jsonReport']) {
	const found = [...inclusive].filter(([k]) => k.startsWith(`${entry} `));
	for (const [k, t] of found) console.log(`  ${ms(t)}  ${k}`);
}
