import { describe, expect, it } from 'vitest';
import { createDemoWorkspace } from './demo';
import { changedFieldNames, contentChanges, DELETED, entityFields, entityFromFields, rebaseEdit } from './entity-fields';
import { ENTITY_LIST_KEYS, parseEntity } from './schemas';
import { guide, text } from './test-factories';
import type { Guide } from './types';

const demo = createDemoWorkspace(new Date('2026-11-02T09:00:00Z'));

describe('entities as fields', () => {
	it('gives back every entity of the demo from its fields', () => {
		for (const kind of ENTITY_LIST_KEYS) {
			for (const entity of demo[kind]) {
				const fields = entityFields(kind, entity);
				const rebuilt = entityFromFields(kind, entity, fields, 'updatedAt' in entity ? entity.updatedAt : '');
				expect(rebuilt).toEqual(entity);
				expect(parseEntity(kind, rebuilt).ok).toBe(true);
			}
		}
	});

	it('splits plain objects one level down and keeps null apart from absent', () => {
		const motive = demo.motives[0];
		const fields = entityFields('motives', motive);
		expect(fields.get('label.fr')).toBe(motive.label.fr);
		expect(fields.get('treatment.procedure')).toBe(motive.treatment.procedure);
		expect(fields.has('id')).toBe(false);
		const root = demo.themes.find((t) => t.parentId === null);
		expect(root && entityFields('themes', root).get('parentId')).toBeNull();
	});

	it('never makes a field of the pseudonym key', () => {
		const fields = entityFields('workspace', { ...demo.workspace, pseudonymKey: 'ab'.repeat(32) });
		expect([...fields.keys()].some((k) => k.startsWith('pseudonym'))).toBe(false);
	});

	it('says a deleted entity is gone', () => {
		const motive = demo.motives[0];
		const fields = entityFields('motives', motive).set(DELETED, true);
		expect(entityFromFields('motives', motive, fields, '')).toBeUndefined();
	});

	it('writes a whole workspace as changes with one clock each', () => {
		let n = 0;
		const changes = contentChanges(demo, () => `0000000000001-${String(++n).padStart(6, '0')}-a`);
		expect(new Set(changes.map((c) => c.hlc)).size).toBe(changes.length);
		expect(changes.filter((c) => c.field === DELETED)).toHaveLength(1 + ENTITY_LIST_KEYS.reduce((s, k) => s + demo[k].length, 0));
	});
});

describe('a guide as fields', () => {
	it('splits a guide like a journey, with its motive, so two people editing two steps both keep their edit', () => {
		const base = guide();
		const fields = entityFields('guides', base);
		expect(fields.get('["j","motiveId"]')).toBe(base.motiveId);
		expect(fields.get('["s",["check"],"meta","step","sourceId"]')).toBe('source-crm');
		const mine: Guide = structuredClone(base);
		mine.machine.states.ask.meta.step = { kind: 'question', text: text('Is the amount what the customer expected?', 'Le montant est-il celui attendu ?') };
		const theirs: Guide = structuredClone(base);
		theirs.machine.states.check.meta.step = { kind: 'check', sourceId: 'source-crm', lookFor: 'the meter reading of the last bill' };
		theirs.motiveId = 'motive-other';
		// What a server does: each side's changed fields written over the stored ones.
		const stored = entityFields('guides', base);
		for (const edited of [mine, theirs]) {
			const after = entityFields('guides', edited);
			for (const name of changedFieldNames(fields, after)) stored.set(name, after.get(name));
		}
		const parsed = parseEntity('guides', entityFromFields('guides', base, stored, base.updatedAt));
		if (!parsed.ok) throw new Error(parsed.issues[0].message);
		const merged = parsed.value;
		expect(merged.machine.states.ask.meta.step).toEqual(mine.machine.states.ask.meta.step);
		expect(merged.machine.states.check.meta.step).toEqual(theirs.machine.states.check.meta.step);
		expect(merged.motiveId).toBe('motive-other');
	});

	it('is checked by the model’s schema like any entity (what the team server refuses)', () => {
		const broken = guide();
		(broken.machine.states.ask.meta as { step: unknown }).step = { kind: 'ask' };
		expect(parseEntity('guides', broken).ok).toBe(false);
		expect(parseEntity('feedback', { id: 'f', workspaceId: 'w', articleId: 'a', verdict: 'meh', comment: '', createdAt: '' }).ok).toBe(false);
	});
});

describe('replaying a form edit on the stored entity', () => {
	it('keeps a teammate’s edit of another field made while the form was open', () => {
		const base = demo.motives[0];
		const edited = { ...base, owner: 'Mine', treatment: { ...base.treatment, team: 'Back office' } };
		const current = { ...base, description: 'Theirs', treatment: { ...base.treatment, procedure: 'Their procedure' } };
		expect(rebaseEdit('motives', base, edited, current)).toEqual({
			...base,
			owner: 'Mine',
			description: 'Theirs',
			treatment: { ...base.treatment, team: 'Back office', procedure: 'Their procedure' }
		});
	});

	it('removes an optional field the form cleared, and recreates an entity deleted meanwhile', () => {
		const base = { ...demo.motives[0], prevalence: 0.1 };
		const { prevalence: _p, ...edited } = base;
		expect(rebaseEdit('motives', base, edited, base)).not.toHaveProperty('prevalence');
		expect(rebaseEdit('motives', base, edited, undefined)).toEqual(edited);
	});
});
