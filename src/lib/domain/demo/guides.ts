/**
 * The demo's treatment guides: how Volta Énergie's advisors handle the five most frequent motives
 * and rejected direct debits, step by step, with the demo's real sources and articles. Each guide
 * asks, checks, acts and reads, and ends on more than one outcome.
 */
import type { Guide, GuideMachineConfig, GuideOutcome, GuideStateNode, Id, LocalizedText } from '../types';
import { DEMO_WORKSPACE_ID, demoMotiveId, type DemoMotiveCode } from './ids';

const RECLAMATIONS = 'Cellule réclamations N2';
const RECOUVREMENT = 'Cellule recouvrement';

const NEXT: LocalizedText = { fr: 'Suivant', en: 'Next' };
const EVENT_NEXT = 'guide.next';

/** An answer: its event suffix, the step it leads to, and its label in French and English. */
type Answer = [key: string, target: string, fr: string, en: string];

const label = (fr: string, en: string): LocalizedText => ({ fr, en });
const next = (target: string) => ({ on: { [EVENT_NEXT]: { target, meta: { label: { ...NEXT } } } } });

function question(name: LocalizedText, text: LocalizedText, answers: Answer[]): GuideStateNode {
	return {
		on: Object.fromEntries(answers.map(([key, target, fr, en]) => [`answer.${key}`, { target, meta: { label: label(fr, en) } }])),
		meta: { kind: 'step', label: name, step: { kind: 'question', text } }
	};
}

const check = (name: LocalizedText, sourceId: Id, lookFor: string, then: string): GuideStateNode => ({
	...next(then),
	meta: { kind: 'step', label: name, step: { kind: 'check', sourceId, lookFor } }
});

const action = (name: LocalizedText, system: string, instruction: string, then: string): GuideStateNode => ({
	...next(then),
	meta: { kind: 'step', label: name, step: { kind: 'action', system, instruction } }
});

const article = (name: LocalizedText, articleId: Id, then: string): GuideStateNode => ({
	...next(then),
	meta: { kind: 'step', label: name, step: { kind: 'article', articleId } }
});

function outcome(name: LocalizedText, kind: GuideOutcome, team?: string): GuideStateNode {
	return {
		type: 'final',
		meta: { kind: 'step', label: name, step: team === undefined ? { kind: 'outcome', outcome: kind } : { kind: 'outcome', outcome: kind, team } }
	};
}

const resolved = () => outcome(label('Résolu', 'Resolved'), 'resolved');

interface GuideSpec {
	code: DemoMotiveCode;
	name: LocalizedText;
	description: string;
	/** The steps, the first one first. */
	states: Record<string, GuideStateNode>;
}

