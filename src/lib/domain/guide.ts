/**
 * Treatment guides: the checks that make a guide usable in the console, and a run of one (what the
 * console walks through with the advisor).
 *
 * A guide is a journey machine whose states carry a step (`GuideStateMeta.step`), so the journey's
 * structure (`journey.ts`: targets resolved as XState does, unreachable states, dead ends) is
 * reused as it is; this file adds what only a guide needs: every path ends in an outcome, outcomes
 * are exactly the final states, a question offers a choice, and what a step points at exists.
 */
import { formatPath, type Issue } from './issues';
import { findState, splitPath, stateIds, transitionsOf, validateJourney, type JourneyIssue, type JourneyTransitionEdge } from './journey';
import type { Guide, GuideMachineConfig, GuideOutcome, GuideStateNode, GuideStep, Id, LocalizedText } from './types';

export type GuideIssueCode =
	| JourneyIssue['code']
	/** No outcome can be reached from this step: the contact would never end. */
	| 'no-outcome'
	/** A step (a state with no states inside) that says nothing to do. */
	| 'step-missing'
	/** A final state whose step is not an outcome. */
	| 'final-not-outcome'
	/** An outcome step on a state that is not final: the contact would go on after it ended. */
	| 'outcome-not-final'
	/** An outcome inside a group: XState would end the group, not the guide. */
	| 'outcome-in-group'
	/** A question with fewer than two answers: nothing to ask. */
	| 'too-few-answers'
	/** A step (or the guide) naming a motive, source or article that does not exist. */
	| 'missing-reference';

export interface GuideIssue extends Omit<JourneyIssue, 'code'> {
	code: GuideIssueCode;
	/** The field concerned, from the guide (`motiveId`) or from the state's step (`sourceId`). */
	field?: string;
}

/** The ids a guide's references are checked against; a set left out is not checked. */
export interface GuideCatalogue {
	motiveIds?: ReadonlySet<Id>;
	sourceIds?: ReadonlySet<Id>;
	articleIds?: ReadonlySet<Id>;
}

/** The catalogue a workspace's guides are checked against: its motives, sources and articles. */
export function guideCatalogue(content: {
	motives: readonly { id: Id }[];
	sources: readonly { id: Id }[];
	articles: readonly { id: Id }[];
}): Required<GuideCatalogue> {
	return {
		motiveIds: new Set(content.motives.map((m) => m.id)),
		sourceIds: new Set(content.sources.map((s) => s.id)),
		articleIds: new Set(content.articles.map((a) => a.id))
	};
}

/** One step of a guide: the state's dotted path, its node and its step (absent on a group). */
export interface GuideStepAt {
	stateId: string;
	node: GuideStateNode;
	step?: GuideStep;
}

/** Every state of a guide with its step, in the order written. */
export function guideSteps(machine: GuideMachineConfig): GuideStepAt[] {
	return stateIds(machine).flatMap((stateId) => {
		const node = findState(machine, stateId) as GuideStateNode | undefined;
		if (!node) return [];
		const at: GuideStepAt = { stateId, node };
		if (node.meta.step) at.step = node.meta.step;
		return [at];
	});
}

const isLeaf = (node: GuideStateNode) => Object.keys(node.states ?? {}).length === 0;

/** The issues of references a guide holds that the catalogue lacks. */
export function guideReferenceIssues(guide: Pick<Guide, 'motiveId' | 'machine'>, catalogue: GuideCatalogue): GuideIssue[] {
	const issues: GuideIssue[] = [];
	if (catalogue.motiveIds && !catalogue.motiveIds.has(guide.motiveId)) {
		issues.push({ code: 'missing-reference', field: 'motiveId', target: guide.motiveId });
	}
	for (const { stateId, step } of guideSteps(guide.machine)) {
		if (step?.kind === 'check' && catalogue.sourceIds && !catalogue.sourceIds.has(step.sourceId)) {
			issues.push({ code: 'missing-reference', stateId, field: 'sourceId', target: step.sourceId });
		}
		if (step?.kind === 'article' && catalogue.articleIds && !catalogue.articleIds.has(step.articleId)) {
			issues.push({ code: 'missing-reference', stateId, field: 'articleId', target: step.articleId });
		}
	}
	return issues;
}

