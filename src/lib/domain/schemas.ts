/**
 * Valibot schemas for every entity of the domain model, and the validation functions built on
 * them. A schema checks one entity on its own (shape, blank texts, ranges); the workspace-level
 * checks (references between entities, the theme tree, ids) are in `validateWorkspaceContent`.
 *
 * What the store accepts and what a workspace file may contain are the same rules, so a workspace
 * that was saved can always be exported and imported again.
 */
import * as v from 'valibot';
import { formatPath, type Issue, type IssueCode } from './issues';
import { guideCatalogue, guideReferenceProblems } from './guide';
import { stateKeyProblem } from './journey';
import { canonicalTimeZone } from './time-zone';
import { VIEW_KINDS } from './views';
import {
	ACTION_HORIZONS,
	ACTION_LEVERS,
	ACTION_STATUSES,
	CHANNELS,
	CONTENT_STATUSES,
	CURRENCIES,
	FEEDBACK_VERDICTS,
	GUIDE_OUTCOMES,
	SOURCE_KINDS,
	STATE_KINDS,
	TOUCHPOINT_TYPES,
	TREATMENT_LEVELS,
	type Action,
	type ArticleFeedback,
	type Emotion,
	type Guide,
	type GuideMachineConfig,
	type Id,
	type InformationSource,
	type Journey,
	type JourneyMachineConfig,
	type JourneyStateNode,
	type KnowledgeArticle,
	type MappingRule,
	type Motive,
	type StateMeta,
	type Theme,
	type Workspace,
	type WorkspaceContent
} from './types';

// ---------------------------------------------------------------- building blocks

/**
 * Custom checks carry their issue code as their message; `toIssues` turns it back into a code and
 * an English sentence.
 */
const check = <T>(requirement: (input: T) => boolean, code: IssueCode) =>
	v.check<T, IssueCode>(requirement, code);

const text = v.string();
/** A text that must say something (not empty once trimmed). */
const filledText = v.pipe(
	v.string(),
	check((s: string) => s.trim() !== '', 'empty')
);
const id = filledText;
const isoDate = v.string();
const finiteNumber = v.pipe(v.number(), v.finite());
const share = v.pipe(v.number(), v.minValue(0), v.maxValue(1));

/**
 * A name in French, with its English version when someone wrote one: an empty English side is
 * shown as the French (`localized`), never filled with a copy that would go stale.
 */
export const LocalizedTextSchema = v.object({ fr: filledText, en: text });
/** A localized text that may be left empty (a transition's label: its event names it already). */
const optionalLocalizedText = v.object({ fr: text, en: text });

// ---------------------------------------------------------------- workspace

const SavedViewFields = v.object({
	id,
	kind: v.picklist(VIEW_KINDS),
	title: v.string(),
	top: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
	target: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
	journeyId: v.optional(id),
	/** The slide's key message; decks saved before it have none. */
	note: v.optional(v.string())
});
/** A slide of the deck (`views.ts`): what it shows, never the figures. A journey slide names its journey. */
const SavedViewSchema = v.pipe(
	SavedViewFields,
	check((view: v.InferOutput<typeof SavedViewFields>) => view.kind !== 'journey' || view.journeyId !== undefined, 'required')
);

export const WorkspaceSchema = v.object({
	id,
	name: filledText,
	description: text,
	createdAt: isoDate,
	updatedAt: isoDate,
	isDemo: v.optional(v.boolean()),
	pseudonymSalt: v.optional(v.string()),
	pseudonymKey: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/i, 'is not a key of 256 bits written in hex'))),
	costs: v.optional(
		v.object({
			currency: v.picklist(CURRENCIES),
			costPerChannel: v.record(v.string(), v.pipe(v.number(), v.finite(), v.minValue(0)))
		})
	),
	timeZone: v.optional(
		v.pipe(
			v.string(),
			// Any name the platform knows: browsers spell some zones differently (Asia/Kolkata,
			// Asia/Calcutta), so a file written in one must open in another.
			v.check((name) => canonicalTimeZone(name) !== null, 'Expected an IANA time zone name, such as Europe/Paris')
		)
	),
	deck: v.optional(v.array(SavedViewSchema))
});

