/**
 * The workspace file: a whole workspace as one JSON document that travels between machines.
 *
 * The file is versioned. A file written by a newer Parcours is refused with a message saying so,
 * rather than half read. When the format changes, the version goes up and an upgrade from the
 * previous version is added to `UPGRADES`, with its own test on a file of the old version.
 */
import * as v from 'valibot';
import { badStateKey, stateKeyMessage } from './journey';
import { MAX_JSON_NESTING, nestingBeyond } from './json-nesting';
import { checkContentReferences, toIssues, WorkspaceContentSchema } from './schemas';
import type { PseudonymFunction, WorkspaceContent } from './types';

export const WORKSPACE_FILE_FORMAT = 'parcours-workspace';
export const WORKSPACE_FILE_VERSION = 4;

export type WorkspaceFileError = {
	code: 'empty' | 'not-json' | 'truncated' | 'too-deep' | 'not-workspace' | 'newer-version' | 'invalid' | 'state-key';
	/** The file's version (`newer-version`). */
	version?: number;
	/** The first failing place (`invalid`, `state-key`): `motives[2].label`. */
	path?: string;
	/** The state key that cannot be used (`state-key`): `a.b`, `constructor`. */
	key?: string;
	detail?: string;
};

/**
 * A pseudonymisation key the file carried, set aside: the workspace read from the file has none,
 * and the user chooses whether to adopt it. The salt of the older function is never adopted
 * (`key` absent): it only says that the file came with one.
 */
export type CarriedKey = { function: 'hmac-sha256'; key: string } | { function: Extract<PseudonymFunction, 'legacy-mix'> };

/**
 * What a browser keeps for a workspace outside the store (the dashboard's settings, its window
 * among them, and the target FCR of the friction points), carried by a file from version 3 when
 * the user keeps the settings in it. The dashboard settings are read by whoever adopts them
 * (`readDashboardSettings`), which falls back to its defaults for anything wrong.
 */
export interface FileSettings {
	dashboard?: unknown;
	/** Target FCR of the friction points, 0–1. */
	frictionTarget?: number;
}

export type WorkspaceFileResult =
	| {
			ok: true;
			content: WorkspaceContent;
			carriedKey?: CarriedKey;
			settings?: FileSettings;
			/** The contact and web logs the file carried (version 4), unchecked: `db/workspace-file-datasets.ts` reads them. */
			datasets?: unknown[];
	  }
	| { ok: false; error: WorkspaceFileError };

export interface SerializeOptions {
	/**
	 * Writes the workspace's pseudonymisation key into the file, so whoever opens it gives
	 * customers the same pseudonyms, and can test a guessed customer number. Only on the user's
	 * explicit choice. @default false
	 */
	includeKey?: boolean;
	/** Keeps the presentation deck (its slides, never figures). @default true */
	includeDeck?: boolean;
	/**
	 * Keeps the settings: the workspace's costs and currency, and `settings` (the dashboard's
	 * window and the target FCR kept in this browser). @default true
	 */
	includeSettings?: boolean;
	/** This browser's settings of the workspace, written when `includeSettings`. */
	settings?: FileSettings;
}

/**
 * Upgrades of older file versions, by the version they upgrade from: each returns the file at the
 * next version.
 */
const UPGRADES: Record<number, (file: Record<string, unknown>) => Record<string, unknown>> = {
	// Version 2 adds treatment guides and article feedback: a file of version 1 has none. (A
	// Parcours that reads version 1 only refuses a file of version 2 rather than drop its guides.)
	1: (file) => ({ ...file, guides: file.guides ?? [], feedback: file.feedback ?? [] }),
	// Version 3 may carry this browser's settings (`settings`); a file of version 2 has none, and
	// a Parcours that reads version 2 only refuses version 3 rather than drop them.
	2: (file) => file,
	// Version 4 may carry the contact and web logs (`datasets`); a file of version 3 has none, and
	// a Parcours that reads version 3 only refuses version 4 rather than drop them.
	3: (file) => file
};

/** Pretty JSON, so a file can be read and compared in a text editor. */
export function serializeWorkspace(content: WorkspaceContent, now: Date = new Date(), options: SerializeOptions = {}): string {
	return serializeWorkspaceParts(content, now, options).join('');
}

/**
 * The file as parts to concatenate (a `Blob`'s), with the datasets' parts, each dataset's JSON
 * given as its own parts (`db/workspace-file-datasets.ts`), so that a large log is never one
 * string in memory.
 */
export function serializeWorkspaceParts(
	content: WorkspaceContent,
	now: Date = new Date(),
	options: SerializeOptions = {},
	datasets: Iterable<string[]> = []
): string[] {
	const head = serializeModel(content, now, options);
	const parts: string[] = [];
	for (const dataset of datasets) parts.push(parts.length ? ',\n    ' : ',\n  "datasets": [\n    ', ...dataset);
	if (!parts.length) return [head];
	// The model's closing brace goes after the datasets.
	return [head.slice(0, -2), ...parts, '\n  ]\n}'];
}

