#!/usr/bin/env node
// The command line is built into dist/cli by `npm run build:cli` (run by `prepare` after `npm ci`).
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/parcours.js', import.meta.url);
if (!existsSync(built)) {
	process.stderr.write('parcours: the command line is not built; run "npm run build:cli" first.\n');
	process.exit(1);
}
await import(built.href);
