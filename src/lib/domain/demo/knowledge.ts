/**
 * The demo knowledge: the systems Volta Énergie's advisors consult and the twelve articles of their
 * knowledge base. Some gaps are on purpose, so stale and orphan detection have something to show:
 * three articles are past their review interval, one was never reviewed, and two are linked to no
 * motive.
 */
import type { ContentStatus, Id, InformationSource, KnowledgeArticle, SourceKind } from '../types';
import { daysAgo } from './dates';
import { DEMO_WORKSPACE_ID } from './ids';

interface SourceSpec {
	id: Id;
	name: string;
	kind: SourceKind;
	description: string;
	owner: string;
	url?: string;
	reviewIntervalDays: number;
	reviewedDaysAgo?: number;
	status: ContentStatus;
}

const SOURCES: readonly SourceSpec[] = [
	{
		id: 'src-crm',
		name: 'CRM Volta',
		kind: 'crm',
		description:
			'Fiche client, contrats, historique des contacts et qualification des demandes. Point d’entrée de tout contact.',
		owner: 'Direction des systèmes d’information — équipe CRM',
		url: 'https://crm.volta.example/',
		reviewIntervalDays: 180,
		reviewedDaysAgo: 60,
		status: 'published'
	},
	{
		id: 'src-facturation',
		name: 'Facturation clientèle',
		kind: 'billing',
		description:
			'Factures, échéanciers de mensualisation, index facturés (réels ou estimés), avoirs et factures rectificatives.',
		owner: 'Claire Moreau (pilote processus facturation)',
		reviewIntervalDays: 90,
		reviewedDaysAgo: 30,
		status: 'published'
	},
	{
		id: 'src-recouvrement',
		name: 'Gestion des paiements et recouvrement',
		kind: 'payment',
		description:
			'Mandats SEPA, prélèvements et rejets, plans d’apurement, étapes de relance et interventions pour impayé.',
		owner: 'Karim Benali (responsable recouvrement)',
		reviewIntervalDays: 90,
		reviewedDaysAgo: 20,
		status: 'published'
	},
	{
		id: 'src-portail-grd',
		name: 'Portail gestionnaire de réseau',
		kind: 'metering',
		description:
			'Données du point de livraison : type de compteur, index relevés et télérelevés, demandes de mise en service et de résiliation, incidents réseau.',
		owner: 'Julien Petit (référent compteur et réseau)',
		url: 'https://portail-grd.example/',
		reviewIntervalDays: 90,
		reviewedDaysAgo: 120,
		status: 'published'
	},
	{
		id: 'src-interventions',
		name: 'Suivi des interventions',
		kind: 'tracking',
		description:
			'Rendez-vous technicien, statut des interventions de mise en service et de dépannage, reports et comptes rendus.',
		owner: 'Julien Petit (référent compteur et réseau)',
		reviewIntervalDays: 90,
		status: 'draft'
	},
	{
		id: 'src-ged',
		name: 'GED documents clients',
		kind: 'document',
		description:
			'Gestion électronique des documents : contrats signés, mandats, duplicatas de factures, attestations, courriers envoyés.',
		owner: 'Nadia Haddad (responsable canaux digitaux)',
		reviewIntervalDays: 180,
		reviewedDaysAgo: 90,
		status: 'published'
	},
	{
		id: 'src-tarifs',
		name: 'Base tarifs et offres',
		kind: 'other',
		description:
			'Grilles tarifaires en vigueur et historiques, conditions des offres, taxes et contributions. Mise à jour à chaque évolution réglementaire.',
		owner: 'Direction marketing — offres',
		reviewIntervalDays: 30,
		reviewedDaysAgo: 8,
		status: 'published'
	}
];

interface ArticleSpec {
	id: Id;
	title: string;
	body: string;
	owner: string;
	reviewIntervalDays: number;
	reviewedDaysAgo?: number;
	status: ContentStatus;
	tags: string[];
}

