/** Messages of the app shell: navigation, home page, workspace management. */
export const en = {
	'app.name': 'Parcours',
	'app.tagline': 'Customer journeys and first-contact resolution',
	'lang.switch': 'Language',
	'lang.fr': 'Français',
	'lang.en': 'English',
	'nav.main': 'Main',
	'nav.home': 'Workspaces',
	'nav.workspace': 'Workspace sections',
	'nav.journeys': 'Journeys',
	'nav.motives': 'Motives',
	'nav.knowledge': 'Knowledge',
	'nav.data': 'Data',
	'nav.analysis': 'Analysis',
	'nav.frictions': 'Frictions',
	'page.planned': 'This section is planned: {what}',
	'saved.auto': 'Every change is saved automatically in this browser.',
	'common.save': 'Save',
	'common.cancel': 'Cancel',
	'common.close': 'Close',
	'common.delete': 'Delete',
	'common.confirm': 'Confirm',
	'common.loading': 'Loading…',
	'common.error': 'Error',
	'common.none': 'None',
	'shell.skip': 'Skip to content',
	'store.title': 'Your data could not be saved or read',
	'store.quota':
		'Storage is full: your last change was not saved. Free space by deleting old datasets on the Data page, or by exporting a workspace and then deleting it (or free disk space), then try again.',
	'store.settingsQuota':
		'Storage is full: your last change of a setting was not saved and only holds until this page is closed. Free space by exporting and deleting workspaces you no longer need (their settings and layouts go with them), then change it again.',
	'store.blocked':
		'Another Parcours tab is holding the database open. Close the other Parcours tabs, then reload this page.',
	'store.version':
		'The data in this browser was written by a newer version of Parcours. Open Parcours at its newest version, or reload if it was just updated.',
	'store.unavailable':
		'This browser does not let Parcours store data (private browsing, or IndexedDB disabled). Open Parcours in a normal window, or allow site data for it.',
	'store.unknown': 'The browser database failed. Reload the page; if it happens again, export your workspaces.',
	'store.dismiss': 'Dismiss',
	'error.title': 'Error {status}',
	'error.notFound.title': 'Page not found',
	'error.notFound.body': 'This address does not match any page of Parcours.',
	'error.other.body': 'Something went wrong: {message}',
	'error.home': 'Go to the workspaces'
} as const;

export const fr: Record<keyof typeof en, string> = {
	'app.name': 'Parcours',
	'app.tagline': 'Parcours clients et résolution au premier contact',
	'lang.switch': 'Langue',
	'lang.fr': 'Français',
	'lang.en': 'English',
	'nav.main': 'Principal',
	'nav.home': 'Espaces de travail',
	'nav.workspace': 'Sections de l’espace',
	'nav.journeys': 'Parcours',
	'nav.motives': 'Motifs',
	'nav.knowledge': 'Connaissances',
	'nav.data': 'Données',
	'nav.analysis': 'Analyse',
	'nav.frictions': 'Irritants',
	'page.planned': 'Cette section est prévue : {what}',
	'saved.auto': 'Chaque modification est enregistrée automatiquement dans ce navigateur.',
	'common.save': 'Enregistrer',
	'common.cancel': 'Annuler',
	'common.close': 'Fermer',
	'common.delete': 'Supprimer',
	'common.confirm': 'Confirmer',
	'common.loading': 'Chargement…',
	'common.error': 'Erreur',
	'common.none': 'Aucun',
	'shell.skip': 'Aller au contenu',
	'store.title': 'Vos données n’ont pas pu être enregistrées ou lues',
	'store.quota':
		'Le stockage est plein : votre dernière modification n’a pas été enregistrée. Libérez de l’espace en supprimant d’anciens jeux de données (page Données), ou en exportant un espace de travail puis en le supprimant (ou libérez de l’espace disque), puis réessayez.',
	'store.settingsQuota':
		'Le stockage est plein : votre dernier changement de réglage n’a pas été enregistré et ne vaut que jusqu’à la fermeture de cette page. Libérez de l’espace en exportant puis en supprimant les espaces de travail devenus inutiles (leurs réglages et mises en page partent avec eux), puis refaites-le.',
	'store.blocked':
		'Un autre onglet Parcours bloque la base de données. Fermez les autres onglets Parcours, puis rechargez cette page.',
	'store.version':
		'Les données de ce navigateur ont été écrites par une version plus récente de Parcours. Ouvrez la dernière version de Parcours, ou rechargez la page si elle vient d’être mise à jour.',
	'store.unavailable':
		'Ce navigateur ne permet pas à Parcours d’enregistrer des données (navigation privée, ou IndexedDB désactivé). Ouvrez Parcours dans une fenêtre normale, ou autorisez les données de site.',
	'store.unknown':
		'La base de données du navigateur a échoué. Rechargez la page ; si cela se reproduit, exportez vos espaces de travail.',
	'store.dismiss': 'Fermer',
	'error.title': 'Erreur {status}',
	'error.notFound.title': 'Page introuvable',
	'error.notFound.body': 'Cette adresse ne correspond à aucune page de Parcours.',
	'error.other.body': 'Une erreur est survenue : {message}',
	'error.home': 'Aller aux espaces de travail'
};
