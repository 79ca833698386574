/**
 * `parcours serve`: the team server (src/server) with the built app, until stopped (Ctrl+C).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server/serve';
import { optionValue, parseArgs, UsageError, type OptionSpec } from './args';
import type { Io } from './io';
import { errorMessage } from '../lib/domain/guards';

const OPTIONS: Record<string, OptionSpec> = {
	host: { value: true },
	port: { value: true },
	data: { value: true },
	database: { value: true },
	help: { value: false, short: 'h' }
};

export const SERVE_HELP = `Usage: parcours serve [options]

Runs the team server: the app and the API that members share workspaces through (accounts,
roles, live sync, history). Contact and web logs never reach it: they stay in each browser.

Options:
  --host HOST          address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --port N             port (default 8787)
  --data DIR           folder of the embedded PostgreSQL database (default ./parcours-data)
  --database URL       a PostgreSQL server instead (postgres://user:password@host:5432/db)
  -h, --help           this help

On first start it prints a one-time link that creates the administrator's account.`;

/** The package's folder: two levels up from dist/cli (built) or src/cli (run from sources). */
const packageDir = fileURLToPath(new URL('../../', import.meta.url));

export async function serveCommand(argv: readonly string[], io: Io): Promise<number> {
	const args = parseArgs(argv, OPTIONS, 'parcours serve');
	if (args.options.has('help')) {
		io.stdout(SERVE_HELP + '\n');
		return 0;
	}
	if (args.positionals.length) throw new UsageError(`Unexpected argument "${args.positionals[0]}"; see "parcours serve --help".`);
	const port = Number(optionValue(args, 'port') ?? 8787);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port needs a port number (0 to 65535).');
	const database = optionValue(args, 'database');
	if (database !== undefined && !/^postgres(ql)?:\/\//.test(database)) {
		throw new UsageError('--database needs a PostgreSQL URL, such as postgres://user:password@localhost:5432/parcours.');
	}
	const appDir = `${packageDir}build`;
	if (!existsSync(`${appDir}/index.html`)) {
		io.stderr('Building the app (once; about a minute)…\n');
		execFileSync(process.execPath, [`${packageDir}node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'warn'], {
			cwd: packageDir,
			stdio: ['ignore', 'ignore', 'pipe']
		});
	}
	let server;
	try {
		server = await startServer({
			host: optionValue(args, 'host') ?? '127.0.0.1',
			port,
			data: optionValue(args, 'data') ?? 'parcours-data',
			database,
			appDir,
			log: (line) => io.stdout(line + '\n')
		});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EADDRINUSE') throw new UsageError(`Port ${port} is in use; choose another with --port.`);
		throw new UsageError(`Cannot start: ${errorMessage(error)}`);
	}
	const running = server;
	await new Promise<void>((resolve) => {
		const stop = () => {
			io.stdout('Stopping…\n');
			void running.close().then(resolve);
		};
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
	});
	return 0;
}
