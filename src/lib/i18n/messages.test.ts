import { describe, expect, it } from 'vitest';
import { fill, messages, pluralCategory } from './messages';

describe('fill', () => {
	const rows = '{n, plural, one {# ligne} other {# lignes}} lues';

	it('chooses the French plural: 0 and 1 are singular', () => {
		expect(fill('fr', rows, { n: 0 })).toBe('0 ligne lues');
		expect(fill('fr', rows, { n: 1 })).toBe('1 ligne lues');
		expect(fill('fr', rows, { n: 2 })).toBe('2 lignes lues');
		expect(fill('fr', rows, { n: 12345 })).toBe(`${(12345).toLocaleString('fr')} lignes lues`);
	});

	it('chooses the English plural: only 1 is singular', () => {
		const en = '{n, plural, one {# row} other {# rows}}';
		expect(fill('en', en, { n: 0 })).toBe('0 rows');
		expect(fill('en', en, { n: 1 })).toBe('1 row');
		expect(fill('en', en, { n: 1500 })).toBe('1,500 rows');
	});

	it('prefers an exact branch and reads a count already formatted', () => {
		const text = '{n, plural, =0 {no action} one {# action} other {# actions}}';
		expect(fill('en', text, { n: 0 })).toBe('no action');
		expect(fill('en', text, { n: '1,204' })).toBe('1,204 actions');
		expect(fill('fr', text, { n: '1\u202f204' })).toBe('1\u202f204 actions');
	});

	it('fills plain placeholders beside a plural and leaves unknown ones', () => {
		expect(fill('en', '{name}: {n, plural, one {# step} other {# steps}} {x}', { name: 'Bill', n: 3 })).toBe('Bill: 3 steps {x}');
	});

	it('gives the plural categories of Intl.PluralRules', () => {
		expect([pluralCategory('fr', 1), pluralCategory('fr', 2), pluralCategory('en', 0)]).toEqual(['one', 'other', 'other']);
	});
});

describe('messages', () => {
	it('has no “(s)” plural left in either language', () => {
		const all = [...Object.entries(messages.en), ...Object.entries(messages.fr)];
		expect(all.filter(([, text]) => /\w\((s|x|es)\)/.test(text)).map(([key]) => key)).toEqual([]);
	});

	it('writes every plural choice with an `other` branch', () => {
		const all = [...Object.entries(messages.en), ...Object.entries(messages.fr)];
		const broken = all.filter(([, text]) => /, plural,/.test(text) && !/, plural,[^]*other \{/.test(text));
		expect(broken.map(([key]) => key)).toEqual([]);
	});
});
