import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDemoWorkspace } from './demo';
import { addStep, deleteState, updateStateMeta, updateTransition } from './journey-edit';
import {
	changedFields,
	fieldKey,
	fromFields,
	journeyFields,
	mergeByClock,
	mergeFields,
	mergeJourney,
	rebaseOnto,
	resolveConflict,
	stateKey,
	type FieldClocks,
	type JourneyFields
} from './journey-merge';
import { formatHlc } from './hlc';
import { journey, text } from './test-factories';
import type { Journey, JourneyMachineConfig } from './types';

const demoJourneys = createDemoWorkspace().journeys;
const edit = (j: Journey, change: (m: JourneyMachineConfig) => JourneyMachineConfig): Journey => ({ ...j, machine: change(j.machine) });
const labelField = (state: string[], lang: 'fr' | 'en') => fieldKey({ on: 'state', state, path: ['meta', 'label', lang] });

describe('a journey as fields', () => {
	it.each(demoJourneys.map((j) => [j.id, j] as const))('gives back journey %s from its fields', (_id, j) => {
		expect(fromFields(journeyFields(j))).toEqual({ name: j.name, description: j.description, machine: j.machine });
	});

	it('keeps state keys with a dot or named __proto__ apart', () => {
		// Parsed from JSON: a `__proto__` key in an object literal would set the prototype instead.
		const states = JSON.parse(
			'{"__proto__":{"meta":{"kind":"step","label":{"fr":"Proto","en":"Proto"}}},"a.b":{"meta":{"kind":"step","label":{"fr":"Dotted","en":"Dotted"}}}}'
		);
		const odd = journey({ machine: { id: 'odd', initial: 'a.b', states } });
		const back = fromFields(journeyFields(odd));
		expect(Object.keys(back.machine.states)).toEqual(['__proto__', 'a.b']);
		expect(Object.getPrototypeOf(back.machine.states)).toBe(Object.prototype);
		expect(back).toEqual({ name: odd.name, description: odd.description, machine: odd.machine });
		expect(journeyFields(odd).get(labelField(['a.b'], 'fr'))).toBe('Dotted');
	});

	it('names each language of a label, each CX field and each event as its own field', () => {
		const base = journeyFields(journey());
		const renamed = journeyFields(edit(journey(), (m) => updateStateMeta(m, 'pay', { label: text('Pay', 'Payer'), channel: 'phone' })));
		expect(changedFields(base, renamed).sort()).toEqual(
			[labelField(['pay'], 'fr'), fieldKey({ on: 'state', state: ['pay'], path: ['meta', 'channel'] })].sort()
		);
	});
});

