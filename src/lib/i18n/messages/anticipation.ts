/** Messages of the anticipation page (METRICS.md §5b), the business event log's import and the proactive actions. */
export const en = {
	'data.import.kind.events': 'Business event log (one row per event: bill issued, late delivery…)',
	'data.list.kind.events': 'Events',
	'data.field.event': 'Event',
	'data.field.detail': 'Detail'
};

export const fr: Record<keyof typeof en, string> = {
	'data.import.kind.events': 'Journal d’événements métier (une ligne par événement : facture émise, retard de livraison…)',
	'data.list.kind.events': 'Événements',
	'data.field.event': 'Événement',
	'data.field.detail': 'Détail'
};
