/**
 * Small factories of valid domain entities for tests: each takes the fields a test cares about.
 */
import type {
	Action,
	ArticleFeedback,
	Guide,
	GuideMachineConfig,
	GuideStateMeta,
	GuideStep,
	Id,
	InformationSource,
	Journey,
	JourneyMachineConfig,
	KnowledgeArticle,
	LocalizedText,
	MappingRule,
	Motive,
	StateMeta,
	Theme,
	Workspace,
	WorkspaceContent
} from './types';

export const WS = 'ws-1';
const T0 = '2026-01-05T09:00:00.000Z';

export const text = (en: string, fr = en): LocalizedText => ({ fr, en });
export const stateMeta = (label: string, extra: Partial<StateMeta> = {}): StateMeta => ({
	kind: 'step',
	label: text(label),
	...extra
});

export const workspace = (fields: Partial<Workspace> = {}): Workspace => ({
	id: WS,
	name: 'Energy retail',
	description: '',
	createdAt: T0,
	updatedAt: T0,
	...fields
});

/** A three-state journey: browse → pay → done. */
export const machine = (fields: Partial<JourneyMachineConfig> = {}): JourneyMachineConfig => ({
	id: 'billing',
	initial: 'browse',
	states: {
		browse: { meta: stateMeta('Browse the bill'), on: { 'bill.pay': { target: 'pay' } } },
		pay: {
			meta: stateMeta('Pay', { channel: 'web', emotion: 1 }),
			on: { 'bill.paid': { target: 'done', meta: { label: text('Paid'), share: 0.9 } } }
		},
		done: { type: 'final', meta: stateMeta('Done') }
	},
	...fields
});

export const journey = (fields: Partial<Journey> = {}): Journey => ({
	id: 'journey-billing',
	workspaceId: WS,
	name: text('Billing'),
	description: '',
	machine: machine(),
	updatedAt: T0,
	...fields
});

export const theme = (fields: Partial<Theme> = {}): Theme => ({
	id: 'theme-billing',
	workspaceId: WS,
	parentId: null,
	label: text('Billing', 'Facturation'),
	order: 0,
	...fields
});

export const motive = (fields: Partial<Motive> = {}): Motive => ({
	id: 'motive-bill-amount',
	workspaceId: WS,
	themeId: 'theme-billing',
	label: text('Bill amount questioned', 'Contestation du montant'),
	description: '',
	crmCodes: ['FAC-01'],
	prevalence: 0.12,
	treatment: { level: 'front-line', team: 'Billing', procedure: '' },
	complex: false,
	sourceIds: [],
	articleIds: [],
	systemRecording: '',
	dataFlows: '',
	journeyStates: [],
	owner: '',
	...fields
});

export const source = (fields: Partial<InformationSource> = {}): InformationSource => ({
	id: 'source-crm',
	workspaceId: WS,
	name: 'CRM',
	kind: 'crm',
	description: '',
	owner: '',
	reviewIntervalDays: 90,
	status: 'published',
	...fields
});

export const article = (fields: Partial<KnowledgeArticle> = {}): KnowledgeArticle => ({
	id: 'article-read-bill',
	workspaceId: WS,
	title: 'Reading a bill',
	body: '# Reading a bill',
	owner: '',
	reviewIntervalDays: 90,
	status: 'published',
	tags: [],
	...fields
});

export const contactRule = (fields: Partial<Extract<MappingRule, { kind: 'contact' }>> = {}): MappingRule => ({
	id: 'rule-1',
	workspaceId: WS,
	journeyId: 'journey-billing',
	order: 0,
	stateId: 'pay',
	kind: 'contact',
	match: { motive: 'FAC-01' },
	...fields
});

export const action = (fields: Partial<Action> = {}): Action => ({
	id: 'action-1',
	workspaceId: WS,
	title: 'Explain the bill',
	description: '',
	lever: 'enrich-knowledge',
	horizon: 'quick-win',
	owner: '',
	status: 'todo',
	motiveIds: ['motive-bill-amount'],
	states: [],
	articleIds: [],
	...fields
});

export const guideMeta = (label: string, step: GuideStep, extra: Partial<GuideStateMeta> = {}): GuideStateMeta => ({
	kind: 'step',
	label: text(label),
	step,
	...extra
});

/**
 * A guide of five steps: ask whether the bill is understood; if not, check the billing source, read
 * the article, and the contact is resolved; if it is, the customer disputes it: transferred.
 */
export const guideMachine = (fields: Partial<GuideMachineConfig> = {}): GuideMachineConfig => ({
	id: 'guide',
	initial: 'ask',
	states: {
		ask: {
			meta: guideMeta('Understood?', { kind: 'question', text: text('Does the customer understand the bill?', 'Le client comprend-il sa facture ?') }),
			on: {
				'answer.no': { target: 'check', meta: { label: text('No', 'Non') } },
				'answer.yes': { target: 'transferred', meta: { label: text('Yes, disputes it', 'Oui, la conteste') } }
			}
		},
		check: {
			meta: guideMeta('Check the bill', { kind: 'check', sourceId: 'source-crm', lookFor: 'the last bill and its reading' }),
			on: { 'guide.next': { target: 'read' } }
		},
		read: { meta: guideMeta('Explain', { kind: 'article', articleId: 'article-read-bill' }), on: { 'guide.next': { target: 'resolved' } } },
		resolved: { type: 'final', meta: guideMeta('Resolved', { kind: 'outcome', outcome: 'resolved' }) },
		transferred: { type: 'final', meta: guideMeta('Transferred', { kind: 'outcome', outcome: 'transferred', team: 'Billing disputes' }) }
	},
	...fields
});

export const guide = (fields: Partial<Guide> = {}): Guide => ({
	id: 'guide-bill-amount',
	workspaceId: WS,
	motiveId: 'motive-bill-amount',
	name: text('Bill amount questioned', 'Contestation du montant'),
	description: '',
	machine: guideMachine(),
	updatedAt: T0,
	...fields
});

export const feedback = (fields: Partial<ArticleFeedback> = {}): ArticleFeedback => ({
	id: 'feedback-1',
	workspaceId: WS,
	articleId: 'article-read-bill',
	verdict: 'out-of-date',
	comment: 'The tariff table is last year’s.',
	createdAt: T0,
	...fields
});

/** A small, valid workspace with one entity of each kind (two themes: a theme and a sub-theme). */
export const content = (workspaceId: Id = WS): WorkspaceContent => ({
	workspace: workspace({ id: workspaceId }),
	journeys: [journey({ workspaceId })],
	themes: [
		theme({ workspaceId }),
		theme({ id: 'theme-billing-amount', parentId: 'theme-billing', label: text('Amount', 'Montant'), workspaceId })
	],
	motives: [motive({ workspaceId, themeId: 'theme-billing-amount' })],
	sources: [source({ workspaceId })],
	articles: [article({ workspaceId })],
	rules: [
		contactRule({ workspaceId }),
		{ id: 'rule-2', workspaceId, journeyId: 'journey-billing', order: 1, stateId: 'pay', kind: 'web', match: { page: '/bill/*', syntax: 'glob' } }
	],
	actions: [action({ workspaceId })],
	guides: [guide({ workspaceId })],
	feedback: [feedback({ workspaceId })]
});
