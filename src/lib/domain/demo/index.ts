/**
 * The demo workspace: Volta Énergie, a fictional French electricity and gas supplier, with two
 * journeys, a catalogue of twenty motives, a small knowledge base and treatment guides for the most
 * frequent motives. Every date is counted back
 * from `now`, so what is stale stays stale whenever the demo is created.
 */
import type { WorkspaceContent, WorkspaceCosts } from '../types';
import { createDemoActions } from './actions';
import { createDemoFeedback } from './feedback';
import { createDemoGuides } from './guides';
import { DEMO_WORKSPACE_ID } from './ids';
import { createDemoJourneys } from './journeys';
import { createDemoArticles, createDemoSources } from './knowledge';
import { createDemoMotives, createDemoThemes } from './motives';
import { createDemoRules } from './rules';

export {
	DEMO_WORKSPACE_ID,
	DEMO_MOTIVE_CODES,
	JOURNEY_EMMENAGEMENT_ID,
	JOURNEY_FACTURE_ID,
	demoMotiveId,
	type DemoMotiveCode
} from './ids';
export { demoMotiveModel, type DemoMotiveModelEntry } from './motives';
export { createDemoJourneys } from './journeys';
export { createDemoRules } from './rules';
export { DEMO_GUIDE_CODES, demoGuideId } from './guides';

/**
 * Costs of one contact per channel for the demo, so its frictions read in money from the start;
 * typical orders of magnitude for a French energy supplier's contact centre, in euros.
 */
export function demoCosts(): WorkspaceCosts {
	return {
		currency: 'EUR',
		costPerChannel: { phone: 6.5, email: 4.2, chat: 3.8, messaging: 3.2, web_form: 3.5, social: 4.5, mail: 9, store: 12 }
	};
}

/** A fresh copy of the demo workspace; nothing is shared between calls, so callers may mutate it. */
export function createDemoWorkspace(now: Date = new Date()): WorkspaceContent {
	const journeys = createDemoJourneys(now);
	const stamp = now.toISOString();
	return {
		workspace: {
			id: DEMO_WORKSPACE_ID,
			name: 'Volta Énergie — démo',
			description:
				"Espace de démonstration : Volta Énergie, fournisseur fictif d'électricité et de gaz. Deux parcours (emménagement, facture et paiement), un catalogue de vingt motifs de contact et une base de connaissance, à explorer ou à modifier librement. Les noms, chiffres et personnes sont inventés.",
			createdAt: stamp,
			updatedAt: stamp,
			isDemo: true,
			costs: demoCosts()
		},
		journeys,
		themes: createDemoThemes(),
		motives: createDemoMotives(now, journeys),
		sources: createDemoSources(now),
		articles: createDemoArticles(now),
		rules: createDemoRules(),
		actions: createDemoActions(now),
		guides: createDemoGuides(now),
		feedback: createDemoFeedback(now)
	};
}