describe('merging two editions', () => {
	const base = journey();

	it('keeps both when two tabs change different fields of one state', () => {
		const mine = edit(base, (m) => updateStateMeta(m, 'pay', { label: text('Pay', 'Régler') }));
		const theirs = edit(base, (m) => updateStateMeta(m, 'pay', { channel: 'phone' }));
		const { journey: merged, conflicts } = mergeJourney(base, mine, theirs);
		expect(conflicts).toEqual([]);
		expect(merged.machine.states.pay.meta).toMatchObject({ label: { fr: 'Régler', en: 'Pay' }, channel: 'phone', emotion: 1 });
	});

	it('keeps a French label from one tab and an English one from the other', () => {
		const mine = edit(base, (m) => updateStateMeta(m, 'pay', { label: text('Pay', 'Régler') }));
		const theirs = edit(base, (m) => updateStateMeta(m, 'pay', { label: text('Settle', 'Pay') }));
		expect(mergeJourney(base, mine, theirs).journey.machine.states.pay.meta.label).toEqual({ fr: 'Régler', en: 'Settle' });
	});

	it('keeps a step added in one tab and a transition changed in the other', () => {
		const mine = edit(base, (m) => addStep(m, 'browse', { label: text('Compare') }).machine);
		const theirs = edit(base, (m) => updateTransition(m, { source: 'pay', event: 'bill.paid' }, { share: 0.5 }));
		const { journey: merged, conflicts } = mergeJourney(base, mine, theirs);
		expect(conflicts).toEqual([]);
		expect(merged.machine.states.browse.states?.compare).toBeDefined();
		expect(merged.machine.states.pay.on?.['bill.paid']).toMatchObject({ meta: { share: 0.5 } });
	});

	it('writes only the fields this tab changed', () => {
		const mine = edit(base, (m) => updateStateMeta(m, 'done', { notes: 'mine' }));
		const theirs = edit(base, (m) => updateStateMeta(m, 'browse', { notes: 'theirs' }));
		const { written } = mergeJourney(base, mine, theirs);
		expect(written).toEqual([fieldKey({ on: 'state', state: ['done'], path: ['meta', 'notes'] })]);
	});

	it('reports a conflict when both changed one field to different values, and keeps the stored value', () => {
		const mine = edit(base, (m) => updateStateMeta(m, 'pay', { channel: 'web-chat' as never }));
		const theirs = edit(base, (m) => updateStateMeta(m, 'pay', { channel: 'phone' }));
		const { journey: merged, conflicts } = mergeJourney(base, mine, theirs);
		const field = fieldKey({ on: 'state', state: ['pay'], path: ['meta', 'channel'] });
		expect(conflicts).toEqual([{ field, scope: 'field', mine: [[field, 'web-chat']], theirs: [[field, 'phone']] }]);
		expect(merged.machine.states.pay.meta.channel).toBe('phone');
		expect(resolveConflict(merged, conflicts[0], 'mine').machine.states.pay.meta.channel).toBe('web-chat');
		expect(resolveConflict(merged, conflicts[0], 'theirs')).toEqual(merged);
	});

	it('is no conflict when both made the same change', () => {
		const mine = edit(base, (m) => updateStateMeta(m, 'pay', { channel: 'phone' }));
		expect(mergeJourney(base, mine, mine).conflicts).toEqual([]);
	});

	it('reports one conflict on the state when one tab deleted it and the other edited inside it', () => {
		const mine = edit(base, (m) => updateStateMeta(m, 'pay', { notes: 'check the amount' }));
		const theirs = edit(base, (m) => deleteState(m, 'pay'));
		const { journey: merged, conflicts } = mergeJourney(base, mine, theirs);
		expect(conflicts.map((c) => [c.field, c.scope])).toEqual([[stateKey(['pay']), 'state']]);
		expect(merged.machine.states.pay).toBeUndefined();
		const restored = resolveConflict(merged, conflicts[0], 'mine');
		expect(restored.machine.states.pay.meta.notes).toBe('check the amount');

		// The other way round: this tab deleted, the stored one edited.
		const reverse = mergeJourney(base, theirs, mine);
		expect(reverse.conflicts.map((c) => c.scope)).toEqual(['state']);
		expect(reverse.journey.machine.states.pay.meta.notes).toBe('check the amount');
	});
});

describe('rebasing an undo history', () => {
	it("puts the other tab's changes into each step, each step keeping its own edits", () => {
		const base = journey();
		const theirs = edit(base, (m) => updateStateMeta(m, 'pay', { channel: 'phone' }));
		const step = edit(base, (m) => updateStateMeta(m, 'done', { notes: 'mine' }));
		const rebased = rebaseOnto(base, theirs)(step);
		expect(rebased.machine.states.pay.meta.channel).toBe('phone');
		expect(rebased.machine.states.done.meta.notes).toBe('mine');
		// Nothing changed elsewhere: each step is kept as it is.
		expect(rebaseOnto(base, base)(step)).toBe(step);
	});
});

// ---------------------------------------------------------------- properties

/** The leaf fields of the demo journey a person edits one by one (labels, CX fields, events). */
const demo = demoJourneys[0];
const demoFields = journeyFields(demo);
// Existence fields (`["s",[path]]`) are left out: these edits change values, not the tree.
const leafKeys = [...demoFields.keys()].filter((k) => JSON.parse(k)[0] !== 's' || JSON.parse(k).length > 2);