// ---------------------------------------------------------------- journeys

export const StateMetaSchema = v.object({
	kind: v.picklist(STATE_KINDS),
	label: LocalizedTextSchema,
	channel: v.optional(v.picklist(CHANNELS)),
	touchpoint: v.optional(v.picklist(TOUCHPOINT_TYPES)),
	ownerTeam: v.optional(v.string()),
	emotion: v.optional(
		v.pipe(
			v.number(),
			v.integer(),
			v.minValue(-2),
			v.maxValue(2),
			// An identity step that narrows the checked number to the `Emotion` type.
			v.transform((n) => n as Emotion)
		)
	),
	expectedMotives: v.optional(v.array(id)),
	notes: v.optional(v.string())
});

export const TransitionMetaSchema = v.object({
	label: optionalLocalizedText,
	share: v.optional(share)
});

export const JourneyTransitionSchema = v.object({
	target: filledText,
	meta: v.optional(TransitionMetaSchema)
});

/**
 * A state key: no dot, not the name of a property every object has (see `stateKeyProblem`); the
 * issue's path names the key. (`__proto__`, `constructor` and `prototype` never get here: valibot
 * drops them, so files are checked before, by `badStateKey`.)
 */
const StateKeySchema = v.pipe(
	v.string(),
	v.check((key) => stateKeyProblem(key) === null, 'not-allowed' satisfies IssueCode)
);

/**
 * The schemas of a machine whose states carry `meta` of the given schema: journeys and guides are
 * the same machines (one editor, one set of checks), their states' metadata apart.
 */
function machineSchemas<M extends StateMeta>(metaSchema: v.GenericSchema<unknown, M>) {
	// Recursive: the annotation is what lets TypeScript type the lazy reference.
	const node: v.GenericSchema<unknown, JourneyStateNode<M>> = v.object({
		type: v.optional(v.literal('final')),
		initial: v.optional(v.string()),
		states: v.optional(v.record(StateKeySchema, v.lazy(() => node))),
		on: v.optional(
			v.record(
				v.string(),
				v.union([JourneyTransitionSchema, v.array(JourneyTransitionSchema)])
			)
		),
		meta: metaSchema
	});
	const machine = v.object({
		id: filledText,
		initial: v.string(),
		states: v.record(StateKeySchema, node),
		// `stageOrder`: the phases' order on the map (top-level state keys).
		meta: v.optional(v.object({ label: v.optional(LocalizedTextSchema), stageOrder: v.optional(v.array(StateKeySchema)) }))
	});
	return { node, machine };
}

const journeyMachine = machineSchemas(StateMetaSchema);
export const JourneyStateNodeSchema = journeyMachine.node;
export const JourneyMachineConfigSchema = journeyMachine.machine;

export const JourneySchema = v.object({
	id,
	workspaceId: id,
	name: LocalizedTextSchema,
	description: text,
	machine: JourneyMachineConfigSchema,
	updatedAt: isoDate
});

// ---------------------------------------------------------------- treatment guides

export const GuideStepSchema = v.variant('kind', [
	v.object({ kind: v.literal('question'), text: LocalizedTextSchema }),
	v.object({ kind: v.literal('check'), sourceId: id, lookFor: text }),
	v.object({ kind: v.literal('action'), system: filledText, instruction: text }),
	v.object({ kind: v.literal('article'), articleId: id }),
	v.object({ kind: v.literal('outcome'), outcome: v.picklist(GUIDE_OUTCOMES), team: v.optional(v.string()) })
]);

export const GuideStateMetaSchema = v.object({ ...StateMetaSchema.entries, step: v.optional(GuideStepSchema) });

const guideMachine = machineSchemas(GuideStateMetaSchema);
export const GuideMachineConfigSchema = guideMachine.machine;

/** A journey's entity with its motive, and steps in its states' metadata. */
export const GuideSchema = v.object({ ...JourneySchema.entries, motiveId: id, machine: GuideMachineConfigSchema });

