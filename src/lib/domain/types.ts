/**
 * The Parcours domain model: plain, serialisable data. Nothing here knows of Svelte, Dexie or the DOM.
 * Every entity but the workspace belongs to one workspace through `workspaceId`.
 */
import type { SavedView } from './views';

export type Id = string;
/** An ISO 8601 date-time (`2026-03-01T09:00:00.000Z`) or date (`2026-03-01`). */
export type IsoDate = string;

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
/** A text users read in both interface languages. */
export type LocalizedText = { fr: string; en: string };

export interface Workspace {
	id: Id;
	name: string;
	description: string;
	createdAt: IsoDate;
	updatedAt: IsoDate;
	/** Marks the workspace seeded on first start, so it can be recognised (and restored). */
	isDemo?: boolean;
	/**
	 * Secret key of the pseudonyms of customer ids (HMAC-SHA-256, 256 bits in hex), made at the
	 * first pseudonymised import so later imports give a customer the same pseudonym. It stays in
	 * this browser: a workspace file carries it only when the user asks, and a key read from a file
	 * is adopted only when the user says so.
	 */
	pseudonymKey?: string;
	/**
	 * Salt of the older, reversible function (`legacy-mix`): no longer written, never exported;
	 * removed by the database upgrade to version 3. Kept in the type to read older rows and files.
	 */
	pseudonymSalt?: string;
	/**
	 * What a contact costs, in which currency: a setting of the workspace (not of one page or one
	 * browser), so every page and export sizes the same money. Absent in files written before it.
	 */
	costs?: WorkspaceCosts;
	/**
	 * IANA time zone (`Europe/Paris`) whose wall clock times written with a zone or offset are put
	 * on (METRICS.md §1 *Time*). Absent (files written before it, or never chosen): the browser's
	 * or machine's zone.
	 */
	timeZone?: string;
	/**
	 * The presentation deck: its slides in order (what each shows, never the figures). Absent: the
	 * default deck, which follows the workspace's journeys. Kept with the workspace so a team
	 * shares one deck and a workspace file carries it.
	 */
	deck?: SavedView[];
}

/** Currencies a workspace can count in (ISO 4217). */
export const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'CAD'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** The function that made a dataset's pseudonyms (see `analysis/pseudonymise.ts`). */
export type PseudonymFunction = 'legacy-mix' | 'hmac-sha256';

export interface WorkspaceCosts {
	/** @default 'EUR' */
	currency: Currency;
	/** Channel (as the data writes it) → cost of one contact; a channel left out costs nothing. */
	costPerChannel: Record<string, number>;
}

// ---------------------------------------------------------------- journeys

export const CHANNELS = [
	'web',
	'app',
	'phone',
	'email',
	'chat',
	'messaging',
	'store',
	'mail',
	'social',
	'other'
] as const;
export type Channel = (typeof CHANNELS)[number];

export const STATE_KINDS = ['stage', 'step', 'touchpoint'] as const;
export type StateKind = (typeof STATE_KINDS)[number];

export const TOUCHPOINT_TYPES = ['self-care', 'agent', 'automated', 'physical'] as const;
export type TouchpointType = (typeof TOUCHPOINT_TYPES)[number];

/** Customer emotion at a state, from −2 (angry) to +2 (delighted). */
export type Emotion = -2 | -1 | 0 | 1 | 2;

/** CX metadata carried in each journey state's `meta`. */
export interface StateMeta {
	kind: StateKind;
	label: LocalizedText;
	channel?: Channel;
	touchpoint?: TouchpointType;
	ownerTeam?: string;
	emotion?: Emotion;
	/** Ids of catalogue motives customers are expected to contact about here. */
	expectedMotives?: Id[];
	notes?: string;
}

/** CX metadata carried in each transition's `meta`: the customer's action. */
export interface TransitionMeta {
	label: LocalizedText;
	/** Probability of taking this transition from its source state (0–1), used by simulation. */
	share?: number;
}

export interface JourneyTransition {
	/** Target state: a sibling key (`'pay'`), or an absolute id (`'#journey.billing.pay'`). */
	target: string;
	meta?: TransitionMeta;
}

/**
 * One state node of a journey machine: exactly the shape XState v5's `createMachine` accepts.
 * `M` is what each state's `meta` carries: a journey's CX metadata, or a guide's (with its step).
 */