const edits = fc.uniqueArray(fc.constantFrom(...leafKeys), { minLength: 1, maxLength: 8 }).chain((keys) =>
	fc.tuple(fc.constant(keys), fc.array(fc.string({ minLength: 1, maxLength: 6 }), { minLength: keys.length, maxLength: keys.length }))
);

function applied(base: JourneyFields, keys: string[], values: string[]): JourneyFields {
	const next = new Map(base);
	keys.forEach((k, i) => next.set(k, `${String(base.get(k))}·${values[i]}`));
	return next;
}

const asObject = (fields: JourneyFields) => Object.fromEntries([...fields].sort(([a], [b]) => a.localeCompare(b)));

describe('merge properties', () => {
	it('merging disjoint edits keeps both, in either order, without conflict', () => {
		fc.assert(
			fc.property(edits, edits, ([keysA, valuesA], [keysB, valuesB]) => {
				const onlyB = keysB.map((k, i) => [k, valuesB[i]] as const).filter(([k]) => !keysA.includes(k));
				const a = applied(demoFields, keysA, valuesA);
				const b = applied(demoFields, onlyB.map(([k]) => k), onlyB.map(([, v]) => v));
				const aThenB = mergeFields(demoFields, b, mergeFields(demoFields, a, demoFields).fields);
				const bThenA = mergeFields(demoFields, a, mergeFields(demoFields, b, demoFields).fields);
				expect(aThenB.conflicts).toEqual([]);
				expect(bThenA.conflicts).toEqual([]);
				expect(asObject(aThenB.fields)).toEqual(asObject(bThenA.fields));
				for (const k of keysA) expect(aThenB.fields.get(k)).toBe(a.get(k));
				for (const [k] of onlyB) expect(aThenB.fields.get(k)).toBe(b.get(k));
			})
		);
	});

	it('reports every field both changed differently, and drops none', () => {
		fc.assert(
			fc.property(edits, edits, ([keysA, valuesA], [keysB, valuesB]) => {
				const a = applied(demoFields, keysA, valuesA);
				const b = applied(demoFields, keysB, valuesB.map((v) => `${v}!`));
				const { fields, conflicts } = mergeFields(demoFields, a, b);
				const both = keysA.filter((k) => keysB.includes(k));
				expect(conflicts.map((c) => c.field).sort()).toEqual([...both].sort());
				for (const k of keysA) if (!both.includes(k)) expect(fields.get(k)).toBe(a.get(k));
				for (const k of keysB) expect(fields.get(k)).toBe(b.get(k));
			})
		);
	});

	it('merging by clock is commutative, associative and idempotent', () => {
		const keys = leafKeys.slice(0, 6);
		const replica = fc
			.array(fc.tuple(fc.constantFrom(...keys), fc.option(fc.string({ maxLength: 3 })), fc.nat(50), fc.constantFrom('a', 'b', 'c')), { maxLength: 8 })
			.map((writes) => {
				const fields: JourneyFields = new Map(keys.map((k) => [k, demoFields.get(k)]));
				const clocks: FieldClocks = {};
				for (const [k, value, wall, node] of writes) {
					const clock = formatHlc({ wall, counter: 0, node });
					if (clocks[k] !== undefined && clocks[k] >= clock) continue;
					clocks[k] = clock;
					if (value === null) fields.delete(k);
					else fields.set(k, `${node}${value}`);
				}
				return { fields, clocks };
			});
		const same = (x: ReturnType<typeof mergeByClock>, y: ReturnType<typeof mergeByClock>) => {
			expect(asObject(x.fields)).toEqual(asObject(y.fields));
			expect(x.clocks).toEqual(y.clocks);
		};
		fc.assert(
			fc.property(replica, replica, replica, (a, b, c) => {
				same(mergeByClock(a, b), mergeByClock(b, a));
				same(mergeByClock(mergeByClock(a, b), c), mergeByClock(a, mergeByClock(b, c)));
				same(mergeByClock(a, a), a);
			})
		);
	});
});
