import { describe, expect, it } from 'vitest';
import { createActor, createMachine } from 'xstate';
import fc from 'fast-check';
import {
	addStage,
	addStep,
	addTransition,
	deleteState,
	deleteTransition,
	eventName,
	JourneyEditError,
	newJourneyMachine,
	outgoing,
	rekeyState,
	renameState,
	resolveTarget,
	setFinal,
	setInitial,
	slug,
	uniqueName,
	updateStateMeta,
	updateTransition
} from './journey-edit';
import { findState, stageKeys, stateIds, transitionsOf, validateJourney } from './journey';
import { fromFields, journeyFields } from './journey-merge';
import { machine as billing, text } from './test-factories';
import { moveStage, placeStage, relabel, shiftStage } from './journey-edit';
import { createDemoWorkspace } from './demo';
import type { JourneyMachineConfig } from './types';

/** A journey with two stages of two steps each, and an end. */
function staged(): JourneyMachineConfig {
	return {
		id: 'trip',
		initial: 'before',
		states: {
			before: {
				initial: 'search',
				meta: { kind: 'stage', label: text('Before') },
				states: {
					search: { meta: { kind: 'step', label: text('Search') }, on: { 'trip.pick': { target: 'book' } } },
					book: {
						meta: { kind: 'step', label: text('Book') },
						on: { 'trip.go': { target: '#trip.during.ride', meta: { label: text('Go'), share: 1 } } }
					}
				}
			},
			during: {
				initial: 'ride',
				meta: { kind: 'stage', label: text('During') },
				states: {
					ride: { meta: { kind: 'step', label: text('Ride') }, on: { 'trip.arrive': { target: '#trip.end' } } }
				}
			},
			end: { type: 'final', meta: { kind: 'stage', label: text('End') } }
		}
	};
}

/** XState accepts the config and can start it. */
function runs(machine: JourneyMachineConfig): boolean {
	const actor = createActor(createMachine(structuredClone(machine) as never));
	actor.start();
	actor.stop();
	return true;
}

function referencesValid(machine: JourneyMachineConfig) {
	return validateJourney(machine).filter((i) => i.code === 'missing-target' || i.code === 'initial-missing');
}

describe('names', () => {
	it('makes readable keys from labels, without accents', () => {
		expect(slug('Paiement rejeté')).toBe('paiement_rejete');
		expect(slug('Souscrire en ligne')).toBe('souscrire_en_ligne');
		expect(slug("Relevé d'index à l'emménagement")).toBe('releve_d_index_a_l_emmenagement');
		expect(slug('  ')).toBe('state');
		expect(slug('3 relances')).toBe('s3_relances');
	});

	it('numbers a taken name', () => {
		expect(uniqueName('pay', ['pay', 'pay_2'])).toBe('pay_3');
		expect(uniqueName('pay', [])).toBe('pay');
	});

	it('makes dotted event names', () => {
		expect(eventName('paiement', 'Rejeté')).toBe('paiement.rejete');
		expect(eventName('comparer', 'Simuler sa facture')).toBe('comparer.simuler_sa_facture');
		expect(eventName('a', 'Go', ['a.go'])).toBe('a.go_2');
		expect(eventName('miseEnService', 'Relancer')).toBe('miseEnService.relancer');
		expect(eventName('mise en service', 'Relancer')).toBe('mise_en_service.relancer');
	});
});

describe('targets', () => {
	it('resolves siblings, absolute ids and children', () => {
		const m = staged();
		expect(resolveTarget(m, 'before.search', 'book')).toBe('before.book');
		expect(resolveTarget(m, 'before.book', '#trip.during.ride')).toBe('during.ride');
		expect(resolveTarget(m, 'before', '.book')).toBe('before.book');
		expect(resolveTarget(m, 'before.book', 'nowhere')).toBeUndefined();
		expect(resolveTarget(m, 'before.book', '#other.during')).toBeUndefined();
	});
});

