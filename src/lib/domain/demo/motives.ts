/**
 * The demo motive catalogue: five themes, a few sub-themes and the twenty motives of Volta Énergie's
 * CRM qualification grid. Prevalences are the estimates a process owner would put in before any
 * dataset is imported; they sum to 1.
 */
import type { Id, Journey, JourneyStateNode, LocalizedText, Motive, StateRef, Theme, Treatment } from '../types';
import { daysAgo } from './dates';
import { DEMO_MOTIVE_CODES, DEMO_WORKSPACE_ID, demoMotiveId, type DemoMotiveCode } from './ids';

interface ThemeSpec {
	id: Id;
	parentId: Id | null;
	label: LocalizedText;
	order: number;
}

const THEMES: readonly ThemeSpec[] = [
	{ id: 't-facturation', parentId: null, order: 1, label: { fr: 'Facturation', en: 'Billing' } },
	{
		id: 't-facturation-comprendre',
		parentId: 't-facturation',
		order: 1,
		label: { fr: 'Comprendre sa facture', en: 'Understanding the bill' }
	},
	{
		id: 't-facturation-regularisation',
		parentId: 't-facturation',
		order: 2,
		label: { fr: 'Mensualisation et régularisation', en: 'Monthly plan and adjustment' }
	},
	{ id: 't-paiement', parentId: null, order: 2, label: { fr: 'Paiement', en: 'Payment' } },
	{
		id: 't-paiement-moyens',
		parentId: 't-paiement',
		order: 1,
		label: { fr: 'Moyens de paiement', en: 'Payment methods' }
	},
	{
		id: 't-paiement-impayes',
		parentId: 't-paiement',
		order: 2,
		label: { fr: 'Impayés et recouvrement', en: 'Arrears and collection' }
	},
	{ id: 't-contrat', parentId: null, order: 3, label: { fr: 'Contrat', en: 'Contract' } },
	{
		id: 't-contrat-arrivee-depart',
		parentId: 't-contrat',
		order: 1,
		label: { fr: 'Arrivée et départ', en: 'Moving in and out' }
	},
	{
		id: 't-compteur',
		parentId: null,
		order: 4,
		label: { fr: 'Compteur et relève', en: 'Meter and readings' }
	},
	{
		id: 't-compteur-releve',
		parentId: 't-compteur',
		order: 1,
		label: { fr: "Relève d'index", en: 'Meter readings' }
	},
	{
		id: 't-compteur-reseau',
		parentId: 't-compteur',
		order: 2,
		label: { fr: 'Interventions réseau', en: 'Grid operations' }
	},
	{
		id: 't-digital',
		parentId: null,
		order: 5,
		label: { fr: 'Espace client et digital', en: 'Customer account and digital' }
	}
];

interface MotiveSpec {
	code: DemoMotiveCode;
	/** Codes of the previous qualification grid still found in old CRM exports. */
	legacyCodes?: string[];
	themeId: Id;
	label: LocalizedText;
	description: string;
	prevalence: number;
	complex: boolean;
	treatment: Treatment;
	sourceIds: Id[];
	articleIds: Id[];
	systemRecording: string;
	dataFlows: string;
	owner: string;
	/** Days since the owner last reviewed the motive; none when it never was. */
	reviewedDaysAgo?: number;
}

const N1 = 'Service client N1';
const RECLAMATIONS = 'Cellule réclamations N2';
const RECOUVREMENT = 'Cellule recouvrement';
const GRD = 'Gestionnaire de réseau';

