/**
 * `npx tsx bench/hostile-input.ts [--mb N] [--runs N]`: the reader's time per MB on damaged and
 * hostile files, against a well-formed log of the same size, so that "never hangs" is a measure:
 * each case must read (or be refused) in a time of the order of the well-formed one. Reads in
 * this thread, whole (`ingestContacts`) and in two parts as the command line's threads would
 * (`ingestContactsInRanges`; null parts fall back to the whole reading, whose time is added).
 * Prints, per case, the outcome (rows read, rejected, or the refusal) and the best of the runs in
 * ms per MB.
 */
import { IngestError, ingestContacts, ingestContactsInRanges } from '../src/lib/analysis/ingest/index';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
	const at = argv.indexOf(name);
	return at >= 0 ? Number(argv[at + 1]) : fallback;
};
const size = option('--mb', 8) * (1 << 20);
const runs = option('--runs', 3);
const encoder = new TextEncoder();
const HEADER = 'customer_id;timestamp;channel;motive\n';

/** `line(i)` repeated until the file holds `size` bytes, after `head`. */
function fill(head: string, line: (i: number) => string): Uint8Array {
	const parts = [head];
	let length = head.length;
	for (let i = 0; length < size; i++) {
		const l = line(i);
		parts.push(l);
		length += l.length;
	}
	return encoder.encode(parts.join(''));
}

const row = (i: number) => `C${i % 5000};2026-03-${String(1 + (i % 28)).padStart(2, '0')} 09:${String(i % 60).padStart(2, '0')};phone;BILL`;

const CASES: [string, () => Uint8Array][] = [
	['well-formed (reference)', () => fill(HEADER, (i) => row(i) + '\n')],
	['every field quoted, doubled quotes inside', () => fill(HEADER, (i) => `"C${i % 5000}";"2026-03-01 09:00";"ph""one";"Bill ""late"", again"\n`)],
	['a stray quote every 2,001 lines (each runs to the bound)', () => fill(HEADER, (i) => (i % 2001 === 0 ? row(i).replace(';BILL', ';"BILL') : row(i)) + '\n')],
	['a stray quote on every line', () => fill(HEADER, (i) => row(i).replace(';phone', ';"phone') + '\n')],
	['one giant data line (no line break)', () => fill(HEADER, (i) => (i === 0 ? row(0) : ';x'))],
	['one giant line, no header end', () => fill('', () => 'customer_id;timestamp;')],
	['only delimiters, in lines', () => fill(HEADER, () => ';;;;;;;;;;;;;;;;;;;;;;;\n')],
	['only delimiters, one line', () => fill(HEADER, () => ';;;;;;;;;;;;;;;;;;;;;;;;')],
	['only quotes', () => fill('', () => '""""""""""""""""""""""""')],
	['quotes and line breaks alternating', () => fill(HEADER, (i) => (i % 2 ? '"\n' : '\n"'))],
	['random bytes', () => {
		const b = new Uint8Array(size);
		let x = 12345;
		for (let i = 0; i < size; i++) b[i] = (x = Math.imul(x ^ (x >>> 13), 0x5bd1e995) + 1) >>> 24;
		return b;
	}]
];

async function outcome(read: () => Promise<unknown>): Promise<string> {
	try {
		const r = (await read()) as { table: { length: number }; rejections: { count: number; byReason: Record<string, number> } };
		const reasons = Object.entries(r.rejections.byReason).map(([k, n]) => `${k} ${n}`).join(', ');
		return `${r.table.length} rows, ${r.rejections.count} rejected${reasons ? ` (${reasons})` : ''}`;
	} catch (error) {
		if (error instanceof IngestError) return `refused: ${error.code}`;
		throw error;
	}
}

async function best(read: () => Promise<unknown>): Promise<number> {
	let fastest = Infinity;
	for (let r = 0; r < runs; r++) {
		const started = performance.now();
		await outcome(read);
		fastest = Math.min(fastest, performance.now() - started);
	}
	return fastest;
}

console.log(`${(size / (1 << 20)).toFixed(0)} MB per case, best of ${runs} runs, ms per MB (whole / two parts):`);
for (const [name, make] of CASES) {
	const bytes = make();
	const mb = bytes.length / (1 << 20);
	const whole = () => ingestContacts(bytes, { contactIds: false });
	const inParts = async () => ingestContactsInRanges(bytes, 2, { contactIds: false }) ?? (await whole());
	await outcome(whole);
	const a = await best(whole);
	const b = await best(inParts);
	console.log(`  ${name.padEnd(58)} ${(a / mb).toFixed(1).padStart(7)} / ${(b / mb).toFixed(1).padStart(7)}   ${await outcome(whole)}`);
}