describe('adding states', () => {
	it('adds a stage with a unique key and leaves the input untouched', () => {
		const before = staged();
		const snapshot = structuredClone(before);
		const { machine, path } = addStage(before, { label: { fr: 'Avant', en: 'Before' } });
		expect(path).toBe('avant');
		expect(findState(machine, 'avant')?.meta).toEqual({ kind: 'stage', label: { fr: 'Avant', en: 'Before' } });
		expect(before).toEqual(snapshot);
		const again = addStage(machine, { label: { fr: 'Avant', en: 'Before' } });
		expect(again.path).toBe('avant_2');
		expect(runs(again.machine)).toBe(true);
	});

	it('adds the first stage of an empty journey as its start', () => {
		const { machine } = addStage({ id: 'empty', initial: '', states: {} }, { label: text('Start') });
		expect(machine.initial).toBe('start');
		expect(runs(machine)).toBe(true);
	});

	it('adds a step inside a stage, and makes a simple state compound', () => {
		const step = addStep(staged(), 'during', { label: text('Pay the driver'), meta: { channel: 'app' } });
		expect(step.path).toBe('during.pay_the_driver');
		expect(findState(step.machine, step.path)?.meta).toMatchObject({ kind: 'step', channel: 'app' });
		expect(findState(step.machine, 'during')?.initial).toBe('ride');

		const inner = addStep(staged(), 'end', { label: text('Rate') });
		const end = findState(inner.machine, 'end');
		expect(end?.initial).toBe('rate');
		expect(end?.type).toBeUndefined();
		expect(referencesValid(inner.machine)).toEqual([]);
		expect(runs(inner.machine)).toBe(true);
	});

	it('refuses a step without a stage and a missing parent', () => {
		expect(() => addStep(staged(), '', { label: text('x') })).toThrow(JourneyEditError);
		expect(() => addStep(staged(), 'nowhere', { label: text('x') })).toThrow(JourneyEditError);
	});
});

describe('changing states', () => {
	it('renames one language of a label', () => {
		const m = renameState(staged(), 'before.search', { fr: 'Chercher' });
		expect(findState(m, 'before.search')?.meta.label).toEqual({ fr: 'Chercher', en: 'Search' });
	});

	it('sets and removes metadata fields', () => {
		let m = updateStateMeta(staged(), 'before.book', { channel: 'phone', emotion: -2, ownerTeam: 'Sales' });
		expect(findState(m, 'before.book')?.meta).toMatchObject({ channel: 'phone', emotion: -2, ownerTeam: 'Sales' });
		m = updateStateMeta(m, 'before.book', { channel: undefined, label: { en: 'Reserve', fr: 'Réserver' } });
		const meta = findState(m, 'before.book')?.meta;
		expect(meta && 'channel' in meta).toBe(false);
		expect(meta?.label).toEqual({ en: 'Reserve', fr: 'Réserver' });
	});

	it('marks a state final, dropping its ways out, and refuses a stage with steps', () => {
		const m = setFinal(staged(), 'during.ride', true);
		expect(findState(m, 'during.ride')).toMatchObject({ type: 'final' });
		expect(findState(m, 'during.ride')?.on).toBeUndefined();
		expect(findState(setFinal(m, 'during.ride', false), 'during.ride')?.type).toBeUndefined();
		expect(() => setFinal(staged(), 'before', true)).toThrow(JourneyEditError);
	});

	it('changes where a stage starts', () => {
		expect(findState(setInitial(staged(), 'before.book'), 'before')?.initial).toBe('book');
		expect(setInitial(staged(), 'during').initial).toBe('during');
	});
});

describe('deleting states', () => {
	it('removes the state and the transitions into it', () => {
		const m = deleteState(staged(), 'during.ride');
		expect(stateIds(m)).not.toContain('during.ride');
		expect(findState(m, 'before.book')?.on).toBeUndefined();
		expect(findState(m, 'during')?.states).toBeUndefined();
		expect(findState(m, 'during')?.initial).toBeUndefined();
		expect(referencesValid(m)).toEqual([]);
		expect(runs(m)).toBe(true);
	});

	it('removes transitions into a deleted stage’s steps and moves the start', () => {
		const m = deleteState(staged(), 'before');
		expect(m.initial).toBe('during');
		expect(stateIds(m)).toEqual(['during', 'during.ride', 'end']);
		expect(referencesValid(m)).toEqual([]);
		expect(runs(m)).toBe(true);
	});

	it('moves a stage’s start when its first step goes', () => {
		const m = deleteState(staged(), 'before.search');
		expect(findState(m, 'before')?.initial).toBe('book');
		expect(runs(m)).toBe(true);
	});

	it('keeps every reference valid whatever state of the demo is deleted', () => {
		const demo = createDemoWorkspace().journeys;
		for (const journey of demo) {
			for (const id of stateIds(journey.machine)) {
				const m = deleteState(journey.machine, id);
				expect(referencesValid(m), `${journey.id} without ${id}`).toEqual([]);
				expect(transitionsOf(m).every((t) => !t.target.startsWith(id + '.') && t.target !== id)).toBe(true);
			}
		}
	});
});