const MOTIVES: readonly MotiveSpec[] = [
	// ---------------------------------------------------------------- Facturation
	{
		code: 'FAC-EXPL',
		legacyCodes: ['FACT01'],
		themeId: 't-facturation-comprendre',
		label: { fr: 'Explication de facture', en: 'Bill explanation' },
		description:
			'Le client ne comprend pas un montant ou une ligne de sa facture : consommation estimée, abonnement, taxes, prorata après un changement de tarif.',
		prevalence: 0.14,
		complex: false,
		treatment: {
			level: 'front-line',
			team: N1,
			procedure:
				"Ouvrir la facture dans l'outil de facturation, la parcourir ligne à ligne avec le client, vérifier si l'index est réel ou estimé. Proposer un autorelevé si la consommation est estimée.",
			expectedDelay: "Immédiat : l'explication est donnée pendant l'appel",
			nextStep: "Si un autorelevé est fait, la prochaine facture sera recalculée sur l'index réel"
		},
		sourceIds: ['src-facturation', 'src-crm', 'src-tarifs'],
		articleIds: ['kb-expliquer-facture'],
		systemRecording:
			'Écran de qualification CRM « Facturation > Comprendre sa facture », code FAC-EXPL ; numéro de facture dans le champ Référence.',
		dataFlows: 'Facturation → CRM (consultation de la facture) ; base tarifs → CRM (grille en vigueur).',
		owner: 'Claire Moreau (pilote processus facturation)',
		reviewedDaysAgo: 40
	},
	{
		code: 'FAC-CONTEST',
		legacyCodes: ['FACT02'],
		themeId: 't-facturation-comprendre',
		label: { fr: 'Contestation de facture', en: 'Bill dispute' },
		description:
			"Le client conteste le montant d'une facture (index erroné, consommation anormale, double facturation). Demande une analyse et souvent une refacturation.",
		prevalence: 0.06,
		complex: true,
		treatment: {
			level: 'second-level',
			team: RECLAMATIONS,
			procedure:
				"Recueillir l'index contesté et une photo du compteur, ouvrir une réclamation dans le CRM et la transmettre à la cellule réclamations. Annoncer un délai de réponse de 10 jours ouvrés et suspendre le recouvrement de la facture.",
			expectedDelay: 'Réponse écrite sous 10 jours ouvrés',
			nextStep: "La cellule réclamations analyse l'index ; le recouvrement de la facture est suspendu d'ici là"
		},
		sourceIds: ['src-facturation', 'src-crm', 'src-portail-grd'],
		articleIds: ['kb-contestation', 'kb-expliquer-facture'],
		systemRecording:
			'Réclamation CRM de type « Contestation facture », code FAC-CONTEST ; pièce jointe photo du compteur ; statut suivi jusqu’à la clôture.',
		dataFlows:
			'CRM → cellule réclamations (réclamation) ; portail gestionnaire de réseau → facturation (index rectifié) ; facturation → CRM (facture rectificative).',
		owner: 'Claire Moreau (pilote processus facturation)',
		reviewedDaysAgo: 25
	},
	{
		code: 'FAC-ECH',
		themeId: 't-facturation-regularisation',
		label: { fr: 'Échéancier et mensualisation', en: 'Payment schedule and monthly plan' },
		description:
			"Mise en place, consultation ou ajustement de l'échéancier de mensualisation ; incompréhension de la facture annuelle de régularisation.",
		prevalence: 0.07,
		complex: false,
		treatment: {
			level: 'front-line',
			team: N1,
			procedure:
				"Consulter l'échéancier dans l'outil de facturation, recalculer les mensualités sur la consommation des douze derniers mois et valider le nouvel échéancier avec le client. Envoyer le récapitulatif par e-mail.",
			expectedDelay: 'Échéancier actif dès la prochaine échéance',
			nextStep: 'Un courrier récapitulatif avec les dates et montants part sous 48 h'
		},
		sourceIds: ['src-facturation', 'src-recouvrement'],
		articleIds: ['kb-mensualisation', 'kb-delai-paiement'],
		systemRecording:
			'Qualification CRM « Facturation > Mensualisation », code FAC-ECH ; modification tracée dans l’historique de l’échéancier.',
		dataFlows: 'CRM → facturation (nouvel échéancier) ; facturation → gestion des paiements (montants prélevés).',
		owner: 'Claire Moreau (pilote processus facturation)',
		reviewedDaysAgo: 60
	},
	{
		code: 'FAC-DUPL',
		legacyCodes: ['FACT05'],
		themeId: 't-facturation-comprendre',
		label: { fr: 'Duplicata de facture', en: 'Bill duplicate' },
		description:
			"Le client demande une copie d'une facture (perdue, pour un dossier administratif) ; la plupart sont disponibles dans l'espace client.",
		prevalence: 0.03,
		complex: false,
		treatment: {
			level: 'front-line',
			team: N1,
			procedure:
				"Rechercher la facture dans la GED et l'envoyer par e-mail depuis le CRM. Montrer au client où la retrouver dans son espace client."
		},
		sourceIds: ['src-ged'],
		articleIds: ['kb-espace-client'],
		systemRecording: 'Qualification CRM « Facturation > Duplicata », code FAC-DUPL ; envoi tracé dans l’historique des courriers.',
		dataFlows: 'GED → CRM (document) ; CRM → messagerie (envoi).',
		owner: 'Claire Moreau (pilote processus facturation)',
		reviewedDaysAgo: 120
	},
	{
		code: 'FAC-REMB',
		themeId: 't-facturation-regularisation',
		label: { fr: 'Remboursement de trop-perçu', en: 'Overpayment refund' },
		description:
			'Après une régularisation ou une résiliation, le compte client est créditeur ; le client demande le remboursement ou son délai.',
		prevalence: 0.03,
		complex: false,
		treatment: {
			level: 'front-line',
			team: N1,
			procedure:
				"Vérifier le solde créditeur dans l'outil de facturation et les coordonnées bancaires. Déclencher le remboursement (virement sous 15 jours) ou, si le client le préfère, l'imputer sur les prochaines échéances."
		},
		sourceIds: ['src-facturation', 'src-recouvrement'],
		articleIds: ['kb-mensualisation'],
		systemRecording: 'Qualification CRM « Facturation > Remboursement », code FAC-REMB ; demande de virement créée dans l’outil de paiement.',
		dataFlows: 'Facturation → gestion des paiements (ordre de remboursement) ; gestion des paiements → CRM (statut du virement).',
		owner: 'Claire Moreau (pilote processus facturation)',
		reviewedDaysAgo: 75
	},
	// ---------------------------------------------------------------- Paiement
	{
		code: 'PAI-PREL',
		legacyCodes: ['PAIE01'],
		themeId: 't-paiement-moyens',
		label: { fr: 'Prélèvement rejeté', en: 'Rejected direct debit' },
		description:
			'Le prélèvement est revenu impayé (provision insuffisante, compte clos, mandat révoqué) ; le client reçoit un avis de rejet et des frais.',
		prevalence: 0.05,
		complex: false,
		treatment: {
			level: 'front-line',
			team: N1,
			procedure:
				'Identifier le motif du rejet dans la gestion des paiements, proposer un paiement immédiat par carte ou une nouvelle présentation du prélèvement. Mettre à jour le mandat SEPA si le compte a changé.',
			expectedDelay: 'Régularisation sous 3 jours ouvrés après le nouveau paiement',
			nextStep: "Un SMS confirme la bonne réception du paiement ; aucun frais si c'est réglé avant la relance"
		},
		sourceIds: ['src-recouvrement', 'src-crm'],
		articleIds: ['kb-prelevement-rejete'],
		systemRecording: 'Qualification CRM « Paiement > Prélèvement rejeté », code PAI-PREL ; motif de rejet SEPA repris de la gestion des paiements.',
		dataFlows: 'Banque → gestion des paiements (rejet SEPA) ; gestion des paiements → CRM (alerte sur la fiche client).',
		owner: 'Karim Benali (responsable recouvrement)',
		reviewedDaysAgo: 20
	},
	{
		code: 'PAI-DELAI',
		themeId: 't-paiement-impayes',
		label: { fr: 'Demande de délai de paiement', en: 'Payment extension request' },
		description:
			'Le client ne peut pas payer sa facture à échéance et demande un report ou un paiement en plusieurs fois.',
		prevalence: 0.05,
		complex: false,
		treatment: {
			level: 'front-line',
			team: N1,
			procedure:
				"Vérifier l'historique de paiement ; accorder jusqu'à trois échéances sans validation, au-delà transmettre à la cellule recouvrement. Orienter vers le chèque énergie et les aides du fonds de solidarité logement si la situation le justifie."
		},
		sourceIds: ['src-recouvrement'],
		articleIds: ['kb-delai-paiement'],
		systemRecording: 'Qualification CRM « Paiement > Délai de paiement », code PAI-DELAI ; plan d’apurement créé dans la gestion des paiements.',
		dataFlows: 'CRM → gestion des paiements (plan d’apurement) ; gestion des paiements → facturation (suspension des relances).',
		owner: 'Karim Benali (responsable recouvrement)',
		reviewedDaysAgo: 15
	},
	{
		code: 'PAI-MOYEN',
		themeId: 't-paiement-moyens',
		label: { fr: 'Changement de moyen de paiement', en: 'Change of payment method' },
		description:
			'Passage au prélèvement, changement de compte bancaire (nouveau RIB) ou retour au paiement à réception de facture.',
		prevalence: 0.03,
		complex: false,
		treatment: {
			level: 'front-line',
			team: N1,
			procedure:
				"Saisir le nouvel IBAN dans le CRM et faire signer le mandat SEPA électroniquement. Indiquer la date du premier prélèvement sur le nouveau compte."
		},
		sourceIds: ['src-recouvrement', 'src-crm'],
		articleIds: ['kb-prelevement-rejete'],
		systemRecording: 'Qualification CRM « Paiement > Moyen de paiement », code PAI-MOYEN ; mandat SEPA archivé en GED.',
		dataFlows: 'CRM → gestion des paiements (mandat) ; CRM → GED (mandat signé).',
		owner: 'Karim Benali (responsable recouvrement)',
		reviewedDaysAgo: 80
	},
	{
		code: 'PAI-RELANCE',
		legacyCodes: ['PAIE04'],
		themeId: 't-paiement-impayes',
		label: { fr: "Relance d'impayé et risque de coupure", en: 'Arrears reminder and disconnection risk' },
		description:
			"Le client a reçu une lettre de relance ou un avis de réduction de puissance ; il s'inquiète d'une coupure et veut régulariser.",
		prevalence: 0.04,
		complex: true,
		treatment: {
			level: 'second-level',
			team: RECOUVREMENT,
			procedure:
				"Vérifier l'étape de la procédure de recouvrement et suspendre l'intervention si un paiement ou un plan est obtenu. Transférer à la cellule recouvrement toute situation avec intervention programmée sous 5 jours."
		},
		sourceIds: ['src-recouvrement', 'src-crm'],
		articleIds: ['kb-delai-paiement'],
		systemRecording:
			'Qualification CRM « Paiement > Relance impayé », code PAI-RELANCE ; transfert tracé vers la file recouvrement.',
		dataFlows:
			'Gestion des paiements → CRM (étape de relance) ; cellule recouvrement → portail gestionnaire de réseau (annulation d’intervention).',
		owner: 'Karim Benali (responsable recouvrement)',
		reviewedDaysAgo: 35
	},
	// ---------------------------------------------------------------- Contrat
	{
		code: 'CTR-EMM',
		legacyCodes: ['CONT01'],
		themeId: 't-contrat-arrivee-depart',
		label: { fr: 'Emménagement et souscription', en: 'Moving in and sign-up' },
		description:
			"Souscription d'un contrat d'électricité ou de gaz à l'arrivée dans un logement : choix de l'offre, date de mise en service, pièces justificatives.",
		prevalence: 0.1,
		complex: false,
		treatment: {
			level: 'front-line',
			team: 'Conseillers ventes',
			procedure:
				"Rechercher le point de livraison par l'adresse ou le numéro PDL, présenter les offres adaptées et souscrire dans le CRM. Envoyer le contrat en signature électronique et annoncer la date de mise en service.",
			expectedDelay: 'Mise en service sous 5 jours ouvrés (24 h en urgence)',
			nextStep: 'Un e-mail de bienvenue confirme le contrat et la date de mise en service'
		},
		sourceIds: ['src-crm', 'src-tarifs', 'src-portail-grd'],
		articleIds: ['kb-emmenagement'],
		systemRecording: 'Parcours de souscription CRM ; qualification « Contrat > Emménagement », code CTR-EMM.',
		dataFlows:
			'CRM → portail gestionnaire de réseau (demande de mise en service) ; CRM → facturation (création du compte) ; CRM → GED (contrat signé).',
		owner: 'Sophie Lambert (responsable parcours contrat)',
		reviewedDaysAgo: 30
	},
	{
		code: 'CTR-DEM',
		legacyCodes: ['CONT02'],
		themeId: 't-contrat-arrivee-depart',
		label: { fr: 'Déménagement et résiliation', en: 'Moving out and termination' },
		description:
			'Le client quitte son logement ou change de fournisseur : résiliation, relevé de départ, facture de clôture, éventuel transfert du contrat vers la nouvelle adresse.',
		prevalence: 0.08,
		complex: false,
		treatment: {
			level: 'front-line',
			team: N1,
			procedure:
				"Enregistrer la date de départ et l'index de sortie, proposer le transfert du contrat vers la nouvelle adresse. Annoncer la facture de clôture sous 4 semaines.",
			expectedDelay: 'Facture de résiliation sous 4 semaines',
			nextStep: "Relevez l'index le jour du départ ; la facture de clôture arrive à la nouvelle adresse"
		},
		sourceIds: ['src-crm', 'src-portail-grd', 'src-facturation'],
		articleIds: ['kb-demenagement'],
		systemRecording: 'Qualification CRM « Contrat > Déménagement », code CTR-DEM ; demande de résiliation transmise au gestionnaire de réseau.',
		dataFlows: 'CRM → portail gestionnaire de réseau (résiliation) ; facturation → CRM (facture de clôture).',
		owner: 'Sophie Lambert (responsable parcours contrat)',
		reviewedDaysAgo: 50
	},
	{
		code: 'CTR-OFFRE',
		themeId: 't-contrat',
		label: { fr: "Changement d'offre", en: 'Change of plan' },
		description:
			"Le client veut changer d'offre (prix fixe, heures creuses, offre verte) ou de puissance souscrite.",
		prevalence: 0.04,
		complex: false,
		treatment: {
			level: 'front-line',
			team: 'Conseillers ventes',
			procedure:
				"Comparer la consommation du client aux offres en vigueur dans la base tarifs et lui présenter l'écart annuel estimé. Enregistrer le changement d'offre, effectif au prochain relevé."
		},
		sourceIds: ['src-tarifs', 'src-crm'],
		articleIds: [],
		systemRecording: 'Avenant CRM ; qualification « Contrat > Changement d’offre », code CTR-OFFRE.',
		dataFlows: 'CRM → facturation (nouvelle grille) ; CRM → portail gestionnaire de réseau (changement de puissance).',
		owner: 'Sophie Lambert (responsable parcours contrat)',
		reviewedDaysAgo: 100
	},
	{
		code: 'CTR-TITUL',
		themeId: 't-contrat',
		label: { fr: 'Changement de titulaire', en: 'Change of account holder' },
		description:
			"Séparation, décès ou reprise du logement : le contrat doit passer au nom d'un autre occupant, avec un relevé d'index à la date du changement.",
		prevalence: 0.02,
		complex: true,
		treatment: {
			level: 'second-level',
			team: 'Back-office contrats',
			procedure:
				"Recueillir les justificatifs (acte de décès, jugement, accord des deux titulaires) et créer une demande au back-office contrats. Le client est rappelé sous 5 jours ouvrés."
		},
		sourceIds: [],
		articleIds: [],
		systemRecording: 'Demande CRM « Back-office contrats », code CTR-TITUL ; justificatifs en pièces jointes.',
		dataFlows: 'CRM → back-office contrats (demande) ; back-office → facturation (clôture et nouveau compte).',
		owner: 'Sophie Lambert (responsable parcours contrat)'
	},
	// ---------------------------------------------------------------- Compteur et relève
	{
		code: 'CPT-INDEX',
		legacyCodes: ['RELV01'],
		themeId: 't-compteur-releve',
		label: { fr: "Relève et autorelevé d'index", en: 'Meter reading and self-reading' },
		description:
			"Transmission d'un index (autorelevé), index estimé jugé faux, relève manquée ; souvent à l'origine d'une facture incomprise.",
		prevalence: 0.06,
		complex: false,
		treatment: {
			level: 'front-line',
			team: N1,
			procedure:
				"Saisir l'index communiqué dans le CRM et vérifier sa cohérence avec l'historique. Si la facture en cours repose sur une estimation, déclencher une facture rectificative."
		},
		sourceIds: ['src-portail-grd', 'src-facturation'],
		articleIds: ['kb-releve-index'],
		systemRecording: 'Qualification CRM « Compteur > Index », code CPT-INDEX ; index saisi avec sa source (client, relève, télérelève).',
		dataFlows: 'CRM → facturation (index client) ; portail gestionnaire de réseau → facturation (index relevés).',
		owner: 'Julien Petit (référent compteur et réseau)',
		reviewedDaysAgo: 45
	},
	{
		code: 'CPT-LINKY',
		themeId: 't-compteur-releve',
		label: { fr: 'Compteur communicant', en: 'Smart meter' },
		description:
			"Questions sur la pose du compteur communicant, l'absence de télérelève ou l'accès aux courbes de consommation.",
		prevalence: 0.03,
		complex: false,
		treatment: {
			level: 'front-line',
			team: N1,
			procedure:
				"Vérifier sur le portail du gestionnaire de réseau le type de compteur et l'état de la télérelève. Expliquer la pose ou transmettre une demande de diagnostic au gestionnaire de réseau."
		},
		sourceIds: ['src-portail-grd', 'src-interventions'],
		articleIds: ['kb-releve-index'],
		systemRecording: 'Qualification CRM « Compteur > Compteur communicant », code CPT-LINKY.',
		dataFlows: 'Portail gestionnaire de réseau → CRM (type de compteur, télérelève).',
		owner: 'Julien Petit (référent compteur et réseau)',
		reviewedDaysAgo: 150
	},
	{
		code: 'CPT-PANNE',
		legacyCodes: ['DEPAN1'],
		themeId: 't-compteur-reseau',
		label: { fr: 'Coupure ou panne', en: 'Outage or fault' },
		description:
			"Plus d'électricité ou de gaz dans le logement : panne du réseau, disjoncteur, coupure pour travaux. Le fournisseur n'intervient pas sur le réseau.",
		prevalence: 0.03,
		complex: true,
		treatment: {
			level: 'other-department',
			team: GRD,
			procedure:
				"Vérifier qu'aucune coupure pour impayé n'est en cours, puis donner au client le numéro de dépannage du gestionnaire de réseau. En cas d'odeur de gaz, faire évacuer et appeler le numéro d'urgence gaz."
		},
		sourceIds: ['src-portail-grd', 'src-interventions'],
		articleIds: ['kb-panne'],
		systemRecording: 'Qualification CRM « Compteur > Panne », code CPT-PANNE ; orientation vers le gestionnaire de réseau tracée.',
		dataFlows: 'Portail gestionnaire de réseau → CRM (incidents en cours sur la commune).',
		owner: 'Julien Petit (référent compteur et réseau)',
		reviewedDaysAgo: 210
	},
	{
		code: 'CPT-MES',
		themeId: 't-compteur-reseau',
		label: { fr: 'Délai de mise en service', en: 'Connection lead time' },
		description:
			"Le client emménagé attend la mise en service, ou le rendez-vous avec le technicien ne lui convient pas.",
		prevalence: 0.03,
		complex: false,
		treatment: {
			level: 'front-line',
			team: N1,
			procedure:
				"Consulter l'état de la demande dans le suivi des interventions et, si besoin, proposer un autre créneau de rendez-vous. Une mise en service express (sous 24 h, payante) peut être demandée."
		},
		sourceIds: ['src-portail-grd', 'src-interventions'],
		articleIds: ['kb-emmenagement'],
		systemRecording: 'Qualification CRM « Compteur > Mise en service », code CPT-MES ; numéro d’affaire du gestionnaire de réseau.',
		dataFlows: 'CRM → portail gestionnaire de réseau (demande, report) ; suivi des interventions → CRM (statut).',
		owner: 'Julien Petit (référent compteur et réseau)',
		reviewedDaysAgo: 65
	},
	// ---------------------------------------------------------------- Espace client et digital
	{
		code: 'WEB-CNX',
		themeId: 't-digital',
		label: { fr: "Connexion à l'espace client", en: 'Customer account sign-in' },
		description:
			"Mot de passe oublié, compte non activé, e-mail d'activation non reçu, compte bloqué après trop de tentatives.",
		prevalence: 0.06,
		complex: false,
		treatment: {
			level: 'front-line',
			team: N1,
			procedure:
				"Vérifier l'adresse e-mail du compte dans le CRM, débloquer le compte et renvoyer le lien d'activation. Rester en ligne pendant la première connexion du client."
		},
		sourceIds: ['src-crm'],
		articleIds: ['kb-espace-client'],
		systemRecording: 'Qualification CRM « Digital > Connexion », code WEB-CNX.',
		dataFlows: 'CRM → annuaire des comptes clients (déblocage, renvoi du lien).',
		owner: 'Nadia Haddad (responsable canaux digitaux)',
		reviewedDaysAgo: 10
	},
	{
		code: 'WEB-APP',
		themeId: 't-digital',
		label: { fr: "Dysfonctionnement de l'application", en: 'App malfunction' },
		description:
			"L'application mobile plante, n'affiche pas la facture ou refuse le paiement ; le client se rabat sur le téléphone.",
		prevalence: 0.03,
		complex: false,
		treatment: {
			level: 'front-line',
			team: N1,
			procedure:
				"Recueillir le modèle de téléphone, la version de l'application et l'écran en cause, puis traiter la demande d'origine par un autre canal. Signaler l'anomalie à l'équipe digitale."
		},
		sourceIds: [],
		articleIds: [],
		systemRecording: 'Qualification CRM « Digital > Application », code WEB-APP ; champ libre pour la description de l’anomalie.',
		dataFlows: 'CRM → outil de tickets de l’équipe digitale (signalement).',
		owner: 'Nadia Haddad (responsable canaux digitaux)'
	},
	{
		code: 'WEB-DOC',
		themeId: 't-digital',
		label: { fr: 'Attestation ou document introuvable', en: 'Certificate or document not found' },
		description:
			"Le client cherche une attestation de contrat (pour la CAF, un bailleur, une banque) ou un document qu'il ne trouve pas dans son espace client.",
		prevalence: 0.02,
		complex: false,
		treatment: {
			level: 'front-line',
			team: N1,
			procedure:
				"Générer l'attestation depuis le CRM et l'envoyer par e-mail. Montrer au client la rubrique « Mes documents » de l'espace client."
		},
		sourceIds: ['src-ged'],
		articleIds: ['kb-espace-client'],
		systemRecording: 'Qualification CRM « Digital > Documents », code WEB-DOC.',
		dataFlows: 'GED → CRM (document) ; CRM → messagerie (envoi).',
		owner: 'Nadia Haddad (responsable canaux digitaux)',
		reviewedDaysAgo: 55
	}
];

