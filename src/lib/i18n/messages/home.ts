/** Messages of the home page: the list of workspaces and their management. */
export const en = {
	'home.title': 'Workspaces',
	'home.intro':
		'A workspace holds one organisation’s journeys, contact motives, knowledge and measurements. Everything stays in this browser; export a workspace to keep a copy or share it.',
	'home.loading': 'Loading workspaces…',
	'home.empty': 'No workspace yet. Create one, import a file, or restore the demo.',
	'home.count': '{count, plural, one {# workspace} other {# workspaces}}',
	'home.count.one': '1 workspace',
	'home.new': 'New workspace',
	'home.import': 'Import a file',
	'home.restoreDemo': 'Restore the demo',
	'home.demo': 'Demo',
	'home.updated': 'Last change {date}',
	'home.stats': 'Contents',
	'home.stat.journeys': 'journeys',
	'home.stat.motives': 'motives',
	'home.stat.articles': 'articles',
	'home.noDescription': 'No description.',
	'home.actions': 'Actions on {name}',
	'home.open': 'Open',
	'home.rename': 'Rename',
	'home.duplicate': 'Duplicate',
	'home.export': 'Export',
	'home.delete': 'Delete',
	'home.copyName': '{name} (copy)',
	'form.name': 'Name',
	'form.description': 'Description',
	'form.nameRequired': 'Give the workspace a name.',
	'create.title': 'New workspace',
	'create.submit': 'Create',
	'rename.title': 'Rename “{name}”',
	'rename.submit': 'Rename',
	'delete.title': 'Delete “{name}”?',
	'delete.body':
		'Its {journeys} journeys, {motives} motives, {articles} articles and everything else it holds will be removed from this browser. This cannot be undone.',
	'delete.exportFirst': 'To keep a copy, export it first.',
	'delete.confirm': 'Delete the workspace',
	'notice.created': 'Workspace “{name}” created.',
	'notice.renamed': 'Workspace renamed to “{name}”.',
	'notice.duplicated': 'Workspace “{name}” created as a copy.',
	'notice.deleted': 'Workspace “{name}” deleted.',
	'notice.exported': 'Workspace exported to “{file}”.',
	'notice.imported': 'Workspace “{name}” imported.',
	'notice.demoRestored': 'Demo workspace restored.',
	'notice.exportedWithKey': 'Workspace exported to “{file}”, with its pseudonymisation key.',
	'notice.importedLegacySalt':
		'Workspace “{name}” imported. The file carried the salt of an older pseudonymisation function, which can be reversed: it was left out. New imports here use a secret key of this browser.',
	'notice.keyAdopted': 'Workspace “{name}” imported, with the pseudonymisation key of the file.',
	'notice.keyLeft':
		'Workspace “{name}” imported without the file’s pseudonymisation key: customer codes of datasets made with it will not match imports made here.',
	'export.title': 'Export “{name}”',
	'export.body':
		'The file holds the workspace’s model: journeys, motives, articles, mapping rules and actions.',
	'export.keep': 'Also keep in the file',
	'export.includeSettings': 'The settings: costs per contact, currency, analysis window and target FCR',
	'export.includeDeck': 'The presentation deck (its slides, not the figures)',
	'export.noDatasets': 'The contact and web logs are not in the file: they hold personal data and stay in this browser. Whoever opens the file imports their own logs.',
	'export.includeDatasets': 'Include the contact and web logs (personal data)',
	'export.includeDatasets.warning':
		'The file will then hold personal data, about {size} more: customer ids are pseudonymised, but pseudonymised data is still personal data. Keep the file as you keep the logs and send it only through a protected channel.',
	'export.datasetsWithoutKey':
		'Without the key, the logs in the file give the same figures, but a log imported later into the copy will not recognise the same customers: its pseudonyms will differ.',
	'export.includeKey': 'Include the pseudonymisation key',
	'export.includeKey.warning':
		'Warning: with the key, whoever opens the file can compute the code of any customer number they know and so recognise customers in your analyses. Include it only to go on with the same analyses on another of your own machines, and send the file through a protected channel.',
	'export.noKey': 'This workspace has no pseudonymisation key yet (no pseudonymised import).',
	'export.submit': 'Export without the key',
	'export.submitWithKey': 'Export with the key',
	'carriedKey.title': 'The file carries a pseudonymisation key',
	'carriedKey.body':
		'“{name}” was imported without it. Left aside, this browser makes its own key at the first pseudonymised import: customer codes of datasets pseudonymised with the file’s key (elsewhere) will not match those of imports made here.',
	'carriedKey.warning':
		'Adopt it only if you trust where the file comes from: whoever holds the key can compute customers’ codes, and a key chosen by someone else lets them recognise the customers of your imports.',
	'carriedKey.adopt': 'Adopt the file’s key',
	'carriedKey.leave': 'Leave the key aside',
	'notice.dismiss': 'Dismiss the message',
	'action.failed': 'The action failed: {detail}',
	'import.failed': 'The file “{file}” was not imported: {reason} Nothing was changed.',
	'import.error.empty': 'the file is empty.',
	'import.error.not-json': 'it is not a JSON file, so it cannot be a Parcours workspace.',
	'import.error.truncated':
		'the file is truncated (it stops in the middle); it was probably not fully downloaded or copied.',
	'import.error.newer-version':
		'it was written by a newer version of Parcours (file format version {version}); update Parcours to open it.',
	'import.error.too-deep':
		'its arrays and objects are nested more than 100 levels deep, more than any workspace: the file is damaged or was not written by Parcours.',
	'import.error.state-key':
		'a journey has a state named “{key}” (at “{path}”): a state name cannot hold a dot nor be the name of a property every object has (constructor, __proto__, prototype…).',
	'import.error.not-workspace': 'it is a JSON file but not a Parcours workspace.',
	'import.error.invalid': 'the workspace holds an invalid value at “{path}”.',
	'import.error.read': 'the file could not be read.',
	'import.error.dataset': 'its log “{name}” is damaged ({detail}).',
	'import.error.store': 'the browser could not store it ({detail}).'
} as const;

