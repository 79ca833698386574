/**
 * The journey-and-motive model behind the synthetic contact logs: motives of a French energy
 * supplier with their prevalence, complexity, channel mix and first-contact resolution odds,
 * the teams that treat them, and the web pages customers visit before they get in touch.
 * The figures are plausible orders of magnitude for a residential energy contact centre, chosen so
 * that the measured FCR lands around 65–75 % and the usual frictions show (complex motives
 * repeat, e-mails answered late, moves and disputes bouncing between channels).
 */
import {
	JOURNEY_EMMENAGEMENT_ID,
	JOURNEY_FACTURE_ID,
	createDemoJourneys,
	createDemoRules,
	demoMotiveId,
	demoMotiveModel,
	type DemoMotiveCode
} from '../domain/demo';
import { journeyPlans, type JourneyPlan, type MotiveWeight } from './generate-walk';

export const CHANNELS = [
	'phone',
	'email',
	'chat',
	'web_form',
	'store',
	'mail',
	'social',
	'messaging'
] as const;
export type GeneratedChannel = (typeof CHANNELS)[number];

/** Channel mix of an average motive, in the order of `CHANNELS`. */
const BASE_MIX = [0.5, 0.14, 0.1, 0.08, 0.03, 0.03, 0.03, 0.09];

/** How much each channel lets an advisor settle a request at once (multiplies the motive's odds). */
export const CHANNEL_RESOLUTION: Record<GeneratedChannel, number> = {
	phone: 1,
	email: 0.9,
	chat: 0.96,
	web_form: 0.85,
	store: 1.04,
	mail: 0.78,
	social: 0.8,
	messaging: 0.93
};

export interface MotiveProfile {
	code: string;
	/** The motive's category for measurement (its catalogue theme). */
	category: string;
	/** Code prefix (`FAC`, `PAI`…): which specialist team treats it and which web pages relate. */
	family: string;
	/** Share of new demands (the profiles' prevalences sum to 1). */
	prevalence: number;
	complex: boolean;
	/** Probability that a capable advisor settles it at the first contact on the phone. */
	resolution: number;
	/** Probability that the contact is transferred to someone else. */
	transfer: number;
	/** Channel mix, in the order of `CHANNELS`, summing to 1. */
	mix: number[];
}

/** Multiplies the base mix by per-channel factors and normalises. */
function tilt(factors: Partial<Record<GeneratedChannel, number>>): number[] {
	const mix = BASE_MIX.map((share, i) => share * (factors[CHANNELS[i]] ?? 1));
	const total = mix.reduce((a, b) => a + b, 0);
	return mix.map((share) => share / total);
}

/** Built-in odds per demo code; prevalence and complexity come from the demo catalogue. */
type Row = [code: string, prevalence: number, resolution: number, transfer: number, mix: number[]];

const ROWS: Row[] = [
	['FAC-EXPL', 0.14, 0.84, 0.04, tilt({ email: 1.2 })],
	['FAC-CONTEST', 0.06, 0.5, 0.16, tilt({ mail: 2.5, email: 1.4, social: 1.5 })],
	['FAC-ECH', 0.06, 0.82, 0.05, tilt({ web_form: 1.6 })],
	['FAC-DUPL', 0.04, 0.92, 0.02, tilt({ email: 1.6, web_form: 1.8, phone: 0.7 })],
	['FAC-REMB', 0.04, 0.72, 0.08, tilt({ email: 1.3, mail: 1.5 })],
	['PAI-PREL', 0.07, 0.86, 0.04, tilt({ web_form: 1.4 })],
	['PAI-DELAI', 0.06, 0.76, 0.07, tilt({ phone: 1.2, store: 1.5 })],
	['PAI-MOYEN', 0.04, 0.9, 0.03, tilt({ chat: 1.4, web_form: 1.3 })],
	['PAI-RELANCE', 0.04, 0.55, 0.14, tilt({ phone: 1.3, mail: 1.8, store: 1.4 })],
	['CTR-EMM', 0.07, 0.78, 0.06, tilt({ web_form: 1.8, chat: 1.2 })],
	['CTR-DEM', 0.08, 0.76, 0.07, tilt({ web_form: 2, email: 1.2 })],
	['CTR-OFFRE', 0.04, 0.88, 0.05, tilt({ chat: 1.6, store: 2 })],
	['CTR-TITUL', 0.03, 0.52, 0.15, tilt({ mail: 2.5, email: 1.5, store: 1.5 })],
	['CPT-INDEX', 0.06, 0.88, 0.03, tilt({ web_form: 1.5, messaging: 1.3 })],
	['CPT-LINKY', 0.04, 0.74, 0.09, tilt({ phone: 1.2 })],
	['CPT-PANNE', 0.03, 0.48, 0.2, tilt({ phone: 1.8, email: 0.4, mail: 0.1, web_form: 0.4 })],
	['CPT-MES', 0.03, 0.7, 0.1, tilt({ phone: 1.3 })],
	['WEB-CNX', 0.04, 0.9, 0.02, tilt({ chat: 2, messaging: 1.5, store: 0.3, mail: 0.1 })],
	['WEB-APP', 0.02, 0.85, 0.03, tilt({ chat: 2, social: 2, mail: 0.1 })],
	['WEB-DOC', 0.01, 0.93, 0.02, tilt({ email: 1.5, chat: 1.5, mail: 0.3 })]
];