describe('transitions', () => {
	it('adds a transition with a made-up event name, sibling or absolute target', () => {
		const sibling = addTransition(staged(), {
			source: 'before.search',
			target: 'before.search',
			label: { fr: 'Affiner', en: 'Refine' },
			share: 0.2
		});
		expect(sibling.ref).toEqual({ source: 'before.search', event: 'search.affiner', index: 0 });
		expect(findState(sibling.machine, 'before.search')?.on?.['search.affiner']).toEqual({
			target: 'search',
			meta: { label: { fr: 'Affiner', en: 'Refine' }, share: 0.2 }
		});
		const far = addTransition(sibling.machine, {
			source: 'before.search',
			target: 'end',
			event: 'trip.cancel',
			label: text('Cancel')
		});
		expect(findState(far.machine, 'before.search')?.on?.['trip.cancel']).toMatchObject({ target: '#trip.end' });
		expect(transitionsOf(far.machine)).toContainEqual(
			expect.objectContaining({ source: 'before.search', event: 'trip.cancel', target: 'end' })
		);
		expect(runs(far.machine)).toBe(true);
	});

	it('keeps two transitions on one event as a list', () => {
		const { machine, ref } = addTransition(staged(), {
			source: 'before.search',
			event: 'trip.pick',
			target: 'end',
			label: text('Give up')
		});
		expect(ref.index).toBe(1);
		expect(outgoing(machine, 'before.search').map((o) => o.target)).toEqual(['before.book', 'end']);
		const back = deleteTransition(machine, { source: 'before.search', event: 'trip.pick', index: 0 });
		expect(findState(back, 'before.search')?.on?.['trip.pick']).toMatchObject({ target: '#trip.end' });
	});

	it('refuses a transition out of a final state or to nowhere', () => {
		expect(() => addTransition(staged(), { source: 'end', target: 'before', label: text('x') })).toThrow(
			JourneyEditError
		);
		expect(() => addTransition(staged(), { source: 'before', target: 'nowhere', label: text('x') })).toThrow(
			JourneyEditError
		);
	});

	it('changes label, share and target', () => {
		const ref = { source: 'before.book', event: 'trip.go' };
		let m = updateTransition(staged(), ref, { label: { fr: 'Partir' }, share: 0.5, target: 'before.search' });
		expect(findState(m, 'before.book')?.on?.['trip.go']).toEqual({
			target: 'search',
			meta: { label: { fr: 'Partir', en: 'Go' }, share: 0.5 }
		});
		m = updateTransition(m, ref, { share: null });
		expect(findState(m, 'before.book')?.on?.['trip.go']).toEqual({
			target: 'search',
			meta: { label: { fr: 'Partir', en: 'Go' } }
		});
		expect(() => updateTransition(m, { source: 'before.book', event: 'nope' }, {})).toThrow(JourneyEditError);
	});

	it('deletes a transition and the empty `on`', () => {
		const m = deleteTransition(staged(), { source: 'during.ride', event: 'trip.arrive' });
		expect(findState(m, 'during.ride')?.on).toBeUndefined();
		expect(validateJourney(m)).toContainEqual(expect.objectContaining({ code: 'dead-end', stateId: 'during.ride' }));
	});
});

