import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	EMPTY_FILTER,
	buildCatalogueTree,
	codeClashes,
	filterMotives,
	fold,
	journeyStatesOf,
	paretoData,
	parseCodes,
	parseSynonyms,
	themePath,
	type CatalogueNode
} from './catalogue';
import { createDemoWorkspace } from './demo';
import { motive, text, theme } from './test-factories';

const NOW = new Date(2026, 2, 15);

const themes = [
	theme({ id: 'billing', label: text('Billing', 'Facturation'), order: 2 }),
	theme({ id: 'billing-plan', parentId: 'billing', label: text('Monthly plan', 'Mensualisation'), order: 2 }),
	theme({ id: 'billing-read', parentId: 'billing', label: text('Reading', 'Lecture'), order: 1 }),
	theme({ id: 'contract', label: text('Contract', 'Contrat'), order: 1 }),
	theme({ id: 'empty', label: text('Empty', 'Vide'), order: 3 })
];
const motives = [
	motive({ id: 'm-amount', themeId: 'billing-read', label: text('Amount', 'Montant'), crmCodes: ['FAC-01'], prevalence: 0.3 }),
	motive({ id: 'm-date', themeId: 'billing-plan', label: text('Change date', 'Changer la date'), crmCodes: ['ECH-1'], prevalence: 0.1, owner: 'Claire', complex: true }),
	motive({ id: 'm-copy', themeId: 'billing', label: text('Copy of bill', 'Duplicata'), crmCodes: ['FAC-DUP'], prevalence: 0.05, treatment: { level: 'second-level', team: '', procedure: '' } }),
	motive({ id: 'm-move', themeId: 'contract', label: text('Moving in', 'Emménagement'), crmCodes: ['CTR-EMM'], prevalence: 0.5, description: 'Nouveau logement, électricité', lastReview: '2026-03-01' }),
	motive({ id: 'm-none', themeId: 'contract', label: text('Other', 'Autre'), crmCodes: [], prevalence: undefined, owner: 'claire ' })
];

const shape = (nodes: CatalogueNode[]): unknown =>
	nodes.map((n) => (n.kind === 'motive' ? n.id : { [n.id]: shape(n.children) }));

describe('catalogue tree', () => {
	it('nests theme → sub-theme → motive, ordered, a theme’s own motives before its sub-themes', () => {
		const tree = buildCatalogueTree(themes, motives, 'fr');
		expect(shape(tree)).toEqual([
			{ contract: ['m-none', 'm-move'] },
			{ billing: ['m-copy', { 'billing-read': ['m-amount'] }, { 'billing-plan': ['m-date'] }] },
			{ empty: [] }
		]);
		expect(tree[1].kind === 'theme' && tree[1].motiveCount).toBe(3);
	});

	it('prunes empty themes when asked, for a filtered list', () => {
		const tree = buildCatalogueTree(themes, [motives[1]], 'en', { keepEmpty: false });
		expect(shape(tree)).toEqual([{ billing: [{ 'billing-plan': ['m-date'] }] }]);
	});

	it('holds every demo motive exactly once, at most three levels deep', () => {
		const demo = createDemoWorkspace(NOW);
		const tree = buildCatalogueTree(demo.themes, demo.motives, 'fr');
		const found: string[] = [];
		const walk = (nodes: CatalogueNode[], depth: number) => {
			for (const node of nodes) {
				expect(depth).toBeLessThanOrEqual(3);
				if (node.kind === 'motive') found.push(node.id);
				else walk(node.children, depth + 1);
			}
		};
		walk(tree, 1);
		expect(found.sort()).toEqual(demo.motives.map((m) => m.id).sort());
	});

	it('gives a motive’s theme path, root first', () => {
		expect(themePath('billing-plan', themes).map((t) => t.id)).toEqual(['billing', 'billing-plan']);
		expect(themePath('contract', themes).map((t) => t.id)).toEqual(['contract']);
		expect(themePath('nowhere', themes)).toEqual([]);
	});
});

