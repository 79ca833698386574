import { describe, expect, it } from 'vitest';
import {
	buildCatalogueSearch,
	createCatalogueSearch,
	normaliseText,
	queryTerms,
	type CatalogueSearch
} from './catalogue-search';
import { article, motive, text, theme } from './test-factories';
import type { Motive } from './types';

// An energy retailer's catalogue, small enough to know by heart which motive each query should
// bring first. Labels are written `text(english, french)`.
const themes = [
	theme({ id: 'th-pay', label: text('Payment', 'Paiement') }),
	theme({ id: 'th-bill', label: text('Billing', 'Facturation') }),
	theme({ id: 'th-meter', label: text('Meter', 'Compteur') }),
	theme({ id: 'th-supply', label: text('Supply', 'Fourniture') }),
	theme({ id: 'th-contract', label: text('Contract', 'Contrat') }),
	theme({ id: 'th-web', label: text('Online account', 'Espace en ligne') })
];

const m = (id: string, en: string, fr: string, fields: Partial<Motive> = {}): Motive =>
	motive({ id, label: text(en, fr), crmCodes: [], description: '', prevalence: 0.01, ...fields });

const motives = [
	m('m-prel-rejet', 'Direct debit rejected', 'Prélèvement rejeté', {
		themeId: 'th-pay',
		crmCodes: ['PAI-PREL'],
		synonyms: ['rejet de prélèvement', 'impayé banque', 'paiement refusé'],
		description: "La banque a refusé le prélèvement automatique de l'échéance.",
		prevalence: 0.06
	}),
	m('m-prel-date', 'Change the direct debit date', 'Changer la date de prélèvement', {
		themeId: 'th-pay',
		crmCodes: ['PAI-DATE'],
		description: 'Le client souhaite être prélevé à une autre date du mois.',
		prevalence: 0.04
	}),
	m('m-echeancier', 'Payment schedule', 'Échéancier de paiement', {
		themeId: 'th-pay',
		crmCodes: ['PAI-ECH'],
		synonyms: ['plan de paiement', 'payer en plusieurs fois'],
		prevalence: 0.05
	}),
	m('m-mensualisation', 'Monthly payment plan', 'Mensualisation', {
		themeId: 'th-pay',
		crmCodes: ['PAI-MENS'],
		synonyms: ['payer tous les mois'],
		prevalence: 0.02
	}),
	m('m-facture-montant', 'Bill amount disputed', 'Contestation du montant de la facture', {
		themeId: 'th-bill',
		crmCodes: ['FAC-01'],
		synonyms: ['facture trop élevée', 'montant anormal'],
		description: 'Le client conteste le montant, souvent à la fin de sa mensualisation.',
		prevalence: 0.12
	}),
	m('m-facture-duplicata', 'Copy of a bill', 'Duplicata de facture', {
		themeId: 'th-bill',
		crmCodes: ['FAC-DUP'],
		prevalence: 0.03
	}),
	m('m-compensation', 'Offsetting two bills', 'Compensation entre deux factures', {
		themeId: 'th-bill',
		crmCodes: ['FAC-COMP']
	}),
	m('m-releve', 'Meter reading', 'Relevé de compteur', {
		themeId: 'th-meter',
		crmCodes: ['CPT-REL'],
		synonyms: ['index', 'autorelève'],
		prevalence: 0.08
	}),
	m('m-compteur-panne', 'Faulty meter', 'Compteur en panne', {
		themeId: 'th-meter',
		crmCodes: ['CPT-PAN'],
		synonyms: ['compteur bloqué'],
		prevalence: 0.02
	}),
	m('m-coupure-impaye', 'Disconnection for non-payment', 'Coupure pour impayé', {
		themeId: 'th-supply',
		crmCodes: ['REC-COUP'],
		prevalence: 0.03
	}),
	m('m-coupure-travaux', 'Outage for works', 'Coupure pour travaux', {
		themeId: 'th-supply',
		crmCodes: ['RES-TRAV'],
		prevalence: 0.05
	}),
	m('m-indemnisation', 'Compensation after an outage', 'Indemnisation après incident', {
		themeId: 'th-supply',
		crmCodes: ['RES-IND']
	}),
	m('m-resiliation', 'Contract termination', 'Résiliation du contrat', {
		themeId: 'th-contract',
		crmCodes: ['CTR-RES'],
		synonyms: ['arrêter le contrat', 'partir chez un concurrent'],
		prevalence: 0.04
	}),
	m('m-demenagement', 'Moving home', 'Déménagement', {
		themeId: 'th-contract',
		crmCodes: ['CTR-DEM'],
		synonyms: ["changement d'adresse", 'emménagement'],
		prevalence: 0.07
	}),
	m('m-espace-client', 'Customer account access', "Accès à l'espace client", {
		themeId: 'th-web',
		crmCodes: ['WEB-ACC'],
		synonyms: ['mot de passe oublié', 'identifiant'],
		prevalence: 0.05
	})
];

