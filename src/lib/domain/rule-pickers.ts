/**
 * What the mapping-rules editor offers to choose from (METRICS.md §6): the channels, motive codes,
 * categories and pages seen in the data and in the catalogue; and the rules a journey's expected
 * motives suggest. Plain data, so the editor only draws it.
 */
import { findState, stateIds } from './journey';
import { normalizeCrmCode } from './motives';
import type { ContactMatch, Journey, LocalizedText, MappingRule, Motive, Theme } from './types';

/** One value a rule field may take, with the catalogue's name for it when there is one. */
export interface PickerValue {
	value: string;
	/** The catalogue's label (a motive, a theme); absent for a value only the data knows. */
	label?: LocalizedText;
	/** Seen in the imported data (not only in the catalogue). */
	seen: boolean;
}

export interface RulePickerValues {
	channels: PickerValue[];
	motives: PickerValue[];
	categories: PickerValue[];
	pages: string[];
}

/** The dictionaries of the datasets, as the contact and web logs carry them. */
export interface SeenValues {
	channels?: readonly string[];
	motives?: readonly string[];
	pages?: readonly string[];
}

const byValue = (a: PickerValue, b: PickerValue) => a.value.localeCompare(b.value, 'fr', { numeric: true });

/** Distinct non-empty values, trimmed, in first-seen order; compared as the engine compares them. */
function distinct(values: Iterable<string>): string[] {
	const seen = new Map<string, string>();
	for (const raw of values) {
		const value = raw.trim();
		if (value && !seen.has(normalizeCrmCode(value))) seen.set(normalizeCrmCode(value), value);
	}
	return [...seen.values()];
}

/**
 * The values each rule field can be picked from: channels from the data, motive codes from the
 * data and the catalogue (a catalogued code carries its motive's label), categories as the
 * engine knows them (the theme a motive sits on, or an uncatalogued code itself), pages from the
 * web log. Values already used by the rules stay offered, so a rule never shows a value its
 * picker does not have.
 */
export function rulePickerValues(
	seen: SeenValues,
	motives: readonly Motive[],
	themes: readonly Theme[],
	rules: readonly MappingRule[] = []
): RulePickerValues {
	const contactMatches = rules.flatMap((r) => (r.kind === 'contact' ? [r.match] : []));
	const used = (field: keyof ContactMatch) => contactMatches.flatMap((m) => (m[field] ? [m[field]] : []));

	const seenChannels = new Set((seen.channels ?? []).map(normalizeCrmCode));
	const channels = distinct([...(seen.channels ?? []), ...used('channel')]).map((value) => ({
		value,
		seen: seenChannels.has(normalizeCrmCode(value))
	}));

	const seenMotives = new Set((seen.motives ?? []).map(normalizeCrmCode));
	const motiveOfCode = new Map<string, Motive>();
	for (const motive of motives) for (const code of motive.crmCodes) if (!motiveOfCode.has(normalizeCrmCode(code))) motiveOfCode.set(normalizeCrmCode(code), motive);
	const codes = distinct([...(seen.motives ?? []), ...motives.flatMap((m) => m.crmCodes), ...used('motive')]);
	const motiveValues = codes.map((value) => {
		const motive = motiveOfCode.get(normalizeCrmCode(value));
		return { value, seen: seenMotives.has(normalizeCrmCode(value)), ...(motive ? { label: motive.label } : {}) };
	});

	// The engine's category of a code: its motive's theme (by id), else the code itself.
	const themeById = new Map(themes.map((t) => [t.id, t]));
	const categories = new Map<string, PickerValue>();
	for (const { value, seen: inData } of motiveValues) {
		const theme = themeById.get(motiveOfCode.get(normalizeCrmCode(value))?.themeId ?? '');
		const key = theme ? theme.id : value;
		const known = categories.get(key);
		if (known) known.seen ||= inData;
		else categories.set(key, { value: key, seen: inData, ...(theme ? { label: theme.label } : {}) });
	}
	for (const value of used('category')) if (!categories.has(value)) categories.set(value, { value, seen: false });

	return {
		channels: channels.sort(byValue),
		motives: motiveValues.sort(byValue),
		categories: [...categories.values()].sort(byValue),
		pages: distinct(seen.pages ?? []).sort((a, b) => a.localeCompare(b))
	};
}

/** A rule the expected motives suggest: the motive code, and the state it would send it to. */
export interface ProposedRule {
	stateId: string;
	match: { motive: string };
	/** The catalogue motive the code belongs to. */
	motiveId: string;
}

/**
 * The contact rules a journey's expected motives suggest: for each state in the journey's order,
 * one rule per CRM code of each motive it expects. A code already matched by a rule of the journey
 * (a rule on that motive alone) is left out, and so is a code a state earlier in the journey
 * already takes: the first matching rule wins (METRICS.md §6), so a second one would never map
 * anything.
 */
export function proposeRulesFromExpectedMotives(
	journey: Pick<Journey, 'id' | 'machine'>,
	motives: readonly Motive[],
	rules: readonly MappingRule[] = []
): ProposedRule[] {
	const motiveById = new Map(motives.map((m) => [m.id, m]));
	const taken = new Set(
		rules
			.filter((r) => r.journeyId === journey.id && r.kind === 'contact' && r.match.motive && !r.match.channel && !r.match.category)
			.map((r) => normalizeCrmCode((r.match as ContactMatch).motive ?? ''))
	);
	const out: ProposedRule[] = [];
	for (const stateId of stateIds(journey.machine)) {
		for (const motiveId of findState(journey.machine, stateId)?.meta.expectedMotives ?? []) {
			for (const code of motiveById.get(motiveId)?.crmCodes ?? []) {
				const key = normalizeCrmCode(code);
				if (!key || taken.has(key)) continue;
				taken.add(key);
				out.push({ stateId, match: { motive: code.trim() }, motiveId });
			}
		}
	}
	return out;
}

/** A contact rule that names no channel, motive or category matches every contact: a catch-all. */
export function isCatchAll(rule: MappingRule): boolean {
	return rule.kind === 'contact' && !(['channel', 'motive', 'category'] as const).some((f) => rule.match[f]?.trim());
}
