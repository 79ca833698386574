/**
 * Messages of treatment guides: the checks of a guide (one per `GuideIssueCode`, with the state as
 * `{where}`), its step kinds and outcomes, and the feedback advisors give on articles.
 */
import type { GuideIssueCode } from '$lib/domain/guide';

export const en = {
	'guide.issue.initial-missing': 'No first step: {where}',
	'guide.issue.unreachable': 'No answer leads to “{where}”',
	'guide.issue.dead-end': '“{where}” is a dead end: nothing leads on from it',
	'guide.issue.missing-target': '“{where}”: {event} leads to a missing step ({target})',
	'guide.issue.duplicate-id': '“{where}” shares its id with another step',
	'guide.issue.no-outcome': 'From “{where}”, no answer ever leads to an outcome',
	'guide.issue.step-missing': '“{where}” says nothing to do: choose a question, a check, an action, an article or an outcome',
	'guide.issue.final-not-outcome': '“{where}” ends the guide but is not an outcome',
	'guide.issue.outcome-not-final': '“{where}” is an outcome but the guide goes on after it',
	'guide.issue.outcome-in-group': '“{where}” is an outcome inside a group: place it at the top level of the guide',
	'guide.issue.too-few-answers': 'The question “{where}” needs at least two answers',
	'guide.issue.missing-reference': '“{where}”: {field} “{target}” does not exist',
	'guide.issue.root': 'the guide',

	'guide.sheet.title': 'Treatment guide',
	'guide.sheet.none': 'No treatment guide yet: advisors treat this motive without one.',
	'guide.sheet.steps': '{count, plural, one {# step} other {# steps}}',
	'guide.sheet.valid': 'No issue',
	'guide.sheet.issues': '{count, plural, one {# issue} other {# issues}} to fix',
	'guide.sheet.edit': 'Edit the guide',
	'guide.sheet.create': 'Create a guide',
	'guide.sheet.createFailed': 'The guide could not be created: {message}',

	'guide.edit.notFound': 'This motive has no treatment guide.',
	'guide.edit.back': 'Motive sheet',
	'guide.edit.addStep': 'Add a step',
	'guide.edit.walk': 'Walk the guide',
	'guide.edit.newStep': 'New step',
	'guide.edit.defaultSystem': 'CRM',
	'guide.edit.valid': 'No issue: every step leads to an outcome.',
	'guide.edit.answers': 'Answers and next steps',
	'guide.edit.kind': 'What the advisor does',
	'guide.edit.noKind': 'Choose…',
	'guide.edit.textFr': 'Question asked (French)',
	'guide.edit.textEn': 'Question asked (English)',
	'guide.edit.source': 'Information source',
	'guide.edit.lookFor': 'What to look for',
	'guide.edit.system': 'System',
	'guide.edit.instruction': 'Instruction',
	'guide.edit.article': 'Article',
	'guide.edit.outcome': 'Outcome',
	'guide.edit.team': 'Team (transfer, escalation)',
	'guide.edit.needsSource': 'A check needs an information source: the workspace has none.',
	'guide.edit.needsArticle': 'An article step needs an article: the workspace has none.',

	'guide.step.question': 'Question',
	'guide.step.check': 'Check',
	'guide.step.action': 'Action',
	'guide.step.article': 'Article',
	'guide.step.outcome': 'Outcome',

	'guide.outcome.resolved': 'Resolved',
	'guide.outcome.transferred': 'Transferred to a team',
	'guide.outcome.callback': 'Callback planned',
	'guide.outcome.escalated': 'Escalated',
	'guide.outcome.out-of-scope': 'Out of scope',

	'feedback.verdict.useful': 'Useful',
	'feedback.verdict.out-of-date': 'Out of date',
	'feedback.verdict.missing-information': 'Missing information'
} as const;

