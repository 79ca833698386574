/**
 * The message key of each value of a closed list (an action's status, a source's kind, a
 * breakdown dimension…). Typed as `Record<Value, MessageKey>` so a value added to a list without
 * its message, or a message key renamed, fails type-checking instead of showing a raw key.
 */
import type { DateFormat } from '$lib/analysis/ingest';
import type { Dimension } from '$lib/analysis/metrics';
import type { Scope } from '$lib/analysis/settings';
import type { ActionHorizon, ActionLever, ActionStatus, ContentStatus, SourceKind, TreatmentLevel } from '$lib/domain/types';
import type { ViewKind } from '$lib/domain/views';
import type { MessageKey } from './messages';

export const ACTION_STATUS_LABEL = {
	todo: 'plan.status.todo',
	'in-progress': 'plan.status.in-progress',
	done: 'plan.status.done',
	dropped: 'plan.status.dropped'
} as const satisfies Record<ActionStatus, MessageKey>;

export const ACTION_HORIZON_LABEL = {
	'quick-win': 'plan.horizon.quick-win',
	strategic: 'plan.horizon.strategic'
} as const satisfies Record<ActionHorizon, MessageKey>;

export const ACTION_LEVER_LABEL = {
	'clarify-process': 'plan.lever.clarify-process',
	'enrich-knowledge': 'plan.lever.enrich-knowledge',
	'improve-self-care': 'plan.lever.improve-self-care',
	train: 'plan.lever.train',
	'specialise-advisors': 'plan.lever.specialise-advisors',
	'proactive-contact': 'plan.lever.proactive-contact'
} as const satisfies Record<ActionLever, MessageKey>;

export const CONTENT_STATUS_LABEL = {
	draft: 'kb.status.draft',
	published: 'kb.status.published',
	archived: 'kb.status.archived'
} as const satisfies Record<ContentStatus, MessageKey>;

export const SOURCE_KIND_LABEL = {
	crm: 'kb.kind.crm',
	billing: 'kb.kind.billing',
	logistics: 'kb.kind.logistics',
	payment: 'kb.kind.payment',
	tracking: 'kb.kind.tracking',
	metering: 'kb.kind.metering',
	document: 'kb.kind.document',
	other: 'kb.kind.other'
} as const satisfies Record<SourceKind, MessageKey>;

export const TREATMENT_LEVEL_LABEL = {
	'front-line': 'mot.level.front-line',
	'second-level': 'mot.level.second-level',
	'other-department': 'mot.level.other-department'
} as const satisfies Record<TreatmentLevel, MessageKey>;

export const DIMENSION_LABEL = {
	channel: 'an.dim.channel',
	motive: 'an.dim.motive',
	code: 'an.dim.code',
	category: 'an.dim.category',
	theme: 'an.dim.theme',
	agent: 'an.dim.agent',
	team: 'an.dim.team',
	segment: 'an.dim.segment',
	month: 'an.dim.month',
	week: 'an.dim.week'
} as const satisfies Record<Dimension, MessageKey>;

export const SCOPE_LABEL = {
	any: 'an.set.scope.any',
	category: 'an.set.scope.category',
	motive: 'an.set.scope.motive'
} as const satisfies Record<Scope, MessageKey>;

/** A slide's default title; a journey's names the journey (`{name}`). */
export const VIEW_KIND_LABEL = {
	kpis: 'pres.view.kpis',
	frictions: 'pres.view.frictions',
	trend: 'pres.view.trend',
	actions: 'pres.view.actions',
	journey: 'pres.view.journey',
	anticipation: 'view.anticipation'
} as const satisfies Record<ViewKind, MessageKey>;

export const DATE_FORMAT_LABEL = {
	dmy: 'data.dateFormat.dmy',
	iso: 'data.dateFormat.iso',
	ymd: 'data.dateFormat.ymd',
	mdy: 'data.dateFormat.mdy',
	'excel-serial': 'data.dateFormat.excel-serial',
	twitter: 'data.dateFormat.twitter'
} as const satisfies Record<DateFormat, MessageKey>;
