/**
 * `npm run bench`: the command line against DuckDB running the SQL rendering of the same metrics,
 * on generated contact logs of 1 and 5 million rows; and `parcours normalize` of the same files
 * (whole process: time and peak memory, which must not grow with the rows). Both sides are timed as whole processes
 * (start-up, reading the CSV, computing) on the same file and settings; peak memory is each
 * process's maximum resident set size (parcours's reading threads are worker threads of its one
 * process, so their memory is in it). The figures must agree before a time counts.
 *
 *   npm run bench                 both sizes, 3 runs each (best and median reported)
 *   npm run bench -- 1m           one size
 *   npm run bench -- --runs 5     more runs
 *   npm run bench -- --duckdb-threads 1   DuckDB on one thread
 *   npm run bench -- --threads 1   parcours reading on one thread
 *   npm run bench -- --no-postgres         leave out the PostgreSQL run
 *
 * Beside them, the PostgreSQL run of the same SQL (its PostgreSQL dialect) on the 1M file: a
 * throw-away server (Debian's postgresql binaries, default settings but fsync off), the file
 * loaded with psql's \copy into the README's table, then the query timed on the server as the
 * client sees it (not a whole process: the load is timed apart). Skipped when the binaries are
 * missing.
 *
 * Files are generated once into bench/data/ (gitignored); results go to bench/results.json.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure as measureIn, median, type Measure } from './measure';
import { demoMotiveModel } from '../src/lib/domain/demo';
import { resolveSettings } from '../src/lib/analysis/settings';
import { postgresContactsTable, postgresCopy, renderSql } from '../src/lib/analysis/sql';
import { csvSource } from '../src/cli/sql';
import { startPostgres } from '../tests/fixtures/postgres';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const measure = (command: string, args: string[]) => measureIn(command, args, root);
const dataDir = join(root, 'bench/data');
const SIZES: Record<string, number> = { '1m': 1_000_000, '5m': 5_000_000 };
const COMPARED = ['contacts', 'repeatContacts', 'demands', 'pending', 'eligible', 'resolvedFirst'] as const;
const GOAL = { ratio: 1, peakMiB: 600 };

const argv = process.argv.slice(2);
const runsAt = argv.indexOf('--runs');
const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 3;
const threadsAt = argv.indexOf('--duckdb-threads');
/** DuckDB's worker threads; its default is one per core. */
const duckdbThreads = threadsAt >= 0 ? Number(argv[threadsAt + 1]) : undefined;
const oursAt = argv.indexOf('--threads');
/** Threads parcours reads the file with; its default is one per core, at most 4. */
const parcoursThreads = oursAt >= 0 ? Number(argv[oursAt + 1]) : undefined;
const withPostgres = !argv.includes('--no-postgres');
/** Sizes the PostgreSQL run is made on. */
const POSTGRES_SIZES = ['1m'];
const wanted = argv.filter((a) => SIZES[a] !== undefined);
const sizes = wanted.length > 0 ? wanted : Object.keys(SIZES);


function ensureBuilt(): void {
	// Always rebuild: the bench measures the code as it is now.
	const built = spawnSync('npm', ['run', '--silent', 'build:cli'], { cwd: root, stdio: 'inherit' });
	if (built.status !== 0) throw new Error('npm run build:cli failed');
}

async function ensureData(size: string): Promise<string> {
	const file = join(dataDir, `contacts-${size}.csv`);
	if (existsSync(file)) return file;
	mkdirSync(dataDir, { recursive: true });
	console.error(`Generating ${relative(root, file)} (once)…`);
	const m = await measure('node', [
		'bin/parcours.js',
		'generate',
		'--contacts',
		String(SIZES[size]),
		'--seed',
		'1',
		'--out',
		`${file}.part`
	]);
	// Renamed only when complete, so an interrupted run is not mistaken for the data.
	renameSync(`${file}.part`, file);
	console.error(`  ${m.seconds.toFixed(1)} s, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`);
	return file;
}

const complexMotives = demoMotiveModel()
	.filter((m) => m.complex)
	.map((m) => m.code);