describe('invariant', () => {
	it('any sequence of edits leaves a config XState accepts, with valid references', () => {
		type Op = { kind: number; a: number; b: number; label: string };
		const op = fc.record({
			kind: fc.integer({ min: 0, max: 5 }),
			a: fc.nat(),
			b: fc.nat(),
			label: fc.string({ maxLength: 12 })
		});
		fc.assert(
			fc.property(fc.array(op, { maxLength: 25 }), (ops: Op[]) => {
				let m: JourneyMachineConfig = billing();
				for (const { kind, a, b, label } of ops) {
					const ids = stateIds(m);
					const pick = (n: number) => ids[n % Math.max(ids.length, 1)];
					const lbl = { fr: label, en: label };
					try {
						if (kind === 0) m = addStage(m, { label: lbl }).machine;
						else if (kind === 1 && ids.length) m = addStep(m, pick(a), { label: lbl }).machine;
						else if (kind === 2 && ids.length) m = addTransition(m, { source: pick(a), target: pick(b), label: lbl }).machine;
						else if (kind === 3 && ids.length) m = deleteState(m, pick(a));
						else if (kind === 4 && ids.length) m = renameState(m, pick(a), lbl);
						else if (kind === 5 && ids.length) {
							const out = outgoing(m, pick(a));
							if (out.length) m = deleteTransition(m, out[b % out.length].ref);
						}
					} catch (error) {
						if (!(error instanceof JourneyEditError)) throw error;
					}
				}
				expect(validateJourney(m).filter((i) => i.code === 'missing-target')).toEqual([]);
				if (stateIds(m).length) expect(runs(m)).toBe(true);
			}),
			{ numRuns: 150 }
		);
	});
});

describe('newJourneyMachine', () => {
	it('starts a journey XState can run from its first step to its end, with no problem', () => {
		const machine = newJourneyMachine({ fr: 'Résilier', en: 'Cancel a contract' });
		expect(machine.id).toBe('cancel_a_contract');
		expect(stateIds(machine)).toEqual(['phase1', 'phase1.etape1', 'fin']);
		expect(validateJourney(machine)).toEqual([]);
		const actor = createActor(createMachine(machine)).start();
		expect(actor.getSnapshot().value).toEqual({ phase1: 'etape1' });
		actor.send({ type: 'journey.finish' });
		expect(actor.getSnapshot().status).toBe('done');
		actor.stop();
	});
});

describe('state keys from labels', () => {
	it('never makes a key named like a property of every object', () => {
		let machine = billing();
		for (const label of ['Constructor', 'prototype', '__proto__', 'valueOf']) {
			const result = addStage(machine, { label: text(label) });
			machine = result.machine;
			const key = result.path;
			expect(['constructor', 'prototype', '__proto__', 'valueOf']).not.toContain(key);
			expect(Object.hasOwn(machine.states, key), key).toBe(true);
			expect(findState(machine, key)?.meta.label.en).toBe(label);
		}
	});
});

describe('rekeyState', () => {
	it('names a new state after its label and keeps every transition into it, from anywhere', () => {
		let m = staged();
		const added = addStep(m, 'before', { label: text('Nouvelle étape') });
		expect(added.path).toBe('before.nouvelle_etape');
		m = addTransition(added.machine, { source: 'before.search', target: added.path, label: text('Go') }).machine;
		m = addTransition(m, { source: 'during.ride', target: added.path, label: text('Back') }).machine;
		m = addTransition(m, { source: added.path, target: 'during', label: text('Leave') }).machine;

		const rekeyed = rekeyState(m, added.path, 'Paiement rejeté');
		expect(rekeyed.path).toBe('before.paiement_rejete');
		expect(findState(rekeyed.machine, 'before.nouvelle_etape')).toBeUndefined();
		expect(findState(rekeyed.machine, 'before.paiement_rejete')?.meta.label.fr).toBe('Nouvelle étape');
		expect(referencesValid(rekeyed.machine)).toEqual([]);
		const into = (source: string) =>
			outgoing(rekeyed.machine, source).map((a) => resolveTarget(rekeyed.machine, source, a.transition.target));
		expect(into('before.search')).toContain('before.paiement_rejete');
		expect(into('during.ride')).toContain('before.paiement_rejete');
		expect(into('before.paiement_rejete')).toEqual(['during']);
		// The order of the steps is kept.
		expect(Object.keys(findState(rekeyed.machine, 'before')?.states ?? {})).toEqual(
			Object.keys(findState(m, 'before')?.states ?? {}).map((k) => (k === 'nouvelle_etape' ? 'paiement_rejete' : k))
		);
	});

	it('keeps the key when the label makes it already, numbers it when a sibling has it, and follows the initial state', () => {
		const m = staged();
		expect(rekeyState(m, 'before.search', 'search').machine).toBe(m);
		expect(rekeyState(m, 'before.search', 'Book').path).toBe('before.book_2');
		const first = findState(m, 'before')?.initial ?? '';
		const rekeyed = rekeyState(m, `before.${first}`, 'Début');
		expect(findState(rekeyed.machine, 'before')?.initial).toBe('debut');
		expect(validateJourney(rekeyed.machine)).toEqual(validateJourney(m));
	});
});

