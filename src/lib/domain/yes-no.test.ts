import { describe, expect, it } from 'vitest';
import { readYesNo } from './yes-no';

describe('readYesNo', () => {
	it('reads exactly the words of METRICS.md §1, in any case, trimmed', () => {
		for (const yes of ['oui', 'Yes', ' TRUE ', 'vrai', 'y', 'O', '1']) expect(readYesNo(yes)).toBe(true);
		for (const no of ['non', 'No', 'false', 'Faux', 'n', '0']) expect(readYesNo(no)).toBe(false);
	});

	it('reads nothing else, a blank cell included', () => {
		for (const word of ['', '  ', 'x', '-', 'peut-être', 'constructor', 'toString']) expect(readYesNo(word)).toBeUndefined();
	});
});