const ARTICLES: readonly ArticleSpec[] = [
	{
		id: 'kb-expliquer-facture',
		title: "Expliquer une facture d'électricité ou de gaz",
		owner: 'Claire Moreau (pilote processus facturation)',
		reviewIntervalDays: 90,
		reviewedDaysAgo: 140,
		status: 'published',
		tags: ['facturation', 'facture', 'explication'],
		body: `## Quand l'utiliser
Le client ne comprend pas le montant ou une ligne de sa facture.

## Étapes
1. Ouvrir la facture dans **Facturation clientèle** depuis la fiche CRM.
2. Vérifier la nature de l'index : **réel** (R), **estimé** (E) ou **transmis par le client** (C).
3. Parcourir les lignes avec le client, dans l'ordre du tableau ci-dessous.
4. Si l'index est estimé, proposer un autorelevé et une facture rectificative.
5. Qualifier le contact en \`FAC-EXPL\` ; si le client conteste après explication, passer à l'article « Traiter une contestation de facture ».

## Les lignes de la facture
| Ligne | Ce qu'elle contient | Question fréquente |
|---|---|---|
| Abonnement | Part fixe, facturée d'avance, au prorata en cas d'emménagement | « Pourquoi je paie sans consommer ? » |
| Consommation | kWh entre deux index × prix du kWh | « Ma consommation a doublé » |
| Acheminement | Coût du réseau, reversé au gestionnaire de réseau | « Ce n'est pas votre prix » |
| Taxes et contributions | Accise sur l'électricité, CTA, TVA | « Pourquoi deux taux de TVA ? » |
| Mensualités déjà payées | Déduites du total sur la facture de régularisation | « Je paie déjà tous les mois » |

> Une hausse après l'hiver est normale pour un logement chauffé à l'électricité : comparer avec la même période de l'année précédente.`
	},
	{
		id: 'kb-contestation',
		title: 'Traiter une contestation de facture',
		owner: 'Cellule réclamations N2',
		reviewIntervalDays: 90,
		reviewedDaysAgo: 20,
		status: 'draft',
		tags: ['facturation', 'réclamation', 'contestation'],
		body: `## Principe
Une contestation est une demande **complexe** : elle ne se règle pas au premier contact, mais le premier contact doit tout recueillir pour éviter une réitération.

## Étapes
1. Faire préciser la facture et la ligne contestées.
2. Demander l'index actuel du compteur et, si possible, une **photo** (lien d'envoi par SMS depuis le CRM).
3. Comparer avec l'index du **Portail gestionnaire de réseau**.
4. Créer la réclamation « Contestation facture » dans le CRM, pièces jointes comprises.
5. Suspendre le recouvrement de la facture contestée.
6. Annoncer au client : réponse écrite sous **10 jours ouvrés**, aucune relance pendant ce délai.

## À ne pas faire
- Promettre un remboursement avant l'analyse.
- Clore le contact sans numéro de réclamation communiqué au client.`
	},
	{
		id: 'kb-mensualisation',
		title: 'Mettre en place ou ajuster une mensualisation',
		owner: 'Claire Moreau (pilote processus facturation)',
		reviewIntervalDays: 90,
		reviewedDaysAgo: 30,
		status: 'published',
		tags: ['facturation', 'mensualisation', 'régularisation', 'remboursement'],
		body: `## Mettre en place
1. Vérifier qu'un mandat SEPA est actif (sinon, article « Prélèvement rejeté »).
2. Calculer l'échéancier sur la consommation des 12 derniers mois (ou l'estimation du simulateur pour un nouveau client).
3. Choisir avec le client le jour de prélèvement (5, 10 ou 15 du mois).
4. Valider : le récapitulatif part par e-mail.

## Ajuster
- À la hausse ou à la baisse, **une fois par trimestre** au plus, sans frais.
- Une baisse de plus de 30 % demande l'accord du pilote facturation.

## Facture de régularisation
Une fois par an, elle compare la consommation réelle aux mensualités payées :
- **solde débiteur** : payable en une fois ou étalé sur les prochaines échéances ;
- **solde créditeur** : remboursé par virement sous 15 jours, ou déduit des prochaines mensualités au choix du client.`
	},
	{
		id: 'kb-espace-client',
		title: "Espace client : connexion, documents et duplicatas",
		owner: 'Nadia Haddad (responsable canaux digitaux)',
		reviewIntervalDays: 90,
		reviewedDaysAgo: 45,
		status: 'published',
		tags: ['digital', 'espace client', 'connexion', 'documents'],
		body: `## Le client ne peut pas se connecter
1. Vérifier dans le CRM l'adresse e-mail rattachée au compte.
2. Si le compte est **bloqué** (5 tentatives), le débloquer depuis l'onglet « Accès web ».
3. Renvoyer le lien d'activation ou de réinitialisation ; il est valable **24 heures**.
4. Rester en ligne pendant la première connexion.

## Le client cherche un document
| Document | Où le trouver dans l'espace client | À défaut |
|---|---|---|
| Facture (duplicata) | Mes factures | Envoi depuis la GED par e-mail |
| Attestation de contrat | Mes documents > Attestations | Génération depuis le CRM |
| Contrat et conditions | Mes documents > Contrat | Envoi depuis la GED |
| Échéancier | Mes paiements | Envoi depuis la facturation |

Toujours montrer au client le chemin pour la fois suivante.`
	},
	{
		id: 'kb-prelevement-rejete',
		title: 'Prélèvement rejeté : régulariser et changer de moyen de paiement',
		owner: 'Karim Benali (responsable recouvrement)',
		reviewIntervalDays: 30,
		reviewedDaysAgo: 75,
		status: 'published',
		tags: ['paiement', 'prélèvement', 'SEPA', 'RIB'],
		body: `## Comprendre le rejet
Le motif figure dans **Gestion des paiements** : provision insuffisante, compte clôturé, mandat révoqué, opposition.

## Étapes
1. Annoncer le montant dû et les frais de rejet.
2. Proposer, dans l'ordre :
   1. un paiement immédiat par carte (lien envoyé par SMS) ;
   2. une nouvelle présentation du prélèvement sous 10 jours ;
   3. un délai de paiement (article dédié).
3. Si le compte bancaire a changé : saisir le nouvel IBAN et envoyer le **mandat SEPA** en signature électronique.
4. Qualifier en \`PAI-PREL\` ou \`PAI-MOYEN\`.

> Deux rejets consécutifs font basculer le client en paiement à réception de facture.`
	},
	{
		id: 'kb-delai-paiement',
		title: 'Accorder un délai de paiement et répondre à une relance',
		owner: 'Karim Benali (responsable recouvrement)',
		reviewIntervalDays: 30,
		reviewedDaysAgo: 12,
		status: 'published',
		tags: ['paiement', 'impayé', 'recouvrement', 'délai', 'précarité'],
		body: `## Délai ou plan de paiement
1. Consulter l'historique de paiement et l'étape de relance en cours.
2. Jusqu'à **3 échéances** : accord direct du conseiller, plan créé dans Gestion des paiements.
3. Au-delà, ou en cas de plan précédent non tenu : transfert à la **cellule recouvrement**.

## Le client a reçu une relance
| Étape | Délai après échéance | Ce que le conseiller peut faire |
|---|---|---|
| Lettre de relance | 7 jours | Paiement immédiat ou plan de paiement |
| Mise en demeure | 15 jours | Plan de paiement, suspension de la procédure |
| Réduction de puissance programmée | 20 jours | Transférer à la cellule recouvrement, qui peut annuler l'intervention |

## Situation fragile
Orienter vers le **chèque énergie** et le fonds de solidarité logement ; noter la situation dans la fiche client pour adapter les relances.`
	},
	{
		id: 'kb-emmenagement',
		title: "Souscrire un contrat à l'emménagement",
		owner: 'Sophie Lambert (responsable parcours contrat)',
		reviewIntervalDays: 90,
		reviewedDaysAgo: 50,
		status: 'published',
		tags: ['contrat', 'emménagement', 'souscription', 'mise en service'],
		body: `## Avant de souscrire
- Adresse complète ou **numéro de point de livraison** (14 chiffres, sur l'ancienne facture ou le compteur).
- Date d'entrée dans le logement.
- Index du compteur à l'arrivée si le client l'a.

## Étapes
1. Rechercher le point de livraison dans le **Portail gestionnaire de réseau** : type de compteur, puissance, état (en service ou coupé).
2. Présenter les offres adaptées à partir de la **Base tarifs et offres**.
3. Souscrire dans le CRM ; le contrat et le mandat SEPA partent en **signature électronique**.
4. Demander la mise en service :
   - compteur communicant : à distance, sous **1 jour ouvré** ;
   - autre compteur : rendez-vous technicien, sous **5 jours ouvrés** en général ;
   - mise en service express (payante) possible sous 24 h.
5. Annoncer la suite : pièces justificatives dans l'application, e-mail de confirmation, première facture à un mois.`
	},
	{
		id: 'kb-demenagement',
		title: 'Déménagement : résilier ou transférer le contrat',
		owner: 'Sophie Lambert (responsable parcours contrat)',
		reviewIntervalDays: 180,
		reviewedDaysAgo: 100,
		status: 'published',
		tags: ['contrat', 'déménagement', 'résiliation'],
		body: `## Étapes
1. Enregistrer la **date de départ** et, si possible, l'index de sortie.
2. Proposer le **transfert** du contrat vers la nouvelle adresse (voir « Souscrire un contrat à l'emménagement »).
3. Transmettre la résiliation au gestionnaire de réseau depuis le CRM.
4. Annoncer la **facture de clôture** sous 4 semaines ; un éventuel trop-perçu est remboursé sous 15 jours.

## Points d'attention
- Le client reste redevable de la consommation jusqu'à la date de résiliation.
- Sans index de sortie, la clôture se fait sur index estimé : inviter le client à le transmettre.`
	},
	{
		id: 'kb-releve-index',
		title: "Relevé et autorelevé d'index",
		owner: 'Julien Petit (référent compteur et réseau)',
		reviewIntervalDays: 90,
		reviewedDaysAgo: 85,
		status: 'published',
		tags: ['compteur', 'index', 'relève', 'compteur communicant'],
		body: `## Recevoir un index
1. Faire lire l'index au client (heures pleines et heures creuses séparément si besoin).
2. Le saisir dans le CRM avec la source « client ».
3. Contrôler la cohérence : un écart de plus de 50 % avec l'historique demande une photo.

## Compteur communicant
- Les index sont télérelevés : l'autorelevé n'est pas nécessaire.
- Si la télérelève échoue depuis plus d'un mois, créer une demande de diagnostic auprès du gestionnaire de réseau.

## Facture sur index estimé
Si la dernière facture repose sur une estimation, déclencher une **facture rectificative** à partir de l'index transmis.`
	},
	{
		id: 'kb-panne',
		title: 'Coupure ou panne : orienter vers le gestionnaire de réseau',
		owner: 'Julien Petit (référent compteur et réseau)',
		reviewIntervalDays: 90,
		reviewedDaysAgo: 200,
		status: 'published',
		tags: ['compteur', 'panne', 'coupure', 'urgence'],
		body: `## Sécurité d'abord
En cas d'**odeur de gaz** : demander au client de quitter le logement sans toucher aux interrupteurs et d'appeler le numéro d'urgence gaz depuis l'extérieur.

## Étapes
1. Vérifier dans le CRM qu'aucune **réduction ou coupure pour impayé** n'est en cours (sinon, article « Accorder un délai de paiement »).
2. Consulter les incidents en cours sur la commune dans le **Portail gestionnaire de réseau**.
3. Faire vérifier le disjoncteur du logement.
4. Donner le numéro de dépannage du gestionnaire de réseau : le fournisseur n'intervient pas sur le réseau.
5. Qualifier en \`CPT-PANNE\`.`
	},
	{
		id: 'kb-cheque-energie',
		title: 'Chèque énergie : enregistrer et utiliser',
		owner: 'Karim Benali (responsable recouvrement)',
		reviewIntervalDays: 180,
		status: 'published',
		tags: ['paiement', 'chèque énergie', 'précarité'],
		body: `## Ce que c'est
Une aide de l'État envoyée chaque année aux ménages modestes, utilisable pour payer une facture d'énergie.

## Étapes
1. Le client peut l'utiliser **en ligne** sur le site du chèque énergie ou l'envoyer par courrier.
2. Proposer la **pré-affectation** : le chèque est alors déduit automatiquement des factures suivantes.
3. Vérifier la réception du montant dans Gestion des paiements sous 30 jours.

> Les protections associées (pas de réduction de puissance en hiver, gratuité de la mise en service) sont à rappeler au client.`
	},
	{
		id: 'kb-offre-fixe-2022',
		title: 'Offre Volta Fixe 2022 : conditions',
		owner: 'Direction marketing — offres',
		reviewIntervalDays: 180,
		reviewedDaysAgo: 60,
		status: 'archived',
		tags: ['contrat', 'offre', 'tarifs'],
		body: `## Offre retirée de la vente
L'offre Volta Fixe 2022 n'est plus commercialisée. Les clients encore sous cette offre conservent leur prix jusqu'à l'échéance de leur contrat.

## Conditions
- Prix du kWh hors taxes fixe pendant 2 ans.
- Abonnement indexé sur le tarif réglementé.
- Résiliation sans frais.

Pour un changement d'offre, se reporter à la **Base tarifs et offres**.`
	}
];

export function createDemoSources(now: Date): InformationSource[] {
	return SOURCES.map(({ id, reviewedDaysAgo, ...spec }) => {
		const source: InformationSource = { id, workspaceId: DEMO_WORKSPACE_ID, ...spec };
		if (reviewedDaysAgo !== undefined) source.lastReview = daysAgo(now, reviewedDaysAgo);
		return source;
	});
}

export function createDemoArticles(now: Date): KnowledgeArticle[] {
	return ARTICLES.map(({ id, reviewedDaysAgo, ...spec }) => {
		const article: KnowledgeArticle = {
			id,
			workspaceId: DEMO_WORKSPACE_ID,
			...spec,
			tags: [...spec.tags]
		};
		if (reviewedDaysAgo !== undefined) article.lastReview = daysAgo(now, reviewedDaysAgo);
		return article;
	});
}