export const fr: Record<keyof typeof en, string> = {
	'home.title': 'Espaces de travail',
	'home.intro':
		'Un espace de travail réunit les parcours, les motifs de contact, les connaissances et les mesures d’une organisation. Tout reste dans ce navigateur ; exportez un espace pour en garder une copie ou le partager.',
	'home.loading': 'Chargement des espaces de travail…',
	'home.empty':
		'Aucun espace de travail pour l’instant. Créez-en un, importez un fichier ou restaurez la démo.',
	'home.count': '{count, plural, one {# espace de travail} other {# espaces de travail}}',
	'home.count.one': '1 espace de travail',
	'home.new': 'Nouvel espace de travail',
	'home.import': 'Importer un fichier',
	'home.restoreDemo': 'Restaurer la démo',
	'home.demo': 'Démo',
	'home.updated': 'Dernière modification le {date}',
	'home.stats': 'Contenu',
	'home.stat.journeys': 'parcours',
	'home.stat.motives': 'motifs',
	'home.stat.articles': 'articles',
	'home.noDescription': 'Pas de description.',
	'home.actions': 'Actions sur {name}',
	'home.open': 'Ouvrir',
	'home.rename': 'Renommer',
	'home.duplicate': 'Dupliquer',
	'home.export': 'Exporter',
	'home.delete': 'Supprimer',
	'home.copyName': '{name} (copie)',
	'form.name': 'Nom',
	'form.description': 'Description',
	'form.nameRequired': 'Donnez un nom à l’espace de travail.',
	'create.title': 'Nouvel espace de travail',
	'create.submit': 'Créer',
	'rename.title': 'Renommer « {name} »',
	'rename.submit': 'Renommer',
	'delete.title': 'Supprimer « {name} » ?',
	'delete.body':
		'Ses {journeys} parcours, {motives} motifs, {articles} articles et tout ce qu’il contient seront effacés de ce navigateur. Cette action est définitive.',
	'delete.exportFirst': 'Pour en garder une copie, exportez-le d’abord.',
	'delete.confirm': 'Supprimer l’espace',
	'notice.created': 'Espace de travail « {name} » créé.',
	'notice.renamed': 'Espace de travail renommé en « {name} ».',
	'notice.duplicated': 'Copie créée : « {name} ».',
	'notice.deleted': 'Espace de travail « {name} » supprimé.',
	'notice.exported': 'Espace de travail exporté dans « {file} ».',
	'notice.imported': 'Espace de travail « {name} » importé.',
	'notice.demoRestored': 'Espace de démonstration restauré.',
	'notice.exportedWithKey': 'Espace de travail exporté dans « {file} », avec sa clé de pseudonymisation.',
	'notice.importedLegacySalt':
		'Espace de travail « {name} » importé. Le fichier portait le sel d’une ancienne fonction de pseudonymisation, réversible : il a été laissé de côté. Les nouveaux imports ici utilisent une clé secrète de ce navigateur.',
	'notice.keyAdopted': 'Espace de travail « {name} » importé, avec la clé de pseudonymisation du fichier.',
	'notice.keyLeft':
		'Espace de travail « {name} » importé sans la clé de pseudonymisation du fichier : les codes clients des jeux de données faits avec elle ne correspondront pas aux imports faits ici.',
	'export.title': 'Exporter « {name} »',
	'export.body':
		'Le fichier contient le modèle de l’espace : parcours, motifs, articles, règles de correspondance et actions.',
	'export.keep': 'Garder aussi dans le fichier',
	'export.includeSettings': 'Les réglages : coûts par contact, devise, fenêtre d’analyse et RPC cible',
	'export.includeDeck': 'La présentation (ses diapositives, pas les chiffres)',
	'export.noDatasets': 'Les journaux de contacts et de navigation ne sont pas dans le fichier : ils contiennent des données personnelles et restent dans ce navigateur. Qui ouvre le fichier importe ses propres journaux.',
	'export.includeDatasets': 'Inclure les journaux de contacts et de navigation (données personnelles)',
	'export.includeDatasets.warning':
		'Le fichier contiendra alors des données personnelles, environ {size} de plus : les identifiants clients sont pseudonymisés, mais des données pseudonymisées restent des données personnelles. Gardez le fichier comme vous gardez les journaux et ne l’envoyez que par un canal protégé.',
	'export.datasetsWithoutKey':
		'Sans la clé, les journaux du fichier donnent les mêmes chiffres, mais un journal importé plus tard dans la copie ne reconnaîtra pas les mêmes clients : ses pseudonymes seront différents.',
	'export.includeKey': 'Inclure la clé de pseudonymisation',
	'export.includeKey.warning':
		'Attention : avec la clé, quiconque ouvre le fichier peut calculer le code de tout numéro de client qu’il connaît, et donc reconnaître des clients dans vos analyses. Ne l’incluez que pour poursuivre les mêmes analyses sur une autre de vos machines, et transmettez le fichier par un canal protégé.',
	'export.noKey': 'Cet espace n’a pas encore de clé de pseudonymisation (aucun import pseudonymisé).',
	'export.submit': 'Exporter sans la clé',
	'export.submitWithKey': 'Exporter avec la clé',
	'carriedKey.title': 'Le fichier porte une clé de pseudonymisation',
	'carriedKey.body':
		'« {name} » a été importé sans elle. Laissée de côté, ce navigateur crée sa propre clé au premier import pseudonymisé : les codes clients des jeux de données pseudonymisés avec la clé du fichier (ailleurs) ne correspondront pas à ceux des imports faits ici.',
	'carriedKey.warning':
		'Ne l’adoptez que si vous avez confiance dans la provenance du fichier : qui détient la clé peut calculer les codes des clients, et une clé choisie par un tiers lui permet de reconnaître les clients de vos imports.',
	'carriedKey.adopt': 'Adopter la clé du fichier',
	'carriedKey.leave': 'Laisser la clé de côté',
	'notice.dismiss': 'Fermer le message',
	'action.failed': 'L’action a échoué : {detail}',
	'import.failed': 'Le fichier « {file} » n’a pas été importé : {reason} Rien n’a été modifié.',
	'import.error.empty': 'le fichier est vide.',
	'import.error.not-json':
		'ce n’est pas un fichier JSON, il ne peut donc pas s’agir d’un espace de travail Parcours.',
	'import.error.truncated':
		'le fichier est tronqué (il s’arrête en plein milieu) ; il n’a sans doute pas été entièrement téléchargé ou copié.',
	'import.error.newer-version':
		'il a été écrit par une version plus récente de Parcours (format de fichier version {version}) ; mettez Parcours à jour pour l’ouvrir.',
	'import.error.too-deep':
		'ses tableaux et objets sont imbriqués sur plus de 100 niveaux, bien plus que tout espace de travail : le fichier est endommagé ou n’a pas été écrit par Parcours.',
	'import.error.state-key':
		'un parcours a un état nommé « {key} » (en « {path} ») : un nom d’état ne peut contenir de point ni être le nom d’une propriété de tout objet (constructor, __proto__, prototype…).',
	'import.error.not-workspace': 'c’est un fichier JSON, mais pas un espace de travail Parcours.',
	'import.error.invalid': 'l’espace de travail contient une valeur invalide en « {path} ».',
	'import.error.read': 'le fichier n’a pas pu être lu.',
	'import.error.dataset': 'son journal « {name} » est endommagé ({detail}).',
	'import.error.store': 'le navigateur n’a pas pu l’enregistrer ({detail}).'
};
