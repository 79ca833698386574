import { describe, expect, it } from 'vitest';
import { ValidationError } from './issues';
import {
	validateAction,
	validateArticle,
	validateJourneyEntity,
	validateMotive,
	validateRule,
	validateSource,
	validateTheme,
	validateThemeTree,
	validateWorkspace,
	validateWorkspaceContent
} from './schemas';
import {
	action,
	article,
	content,
	contactRule,
	journey,
	machine,
	motive,
	source,
	stateMeta,
	text,
	theme,
	workspace
} from './test-factories';
import type { SavedView } from './views';

describe('entity validation', () => {
	it('accepts each factory entity', () => {
		expect([
			...validateWorkspace(workspace()),
			...validateJourneyEntity(journey()),
			...validateTheme(theme()),
			...validateMotive(motive()),
			...validateSource(source()),
			...validateArticle(article()),
			...validateRule(contactRule()),
			...validateAction(action())
		]).toEqual([]);
	});

	it('refuses empty or blank names and labels, naming the field', () => {
		expect(validateWorkspace(workspace({ name: '  ' }))).toEqual([
			{ path: 'name', code: 'empty', message: 'must not be empty' }
		]);
		expect(validateMotive(motive({ label: text('Bill', '') }))).toMatchObject([{ path: 'label.fr', code: 'empty' }]);
		expect(validateSource(source({ name: '' }))).toMatchObject([{ path: 'name', code: 'empty' }]);
		expect(validateArticle(article({ title: '' }))).toMatchObject([{ path: 'title', code: 'empty' }]);
		expect(validateAction(action({ title: '' }))).toMatchObject([{ path: 'title', code: 'empty' }]);
	});

	it('accepts a deck whose slides have key messages, and one saved before they had any', () => {
		const old: SavedView[] = [{ id: 'v1', kind: 'kpis', title: '' }, { id: 'v2', kind: 'journey', title: 'Billing', journeyId: 'j1' }];
		expect(validateWorkspace(workspace({ deck: old }))).toEqual([]);
		expect(validateWorkspace(workspace({ deck: [{ ...old[0], note: 'FCR is stuck at 60 %.' }] }))).toEqual([]);
		expect(validateWorkspace({ ...workspace(), deck: [{ ...old[0], note: 42 }] })).toMatchObject([{ path: 'deck[0].note', code: 'wrong-type' }]);
	});

	it('reports missing fields and wrong types', () => {
		const { name: _name, ...nameless } = workspace();
		expect(validateWorkspace(nameless)).toMatchObject([{ path: 'name', code: 'required' }]);
		expect(validateTheme({ ...theme(), order: 'first' })).toMatchObject([{ path: 'order', code: 'wrong-type' }]);
		expect(validateWorkspace(null)).toMatchObject([{ path: '', code: 'wrong-type' }]);
	});

	it('keeps prevalence and transition shares between 0 and 1', () => {
		expect(validateMotive(motive({ prevalence: 1.2 }))).toMatchObject([
			{ path: 'prevalence', code: 'out-of-range', message: 'must be at most 1' }
		]);
		expect(validateMotive(motive({ prevalence: -0.1 }))).toMatchObject([{ code: 'out-of-range' }]);
		expect(validateMotive(motive({ prevalence: 0 }))).toEqual([]);
		const m = machine();
		m.states.pay.on = { 'bill.paid': { target: 'done', meta: { label: text(''), share: 1.5 } } };
		expect(validateJourneyEntity(journey({ machine: m }))).toMatchObject([
			{ path: 'machine.states.pay.on["bill.paid"].meta.share', code: 'out-of-range' }
		]);
	});

	it('keeps emotions whole, from −2 to 2', () => {
		const withEmotion = (emotion: number) => {
			const m = machine();
			m.states.browse.meta = { ...stateMeta('Browse'), emotion: emotion as -2 };
			return validateJourneyEntity(journey({ machine: m }));
		};
		expect(withEmotion(-2)).toEqual([]);
		expect(withEmotion(3)).toMatchObject([{ path: 'machine.states.browse.meta.emotion', code: 'out-of-range' }]);
		expect(withEmotion(0.5)).toMatchObject([{ code: 'not-integer' }]);
	});

	it('validates nested steps of a journey', () => {
		const m = machine();
		m.states.browse.initial = 'a';
		m.states.browse.states = { a: { meta: stateMeta('') } };
		// The French label is required; the English one may be left to show the French.
		expect(validateJourneyEntity(journey({ machine: m }))).toEqual([
			expect.objectContaining({ path: 'machine.states.browse.states.a.meta.label.fr', code: 'empty' })
		]);
	});

	it('takes an empty English name for a state, a theme and a motive, never an empty French one', () => {
		const m = machine();
		m.states.browse.meta = { ...m.states.browse.meta, label: { fr: 'Parcourir', en: '' } };
		expect(validateJourneyEntity(journey({ machine: m }))).toEqual([]);
		expect(validateTheme(theme({ label: { fr: 'Facturation', en: '' } }))).toEqual([]);
		expect(validateMotive(motive({ label: { fr: 'Facture', en: '' } }))).toEqual([]);
		expect(validateMotive(motive({ label: { fr: '', en: 'Bill' } }))).toMatchObject([{ path: 'label.fr', code: 'empty' }]);
	});

	it('refuses review intervals of zero days or less', () => {
		expect(validateSource(source({ reviewIntervalDays: 0 }))).toMatchObject([
			{ path: 'reviewIntervalDays', code: 'out-of-range', message: 'must be greater than 0' }
		]);
		expect(validateArticle(article({ reviewIntervalDays: -7 }))).toMatchObject([{ code: 'out-of-range' }]);
	});

	it('refuses values outside their list of choices', () => {
		expect(validateSource({ ...source(), kind: 'spreadsheet' })).toMatchObject([{ path: 'kind', code: 'not-allowed' }]);
		expect(validateRule({ ...contactRule(), kind: 'email' })).toMatchObject([{ path: 'kind', code: 'not-allowed' }]);
	});

	it('checks a mapping rule by its kind', () => {
		const web = { ...contactRule(), kind: 'web', match: { page: '', syntax: 'glob' } };
		expect(validateRule(web)).toMatchObject([{ path: 'match.page', code: 'empty' }]);
	});
});

