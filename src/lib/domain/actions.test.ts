import { describe, expect, it } from 'vitest';
import {
	actionFromTrigger,
	actionsForTrigger,
	actionFromFriction,
	actionsForFriction,
	byHorizon,
	byStatus,
	currentFrictionKey,
	planSummary,
	shiftStatus,
	suggestedLever
} from './actions';
import { createDemoWorkspace } from './demo';
import { parseWorkspaceContent } from './schemas';
import { action, motive } from './test-factories';

describe('actions from frictions', () => {
	const source = {
		key: 'motive:FAC-EXPL',
		label: 'Bill explanation',
		motiveId: 'm-fac-expl',
		complex: false,
		states: [{ journeyId: 'j-facture', stateId: 'comprehension.faq' }],
		articleIds: ['kb-expliquer-facture'],
		savings: 12_345.6
	};
	it('links the motive, states and articles and pre-fills the gain', () => {
		const a = actionFromFriction('ws', source, 'Act on bills');
		expect(a).toMatchObject({
			workspaceId: 'ws',
			title: 'Act on bills',
			status: 'todo',
			horizon: 'quick-win',
			lever: 'enrich-knowledge',
			motiveIds: ['m-fac-expl'],
			states: [{ journeyId: 'j-facture', stateId: 'comprehension.faq' }],
			articleIds: ['kb-expliquer-facture'],
			frictionKey: 'motive:FAC-EXPL',
			expectedGain: 12_346
		});
		// The source's arrays are copied, not shared.
		expect(a.states[0]).not.toBe(source.states[0]);
	});
	it('leaves the gain empty when there are no savings, and an uncatalogued motive unlinked', () => {
		const a = actionFromFriction('ws', { ...source, motiveId: undefined, savings: 0 }, 'x');
		expect(a.expectedGain).toBeUndefined();
		expect(a.motiveIds).toEqual([]);
	});
	it('suggests a lever from the friction', () => {
		expect(suggestedLever({ complex: true, articleIds: ['a'] })).toBe('specialise-advisors');
		expect(suggestedLever({ complex: false, articleIds: ['a'] })).toBe('enrich-knowledge');
		expect(suggestedLever({ complex: false, articleIds: [] })).toBe('clarify-process');
	});
});

describe('board and list', () => {
	it('moves one column at a time and stops at the edges', () => {
		expect(shiftStatus('todo', 1)).toBe('in-progress');
		expect(shiftStatus('in-progress', -1)).toBe('todo');
		expect(shiftStatus('todo', -1)).toBeNull();
		expect(shiftStatus('dropped', 1)).toBeNull();
	});
	it('groups by status and horizon, due dates first', () => {
		const actions = [
			action({ id: 'a', title: 'B', status: 'todo' }),
			action({ id: 'b', title: 'A', status: 'todo', dueDate: '2026-06-01', horizon: 'strategic' }),
			action({ id: 'c', title: 'C', status: 'done', dueDate: '2026-05-01' })
		];
		const columns = byStatus(actions);
		expect(columns.todo.map((a) => a.id)).toEqual(['b', 'a']);
		expect(columns.done.map((a) => a.id)).toEqual(['c']);
		expect(columns['in-progress']).toEqual([]);
		const horizons = byHorizon(actions);
		expect(horizons['quick-win'].map((a) => a.id)).toEqual(['c', 'a']);
		expect(horizons.strategic.map((a) => a.id)).toEqual(['b']);
	});
	it('sums what the plan promises and what is overdue', () => {
		const summary = planSummary(
			[
				action({ id: 'a', status: 'todo', expectedGain: 100, dueDate: '2026-01-01' }),
				action({ id: 'b', status: 'done', expectedGain: 50, dueDate: '2026-01-01' }),
				action({ id: 'c', status: 'dropped', expectedGain: 1000 }),
				action({ id: 'd', status: 'in-progress', dueDate: '2026-12-01' })
			],
			'2026-03-01'
		);
		expect(summary).toEqual({
			total: 4,
			byStatus: { todo: 1, 'in-progress': 1, done: 1, dropped: 1 },
			expectedGain: 150,
			deliveredGain: 50,
			overdue: 1
		});
	});
	it('finds the actions answering a friction by key or motive', () => {
		const actions = [action({ id: 'a', frictionKey: 'motive:X', motiveIds: [] }), action({ id: 'b', motiveIds: ['m-x'] }), action({ id: 'c', motiveIds: [] })];
		expect(actionsForFriction(actions, 'motive:X', 'm-x').map((a) => a.id)).toEqual(['a', 'b']);
	});
});