describe('Pareto', () => {
	it('sorts by prevalence, accumulates to 100 % and marks the motives making the first 80 %', () => {
		const bars = paretoData(motives, 'en');
		expect(bars.map((b) => b.motive.id)).toEqual(['m-move', 'm-amount', 'm-date', 'm-copy']);
		expect(bars.map((b) => Math.round(b.cumulative * 1000) / 1000)).toEqual([0.526, 0.842, 0.947, 1]);
		expect(bars.map((b) => b.vitalFew)).toEqual([true, true, false, false]);
	});

	it('keeps its invariants for any prevalences', () => {
		fc.assert(
			fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }), (shares) => {
				const bars = paretoData(shares.map((p, i) => motive({ id: `m${i}`, prevalence: p })), 'en');
				for (let i = 1; i < bars.length; i++) {
					expect(bars[i].prevalence).toBeLessThanOrEqual(bars[i - 1].prevalence);
					expect(bars[i].cumulative).toBeGreaterThanOrEqual(bars[i - 1].cumulative - 1e-12);
				}
				if (bars.length) {
					expect(bars.at(-1)!.cumulative).toBeCloseTo(1, 9);
					expect(bars[0].vitalFew).toBe(true);
				}
			})
		);
	});
});

describe('filters', () => {
	const ids = (filter: Partial<typeof EMPTY_FILTER>) =>
		filterMotives(motives, themes, { ...EMPTY_FILTER, ...filter }, NOW).map((m) => m.id);

	it('filters by theme (its sub-themes included), level, owner, complex and staleness', () => {
		expect(ids({})).toHaveLength(5);
		expect(ids({ themeId: 'billing' })).toEqual(['m-amount', 'm-date', 'm-copy']);
		expect(ids({ themeId: 'billing-plan' })).toEqual(['m-date']);
		expect(ids({ treatmentLevel: 'second-level' })).toEqual(['m-copy']);
		expect(ids({ owner: 'Claire' })).toEqual(['m-date', 'm-none']);
		expect(ids({ complex: 'yes' })).toEqual(['m-date']);
		expect(ids({ complex: 'no' })).toHaveLength(4);
		expect(ids({ staleOnly: true })).toEqual(['m-amount', 'm-date', 'm-copy', 'm-none']);
	});

	it('searches labels in both languages, codes and description, ignoring accents and case', () => {
		expect(ids({ text: 'emmenagement' })).toEqual(['m-move']);
		expect(ids({ text: 'moving' })).toEqual(['m-move']);
		expect(ids({ text: 'fac-dup' })).toEqual(['m-copy']);
		expect(ids({ text: 'ELECTRICITE logement' })).toEqual(['m-move']);
		expect(ids({ text: 'nothing like this' })).toEqual([]);
		expect(fold('  Élévé  ÇA ')).toBe('eleve ca');
	});

	it('searches the words customers use', () => {
		const withWords = motives.map((m) => (m.id === 'm-amount' ? { ...m, synonyms: ['facture trop chère', 'prélèvement'] } : m));
		const found = (text: string) => filterMotives(withWords, themes, { ...EMPTY_FILTER, text }, NOW).map((m) => m.id);
		expect(found('trop chere')).toEqual(['m-amount']);
		expect(found('PRELEVEMENT')).toEqual(['m-amount']);
		expect(ids({ text: 'trop chere' })).toEqual([]);
	});
});

describe('editing', () => {
	it('reads codes typed with commas, semicolons or new lines, without blanks or repeats', () => {
		expect(parseCodes('FAC-01, fac-01; ECH-2\n\n ,X')).toEqual(['FAC-01', 'ECH-2', 'X']);
	});

	it('reads the words customers use, once each whatever their case or accents', () => {
		expect(parseSynonyms('prélèvement, Prelevement ;rejet\n\n  facture   trop chère ,')).toEqual(['prélèvement', 'rejet', 'facture trop chère']);
		expect(parseSynonyms('  ')).toEqual([]);
	});

	it('names the other motive claiming a code of the motive being edited', () => {
		const draft = { ...motives[0], crmCodes: ['FAC-01', 'ctr-emm', 'NEW'] };
		const clashes = codeClashes(draft, motives);
		expect(clashes).toEqual([{ code: 'ctr-emm', motives: [motives[3]] }]);
		expect(codeClashes(motives[0], motives)).toEqual([]);
	});
});

describe('journey states of a motive', () => {
	it('lists the states a motive names and those expecting it, with their label path, once each', () => {
		const demo = createDemoWorkspace(NOW);
		const withStates = demo.motives.find((m) => m.journeyStates.length > 0)!;
		const states = journeyStatesOf(withStates, demo.journeys);
		expect(states.length).toBe(withStates.journeyStates.length);
		expect(states.every((s) => s.path.length >= 1 && s.path.every((l) => l.fr))).toBe(true);
		expect(journeyStatesOf({ ...withStates, id: 'elsewhere', journeyStates: [] }, demo.journeys)).toEqual([]);
	});
});
