import { describe, expect, it } from 'vitest';
import { contactRule, journey, machine, motive, stateMeta, text, theme } from './test-factories';
import { isCatchAll, proposeRulesFromExpectedMotives, rulePickerValues } from './rule-pickers';

const billing = theme();
const meters = theme({ id: 'theme-meters', label: text('Meters', 'Compteurs') });
const amount = motive();
const reading = motive({ id: 'motive-reading', themeId: 'theme-meters', label: text('Meter reading', 'Relevé'), crmCodes: ['CPT-01', 'CPT-02'] });

describe('rulePickerValues', () => {
	it('offers the data values and the catalogue codes, each once, with the motive labels', () => {
		const values = rulePickerValues(
			{ channels: ['phone', 'email', 'Phone '], motives: ['fac-01', 'ZZZ'], pages: ['/b', '/a', '/a'] },
			[amount, reading],
			[billing, meters]
		);
		expect(values.channels).toEqual([
			{ value: 'email', seen: true },
			{ value: 'phone', seen: true }
		]);
		expect(values.motives).toEqual([
			{ value: 'CPT-01', seen: false, label: reading.label },
			{ value: 'CPT-02', seen: false, label: reading.label },
			{ value: 'fac-01', seen: true, label: amount.label },
			{ value: 'ZZZ', seen: true }
		]);
		// The engine's categories: a motive's theme, or an uncatalogued code itself.
		expect(values.categories).toEqual([
			{ value: 'theme-billing', seen: true, label: billing.label },
			{ value: 'theme-meters', seen: false, label: meters.label },
			{ value: 'ZZZ', seen: true }
		]);
		expect(values.pages).toEqual(['/a', '/b']);
	});

	it('keeps offering a value a rule already uses, even when the data no longer has it', () => {
		const values = rulePickerValues({}, [], [], [contactRule({ match: { channel: 'fax', motive: 'OLD', category: 'gone' } })]);
		expect(values.channels).toEqual([{ value: 'fax', seen: false }]);
		expect(values.motives).toEqual([{ value: 'OLD', seen: false }]);
		expect(values.categories.map((c) => c.value)).toEqual(['gone', 'OLD']);
	});
});

describe('proposeRulesFromExpectedMotives', () => {
	const withExpected = journey({
		machine: machine({
			states: {
				browse: { meta: stateMeta('Browse', { expectedMotives: ['motive-reading'] }), on: { go: { target: 'pay' } } },
				pay: { meta: stateMeta('Pay', { expectedMotives: ['motive-bill-amount', 'motive-reading', 'motive-missing'] }), on: { go: { target: 'done' } } },
				done: { type: 'final', meta: stateMeta('Done') }
			}
		})
	});

	it('proposes one rule per code of each expected motive, in the journey order, first state winning', () => {
		expect(proposeRulesFromExpectedMotives(withExpected, [amount, reading])).toEqual([
			{ stateId: 'browse', match: { motive: 'CPT-01' }, motiveId: 'motive-reading' },
			{ stateId: 'browse', match: { motive: 'CPT-02' }, motiveId: 'motive-reading' },
			{ stateId: 'pay', match: { motive: 'FAC-01' }, motiveId: 'motive-bill-amount' }
		]);
	});

	it('leaves out a code a rule of the journey already maps on its own', () => {
		const rules = [
			contactRule({ match: { motive: 'cpt-01' } }),
			// Narrower rules, or rules of another journey, do not map every contact of the code.
			contactRule({ id: 'r2', match: { motive: 'CPT-02', channel: 'phone' } }),
			contactRule({ id: 'r3', journeyId: 'other', match: { motive: 'FAC-01' } })
		];
		expect(proposeRulesFromExpectedMotives(withExpected, [amount, reading], rules).map((r) => r.match.motive)).toEqual(['CPT-02', 'FAC-01']);
	});

	it('proposes nothing for a journey without expected motives', () => {
		expect(proposeRulesFromExpectedMotives(journey(), [amount, reading])).toEqual([]);
	});
});

describe('isCatchAll', () => {
	it('is a contact rule naming no field', () => {
		expect(isCatchAll(contactRule({ match: {} }))).toBe(true);
		expect(isCatchAll(contactRule({ match: { motive: '  ' } }))).toBe(true);
		expect(isCatchAll(contactRule({ match: { channel: 'phone' } }))).toBe(false);
		expect(isCatchAll({ ...contactRule(), kind: 'web', match: { page: '**', syntax: 'glob' } })).toBe(false);
	});
});
