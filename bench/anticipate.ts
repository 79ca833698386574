/**
 * `npm run bench:anticipate`: the whole `parcours anticipate` process on 1M contacts, 2M business
 * events and 5M web events, beside `parcours analyze` on the same contacts in the same run (time
 * and peak RSS of each whole process). Goal: anticipate within 3× analyze's time and 1 GiB.
 *
 *   npm run bench:anticipate                 2 runs each (best and median reported)
 *   npm run bench:anticipate -- --runs 3
 *
 * Files are generated once into bench/data/ (gitignored): the contacts and the events that drive
 * them from one generated log; the web log (and the events beyond that log's own) from a larger
 * log over the same customers, cut to the wanted rows. Results go to bench/anticipate-results.json.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { measure as measureIn, median, type Measure } from './measure';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const measure = (command: string, args: string[]) => measureIn(command, args, root);
const dataDir = join(root, 'bench/data');
const CONTACTS = 1_000_000;
const EVENTS = 2_000_000;
const WEB = 5_000_000;
/** The default customers of a 1M-contact log (contacts / 2.6), so the larger log names the same ones. */
const CUSTOMERS = Math.round(CONTACTS / 2.6);
const GOAL = { ratio: 3, peakMiB: 1024 };
const argv = process.argv.slice(2);
const runsAt = argv.indexOf('--runs');
const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 2;

/** Copies the header and data rows of `sources`, in order, until `rows` data rows are written. */
async function concatRows(sources: string[], rows: number, out: string): Promise<number> {
	const output = createWriteStream(out);
	let written = 0;
	let header = false;
	for (const source of sources) {
		const lines = createInterface({ input: createReadStream(source), crlfDelay: Infinity });
		let first = true;
		for await (const line of lines) {
			if (first) {
				first = false;
				if (!header) {
					header = true;
					if (!output.write(line + '\n')) await new Promise((r) => output.once('drain', r));
				}
				continue;
			}
			if (written >= rows) break;
			if (!output.write(line + '\n')) await new Promise((r) => output.once('drain', r));
			written++;
		}
		lines.close();
		if (written >= rows) break;
	}
	await new Promise((r) => output.end(r));
	return written;
}

async function ensureData(): Promise<{ contacts: string; events: string; web: string }> {
	const contacts = join(dataDir, 'anticipate-contacts-1m.csv');
	const events = join(dataDir, 'anticipate-events-2m.csv');
	const web = join(dataDir, 'anticipate-web-5m.csv');
	if (existsSync(contacts) && existsSync(events) && existsSync(web)) return { contacts, events, web };
	mkdirSync(dataDir, { recursive: true });
	console.error('Generating the anticipation data (once)…');
	const ownEvents = join(dataDir, 'anticipate-own-events.part');
	const more = join(dataDir, 'anticipate-more.part');
	const moreEvents = join(dataDir, 'anticipate-more-events.part');
	const moreWeb = join(dataDir, 'anticipate-more-web.part');
	await measure('node', ['bin/parcours.js', 'generate', '--contacts', String(CONTACTS), '--seed', '1', '--out', `${contacts}.part`, '--events', ownEvents]);
	// 1.7M contacts over the same customers give a little over 5M page views.
	await measure('node', [
		'bin/parcours.js', 'generate', '--contacts', '1700000', '--customers', String(CUSTOMERS), '--seed', '2',
		'--out', more, '--web', moreWeb, '--events', moreEvents
	]);
	const e = await concatRows([ownEvents, moreEvents], EVENTS, `${events}.part`);
	const w = await concatRows([moreWeb], WEB, `${web}.part`);
	if (e < EVENTS || w < WEB) throw new Error(`Generated ${e} events and ${w} page views, fewer than wanted`);
	for (const part of [ownEvents, more, moreEvents, moreWeb]) rmSync(part, { force: true });
	renameSync(`${contacts}.part`, contacts);
	renameSync(`${events}.part`, events);
	renameSync(`${web}.part`, web);
	return { contacts, events, web };
}


async function main(): Promise<void> {
	const built = spawnSync('npm', ['run', '--silent', 'build:cli'], { cwd: root, stdio: 'inherit' });
	if (built.status !== 0) throw new Error('npm run build:cli failed');
	const files = await ensureData();
	const load = loadavg().map((l) => Number(l.toFixed(2)));
	const analyze: Measure[] = [];
	const anticipate: Measure[] = [];
	for (let run = 0; run < runs; run++) {
		analyze.push(await measure('node', ['bin/parcours.js', 'analyze', files.contacts, '--format', 'json']));
		anticipate.push(
			await measure('node', ['bin/parcours.js', 'anticipate', files.contacts, '--events', files.events, '--web', files.web, '--format', 'json'])
		);
		console.error(`run ${run + 1}: analyze ${analyze[run].seconds.toFixed(2)} s, anticipate ${anticipate[run].seconds.toFixed(2)} s`);
	}
	const summary = (m: Measure[]) => ({
		seconds: m.map((x) => x.seconds),
		bestSeconds: Math.min(...m.map((x) => x.seconds)),
		medianSeconds: median(m.map((x) => x.seconds)),
		bestCpuSeconds: m.every((x) => x.cpuSeconds !== null) ? Math.min(...m.map((x) => x.cpuSeconds as number)) : null,
		peakMiB: m.every((x) => x.peakMiB !== null) ? Math.max(...m.map((x) => x.peakMiB as number)) : null
	});
	const a = summary(analyze);
	const b = summary(anticipate);
	const result = JSON.parse(anticipate[0].stdout) as { triggers: { key: string; lift: number | null; attributable: number }[]; totals: Record<string, number> };
	const ratio = b.bestSeconds / a.bestSeconds;
	const report = {
		date: new Date().toISOString(),
		node: process.version,
		cpus: cpus().length,
		runs,
		loadAverageBefore: load,
		loadAverageAfter: loadavg().map((l) => Number(l.toFixed(2))),
		input: {
			contacts: CONTACTS,
			events: EVENTS,
			webEvents: WEB,
			MiB: Object.fromEntries(Object.entries(files).map(([k, f]) => [k, Number((statSync(f).size / 2 ** 20).toFixed(1))]))
		},
		analyze: a,
		anticipate: b,
		ratio,
		medianRatio: b.medianSeconds / a.medianSeconds,
		goal: GOAL,
		met: ratio <= GOAL.ratio && (b.peakMiB ?? 0) <= GOAL.peakMiB,
		totals: result.totals,
		top: result.triggers.slice(0, 5).map((t) => ({ key: t.key, lift: t.lift, attributable: t.attributable }))
	};
	writeFileSync(join(root, 'bench/anticipate-results.json'), JSON.stringify(report, null, '\t') + '\n');
	console.log(
		`analyze ${a.bestSeconds.toFixed(2)} s (${a.peakMiB?.toFixed(0)} MiB), anticipate ${b.bestSeconds.toFixed(2)} s ` +
			`(${b.peakMiB?.toFixed(0)} MiB): ${ratio.toFixed(2)}× (goal ≤ ${GOAL.ratio}×, ≤ ${GOAL.peakMiB} MiB); load ${load.join(' ')}`
	);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
