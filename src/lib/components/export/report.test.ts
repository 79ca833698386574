import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { frictionTotals, rankFrictions, splitFrictions, type FrictionMotive } from '$lib/analysis/frictions';
import type { Figures } from '$lib/analysis/metrics';
import { format } from '$lib/i18n/messages';
import { headlineFigures } from './figures';
import { pdfReport, pdfText } from './pdf';
import { pptxDeck } from './pptx';
import type { ReportData } from './report';

const figures = (eligible: number, resolvedFirst: number, avoidableContacts: number, avoidableCost: number): Figures => ({
	contacts: eligible + avoidableContacts,
	repeatContacts: avoidableContacts,
	demands: eligible,
	pending: 0,
	eligible,
	resolvedFirst,
	fcr: resolvedFirst / eligible,
	fcrCi95: null,
	eligibleExclComplex: eligible,
	resolvedFirstExclComplex: resolvedFirst,
	fcrExclComplex: resolvedFirst / eligible,
	fcrExclComplexCi95: null,
	repeatRate: null,
	repeatRateCi95: null,
	contactsPerDemand: null,
	avoidableContacts,
	avoidableCost
});

const MOTIVES: Record<string, FrictionMotive> = {
	'm-bill': { id: 'm-bill', label: 'Bill explanation', complex: false, codes: ['FAC-1', 'FAC-2'], states: [], articleIds: [] },
	'm-move': { id: 'm-move', label: 'Moving house', complex: true, codes: ['MOVE'], states: [], articleIds: [] }
};

/** A report as `buildReport` makes it, without the page's state: two motives, one complex, one uncatalogued code. */
function report(locale: 'fr' | 'en'): ReportData {
	const rows = rankFrictions({
		byMotive: {
			'm-bill': figures(1000, 500, 700, 21_336.5),
			'm-move': figures(800, 300, 900, 40_000),
			'ODD-CODE': figures(100, 60, 50, 999.995)
		},
		motiveOf: (key) => MOTIVES[key],
		target: 0.8,
		months: 7
	});
	const totals = frictionTotals(rows, 7);
	const { ranked, apart } = splitFrictions(rows);
	const t: ReportData['t'] = (key, params) => format(locale, key, params);
	return {
		locale,
		currency: 'EUR',
		t,
		workspaceName: 'Test',
		generatedAt: new Date('2026-05-01T00:00:00Z'),
		kpis: { fcr: 0.5, fcrCi95: null, demands: 1900, eligible: 1900, period: null },
		totals,
		headline: headlineFigures(totals, locale, 'EUR'),
		rows: ranked,
		apart,
		complexLine: null,
		months: [],
		actions: [],
		slides: [{ kind: 'kpis', title: 'Key figures' }],
		settingsLine: 'settings',
		label: (row) => row.label
	};
}

describe('the headline figures of the deliverables', () => {
	it('are the §4b savings over the period, complex motives out by default, given with and without them', () => {
		const { totals, headline } = report('fr');
		// m-bill: (0.8 − 0.5) / 0.5 of 21 336.5; ODD-CODE: (0.8 − 0.6) / 0.4 of 999.995.
		expect(totals.savingsCost).toBeCloseTo(21_336.5 * 0.6 + 999.995 * 0.5, 6);
		expect(headline.savings.replace(/\s/g, ' ')).toBe('13 302 €');
		expect(headline.savingsWithComplex.replace(/\s/g, ' ')).toBe('40 502 €'); // + (0.8 − 0.375) / 0.625 of 40 000
		expect(headline.avoidableCost.replace(/\s/g, ' ')).toBe('62 337 €');
		expect(headline.savingsPerYear?.replace(/\s/g, ' ')).toBe('22 803 €');
	});

	it('read the same in the PDF and in the deck', async () => {
		const data = report('fr');
		const pdf = new TextDecoder('latin1').decode(await (await pdfReport(data)).arrayBuffer());
		// The key figures, the friction table's total, and the savings with complex motives in a note.
		for (const figure of [data.headline.avoidableCost, data.headline.savings]) {
			expect(pdf.split(`(${pdfText(figure)}) Tj`).length - 1).toBeGreaterThanOrEqual(2);
		}
		expect(pdf).toContain(pdfText(data.headline.savingsWithComplex));
		const files = unzipSync(new Uint8Array(await (await pptxDeck(data)).arrayBuffer()));
		const kpiSlide = new TextDecoder().decode(files['ppt/slides/slide2.xml']);
		expect(kpiSlide).toContain(data.headline.avoidableCost);
		expect(kpiSlide).toContain(data.headline.savings);
		const deck = Object.keys(files)
			.filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f))
			.map((f) => new TextDecoder().decode(files[f]))
			.join('\n');
		// The full table's total and the savings slide say the same.
		expect(deck.split(data.headline.savings).length - 1).toBeGreaterThanOrEqual(3);
		// The per-year figure is a note, never the headline.
		expect(kpiSlide).toContain(format('fr', 'pres.kpi.perYear', { amount: data.headline.savingsPerYear! }));
	});

	it('carry each slide’s key message: the PowerPoint slide’s speaker notes, the PDF under the slide’s title', async () => {
		const data = report('fr');
		data.slides = [
			{ kind: 'kpis', title: 'Key figures', note: 'Une demande sur deux revient : 62 337 € évitables.' },
			{ kind: 'trend', title: 'La tendance' }
		];
		const files = unzipSync(new Uint8Array(await (await pptxDeck(data)).arrayBuffer()));
		const notesOf = (n: number) => {
			// The notes slide that belongs to slide n (pptxgenjs numbers them alike, but follow the relation).
			const rels = new TextDecoder().decode(files[`ppt/slides/_rels/slide${n}.xml.rels`]);
			const target = rels.match(/Target="\.\.\/notesSlides\/(notesSlide\d+\.xml)"/)?.[1];
			return target ? new TextDecoder().decode(files[`ppt/notesSlides/${target}`]) : '';
		};
		expect(notesOf(2)).toContain('Une demande sur deux revient : 62 337 € évitables.');
		expect(notesOf(3)).not.toContain('Une demande sur deux');
		const pdf = new TextDecoder('latin1').decode(await (await pdfReport(data)).arrayBuffer());
		expect(pdf).toContain(`(${pdfText('Messages clés de la présentation')}) Tj`);
		const title = pdf.indexOf(`(${pdfText('Key figures')}) Tj`);
		const note = pdf.indexOf(`(${pdfText('Une demande sur deux revient : 62 337 € évitables.')}) Tj`);
		expect(title).toBeGreaterThan(0);
		expect(note).toBeGreaterThan(title);
		// Without any key message, no such page.
		const plain = new TextDecoder('latin1').decode(await (await pdfReport(report('fr'))).arrayBuffer());
		expect(plain).not.toContain(pdfText('Messages clés de la présentation'));
	});
});
