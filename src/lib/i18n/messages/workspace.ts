/** Messages inside a workspace: its overview and the placeholders of its sections. */
export const en = {
	'ws.loading': 'Loading the workspace…',
	'ws.notFound.title': 'Workspace not found',
	'ws.notFound.body':
		'No workspace with this address exists in this browser. It may have been deleted, or created in another browser.',
	'ws.back': 'Back to the workspaces',
	'ws.overview': 'Overview',
	'ws.overview.intro': 'What this workspace holds.',
	'ws.count.journeys': 'Journeys',
	'ws.count.themes': 'Themes',
	'ws.count.motives': 'Motives',
	'ws.count.sources': 'Information sources',
	'ws.count.articles': 'Knowledge articles',
	'ws.section.journeys': 'Journeys',
	'ws.section.motives': 'Contact motives',
	'ws.section.knowledge': 'Knowledge',
	'ws.section.data': 'Data',
	'ws.section.analysis': 'Analysis',
	'ws.section.frictions': 'Frictions and action plan',
	'ws.coming.journeys':
		'journeys drawn as state machines, with stages, steps, touchpoints and channels, editable on the graph and simulated.',
	'ws.coming.motives':
		'the motive catalogue, with themes and sub-themes, prevalence, treatment, information sources, CRM codes and the journey steps where each motive arises.',
	'ws.coming.knowledge':
		'articles and information sources with their owner, review interval and status; stale and orphan content detection.',
	'ws.coming.data':
		'import of contact logs and web logs (CSV, Excel exports), with pseudonymised customer ids.',
	'ws.coming.analysis':
		'first-contact resolution, repeat rate and contacts per demand by channel, motive, team and period, laid over the journey map.',
	'ws.coming.frictions':
		'friction points ranked by avoidable contacts and cost, savings, and the action plan with owners and status.',
	'ws.journeys.intro': 'Open a journey to see its map: stages, steps and touchpoints.',
	'ws.empty.journeys': 'No journey yet.',
	'ws.empty.motives': 'No motive yet.',
	'ws.empty.knowledge': 'No article yet.',
	'ws.journey.states': '{count} stages',
	'ws.motive.complex': 'complex',
	'ws.motive.crm': 'CRM codes: {codes}',
	'ws.motive.prevalence': '{value} of contacts',
	'ws.article.title': 'Article',
	'ws.article.owner': 'Owner',
	'ws.article.lastReview': 'Last review',
	'ws.article.status': 'Status',
	'ws.article.never': 'never',
	'ws.status.draft': 'draft',
	'ws.status.published': 'published',
	'ws.status.archived': 'archived',
	'ws.sources': 'Information sources',
	'ws.readOnly': 'Read-only preview of the workspace’s content.',
	'ws.failed': 'The workspace could not be loaded: {detail}'
} as const;

export const fr: Record<keyof typeof en, string> = {
	'ws.loading': 'Chargement de l’espace de travail…',
	'ws.notFound.title': 'Espace de travail introuvable',
	'ws.notFound.body':
		'Aucun espace de travail ne correspond à cette adresse dans ce navigateur. Il a peut-être été supprimé, ou créé dans un autre navigateur.',
	'ws.back': 'Retour aux espaces de travail',
	'ws.overview': 'Vue d’ensemble',
	'ws.overview.intro': 'Ce que contient cet espace de travail.',
	'ws.count.journeys': 'Parcours',
	'ws.count.themes': 'Thèmes',
	'ws.count.motives': 'Motifs',
	'ws.count.sources': 'Sources d’information',
	'ws.count.articles': 'Articles de connaissance',
	'ws.section.journeys': 'Parcours',
	'ws.section.motives': 'Motifs de contact',
	'ws.section.knowledge': 'Connaissances',
	'ws.section.data': 'Données',
	'ws.section.analysis': 'Analyse',
	'ws.section.frictions': 'Irritants et plan d’action',
	'ws.coming.journeys':
		'les parcours dessinés comme machines à états, avec étapes, sous-étapes, points de contact et canaux, modifiables sur le graphe et simulables.',
	'ws.coming.motives':
		'le catalogue des motifs, avec thèmes et sous-thèmes, prévalence, traitement, sources d’information, codes CRM et étapes du parcours où chaque motif survient.',
	'ws.coming.knowledge':
		'les articles et sources d’information avec leur responsable, leur fréquence de revue et leur statut ; détection des contenus périmés ou orphelins.',
	'ws.coming.data':
		'l’import des journaux de contacts et de navigation web (CSV, exports Excel), avec pseudonymisation des identifiants clients.',
	'ws.coming.analysis':
		'la résolution au premier contact, le taux de réitération et les contacts par demande par canal, motif, équipe et période, superposés à la carte des parcours.',
	'ws.coming.frictions':
		'les irritants classés par contacts évitables et par coût, les économies possibles et le plan d’action avec responsables et statut.',
	'ws.journeys.intro': 'Ouvrez un parcours pour voir sa carte : étapes, sous-étapes et points de contact.',
	'ws.empty.journeys': 'Aucun parcours pour l’instant.',
	'ws.empty.motives': 'Aucun motif pour l’instant.',
	'ws.empty.knowledge': 'Aucun article pour l’instant.',
	'ws.journey.states': '{count} étapes',
	'ws.motive.complex': 'complexe',
	'ws.motive.crm': 'Codes CRM : {codes}',
	'ws.motive.prevalence': '{value} des contacts',
	'ws.article.title': 'Article',
	'ws.article.owner': 'Responsable',
	'ws.article.lastReview': 'Dernière revue',
	'ws.article.status': 'Statut',
	'ws.article.never': 'jamais',
	'ws.status.draft': 'brouillon',
	'ws.status.published': 'publié',
	'ws.status.archived': 'archivé',
	'ws.sources': 'Sources d’information',
	'ws.readOnly': 'Aperçu en lecture seule du contenu de l’espace.',
	'ws.failed': 'L’espace de travail n’a pas pu être chargé : {detail}'
};
