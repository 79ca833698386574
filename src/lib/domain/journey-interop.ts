/**
 * Journeys in and out of Parcours: the plain XState machine JSON (what `createMachine` accepts,
 * CX metadata in `meta`, so a journey opens in Stately Studio or in code), the same JSON read
 * back, and a Mermaid `stateDiagram-v2` for documents.
 *
 * An import either gives a whole journey or nothing: a config using what Parcours does not draw
 * (parallel or history states, eventless or delayed transitions, actors, actions, guards) is
 * refused with the list of those features and where they are. Keys Parcours has no use for
 * (a Stately `version`, an editor's extras) are dropped without complaint.
 */
import { JsonNestingError, parseJson } from './json-nesting';
import * as v from 'valibot';
import { BREAKING_ISSUES, stateKeyMessage, stateKeyProblem, transitionsOf, type JourneyIssue } from './journey';
import { StateMetaSchema, TransitionMetaSchema } from './schemas';
import type {
	JourneyMachineConfig,
	JourneyStateNode,
	JourneyTransition,
	Locale,
	LocalizedText,
	StateMeta
} from './types';
import { errorMessage } from './guards';

// ---------------------------------------------------------------- export

/** The machine config as JSON, indented for people to read and diff. */
export function exportMachineJson(machine: JourneyMachineConfig): string {
	return `${JSON.stringify(machine, null, 2)}\n`;
}

// ---------------------------------------------------------------- import

export type ImportProblemCode =
	/** The text is not JSON. */
	| 'not-json'
	/** The text nests arrays and objects deeper than any machine (`MAX_JSON_NESTING`). */
	| 'too-deep'
	/** Not an object with `states`, a state that is not an object, a key with a dot… */
	| 'shape'
	/** A feature of XState that Parcours does not draw. */
	| 'unsupported'
	/** A state key with a dot, or named like a property of every object (`constructor`): `key`. */
	| 'state-key'
	/** A `meta` field with a value Parcours does not know (a channel, an emotion out of range…). */
	| 'meta';

export interface ImportProblem {
	code: ImportProblemCode;
	/** Where, as a path in the config: `states.billing.states.pay.on["bill.pay"]`; '' for the whole. */
	where: string;
	/** The feature, for `unsupported` (`type: 'parallel'`, `always`, `guard`…). */
	feature?: string;
	/** The state key, for `state-key`. */
	key?: string;
	/** One English sentence; the interface translates by `code` and shows `feature` and `where`. */
	message: string;
}

export type ImportResult =
	| { ok: true; machine: JourneyMachineConfig }
	| { ok: false; problems: ImportProblem[] };

const STATE_FEATURES = ['always', 'after', 'invoke', 'entry', 'exit', 'onDone', 'onError'] as const;
const TRANSITION_FEATURES = ['guard', 'cond', 'actions', 'in'] as const;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function at(where: string, key: string): string {
	return /^[A-Za-z_$][\w$]*$/.test(key) ? (where ? `${where}.${key}` : key) : `${where}[${JSON.stringify(key)}]`;
}

function defaultLabel(key: string): LocalizedText {
	return { fr: key, en: key };
}

/** Reads a label written as text, as `{ fr, en }`, or as one language only. */
function readLabel(value: unknown, key: string): LocalizedText {
	if (typeof value === 'string' && value.trim()) return { fr: value, en: value };
	if (isObject(value)) {
		const fr = typeof value.fr === 'string' ? value.fr : '';
		const en = typeof value.en === 'string' ? value.en : '';
		// An English side left empty stays so (it shows the French), as Parcours saved it.
		if (fr || en) return { fr: fr || en, en };
	}
	return defaultLabel(key);
}

/**
 * Reads a machine config written for XState v5 (by Parcours, Stately Studio or by hand).
 * Missing `meta` is filled in: a top-level state is a stage, a deeper one a step, the label is
 * the key; a state's `description` becomes its notes.
 */
export function importMachineJson(text: string): ImportResult {
	let data: unknown;
	try {
		data = parseJson(text);
	} catch (error) {
		if (error instanceof JsonNestingError) {
			return { ok: false, problems: [{ code: 'too-deep', where: '', message: `The file is not a machine: ${error.message}.` }] };
		}
		return {
			ok: false,
			problems: [{ code: 'not-json', where: '', message: `The file is not JSON: ${errorMessage(error)}` }]
		};
	}
	return importMachine(data);
}

/** An import read whole and then checked: refused with the read's problems, or else with the checks'. */
export type CheckedImportResult<I> =
	| { ok: true; machine: JourneyMachineConfig }
	| { ok: false; problems: ImportProblem[]; issues: I[] };

/**
 * As `importMachineJson`, then the checks the editor runs (`validateJourney`, or a guide's): a
 * machine with a breaking issue (`BREAKING_ISSUES`) is refused, so an import never replaces a
 * journey that can be walked by one that cannot. A journey still being drawn (a dead end, an
 * unreachable step), as Parcours saves and exports it, is taken.
 */
