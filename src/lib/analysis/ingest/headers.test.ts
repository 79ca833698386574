import { describe, expect, it } from 'vitest';
import { mapHeaders, matchHeader } from './headers';

describe('matchHeader', () => {
	const contacts: [string, string][] = [
		['customer_id', 'customer_id'],
		['Client', 'customer_id'],
		['ID Client', 'customer_id'],
		['Numéro client', 'customer_id'],
		['NUMERO_CLIENT', 'customer_id'],
		['N° client', 'customer_id'],
		['Customer', 'customer_id'],
		['customer id', 'customer_id'],
		['author_id', 'customer_id'],
		['Date', 'timestamp'],
		['Date contact', 'timestamp'],
		['Date du contact', 'timestamp'],
		['Date heure', 'timestamp'],
		['Date/Heure', 'timestamp'],
		['created_at', 'timestamp'],
		['DateTime', 'timestamp'],
		['Horodatage', 'timestamp'],
		['Canal', 'channel'],
		['Motif', 'motive'],
		['Motif de contact', 'motive'],
		['Qualification', 'motive'],
		['Code motif', 'motive'],
		['Sens', 'direction'],
		['inbound', 'direction'],
		['Conseiller', 'agent'],
		['Téléconseiller', 'agent'],
		['Agent ID', 'agent'],
		['Équipe', 'team'],
		['EQUIPE', 'team'],
		['Segment client', 'segment'],
		['Marché', 'segment'],
		['Transféré', 'transferred'],
		['Transfert', 'transferred'],
		['Rappel', 'callback'],
		['Résolu', 'resolved'],
		['Clôturé résolu', 'resolved'],
		['Date traitement', 'handled_at'],
		['Date de réponse', 'handled_at'],
		['Date réponse', 'handled_at'],
		['Enquête résolu', 'survey_resolved'],
		['Résolu selon client', 'survey_resolved'],
		['Satisfaction', 'csat'],
		['Note satisfaction', 'csat'],
		['Recommandation', 'nps'],
		['Note NPS', 'nps'],
		['ID contact', 'contact_id'],
		['Id interaction', 'contact_id'],
		['tweet_id', 'contact_id']
	];
	it.each(contacts)('contacts: %j is %s', (header, field) => {
		expect(matchHeader(header, 'contacts')).toBe(field);
	});

	const web: [string, string][] = [
		['URL', 'page'],
		['page', 'page'],
		['URI', 'page'],
		['Libellé page', 'page'],
		['session', 'session_id'],
		['ID session', 'session_id'],
		['id client', 'customer_id'],
		['horodatage', 'timestamp']
	];
	it.each(web)('web: %j is %s', (header, field) => {
		expect(matchHeader(header, 'web')).toBe(field);
	});

	it('leaves unknown headers unmatched', () => {
		expect(matchHeader('text', 'contacts')).toBeNull();
		expect(matchHeader('response_tweet_id', 'contacts')).toBeNull();
		expect(matchHeader('page', 'contacts')).toBeNull();
	});
});

describe('mapHeaders', () => {
	it('gives each field the first column that names it', () => {
		expect(mapHeaders(['Client', 'Date', 'Canal', 'Date/Heure', 'note'], 'contacts')).toEqual({
			customer_id: 0,
			timestamp: 1,
			channel: 2
		});
	});
});