export function createDemoThemes(): Theme[] {
	return THEMES.map((t) => ({ ...t, label: { ...t.label }, workspaceId: DEMO_WORKSPACE_ID }));
}

/** Every state of `journeys` whose `expectedMotives` lists `motiveId`, so both sides of the link agree. */
function statesExpecting(journeys: readonly Journey[], motiveId: Id): StateRef[] {
	const refs: StateRef[] = [];
	const visit = (journeyId: Id, states: Record<string, JourneyStateNode>, prefix: string) => {
		for (const [key, node] of Object.entries(states)) {
			const stateId = prefix ? `${prefix}.${key}` : key;
			if (node.meta.expectedMotives?.includes(motiveId)) refs.push({ journeyId, stateId });
			if (node.states) visit(journeyId, node.states, stateId);
		}
	};
	for (const journey of journeys) visit(journey.id, journey.machine.states, '');
	return refs;
}

/** The words customers use for each motive, as they say or type them (the console searches them). */
const SYNONYMS: Record<DemoMotiveCode, string[]> = {
	'FAC-EXPL': ['facture trop chère', 'je ne comprends pas ma facture', 'montant', 'consommation estimée', 'abonnement', 'taxes'],
	'FAC-CONTEST': ['erreur de facture', 'facture fausse', 'contester', 'réclamation', 'index faux', 'double facturation'],
	'FAC-ECH': ['mensualité', 'mensualisation', 'échéancier', 'régularisation', 'facture annuelle', 'baisser mes mensualités'],
	'FAC-DUPL': ['duplicata', 'copie de facture', 'facture perdue', 'renvoyer la facture'],
	'FAC-REMB': ['remboursement', 'trop-perçu', 'avoir', 'me rembourser'],
	'PAI-PREL': ['prélèvement', 'rejet', 'prélèvement rejeté', 'impayé', 'frais de rejet', 'banque'],
	'PAI-DELAI': ['délai de paiement', 'payer en plusieurs fois', 'étaler', 'difficultés financières'],
	'PAI-MOYEN': ['changer de RIB', 'nouveau compte', 'mandat SEPA', 'payer par carte', 'moyen de paiement'],
	'PAI-RELANCE': ['relance', 'mise en demeure', 'coupure', 'impayé', 'réduction de puissance'],
	'CTR-EMM': ['emménager', 'nouveau logement', 'ouvrir un contrat', 'souscrire', 'mise en service', 'PDL'],
	'CTR-DEM': ['déménager', 'résilier', 'résiliation', 'quitter le logement', 'fermer le compteur', 'changer de fournisseur'],
	'CTR-OFFRE': ['changer d’offre', 'offre moins chère', 'tarif', 'heures creuses', 'prix fixe'],
	'CTR-TITUL': ['changer de titulaire', 'décès', 'séparation', 'mettre au nom de'],
	'CPT-INDEX': ['relevé', 'index', 'autorelevé', 'compteur', 'transmettre mon relevé'],
	'CPT-LINKY': ['Linky', 'compteur communicant', 'pose du compteur', 'compteur intelligent'],
	'CPT-PANNE': ['panne', 'coupure', 'plus d’électricité', 'plus de courant', 'disjoncteur'],
	'CPT-MES': ['mise en service', 'pas de courant à l’arrivée', 'technicien', 'rendez-vous'],
	'WEB-CNX': ['mot de passe', 'connexion', 'identifiant', 'compte bloqué', 'espace client'],
	'WEB-APP': ['application', 'appli', 'bug', 'ne marche pas', 'plantage'],
	'WEB-DOC': ['attestation', 'justificatif de domicile', 'document', 'contrat introuvable']
};