export function importCheckedMachineJson<I extends { code: string } = JourneyIssue>(
	text: string,
	check: (machine: JourneyMachineConfig) => I[]
): CheckedImportResult<I> {
	const result = importMachineJson(text);
	if (!result.ok) return { ...result, issues: [] };
	const issues = check(result.machine).filter((issue) => BREAKING_ISSUES.has(issue.code));
	return issues.length ? { ok: false, problems: [], issues } : result;
}

/** As `importMachineJson`, from parsed JSON. */
export function importMachine(data: unknown): ImportResult {
	const problems: ImportProblem[] = [];
	const shape = (where: string, message: string) => problems.push({ code: 'shape', where, message });
	const unsupported = (where: string, feature: string, message: string) =>
		problems.push({ code: 'unsupported', where, feature, message });
	const usableKey = (key: string, where: string): boolean => {
		const problem = stateKeyProblem(key);
		if (problem) problems.push({ code: 'state-key', where, key, message: stateKeyMessage(key, problem) });
		return !problem;
	};

	// Some tools wrap the config: `{ "machine": {…} }`.
	if (isObject(data) && !('states' in data) && isObject(data.machine)) data = data.machine;
	if (!isObject(data) || !isObject(data.states)) {
		shape('', 'A machine config is an object with `states`.');
		return { ok: false, problems };
	}

	const readTransition = (value: unknown, where: string): JourneyTransition | undefined => {
		if (typeof value === 'string') return value ? { target: value } : undefined;
		if (!isObject(value)) {
			shape(where, 'A transition is a target or an object with `target`.');
			return undefined;
		}
		for (const feature of TRANSITION_FEATURES) {
			if (feature in value) unsupported(where, feature, `Transitions with \`${feature}\` are not drawn by Parcours.`);
		}
		let target = value.target;
		if (Array.isArray(target)) {
			if (target.length !== 1) {
				unsupported(where, 'multiple targets', 'A transition to several states at once needs parallel states.');
				return undefined;
			}
			target = target[0];
		}
		if (typeof target !== 'string' || !target) {
			unsupported(where, 'targetless transition', 'A transition without a target (an action only) is not drawn by Parcours.');
			return undefined;
		}
		const transition: JourneyTransition = { target };
		if (value.meta !== undefined) {
			const raw = isObject(value.meta) ? value.meta : {};
			const meta = { ...raw, label: readLabel(raw.label ?? value.description, '') };
			const parsed = v.safeParse(TransitionMetaSchema, meta);
			if (parsed.success) transition.meta = { ...parsed.output, label: meta.label };
			else problems.push({ code: 'meta', where: `${where}.meta`, message: parsed.issues[0].message });
		} else if (typeof value.description === 'string' && value.description) {
			transition.meta = { label: readLabel(value.description, '') };
		}
		return transition;
	};

	const readState = (value: unknown, key: string, where: string, depth: number): JourneyStateNode | undefined => {
		if (!isObject(value)) {
			shape(where, 'A state is an object.');
			return undefined;
		}
		if (value.type === 'parallel' || value.type === 'history') {
			unsupported(where, `type: '${value.type}'`, `${value.type === 'parallel' ? 'Parallel' : 'History'} states are not drawn by Parcours.`);
		} else if (value.type !== undefined && value.type !== 'final' && value.type !== 'atomic' && value.type !== 'compound') {
			shape(`${where}.type`, `Unknown state type ${JSON.stringify(value.type)}.`);
		}
		for (const feature of STATE_FEATURES) {
			if (feature in value) unsupported(where, feature, `\`${feature}\` is not drawn by Parcours.`);
		}

		const node: JourneyStateNode = { meta: readMeta(value, key, `${where}.meta`, depth) };
		if (value.type === 'final') node.type = 'final';
		if (value.states !== undefined) {
			if (!isObject(value.states)) shape(`${where}.states`, '`states` is an object of states.');
			else if (Object.keys(value.states).length > 0) {
				node.states = {};
				for (const [childKey, child] of Object.entries(value.states)) {
					if (!usableKey(childKey, at(`${where}.states`, childKey))) continue;
					const state = readState(child, childKey, at(`${where}.states`, childKey), depth + 1);
					if (state) node.states[childKey] = state;
				}
				const initial = typeof value.initial === 'string' ? value.initial : Object.keys(value.states)[0];
				node.initial = initial;
			}
		}
		if (value.on !== undefined) {
			if (!isObject(value.on)) shape(`${where}.on`, '`on` maps event names to transitions.');
			else {
				const on: NonNullable<JourneyStateNode['on']> = {};
				for (const [event, raw] of Object.entries(value.on)) {
					const eventWhere = at(`${where}.on`, event);
					if (event === '*' || event.endsWith('.*')) unsupported(eventWhere, 'wildcard event', 'Wildcard events are not drawn by Parcours.');
					const list = (Array.isArray(raw) ? raw : [raw])
						.map((t, i) => readTransition(t, Array.isArray(raw) ? `${eventWhere}[${i}]` : eventWhere))
						.filter((t): t is JourneyTransition => !!t);
					if (list.length) on[event] = list.length === 1 ? list[0] : list;
				}
				if (Object.keys(on).length) node.on = on;
			}
		}
		return node;
	};

	const readMeta = (value: Json, key: string, where: string, depth: number): StateMeta => {
		const raw = isObject(value.meta) ? value.meta : {};
		const meta: Json = {
			...raw,
			kind: raw.kind ?? (depth === 0 ? 'stage' : 'step'),
			label: readLabel(raw.label, key)
		};
		if (meta.notes === undefined && typeof value.description === 'string' && value.description) meta.notes = value.description;
		const parsed = v.safeParse(StateMetaSchema, meta);
		if (parsed.success) return parsed.output;
		for (const issue of parsed.issues) {
			const field = issue.path?.map((p) => String(p.key)).join('.') ?? '';
			problems.push({ code: 'meta', where: field ? `${where}.${field}` : where, message: issue.message });
		}
		return { kind: 'step', label: defaultLabel(key) };
	};

	if (data.type === 'parallel') unsupported('', "type: 'parallel'", 'Parallel states are not drawn by Parcours.');
	for (const feature of STATE_FEATURES) {
		if (feature in data) unsupported('', feature, `\`${feature}\` is not drawn by Parcours.`);
	}
	const states: Record<string, JourneyStateNode> = {};
	for (const [key, value] of Object.entries(data.states)) {
		if (!usableKey(key, at('states', key))) continue;
		const state = readState(value, key, at('states', key), 0);
		if (state) states[key] = state;
	}
	const machine: JourneyMachineConfig = {
		id: typeof data.id === 'string' && data.id && !data.id.includes('.') ? data.id : 'journey',
		initial: typeof data.initial === 'string' ? data.initial : (Object.keys(states)[0] ?? ''),
		states
	};
	if (isObject(data.meta) && data.meta.label !== undefined) machine.meta = { label: readLabel(data.meta.label, machine.id) };
	if (isObject(data.meta) && Array.isArray(data.meta.stageOrder)) {
		const stageOrder = data.meta.stageOrder.filter((key): key is string => typeof key === 'string' && Object.hasOwn(states, key));
		if (stageOrder.length) machine.meta = { ...machine.meta, stageOrder };
	}
	if (problems.length) return { ok: false, problems };
	return { ok: true, machine };
}

