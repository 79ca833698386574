/**
 * A large catalogue for the search benchmark: an energy retailer's themes, `motives` motives and
 * `articles` knowledge articles, in French with English labels, the same for the same seed.
 *
 * Motive labels cross what happens (contestation, retard, erreur…) with what it happens to
 * (facture, prélèvement, compteur…) and a circumstance (après un déménagement, en ligne…); each
 * motive has CRM codes, zero to three customer synonyms, a description and a prevalence that falls
 * off like real catalogues (a few motives make most contacts). Articles have a title made the same
 * way, tags, and a Markdown body of 80–300 words: sentences from templates filled with the domain's
 * nouns, verbs, systems, amounts, delays and dates, so the index holds tens of thousands of distinct
 * terms, as a real knowledge base does.
 */
import { createRandom } from '../src/lib/analysis/generate';
import { article, motive } from '../src/lib/domain/test-factories';
import type { KnowledgeArticle, LocalizedText, Motive, Theme } from '../src/lib/domain/types';

export interface GeneratedCatalogue {
	themes: Theme[];
	motives: Motive[];
	articles: KnowledgeArticle[];
}

type Pair = [fr: string, en: string];

const THEMES: { code: string; label: Pair; subThemes: Pair[] }[] = [
	{
		code: 'FAC',
		label: ['Facturation', 'Billing'],
		subThemes: [
			['Comprendre sa facture', 'Understanding the bill'],
			['Régularisation', 'Adjustment'],
			['Duplicatas et attestations', 'Copies and certificates']
		]
	},
	{
		code: 'PAI',
		label: ['Paiement', 'Payment'],
		subThemes: [
			['Moyens de paiement', 'Payment methods'],
			['Impayés et recouvrement', 'Arrears and collection'],
			['Mensualisation', 'Monthly plan']
		]
	},
	{
		code: 'CTR',
		label: ['Contrat', 'Contract'],
		subThemes: [
			['Arrivée et départ', 'Moving in and out'],
			['Offres et tarifs', 'Plans and prices'],
			['Titulaire', 'Account holder']
		]
	},
	{
		code: 'CPT',
		label: ['Compteur et relève', 'Meter and readings'],
		subThemes: [
			["Relève d'index", 'Meter readings'],
			['Compteur communicant', 'Smart meter'],
			['Pose et dépose', 'Fitting and removal']
		]
	},
	{
		code: 'RES',
		label: ['Réseau et interventions', 'Grid and operations'],
		subThemes: [
			['Coupures et pannes', 'Outages and faults'],
			['Raccordement', 'Connection'],
			['Rendez-vous technicien', 'Technician visits']
		]
	},
	{
		code: 'WEB',
		label: ['Espace client et digital', 'Customer account and digital'],
		subThemes: [
			['Connexion', 'Sign-in'],
			['Application mobile', 'Mobile app'],
			['Courriels et notifications', 'Emails and notifications']
		]
	},
	{
		code: 'AID',
		label: ['Aides et solidarité', 'Aid and support'],
		subThemes: [
			['Chèque énergie', 'Energy voucher'],
			['Fonds de solidarité', 'Solidarity fund']
		]
	},
	{
		code: 'REC',
		label: ['Réclamations', 'Complaints'],
		subThemes: [
			['Médiation', 'Mediation'],
			['Indemnisation', 'Compensation']
		]
	}
];