// ---------------------------------------------------------------- motives

export const ThemeSchema = v.object({
	id,
	workspaceId: id,
	parentId: v.nullable(id),
	label: LocalizedTextSchema,
	order: finiteNumber
});

export const StateRefSchema = v.object({ journeyId: id, stateId: filledText });

export const MotiveSchema = v.object({
	id,
	workspaceId: id,
	themeId: id,
	label: LocalizedTextSchema,
	description: text,
	crmCodes: v.array(v.string()),
	synonyms: v.optional(v.array(v.string())),
	prevalence: v.optional(share),
	treatment: v.object({
		level: v.picklist(TREATMENT_LEVELS),
		team: text,
		procedure: text,
		expectedDelay: v.optional(text),
		nextStep: v.optional(text)
	}),
	complex: v.boolean(),
	sourceIds: v.array(id),
	articleIds: v.array(id),
	systemRecording: text,
	dataFlows: text,
	journeyStates: v.array(StateRefSchema),
	owner: text,
	lastReview: v.optional(isoDate)
});

// ---------------------------------------------------------------- knowledge

const reviewIntervalDays = v.pipe(v.number(), v.finite(), v.gtValue(0));

export const InformationSourceSchema = v.object({
	id,
	workspaceId: id,
	name: filledText,
	kind: v.picklist(SOURCE_KINDS),
	description: text,
	owner: text,
	url: v.optional(v.string()),
	reviewIntervalDays,
	lastReview: v.optional(isoDate),
	status: v.picklist(CONTENT_STATUSES)
});

export const KnowledgeArticleSchema = v.object({
	id,
	workspaceId: id,
	title: filledText,
	body: text,
	owner: text,
	reviewIntervalDays,
	lastReview: v.optional(isoDate),
	status: v.picklist(CONTENT_STATUSES),
	tags: v.array(v.string())
});

export const ArticleFeedbackSchema = v.object({
	id,
	workspaceId: id,
	articleId: id,
	verdict: v.picklist(FEEDBACK_VERDICTS),
	comment: text,
	author: v.optional(v.string()),
	createdAt: isoDate
});

// ---------------------------------------------------------------- overlay and actions

const ruleEntries = {
	id,
	workspaceId: id,
	journeyId: id,
	order: finiteNumber,
	stateId: filledText,
	label: v.optional(v.string())
};

export const MappingRuleSchema = v.variant('kind', [
	v.object({
		...ruleEntries,
		kind: v.literal('contact'),
		match: v.object({
			channel: v.optional(v.string()),
			motive: v.optional(v.string()),
			category: v.optional(v.string())
		})
	}),
	v.object({
		...ruleEntries,
		kind: v.literal('web'),
		match: v.object({ page: filledText, syntax: v.picklist(['glob', 'regex']) })
	})
]);

export const ActionSchema = v.object({
	id,
	workspaceId: id,
	title: filledText,
	description: text,
	lever: v.picklist(ACTION_LEVERS),
	horizon: v.picklist(ACTION_HORIZONS),
	owner: text,
	dueDate: v.optional(isoDate),
	status: v.picklist(ACTION_STATUSES),
	expectedGain: v.optional(finiteNumber),
	motiveIds: v.array(id),
	states: v.array(StateRefSchema),
	articleIds: v.array(id),
	frictionKey: v.optional(v.string()),
	triggerKey: v.optional(v.string())
});

export const WorkspaceContentSchema = v.object({
	workspace: WorkspaceSchema,
	journeys: v.array(JourneySchema),
	themes: v.array(ThemeSchema),
	motives: v.array(MotiveSchema),
	sources: v.array(InformationSourceSchema),
	articles: v.array(KnowledgeArticleSchema),
	rules: v.array(MappingRuleSchema),
	actions: v.array(ActionSchema),
	// Absent in files written before guides and feedback: read as none.
	guides: v.optional(v.array(GuideSchema), () => []),
	feedback: v.optional(v.array(ArticleFeedbackSchema), () => [])
});

// ---------------------------------------------------------------- issues

