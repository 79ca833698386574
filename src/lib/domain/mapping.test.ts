import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	MappingRuleError,
	compileRules,
	globToRegExp,
	mapContacts,
	mapPages,
	pagePath,
	pagePattern
} from './mapping';
import type { MappingRule } from './types';

let n = 0;
function contact(stateId: string, match: Record<string, string>, order = n++, journeyId = 'j'): MappingRule {
	return { id: `r${order}-${stateId}`, workspaceId: 'w', journeyId, order, stateId, kind: 'contact', match };
}
function web(stateId: string, page: string, syntax: 'glob' | 'regex' = 'glob', order = n++): MappingRule {
	return { id: `w${order}-${stateId}`, workspaceId: 'w', journeyId: 'j', order, stateId, kind: 'web', match: { page, syntax } };
}

/** A contact table from (channel, motive) pairs. */
function contacts(rows: [string, string][]) {
	const channels: string[] = [];
	const motives: string[] = [];
	const code = (list: string[], v: string) => (list.includes(v) ? list.indexOf(v) : list.push(v) - 1);
	const channel = Uint32Array.from(rows.map(([c]) => code(channels, c)));
	const motive = Uint32Array.from(rows.map(([, m]) => code(motives, m)));
	return { length: rows.length, channel, channels, motive, motives };
}

function pages(list: string[]) {
	const names: string[] = [];
	const page = Uint32Array.from(list.map((p) => (names.includes(p) ? names.indexOf(p) : names.push(p) - 1)));
	return { length: list.length, page, pages: names };
}

describe('globs', () => {
	it('keeps * within a segment, lets ** cross segments, ? is one character', () => {
		expect.hasAssertions();
		const g = globToRegExp('/aide/*/comprendre');
		expect(g.test('/aide/facture/comprendre')).toBe(true);
		expect(g.test('/aide/a/b/comprendre')).toBe(false);
		const all = globToRegExp('/aide/**');
		expect(all.test('/aide')).toBe(true);
		expect(all.test('/aide/facture/comprendre')).toBe(true);
		expect(all.test('/aides')).toBe(false);
		const mid = globToRegExp('/espace-client/**/telecharger');
		expect(mid.test('/espace-client/telecharger')).toBe(true);
		expect(mid.test('/espace-client/factures/2026/telecharger')).toBe(true);
		expect(globToRegExp('/a?c').test('/abc')).toBe(true);
		expect(globToRegExp('/a?c').test('/a/c')).toBe(false);
		expect(globToRegExp('/offres.html').test('/offresXhtml')).toBe(false);
		expect(globToRegExp('/FAQ').test('/faq')).toBe(true);
	});

	it('matches the path of a URL', () => {
		expect(pagePath('https://volta.fr/espace-client/factures?id=3#top')).toBe('/espace-client/factures');
		expect(pagePath('https://volta.fr')).toBe('/');
		const test = pagePattern({ page: '/espace-client/**', syntax: 'glob' });
		expect(test('https://volta.fr/espace-client/factures?id=3')).toBe(true);
	});
});

describe('compileRules', () => {
	it('sorts by order, keeps one journey, lists the states', () => {
		const rules = [contact('b', { motive: 'X' }, 2), contact('a', { motive: 'Y' }, 1), contact('z', {}, 0, 'other')];
		const compiled = compileRules(rules, 'j');
		expect(compiled.rules.map((r) => r.stateId)).toEqual(['a', 'b']);
		expect(compiled.states).toEqual(['a', 'b']);
	});

	it('names the rule with an invalid regular expression', () => {
		const bad = web('s', '/aide/(facture', 'regex', 7);
		expect(() => compileRules([bad])).toThrow(MappingRuleError);
		expect(() => compileRules([bad])).toThrow(/Mapping rule "w7-s" has an invalid regular expression/);
	});
});

describe('mapContacts', () => {
	it('requires every given field, case-insensitively; the first rule by order wins', () => {
		const table = contacts([
			['phone', 'FAC-EXPL'], // r0: phone + FAC-EXPL
			['email', 'FAC-EXPL'], // r1: motive only
			['phone', 'PAI-PREL'], // r2: category PAI
			['chat', 'OTHER'], // unmapped
			['phone', 'fac-expl'], // r0 (case-insensitive)
			['chat', 'OTHER'] // unmapped
		]);
		const rules = [
			contact('call', { channel: 'Phone', motive: 'FAC-EXPL' }, 0),
			contact('faq', { motive: 'FAC-EXPL' }, 1),
			contact('pay', { category: 'paiement' }, 2)
		];
		const m = mapContacts(compileRules(rules), table, { 'PAI-PREL': 'Paiement' });
		expect(Array.from(m.ruleOfRow)).toEqual([0, 1, 2, -1, 0, -1]);
		expect(m.matched).toEqual([2, 1, 1]);
		expect(m.mapped).toBe(4);
		expect(m.unmapped).toBe(2);
		expect(m.unmappedMotives).toEqual([{ value: 'OTHER', count: 2, match: { motive: 'OTHER' } }]);
		expect(m.unmappedChannels).toEqual([{ value: 'chat', count: 2, match: { channel: 'chat' } }]);
	});

	it('agrees with matching each row on its own (property)', () => {
		const values = ['a', 'B', 'c'];
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.constantFrom(...values), fc.constantFrom(...values)), { maxLength: 40 }),
				fc.array(
					fc.record({
						channel: fc.option(fc.constantFrom('A', 'b', 'C'), { nil: undefined }),
						motive: fc.option(fc.constantFrom('a', 'b', 'C'), { nil: undefined }),
						order: fc.integer({ min: 0, max: 5 })
					}),
					{ maxLength: 6 }
				),
				(rows, specs) => {
					const rules = specs.map((s, i) => {
						const match: Record<string, string> = {};
						if (s.channel) match.channel = s.channel;
						if (s.motive) match.motive = s.motive;
						return { ...contact(`s${i}`, match, s.order), id: `x${i}` };
					});
					const compiled = compileRules(rules);
					const m = mapContacts(compiled, contacts(rows));
					rows.forEach(([ch, mo], row) => {
						const expected = compiled.rules.findIndex(
							(r) =>
								r.kind === 'contact' &&
								(r.match.channel === undefined || r.match.channel.toLowerCase() === ch.toLowerCase()) &&
								(r.match.motive === undefined || r.match.motive.toLowerCase() === mo.toLowerCase())
						);
						expect(m.ruleOfRow[row]).toBe(expected);
					});
					expect(m.mapped + m.unmapped).toBe(rows.length);
					expect(m.matched.reduce((a, b) => a + b, 0)).toBe(m.mapped);
				}
			)
		);
	});
});

describe('mapPages', () => {
	it('maps globs and regular expressions, first match wins, lists unmapped pages', () => {
		const table = pages([
			'/espace-client/factures',
			'/aide/facture/comprendre',
			'/espace-client/factures',
			'/contact',
			'/aide/paiement/difficultes',
			'/contact'
		]);
		const rules = [
			web('bill', '/espace-client/factures', 'glob', 0),
			web('faq', '^/aide/facture/', 'regex', 1),
			web('help', '/aide/**', 'glob', 2)
		];
		const m = mapPages(compileRules(rules), table, { keep: Uint8Array.from([1, 1, 1, 1, 1, 1]) });
		expect(Array.from(m.ruleOfRow)).toEqual([0, 1, 0, -1, 2, -1]);
		expect(m.matched).toEqual([2, 1, 1]);
		expect(m.unmappedPages).toEqual([{ value: '/contact', count: 2, match: { page: '/contact', syntax: 'glob' } }]);
	});
});