export const fr: Record<keyof typeof en, string> = {
	'guide.issue.initial-missing': 'Pas de première étape : {where}',
	'guide.issue.unreachable': 'Aucune réponse ne mène à « {where} »',
	'guide.issue.dead-end': '« {where} » est une impasse : rien n’en sort',
	'guide.issue.missing-target': '« {where} » : {event} mène à une étape absente ({target})',
	'guide.issue.duplicate-id': '« {where} » partage son identifiant avec une autre étape',
	'guide.issue.no-outcome': 'Depuis « {where} », aucune réponse ne mène jamais à une issue',
	'guide.issue.step-missing': '« {where} » ne dit rien à faire : choisissez une question, une vérification, une action, un article ou une issue',
	'guide.issue.final-not-outcome': '« {where} » termine le guide mais n’est pas une issue',
	'guide.issue.outcome-not-final': '« {where} » est une issue mais le guide continue après',
	'guide.issue.outcome-in-group': '« {where} » est une issue dans un groupe : placez-la au premier niveau du guide',
	'guide.issue.too-few-answers': 'La question « {where} » demande au moins deux réponses',
	'guide.issue.missing-reference': '« {where} » : {field} « {target} » n’existe pas',
	'guide.issue.root': 'le guide',

	'guide.sheet.title': 'Guide de traitement',
	'guide.sheet.none': 'Pas encore de guide de traitement : les conseillers traitent ce motif sans guide.',
	'guide.sheet.steps': '{count, plural, one {# étape} other {# étapes}}',
	'guide.sheet.valid': 'Aucun problème',
	'guide.sheet.issues': '{count, plural, one {# problème} other {# problèmes}} à corriger',
	'guide.sheet.edit': 'Modifier le guide',
	'guide.sheet.create': 'Créer un guide',
	'guide.sheet.createFailed': 'Le guide n’a pas pu être créé : {message}',

	'guide.edit.notFound': 'Ce motif n’a pas de guide de traitement.',
	'guide.edit.back': 'Fiche du motif',
	'guide.edit.addStep': 'Ajouter une étape',
	'guide.edit.walk': 'Parcourir le guide',
	'guide.edit.newStep': 'Nouvelle étape',
	'guide.edit.defaultSystem': 'CRM',
	'guide.edit.valid': 'Aucun problème : chaque étape mène à une issue.',
	'guide.edit.answers': 'Réponses et étapes suivantes',
	'guide.edit.kind': 'Ce que fait le conseiller',
	'guide.edit.noKind': 'Choisir…',
	'guide.edit.textFr': 'Question posée (français)',
	'guide.edit.textEn': 'Question posée (anglais)',
	'guide.edit.source': 'Source d’information',
	'guide.edit.lookFor': 'Ce qu’il faut y chercher',
	'guide.edit.system': 'Système',
	'guide.edit.instruction': 'Consigne',
	'guide.edit.article': 'Article',
	'guide.edit.outcome': 'Issue',
	'guide.edit.team': 'Équipe (transfert, escalade)',
	'guide.edit.needsSource': 'Une vérification demande une source d’information : l’espace n’en a aucune.',
	'guide.edit.needsArticle': 'Une étape article demande un article : l’espace n’en a aucun.',

	'guide.step.question': 'Question',
	'guide.step.check': 'Vérification',
	'guide.step.action': 'Action',
	'guide.step.article': 'Article',
	'guide.step.outcome': 'Issue',

	'guide.outcome.resolved': 'Résolu',
	'guide.outcome.transferred': 'Transféré à une équipe',
	'guide.outcome.callback': 'Rappel planifié',
	'guide.outcome.escalated': 'Escaladé',
	'guide.outcome.out-of-scope': 'Hors périmètre',

	'feedback.verdict.useful': 'Utile',
	'feedback.verdict.out-of-date': 'Obsolète',
	'feedback.verdict.missing-information': 'Information manquante'
};

// Every check of a guide has its sentence: a code added to `GuideIssueCode` fails type-checking here.
type Unworded = Exclude<`guide.issue.${GuideIssueCode}`, keyof typeof en>;
const everyIssueWorded: [Unworded] extends [never] ? true : Unworded = true;
void everyIssueWorded;