describe('theme tree', () => {
	it('accepts themes and their sub-themes', () => {
		expect(validateThemeTree([theme({ id: 't' }), theme({ id: 's', parentId: 't' })])).toEqual([]);
	});

	it('refuses a sub-theme whose parent is missing', () => {
		expect(validateThemeTree([theme({ id: 's', parentId: 'gone' })])).toMatchObject([
			{ path: 'themes[0].parentId', code: 'missing-reference' }
		]);
	});

	it('refuses a theme under a sub-theme', () => {
		const themes = [theme({ id: 't' }), theme({ id: 's', parentId: 't' }), theme({ id: 'x', parentId: 's' })];
		expect(validateThemeTree(themes)).toMatchObject([{ path: 'themes[2].parentId', code: 'too-deep' }]);
	});
});

describe('validateWorkspaceContent', () => {
	it('accepts a consistent workspace', () => {
		expect(validateWorkspaceContent(content())).toEqual([]);
	});

	it('reports the first failing path across lists', () => {
		const c = content();
		c.motives.push(motive({ id: 'm2', label: text('') }));
		expect(validateWorkspaceContent(c)[0]).toMatchObject({ path: 'motives[1].label.fr', code: 'empty' });
	});

	it('reports a motive whose theme is missing', () => {
		const c = content();
		c.motives[0].themeId = 'gone';
		expect(validateWorkspaceContent(c)).toMatchObject([{ path: 'motives[0].themeId', code: 'missing-reference' }]);
	});

	it('reports entities of another workspace and repeated ids', () => {
		const c = content();
		c.rules[1].workspaceId = 'other';
		c.actions.push(action());
		expect(validateWorkspaceContent(c)).toMatchObject([
			{ path: 'rules[1].workspaceId', code: 'wrong-workspace' },
			{ path: 'actions[1].id', code: 'duplicate-id' }
		]);
	});
});

describe('ValidationError', () => {
	it('names the first failing field', () => {
		const error = new ValidationError(validateWorkspace(workspace({ name: '' })));
		expect(error.message).toBe('name: must not be empty');
		expect(error.path).toBe('name');
		expect(error.code).toBe('empty');
	});
});

describe('state keys in the schema', () => {
	it('refuses a journey whose state key holds a dot or is named like a property of every object, naming it', () => {
		const paths: Record<string, string> = { 'a.b': 'machine.states["a.b"]', toString: 'machine.states.toString', valueOf: 'machine.states.valueOf' };
		for (const [key, path] of Object.entries(paths)) {
			const states = { [key]: { meta: stateMeta(key, { kind: 'stage' }), states: { x: { meta: stateMeta('x') } }, initial: 'x' } };
			const issues = validateJourneyEntity(journey({ machine: machine({ initial: key, states }) }));
			expect(issues.map((i) => i.path), key).toContain(path);
		}
		const nested = { a: { meta: stateMeta('a', { kind: 'stage' }), initial: 'a.b', states: { 'a.b': { meta: stateMeta('x') } } } };
		expect(validateJourneyEntity(journey({ machine: machine({ initial: 'a', states: nested }) }))).not.toEqual([]);
	});
});
