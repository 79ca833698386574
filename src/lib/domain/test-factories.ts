/**
 * Small factories of valid domain entities for tests: each takes the fields a test cares about.
 */
import type {
	Action,
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
	actions: [action({ workspaceId })]
});
