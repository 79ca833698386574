/**
 * Fuzzing the "open a workspace file" path: real workspace files (the demo workspace's export, the
 * test factories' content) mutated at random — fields deleted, duplicated or retyped, deep nesting,
 * huge strings, prototype keys, invalid regular expressions, bad dates, cut or garbled text — go
 * through the importer as the home page runs it (`parseWorkspaceFile`, then
 * `workspaceRepo.importContent` on an in-memory IndexedDB). It must always answer: the content, or a
 * refusal (an error code, a `ValidationError`, a `StoreError`), never an uncaught exception; and a
 * refused file leaves the store exactly as it was.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDemoWorkspace } from '$lib/domain/demo';
import { ValidationError } from '$lib/domain/issues';
import { content } from '$lib/domain/test-factories';
import { describeWorkspaceFileError, parseWorkspaceFile, serializeWorkspace } from '$lib/domain/workspace-file';
import { StoreError } from './errors';
import { freshStore } from './test-store';

/** Runs of the property: a few seconds on a laptop. */
const NUM_RUNS = 100;
const NOW = new Date('2026-07-01T00:00:00Z');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const BASES: string[] = [serializeWorkspace(createDemoWorkspace(NOW), NOW), serializeWorkspace(content(), NOW)];

/** Every place in a JSON value: the path of keys and indexes to it. */
function places(value: Json, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
	out.push(path);
	if (Array.isArray(value)) value.forEach((item, i) => places(item, [...path, i], out));
	else if (value && typeof value === 'object') for (const key of Object.keys(value)) places(value[key], [...path, key], out);
	return out;
}

function parentOf(root: Json, path: (string | number)[]): Json {
	let node = root;
	for (const step of path.slice(0, -1)) node = (node as Record<string | number, Json>)[step];
	return node;
}

/** Sets a key as an own property, even `__proto__`. */
function define(target: object, key: string | number, value: Json): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

type Mutation =
	| { kind: 'delete' | 'duplicate'; at: number }
	| { kind: 'retype'; at: number; value: Json }
	| { kind: 'deep'; at: number; depth: number }
	| { kind: 'huge'; at: number; length: number }
	| { kind: 'proto-key'; at: number; key: string; value: Json }
	| { kind: 'regex'; at: number; pattern: string }
	| { kind: 'date'; at: number; date: string }
	| { kind: 'cut'; at: number }
	| { kind: 'garble'; at: number; text: string };

const anyJson: fc.Arbitrary<Json> = fc.oneof(
	fc.constant(null),
	fc.boolean(),
	fc.double(),
	fc.integer(),
	fc.string(),
	fc.constant([] as Json[]),
	fc.constant({} as Record<string, Json>),
	fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.nat() }),
	fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), value: anyJson }),
	fc.record({ kind: fc.constant('deep' as const), at: fc.nat(), depth: fc.integer({ min: 50, max: 20_000 }) }),
	fc.record({ kind: fc.constant('huge' as const), at: fc.nat(), length: fc.integer({ min: 100_000, max: 1_000_000 }) }),
	fc.record({
		kind: fc.constant('proto-key' as const),
		at: fc.nat(),
		key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'a.b'),
		value: anyJson
	}),
	fc.record({
		kind: fc.constant('regex' as const),
		at: fc.nat(),
		pattern: fc.constantFrom('^([a-z/-]+)+X$', '(', '(a)\\1', '(?<=x)y', '[', '*', '', '(?=a)', '\\')
	}),
	fc.record({
		kind: fc.constant('date' as const),
		at: fc.nat(),
		date: fc.constantFrom('', 'yesterday', '2026-13-45', '2026-02-30T25:61:00Z', '0000-00-00', '+275760-09-13T00:00:00.001Z', 'NaN')
	}),
	fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
	fc.record({ kind: fc.constant('garble' as const), at: fc.nat(), text: fc.string({ maxLength: 8 }) })
);