describe('friction keys stored before frictions were keyed by motive', () => {
	const motives = [motive({ id: 'm-bill', crmCodes: ['FAC-01', 'FAC-02'] }), motive({ id: 'm-pay', crmCodes: ['PAY'] })];
	it('reads an old code key as its catalogue motive', () => {
		expect(currentFrictionKey('motive:FAC-02', motives)).toBe('motive:m-bill');
		expect(currentFrictionKey('motive: fac-01 ', motives)).toBe('motive:m-bill');
		expect(currentFrictionKey('state:j-1:bill.read:PAY', motives)).toBe('state:j-1:bill.read:m-pay');
	});
	it('leaves motive ids, uncatalogued codes and other keys as they are', () => {
		expect(currentFrictionKey('motive:m-bill', motives)).toBe('motive:m-bill');
		expect(currentFrictionKey('motive:UNKNOWN', motives)).toBe('motive:UNKNOWN');
		expect(currentFrictionKey('state:j-1:bill.read:m-pay', motives)).toBe('state:j-1:bill.read:m-pay');
		expect(currentFrictionKey('something-else', motives)).toBe('something-else');
	});
	it('lets an action stored with an old key find its friction', () => {
		const actions = [action({ id: 'old', frictionKey: 'motive:FAC-01', motiveIds: [] }), action({ id: 'other', frictionKey: 'motive:PAY', motiveIds: [] })];
		expect(actionsForFriction(actions, 'motive:m-bill', undefined, motives).map((a) => a.id)).toEqual(['old']);
		// Without the catalogue the old key cannot be read.
		expect(actionsForFriction(actions, 'motive:m-bill')).toEqual([]);
	});
	it('finds the demo actions stored with code keys through the demo catalogue', () => {
		const demo = createDemoWorkspace(new Date('2026-05-01T00:00:00Z'));
		const bill = demo.motives.find((m) => m.crmCodes.includes('FAC-EXPL'))!;
		expect(currentFrictionKey('motive:FAC-EXPL', demo.motives)).toBe(`motive:${bill.id}`);
		for (const a of demo.actions.filter((x) => x.frictionKey)) {
			expect(currentFrictionKey(a.frictionKey!, demo.motives)).toBe(a.frictionKey);
		}
	});
});

describe('demo action plan', () => {
	it('is valid and links existing motives, states and articles', () => {
		const demo = createDemoWorkspace(new Date('2026-05-01T00:00:00Z'));
		expect(demo.actions.length).toBeGreaterThanOrEqual(4);
		expect(() => parseWorkspaceContent(demo)).not.toThrow();
		const motives = new Set(demo.motives.map((m) => m.id));
		const articles = new Set(demo.articles.map((a) => a.id));
		const statesOf = (journeyId: string) => {
			const paths = new Set<string>();
			const visit = (states: Record<string, { states?: Record<string, unknown> }>, prefix: string) => {
				for (const [key, node] of Object.entries(states)) {
					const path = prefix ? `${prefix}.${key}` : key;
					paths.add(path);
					if (node.states) visit(node.states as never, path);
				}
			};
			visit(demo.journeys.find((j) => j.id === journeyId)!.machine.states as never, '');
			return paths;
		};
		for (const a of demo.actions) {
			for (const id of a.motiveIds) expect(motives.has(id)).toBe(true);
			for (const id of a.articleIds) expect(articles.has(id)).toBe(true);
			for (const s of a.states) expect(statesOf(s.journeyId).has(s.stateId)).toBe(true);
		}
		expect(new Set(demo.actions.map((a) => a.status)).size).toBeGreaterThan(1);
	});
});

describe('proactive actions from anticipation triggers', () => {
	const source = {
		key: 'event:facture émise',
		motiveIds: ['m1', 'm2', 'm1'],
		states: [{ journeyId: 'j', stateId: 's' }],
		saving: 1234.4,
		strategic: false
	};

	it('pre-fills the lever, horizon, trigger, motives, states and saving', () => {
		const a = actionFromTrigger('w', source, 'Prévenir avant « facture émise »', 'why');
		expect(a).toMatchObject({
			workspaceId: 'w',
			title: 'Prévenir avant « facture émise »',
			description: 'why',
			lever: 'proactive-contact',
			horizon: 'quick-win',
			status: 'todo',
			motiveIds: ['m1', 'm2'],
			states: [{ journeyId: 'j', stateId: 's' }],
			triggerKey: 'event:facture émise',
			expectedGain: 1234
		});
		expect(a.states[0]).not.toBe(source.states[0]);
	});

	it('is strategic when asked, and has no gain without a saving', () => {
		const a = actionFromTrigger('w', { ...source, strategic: true, saving: null }, 't');
		expect(a.horizon).toBe('strategic');
		expect(a.expectedGain).toBeUndefined();
	});

	it('lists the actions of a trigger, and the trigger survives the workspace file', () => {
		const a = actionFromTrigger('w', source, 't');
		const b = action({ title: 'other' });
		expect(actionsForTrigger([a, b], 'event:facture émise')).toEqual([a]);
		const content = createDemoWorkspace();
		content.actions.push({ ...a, workspaceId: content.workspace.id, motiveIds: [], states: [] });
		const parsed = parseWorkspaceContent(JSON.parse(JSON.stringify(content)));
		expect(parsed.ok && parsed.value.actions.at(-1)?.triggerKey).toBe('event:facture émise');
	});
});
