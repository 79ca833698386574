import { describe, expect, it } from 'vitest';
import { categoryOf, crmCodeConflicts, motiveForCode } from './motives';
import { motive, theme } from './test-factories';

describe('crmCodeConflicts', () => {
	it('finds a code claimed by two motives, ignoring case and spaces', () => {
		const motives = [
			motive({ id: 'm1', crmCodes: ['FAC-01', 'FAC-02'] }),
			motive({ id: 'm2', crmCodes: [' fac-01 '] }),
			motive({ id: 'm3', crmCodes: ['DEM-01'] })
		];
		expect(crmCodeConflicts(motives)).toEqual([{ code: 'FAC-01', motiveIds: ['m1', 'm2'] }]);
	});

	it('does not count a code repeated within one motive, nor blank codes', () => {
		const motives = [motive({ id: 'm1', crmCodes: ['A', 'a', ' '] }), motive({ id: 'm2', crmCodes: ['', 'B'] })];
		expect(crmCodeConflicts(motives)).toEqual([]);
	});
});

describe('motiveForCode', () => {
	it('finds the motive of a code however the export spells it', () => {
		const lookup = motiveForCode([motive({ id: 'm1', crmCodes: ['FAC-01'] }), motive({ id: 'm2', crmCodes: ['DEM-01'] })]);
		expect(lookup(' fac-01')?.id).toBe('m1');
		expect(lookup('DEM-01')?.id).toBe('m2');
		expect(lookup('XXX')).toBeUndefined();
		expect(lookup('')).toBeUndefined();
	});

	it('keeps the first motive in catalogue order when a code conflicts', () => {
		const lookup = motiveForCode([motive({ id: 'm1', crmCodes: ['A'] }), motive({ id: 'm2', crmCodes: ['a'] })]);
		expect(lookup('A')?.id).toBe('m1');
	});
});

describe('categoryOf', () => {
	it('is the theme node the motive sits on, theme or sub-theme', () => {
		const themes = [theme({ id: 't' }), theme({ id: 's', parentId: 't' })];
		expect(categoryOf(motive({ themeId: 's' }), themes).id).toBe('s');
		expect(categoryOf(motive({ themeId: 't' }), themes).id).toBe('t');
	});

	it('refuses a motive whose theme is missing', () => {
		expect(() => categoryOf(motive({ themeId: 'gone' }), [theme()])).toThrow(/gone/);
	});
});