const SCHEMA_TYPES = new Set([
	'string',
	'number',
	'boolean',
	'object',
	'array',
	'record',
	'nullable',
	'null',
	'lazy',
	'finite'
]);

const MESSAGES: Record<IssueCode, string> = {
	required: 'is required',
	'wrong-type': 'has the wrong type',
	empty: 'must not be empty',
	'out-of-range': 'is out of range',
	'not-integer': 'must be a whole number',
	'not-allowed': 'is not one of the allowed values',
	'missing-reference': 'refers to something that does not exist',
	'wrong-workspace': 'belongs to another workspace',
	'too-deep': 'is nested too deep',
	'duplicate-id': 'repeats an id already used',
	'not-found': 'does not exist',
	'in-use': 'is still in use',
	invalid: 'is not valid'
};

function describeIssue(code: IssueCode, issue: v.BaseIssue<unknown>): string {
	switch (issue.type) {
		case 'min_value':
			return `must be at least ${String(issue.requirement)}`;
		case 'max_value':
			return `must be at most ${String(issue.requirement)}`;
		case 'gt_value':
			return `must be greater than ${String(issue.requirement)}`;
		case 'picklist':
		case 'literal':
		case 'variant':
			return `must be one of ${issue.expected ?? 'the allowed values'}, not ${issue.received}`;
	}
	if (code === 'wrong-type') return `must be ${issue.expected ?? 'of another type'}, not ${issue.received}`;
	return MESSAGES[code];
}

function codeOf(issue: v.BaseIssue<unknown>): IssueCode {
	if (issue.type === 'check') return issue.message as IssueCode;
	if (issue.kind === 'schema' && issue.input === undefined) return 'required';
	switch (issue.type) {
		case 'min_value':
		case 'max_value':
		case 'gt_value':
			return 'out-of-range';
		case 'integer':
			return 'not-integer';
		case 'picklist':
		case 'literal':
		case 'variant':
			return 'not-allowed';
	}
	return SCHEMA_TYPES.has(issue.type) ? 'wrong-type' : 'invalid';
}

/** Valibot issues as Parcours issues, with paths such as `motives[3].label.fr`. */
export function toIssues(issues: readonly v.BaseIssue<unknown>[], prefix: (string | number)[] = []): Issue[] {
	const out: Issue[] = [];
	for (const issue of issues) {
		// A union reports the issues of each option; the closest option explains best.
		if (issue.type === 'union' && issue.issues?.length) {
			const deepest = [...issue.issues].sort((a, b) => (b.path?.length ?? 0) - (a.path?.length ?? 0))[0];
			out.push(...toIssues([deepest], prefix));
			continue;
		}
		const segments = [
			...prefix,
			...(issue.path ?? []).map((item) =>
				typeof item.key === 'number' ? item.key : String(item.key)
			)
		];
		const code = codeOf(issue);
		out.push({ path: formatPath(segments), code, message: describeIssue(code, issue) });
	}
	return out;
}

export function validateWith(schema: v.GenericSchema, value: unknown, prefix: (string | number)[] = []): Issue[] {
	const result = v.safeParse(schema, value);
	return result.success ? [] : toIssues(result.issues, prefix);
}

export const validateWorkspace = (value: unknown): Issue[] => validateWith(WorkspaceSchema, value);
export const validateJourneyEntity = (value: unknown): Issue[] => validateWith(JourneySchema, value);
export const validateTheme = (value: unknown): Issue[] => validateWith(ThemeSchema, value);
export const validateMotive = (value: unknown): Issue[] => validateWith(MotiveSchema, value);
export const validateSource = (value: unknown): Issue[] =>
	validateWith(InformationSourceSchema, value);
export const validateArticle = (value: unknown): Issue[] =>
	validateWith(KnowledgeArticleSchema, value);
export const validateRule = (value: unknown): Issue[] => validateWith(MappingRuleSchema, value);
export const validateAction = (value: unknown): Issue[] => validateWith(ActionSchema, value);
export const validateGuideEntity = (value: unknown): Issue[] => validateWith(GuideSchema, value);
export const validateFeedback = (value: unknown): Issue[] => validateWith(ArticleFeedbackSchema, value);