function serializeModel(content: WorkspaceContent, now: Date, options: SerializeOptions): string {
	const { pseudonymKey, pseudonymSalt: _legacy, deck, costs, ...workspace } = content.workspace;
	const includeSettings = options.includeSettings ?? true;
	const settings = includeSettings && options.settings ? fileSettings(options.settings) : undefined;
	return JSON.stringify(
		{
			format: WORKSPACE_FILE_FORMAT,
			version: WORKSPACE_FILE_VERSION,
			exportedAt: now.toISOString(),
			...content,
			workspace: {
				...workspace,
				...(includeSettings && costs ? { costs } : {}),
				...((options.includeDeck ?? true) && deck ? { deck } : {}),
				...(options.includeKey && pseudonymKey ? { pseudonymKey } : {})
			},
			...(settings ? { settings } : {})
		},
		null,
		2
	);
}

/** The settings a file may carry, the rest dropped: a target outside 0–1 is no target. */
function fileSettings(value: unknown): FileSettings | undefined {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const { dashboard, frictionTarget } = value as Record<string, unknown>;
	const out: FileSettings = {};
	if (typeof dashboard === 'object' && dashboard !== null && !Array.isArray(dashboard)) out.dashboard = dashboard;
	if (typeof frictionTarget === 'number' && frictionTarget >= 0 && frictionTarget <= 1) out.frictionTarget = frictionTarget;
	return Object.keys(out).length ? out : undefined;
}

/**
 * The name of a workspace read from a file: its own, or, when a workspace of this browser already
 * has it (the file re-imported), that of a copy (`copyName`: "… (copie)"), again until it is free.
 */
export function importedName(name: string, taken: Iterable<string>, copyName: (name: string) => string): string {
	const names = new Set(taken);
	let out = name;
	for (let i = 0; names.has(out) && i < 100; i++) out = copyName(out);
	return out;
}

const BOM = '\uFEFF';

export function parseWorkspaceFile(text: string): WorkspaceFileResult {
	const fail = (error: WorkspaceFileError): WorkspaceFileResult => ({ ok: false, error });
	const body = text.startsWith(BOM) ? text.slice(BOM.length) : text;
	if (!body.trim()) return fail({ code: 'empty' });

	// Before anything recursive reads it (the cut-file check, the schemas): see json-nesting.ts.
	if (nestingBeyond(body) >= 0) return fail({ code: 'too-deep', detail: `nested more than ${MAX_JSON_NESTING} levels deep` });

	let data: unknown;
	try {
		data = JSON.parse(body);
	} catch (error) {
		const detail = error instanceof Error ? error.message : String(error);
		return fail({ code: endsEarly(body) ? 'truncated' : 'not-json', detail });
	}

	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		return fail({ code: 'not-workspace', detail: `the file holds ${Array.isArray(data) ? 'a list' : typeof data === 'object' ? 'null' : `a ${typeof data}`}, not a workspace` });
	}
	let file = data as Record<string, unknown>;
	if (file.format !== WORKSPACE_FILE_FORMAT) {
		return fail({
			code: 'not-workspace',
			detail: file.format === undefined ? 'it has no "format" field' : `its format is ${JSON.stringify(file.format)}`
		});
	}
	const version = file.version;
	if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
		return fail({ code: 'invalid', path: 'version', detail: `must be a whole number from 1, not ${JSON.stringify(version) ?? 'nothing'}` });
	}
	if (version > WORKSPACE_FILE_VERSION) return fail({ code: 'newer-version', version });
	for (let from = version; from < WORKSPACE_FILE_VERSION; from++) file = UPGRADES[from](file);

	// Before the schemas, which would drop a "__proto__" or "constructor" state without a word.
	for (const list of ['journeys', 'guides'] as const) {
		const machines = Array.isArray(file[list]) ? (file[list] as unknown[]) : [];
		for (let j = 0; j < machines.length; j++) {
			const bad = badStateKey((machines[j] as { machine?: unknown } | null)?.machine, `${list}[${j}].machine`);
			if (bad) return fail({ code: 'state-key', key: bad.key, path: bad.path, detail: stateKeyMessage(bad.key, bad.problem) });
		}
	}

	const { format: _format, version: _version, exportedAt: _exportedAt, settings: carriedSettings, datasets: carriedDatasets, ...rest } = file;
	if (carriedDatasets !== undefined && !Array.isArray(carriedDatasets)) {
		return fail({ code: 'invalid', path: 'datasets', detail: 'must be a list' });
	}
	const settings = fileSettings(carriedSettings);
	const parsed = v.safeParse(WorkspaceContentSchema, rest);
	if (!parsed.success) {
		const [first] = toIssues(parsed.issues);
		return fail({ code: 'invalid', path: first.path, detail: first.message });
	}
	const [reference] = checkContentReferences(parsed.output);
	if (reference) return fail({ code: 'invalid', path: reference.path, detail: reference.message });
	const { pseudonymKey, pseudonymSalt, ...workspace } = parsed.output.workspace;
	const content = { ...parsed.output, workspace };
	const withSettings = { ...(settings ? { settings } : {}), ...(carriedDatasets?.length ? { datasets: carriedDatasets as unknown[] } : {}) };
	if (pseudonymKey) return { ok: true, content, carriedKey: { function: 'hmac-sha256', key: pseudonymKey.toLowerCase() }, ...withSettings };
	if (pseudonymSalt !== undefined) return { ok: true, content, carriedKey: { function: 'legacy-mix' }, ...withSettings };
	return { ok: true, content, ...withSettings };
}

