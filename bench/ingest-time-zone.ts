/**
 * `npx tsx bench/ingest-time-zone.ts [rows] [--runs N]`: the cost of reading times on the wall
 * clock of a time zone (METRICS.md §1 *Time*). Reads, in this thread, a contact log of 1 million
 * rows (default) whose times are written without a zone, then the same log with every time written
 * with an offset (`2026-03-01T09:00:00+01:00`), put on Europe/Paris. Times without a zone must cost
 * nothing; zoned ones at most a tenth more. Prints the best and median of the runs in ms.
 */
import { ingestContacts } from '../src/lib/analysis/ingest/index';

const argv = process.argv.slice(2);
const runsAt = argv.indexOf('--runs');
const rows = Number(argv.find((a, i) => /^\d+$/.test(a) && i !== runsAt + 1) ?? 1_000_000);
const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 5;

/** A log over a year (both changes of the clocks), a few contacts per customer. */
function log(zoned: boolean): Uint8Array {
	const lines = ['customer_id,timestamp,channel,motive'];
	const start = Date.UTC(2026, 0, 1);
	const step = (365 * 86_400_000) / rows;
	for (let i = 0; i < rows; i++) {
		const iso = new Date(start + Math.floor(i * step)).toISOString().slice(0, 19);
		const time = zoned ? `${iso}+01:00` : iso.replace('T', ' ');
		lines.push(`C${(i * 7919) % (rows / 3 | 0)},${time},${i % 3 ? 'phone' : 'email'},M${i % 40}`);
	}
	return new TextEncoder().encode(lines.join('\n') + '\n');
}

async function time(bytes: Uint8Array, timeZone: string): Promise<{ best: number; median: number; rows: number }> {
	const times: number[] = [];
	let length = 0;
	for (let r = 0; r < runs; r++) {
		const started = performance.now();
		const { table } = await ingestContacts(bytes, { timeZone, contactIds: false } as Parameters<typeof ingestContacts>[1]);
		times.push(performance.now() - started);
		length = table.length;
	}
	times.sort((a, b) => a - b);
	return { best: Math.round(times[0]), median: Math.round(times[times.length >> 1]), rows: length };
}

const plain = log(false);
const zoned = log(true);
// One reading first, so that both measures run on compiled code.
await ingestContacts(plain, { timeZone: 'Europe/Paris' });
const without = await time(plain, 'Europe/Paris');
const withZone = await time(zoned, 'Europe/Paris');
console.log(`${rows} rows, ${runs} runs (best / median ms):`);
console.log(`  times without a zone          ${without.best} / ${without.median}`);
console.log(`  times with an offset, Paris   ${withZone.best} / ${withZone.median}  (${(((withZone.median - without.median) / without.median) * 100).toFixed(1)} % more)`);
