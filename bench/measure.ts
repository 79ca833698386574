/** Whole-process measures shared by the benchmarks: wall clock, CPU time and peak RSS. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);

export interface Measure {
	seconds: number;
	/** User + system CPU seconds: less sensitive than wall clock to a busy machine. */
	cpuSeconds: number | null;
	peakMiB: number | null;
	stdout: string;
}

/** Runs a process in `cwd` to its end: wall clock from spawn to exit, its CPU time and peak RSS (through GNU time when there). */
export function measure(command: string, args: string[], cwd: string): Promise<Measure> {
	return new Promise((resolve, reject) => {
		const full = hasTime ? [TIME, '-f', '__peak_kib %M %U %S', command, ...args] : [command, ...args];
		const started = process.hrtime.bigint();
		const child = spawn(full[0], full.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => {
			const seconds = Number(process.hrtime.bigint() - started) / 1e9;
			const peak = /__peak_kib (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
			if (code !== 0) {
				reject(new Error(`${command} ${args.join(' ')} failed (${code}): ${stderr.replace(/__peak_kib .*/, '').trim()}`));
				return;
			}
			resolve({
				seconds,
				cpuSeconds: peak ? Number(peak[2]) + Number(peak[3]) : null,
				peakMiB: peak ? Number(peak[1]) / 1024 : null,
				stdout
			});
		});
	});
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}
