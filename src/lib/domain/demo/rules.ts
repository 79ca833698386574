/**
 * The demo's mapping rules: the CRM codes, channels and web pages of the synthetic Volta Énergie
 * logs (analysis/generate-model.ts) sent to the states of both demo journeys. Specific rules come
 * first (a motive on one channel), then a motive anywhere; the home page and the contact page are
 * left unmapped on purpose, so the overlay has unmapped traffic to show.
 */
import type { MappingRule, PageMatch } from '../types';
import { DEMO_WORKSPACE_ID, JOURNEY_EMMENAGEMENT_ID, JOURNEY_FACTURE_ID } from './ids';

type ContactSpec = [stateId: string, motive: string | null, channel?: string];
type PageSpec = [stateId: string, page: string, syntax?: PageMatch['syntax']];

function rules(journeyId: string, prefix: string, contacts: ContactSpec[], pages: PageSpec[]): MappingRule[] {
	const out: MappingRule[] = [];
	const base = { workspaceId: DEMO_WORKSPACE_ID, journeyId };
	for (const [stateId, motive, channel] of contacts) {
		const match: { motive?: string; channel?: string } = {};
		if (motive) match.motive = motive;
		if (channel) match.channel = channel;
		out.push({ ...base, id: `${prefix}-${out.length + 1}`, order: out.length, stateId, kind: 'contact', match });
	}
	for (const [stateId, page, syntax = 'glob'] of pages) {
		out.push({ ...base, id: `${prefix}-${out.length + 1}`, order: out.length, stateId, kind: 'web', match: { page, syntax } });
	}
	return out;
}

function facture(): MappingRule[] {
	return rules(
		JOURNEY_FACTURE_ID,
		'rule-facture',
		[
			['reclamation.contestation', 'FAC-CONTEST'],
			['reclamation.regularisation', 'FAC-REMB'],
			['reclamation.echeancier', 'FAC-ECH'],
			['paiement.boutique', 'PAI-DELAI', 'store'],
			['paiement.boutique', 'PAI-RELANCE', 'store'],
			['paiement.relance', 'PAI-RELANCE'],
			['reclamation.echeancier', 'PAI-DELAI'],
			['paiement.prelevement', 'PAI-PREL'],
			['paiement.paiementEnLigne', 'PAI-MOYEN'],
			['reception.notification', 'FAC-DUPL'],
			['comprehension.chatbot', 'FAC-EXPL', 'chat'],
			['comprehension.appel', 'FAC-EXPL'],
			['comprehension.appel', 'CPT-INDEX'],
			['reception.consultation', 'WEB-CNX'],
			['reception.consultation', 'WEB-APP'],
			['reception.consultation', 'WEB-DOC']
		],
		[
			['reception.consultation', '/espace-client/factures/**'],
			['reclamation.echeancier', '/espace-client/echeancier'],
			['paiement.paiementEnLigne', '/espace-client/paiement/**'],
			['comprehension.faq', '/aide/facture/**'],
			['comprehension.faq', '/aide/paiement/**'],
			['reception.consultation', '^/(connexion|application|espace-client/documents)$', 'regex'],
			['reception.consultation', '/aide/connexion/**'],
			['reception.consultation', '/aide/espace-client']
		]
	);
}

function emmenagement(): MappingRule[] {
	return rules(
		JOURNEY_EMMENAGEMENT_ID,
		'rule-emmenagement',
		[
			['souscription.boutique', 'CTR-EMM', 'store'],
			['souscription.enLigne', 'CTR-EMM', 'web_form'],
			['souscription.telephone', 'CTR-EMM'],
			['souscription.telephone', 'CTR-DEM'],
			['souscription.telephone', 'CTR-TITUL'],
			['decouverte.comparer', 'CTR-OFFRE'],
			['miseEnService.releveIndex', 'CPT-INDEX'],
			['miseEnService.rdv', 'CPT-LINKY'],
			['miseEnService.rdv', 'CPT-MES'],
			['miseEnService.confirmation', 'CPT-PANNE'],
			['premiereFacture.appelServiceClient', 'WEB-CNX'],
			['premiereFacture.appelServiceClient', 'FAC-EXPL'],
			['premiereFacture.facture', 'FAC-ECH'],
			['souscription.signature', 'PAI-MOYEN']
		],
		[
			['decouverte.simulateur', '/offres/simulateur'],
			['decouverte.comparer', '/offres/**'],
			['souscription.enLigne', '/demenagement/**'],
			['souscription.signature', '/souscription/signature'],
			['souscription.justificatifs', '/espace-client/contrat'],
			['souscription.telephone', '/aide/contrat/**'],
			['miseEnService.releveIndex', '/espace-client/releve'],
			['miseEnService.releveIndex', '/espace-client/consommation'],
			['miseEnService.rdv', '/aide/compteur/**'],
			['miseEnService.confirmation', '/aide/panne'],
			['miseEnService.confirmation', '/espace-client/mise-en-service'],
			['premiereFacture.espaceClient', '/espace-client'],
			['premiereFacture.espaceClient', '/connexion'],
			['premiereFacture.espaceClient', '/aide/connexion/**'],
			['premiereFacture.facture', '/espace-client/factures/**']
		]
	);
}

/** A fresh copy of the demo's mapping rules for both journeys. */
export function createDemoRules(): MappingRule[] {
	return [...emmenagement(), ...facture()];
}