const articles = [
	article({
		id: 'a-prel',
		title: 'Que faire après un prélèvement rejeté',
		body: 'Vérifier le motif de rejet donné par la banque, puis proposer une nouvelle présentation ou un paiement par carte. Les frais bancaires ne sont pas refacturés au client.'
	}),
	article({
		id: 'a-echeancier',
		title: 'Mettre en place un échéancier',
		body: "Un échéancier étale une dette sur plusieurs mois. L'accord du service recouvrement est nécessaire au-delà de six mois."
	}),
	article({
		id: 'a-facture',
		title: "Lire une facture d'électricité",
		tags: ['facturation'],
		body: "## Les rubriques\n\nLa facture distingue l'**abonnement**, la consommation et les taxes : accise sur l'électricité, CTA et TVA. Voir [le guide](https://example.com/guide-facture)."
	}),
	article({
		id: 'a-releve',
		title: "Transmettre un relevé d'index",
		body: 'Le client peut transmettre son index en ligne ou par téléphone entre le 1er et le 5 du mois. Un index estimé est corrigé sur la facture suivante.'
	}),
	article({
		id: 'a-linky',
		title: 'Le compteur communicant Linky',
		body: 'Le compteur Linky transmet les index à distance. Une coupure ou un rétablissement se font sans déplacement de technicien.'
	}),
	article({
		id: 'a-demenagement',
		title: 'Déménagement : résilier et souscrire',
		body: "Relever les index le jour du départ, résilier le contrat de l'ancien logement et souscrire pour le nouveau."
	}),
	article({
		id: 'a-cheque',
		title: 'Chèque énergie',
		body: "Aide de l'État pour payer les factures d'énergie, envoyée chaque printemps. Le bénéficiaire peut la préaffecter à son contrat."
	}),
	article({
		id: 'a-mot-de-passe',
		title: 'Réinitialiser son mot de passe',
		body: 'Depuis la page de connexion, le lien « mot de passe oublié » envoie un courriel valable vingt-quatre heures.'
	}),
	article({
		id: 'a-tarif',
		title: "Changer d'option tarifaire",
		body: 'Le passage en heures creuses demande une modification du contrat, effective sous quarante-huit heures.'
	}),
	article({
		id: 'a-travaux',
		title: 'Prévenir une coupure programmée',
		body: 'Le gestionnaire du réseau annonce les travaux par courrier au moins trois jours avant la coupure.'
	})
];

const index = createCatalogueSearch({ motives, articles, themes });
const ids = (hits: { id: string }[]) => hits.map((hit) => hit.id);
const first = (search: CatalogueSearch, query: string, lang: 'fr' | 'en' = 'fr') => search.search(query, { lang })[0];

describe('reading text', () => {
	it('drops accents, case, ligatures and elisions with either apostrophe', () => {
		expect(normaliseText('Échéancier ŒUVRE')).toBe('echeancier oeuvre');
		expect(queryTerms("l'échéancier")).toEqual(['echeancier']);
		expect(queryTerms('l’Échéancier d’Élodie qu’il')).toEqual(['echeancier', 'elodie']);
		expect(queryTerms("jusqu'au compteur lorsqu’il puisqu'elle")).toEqual(['compteur']);
		expect(queryTerms("aujourd'hui")).toEqual(['aujourd', 'hui']);
		expect(queryTerms('«l’index» 12€ Ελλάδα')).toEqual(['index', '12', 'ελλαδα']);
	});

	it('leaves stop words out and makes plurals singular', () => {
		expect(queryTerms('Les factures des compteurs et les bureaux')).toEqual(['facture', 'compteur', 'bureau']);
		expect(queryTerms('PAI-PREL')).toEqual(['pai', 'prel']);
		expect(queryTerms('adresse')).toEqual(['adresse']);
	});

	it('keeps a query made only of stop words', () => {
		expect(queryTerms('de la')).toEqual(['de', 'la']);
	});
});

