/**
 * The Parcours command line: `analyze` a contact log, `anticipate` the moments that make customers call, `generate` a synthetic one, `normalize` one
 * to the canonical form, print the `sql` rendering of the metrics. Errors end the process with a non-zero code and one sentence on
 * stderr, never a stack trace.
 */
import { UsageError } from './args';
import { analyzeCommand } from './analyze';
import { anticipateCommand } from './anticipate';
import { generateCommand } from './generate';
import { normalizeCommand } from './normalize';
import { overlayCommand } from './overlay';
import type { Io } from './io';
import { clause } from './settings';
import { sqlCommand } from './sql';
import { visibleText } from './terminal';
import { version } from '../../package.json';
import { errorMessage } from '../lib/domain/guards';

export type { Io } from './io';

export const HELP = `Usage: parcours <command> [options]

First-contact resolution, repeat contacts and contacts per demand measured on contact logs,
as defined in METRICS.md.

Commands:
  analyze <contacts.csv>     figures of a contact log, in total and broken down (--by)
  anticipate <contacts.csv>  the moments that make customers call (business events, journey
                             states, web exit pages), with lift and the saving of acting first
  generate                   write a synthetic contact log (and web log, business event log) as CSV
  normalize <contacts>       write a contact log (and web log) in the canonical CSV form, with the
                             rows it could not read
  overlay <contacts.csv>     contacts and page views mapped on a journey: states, transitions, deviations
  sql                        print the DuckDB SQL computing the same figures
  serve                      run the team server: shared workspaces, accounts, live sync

Run "parcours <command> --help" for a command's options, "parcours --version" for the version.`;

const COMMANDS: Record<string, (argv: readonly string[], io: Io) => Promise<number>> = {
	analyze: analyzeCommand,
	analyse: analyzeCommand,
	anticipate: anticipateCommand,
	generate: generateCommand,
	normalize: normalizeCommand,
	normalise: normalizeCommand,
	overlay: overlayCommand,
	sql: sqlCommand,
	// Loaded only when asked for: the server's packages stay out of every other command's start.
	serve: async (argv, io) => (await import('./serve')).serveCommand(argv, io)
};

/** Runs one command line; resolves to the process exit code. */
export async function main(argv: readonly string[], output: Io): Promise<number> {
	// Everything on stderr is for people, and may quote a file's values or names: shown with
	// visible escapes for control characters (`terminal.ts`).
	const io: Io = { stdout: output.stdout, stderr: (text) => output.stderr(visibleText(text)) };
	const [command, ...rest] = argv;
	try {
		if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
			if (command === 'help' && rest[0] && COMMANDS[rest[0]]) return await COMMANDS[rest[0]](['--help'], io);
			io.stdout(HELP + '\n');
			return 0;
		}
		if (command === '--version' || command === '-v') {
			io.stdout(`parcours ${version}\n`);
			return 0;
		}
		const run = COMMANDS[command];
		if (!run) {
			throw new UsageError(
				command.startsWith('-')
					? `Unknown option "${command}"; see "parcours --help".`
					: `Unknown command "${command}"; the commands are analyze, anticipate, generate, normalize, overlay, sql and serve.`
			);
		}
		return await run(rest, io);
	} catch (error) {
		io.stderr(`parcours: ${oneSentence(error)}\n`);
		return error instanceof UsageError ? error.exitCode : 70;
	}
}

/** The error as one line, ending with a period. */
function oneSentence(error: unknown): string {
	const message =
		error instanceof UsageError
			? error.message
			: `unexpected error: ${errorMessage(error)}`;
	return `${clause(message.replace(/\s*[\r\n]+\s*/g, ' '))}.`;
}
