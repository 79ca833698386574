import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	MappingRuleError,
	compileRules,
	globMatcher,
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
		const g = globMatcher('/aide/*/comprendre');
		expect(g.test('/aide/facture/comprendre')).toBe(true);
		expect(g.test('/aide/a/b/comprendre')).toBe(false);
		const all = globMatcher('/aide/**');
		expect(all.test('/aide')).toBe(true);
		expect(all.test('/aide/facture/comprendre')).toBe(true);
		expect(all.test('/aides')).toBe(false);
		const mid = globMatcher('/espace-client/**/telecharger');
		expect(mid.test('/espace-client/telecharger')).toBe(true);
		expect(mid.test('/espace-client/factures/2026/telecharger')).toBe(true);
		expect(globMatcher('/a?c').test('/abc')).toBe(true);
		expect(globMatcher('/a?c').test('/a/c')).toBe(false);
		expect(globMatcher('/offres.html').test('/offresXhtml')).toBe(false);
		expect(globMatcher('/FAQ').test('/faq')).toBe(true);
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

	it('refuses, naming the rule and its page field, what a linear-time engine cannot run', () => {
		for (const pattern of ['^/(a+)\\1$', '/aide(?=/facture)', '(?<!x)/aide']) {
			const rule = web('s', pattern, 'regex', 8);
			let error: unknown;
			try {
				compileRules([rule]);
			} catch (thrown) {
				error = thrown;
			}
			expect(error, pattern).toBeInstanceOf(MappingRuleError);
			expect((error as MappingRuleError).reason, pattern).toBe('regex-unsupported');
			expect((error as MappingRuleError).field).toBe('page');
			expect((error as MappingRuleError).message).toMatch(/Mapping rule "w8-s".*page/);
		}
	});
});

describe('hostile patterns', () => {
	// Each of these takes seconds to minutes on a backtracking engine; a linear-time one answers at once.
	const slow = (test: (page: string) => boolean, page: string) => {
		const started = performance.now();
		const matched = test(page);
		return { matched, ms: performance.now() - started };
	};

	it('a nested quantifier in a regular expression answers at once', () => {
		const test = pagePattern({ page: '^([a-z/-]+)+X$', syntax: 'regex' });
		const { matched, ms } = slow(test, '/' + 'a'.repeat(25) + 'Y');
		expect(matched).toBe(false);
		expect(ms).toBeLessThan(100);
		expect(test('/aide/X')).toBe(true);
	});

	it('a glob of many stars answers at once', () => {
		const test = pagePattern({ page: '/' + '*a'.repeat(8) + '*b', syntax: 'glob' });
		const { matched, ms } = slow(test, '/' + 'a'.repeat(40));
		expect(matched).toBe(false);
		expect(ms).toBeLessThan(100);
	});

	it('keeps the meaning of regular expressions (property, against the browser engine on short pages)', () => {
		const piece = fc.constantFrom('a', 'B', '/', '\\/', '.', '*', '+', '?', '(a|b)', '[ab]', '\\d', '{2}', 'x');
		fc.assert(
			fc.property(fc.boolean(), fc.array(piece, { maxLength: 6 }), fc.stringMatching(/^[aAbB/x1.]{0,8}$/), (anchored, parts, page) => {
				const pattern = (anchored ? '^' : '') + parts.join('');
				let native: RegExp;
				try {
					native = new RegExp(pattern);
				} catch {
					return;
				}
				if (!pattern.trim()) return;
				expect(pagePattern({ page: pattern, syntax: 'regex' })(page), `/${pattern}/ on ${page}`).toBe(native.test(page));
			}),
			{ numRuns: 300 }
		);
	});

	it('folds case in globs as before, non-ASCII letters included', () => {
		expect(pagePattern({ page: '/FAQ/**', syntax: 'glob' })('/faq/x')).toBe(true);
		expect(pagePattern({ page: '/kit', syntax: 'glob' })('/\u212Ait')).toBe(true);
		expect(pagePattern({ page: '/Été/*', syntax: 'glob' })('/éTÉ/a')).toBe(true);
		expect(pagePattern({ page: '/aide', syntax: 'glob' })('/aidf')).toBe(false);
		expect(pagePattern({ page: '/offres/**', syntax: 'glob' })('/offres')).toBe(true);
		expect(pagePattern({ page: '/offres/**/x', syntax: 'glob' })('/offres/x')).toBe(true);
	});

	it('the overlay of a hostile rule over many pages stays fast', () => {
		const compiled = compileRules([web('s', '^(\\w+\\s?)*$', 'regex', 1)]);
		const list = Array.from({ length: 20 }, (_, i) => 'a'.repeat(22) + i + '!');
		const started = performance.now();
		const mapped = mapPages(compiled, pages(list));
		expect(mapped.mapped).toBe(0);
		expect(performance.now() - started).toBeLessThan(500);
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