export interface JourneyStateNode<M extends StateMeta = StateMeta> {
	type?: 'final';
	initial?: string;
	states?: Record<string, JourneyStateNode<M>>;
	/** Dotted event names (`journey.advance`, `bill.pay`) to transitions. */
	on?: Record<string, JourneyTransition | JourneyTransition[]>;
	meta: M;
}

/** A serialisable XState v5 machine config: stages are top-level states, steps nested inside. */
export interface JourneyMachineConfig<M extends StateMeta = StateMeta> {
	id: string;
	initial: string;
	states: Record<string, JourneyStateNode<M>>;
	/**
	 * `stageOrder`: the top-level states' keys in the order the map shows its phases, left to
	 * right (set by reordering phases); keys it does not list follow in the order written.
	 */
	meta?: { label?: LocalizedText; stageOrder?: string[] };
}

export interface Journey {
	id: Id;
	workspaceId: Id;
	name: LocalizedText;
	description: string;
	machine: JourneyMachineConfig;
	updatedAt: IsoDate;
}

// ---------------------------------------------------------------- treatment guides

/** How a contact ends when a guide reaches one of its final states. */
export const GUIDE_OUTCOMES = ['resolved', 'transferred', 'callback', 'escalated', 'out-of-scope'] as const;
export type GuideOutcome = (typeof GUIDE_OUTCOMES)[number];

export const GUIDE_STEP_KINDS = ['question', 'check', 'action', 'article', 'outcome'] as const;
export type GuideStepKind = (typeof GUIDE_STEP_KINDS)[number];

/**
 * What the advisor does at one state of a guide. The answers of a question, and the "next" of any
 * other step, are the state's transitions (their `meta.label`); an outcome is a final state.
 */
export type GuideStep =
	/** Ask the customer; each answer is a transition. */
	| { kind: 'question'; text: LocalizedText }
	/** Look something up in an information source (its link is the source's `url`). */
	| { kind: 'check'; sourceId: Id; lookFor: string }
	/** Do something in a named system. */
	| { kind: 'action'; system: string; instruction: string }
	/** Read (or send) a knowledge article. */
	| { kind: 'article'; articleId: Id }
	/** How the contact ends; `team` names who it is transferred or escalated to. */
	| { kind: 'outcome'; outcome: GuideOutcome; team?: string };

/**
 * A guide state's metadata: a journey state's (its `label` is the step's short name on the graph),
 * plus the step. A compound state (a group of steps) carries no step.
 */
export interface GuideStateMeta extends StateMeta {
	step?: GuideStep;
}

export type GuideStateNode = JourneyStateNode<GuideStateMeta>;
export type GuideMachineConfig = JourneyMachineConfig<GuideStateMeta>;

/**
 * A treatment guide: an executable machine, shaped as a journey (the same editor and checks), that
 * walks an advisor through a contact about one motive, from its first question to an outcome.
 */
export interface Guide {
	id: Id;
	workspaceId: Id;
	motiveId: Id;
	name: LocalizedText;
	description: string;
	machine: GuideMachineConfig;
	updatedAt: IsoDate;
}

/** Reference to one state of one journey; `stateId` is the dotted path (`billing.pay`). */
export interface StateRef {
	journeyId: Id;
	stateId: string;
}

// ---------------------------------------------------------------- motives

/** A theme (`parentId: null`) or sub-theme (`parentId`: its theme) of the motive catalogue. */
export interface Theme {
	id: Id;
	workspaceId: Id;
	parentId: Id | null;
	label: LocalizedText;
	order: number;
}

export const TREATMENT_LEVELS = ['front-line', 'second-level', 'other-department'] as const;
export type TreatmentLevel = (typeof TREATMENT_LEVELS)[number];

export interface Treatment {
	level: TreatmentLevel;
	/** The team or department that treats it. */
	team: string;
	/** How it is treated, in the advisor's words. */
	procedure: string;
	/** The delay the advisor announces to the customer ("Réponse sous 48 h ouvrées"); said at the end of a contact. */
	expectedDelay?: string;
	/** What happens next, as said to the customer ("Vous recevrez un SMS de confirmation"). */
	nextStep?: string;
}

