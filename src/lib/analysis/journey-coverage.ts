/**
 * How much of a contact log the journeys' mapping rules take (METRICS.md §6): per journey, the
 * contacts its rules map (first matching rule wins) and those left unmapped; over the workspace,
 * the contacts mapped to at least one journey. A rule that does not compile is left out, as the
 * overlay leaves it out.
 */
import { compileRules, mapContacts, type ContactColumns } from '../domain/mapping';
import type { Id, MappingRule } from '../domain/types';

export interface JourneyCoverage {
	/** Contact rows of the log. */
	contacts: number;
	/** Contacts mapped by the rules of at least one journey. */
	mapped: number;
	/** mapped / contacts; null when the log is empty. */
	share: number | null;
	/** Per journey that has rules, in the order of their first rule. */
	byJourney: { journeyId: Id; mapped: number; unmapped: number }[];
}

/** The rules that compile, one by one (an unusable rule does not hide the others). */
function compilable(rules: readonly MappingRule[]): MappingRule[] {
	return rules.filter((rule) => {
		try {
			compileRules([rule]);
			return true;
		} catch {
			return false;
		}
	});
}

export function journeyCoverage(
	contacts: ContactColumns,
	rules: readonly MappingRule[],
	categories: Readonly<Record<string, string>> = {}
): JourneyCoverage {
	const usable = compilable(rules);
	const journeyIds = [...new Set(usable.map((r) => r.journeyId))];
	const anyJourney = new Uint8Array(contacts.length);
	const byJourney = journeyIds.map((journeyId) => {
		const mapping = mapContacts(compileRules(usable, journeyId), contacts, categories, { top: 0 });
		for (let row = 0; row < contacts.length; row++) if (mapping.ruleOfRow[row] >= 0) anyJourney[row] = 1;
		return { journeyId, mapped: mapping.mapped, unmapped: mapping.unmapped };
	});
	let mapped = 0;
	for (let row = 0; row < contacts.length; row++) mapped += anyJourney[row];
	return { contacts: contacts.length, mapped, share: contacts.length ? mapped / contacts.length : null, byJourney };
}
