#!/usr/bin/env node
// Makes sure a Chromium exists for the end-to-end tests: installs Debian's package when running
// as root, otherwise says how to install it and stops.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

if (!existsSync(path)) {
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot) {
		console.error(
			`Chromium is needed for the end-to-end tests and was not found at ${path}: run "sudo apt-get install -y chromium" (or set CHROMIUM_PATH to a Chromium executable), then try again.`
		);
		process.exit(1);
	}
	console.log(`Chromium not found at ${path}: installing Debian's chromium package…`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
		const run = spawnSync('apt-get', args, { stdio: 'inherit', env });
		if (run.status !== 0) {
			console.error(`"apt-get ${args.join(' ')}" failed; install Chromium by hand and try again.`);
			process.exit(run.status ?? 1);
		}
	}
	if (!existsSync(path)) {
		console.error(`Chromium was installed but is not at ${path}: set CHROMIUM_PATH to its executable.`);
		process.exit(1);
	}
}
