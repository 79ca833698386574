import { describe, expect, it } from 'vitest';
import { DEMO_MOTIVE_CODES, demoMotiveModel } from './index';
import { createDemoMotives, createDemoThemes } from './motives';

const NOW = new Date('2026-03-01T09:00:00.000Z');

describe('demo motive catalogue', () => {
	it('has the twenty codes, each on one motive, with prevalences summing to 1', () => {
		const motives = createDemoMotives(NOW);
		const codes = motives.flatMap((m) => m.crmCodes);
		expect(new Set(codes).size).toBe(codes.length);
		for (const code of DEMO_MOTIVE_CODES) expect(codes).toContain(code);
		expect(motives).toHaveLength(20);
		const total = motives.reduce((s, m) => s + (m.prevalence ?? 0), 0);
		expect(Math.abs(total - 1)).toBeLessThanOrEqual(0.02);
	});

	it('files every motive under an existing theme, two levels at most', () => {
		const themes = createDemoThemes();
		const byId = new Map(themes.map((t) => [t.id, t]));
		for (const t of themes) {
			if (t.parentId !== null) expect(byId.get(t.parentId)?.parentId).toBeNull();
		}
		for (const m of createDemoMotives(NOW)) expect(byId.has(m.themeId)).toBe(true);
	});

	it('gives a data generator the motives in code order with their category', () => {
		const model = demoMotiveModel();
		expect(model.map((m) => m.code)).toEqual([...DEMO_MOTIVE_CODES]);
		expect(model[0]).toMatchObject({ code: 'FAC-EXPL', category: 'Comprendre sa facture', complex: false });
		expect(model.filter((m) => m.complex).map((m) => m.code)).toEqual([
			'FAC-CONTEST',
			'PAI-RELANCE',
			'CTR-TITUL',
			'CPT-PANNE'
		]);
	});
});
