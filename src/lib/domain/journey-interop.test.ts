import { describe, expect, it } from 'vitest';
import { createActor, createMachine } from 'xstate';
import { exportMachineJson, exportMermaid, importCheckedMachineJson, importMachine, importMachineJson } from './journey-interop';
import { stateIds, transitionsOf, validateJourney } from './journey';
import { createDemoWorkspace } from './demo';
import { machine as billing } from './test-factories';
import type { JourneyMachineConfig } from './types';

const demo = createDemoWorkspace(new Date('2026-03-01T00:00:00Z')).journeys;

function imported(text: string): JourneyMachineConfig {
	const result = importMachineJson(text);
	if (!result.ok) throw new Error(JSON.stringify(result.problems));
	return result.machine;
}

describe('JSON export and import', () => {
	it.each([0, 1])('round-trips demo journey %i exactly, and XState runs the export', (i) => {
		const machine = demo[i].machine;
		const json = exportMachineJson(machine);
		const parsed = JSON.parse(json);
		expect(parsed).toEqual(machine);
		const actor = createActor(createMachine(parsed)).start();
		expect(actor.getSnapshot().status).toBe('active');
		actor.stop();
		expect(imported(json)).toEqual(machine);
	});

	it('fills in missing metadata: stages at the top, steps below, labels from keys, notes from descriptions', () => {
		const machine = imported(
			JSON.stringify({
				id: 'studio',
				initial: 'browse',
				version: '1',
				states: {
					browse: {
						initial: 'list',
						description: 'Where it starts',
						states: { list: { on: { 'item.open': 'item' } }, item: { on: { 'item.buy': { target: '#studio.done' } } } }
					},
					done: { type: 'final', meta: { label: 'Terminé', channel: 'web' } }
				}
			})
		);
		expect(machine.states.browse.meta).toEqual({ kind: 'stage', label: { fr: 'browse', en: 'browse' }, notes: 'Where it starts' });
		expect(machine.states.browse.states?.list).toEqual({
			meta: { kind: 'step', label: { fr: 'list', en: 'list' } },
			on: { 'item.open': { target: 'item' } }
		});
		expect(machine.states.done.meta).toEqual({ kind: 'stage', label: { fr: 'Terminé', en: 'Terminé' }, channel: 'web' });
		expect('version' in machine).toBe(false);
		expect(validateJourney(machine)).toEqual([]);
		expect(transitionsOf(machine)).toHaveLength(2);
	});

	it('defaults the start to the first state and a compound state’s start to its first child', () => {
		const machine = imported('{"states":{"a":{"states":{"x":{},"y":{}}},"b":{}}}');
		expect(machine.id).toBe('journey');
		expect(machine.initial).toBe('a');
		expect(machine.states.a.initial).toBe('x');
		expect(stateIds(machine)).toEqual(['a', 'a.x', 'a.y', 'b']);
	});

	it('refuses what Parcours does not draw, naming each feature and where it is', () => {
		const result = importMachineJson(
			JSON.stringify({
				id: 'm',
				initial: 'a',
				entry: ['log'],
				states: {
					a: { type: 'parallel', states: { p: {}, q: {} } },
					b: { always: { target: 'a' }, after: { 1000: 'a' }, invoke: { src: 'fetch' } },
					c: {
						type: 'history',
						exit: 'bye',
						on: { go: { target: 'a', guard: 'ok', actions: 'say' }, '*': 'a' }
					}
				}
			})
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		const found = result.problems.map((p) => `${p.feature} @ ${p.where}`);
		expect(found).toEqual(
			expect.arrayContaining([
				'entry @ ',
				"type: 'parallel' @ states.a",
				'always @ states.b',
				'after @ states.b',
				'invoke @ states.b',
				"type: 'history' @ states.c",
				'exit @ states.c',
				'guard @ states.c.on.go',
				'actions @ states.c.on.go',
				'wildcard event @ states.c.on["*"]'
			])
		);
		expect(result.problems.every((p) => p.code === 'unsupported')).toBe(true);
	});

	it('refuses text that is not JSON, a config without states, and unknown metadata values', () => {
		expect(importMachineJson('{ not json')).toMatchObject({ ok: false, problems: [{ code: 'not-json' }] });
		expect(importMachineJson('[1,2]')).toMatchObject({ ok: false, problems: [{ code: 'shape', where: '' }] });
		const bad = importMachine({ initial: 'a', states: { a: { meta: { channel: 'pigeon', emotion: 5 } }, 'b.c': {} } });
		expect(bad.ok).toBe(false);
		if (bad.ok) return;
		expect(bad.problems.map((p) => [p.code, p.where])).toEqual(
			expect.arrayContaining([
				['meta', 'states.a.meta.channel'],
				['meta', 'states.a.meta.emotion'],
				['state-key', 'states["b.c"]']
			])
		);
	});

	it('accepts a config wrapped in `{ machine }`, and the factories’ journey', () => {
		expect(imported(JSON.stringify({ machine: billing() }))).toEqual(billing());
	});
});

describe('Mermaid export', () => {
	it('writes composite stages, starts, ends and labelled transitions', () => {
		const text = exportMermaid(demo[0].machine, 'fr');
		const lines = text.split('\n').map((l) => l.trim());
		expect(lines[0]).toBe('stateDiagram-v2');
		expect(lines).toContain('[*] --> decouverte');
		expect(lines).toContain('state "Découverte" as decouverte');
		expect(lines).toContain('state decouverte {');
		expect(lines).toContain('[*] --> decouverte__comparer');
		expect(lines).toContain('decouverte__comparer --> decouverte__simulateur : Simuler sa facture');
		expect(lines.filter((l) => l.endsWith('--> [*]')).length).toBeGreaterThanOrEqual(1);
		expect(lines.filter((l) => l.includes(' --> ') && !l.includes('[*]'))).toHaveLength(transitionsOf(demo[0].machine).length);
		// Braces balance: every composite is closed.
		expect(text.split('{').length).toBe(text.split('}').length);
		expect(exportMermaid(demo[0].machine, 'en')).toContain('state "Discovery" as decouverte');
	});

	it('keeps labels readable by Mermaid', () => {
		const text = exportMermaid({
			id: 'x',
			initial: 'a',
			states: {
				a: { meta: { kind: 'stage', label: { fr: 'Dire "oui"; ou: non', en: '' } }, on: { 'a.b': { target: 'b', meta: { label: { fr: 'Étape #2 : fin', en: '' } } } } },
				b: { type: 'final', meta: { kind: 'stage', label: { fr: 'B', en: 'B' } } }
			}
		});
		expect(text).toContain('state "Dire #quot;oui#quot;#59; ou#58; non" as a');
		expect(text).toContain('a --> b : Étape #35;2 #58; fin');
	});

	it('writes label HTML, quotes and directives as entity codes, so a label cannot break out of its statement', () => {
		const text = exportMermaid({
			id: 'x',
			initial: 'a',
			states: {
				a: {
					meta: { kind: 'stage', label: { fr: '<img src=x onerror=alert(1)>', en: '' } },
					on: { go: { target: 'b', meta: { label: { fr: 'ok\nclick a call evil() %%{init: {"securityLevel": "loose"}}%%', en: '' } } } }
				},
				b: { type: 'final', meta: { kind: 'stage', label: { fr: '"]; click A call evil() & `x`', en: '' } } }
			}
		});
		expect(text).toContain('state "#lt;img src=x onerror=alert(1)#gt;" as a');
		expect(text).toContain('state "#quot;]#59; click A call evil() #amp; #96;x#96;" as b');
		expect(text).toContain('a --> b : ok click a call evil() #37;#37;#123;init#58; #123;#quot;securityLevel#quot;#58; #quot;loose#quot;#125;#125;#37;#37;');
		// Each label stays on its own statement line: nothing of it reaches the markup or the parser.
		expect(text.replace(/-->/g, '')).not.toMatch(/[<>]|%%|[{}](?!$)/m);
		expect(text.split('\n').filter((line) => /click/.test(line))).toHaveLength(2);
	});
});

describe('deeply nested machine JSON', () => {
	it('refuses a machine 5,000 states deep with a sentence, without a stack overflow', () => {
		const deep = '{"initial":"s","states":{"s":'.repeat(5000) + '{}' + '}}'.repeat(5000);
		const result = importMachineJson(deep);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toEqual([expect.objectContaining({ code: 'too-deep', where: '' })]);
		expect(result.problems[0].message).toMatch(/nested more than 100 levels deep/);
	});
});

describe('state keys', () => {
	const withKey = (key: string) =>
		`{"id":"m","initial":"b","states":{"b":{"on":{"go":"b"}},${JSON.stringify(key)}:{"states":{"x":{}}}}}`;

	it('refuses a key with a dot, or the name of a property every object has, naming the key', () => {
		for (const key of ['a.b', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']) {
			const result = importMachineJson(withKey(key));
			expect(result.ok, key).toBe(false);
			if (result.ok) continue;
			expect(result.problems, key).toContainEqual(expect.objectContaining({ code: 'state-key', key }));
			expect(result.problems.find((p) => p.code === 'state-key')?.message).toContain(`"${key}"`);
		}
	});

	it('refuses them nested too', () => {
		const result = importMachineJson('{"id":"m","initial":"a","states":{"a":{"initial":"x","states":{"x":{},"__proto__":{}}}}}');
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.problems).toContainEqual(expect.objectContaining({ code: 'state-key', key: '__proto__' }));
	});
});

describe('checked import', () => {
	it('refuses a machine the journey checks find a problem in, naming the problem', () => {
		const text = JSON.stringify({
			id: 'broken',
			initial: 'start',
			states: { start: { on: { 'start.go': 'nowhere' } }, done: { type: 'final' } }
		});
		// Read alone, the machine is accepted…
		expect(importMachineJson(text).ok).toBe(true);
		// …checked, it is refused with the checks' issues.
		const result = importCheckedMachineJson(text, validateJourney);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toEqual([]);
		expect(result.issues).toContainEqual(expect.objectContaining({ code: 'missing-target', stateId: 'start', target: 'nowhere' }));
	});

	it('keeps the reading problems of a file that is not a machine, and takes a sound machine', () => {
		const bad = importCheckedMachineJson('{', validateJourney);
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(bad.problems[0].code).toBe('not-json');
		const sound = importCheckedMachineJson(exportMachineJson(demo[0].machine), validateJourney);
		expect(sound).toEqual({ ok: true, machine: demo[0].machine });
		// A journey still being drawn (a dead end, a step nobody reaches) is taken, as it was saved.
		const drafting = { id: 'draft', initial: 'a', states: { a: { on: { 'a.go': 'b' } }, b: {}, c: { type: 'final' } } };
		expect(validateJourney(imported(JSON.stringify(drafting))).length).toBeGreaterThan(0);
		expect(importCheckedMachineJson(JSON.stringify(drafting), validateJourney).ok).toBe(true);
	});
});