const settings = resolveSettings({ complexMotives });


interface Result {
	size: string;
	rows: number;
	fileMiB: number;
	parcours: {
		seconds: number[];
		bestSeconds: number;
		medianSeconds: number;
		bestCpuSeconds: number | null;
		/** Whole process, worker threads included (they share its memory). */
		peakMiB: number | null;
		threads: number | 'default';
	};
	duckdb: {
		seconds: number[];
		bestCpuSeconds: number | null;
		bestSeconds: number;
		medianSeconds: number;
		peakMiB: number | null;
		threads: number | 'default';
	};
	/** `parcours normalize` of the file to a temporary folder. */
	normalize: {
		seconds: number[];
		bestSeconds: number;
		bestCpuSeconds: number | null;
		peakMiB: number | null;
		rowsWritten: number;
	};
	/** parcours / DuckDB, best runs. */
	ratio: number;
	medianRatio: number;
	same: boolean;
	figures: Record<string, unknown>;
	postgres?: PostgresResult;
}

interface PostgresResult {
	version: string;
	/** psql \copy of the CSV file into the table, then ANALYZE. */
	loadSeconds: number;
	/** The query, from sending it to the last row received. */
	querySeconds: number[];
	bestQuerySeconds: number;
	medianQuerySeconds: number;
	/** Best query time / DuckDB's best whole-process time (which reads the CSV file too). */
	ratioToDuckdb: number;
	same: boolean;
}