/** The entity kinds of a workspace, by the name of their list in `WorkspaceContent`. */
export type EntityListKey = Exclude<keyof WorkspaceContent, 'workspace'>;
export const ENTITY_LIST_KEYS = [
	'journeys',
	'themes',
	'motives',
	'sources',
	'articles',
	'rules',
	'actions',
	'guides',
	'feedback'
] as const satisfies readonly EntityListKey[];

/** The schema of each kind of entity, by the name of its list in `WorkspaceContent`. */
export const ENTITY_SCHEMAS: { readonly [K in EntityListKey]: v.GenericSchema<unknown, WorkspaceContent[K][number]> } = {
	journeys: JourneySchema,
	themes: ThemeSchema,
	motives: MotiveSchema,
	sources: InformationSourceSchema,
	articles: KnowledgeArticleSchema,
	rules: MappingRuleSchema,
	actions: ActionSchema,
	guides: GuideSchema,
	feedback: ArticleFeedbackSchema
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/**
 * Validates and returns a plain copy holding only the fields the model knows: what gets stored
 * never carries stray fields, nor proxies of reactive interface state (which IndexedDB cannot
 * clone).
 */
export function parseWith<T>(schema: v.GenericSchema<unknown, T>, value: unknown): Parsed<T> {
	const result = v.safeParse(schema, value);
	return result.success ? { ok: true, value: result.output } : { ok: false, issues: toIssues(result.issues) };
}

export function parseEntity<K extends EntityListKey>(key: K, value: unknown): Parsed<WorkspaceContent[K][number]> {
	return parseWith(ENTITY_SCHEMAS[key], value);
}

/** `parseWith` for a whole workspace, references between its entities included. */
export function parseWorkspaceContent(value: unknown): Parsed<WorkspaceContent> {
	const parsed = parseWith(WorkspaceContentSchema, value);
	if (!parsed.ok) return parsed;
	const issues = checkContentReferences(parsed.value);
	return issues.length ? { ok: false, issues } : parsed;
}

export const ENTITY_VALIDATORS: Record<EntityListKey, (value: unknown) => Issue[]> = {
	journeys: validateJourneyEntity,
	themes: validateTheme,
	motives: validateMotive,
	sources: validateSource,
	articles: validateArticle,
	rules: validateRule,
	actions: validateAction,
	guides: validateGuideEntity,
	feedback: validateFeedback
};

// ---------------------------------------------------------------- catalogue references

/**
 * The theme tree's own rules: a sub-theme's parent exists and is a theme (two levels only).
 * `paths` gives the path to report for each theme (its place in the list being checked).
 */
export function validateThemeTree(themes: readonly Theme[], pathOf: (index: number) => string = (i) => `themes[${i}]`): Issue[] {
	const byId = new Map(themes.map((t) => [t.id, t]));
	const issues: Issue[] = [];
	themes.forEach((theme, index) => {
		if (theme.parentId === null) return;
		const parent = byId.get(theme.parentId);
		const path = `${pathOf(index)}.parentId`;
		if (!parent) {
			issues.push({ path, code: 'missing-reference', message: `refers to theme "${theme.parentId}", which does not exist` });
		} else if (parent.parentId !== null) {
			issues.push({ path, code: 'too-deep', message: `is under sub-theme "${parent.id}"; a catalogue has themes and sub-themes only` });
		}
	});
	return issues;
}

/** A motive's theme must exist in the catalogue. */
export function validateMotiveTheme(motive: Motive, themes: readonly Theme[] | ReadonlySet<Id>, path = 'themeId'): Issue[] {
	const exists = themes instanceof Set ? themes.has(motive.themeId) : (themes as readonly Theme[]).some((t) => t.id === motive.themeId);
	return exists ? [] : [{ path, code: 'missing-reference', message: `refers to theme "${motive.themeId}", which does not exist` }];
}

/**
 * Everything a workspace file or an import must satisfy: each entity's schema, then ids unique per
 * kind, every entity in the workspace it travels with, motives on existing themes, and the theme
 * tree two levels deep. Issues come in that order, so the first one is the one to show.
 */
export function validateWorkspaceContent(value: unknown): Issue[] {
	const parsed = parseWith(WorkspaceContentSchema, value);
	// The parsed copy: lists a file written before them lacks (guides, feedback) are read as none.
	return parsed.ok ? checkContentReferences(parsed.value) : parsed.issues;
}

/**
 * The checks between the entities of a workspace whose entities are each valid: ids unique per
 * kind, every entity in the workspace it travels with, motives on existing themes, the theme
 * tree two levels deep, guides on existing motives (their steps on existing sources and articles)
 * and feedback on existing articles.
 */
export function checkContentReferences(content: WorkspaceContent): Issue[] {
	const issues: Issue[] = [];
	const workspaceId = content.workspace.id;
	for (const key of ENTITY_LIST_KEYS) {
		const seen = new Set<Id>();
		(content[key] as readonly { id: Id; workspaceId: Id }[]).forEach((entity, index) => {
			if (entity.workspaceId !== workspaceId) {
				issues.push({
					path: `${key}[${index}].workspaceId`,
					code: 'wrong-workspace',
					message: `is "${entity.workspaceId}" but the workspace is "${workspaceId}"`
				});
			}
			if (seen.has(entity.id)) {
				issues.push({ path: `${key}[${index}].id`, code: 'duplicate-id', message: `repeats the id "${entity.id}"` });
			}
			seen.add(entity.id);
		});
	}
	const themeIds = new Set(content.themes.map((t) => t.id));
	content.motives.forEach((motive, index) => {
		issues.push(...validateMotiveTheme(motive, themeIds, `motives[${index}].themeId`));
	});
	issues.push(...validateThemeTree(content.themes));
	const catalogue = guideCatalogue(content);
	content.guides.forEach((guide, index) => issues.push(...guideReferenceProblems(guide, catalogue, `guides[${index}]`)));
	content.feedback.forEach((feedback, index) => {
		if (!catalogue.articleIds.has(feedback.articleId)) {
			issues.push({
				path: `feedback[${index}].articleId`,
				code: 'missing-reference',
				message: `refers to article "${feedback.articleId}", which does not exist`
			});
		}
	});
	return issues;
}

// Keep the inferred types tied to the hand-written ones: these fail type-checking on drift.
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Mutual assignability misses a field added to one side only as optional; comparing keys catches it.
type Same<A, B> = Mutual<A, B> extends true ? Mutual<keyof A, keyof B> : false;
const sameAsTypes: {
	workspace: Same<v.InferOutput<typeof WorkspaceSchema>, Workspace>;
	machine: Same<v.InferOutput<typeof JourneyMachineConfigSchema>, JourneyMachineConfig>;
	journey: Same<v.InferOutput<typeof JourneySchema>, Journey>;
	theme: Same<v.InferOutput<typeof ThemeSchema>, Theme>;
	motive: Same<v.InferOutput<typeof MotiveSchema>, Motive>;
	source: Same<v.InferOutput<typeof InformationSourceSchema>, InformationSource>;
	article: Same<v.InferOutput<typeof KnowledgeArticleSchema>, KnowledgeArticle>;
	rule: Same<v.InferOutput<typeof MappingRuleSchema>, MappingRule>;
	action: Same<v.InferOutput<typeof ActionSchema>, Action>;
	guideMachine: Same<v.InferOutput<typeof GuideMachineConfigSchema>, GuideMachineConfig>;
	guide: Same<v.InferOutput<typeof GuideSchema>, Guide>;
	feedback: Same<v.InferOutput<typeof ArticleFeedbackSchema>, ArticleFeedback>;
	content: Same<v.InferOutput<typeof WorkspaceContentSchema>, WorkspaceContent>;
} = {
	workspace: true,
	machine: true,
	journey: true,
	theme: true,
	motive: true,
	source: true,
	article: true,
	rule: true,
	action: true,
	guideMachine: true,
	guide: true,
	feedback: true,
	content: true
};
void sameAsTypes;