export interface Motive {
	id: Id;
	workspaceId: Id;
	/** The theme or sub-theme it belongs to; that node is its category for measurement. */
	themeId: Id;
	label: LocalizedText;
	description: string;
	/** CRM qualification codes mapping to this motive; a code maps to one motive only. */
	crmCodes: string[];
	/** Words customers use for it ("prélèvement refusé", "rejet de paiement"), found by the advisor's search. */
	synonyms?: string[];
	/** Estimated share of contacts (0–1); replaced by the measured share when a dataset exists. */
	prevalence?: number;
	treatment: Treatment;
	/** Complex motives cannot be resolved at first contact; they are left out of "FCR excl. complex". */
	complex: boolean;
	sourceIds: Id[];
	articleIds: Id[];
	/** How the information system records it (qualification screen, fields). */
	systemRecording: string;
	/** Data flows involved (e.g. CRM → billing). */
	dataFlows: string;
	journeyStates: StateRef[];
	owner: string;
	lastReview?: IsoDate;
}

// ---------------------------------------------------------------- knowledge

export const SOURCE_KINDS = [
	'crm',
	'billing',
	'logistics',
	'payment',
	'tracking',
	'metering',
	'document',
	'other'
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const CONTENT_STATUSES = ['draft', 'published', 'archived'] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

/** @default 90 */
export const DEFAULT_REVIEW_INTERVAL_DAYS = 90;

/** A system or reference an advisor consults (CRM, billing, tracking…). */
export interface InformationSource {
	id: Id;
	workspaceId: Id;
	name: string;
	kind: SourceKind;
	description: string;
	owner: string;
	url?: string;
	reviewIntervalDays: number;
	lastReview?: IsoDate;
	status: ContentStatus;
}

export interface KnowledgeArticle {
	id: Id;
	workspaceId: Id;
	title: string;
	/** Markdown; rendered without raw HTML. */
	body: string;
	owner: string;
	reviewIntervalDays: number;
	lastReview?: IsoDate;
	status: ContentStatus;
	tags: string[];
}

export const FEEDBACK_VERDICTS = ['useful', 'out-of-date', 'missing-information'] as const;
export type FeedbackVerdict = (typeof FEEDBACK_VERDICTS)[number];

/**
 * What an advisor said of an article from the console. An entity of its own (not a field of the
 * article): its author and the article's owner are often two people of a team, and each piece of
 * feedback lands in the owner's review queue until a review after it clears it.
 */
export interface ArticleFeedback {
	id: Id;
	workspaceId: Id;
	articleId: Id;
	verdict: FeedbackVerdict;
	comment: string;
	author?: string;
	createdAt: IsoDate;
}

// ---------------------------------------------------------------- overlay and actions

export type ContactMatch = { channel?: string; motive?: string; category?: string };
export type PageMatch = { page: string; syntax: 'glob' | 'regex' };

/** Sends a contact or a page view to a journey state; rules are tried by `order`, first match wins. */
export type MappingRule = {
	id: Id;
	workspaceId: Id;
	journeyId: Id;
	order: number;
	stateId: string;
	label?: string;
} & ({ kind: 'contact'; match: ContactMatch } | { kind: 'web'; match: PageMatch });

export const ACTION_LEVERS = [
	'clarify-process',
	'enrich-knowledge',
	'improve-self-care',
	'train',
	'specialise-advisors',
	'proactive-contact'
] as const;
export type ActionLever = (typeof ACTION_LEVERS)[number];

export const ACTION_HORIZONS = ['quick-win', 'strategic'] as const;
export type ActionHorizon = (typeof ACTION_HORIZONS)[number];

export const ACTION_STATUSES = ['todo', 'in-progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface Action {
	id: Id;
	workspaceId: Id;
	title: string;
	description: string;
	lever: ActionLever;
	horizon: ActionHorizon;
	owner: string;
	dueDate?: IsoDate;
	status: ActionStatus;
	/** Expected gain in currency units per year, usually taken from a friction's savings. */
	expectedGain?: number;
	motiveIds: Id[];
	states: StateRef[];
	articleIds: Id[];
	/** Key of the friction point it answers, when created from one. */
	frictionKey?: string;
	/**
	 * Key of the anticipation trigger it acts on before customers call (`event:bill_issued`,
	 * `state:<path>`, `exitPage:<page>`; METRICS.md §5b), when created from one.
	 */
	triggerKey?: string;
}

/** Everything a workspace holds, as stored and as exported. */
export interface WorkspaceContent {
	workspace: Workspace;
	journeys: Journey[];
	themes: Theme[];
	motives: Motive[];
	sources: InformationSource[];
	articles: KnowledgeArticle[];
	rules: MappingRule[];
	actions: Action[];
	guides: Guide[];
	feedback: ArticleFeedback[];
}