/** The path of a guide issue's field in the guide (`machine.states.ask.meta.step.sourceId`), as `Issue.path` writes it. */
export function guideIssuePath(issue: GuideIssue): string {
	const segments: string[] = [];
	if (issue.stateId !== undefined) {
		segments.push('machine');
		for (const key of splitPath(issue.stateId)) segments.push('states', key);
		if (issue.field) segments.push('meta', 'step');
	}
	if (issue.field) segments.push(issue.field);
	return formatPath(segments);
}

/** A guide's missing references as workspace issues (`guides[2].motiveId`…), for the file and the store. */
export function guideReferenceProblems(guide: Pick<Guide, 'motiveId' | 'machine'>, catalogue: GuideCatalogue, prefix: string): Issue[] {
	return guideReferenceIssues(guide, catalogue).map((issue) => {
		const path = guideIssuePath(issue);
		const kind = issue.field === 'motiveId' ? 'motive' : issue.field === 'sourceId' ? 'information source' : 'article';
		return {
			path: prefix ? (path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`) : path,
			code: 'missing-reference',
			message: `refers to ${kind} "${issue.target ?? ''}", which does not exist`
		};
	});
}

/**
 * What keeps a guide from leading every contact to an end: the journey's issues (no start, missing
 * targets, unreachable steps, dead ends), then steps without a step or with a wrong one, questions
 * without a choice, steps from which no outcome can be reached, and missing references (when a
 * catalogue is given).
 */
export function validateGuide(guide: Pick<Guide, 'motiveId' | 'machine'>, catalogue: GuideCatalogue = {}): GuideIssue[] {
	const { machine } = guide;
	const issues: GuideIssue[] = [...validateJourney(machine)];
	const edges = transitionsOf(machine);
	const steps = guideSteps(machine);

	for (const { stateId, node, step } of steps) {
		const final = node.type === 'final';
		if (!step) {
			if (isLeaf(node)) issues.push({ code: 'step-missing', stateId });
			continue;
		}
		if (final && step.kind !== 'outcome') issues.push({ code: 'final-not-outcome', stateId, field: 'kind' });
		if (!final && step.kind === 'outcome') issues.push({ code: 'outcome-not-final', stateId, field: 'kind' });
		if (final && splitPath(stateId).length > 1) issues.push({ code: 'outcome-in-group', stateId });
		if (step.kind === 'question' && edges.filter((e) => e.source === stateId).length < 2) {
			issues.push({ code: 'too-few-answers', stateId });
		}
	}

	// Every path reaches an outcome: walk backwards from the final states along the ways out each
	// step really has (its own transitions, then its groups'); a step not reached cannot end.
	const canEnd = new Set(steps.filter((s) => s.node.type === 'final').map((s) => s.stateId));
	const incoming = new Map<string, string[]>();
	for (const { stateId, node } of steps) {
		if (!isLeaf(node) || node.type === 'final') continue;
		for (const { target } of waysOut(machine, edges, stateId)) incoming.set(target, [...(incoming.get(target) ?? []), stateId]);
	}
	const queue = [...canEnd];
	for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
		for (const from of incoming.get(at) ?? []) {
			if (!canEnd.has(from)) {
				canEnd.add(from);
				queue.push(from);
			}
		}
	}
	const flagged = new Set(issues.filter((i) => i.code === 'unreachable' || i.code === 'dead-end').map((i) => i.stateId));
	for (const { stateId, node } of steps) {
		if (isLeaf(node) && !canEnd.has(stateId) && !flagged.has(stateId)) issues.push({ code: 'no-outcome', stateId });
	}

	issues.push(...guideReferenceIssues(guide, catalogue));
	return issues;
}

/** The leaf a transition to `stateId` lands on: down the initial states of groups. */
function entryLeaf(machine: GuideMachineConfig, stateId: string): string | undefined {
	let path = stateId;
	for (let node = findState(machine, path); node; node = findState(machine, path)) {
		if (isLeaf(node)) return path;
		if (!node.initial) return undefined;
		path = `${path}.${node.initial}`;
	}
	return undefined;
}

// ---------------------------------------------------------------- running a guide

/**
 * A guide being walked: the steps taken so far (dotted state paths, leaves only), the current one
 * last. Plain data, so the console can keep it, undo it (`back`) and log it.
 */
export interface GuideRun {
	path: string[];
}

/** A way out of the current step: an answer of a question, or the "next" of any other step. */
export interface GuideChoice {
	event: string;
	/** The step it leads to (a leaf). */
	target: string;
	label?: LocalizedText;
}

/** The run at the guide's first step; `undefined` when the guide has no usable start. */
export function startGuide(machine: GuideMachineConfig): GuideRun | undefined {
	const first = entryLeaf(machine, machine.initial);
	return first === undefined ? undefined : { path: [first] };
}

/** The step the advisor is at. */
export function currentStateId(run: GuideRun): string {
	return run.path[run.path.length - 1];
}

export function currentStep(machine: GuideMachineConfig, run: GuideRun): GuideStepAt | undefined {
	const stateId = currentStateId(run);
	const node = findState(machine, stateId) as GuideStateNode | undefined;
	if (!node) return undefined;
	return node.meta.step ? { stateId, node, step: node.meta.step } : { stateId, node };
}

/**
 * The ways out of the current step, as XState would take them: the step's own transitions, then
 * its groups' (the innermost first); an event defined on the step hides the same event on a group.
 * A final step has none.
 */
export function guideChoices(machine: GuideMachineConfig, run: GuideRun): GuideChoice[] {
	const stateId = currentStateId(run);
	if (findState(machine, stateId)?.type === 'final') return [];
	return waysOut(machine, transitionsOf(machine), stateId);
}

/** The ways out of a leaf step, its own transitions first, then its groups' (see `guideChoices`). */
function waysOut(machine: GuideMachineConfig, edges: readonly JourneyTransitionEdge[], stateId: string): GuideChoice[] {
	const keys = splitPath(stateId);
	const choices: GuideChoice[] = [];
	const hidden = new Set<string>();
	for (let depth = keys.length; depth > 0; depth--) {
		const source = keys.slice(0, depth).join('.');
		const own = edges.filter((e) => e.source === source && !hidden.has(e.event));
		// XState takes the first transition of an event whose guard passes; guides have no guards.
		for (const edge of own) {
			if (choices.some((c) => c.event === edge.event)) continue;
			const target = entryLeaf(machine, edge.target);
			if (target === undefined) continue;
			const choice: GuideChoice = { event: edge.event, target };
			if (edge.meta?.label) choice.label = edge.meta.label;
			choices.push(choice);
		}
		for (const edge of own) hidden.add(edge.event);
	}
	return choices;
}

/** The run after the advisor picks the answer (or "next") of this event; unchanged when there is none. */
export function answer(machine: GuideMachineConfig, run: GuideRun, event: string): GuideRun {
	const choice = guideChoices(machine, run).find((c) => c.event === event);
	return choice ? { path: [...run.path, choice.target] } : run;
}

/** The run one step back; the first step stays. */
export function back(run: GuideRun): GuideRun {
	return run.path.length > 1 ? { path: run.path.slice(0, -1) } : run;
}

/** How the contact ended, once the run is at an outcome; `undefined` before. */
export function outcomeOf(machine: GuideMachineConfig, run: GuideRun): { outcome: GuideOutcome; team?: string } | undefined {
	const at = currentStep(machine, run);
	if (!at || at.node.type !== 'final' || at.step?.kind !== 'outcome') return undefined;
	return at.step.team === undefined ? { outcome: at.step.outcome } : { outcome: at.step.outcome, team: at.step.team };
}
