/**
 * The demo's action plan: four actions answering the frictions the demo data shows most (bill
 * explanations, contested bills, rejected direct debits), linked to their motives, journey states
 * and articles, at different stages so the board and the list have something to show.
 */
import type { Action } from '../types';
import { DEMO_WORKSPACE_ID, JOURNEY_FACTURE_ID, demoMotiveId } from './ids';

const day = 86_400_000;
/** `YYYY-MM-DD`, `days` after `now`. */
const dateIn = (now: Date, days: number) => new Date(now.getTime() + days * day).toISOString().slice(0, 10);

export function createDemoActions(now: Date): Action[] {
	const base = { workspaceId: DEMO_WORKSPACE_ID, description: '' };
	return [
		{
			...base,
			id: 'action-demo-article-facture',
			title: "Enrichir l'article « Expliquer une facture » (régularisation, prorata, taxes)",
			description:
				"Ajouter au socle de connaissance les trois cas qui font rappeler : facture de régularisation après relevé, prorata d'emménagement, hausse des taxes. Un exemple chiffré par cas.",
			lever: 'enrich-knowledge',
			horizon: 'quick-win',
			owner: 'Claire M. (base de connaissance)',
			dueDate: dateIn(now, 21),
			status: 'in-progress',
			expectedGain: 42_000,
			motiveIds: [demoMotiveId('FAC-EXPL')],
			states: [
				{ journeyId: JOURNEY_FACTURE_ID, stateId: 'comprehension.faq' },
				{ journeyId: JOURNEY_FACTURE_ID, stateId: 'comprehension.appel' }
			],
			articleIds: ['kb-expliquer-facture'],
			frictionKey: `motive:${demoMotiveId('FAC-EXPL')}`
		},
		{
			...base,
			id: 'action-demo-selfcare-paiement',
			title: "Refondre la page de paiement de l'espace client",
			description:
				'Afficher le moyen de paiement actuel, permettre le changement de RIB en ligne et confirmer la prise en compte par e-mail.',
			lever: 'improve-self-care',
			horizon: 'strategic',
			owner: 'Équipe digitale',
			dueDate: dateIn(now, 120),
			status: 'todo',
			expectedGain: 18_000,
			motiveIds: [demoMotiveId('PAI-MOYEN'), demoMotiveId('WEB-CNX')],
			states: [{ journeyId: JOURNEY_FACTURE_ID, stateId: 'paiement.paiementEnLigne' }],
			articleIds: ['kb-espace-client'],
			frictionKey: `motive:${demoMotiveId('PAI-MOYEN')}`
		},
		{
			...base,
			id: 'action-demo-specialisation-contestation',
			title: 'Spécialiser une cellule de conseillers sur les contestations de facture',
			description:
				'Router les contestations vers six conseillers formés au relevé contradictoire et habilités aux gestes commerciaux.',
			lever: 'specialise-advisors',
			horizon: 'strategic',
			owner: 'Responsable plateau N2',
			dueDate: dateIn(now, 75),
			status: 'todo',
			expectedGain: 27_000,
			motiveIds: [demoMotiveId('FAC-CONTEST')],
			states: [{ journeyId: JOURNEY_FACTURE_ID, stateId: 'reclamation.contestation' }],
			articleIds: ['kb-contestation'],
			frictionKey: `motive:${demoMotiveId('FAC-CONTEST')}`
		},
		{
			...base,
			id: 'action-demo-sms-prelevement',
			title: 'SMS proactif trois jours avant chaque prélèvement',
			description:
				'Prévenir du montant et de la date du prélèvement, avec un lien vers le détail de la facture : moins de rejets, moins d’appels de surprise.',
			lever: 'proactive-contact',
			horizon: 'quick-win',
			owner: 'Marketing relationnel',
			dueDate: dateIn(now, -10),
			status: 'done',
			expectedGain: 12_500,
			motiveIds: [demoMotiveId('PAI-PREL')],
			states: [{ journeyId: JOURNEY_FACTURE_ID, stateId: 'paiement.prelevement' }],
			articleIds: ['kb-prelevement-rejete'],
			frictionKey: `motive:${demoMotiveId('PAI-PREL')}`
		}
	];
}