describe('catalogue search', () => {
	it('finds "prélèvement" as the rejected direct debit motive first', () => {
		const hits = index.search('prélèvement', { lang: 'fr' });
		expect(hits[0]).toMatchObject({ kind: 'motive', id: 'm-prel-rejet' });
		expect(hits[0].fields).toEqual(expect.arrayContaining(['label', 'synonyms']));
		expect(ids(hits)).toContain('m-prel-date');
		expect(ids(hits)).toContain('a-prel');
	});

	it('finds a word from its first letters', () => {
		const hits = index.search('prél', { lang: 'fr' });
		expect(hits[0].id).toBe('m-prel-rejet');
		expect(ids(index.search('prel', { lang: 'fr' }))).toEqual(ids(hits));
		expect(first(index, 'demen')?.id).toBe('m-demenagement');
	});

	it('finds a motive by its CRM code', () => {
		const hit = first(index, 'PAI-PREL');
		expect(hit).toMatchObject({ id: 'm-prel-rejet' });
		expect(hit.fields).toContain('codes');
		expect(first(index, 'fac-dup')?.id).toBe('m-facture-duplicata');
	});

	it("finds a motive by a customer's word that only its synonyms hold", () => {
		const hit = first(index, 'concurrent');
		expect(hit).toMatchObject({ id: 'm-resiliation', fields: ['synonyms'] });
	});

	it('ignores accents and case, and elided articles', () => {
		expect(first(index, 'echeancier')?.id).toBe('m-echeancier');
		expect(first(index, 'ÉCHÉANCIER')?.id).toBe('m-echeancier');
		expect(ids(index.search("l'échéancier", { lang: 'fr' }))).toEqual(ids(index.search('echeancier', { lang: 'fr' })));
		expect(ids(index.search('l’échéancier', { lang: 'fr' }))).toEqual(ids(index.search('echeancier', { lang: 'fr' })));
	});

	it('finds a plural as its singular', () => {
		expect(ids(index.search('factures', { lang: 'fr' }))).toEqual(ids(index.search('facture', { lang: 'fr' })));
		// « Compensation entre deux factures » is indexed under the singular, matched as a whole word.
		const compensation = index.search('facture', { lang: 'fr' }).find((hit) => hit.id === 'm-compensation');
		expect(compensation?.terms).toEqual(['facture']);
	});

	it('forgives a typo in a longer word', () => {
		const hits = index.search('factrue', { lang: 'fr' });
		expect(hits.length).toBeGreaterThan(0);
		expect(hits[0].terms).toContain('facture');
		// Contestation holds « facture » in its label and a synonym, the copy in its label only.
		expect(hits[0].id).toBe('m-facture-montant');
	});

	it('orders motives that match alike by prevalence', () => {
		const hits = index.search('coupure', { lang: 'fr' }).filter((hit) => hit.kind === 'motive');
		expect(ids(hits)).toEqual(['m-coupure-travaux', 'm-coupure-impaye']);
		const swapped = motives.map((x) =>
			x.id === 'm-coupure-travaux'
				? { ...x, prevalence: 0.03 }
				: x.id === 'm-coupure-impaye'
					? { ...x, prevalence: 0.05 }
					: x
		);
		const other = createCatalogueSearch({ motives: swapped, articles, themes });
		expect(ids(other.search('coupure', { lang: 'fr', kinds: ['motive'] }))).toEqual([
			'm-coupure-impaye',
			'm-coupure-travaux'
		]);
	});

	it('does not let prevalence lift a description above a label', () => {
		// Contestation (12 %) speaks of the plan in its description; the plan (2 %) is named by it.
		const hits = index.search('mensualisation', { lang: 'fr', kinds: ['motive'] });
		expect(ids(hits)).toEqual(['m-mensualisation', 'm-facture-montant']);
	});

	it("ranks the interface language's label first", () => {
		// In either order of the catalogue, so that the order of indexing cannot decide.
		for (const search of [index, createCatalogueSearch({ motives: [...motives].reverse(), articles, themes })]) {
			expect(first(search, 'compensation', 'fr')?.id).toBe('m-compensation');
			expect(first(search, 'compensation', 'en')?.id).toBe('m-indemnisation');
		}
	});

	it('finds articles by words of their body only', () => {
		const hits = index.search('accise', { lang: 'fr' });
		expect(hits).toHaveLength(1);
		expect(hits[0]).toMatchObject({ kind: 'article', id: 'a-facture', fields: ['body'] });
		expect(ids(index.search('bénéficiaire', { lang: 'fr' }))).toEqual(['a-cheque']);
	});

	it('does not index link addresses of a body', () => {
		expect(index.search('example', { lang: 'fr' })).toEqual([]);
	});

	it('returns nothing for an empty query or one that matches nothing', () => {
		expect(index.search('', { lang: 'fr' })).toEqual([]);
		expect(index.search('  ’ - ', { lang: 'fr' })).toEqual([]);
		expect(index.search('zxqwv', { lang: 'fr' })).toEqual([]);
		expect(index.search('wolfram kryptonite', { lang: 'en' })).toEqual([]);
	});

	it('answers a query of stop words with the words they begin', () => {
		const hits = index.search('de', { lang: 'fr' });
		expect(hits.length).toBeGreaterThan(0);
		expect(hits[0].id).toBe('m-demenagement');
		expect(hits.every((hit) => hit.terms.every((term) => term.startsWith('de')))).toBe(true);
	});

	it('reads a pasted message as whole words, the last one a prefix', () => {
		const message = 'Bonjour, mon prélèvement a été rejeté par la banque hier soir, je voudrais comprendre';
		expect(queryTerms(message).length).toBeGreaterThan(6);
		expect(first(index, message)?.id).toBe('m-prel-rejet');
		// "echean" begins a word only at the end of the sentence.
		const early = index.search('echean bonjour voudrais comprendre hier soir merci', { lang: 'fr' });
		expect(ids(early)).not.toContain('m-echeancier');
		expect(first(index, 'bonjour voudrais comprendre hier soir merci echean')?.id).toBe('m-echeancier');
	});

	it('keeps to the limit and the kinds asked for', () => {
		expect(index.search('facture', { lang: 'fr', limit: 2 })).toHaveLength(2);
		const hits = index.search('facture', { lang: 'fr', kinds: ['article'] });
		expect(hits.length).toBeGreaterThan(0);
		expect(hits.every((hit) => hit.kind === 'article')).toBe(true);
	});
});