const DEMO_COMPLEX = new Set(
	demoMotiveModel()
		.filter((m) => m.complex)
		.map((m) => m.code)
);

export interface MotiveCatalogueEntry {
	code: string;
	category?: string;
	prevalence?: number;
	complex?: boolean;
}

/**
 * Motive profiles, taking codes, categories, prevalence and complexity from a catalogue (the demo
 * workspace's by default); codes the built-in table does not know get average odds.
 */
export function motiveProfiles(catalogue?: MotiveCatalogueEntry[]): MotiveProfile[] {
	const builtIn = new Map(ROWS.map((row) => [row[0], row]));
	const entries: MotiveCatalogueEntry[] =
		catalogue && catalogue.length > 0 ? catalogue : demoMotiveModel();
	const profiles = entries.map((entry): MotiveProfile => {
		const row = builtIn.get(entry.code);
		const complex = entry.complex ?? DEMO_COMPLEX.has(entry.code);
		return {
			code: entry.code,
			category: entry.category ?? entry.code,
			family: entry.code.split('-')[0],
			prevalence: entry.prevalence ?? row?.[1] ?? 1 / entries.length,
			complex,
			resolution: row?.[2] ?? (complex ? 0.5 : 0.8),
			transfer: row?.[3] ?? (complex ? 0.15 : 0.05),
			mix: row?.[4] ?? tilt({})
		};
	});
	const total = profiles.reduce((sum, p) => sum + p.prevalence, 0);
	for (const p of profiles) p.prevalence /= total;
	return profiles;
}

/** Teams: the motive family they specialise in (`null`: generalists), their size and a label. */
export const TEAMS: { name: string; family: string | null; agents: number }[] = [
	{ name: 'Facturation', family: 'FAC', agents: 11 },
	{ name: 'Recouvrement', family: 'PAI', agents: 8 },
	{ name: 'Contrats', family: 'CTR', agents: 10 },
	{ name: 'Compteurs', family: 'CPT', agents: 7 },
	{ name: 'Digital', family: 'WEB', agents: 5 },
	{ name: 'Polyvalents', family: null, agents: 13 },
	{ name: 'Boutiques', family: null, agents: 6 }
];

/** Customer segments and their shares. */
export const SEGMENTS: { name: string; share: number; resolution: number }[] = [
	{ name: 'particuliers', share: 0.76, resolution: 1 },
	{ name: 'professionnels', share: 0.13, resolution: 0.96 },
	{ name: 'précarité', share: 0.07, resolution: 0.9 },
	{ name: 'collectivités', share: 0.04, resolution: 0.94 }
];