/** What a motive or an article is about: French, English, its theme, words customers say for it. */
const OBJECTS: { label: Pair; theme: string; synonyms: string[] }[] = [
	{ label: ['facture', 'bill'], theme: 'FAC', synonyms: ['note', 'douloureuse', 'montant à payer'] },
	{ label: ['facture de régularisation', 'adjustment bill'], theme: 'FAC', synonyms: ['rattrapage', 'grosse facture'] },
	{ label: ['duplicata de facture', 'bill copy'], theme: 'FAC', synonyms: ['copie de facture', 'double de facture'] },
	{
		label: ['attestation de contrat', 'contract certificate'],
		theme: 'FAC',
		synonyms: ['justificatif de domicile', 'attestation']
	},
	{ label: ['avoir', 'credit note'], theme: 'FAC', synonyms: ['trop-perçu', 'remboursement'] },
	{ label: ['taxes et contributions', 'taxes and levies'], theme: 'FAC', synonyms: ['accise', 'CTA', 'TVA'] },
	{
		label: ['prélèvement', 'direct debit'],
		theme: 'PAI',
		synonyms: ['prélèvement automatique', 'débit bancaire', 'rejet de prélèvement']
	},
	{
		label: ['échéancier', 'payment schedule'],
		theme: 'PAI',
		synonyms: ['plan de paiement', 'payer en plusieurs fois', 'étalement']
	},
	{ label: ['mensualisation', 'monthly plan'], theme: 'PAI', synonyms: ['mensualités', 'payer tous les mois'] },
	{ label: ['mandat SEPA', 'SEPA mandate'], theme: 'PAI', synonyms: ['RIB', 'coordonnées bancaires', 'IBAN'] },
	{ label: ['paiement par carte', 'card payment'], theme: 'PAI', synonyms: ['carte bancaire', 'CB'] },
	{ label: ['remboursement', 'refund'], theme: 'PAI', synonyms: ['virement', 'rembourser', 'argent rendu'] },
	{
		label: ["relance d'impayé", 'arrears reminder'],
		theme: 'PAI',
		synonyms: ['lettre de relance', 'mise en demeure', 'huissier']
	},
	{
		label: ['délai de paiement', 'payment extension'],
		theme: 'PAI',
		synonyms: ['report de paiement', 'payer plus tard']
	},
	{ label: ['contrat', 'contract'], theme: 'CTR', synonyms: ['abonnement', 'souscription'] },
	{
		label: ['résiliation', 'termination'],
		theme: 'CTR',
		synonyms: ['arrêter le contrat', 'partir chez un concurrent', 'fin de contrat']
	},
	{
		label: ['déménagement', 'move'],
		theme: 'CTR',
		synonyms: ["changement d'adresse", 'nouveau logement', 'emménagement']
	},
	{
		label: ['mise en service', 'activation'],
		theme: 'CTR',
		synonyms: ['ouverture de compteur', "mettre l'électricité"]
	},
	{
		label: ['option heures creuses', 'off-peak option'],
		theme: 'CTR',
		synonyms: ['heures pleines', 'HC HP', 'tarif de nuit']
	},
	{ label: ['offre verte', 'green plan'], theme: 'CTR', synonyms: ['électricité renouvelable', 'énergie verte'] },
	{
		label: ['changement de titulaire', 'change of holder'],
		theme: 'CTR',
		synonyms: ['décès du titulaire', 'séparation', 'nom sur le contrat']
	},
	{ label: ['puissance souscrite', 'subscribed power'], theme: 'CTR', synonyms: ['kVA', 'disjoncteur qui saute'] },
	{
		label: ["relevé d'index", 'meter reading'],
		theme: 'CPT',
		synonyms: ['index', 'autorelève', 'chiffres du compteur']
	},
	{
		label: ['compteur Linky', 'smart meter'],
		theme: 'CPT',
		synonyms: ['Linky', 'compteur communicant', 'compteur vert']
	},
	{ label: ['compteur gaz', 'gas meter'], theme: 'CPT', synonyms: ['Gazpar', 'relève gaz'] },
	{
		label: ['estimation de consommation', 'consumption estimate'],
		theme: 'CPT',
		synonyms: ['facture estimée', 'index estimé']
	},
	{ label: ['coupure', 'disconnection'], theme: 'RES', synonyms: ['plus de courant', "plus d'électricité", 'noir'] },
	{ label: ['panne', 'outage'], theme: 'RES', synonyms: ['incident réseau', 'court-circuit'] },
	{ label: ['rétablissement', 'reconnection'], theme: 'RES', synonyms: ['remise en service', 'rallumer'] },
	{ label: ['raccordement', 'grid connection'], theme: 'RES', synonyms: ['branchement', 'construction neuve'] },
	{
		label: ['rendez-vous technicien', 'technician appointment'],
		theme: 'RES',
		synonyms: ['intervention', 'passage du technicien']
	},
	{ label: ['espace client', 'customer account'], theme: 'WEB', synonyms: ['compte en ligne', 'site'] },
	{
		label: ['mot de passe', 'password'],
		theme: 'WEB',
		synonyms: ['mot de passe oublié', 'identifiant', 'connexion impossible']
	},
	{ label: ['application mobile', 'mobile app'], theme: 'WEB', synonyms: ['appli', 'smartphone'] },
	{ label: ['facture électronique', 'e-bill'], theme: 'WEB', synonyms: ['e-facture', 'facture par courriel'] },
	{ label: ['chèque énergie', 'energy voucher'], theme: 'AID', synonyms: ["aide de l'État", 'chèque'] },
	{ label: ['fonds de solidarité', 'solidarity fund'], theme: 'AID', synonyms: ['FSL', 'assistante sociale'] },
	{ label: ['réclamation', 'complaint'], theme: 'REC', synonyms: ['plainte', 'mécontentement'] },
	{ label: ['médiateur', 'ombudsman'], theme: 'REC', synonyms: ['médiation', 'recours'] },
	{ label: ['indemnisation', 'compensation'], theme: 'REC', synonyms: ['dédommagement', 'geste commercial'] }
];