/** The base file with the mutations applied, as text. */
function mutate(base: string, mutations: Mutation[]): string {
	const root = JSON.parse(base) as Json;
	let text: string | null = null;
	let deepAt: { path: (string | number)[]; depth: number } | null = null;
	for (const m of mutations) {
		const all = places(root).filter((p) => p.length > 0);
		const path = all[m.at % all.length];
		const parent = parentOf(root, path) as Record<string | number, Json>;
		const key = path[path.length - 1];
		switch (m.kind) {
			case 'delete':
				if (Array.isArray(parent)) parent.splice(key as number, 1);
				else delete parent[key];
				break;
			case 'duplicate':
				if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(parent[key as number]));
				else define(parent, `${key}`, structuredClone(parent[key]));
				break;
			case 'retype':
				define(parent, key, m.value);
				break;
			case 'deep':
				deepAt = { path, depth: m.depth };
				define(parent, key, '__DEEP__');
				break;
			case 'huge':
				define(parent, key, 'x'.repeat(m.length));
				break;
			case 'proto-key': {
				// On the object itself, or as a state key of a journey (where names matter most).
				const machines = places(root).filter((p) => p[p.length - 1] === 'states');
				const target = machines.length && m.at % 2 ? (parentOf(root, [...machines[m.at % machines.length], 'x']) as object) : (parent as object);
				if (typeof target === 'object' && target !== null && !Array.isArray(target)) define(target, m.key, m.value);
				break;
			}
			case 'regex': {
				const pages = places(root).filter((p) => p[p.length - 1] === 'page');
				if (pages.length) {
					const at = pages[m.at % pages.length];
					const match = parentOf(root, at) as Record<string, Json>;
					match.page = m.pattern;
					match.syntax = 'regex';
				}
				break;
			}
			case 'date': {
				const dates = places(root).filter((p) => /At$|date|review|from|to/i.test(String(p[p.length - 1])));
				if (dates.length) {
					const at = dates[m.at % dates.length];
					define(parentOf(root, at) as object, at[at.length - 1], m.date);
				}
				break;
			}
			case 'cut':
			case 'garble':
				text ??= '';
				break;
		}
	}
	let out = JSON.stringify(root, null, 2);
	if (deepAt) out = out.replace('"__DEEP__"', '['.repeat(deepAt.depth) + ']'.repeat(deepAt.depth));
	if (text !== null) {
		for (const m of mutations) {
			if (m.kind === 'cut') out = out.slice(0, m.at % (out.length + 1));
			if (m.kind === 'garble') {
				const at = m.at % (out.length + 1);
				out = out.slice(0, at) + m.text + out.slice(at + m.text.length);
			}
		}
	}
	return out;
}

/** Every row of every table, to compare the store before and after. */
async function dump(db: ReturnType<typeof freshStore>['db']): Promise<Record<string, unknown[]>> {
	const out: Record<string, unknown[]> = {};
	for (const table of db.tables) out[table.name] = await table.toArray();
	return out;
}

describe('opening a mutated workspace file', () => {
	it(`always answers, and a refused file changes nothing (property, ${NUM_RUNS} runs)`, async () => {
		const store = freshStore();
		await store.workspaceRepo.importContent(content());
		let refused = 0;
		let accepted = 0;
		await fc.assert(
			fc.asyncProperty(fc.nat({ max: BASES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (base, mutations) => {
				const text = mutate(BASES[base], mutations);
				const before = await dump(store.db);
				// The home page's path: parse, then import; anything thrown but a refusal fails the property.
				const parsed = parseWorkspaceFile(text);
				if (!parsed.ok) {
					expect(describeWorkspaceFileError(parsed.error)).toMatch(/\.$/);
					refused++;
				} else {
					try {
						await store.workspaceRepo.importContent(parsed.content);
						accepted++;
						return;
					} catch (error) {
						if (!(error instanceof ValidationError) && !(error instanceof StoreError)) throw error;
						refused++;
					}
				}
				expect(await dump(store.db)).toEqual(before);
			}),
			{ numRuns: NUM_RUNS }
		);
		// Both outcomes happen, or the mutations test nothing.
		expect(refused).toBeGreaterThan(NUM_RUNS / 4);
		expect(accepted).toBeGreaterThan(0);
	}, 60_000);
});
