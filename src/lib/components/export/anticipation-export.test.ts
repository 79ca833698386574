import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { frictionTotals } from '$lib/analysis/frictions';
import { format } from '$lib/i18n/messages';
import { headlineFigures } from './figures';
import { pdfReport } from './pdf';
import { pdfStrings } from '../../../../tests/fixtures/pdf-strings';
import { pptxDeck } from './pptx';
import type { ReportData, ReportTrigger } from './report';

const TRIGGERS: ReportTrigger[] = [
	{ label: 'Facture émise', kind: 'Événement métier', occurrences: '21 287', rate: '38,3 %', baseline: '10,7 %', lift: '×3,6', attributable: '5 870', saving: '9 763 €' },
	{ label: 'Première facture', kind: 'État du parcours', occurrences: '10 633', rate: '31,8 %', baseline: '9,4 %', lift: '×3,4', attributable: '2 376', saving: '3 970 €' }
];

/** A report with no friction and one anticipation slide, as `buildReport` makes it. */
function report(anticipation: ReportTrigger[] | null): ReportData {
	const totals = frictionTotals([], null);
	return {
		locale: 'fr',
		currency: 'EUR',
		t: (key, params) => format('fr', key, params),
		workspaceName: 'Test',
		generatedAt: new Date('2026-05-01T00:00:00Z'),
		kpis: { fcr: null, fcrCi95: null, demands: 0, eligible: 0, period: null },
		totals,
		headline: headlineFigures(totals, 'fr', 'EUR'),
		rows: [],
		apart: [],
		complexLine: null,
		months: [],
		actions: [],
		slides: [{ kind: 'anticipation', title: 'Les moments qui font appeler', top: 6, anticipation }],
		settingsLine: 'settings',
		label: (row) => row.label
	};
}

describe('the anticipation slide in the exports', () => {
	it('is a table of the top triggers in the PowerPoint deck and a page of the PDF', async () => {
		const files = unzipSync(new Uint8Array(await (await pptxDeck(report(TRIGGERS))).arrayBuffer()));
		const slide = new TextDecoder().decode(files['ppt/slides/slide2.xml']);
		for (const text of ['Les moments qui font appeler', 'Facture émise — Événement métier', '×3,6', '5 870', '9 763 €', 'Première facture']) {
			expect(slide).toContain(text);
		}
		const pdf = (await pdfStrings(await pdfReport(report(TRIGGERS)))).join('\n').replace(/[\u00a0\u202f]/g, ' ');
		for (const text of ['Les moments qui font appeler', 'Facture émise', '×3,6', '38,3 %']) expect(pdf).toContain(text);
	});

	it('says what to import when no trigger was measured', async () => {
		const files = unzipSync(new Uint8Array(await (await pptxDeck(report(null))).arrayBuffer()));
		expect(new TextDecoder().decode(files['ppt/slides/slide2.xml'])).toContain(format('fr', 'ant.slide.empty'));
		const pdf = (await pdfStrings(await pdfReport(report([])))).join('\n');
		expect(pdf).toContain('Aucun déclencheur mesuré');
	});
});