const EVENTS: Pair[] = [
	['Contestation', 'Dispute'],
	['Demande', 'Request'],
	['Modification', 'Change'],
	['Annulation', 'Cancellation'],
	['Retard', 'Delay'],
	['Erreur', 'Error'],
	['Question sur', 'Question about'],
	['Suivi', 'Follow-up'],
	['Relance', 'Reminder'],
	['Explication', 'Explanation'],
	['Refus', 'Refusal'],
	['Absence', 'Missing']
];

const CIRCUMSTANCES: Pair[] = [
	['', ''],
	['en ligne', 'online'],
	['par téléphone', 'by phone'],
	['après un déménagement', 'after a move'],
	['pour un professionnel', 'for a business'],
	['suite à un incident', 'after an incident'],
	['en cas de décès', 'after a death'],
	['hors délai', 'overdue'],
	['pour une résidence secondaire', 'for a second home']
];

const ACTIONS = ['Comment', 'Procédure pour', 'Que faire en cas de', 'Traiter', 'Expliquer', 'Vérifier', 'Gérer'];
const NOUNS =
	'client conseiller dossier compte contrat facture montant échéance index compteur relève consommation kilowattheure abonnement tarif offre option puissance prélèvement virement chèque carte banque mandat remboursement avoir solde dette relance courrier courriel SMS appel rappel délai date mois semaine jour heure technicien intervention rendez-vous réseau gestionnaire distributeur fournisseur logement adresse occupant titulaire bénéficiaire justificatif attestation pièce signature identité application espace site identifiant mot navigateur notification réclamation médiateur litige geste indemnité pénalité frais taxe TVA accise contribution estimation régularisation mensualité calendrier plan historique graphique export synthèse motif procédure étape écran champ qualification code ticket escalade service équipe superviseur niveau validation accord refus demande réponse délai coupure panne incident rétablissement raccordement branchement disjoncteur tableau installation chauffage eau gaz électricité énergie saison hiver été printemps automne résidence professionnel particulier copropriété syndic bailleur locataire propriétaire agence boutique partenaire prestataire'.split(
		' '
	);
const VERBS =
	'vérifier consulter modifier annuler confirmer envoyer transmettre relancer expliquer calculer corriger enregistrer saisir qualifier escalader transférer rappeler proposer accorder refuser valider contrôler rembourser prélever facturer estimer relever programmer planifier reporter résilier souscrire activer désactiver réinitialiser débloquer rattacher détacher archiver imprimer télécharger signer'.split(
		' '
	);
const ADJECTIVES =
	'mensuel annuel ponctuel estimé réel erroné contesté urgent prioritaire automatique manuel bancaire contractuel commercial technique administratif disponible indisponible complet incomplet récent ancien nouveau définitif provisoire exceptionnel habituel'.split(
		' '
	);
const SYSTEMS = [
	'le CRM',
	'SAP IS-U',
	"l'outil de facturation",
	'le portail distributeur',
	"l'espace conseiller",
	'la GED',
	"l'outil de recouvrement",
	'le référentiel clients'
];
const CONNECTORS = [
	'Ensuite',
	'Puis',
	'En revanche',
	'Attention',
	'Dans tous les cas',
	'Si besoin',
	'Le cas échéant',
	'Par ailleurs',
	'Enfin',
	'À noter'
];

