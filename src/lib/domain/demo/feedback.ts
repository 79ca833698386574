/**
 * What Volta Énergie's advisors said of a few articles from the console: two reports that the
 * rejected direct debit article is out of date, one that the moving-in article misses
 * information (it is not due for review, yet it goes to the top of its owner's queue), a piece of
 * feedback settled by a later review, and a "useful".
 */
import type { ArticleFeedback, FeedbackVerdict, Id } from '../types';
import { instantDaysAgo } from './dates';
import { DEMO_WORKSPACE_ID } from './ids';

interface FeedbackSpec {
	id: Id;
	articleId: Id;
	verdict: FeedbackVerdict;
	comment: string;
	author: string;
	givenDaysAgo: number;
}

const FEEDBACK: readonly FeedbackSpec[] = [
	{
		id: 'fb-prel-1',
		articleId: 'kb-prelevement-rejete',
		verdict: 'out-of-date',
		comment: 'Les frais de rejet ont changé au 1er janvier ; l’article donne encore l’ancien montant.',
		author: 'Nadia (N1, Lille)',
		givenDaysAgo: 10
	},
	{
		id: 'fb-prel-2',
		articleId: 'kb-prelevement-rejete',
		verdict: 'out-of-date',
		comment: 'Le lien de paiement par SMS part maintenant du CRM, plus de la gestion des paiements.',
		author: 'Julien (N1, Nantes)',
		givenDaysAgo: 3
	},
	{
		id: 'fb-emm-1',
		articleId: 'kb-emmenagement',
		verdict: 'missing-information',
		comment: 'Rien sur le cas d’un compteur coupé par l’ancien occupant : quel délai annoncer ?',
		author: 'Léa (ventes)',
		givenDaysAgo: 6
	},
	{
		id: 'fb-mens-1',
		articleId: 'kb-mensualisation',
		verdict: 'missing-information',
		comment: 'Préciser les jours de prélèvement possibles.',
		author: 'Nadia (N1, Lille)',
		// Before the article's last review (30 days ago), which settled it.
		givenDaysAgo: 45
	},
	{
		id: 'fb-delai-1',
		articleId: 'kb-delai-paiement',
		verdict: 'useful',
		comment: 'Le tableau des étapes de relance évite de transférer pour rien.',
		author: 'Julien (N1, Nantes)',
		givenDaysAgo: 2
	}
];

export function createDemoFeedback(now: Date): ArticleFeedback[] {
	return FEEDBACK.map((spec) => ({
		id: spec.id,
		workspaceId: DEMO_WORKSPACE_ID,
		articleId: spec.articleId,
		verdict: spec.verdict,
		comment: spec.comment,
		author: spec.author,
		createdAt: instantDaysAgo(now, spec.givenDaysAgo)
	}));
}
