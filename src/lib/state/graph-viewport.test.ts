import { describe, expect, it } from 'vitest';
import { addStep, moveStage, renameState } from '$lib/domain/journey-edit';
import { sketchJourney } from '$lib/analysis/journey-layout';
import { machine, stateMeta } from '$lib/domain/test-factories';
import { structureOf } from './graph-viewport.svelte';

describe('structureOf', () => {
	const journey = machine({
		initial: 'shop',
		states: { shop: { initial: 'browse', meta: stateMeta('Shop', { kind: 'stage' }), states: machine().states }, after: { meta: stateMeta('After', { kind: 'stage' }) } }
	});
	const of = (m: typeof journey) => structureOf(sketchJourney(m));

	it('changes when a state is added or the phases reordered, so the view refits', () => {
		expect(of(addStep(journey, 'shop', { label: { fr: 'Nouvelle', en: '' } }).machine)).not.toBe(of(journey));
		expect(of(moveStage(journey, 'after', 0))).not.toBe(of(journey));
	});

	it('stays the same when a label changes, so the view stays where it is', () => {
		expect(of(renameState(journey, 'shop.browse', { fr: 'Parcourir la facture reçue' }))).toBe(of(journey));
	});
});