/** The same catalogue for the same seed; see the comment at the top of the file. */
export function generateCatalogue(options: { motives: number; articles: number; seed: number }): GeneratedCatalogue {
	const random = createRandom(options.seed);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
	const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));

	const themes: Theme[] = [];
	const subThemesOf = new Map<string, string[]>();
	THEMES.forEach((t, i) => {
		const id = `theme-${t.code.toLowerCase()}`;
		themes.push({ id, workspaceId: 'ws-bench', parentId: null, label: { fr: t.label[0], en: t.label[1] }, order: i });
		subThemesOf.set(
			t.code,
			t.subThemes.map((label, k) => {
				const subId = `${id}-${k}`;
				themes.push({
					id: subId,
					workspaceId: 'ws-bench',
					parentId: id,
					label: { fr: label[0], en: label[1] },
					order: k
				});
				return subId;
			})
		);
	});

	const sentence = (): string => {
		const noun = () => `${pick(['le', 'la', 'les', 'un', 'une', 'du', 'des', 'son', 'sa'])} ${pick(NOUNS)}`;
		const templates = [
			() =>
				`Le conseiller doit ${pick(VERBS)} ${noun()} dans ${pick(SYSTEMS)} avant de ${pick(VERBS)} ${noun()} ${pick(ADJECTIVES)}.`,
			() =>
				`${pick(CONNECTORS)}, ${pick(VERBS)} ${noun()} et ${pick(VERBS)} ${noun()} sous ${between(2, 30)} jours ouvrés.`,
			() =>
				`Si ${noun()} dépasse ${between(10, 2500)},${between(10, 99)} €, ${pick(VERBS)} ${noun()} auprès du service ${pick(ADJECTIVES)}.`,
			() =>
				`Depuis le ${between(1, 28)}/${String(between(1, 12)).padStart(2, '0')}/${between(2019, 2026)}, ${noun()} ${pick(ADJECTIVES)} est ${pick(['obligatoire', 'facultatif', 'automatique', 'suspendu'])} pour ${noun()}.`,
			() =>
				`**${pick(CONNECTORS)}** : ne jamais ${pick(VERBS)} ${noun()} sans ${noun()} ${pick(ADJECTIVES)} du client.`,
			() => `- ${pick(VERBS)} ${noun()} (code ${pick(THEMES).code}-${String(between(1, 999)).padStart(3, '0')}) ;`,
			() =>
				`Voir la fiche [${pick(OBJECTS).label[0]}](https://intranet.example.fr/kb/${between(1000, 99999)}) pour ${noun()} ${pick(ADJECTIVES)}.`
		];
		return pick(templates)();
	};
	const body = (topic: string): string => {
		const target = between(80, 300);
		const parts = [`## ${topic}`, ''];
		let count = 2;
		while (count < target) {
			const next = sentence();
			const length = next.split(' ').length;
			if (count + length > target && count >= 80) break;
			parts.push(next);
			count += length;
			if (random() < 0.15) parts.push('');
		}
		return parts.join('\n');
	};

	const motives: Motive[] = [];
	const labels = new Set<string>();
	let attempts = 0;
	while (motives.length < options.motives) {
		if (++attempts > options.motives * 50)
			throw new Error(`Only ${motives.length} distinct motive labels could be made`);
		const object = pick(OBJECTS);
		const event = pick(EVENTS);
		const circumstance = pick(CIRCUMSTANCES);
		const label: LocalizedText = {
			fr: [event[0], event[0].endsWith('sur') ? '' : 'de', object.label[0], circumstance[0]].filter(Boolean).join(' '),
			en: [event[1], event[1].endsWith('about') ? '' : 'of', object.label[1], circumstance[1]].filter(Boolean).join(' ')
		};
		if (labels.has(label.fr)) continue;
		labels.add(label.fr);
		const n = motives.length;
		const synonymCount = between(0, Math.min(3, object.synonyms.length));
		motives.push(
			motive({
				id: `motive-${n}`,
				workspaceId: 'ws-bench',
				themeId: pick(subThemesOf.get(object.theme) ?? []),
				label,
				description: `${label.fr} : ${sentence()} ${sentence()}`,
				crmCodes: [
					`${object.theme}-${String(n).padStart(4, '0')}`,
					...(random() < 0.2 ? [`${object.theme}${between(10, 99)}`] : [])
				],
				synonyms: [...new Set(Array.from({ length: synonymCount }, () => pick(object.synonyms)))],
				// Real catalogues fall off like 1/rank: a few motives make most contacts.
				prevalence: 0
			})
		);
	}
	const harmonic = motives.reduce((sum, _, i) => sum + 1 / (i + 1), 0);
	const order = motives.map((_, i) => i).sort(() => random() - 0.5);
	order.forEach((at, rank) => (motives[at].prevalence = 1 / (rank + 1) / harmonic));

	const articles: KnowledgeArticle[] = [];
	for (let n = 0; n < options.articles; n++) {
		const object = pick(OBJECTS);
		const circumstance = pick(CIRCUMSTANCES)[0];
		const title = [pick(ACTIONS), object.label[0], circumstance].filter(Boolean).join(' ');
		articles.push(
			article({
				id: `article-${n}`,
				workspaceId: 'ws-bench',
				title: n % 7 === 0 ? `${title} (${pick(THEMES).label[0].toLowerCase()})` : title,
				body: body(title),
				tags: [object.theme.toLowerCase(), ...(random() < 0.5 ? [pick(object.synonyms)] : [])]
			})
		);
	}
	return { themes, motives, articles };
}
