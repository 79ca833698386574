/**
 * The yes/no words of METRICS.md §1, the one vocabulary every file Parcours reads is held to: the
 * contact import's flags (`analysis/ingest/synonyms.ts`), the catalogue's complex flag, the
 * command line's yes/no options. Words are compared trimmed, in any case, accents optional.
 */
export const YES_NO_WORDS: Readonly<Record<string, boolean>> = {
	true: true, false: false, yes: true, no: false, oui: true, non: false,
	vrai: true, faux: false, y: true, n: false, o: true, '1': true, '0': false
};

/** true or false for a word of the list; undefined for a blank cell or any other word. */
export function readYesNo(raw: string): boolean | undefined {
	const key = raw
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.trim()
		.toLowerCase();
	return Object.hasOwn(YES_NO_WORDS, key) ? YES_NO_WORDS[key] : undefined;
}
