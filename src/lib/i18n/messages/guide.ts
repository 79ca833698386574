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
