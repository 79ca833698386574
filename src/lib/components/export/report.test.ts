import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { frictionTotals, rankFrictions, splitFrictions, type FrictionMotive } from '$lib/analysis/frictions';
import type { Figures } from '$lib/analysis/metrics';
import { format } from '$lib/i18n/messages';
import { amount } from '$lib/i18n/format';
import { headlineFigures } from './figures';
import { pdfReport } from './pdf';
import { createDemoWorkspace } from '$lib/domain/demo';
import { journeyFrictions } from '$lib/analysis/frictions-journey';
import type { JourneyMachineConfig } from '$lib/domain/types';
import { pptxDeck } from './pptx';
import type { ReportData } from './report';
import { pdfStrings } from '../../../../tests/fixtures/pdf-strings';

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
		const pdf = await pdfStrings(await pdfReport(data));
		// The key figures, the friction table's total, and the savings with complex motives in a note.
		for (const figure of [data.headline.avoidableCost, data.headline.savings]) {
			expect(pdf.filter((s) => s === figure).length).toBeGreaterThanOrEqual(2);
		}
		expect(pdf.join('\n')).toContain(data.headline.savingsWithComplex);
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
		const pdf = await pdfStrings(await pdfReport(data));
		expect(pdf).toContain('Messages clés de la présentation');
		const title = pdf.indexOf('Key figures');
		// French typography: a narrow no-break space before the colon, the euro sign as it is.
		const note = pdf.indexOf('Une demande sur deux revient\u202f: 62 337 € évitables.');
		expect(title).toBeGreaterThan(0);
		expect(note).toBeGreaterThan(title);
		// Without any key message, no such page.
		const plain = await pdfStrings(await pdfReport(report('fr')));
		expect(plain).not.toContain('Messages clés de la présentation');
	});
});

describe('the PDF report', () => {
	it('draws the FCR trend by month, each journey of the deck as a map, and wraps long cells instead of cutting them', async () => {
		const data = report('fr');
		const journey = createDemoWorkspace(new Date('2026-03-01T00:00:00Z')).journeys[0];
		const machine: JourneyMachineConfig = journey.machine;
		const stages = journeyFrictions(journey.id, machine, data.rows);
		data.slides = [{ kind: 'journey', title: 'Le parcours', journey: stages, journeyName: journey.name.fr, machine }];
		data.months = [
			{ key: '2026-01', fcr: 0.61, eligible: 100 },
			{ key: '2026-02', fcr: null, eligible: 0 },
			{ key: '2026-03', fcr: 0.66, eligible: 120 }
		];
		const long = 'Contestation de la facture de régularisation annuelle après un relevé de compteur estimé';
		data.label = (row) => (row === data.rows[0] ? long : row.label);
		const pdf = await pdfStrings(await pdfReport(data));
		const all = pdf.join(' ');
		expect(pdf).toContain('Résolution au premier contact par mois');
		expect(pdf).toContain('janv. 2026');
		expect(pdf).toContain('61,0\u00a0%');
		expect(pdf).toContain('aucune demande éligible');
		expect(pdf).toContain(`Carte du parcours\u202f: ${journey.name.fr}`);
		// Every stage's name is on the map.
		for (const stage of stages) expect(all).toContain(stage.label.fr.split(' ')[0]);
		// The long motive name is on several lines of its cell, every word of it there.
		const cell = pdf.filter((s) => long.includes(s) && s.length > 3);
		expect(cell.length).toBeGreaterThanOrEqual(2);
		expect(cell.join(' ')).toBe(long);
	});

	it('never leaves the total row alone on the last page of the friction table', async () => {
		const data = report('en');
		const many = Array.from({ length: 60 }, (_, i) => ({ ...data.rows[0], key: `row-${i}`, label: `Motive ${i + 1}` }));
		data.rows = many;
		data.apart = [];
		for (const n of [20, 21, 22, 23, 24, 25, 26]) {
			data.rows = many.slice(0, n);
			const pdf = await pdfStrings(await pdfReport(data));
			const total = pdf.lastIndexOf('Total');
			// Between the last page's heading and the total, at least two motive rows.
			const heading = pdf.findLastIndex((s, i) => i < total && s.startsWith('Friction points'));
			// Continued pages say so.
			if (n > 22) expect(pdf[heading]).toBe('Friction points (continued)');
			const rows = pdf.slice(heading, total).filter((s) => /^Motive \d+$/.test(s));
			expect(rows.length, `${n} rows`).toBeGreaterThanOrEqual(2);
		}
	});
});

describe('the PowerPoint deck', () => {
	const slidesOf = (files: Record<string, Uint8Array>) =>
		Object.keys(files)
			.filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f))
			.sort((a, b) => Number(a.match(/\d+/)?.[0]) - Number(b.match(/\d+/)?.[0]))
			.map((f) => new TextDecoder().decode(files[f]));
	const textsOf = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]);

	it('has no two slides alike, even when the deck shows the plan and the appendix lists it', async () => {
		const data = report('fr');
		data.actions = [
			{ id: 'a1', title: 'Réécrire la FAQ facture', lever: 'content', horizon: 'quick', owner: 'Léa', status: 'todo', dueDate: '2026-06-01', motiveKeys: [], createdAt: 0, updatedAt: 0 } as unknown as ReportData['actions'][number]
		];
		data.slides = [
			{ kind: 'kpis', title: 'Chiffres' },
			{ kind: 'actions', title: 'Plan d’action' }
		];
		const slides = slidesOf(unzipSync(new Uint8Array(await (await pptxDeck(data)).arrayBuffer()))).map((xml) => textsOf(xml).join('|'));
		expect(new Set(slides).size).toBe(slides.length);
		expect(slides.filter((s) => s.includes('Réécrire la FAQ facture')).length).toBe(2);
	});

	it('cuts a long friction table into slides, the total never alone, and says what a journey step’s numbers are', async () => {
		const data = report('fr');
		data.rows = Array.from({ length: 40 }, (_, i) => ({ ...data.rows[0], key: `row-${i}`, label: `Motif ${i + 1}` }));
		data.apart = [];
		const journey = createDemoWorkspace(new Date('2026-03-01T00:00:00Z')).journeys[0];
		const stages = journeyFrictions(journey.id, journey.machine, data.rows);
		stages[0].states[0] = { ...stages[0].states[0], avoidableCost: 1234.5, avoidableContacts: 321, motives: [data.rows[0]] };
		data.slides = [{ kind: 'journey', title: 'Parcours', journey: stages }];
		const slides = slidesOf(unzipSync(new Uint8Array(await (await pptxDeck(data)).arrayBuffer()))).map(textsOf);
		const tables = slides.filter((texts) => texts[0] === 'Points de friction' || texts[0] === 'Points de friction (suite)');
		expect(tables.length).toBeGreaterThan(1);
		expect(tables[1][0]).toBe('Points de friction (suite)');
		const last = tables[tables.length - 1];
		expect(last).toContain('Total');
		expect(last.filter((s) => /^Motif \d+$/.test(s)).length).toBeGreaterThanOrEqual(2);
		// Every motive on exactly one slide.
		expect(tables.flat().filter((s) => /^Motif \d+$/.test(s)).length).toBe(40);
		const map = slides.find((texts) => texts[0] === 'Parcours') ?? [];
		expect(map).toContain('321 contacts évitables');
		expect(map).toContain(`Coût évitable : ${amount(1234.5, 'fr', 'EUR')}`);
		expect(map).toContain('Motif principal : Motif 1');
	});
});