describe('catalogue edits', () => {
	it('indexes an edited motive, a new article and forgets removed ones', () => {
		const search = createCatalogueSearch({ motives, articles, themes });
		expect(search.search('linky', { lang: 'fr', kinds: ['motive'] })).toEqual([]);
		const panne = motives.find((x) => x.id === 'm-compteur-panne') as Motive;
		search.updateMotive({ ...panne, synonyms: ['linky muet'] });
		expect(ids(search.search('linky', { lang: 'fr', kinds: ['motive'] }))).toEqual(['m-compteur-panne']);
		expect(search.size).toBe(motives.length + articles.length);

		search.updateArticle(article({ id: 'a-new', title: 'Mandat SEPA', body: 'Signature du mandat.' }));
		expect(first(search, 'sepa')?.id).toBe('a-new');
		search.remove('article', 'a-new');
		expect(search.search('sepa', { lang: 'fr' })).toEqual([]);

		search.remove('motive', 'm-prel-rejet');
		expect(ids(search.search('PAI-PREL', { lang: 'fr' }))).not.toContain('m-prel-rejet');
		expect(search.size).toBe(motives.length + articles.length - 1);
		search.remove('motive', 'unknown');
	});

	it("indexes again a motive whose theme's label changed", () => {
		const search = createCatalogueSearch({ motives, articles, themes });
		expect(search.search('recouvrement', { lang: 'fr', kinds: ['motive'] })).toEqual([]);
		search.setThemes(
			themes.map((t) => (t.id === 'th-supply' ? { ...t, label: text('Supply', 'Recouvrement et fourniture') } : t))
		);
		expect(ids(search.search('recouvrement', { lang: 'fr', kinds: ['motive'] }))).toEqual(
			expect.arrayContaining(['m-coupure-impaye', 'm-coupure-travaux', 'm-indemnisation'])
		);
	});

	it('builds the same index in chunks, pausing between them', async () => {
		let pauses = 0;
		const chunked = await buildCatalogueSearch(
			{ motives, articles, themes },
			{ chunkSize: 4, pause: async () => void pauses++ }
		);
		expect(pauses).toBe(Math.ceil((motives.length + articles.length) / 4) - 1);
		expect(chunked.size).toBe(index.size);
		for (const query of ['prél', 'coupure', 'compensation', 'accise', 'factrue']) {
			expect(chunked.search(query, { lang: 'en' })).toEqual(index.search(query, { lang: 'en' }));
		}
	});
});
