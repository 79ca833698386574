/**
 * Command-line arguments: `--name value`, `--name=value` and flags, checked against the options a
 * command knows, so a typo is reported instead of silently ignored.
 */

/**
 * A problem the person typing the command can fix (a bad option, an unusable file); its message is
 * one sentence, shown as is. Exit code 2 for a bad command line, 1 for a file that cannot be used.
 */
export class UsageError extends Error {
	readonly exitCode: number;
	constructor(message: string, exitCode = 2) {
		super(message);
		this.name = 'UsageError';
		this.exitCode = exitCode;
	}
}

export interface OptionSpec {
	/** Takes a value (`--window 7d`) or is a flag (`--help`). */
	value: boolean;
	/** Short alias, e.g. `h` for `-h`. */
	short?: string;
}

export interface ParsedArgs {
	positionals: string[];
	options: Map<string, string | true>;
}

export function parseArgs(
	argv: readonly string[],
	specs: Record<string, OptionSpec>,
	command: string
): ParsedArgs {
	const positionals: string[] = [];
	const options = new Map<string, string | true>();
	const byShort = new Map(
		Object.entries(specs)
			.filter(([, spec]) => spec.short)
			.map(([name, spec]) => [spec.short as string, name])
	);
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--') {
			positionals.push(...argv.slice(i + 1));
			break;
		}
		let name: string | undefined;
		let inline: string | undefined;
		if (arg.startsWith('--') && arg.length > 2) {
			const eq = arg.indexOf('=');
			name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
			inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
		} else if (arg.startsWith('-') && arg.length === 2 && arg !== '-') {
			name = byShort.get(arg[1]);
			if (name === undefined) throw unknownOption(arg, command);
		} else {
			positionals.push(arg);
			continue;
		}
		const spec = specs[name];
		if (!spec) throw unknownOption(arg.split('=')[0], command);
		if (!spec.value) {
			if (inline !== undefined) throw new UsageError(`Option --${name} takes no value.`);
			options.set(name, true);
			continue;
		}
		const value = inline ?? argv[++i];
		if (value === undefined || (inline === undefined && value.startsWith('--'))) {
			throw new UsageError(`Option --${name} needs a value; see "${command} --help".`);
		}
		options.set(name, value);
	}
	return { positionals, options };
}

function unknownOption(arg: string, command: string): UsageError {
	return new UsageError(`Unknown option "${arg}" for "${command}"; see "${command} --help".`);
}

/** The value of an option that takes one, or undefined when absent. */
export function optionValue(args: ParsedArgs, name: string): string | undefined {
	const value = args.options.get(name);
	return typeof value === 'string' ? value : undefined;
}

/** `a,b, c` → `['a', 'b', 'c']`, blanks dropped. */
export function list(text: string): string[] {
	return text
		.split(',')
		.map((item) => item.trim())
		.filter((item) => item.length > 0);
}

/** `phone=5,email=3` → `[['phone', '5'], ['email', '3']]`. */
export function pairs(text: string, option: string, example: string): [string, string][] {
	return list(text).map((item) => {
		const eq = item.indexOf('=');
		if (eq <= 0 || eq === item.length - 1) {
			throw new UsageError(`Invalid --${option} "${text}": expected channel=value pairs such as ${example}.`);
		}
		return [item.slice(0, eq).trim().toLowerCase(), item.slice(eq + 1).trim()];
	});
}