const GUIDES: readonly GuideSpec[] = [
	{
		code: 'PAI-PREL',
		name: label('Prélèvement rejeté', 'Rejected direct debit'),
		description:
			'Trouver le motif du rejet, mettre à jour le mandat si le compte a changé, faire régler le montant dû ; un client qui ne peut pas payer et a déjà eu un plan non tenu part à la cellule recouvrement.',
		states: {
			rejet: check(
				label('Motif du rejet', 'Rejection reason'),
				'src-recouvrement',
				'Le motif du rejet SEPA (provision insuffisante, compte clôturé, mandat révoqué, opposition), le montant dû et les frais de rejet ; un éventuel rejet précédent.',
				'compte'
			),
			compte: question(
				label('Compte bancaire changé ?', 'Bank account changed?'),
				label('Le compte bancaire du client a-t-il changé, ou a-t-il révoqué son mandat ?', 'Has the customer changed bank account, or revoked the mandate?'),
				[
					['yes', 'mandat', 'Oui, nouveau compte', 'Yes, new account'],
					['no', 'regler', 'Non, même compte', 'No, same account']
				]
			),
			mandat: action(
				label('Nouveau mandat SEPA', 'New SEPA mandate'),
				'CRM Volta',
				'Saisir le nouvel IBAN sur la fiche client et envoyer le mandat SEPA en signature électronique.',
				'regler'
			),
			regler: question(
				label('Régler le montant dû', 'Settle the amount due'),
				label('Le client peut-il régler le montant dû et les frais de rejet ?', 'Can the customer pay the amount due and the rejection fee?'),
				[
					['card', 'lien', 'Oui, tout de suite par carte', 'Yes, now by card'],
					['represent', 'procedure', 'Oui, à la nouvelle présentation', 'Yes, at the next presentation'],
					['no', 'delai', 'Non, il demande un délai', 'No, asks for more time']
				]
			),
			lien: action(
				label('Lien de paiement', 'Payment link'),
				'CRM Volta',
				'Envoyer le lien de paiement par carte par SMS et rester en ligne jusqu’à la confirmation du paiement.',
				'procedure'
			),
			procedure: article(label('Régulariser le rejet', 'Settle the rejection'), 'kb-prelevement-rejete', 'resolu'),
			delai: question(
				label('Délai possible ?', 'Extension possible?'),
				label(
					'Le client a-t-il déjà eu un plan de paiement non tenu, ou lui faut-il plus de 3 échéances ?',
					'Has the customer broken a payment plan before, or do they need more than 3 instalments?'
				),
				[
					['no', 'plan', 'Non, 3 échéances suffisent', 'No, 3 instalments are enough'],
					['yes', 'recouvrement', 'Oui', 'Yes']
				]
			),
			plan: article(label('Accorder un délai', 'Grant an extension'), 'kb-delai-paiement', 'resolu'),
			resolu: resolved(),
			recouvrement: outcome(label('Transféré au recouvrement', 'Transferred to collection'), 'transferred', RECOUVREMENT)
		}
	},
	{
		code: 'FAC-EXPL',
		name: label('Expliquer une facture', 'Explain a bill'),
		description:
			'Parcourir la facture avec le client ligne à ligne, vérifier la nature de l’index, proposer un autorelevé si la consommation est estimée ; une contestation après explication part en réclamation.',
		states: {
			ligne: question(
				label('Ligne en cause', 'Line in question'),
				label('Quelle partie de la facture le client ne comprend-il pas ?', 'Which part of the bill does the customer not understand?'),
				[
					['consumption', 'index', 'La consommation', 'The consumption'],
					['fixed', 'explication', 'L’abonnement, l’acheminement ou les taxes', 'The standing charge, delivery or taxes']
				]
			),
			index: check(
				label('Nature de l’index', 'Kind of reading'),
				'src-facturation',
				'La nature de l’index facturé : réel (R), estimé (E) ou transmis par le client (C) ; comparer avec la même période de l’année précédente.',
				'estime'
			),
			estime: question(
				label('Index estimé ?', 'Estimated reading?'),
				label('L’index de la facture est-il estimé ?', 'Is the reading on the bill estimated?'),
				[
					['yes', 'autoreleve', 'Oui (E)', 'Yes (E)'],
					['no', 'explication', 'Non, réel ou transmis', 'No, actual or sent by the customer']
				]
			),
			autoreleve: action(
				label('Autorelevé', 'Self-reading'),
				'Facturation clientèle',
				'Saisir l’index que le client lit sur son compteur et demander une facture rectificative.',
				'explication'
			),
			explication: article(label('Expliquer les lignes', 'Explain the lines'), 'kb-expliquer-facture', 'accord'),
			accord: question(
				label('Montant accepté ?', 'Amount accepted?'),
				label('Après explication, le client est-il d’accord avec le montant ?', 'After the explanation, does the customer agree with the amount?'),
				[
					['yes', 'resolu', 'Oui', 'Yes'],
					['no', 'reclamation', 'Non, il le conteste', 'No, disputes it']
				]
			),
			resolu: resolved(),
			reclamation: outcome(label('Réclamation ouverte', 'Complaint opened'), 'escalated', RECLAMATIONS)
		}
	},
	{
		code: 'CTR-EMM',
		name: label('Souscrire à l’emménagement', 'Sign up when moving in'),
		description:
			'Trouver le point de livraison, présenter les offres, souscrire et demander la mise en service ; un client qui compare encore est rappelé.',
		states: {
			pdl: question(
				label('Point de livraison', 'Delivery point'),
				label('Le client connaît-il son numéro de point de livraison (14 chiffres) ?', 'Does the customer know their delivery point number (14 digits)?'),
				[
					['yes', 'portail', 'Oui', 'Yes'],
					['no', 'recherche', 'Non, seulement l’adresse', 'No, only the address']
				]
			),
			recherche: action(
				label('Rechercher le PDL', 'Find the delivery point'),
				'Portail gestionnaire de réseau',
				'Rechercher le point de livraison par l’adresse complète (bâtiment, étage, numéro d’appartement) et le faire confirmer par le client.',
				'portail'
			),
			portail: check(
				label('État du compteur', 'Meter status'),
				'src-portail-grd',
				'Le type de compteur (communicant ou non), la puissance souscrite et l’état du point : en service ou coupé.',
				'offres'
			),
			offres: article(label('Présenter les offres', 'Present the plans'), 'kb-emmenagement', 'souscrit'),
			souscrit: question(
				label('Souscription ?', 'Sign-up?'),
				label('Le client souscrit-il une offre maintenant ?', 'Does the customer sign up for a plan now?'),
				[
					['yes', 'contrat', 'Oui', 'Yes'],
					['later', 'rappel', 'Non, il compare encore', 'Not yet, still comparing']
				]
			),
			contrat: action(
				label('Créer le contrat', 'Create the contract'),
				'CRM Volta',
				'Souscrire dans le CRM ; le contrat et le mandat SEPA partent en signature électronique.',
				'compteur'
			),
			compteur: question(
				label('Mise en service', 'Connection'),
				label('Le compteur est-il communicant ?', 'Is it a smart meter?'),
				[
					['smart', 'resolu', 'Oui : mise en service à distance sous 1 jour', 'Yes: remote connection within 1 day'],
					['visit', 'rendezvous', 'Non : il faut un technicien', 'No: a technician must come']
				]
			),
			rendezvous: action(
				label('Rendez-vous technicien', 'Technician visit'),
				'Portail gestionnaire de réseau',
				'Demander la mise en service avec rendez-vous (5 jours ouvrés en général, express payante sous 24 h) et annoncer le créneau au client.',
				'resolu'
			),
			resolu: resolved(),
			rappel: outcome(label('Rappel planifié', 'Callback planned'), 'callback', 'Conseillers ventes')
		}
	},
	{
		code: 'CTR-DEM',
		name: label('Déménagement et résiliation', 'Moving out and termination'),
		description:
			'Enregistrer le départ, proposer de garder Volta à la nouvelle adresse, résilier et annoncer la facture de clôture ; un changement de fournisseur se fait sans nous.',
		states: {
			projet: question(
				label('Déménagement ?', 'Moving?'),
				label('Le client déménage-t-il, ou change-t-il seulement de fournisseur ?', 'Is the customer moving out, or only changing supplier?'),
				[
					['move', 'contrats', 'Il déménage', 'Moving out'],
					['switch', 'fournisseur', 'Il change de fournisseur', 'Changing supplier']
				]
			),
			contrats: check(
				label('Contrats actifs', 'Active contracts'),
				'src-crm',
				'Les contrats actifs à l’adresse (électricité, gaz), le mode de paiement et le solde du compte.',
				'depart'
			),
			depart: action(
				label('Date de départ', 'Move-out date'),
				'CRM Volta',
				'Enregistrer la date de départ et l’index de sortie ; sans index, prévenir que la clôture se fera sur index estimé.',
				'garder'
			),
			garder: question(
				label('Garder Volta ?', 'Stay with Volta?'),
				label('Le client veut-il garder Volta à sa nouvelle adresse ?', 'Does the customer want to stay with Volta at the new address?'),
				[
					['yes', 'nouvelle', 'Oui', 'Yes'],
					['no', 'resilier', 'Non', 'No']
				]
			),
			nouvelle: article(label('Souscrire à la nouvelle adresse', 'Sign up at the new address'), 'kb-emmenagement', 'resilier'),
			resilier: action(
				label('Résilier', 'Terminate'),
				'CRM Volta',
				'Transmettre la résiliation au gestionnaire de réseau depuis le CRM, à la date de départ.',
				'cloture'
			),
			cloture: article(label('Facture de clôture', 'Final bill'), 'kb-demenagement', 'resolu'),
			resolu: resolved(),
			fournisseur: outcome(label('Résiliation par le nouveau fournisseur', 'Terminated by the new supplier'), 'out-of-scope')
		}
	},
	{
		code: 'FAC-ECH',
		name: label('Échéancier et mensualisation', 'Payment schedule and monthly plan'),
		description:
			'Mettre en place ou ajuster l’échéancier, expliquer la facture de régularisation ; une baisse de plus de 30 % va au pilote facturation.',
		states: {
			demande: question(
				label('Demande', 'Request'),
				label('Que souhaite le client ?', 'What does the customer want?'),
				[
					['setup', 'mandat', 'Se mensualiser', 'Start a monthly plan'],
					['adjust', 'echeancier', 'Ajuster ses mensualités', 'Adjust the instalments'],
					['settlement', 'regularisation', 'Comprendre sa régularisation', 'Understand the annual settlement']
				]
			),
			mandat: check(
				label('Mandat SEPA', 'SEPA mandate'),
				'src-recouvrement',
				'Un mandat SEPA actif, sans rejet de prélèvement récent.',
				'mandatActif'
			),
			mandatActif: question(
				label('Mandat actif ?', 'Active mandate?'),
				label('Un mandat SEPA est-il actif ?', 'Is a SEPA mandate active?'),
				[
					['yes', 'calcul', 'Oui', 'Yes'],
					['no', 'rappel', 'Non, à signer d’abord', 'No, to be signed first']
				]
			),
			echeancier: check(
				label('Échéancier en cours', 'Current schedule'),
				'src-facturation',
				'L’échéancier en cours, la consommation des 12 derniers mois et la date du dernier ajustement.',
				'baisse'
			),
			baisse: question(
				label('Ajustement permis ?', 'Adjustment allowed?'),
				label(
					'La baisse demandée dépasse-t-elle 30 %, ou un ajustement a-t-il déjà eu lieu ce trimestre ?',
					'Is the requested decrease over 30%, or was the plan already adjusted this quarter?'
				),
				[
					['no', 'calcul', 'Non', 'No'],
					['yes', 'pilote', 'Oui', 'Yes']
				]
			),
			calcul: action(
				label('Nouvel échéancier', 'New schedule'),
				'Facturation clientèle',
				'Recalculer les mensualités sur les 12 derniers mois, choisir le jour de prélèvement (5, 10 ou 15) et valider : le récapitulatif part par e-mail.',
				'resolu'
			),
			regularisation: article(label('Expliquer la régularisation', 'Explain the settlement'), 'kb-mensualisation', 'resolu'),
			resolu: resolved(),
			rappel: outcome(label('Rappel après signature du mandat', 'Callback once the mandate is signed'), 'callback'),
			pilote: outcome(label('Accord du pilote facturation', 'Billing lead to approve'), 'escalated', 'Pilote processus facturation')
		}
	},
	{
		code: 'FAC-CONTEST',
		name: label('Contestation de facture', 'Bill dispute'),
		description:
			'Tout recueillir au premier contact pour éviter un rappel : la ligne contestée, l’index et sa photo, la comparaison avec le gestionnaire de réseau ; la réclamation part à la cellule réclamations.',
		states: {
			objet: question(
				label('Objet de la contestation', 'What is disputed'),
				label('Que conteste le client ?', 'What does the customer dispute?'),
				[
					['reading', 'indexGrd', 'L’index ou la consommation', 'The reading or consumption'],
					['other', 'historique', 'Une double facturation ou le tarif', 'A double bill or the price']
				]
			),
			indexGrd: check(
				label('Index du gestionnaire de réseau', 'Grid operator reading'),
				'src-portail-grd',
				'L’index relevé par le gestionnaire de réseau à la date de la facture, à comparer à l’index que le client lit aujourd’hui.',
				'ecart'
			),
			ecart: question(
				label('Écart confirmé ?', 'Gap confirmed?'),
				label('L’index du gestionnaire de réseau confirme-t-il une erreur de relève ?', 'Does the grid operator’s reading confirm a reading error?'),
				[
					['yes', 'photo', 'Oui, erreur de relève', 'Yes, a reading error'],
					['no', 'explication', 'Non, l’index facturé est juste', 'No, the billed reading is right']
				]
			),
			historique: check(
				label('Historique de facturation', 'Billing history'),
				'src-facturation',
				'Les factures émises sur la période, un éventuel doublon et les changements de tarif.',
				'photo'
			),
			explication: article(label('Expliquer la facture', 'Explain the bill'), 'kb-expliquer-facture', 'accord'),
			accord: question(
				label('Explication acceptée ?', 'Explanation accepted?'),
				label('Le client accepte-t-il l’explication ?', 'Does the customer accept the explanation?'),
				[
					['yes', 'resolu', 'Oui', 'Yes'],
					['no', 'photo', 'Non, il maintient sa contestation', 'No, maintains the dispute']
				]
			),
			photo: action(
				label('Ouvrir la réclamation', 'Open the complaint'),
				'CRM Volta',
				'Envoyer le lien de dépôt de la photo du compteur par SMS, créer la réclamation « Contestation facture » avec les pièces et suspendre le recouvrement.',
				'procedure'
			),
			procedure: article(label('Annoncer la suite', 'Say what comes next'), 'kb-contestation', 'reclamation'),
			resolu: resolved(),
			reclamation: outcome(label('Transmis à la cellule réclamations', 'Sent to the complaints team'), 'transferred', RECLAMATIONS)
		}
	}
];

/** The motive codes that have a demo guide. */
export const DEMO_GUIDE_CODES: readonly DemoMotiveCode[] = GUIDES.map((g) => g.code);

export const demoGuideId = (code: DemoMotiveCode): Id => `g-${code.toLowerCase()}`;

/** The demo guides, each a fresh copy. */
export function createDemoGuides(now: Date): Guide[] {
	return GUIDES.map((spec): Guide => {
		const machine: GuideMachineConfig = { id: 'guide', initial: Object.keys(spec.states)[0], states: structuredClone(spec.states) };
		return {
			id: demoGuideId(spec.code),
			workspaceId: DEMO_WORKSPACE_ID,
			motiveId: demoMotiveId(spec.code),
			name: { ...spec.name },
			description: spec.description,
			machine,
			updatedAt: now.toISOString()
		};
	});
}