export function describeWorkspaceFileError(error: WorkspaceFileError): string {
	switch (error.code) {
		case 'empty':
			return 'The file is empty.';
		case 'not-json':
			return `The file is not a Parcours workspace file: it is not JSON${error.detail ? ` (${error.detail})` : ''}.`;
		case 'truncated':
			return 'The file ends too early: it was probably cut off while being copied or downloaded.';
		case 'too-deep':
			return `The file is not a Parcours workspace file: its arrays and objects are nested more than ${MAX_JSON_NESTING} levels deep, more than any workspace.`;
		case 'not-workspace':
			return `The file is not a Parcours workspace file${error.detail ? `: ${error.detail}` : ''}.`;
		case 'newer-version':
			return `The file is in workspace format version ${error.version ?? '?'}, newer than this Parcours reads (version ${WORKSPACE_FILE_VERSION}); open it with a newer Parcours.`;
		case 'state-key':
			return `The workspace file is not valid at ${error.path}: ${error.detail}`;
		case 'invalid':
			return `The workspace file is not valid at ${error.path || 'its top level'}${error.detail ? `: it ${error.detail}` : ''}.`;
	}
}

// ---------------------------------------------------------------- telling a cut file from garbage

/**
 * Whether the text is the beginning of some JSON document that was cut short: read as JSON, it
 * breaks only by running out of characters. Engines word their parse errors differently, so this
 * reads the text itself rather than the error message.
 */
export function endsEarly(text: string): boolean {
	const reader = new PrefixReader(text);
	try {
		reader.value();
		return false;
	} catch (stop) {
		if (stop === END) return true;
		if (stop === BROKEN) return false;
		throw stop;
	}
}

const END = Symbol('end of text');
const BROKEN = Symbol('not JSON');

class PrefixReader {
	#text: string;
	#at = 0;
	constructor(text: string) {
		this.#text = text;
	}
	#space(): void {
		while (this.#at < this.#text.length && ' \t\n\r'.includes(this.#text[this.#at])) this.#at++;
	}
	#peek(): string {
		this.#space();
		if (this.#at >= this.#text.length) throw END;
		return this.#text[this.#at];
	}
	#expect(char: string): void {
		if (this.#peek() !== char) throw BROKEN;
		this.#at++;
	}
	value(): void {
		const char = this.#peek();
		if (char === '{') return this.#object();
		if (char === '[') return this.#array();
		if (char === '"') return this.#string();
		if (char === '-' || (char >= '0' && char <= '9')) return this.#number();
		for (const word of ['true', 'false', 'null']) {
			if (word[0] === char) return this.#word(word);
		}
		throw BROKEN;
	}
	#object(): void {
		this.#expect('{');
		if (this.#peek() === '}') {
			this.#at++;
			return;
		}
		for (;;) {
			this.#string();
			this.#expect(':');
			this.value();
			const next = this.#peek();
			this.#at++;
			if (next === '}') return;
			if (next !== ',') throw BROKEN;
		}
	}
	#array(): void {
		this.#expect('[');
		if (this.#peek() === ']') {
			this.#at++;
			return;
		}
		for (;;) {
			this.value();
			const next = this.#peek();
			this.#at++;
			if (next === ']') return;
			if (next !== ',') throw BROKEN;
		}
	}
	#string(): void {
		this.#expect('"');
		for (;;) {
			if (this.#at >= this.#text.length) throw END;
			const char = this.#text[this.#at++];
			if (char === '"') return;
			if (char === '\\') {
				if (this.#at >= this.#text.length) throw END;
				const escaped = this.#text[this.#at++];
				if (escaped === 'u') {
					for (let i = 0; i < 4; i++) {
						if (this.#at >= this.#text.length) throw END;
						if (!/[0-9a-fA-F]/.test(this.#text[this.#at++])) throw BROKEN;
					}
				} else if (!'"\\/bfnrt'.includes(escaped)) throw BROKEN;
			} else if (char < ' ') throw BROKEN;
		}
	}
	#number(): void {
		// Digits, sign, point and exponent; a number at the very end may have been cut.
		const start = this.#at;
		while (this.#at < this.#text.length && /[-+0-9.eE]/.test(this.#text[this.#at])) this.#at++;
		const number = this.#text.slice(start, this.#at);
		if (this.#at >= this.#text.length) throw END;
		if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/.test(number)) throw BROKEN;
	}
	#word(word: string): void {
		for (const char of word) {
			if (this.#at >= this.#text.length) throw END;
			if (this.#text[this.#at++] !== char) throw BROKEN;
		}
	}
}