/** The same figures from PostgreSQL: load the file as the README says, run the query `runs` times. */
async function benchPostgres(size: string, file: string, parcoursFigures: Record<string, unknown>): Promise<Omit<PostgresResult, 'ratioToDuckdb'> | null> {
	const server = await startPostgres();
	if (!server) {
		console.error('  PostgreSQL: binaries not found (Debian package "postgresql"), skipped');
		return null;
	}
	try {
		const client = await server.connect();
		try {
			await client.query(postgresContactsTable('contacts'));
			const fd = openSync(file, 'r');
			const head = Buffer.alloc(4096);
			const header = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8').split('\n')[0].trim().split(',');
			closeSync(fd);
			const started = process.hrtime.bigint();
			const psql = join(server.bin, 'psql');
			const copied = spawnSync(
				existsSync(psql) ? psql : 'psql',
				['-h', server.host, '-p', String(server.port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', postgresCopy('contacts', header, file, true)],
				{ encoding: 'utf8' }
			);
			if (copied.status !== 0) throw new Error(`psql \\copy failed: ${copied.stderr}`);
			await client.query('ANALYZE contacts');
			const loadSeconds = Number(process.hrtime.bigint() - started) / 1e9;
			const sql = renderSql(settings, { dialect: 'postgres', source: 'contacts' });
			const seconds: number[] = [];
			let row: Record<string, unknown> = {};
			for (let i = 0; i < runs; i++) {
				const t = process.hrtime.bigint();
				[row] = (await client.query(sql)).rows;
				seconds.push(Number(process.hrtime.bigint() - t) / 1e9);
				console.error(`  ${size} PostgreSQL run ${i + 1}: ${seconds[i].toFixed(2)} s (load ${loadSeconds.toFixed(1)} s)`);
			}
			const same = COMPARED.every((key) => row[key] === parcoursFigures[key]);
			if (!same) for (const key of COMPARED) console.error(`    ${key}: parcours ${parcoursFigures[key]}, PostgreSQL ${row[key]}`);
			const version = (await client.query('SHOW server_version')).rows[0].server_version as string;
			return { version, loadSeconds, querySeconds: seconds, bestQuerySeconds: Math.min(...seconds), medianQuerySeconds: median(seconds), same };
		} finally {
			await client.end();
		}
	} finally {
		server.stop();
	}
}

async function benchOne(size: string): Promise<Result> {
	const file = await ensureData(size);
	const sqlFile = join(tmpdir(), `parcours-bench-${size}.sql`);
	// The same source `parcours sql FILE` prints: the canonical columns with their types stated.
	writeFileSync(sqlFile, renderSql(settings, { source: csvSource(file) }));
	const parcoursArgs = [
		'bin/parcours.js',
		'analyze',
		file,
		'--format',
		'json',
		'--complex',
		complexMotives.join(','),
		...(parcoursThreads ? ['--threads', String(parcoursThreads)] : [])
	];
	const duckdbArgs = ['bench/duckdb-run.mjs', sqlFile, ...(duckdbThreads ? [String(duckdbThreads)] : [])];
	const normalizeOut = join(tmpdir(), `parcours-bench-normalize-${size}`);
	const normalizeArgs = ['bin/parcours.js', 'normalize', file, '--out', normalizeOut, '--force', '--format', 'json'];
	const p: Measure[] = [];
	const d: Measure[] = [];
	const n: Measure[] = [];
	// Interleaved, so a busy moment on the machine hurts both sides alike.
	for (let i = 0; i < runs; i++) {
		p.push(await measure('node', parcoursArgs));
		d.push(await measure('node', duckdbArgs));
		n.push(await measure('node', normalizeArgs));
		console.error(
			`  ${size} run ${i + 1}: parcours ${p[i].seconds.toFixed(2)} s (CPU ${p[i].cpuSeconds?.toFixed(2)}), ` +
				`DuckDB ${d[i].seconds.toFixed(2)} s (CPU ${d[i].cpuSeconds?.toFixed(2)}), ` +
				`normalize ${n[i].seconds.toFixed(2)} s (CPU ${n[i].cpuSeconds?.toFixed(2)}, peak ${n[i].peakMiB?.toFixed(0)} MiB), ` +
				`load ${loadavg()[0].toFixed(1)}`
		);
	}
	const ours = JSON.parse(p[0].stdout) as Record<string, unknown>;
	const theirs = JSON.parse(d[0].stdout) as Record<string, unknown>;
	const same = COMPARED.every((key) => ours[key] === theirs[key]);
	if (!same) {
		console.error(`  ${size}: figures differ`);
		for (const key of COMPARED) console.error(`    ${key}: parcours ${ours[key]}, DuckDB ${theirs[key]}`);
	}
	rmSync(normalizeOut, { recursive: true, force: true });
	const postgres = withPostgres && POSTGRES_SIZES.includes(size) ? await benchPostgres(size, file, ours) : null;
	const ps = p.map((m) => m.seconds);
	const ds = d.map((m) => m.seconds);
	const peak = (ms: Measure[]) => (ms[0].peakMiB === null ? null : Math.max(...ms.map((m) => m.peakMiB ?? 0)));
	const cpu = (ms: Measure[]) => (ms[0].cpuSeconds === null ? null : Math.min(...ms.map((m) => m.cpuSeconds ?? 0)));
	return {
		size,
		rows: SIZES[size],
		fileMiB: statSync(file).size / 2 ** 20,
		parcours: {
			seconds: ps,
			bestSeconds: Math.min(...ps),
			medianSeconds: median(ps),
			bestCpuSeconds: cpu(p),
			peakMiB: peak(p),
			threads: parcoursThreads ?? 'default'
		},
		duckdb: {
			seconds: ds,
			bestCpuSeconds: cpu(d),
			bestSeconds: Math.min(...ds),
			medianSeconds: median(ds),
			peakMiB: peak(d),
			threads: duckdbThreads ?? 'default'
		},
		normalize: {
			seconds: n.map((m) => m.seconds),
			bestSeconds: Math.min(...n.map((m) => m.seconds)),
			bestCpuSeconds: cpu(n),
			peakMiB: peak(n),
			rowsWritten: (JSON.parse(n[0].stdout) as { contacts: { rowsWritten: number } }).contacts.rowsWritten
		},
		ratio: Math.min(...ps) / Math.min(...ds),
		medianRatio: median(ps) / median(ds),
		same: same && (postgres?.same ?? true),
		figures: Object.fromEntries(COMPARED.map((k) => [k, ours[k]]).concat([['fcr', ours.fcr]])),
		...(postgres ? { postgres: { ...postgres, ratioToDuckdb: postgres.bestQuerySeconds / Math.min(...ds) } } : {})
	};
}

function table(results: Result[]): string {
	const rows = [
		[
			'rows',
			'file MiB',
			'parcours s',
			'DuckDB s',
			'ratio',
			'median parcours s',
			'median DuckDB s',
			'parcours CPU s',
			'DuckDB CPU s',
			'parcours peak MiB',
			'DuckDB peak MiB',
			'same figures'
		],
		...results.map((r) => [
			r.rows.toLocaleString('en-GB'),
			r.fileMiB.toFixed(0),
			r.parcours.bestSeconds.toFixed(2),
			r.duckdb.bestSeconds.toFixed(2),
			`${r.ratio.toFixed(2)}×`,
			r.parcours.medianSeconds.toFixed(2),
			r.duckdb.medianSeconds.toFixed(2),
			r.parcours.bestCpuSeconds?.toFixed(2) ?? '—',
			r.duckdb.bestCpuSeconds?.toFixed(2) ?? '—',
			r.parcours.peakMiB?.toFixed(0) ?? '—',
			r.duckdb.peakMiB?.toFixed(0) ?? '—',
			r.same ? 'yes' : 'NO'
		])
	];
	const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
	const line = (r: string[]) => `| ${r.map((c, i) => c.padStart(widths[i])).join(' | ')} |`;
	return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 1) + ':').join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

ensureBuilt();
const results: Result[] = [];
for (const size of sizes) results.push(await benchOne(size));
console.log(
	`\nBest of ${runs} whole-process runs (and median); settings: window 7d, scope motive, ` +
		`${complexMotives.length} complex motives; DuckDB on ${duckdbThreads ?? `its default threads (${cpus().length} cores)`}, ` +
		`parcours on ${parcoursThreads ?? `its default threads (the idle cores, at most 4)`}.\n`
);
console.log(table(results));
console.log('\nparcours normalize (canonical CSV written to a temporary folder):');
for (const r of results) {
	const w = r.normalize;
	console.log(
		`  ${r.rows.toLocaleString('en-GB')} rows: best ${w.bestSeconds.toFixed(2)} s, CPU ${w.bestCpuSeconds?.toFixed(2) ?? '—'} s, ` +
			`peak ${w.peakMiB?.toFixed(0) ?? '—'} MiB, ${w.rowsWritten.toLocaleString('en-GB')} rows written`
	);
}
for (const r of results) {
	if (!r.postgres) continue;
	const pgr = r.postgres;
	console.log(
		`\nPostgreSQL ${pgr.version} on ${r.rows.toLocaleString('en-GB')} rows: load (\\copy + ANALYZE) ${pgr.loadSeconds.toFixed(1)} s, ` +
			`query best ${pgr.bestQuerySeconds.toFixed(2)} s, median ${pgr.medianQuerySeconds.toFixed(2)} s ` +
			`(${pgr.ratioToDuckdb.toFixed(1)}× DuckDB's whole run); same figures: ${pgr.same ? 'yes' : 'NO'}.`
	);
}
for (const r of results) {
	const ok = r.ratio <= GOAL.ratio && (r.parcours.peakMiB ?? 0) <= GOAL.peakMiB;
	if (r.size === '1m') console.log(`\nGoal on 1M (≤ ${GOAL.ratio}× DuckDB, ≤ ${GOAL.peakMiB} MiB): ${ok ? 'met' : 'not met'}.`);
}
writeFileSync(
	join(root, 'bench/results.json'),
	JSON.stringify(
		{
			date: new Date().toISOString(),
			node: process.version,
			cpus: cpus().length,
			cpuModel: cpus()[0]?.model,
			runs,
			loadAverage: loadavg(),
			settings: { window: '7d', scope: 'motive', channels: 'any', complexMotives },
			results
		},
		null,
		'\t'
	) + '\n'
);
if (results.some((r) => !r.same)) process.exitCode = 1;
