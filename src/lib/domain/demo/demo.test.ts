import { createActor, createMachine, type AnyMachineSnapshot } from 'xstate';
import { getSimplePaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { answer, currentStep, guideChoices, guideSteps, outcomeOf, startGuide, validateGuide, type GuideRun } from '../guide';
import { findState, stateIds, transitionsOf, validateJourney } from '../journey';
import { createCatalogueSearch } from '../catalogue-search';
import { openFeedback, reviewState, toReviewList } from '../knowledge';
import { validateWorkspaceContent } from '../schemas';
import type { Channel, JourneyStateNode, KnowledgeArticle } from '../types';
import { DEMO_GUIDE_CODES, DEMO_MOTIVE_CODES, DEMO_WORKSPACE_ID, createDemoWorkspace, demoGuideId, demoMotiveId, demoMotiveModel } from './index';

const NOW = new Date('2026-03-01T09:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const demo = () => createDemoWorkspace(NOW);

function nodes(states: Record<string, JourneyStateNode>): JourneyStateNode[] {
	return Object.values(states).flatMap((node) => [node, ...(node.states ? nodes(node.states) : [])]);
}

function isStale(article: KnowledgeArticle, now: Date): boolean {
	if (!article.lastReview) return false;
	return now.getTime() - Date.parse(article.lastReview) > article.reviewIntervalDays * DAY_MS;
}

describe('demo workspace', () => {
	it('passes the workspace file validation', () => {
		expect(validateWorkspaceContent(demo())).toEqual([]);
	});

	it('puts every entity in the demo workspace', () => {
		const content = demo();
		expect(content.workspace).toMatchObject({ id: DEMO_WORKSPACE_ID, name: 'Volta Énergie — démo', isDemo: true });
		const entities = [
			...content.journeys,
			...content.themes,
			...content.motives,
			...content.sources,
			...content.articles,
			...content.guides
		];
		expect(entities.length).toBeGreaterThan(0);
		for (const entity of entities) expect(entity.workspaceId).toBe(DEMO_WORKSPACE_ID);
	});

	it('builds a fresh copy on each call', () => {
		const first = demo();
		first.motives[0].sourceIds.push('changed');
		first.journeys[0].machine.states.decouverte.meta.label.fr = 'changé';
		const second = demo();
		expect(second.motives[0].sourceIds).not.toContain('changed');
		expect(second.journeys[0].machine.states.decouverte.meta.label.fr).toBe('Découverte');
	});
});

describe('demo journeys', () => {
	it('are machines XState builds and runs', () => {
		const { journeys } = demo();
		expect(journeys.map((j) => j.id)).toEqual(['j-emmenagement', 'j-facture']);
		for (const journey of journeys) {
			const machine = createMachine(journey.machine);
			const actor = createActor(machine).start();
			expect(actor.getSnapshot().status).toBe('active');
			actor.stop();
		}
	});

	it('can be walked to their final state by their own events', () => {
		const walks: Record<string, string[]> = {
			'j-emmenagement': [
				'offre.simuler',
				'souscription.telephone',
				'souscription.valider',
				'contrat.signer',
				'justificatifs.deposer',
				'intervention.planifier',
				'rdv.effectuer',
				'service.activer',
				'compte.echouer',
				'demande.resoudre',
				'facture.accepter'
			],
			'j-facture': ['facture.ouvrir', 'facture.questionner', 'faq.chatbot', 'chat.conseiller', 'facture.contester', 'reclamation.fonder', 'regularisation.emettre']
		};
		for (const journey of demo().journeys) {
			const actor = createActor(createMachine(journey.machine)).start();
			for (const type of walks[journey.id]) actor.send({ type });
			expect(actor.getSnapshot().status).toBe('done');
		}
	});

	it('have every state reachable, a way out of every step and no arrow to nowhere', () => {
		for (const journey of demo().journeys) expect(validateJourney(journey.machine)).toEqual([]);
	});

	it('have 12 to 20 states, each with its kind and both labels', () => {
		for (const journey of demo().journeys) {
			const all = nodes(journey.machine.states);
			expect(all.length).toBeGreaterThanOrEqual(12);
			expect(all.length).toBeLessThanOrEqual(20);
			for (const node of all) {
				expect(node.meta.label.fr).not.toBe('');
				expect(node.meta.label.en).not.toBe('');
				if (node.meta.emotion !== undefined) expect(Math.abs(node.meta.emotion)).toBeLessThanOrEqual(2);
			}
		}
	});

	it('use dotted event names and shares summing to 1 out of each state', () => {
		for (const journey of demo().journeys) {
			const shares = new Map<string, number>();
			for (const edge of transitionsOf(journey.machine)) {
				expect(edge.event).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
				expect(edge.meta?.share).toBeGreaterThan(0);
				shares.set(edge.source, (shares.get(edge.source) ?? 0) + (edge.meta?.share ?? 0));
			}
			for (const [source, total] of shares) expect([source, Math.abs(total - 1) < 0.011]).toEqual([source, true]);
		}
	});

	it('cover the web, app, phone, email, chat and store channels', () => {
		const channels = new Set<Channel | undefined>(
			demo().journeys.flatMap((j) => nodes(j.machine.states).map((n) => n.meta.channel))
		);
		for (const channel of ['web', 'app', 'phone', 'email', 'chat', 'store'] as const) {
			expect(channels.has(channel)).toBe(true);
		}
	});
});

describe('demo catalogue and knowledge links', () => {
	it('has the twenty codes, each on one motive, with prevalences summing to 1', () => {
		const { motives } = demo();
		const codes = motives.flatMap((m) => m.crmCodes);
		expect(new Set(codes).size).toBe(codes.length);
		expect(motives.map((m) => m.crmCodes[0])).toEqual([...DEMO_MOTIVE_CODES]);
		expect(motives.map((m) => m.id)).toContain('m-fac-expl');
		const total = motives.reduce((s, m) => s + (m.prevalence ?? 0), 0);
		expect(Math.abs(total - 1)).toBeLessThanOrEqual(0.02);
	});

	it('links motives and journey states both ways, to states and motives that exist', () => {
		const { journeys, motives } = demo();
		const motiveIds = new Set(motives.map((m) => m.id));
		const states = new Set(journeys.flatMap((j) => stateIds(j.machine).map((s) => `${j.id}|${s}`)));
		const fromStates = new Set<string>();
		for (const journey of journeys) {
			for (const path of stateIds(journey.machine)) {
				for (const id of findState(journey.machine, path)?.meta.expectedMotives ?? []) {
					expect(motiveIds.has(id)).toBe(true);
					fromStates.add(`${id}|${journey.id}|${path}`);
				}
			}
		}
		const fromMotives = new Set<string>();
		for (const motive of motives) {
			for (const ref of motive.journeyStates) {
				expect(states.has(`${ref.journeyId}|${ref.stateId}`)).toBe(true);
				fromMotives.add(`${motive.id}|${ref.journeyId}|${ref.stateId}`);
			}
		}
		expect(fromMotives.size).toBeGreaterThan(20);
		expect(fromMotives).toEqual(fromStates);
	});

	it('links motives to sources and articles that exist', () => {
		const { motives, sources, articles } = demo();
		const sourceIds = new Set(sources.map((s) => s.id));
		const articleIds = new Set(articles.map((a) => a.id));
		for (const motive of motives) {
			for (const id of motive.sourceIds) expect(sourceIds.has(id)).toBe(true);
			for (const id of motive.articleIds) expect(articleIds.has(id)).toBe(true);
		}
	});

	it('leaves two articles and two motives orphan on purpose', () => {
		const { motives, articles } = demo();
		const linked = new Set(motives.flatMap((m) => m.articleIds));
		expect(articles.filter((a) => !linked.has(a.id)).map((a) => a.id)).toEqual(['kb-cheque-energie', 'kb-offre-fixe-2022']);
		expect(motives.filter((m) => m.sourceIds.length === 0 && m.articleIds.length === 0).map((m) => m.id)).toEqual([
			'm-ctr-titul',
			'm-web-app'
		]);
	});

	it('has twelve articles: three stale whenever it is created, one never reviewed, one draft, one archived', () => {
		for (const now of [NOW, new Date('2031-07-14T12:00:00.000Z')]) {
			const { articles } = createDemoWorkspace(now);
			expect(articles).toHaveLength(12);
			expect(articles.filter((a) => isStale(a, now)).map((a) => a.id)).toEqual([
				'kb-expliquer-facture',
				'kb-prelevement-rejete',
				'kb-panne'
			]);
			expect(articles.filter((a) => !a.lastReview).map((a) => a.id)).toEqual(['kb-cheque-energie']);
			expect(articles.filter((a) => a.status === 'draft')).toHaveLength(1);
			expect(articles.filter((a) => a.status === 'archived')).toHaveLength(1);
		}
	});

	it('gives a data generator the motives in code order with their category', () => {
		const model = demoMotiveModel();
		expect(model.map((m) => m.code)).toEqual([...DEMO_MOTIVE_CODES]);
		expect(model[0]).toMatchObject({ code: 'FAC-EXPL', category: 'Comprendre sa facture', complex: false });
		expect(model.filter((m) => m.complex).map((m) => m.code)).toEqual([
			'FAC-CONTEST',
			'PAI-RELANCE',
			'CTR-TITUL',
			'CPT-PANNE'
		]);
		const motives = demo().motives;
		for (const entry of model) {
			expect(motives.find((m) => m.crmCodes[0] === entry.code)?.prevalence).toBe(entry.prevalence);
		}
	});
});

describe('demo guides', () => {
	const content = demo();
	const catalogue = {
		motiveIds: new Set(content.motives.map((m) => m.id)),
		sourceIds: new Set(content.sources.map((s) => s.id)),
		articleIds: new Set(content.articles.map((a) => a.id))
	};

	it('guide the five most frequent motives and rejected direct debits', () => {
		const byPrevalence = [...content.motives].sort((a, b) => (b.prevalence ?? 0) - (a.prevalence ?? 0));
		const topFour = byPrevalence.slice(0, 4).map((m) => m.crmCodes[0]);
		expect(topFour).toEqual(['FAC-EXPL', 'CTR-EMM', 'CTR-DEM', 'FAC-ECH']);
		expect(content.motives.find((m) => m.id === demoMotiveId('FAC-CONTEST'))?.prevalence).toBe(byPrevalence[4].prevalence);
		expect(new Set(DEMO_GUIDE_CODES)).toEqual(new Set([...topFour, 'FAC-CONTEST', 'PAI-PREL']));
		expect(content.guides.map((g) => g.motiveId).sort()).toEqual(DEMO_GUIDE_CODES.map(demoMotiveId).sort());
	});

	it.each(DEMO_GUIDE_CODES.map((code) => [code]))('%s passes every guide check, with real sources and articles', (code) => {
		const guide = content.guides.find((g) => g.id === demoGuideId(code));
		if (!guide) throw new Error(`no guide for ${code}`);
		expect(validateGuide(guide, catalogue)).toEqual([]);
		const steps = guideSteps(guide.machine);
		expect(steps.length).toBeGreaterThanOrEqual(5);
		expect(steps.length).toBeLessThanOrEqual(10);
		const kinds = steps.map((s) => s.step?.kind);
		expect(kinds.filter((k) => k === 'question').length).toBeGreaterThanOrEqual(2);
		for (const kind of ['check', 'article'] as const) expect(kinds).toContain(kind);
		const outcomes = new Set(steps.flatMap((s) => (s.step?.kind === 'outcome' ? [s.step.outcome] : [])));
		expect(outcomes.size).toBeGreaterThanOrEqual(2);
		for (const { node } of steps) {
			expect(node.meta.label.fr.trim()).not.toBe('');
			expect(node.meta.label.en.trim()).not.toBe('');
		}
		// Every answer and "next" is labelled in both languages.
		for (const edge of transitionsOf(guide.machine)) {
			expect(edge.meta?.label.fr.trim()).toBeTruthy();
			expect(edge.meta?.label.en.trim()).toBeTruthy();
		}
		// XState walks every simple path to an end.
		const machine = createMachine(structuredClone(guide.machine) as Parameters<typeof createMachine>[0]);
		const events = [...new Set(transitionsOf(guide.machine).map((e) => e.event))].map((type) => ({ type }));
		const paths = getSimplePaths(machine, { events, toState: (s) => s.status === 'done' });
		expect(paths.length).toBeGreaterThanOrEqual(2);
		for (const path of paths) expect((path.state as AnyMachineSnapshot).status).toBe('done');
	});

	it('lets an advisor find rejected direct debits by the customer’s words, answer two questions, read the article and resolve; or transfer', () => {
		const search = createCatalogueSearch(content);
		const firstMotive = (query: string) => search.search(query, { lang: 'fr', kinds: ['motive'] })[0]?.id;
		const motive = content.motives.find((m) => m.id === firstMotive('prélèvement'));
		expect(motive?.id).toBe(demoMotiveId('PAI-PREL'));
		expect(firstMotive('résilier')).toBe(demoMotiveId('CTR-DEM'));
		expect(firstMotive('facture trop chère')).toBe(demoMotiveId('FAC-EXPL'));
		const guide = content.guides.find((g) => g.motiveId === motive?.id);
		if (!guide) throw new Error('no guide');
		const { machine } = guide;
		const walk = (labels: string[]): GuideRun => {
			let run = startGuide(machine);
			if (!run) throw new Error('no start');
			for (const label of labels) {
				const choice = guideChoices(machine, run).find((c) => c.label?.fr === label);
				if (!choice) throw new Error(`no answer "${label}" at ${run.path.at(-1)}`);
				run = answer(machine, run, choice.event);
			}
			return run;
		};
		const resolved = walk(['Suivant', 'Non, même compte', 'Oui, à la nouvelle présentation']);
		expect(currentStep(machine, resolved)?.step).toEqual({ kind: 'article', articleId: 'kb-prelevement-rejete' });
		expect(outcomeOf(machine, walk(['Suivant', 'Non, même compte', 'Oui, à la nouvelle présentation', 'Suivant']))).toEqual({ outcome: 'resolved' });
		expect(outcomeOf(machine, walk(['Suivant', 'Non, même compte', 'Non, il demande un délai', 'Oui']))).toEqual({
			outcome: 'transferred',
			team: 'Cellule recouvrement'
		});
	});

	it('gives every demo motive the words customers use', () => {
		for (const motive of content.motives) expect(motive.synonyms?.length).toBeGreaterThanOrEqual(3);
	});
});

describe('demo feedback', () => {
	it('puts the reported articles first in the review queue, settled feedback left out', () => {
		const { articles, sources, feedback } = demo();
		const queue = toReviewList(articles, sources, NOW, feedback);
		expect(queue.slice(0, 2).map((entry) => entry.item.id)).toEqual(['kb-prelevement-rejete', 'kb-emmenagement']);
		const emmenagement = articles.find((a) => a.id === 'kb-emmenagement');
		expect(emmenagement && reviewState(emmenagement, NOW).kind).toBe('fresh');
		expect(openFeedback(articles, feedback).map((f) => f.id)).not.toContain('fb-mens-1');
	});
});
