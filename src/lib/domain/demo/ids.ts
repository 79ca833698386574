/**
 * Stable identifiers shared by the demo files. Kept apart so journeys, motives and knowledge can
 * refer to one another without importing each other's builders.
 */

export const DEMO_WORKSPACE_ID = 'demo-volta';

/** The demo's CRM qualification codes, in catalogue order (one motive each). */
export const DEMO_MOTIVE_CODES = [
	'FAC-EXPL',
	'FAC-CONTEST',
	'FAC-ECH',
	'FAC-DUPL',
	'FAC-REMB',
	'PAI-PREL',
	'PAI-DELAI',
	'PAI-MOYEN',
	'PAI-RELANCE',
	'CTR-EMM',
	'CTR-DEM',
	'CTR-OFFRE',
	'CTR-TITUL',
	'CPT-INDEX',
	'CPT-LINKY',
	'CPT-PANNE',
	'CPT-MES',
	'WEB-CNX',
	'WEB-APP',
	'WEB-DOC'
] as const;
export type DemoMotiveCode = (typeof DEMO_MOTIVE_CODES)[number];

/** The motive id for a demo code: `FAC-EXPL` → `m-fac-expl`. */
export function demoMotiveId(code: DemoMotiveCode): string {
	return `m-${code.toLowerCase()}`;
}

export const JOURNEY_EMMENAGEMENT_ID = 'j-emmenagement';
export const JOURNEY_FACTURE_ID = 'j-facture';