// ---------------------------------------------------------------- Mermaid

/** A Mermaid id for a state path: dots become `__`, other signs `_`. */
function mermaidId(path: string): string {
	return path.replace(/\./g, '__').replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * Mermaid's entity codes (`#quot;`, or `#` and a decimal code point, then `;`): Mermaid turns them
 * into HTML character references after parsing, so the character is shown and never read.
 */
const MERMAID_ENTITIES: Record<string, string> = {
	'"': '#quot;',
	'<': '#lt;',
	'>': '#gt;',
	'&': '#amp;',
	'#': '#35;',
	'%': '#37;',
	':': '#58;',
	';': '#59;',
	'{': '#123;',
	'}': '#125;',
	'`': '#96;'
};

/**
 * A label Mermaid shows as written and never reads as syntax or markup: on one line, and its
 * quotes (which would close the state's description), `;` (which ends a statement), `%%` (a
 * comment or an `init` directive), braces, `:` and the HTML of `<`, `>`, `&` as entity codes.
 */
function mermaidText(text: string): string {
	return text
		.replace(/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
		.trim()
		.replace(/["<>&#%:;{}`]/g, (c) => MERMAID_ENTITIES[c]);
}

function pick(text: LocalizedText | undefined, locale: Locale, fallback: string): string {
	return mermaidText((text && (text[locale] || text.fr || text.en)) || fallback) || fallback;
}

/**
 * The journey as a Mermaid state diagram: stages as composite states holding their steps,
 * `[*] -->` into each start and out of each end, arrows labelled with the customer's actions.
 */
export function exportMermaid(machine: JourneyMachineConfig, locale: Locale = 'fr'): string {
	const lines = ['stateDiagram-v2', '    direction LR'];
	const visit = (states: Record<string, JourneyStateNode>, prefix: string, initial: string, indent: string) => {
		if (initial && states[initial]) lines.push(`${indent}[*] --> ${mermaidId(prefix ? `${prefix}.${initial}` : initial)}`);
		for (const [key, state] of Object.entries(states)) {
			const path = prefix ? `${prefix}.${key}` : key;
			const id = mermaidId(path);
			lines.push(`${indent}state "${pick(state.meta?.label, locale, key)}" as ${id}`);
			if (state.states && Object.keys(state.states).length > 0) {
				lines.push(`${indent}state ${id} {`);
				visit(state.states, path, state.initial ?? '', `${indent}    `);
				lines.push(`${indent}}`);
			}
			if (state.type === 'final') lines.push(`${indent}${id} --> [*]`);
		}
	};
	visit(machine.states, '', machine.initial, '    ');
	for (const t of transitionsOf(machine)) {
		const label = pick(t.meta?.label, locale, t.event);
		lines.push(`    ${mermaidId(t.source)} --> ${mermaidId(t.target)} : ${label}`);
	}
	return `${lines.join('\n')}\n`;
}