describe('relabel', () => {
	it('empties an English label that only copied the French one when the French changes', () => {
		expect(relabel({ fr: 'Nouvelle étape', en: 'Nouvelle étape' }, 'fr', 'Payer')).toEqual({ fr: 'Payer', en: '' });
	});

	it('keeps an English label of its own, and changes only the side typed', () => {
		expect(relabel({ fr: 'Payer', en: 'Pay' }, 'fr', 'Régler')).toEqual({ fr: 'Régler', en: 'Pay' });
		expect(relabel({ fr: 'Payer', en: '' }, 'en', 'Pay')).toEqual({ fr: 'Payer', en: 'Pay' });
		expect(relabel({ fr: 'Payer', en: 'Payer' }, 'en', 'Pay')).toEqual({ fr: 'Payer', en: 'Pay' });
	});
});

describe('moveStage', () => {
	it('moves a phase in the map’s order, kept in meta.stageOrder and in the states’ order', () => {
		const start = billing();
		expect(stageKeys(start)).toEqual(['browse', 'pay', 'done']);
		const moved = moveStage(start, 'pay', 0);
		expect(stageKeys(moved)).toEqual(['pay', 'browse', 'done']);
		expect(Object.keys(moved.states)).toEqual(['pay', 'browse', 'done']);
		expect(moved.meta?.stageOrder).toEqual(['pay', 'browse', 'done']);
		expect(stageKeys(start)).toEqual(['browse', 'pay', 'done']);
		expect(validateJourney(moved)).toEqual(validateJourney(start));
		// Past the ends, it goes to the end; to its own place, nothing changes.
		expect(stageKeys(moveStage(moved, 'pay', 9))).toEqual(['browse', 'done', 'pay']);
		expect(moveStage(moved, 'pay', 0)).toBe(moved);
		expect(() => moveStage(moved, 'nowhere', 0)).toThrow();
		// The order is a field of its own: it survives the journey being rebuilt from its fields.
		const body = fromFields(journeyFields({ name: text('J'), description: '', machine: moved }));
		expect(stageKeys(body.machine)).toEqual(['pay', 'browse', 'done']);
	});

	it('orders keys a machine lists no order for as written, and ignores unknown or repeated keys', () => {
		const m = billing({ meta: { stageOrder: ['done', 'gone', 'done'] } });
		expect(stageKeys(m)).toEqual(['done', 'browse', 'pay']);
	});

	it('shifts a phase one column left or right, the final states staying at the end', () => {
		const m = billing({ states: { ...billing().states, extra: { meta: { kind: 'stage', label: text('Extra') } } } });
		expect(stageKeys(m)).toEqual(['browse', 'pay', 'done', 'extra']);
		expect(stageKeys(shiftStage(m, 'extra', -1))).toEqual(['browse', 'extra', 'pay', 'done']);
		expect(stageKeys(shiftStage(m, 'browse', 1))).toEqual(['pay', 'browse', 'done', 'extra']);
		expect(shiftStage(m, 'browse', -1)).toBe(m);
		expect(shiftStage(m, 'extra', 1)).toBe(m);
		expect(shiftStage(m, 'done', -1)).toBe(m);
		expect(stageKeys(placeStage(m, 'extra', 'browse'))).toEqual(['extra', 'browse', 'pay', 'done']);
		expect(stageKeys(placeStage(m, 'browse', null))).toEqual(['pay', 'done', 'extra', 'browse']);
	});
});