/** Web pages customers visit about each motive family, most visited first. */
export const PAGES_BY_FAMILY: Record<string, string[]> = {
	FAC: [
		'/espace-client/factures',
		'/aide/facture/comprendre',
		'/espace-client/factures/telecharger',
		'/aide/facture/regularisation',
		'/espace-client/echeancier'
	],
	PAI: [
		'/espace-client/paiement',
		'/aide/paiement/prelevement',
		'/espace-client/paiement/moyens',
		'/aide/paiement/difficultes',
		'/espace-client/echeancier'
	],
	CTR: [
		'/demenagement',
		'/espace-client/contrat',
		'/offres',
		'/aide/contrat/resilier',
		'/demenagement/formulaire'
	],
	CPT: [
		'/espace-client/releve',
		'/aide/compteur/linky',
		'/espace-client/consommation',
		'/aide/panne',
		'/aide/compteur/mise-en-service'
	],
	WEB: [
		'/connexion',
		'/aide/connexion/mot-de-passe',
		'/application',
		'/espace-client/documents',
		'/aide/espace-client'
	]
};

export const COMMON_PAGES = ['/', '/espace-client', '/aide', '/contact'];

/** The demo workspace's data: how many contacts, from which seed, over how many months up to now. */
export const DEMO_DATA = { contacts: 40_000, seed: 20260101, months: 6 } as const;

/** Pages the journeys' steps show besides those above (the simulator, a plan's page). */
const JOURNEY_PAGES = [
	'/offres/simulateur',
	'/offres/electricite',
	'/souscription/signature',
	'/espace-client/mise-en-service',
	'/aide/facture/montant',
	'/espace-client/paiement/carte'
];

/** Every page the generated web log may show. */
export const ALL_PAGES = [...new Set([...Object.values(PAGES_BY_FAMILY).flat(), ...JOURNEY_PAGES, ...COMMON_PAGES])];

/**
 * Pages no demo rule maps (the home page, the help index, the contact page): a session sometimes
 * passes through one, the unmapped traffic the overlay reports.
 */
export const NOISE_PAGES = ['/', '/aide', '/contact'];

/** Share of walks in each demo journey: bills come every month, moves once. */
export const JOURNEY_WEIGHTS: Record<string, number> = {
	[JOURNEY_FACTURE_ID]: 0.84,
	[JOURNEY_EMMENAGEMENT_ID]: 0.16
};

/**
 * Off-model moves: what customers do that the journey map does not draw, so the overlay has a few
 * deviations to explain. From `from`, a walk takes the detour with probability `share` instead of
 * one of the drawn actions.
 */
export interface Detour {
	journeyId: string;
	from: string;
	to: string;
	share: number;
	/** Why customers do it, for whoever reads the overlay. */
	why: string;
}

export const DETOURS: Detour[] = [
	{
		journeyId: JOURNEY_FACTURE_ID,
		from: 'reception.consultation',
		to: 'comprehension.appel',
		share: 0.04,
		why: 'A surprising amount: customers call straight after opening the bill, without looking for an answer first.'
	},
	{
		journeyId: JOURNEY_FACTURE_ID,
		from: 'comprehension.faq',
		to: 'reclamation.contestation',
		share: 0.05,
		why: 'The FAQ page on adjustments convinces some customers the bill is wrong: they dispute it at once.'
	},
	{
		journeyId: JOURNEY_EMMENAGEMENT_ID,
		from: 'miseEnService.confirmation',
		to: 'premiereFacture.appelServiceClient',
		share: 0.05,
		why: 'Some new customers call to ask when the first bill comes, before opening their account.'
	}
];

/** The motives' weights as the walk tables read them. */
export function motiveWeights(profiles: MotiveProfile[]): MotiveWeight[] {
	return profiles.map((p) => ({
		code: p.code,
		prevalence: p.prevalence,
		mix: Object.fromEntries(CHANNELS.map((channel, i) => [channel, p.mix[i]]))
	}));
}

/** The walk tables of the demo journeys under the demo mapping rules. */
export function demoJourneyPlans(profiles: MotiveProfile[]): JourneyPlan[] {
	return journeyPlans({
		journeys: createDemoJourneys(new Date(Date.UTC(2026, 0, 1))),
		rules: createDemoRules(),
		motives: motiveWeights(profiles),
		pages: ALL_PAGES,
		isMotive: (id, code) => id === demoMotiveId(code as DemoMotiveCode),
		weights: JOURNEY_WEIGHTS
	});
}