/**
 * The twenty demo motives. `journeyStates` is read from the journeys' `expectedMotives`, so pass the
 * demo journeys to get the links (none without them).
 */
export function createDemoMotives(now: Date, journeys: readonly Journey[] = []): Motive[] {
	return MOTIVES.map((spec): Motive => {
		const id = demoMotiveId(spec.code);
		const motive: Motive = {
			id,
			workspaceId: DEMO_WORKSPACE_ID,
			themeId: spec.themeId,
			label: { ...spec.label },
			description: spec.description,
			crmCodes: [spec.code, ...(spec.legacyCodes ?? [])],
			prevalence: spec.prevalence,
			treatment: { ...spec.treatment },
			complex: spec.complex,
			sourceIds: [...spec.sourceIds],
			articleIds: [...spec.articleIds],
			systemRecording: spec.systemRecording,
			dataFlows: spec.dataFlows,
			journeyStates: statesExpecting(journeys, id),
			owner: spec.owner,
			synonyms: [...SYNONYMS[spec.code]]
		};
		if (spec.reviewedDaysAgo !== undefined) motive.lastReview = daysAgo(now, spec.reviewedDaysAgo);
		return motive;
	});
}

/** One motive as a contact-log generator needs it: no ids, the category already resolved to a label. */
export interface DemoMotiveModelEntry {
	code: string;
	/** The motive's French label. */
	label: string;
	prevalence: number;
	complex: boolean;
	/** French label of the theme or sub-theme the motive belongs to (its measurement category). */
	category: string;
}

/** The demo motives in `DEMO_MOTIVE_CODES` order, as plain data for generating contact logs. */
export function demoMotiveModel(): DemoMotiveModelEntry[] {
	const themeLabel = new Map(THEMES.map((t) => [t.id, t.label.fr]));
	return DEMO_MOTIVE_CODES.map((code) => {
		const spec = MOTIVES.find((m) => m.code === code);
		if (!spec) throw new Error(`The demo catalogue lacks the motive ${code}.`);
		return {
			code,
			label: spec.label.fr,
			prevalence: spec.prevalence,
			complex: spec.complex,
			category: themeLabel.get(spec.themeId) ?? spec.themeId
		};
	});
}
