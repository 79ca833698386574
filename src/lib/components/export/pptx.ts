/**
 * The PowerPoint deck (pptxgenjs, loaded when asked for): a title slide, one slide per saved
 * view, then the full friction table and the action plan — one font, one title style, numbers
 * formatted in the interface language, tables continued on new slides when long.
 */
import type PptxGenJS from 'pptxgenjs';
import { localized } from '$lib/i18n/locale.svelte';
import { ACTION_HORIZON_LABEL, ACTION_LEVER_LABEL, ACTION_STATUS_LABEL } from '$lib/i18n/labels';
import { amount, count, date, decimal, month, pct } from '$lib/i18n/format';
import { periodOfKey } from '$lib/analysis/dashboard';
import type { FrictionRow } from '$lib/analysis/frictions';
import type { JourneyStageFrictions } from '$lib/analysis/frictions-journey';
import type { ReportData, ReportSlide, ReportTrigger } from './report';

const FONT = 'Calibri';
const ACCENT = '1F4E79';
const INK = '1B1F24';
const MUTED = '55606E';
const LINE = 'D0D7DE';
const HEAD_FILL = 'EEF3F8';
/** LAYOUT_WIDE, in inches. */
const W = 13.333;
const M = 0.5;

type Slide = PptxGenJS.Slide;
type Cell = PptxGenJS.TableCell;

function title(slide: Slide, text: string) {
	slide.addText(text, { x: M, y: 0.3, w: W - 2 * M, h: 0.8, fontFace: FONT, fontSize: 30, bold: true, color: ACCENT, margin: 0 });
}

const head = (text: string, align: 'left' | 'right' = 'left'): Cell => ({ text, options: { bold: true, fill: { color: HEAD_FILL }, align, color: INK } });
const cell = (text: string, align: 'left' | 'right' = 'left', bold = false): Cell => ({ text, options: { align, bold, color: INK } });

const TABLE = { x: M, y: 1.3, w: W - 2 * M, fontFace: FONT, fontSize: 14, border: { type: 'solid' as const, pt: 0.5, color: LINE }, margin: 0.06 };

/**
 * Every motive: those in the savings, then the complex ones sized apart under their own heading
 * (not in the total savings), then the total of all motives — the figures of the page and the PDF.
 */
function frictionTable(report: ReportData): Cell[][] {
	const { t, locale: l, currency: c, totals, headline } = report;
	const trend = (r: FrictionRow) => (r.trend ? `${r.trend.delta > 0 ? '+' : ''}${decimal(r.trend.delta * 100, l, 1)} pts` : '—');
	const line = (r: FrictionRow): Cell[] => [
		cell(report.label(r)),
		cell(count(r.demands, l), 'right'),
		cell(pct(r.fcr, l), 'right'),
		cell(count(r.avoidableContacts, l), 'right'),
		cell(amount(r.avoidableCost, l, c), 'right'),
		cell(trend(r), 'right'),
		cell(pct(r.target, l, 0), 'right'),
		cell(amount(r.savingsCost, l, c), 'right')
	];
	const table: Cell[][] = [
		[
			head(t('fx.col.motive')),
			head(t('fx.col.demands'), 'right'),
			head(t('fx.col.fcr'), 'right'),
			head(t('fx.col.avoidable'), 'right'),
			head(t('fx.col.cost'), 'right'),
			head(t('fx.col.trend'), 'right'),
			head(t('fx.col.target'), 'right'),
			head(t('fx.col.savings'), 'right')
		],
		...report.rows.map(line)
	];
	if (report.apart.length > 0) {
		table.push([{ text: `${t('fx.complexSection')} (${t('fx.notInSavings')})`, options: { bold: true, colspan: 8, color: MUTED } }]);
		table.push(...report.apart.map(line));
	}
	table.push([
		cell(t('fx.total'), 'left', true),
		cell(count(totals.demands, l), 'right', true),
		cell(pct(totals.fcr, l), 'right', true),
		cell(headline.avoidableContacts, 'right', true),
		cell(headline.avoidableCost, 'right', true),
		cell(''),
		cell(''),
		cell(headline.savings, 'right', true)
	]);
	return table;
}
const FRICTION_COLS = [3.733, 1.3, 1.0, 1.3, 1.3, 1.2, 0.9, 1.6];

/** The few columns a slide of top frictions can show in large type. */
function topFrictionTable(report: ReportData, rows: readonly FrictionRow[]): Cell[][] {
	const { t, locale: l, currency: c } = report;
	return [
		[head(t('fx.col.motive')), head(t('fx.col.fcr'), 'right'), head(t('fx.col.cost'), 'right'), head(t('fx.col.trend'), 'right'), head(t('fx.col.savings'), 'right')],
		...rows.map((r) => [
			cell(r.label, 'left', true),
			cell(pct(r.fcr, l, 0), 'right'),
			cell(amount(r.avoidableCost, l, c), 'right'),
			cell(r.trend ? `${r.trend.delta > 0 ? '+' : ''}${decimal(r.trend.delta * 100, l, 1)} pts` : '—', 'right'),
			cell(amount(r.savingsCost, l, c), 'right', true)
		])
	];
}
const TOP_COLS = [5.333, 1.4, 2.0, 1.6, 2.0];
/** Long tables continue on new slides above the footer. */
const AUTO_PAGE = { autoPage: true, autoPageRepeatHeader: true, autoPageSlideStartY: 1.3, h: 5.4, autoPageLineWeight: 0.1 };

function actionTable(report: ReportData): Cell[][] {
	const { t, locale: l } = report;
	return [
		[head(t('plan.form.title')), head(t('plan.form.lever')), head(t('plan.form.horizon')), head(t('plan.form.owner')), head(t('plan.form.due')), head(t('plan.form.status')), head(t('plan.form.gain'), 'right')],
		...report.actions.map((a) => [
			cell(a.title),
			cell(t(ACTION_LEVER_LABEL[a.lever])),
			cell(t(ACTION_HORIZON_LABEL[a.horizon])),
			cell(a.owner),
			cell(a.dueDate ? date(Date.parse(a.dueDate), l) : ''),
			cell(t(ACTION_STATUS_LABEL[a.status])),
			cell(a.expectedGain !== undefined ? amount(a.expectedGain, l, report.currency) : '', 'right')
		])
	];
}
const ACTION_COLS = [3.2, 2.2, 1.4, 1.9, 1.35, 1.1, 1.183];

function kpiSlide(slide: Slide, report: ReportData) {
	const { t, locale: l, kpis, headline } = report;
	const savingsNote = [
		headline.savingsPerYear !== null ? t('pres.kpi.perYear', { amount: headline.savingsPerYear }) : '',
		headline.hasComplex ? t('fx.withComplex', { amount: headline.savingsWithComplex }) : ''
	].filter(Boolean);
	const boxes: [string, string, string][] = [
		[t('pres.kpi.fcr'), pct(kpis.fcr, l), kpis.fcrCi95 ? t('fx.ci', { low: pct(kpis.fcrCi95[0], l), high: pct(kpis.fcrCi95[1], l) }) : ''],
		[t('pres.kpi.demands'), count(kpis.demands, l), kpis.period ? `${date(kpis.period.from, l)} – ${date(kpis.period.to, l)}` : ''],
		[t('pres.kpi.cost'), headline.avoidableCost, `${headline.avoidableContacts} ${t('pres.kpi.avoidable').toLowerCase()}`],
		[t('pres.kpi.savings'), headline.savings, savingsNote.join('\n')]
	];
	const bw = (W - 2 * M - 3 * 0.3) / 4;
	boxes.forEach(([label, value, note], i) => {
		const x = M + i * (bw + 0.3);
		slide.addShape('roundRect', { x, y: 1.7, w: bw, h: 3.4, fill: { color: 'F4F6F8' }, line: { color: LINE }, rectRadius: 0.1 });
		slide.addText(label, { x: x + 0.2, y: 1.9, w: bw - 0.4, h: 0.9, fontFace: FONT, fontSize: 18, color: MUTED, valign: 'top' });
		slide.addText(value, { x: x + 0.2, y: 2.9, w: bw - 0.4, h: 1.0, fontFace: FONT, fontSize: 40, bold: true, color: INK });
		slide.addText(note, { x: x + 0.2, y: 4.0, w: bw - 0.4, h: 0.8, fontFace: FONT, fontSize: 14, color: MUTED, valign: 'top' });
	});
	slide.addText(report.settingsLine, { x: M, y: 5.5, w: W - 2 * M, h: 0.9, fontFace: FONT, fontSize: 14, color: MUTED, valign: 'top' });
}

function trendSlide(pptx: PptxGenJS, slide: Slide, report: ReportData) {
	const points = report.months.filter((m) => m.fcr !== null);
	if (points.length === 0) {
		slide.addText(report.t('pres.trend.none'), { x: M, y: 2, w: W - 2 * M, h: 1, fontFace: FONT, fontSize: 20, color: MUTED });
		return;
	}
	const labels = points.map((p) => {
		const period = periodOfKey(p.key);
		return period ? month(period.start, report.locale) : p.key;
	});
	slide.addChart(pptx.ChartType.line, [{ name: report.t('fx.col.fcr'), labels, values: points.map((p) => p.fcr ?? 0) }], {
		x: M,
		y: 1.3,
		w: W - 2 * M,
		h: 5.6,
		chartColors: [ACCENT],
		lineSize: 3,
		lineDataSymbolSize: 9,
		valAxisMinVal: 0,
		valAxisMaxVal: 1,
		valAxisLabelFormatCode: '0%',
		valAxisLabelFontSize: 14,
		catAxisLabelFontSize: 14,
		valAxisLabelFontFace: FONT,
		catAxisLabelFontFace: FONT,
		showLegend: false,
		showValue: true,
		dataLabelFormatCode: '0.0%',
		dataLabelFontSize: 12,
		dataLabelPosition: 't'
	});
}

function journeySlide(slide: Slide, report: ReportData, stages: JourneyStageFrictions[] | null | undefined) {
	const { t, locale: l } = report;
	if (!stages) {
		slide.addText(t('pres.journey.missing'), { x: M, y: 2, w: W - 2 * M, h: 1, fontFace: FONT, fontSize: 20, color: MUTED });
		return;
	}
	const max = Math.max(1, ...stages.flatMap((s) => s.states.map((x) => x.avoidableCost)));
	const cw = (W - 2 * M - (stages.length - 1) * 0.15) / Math.max(1, stages.length);
	stages.forEach((stage, i) => {
		const x = M + i * (cw + 0.15);
		slide.addText(localized(stage.label), { x, y: 1.3, w: cw, h: 0.5, fontFace: FONT, fontSize: 14, bold: true, color: ACCENT, fit: 'shrink' });
		const bh = Math.min(1.1, 5.2 / Math.max(1, stage.states.length) - 0.1);
		stage.states.forEach((state, j) => {
			const y = 1.9 + j * (bh + 0.1);
			const heat = state.avoidableCost / max;
			const fill = heat > 0.66 ? 'F6D3CF' : heat > 0.33 ? 'FBE7C6' : heat > 0 ? 'FFF6D9' : 'F4F6F8';
			const top = state.motives[0];
			slide.addText(
				[
					{ text: localized(state.label), options: { bold: true, fontSize: 12, color: INK, breakLine: true } },
					{ text: state.avoidableCost > 0 ? amount(state.avoidableCost, l, report.currency) : t('pres.journey.none'), options: { fontSize: 11, color: INK, breakLine: true } },
					{ text: top ? report.label(top) : '', options: { fontSize: 10, color: MUTED } }
				],
				{ shape: 'roundRect', x, y, w: cw, h: bh, fill: { color: fill }, line: { color: LINE }, rectRadius: 0.08, fontFace: FONT, valign: 'top', margin: 0.06, fit: 'shrink' }
			);
		});
	});
}

/** The moments that make customers call: the top triggers with their lift and the contacts they cause. */
function anticipationSlide(slide: Slide, report: ReportData, rows: ReportTrigger[] | null | undefined) {
	const { t } = report;
	if (!rows?.length) {
		slide.addText(t('ant.slide.empty'), { x: M, y: 2, w: W - 2 * M, h: 1, fontFace: FONT, fontSize: 20, color: MUTED });
		return;
	}
	const saving = rows.some((r) => r.saving !== '');
	const table: Cell[][] = [
		[
			head(t('ant.col.trigger')),
			head(t('ant.col.rate'), 'right'),
			head(t('ant.col.baseline'), 'right'),
			head(t('ant.col.lift'), 'right'),
			head(t('ant.col.attributable'), 'right'),
			...(saving ? [head(t('ant.col.saving'), 'right')] : [])
		],
		...rows.map((r) => [
			cell(`${r.label} — ${r.kind}`, 'left', true),
			cell(r.rate, 'right'),
			cell(r.baseline, 'right'),
			cell(r.lift, 'right', true),
			cell(r.attributable, 'right'),
			...(saving ? [cell(r.saving, 'right', true)] : [])
		])
	];
	slide.addTable(table, { ...TABLE, colW: saving ? [4.733, 1.6, 1.5, 1.2, 2.0, 1.3] : [6.033, 1.6, 1.5, 1.2, 2.0], fontSize: 18 });
}

function viewSlide(pptx: PptxGenJS, report: ReportData, view: ReportSlide) {
	const slide = pptx.addSlide({ masterName: 'PARCOURS' });
	title(slide, view.title);
	// The key message is what the presenter says: the slide's speaker notes.
	if (view.note) slide.addNotes(view.note);
	switch (view.kind) {
		case 'kpis':
			kpiSlide(slide, report);
			break;
		case 'frictions':
			slide.addTable(topFrictionTable(report, report.rows.slice(0, view.top ?? 6)), { ...TABLE, colW: TOP_COLS, fontSize: 20 });
			break;
		case 'trend':
			trendSlide(pptx, slide, report);
			break;
		case 'actions':
			slide.addTable(actionTable(report).slice(0, 9), { ...TABLE, colW: ACTION_COLS });
			break;
		case 'journey':
			journeySlide(slide, report, view.journey);
			break;
		case 'anticipation':
			anticipationSlide(slide, report, view.anticipation);
			break;
	}
}

export async function pptxDeck(report: ReportData): Promise<Blob> {
	const { default: Pptx } = await import('pptxgenjs');
	const pptx = new Pptx();
	const { t, locale: l } = report;
	pptx.layout = 'LAYOUT_WIDE';
	pptx.title = `${t('exp.report')} — ${report.workspaceName}`;
	pptx.company = 'Parcours';
	pptx.theme = { headFontFace: FONT, bodyFontFace: FONT };
	pptx.defineSlideMaster({
		title: 'PARCOURS',
		background: { color: 'FFFFFF' },
		objects: [
			{ rect: { x: 0, y: 0, w: '100%', h: 0.1, fill: { color: ACCENT } } },
			{ text: { text: report.workspaceName, options: { x: M, y: 7.0, w: 8, h: 0.35, fontFace: FONT, fontSize: 10, color: MUTED } } }
		],
		slideNumber: { x: W - M - 0.6, y: 7.0, w: 0.6, h: 0.35, fontFace: FONT, fontSize: 10, color: MUTED, align: 'right' }
	});

	const cover = pptx.addSlide({ masterName: 'PARCOURS' });
	cover.addText(t('exp.report'), { x: M, y: 2.2, w: W - 2 * M, h: 1.2, fontFace: FONT, fontSize: 40, bold: true, color: ACCENT });
	cover.addText(report.workspaceName, { x: M, y: 3.4, w: W - 2 * M, h: 0.8, fontFace: FONT, fontSize: 26, color: INK });
	cover.addText(t('exp.generated', { date: date(report.generatedAt.getTime(), l) }), { x: M, y: 4.3, w: W - 2 * M, h: 0.5, fontFace: FONT, fontSize: 16, color: MUTED });

	for (const view of report.slides) viewSlide(pptx, report, view);

	const all = pptx.addSlide({ masterName: 'PARCOURS' });
	title(all, t('exp.frictions'));
	all.addTable(frictionTable(report), { ...TABLE, colW: FRICTION_COLS, fontSize: 12, ...AUTO_PAGE });
	const note = pptx.addSlide({ masterName: 'PARCOURS' });
	title(note, t('pres.kpi.savings'));
	const lines = [
		t('exp.savingsLine', { amount: report.headline.savings }),
		...(report.headline.hasComplex
			? [t('fx.withoutComplex', { amount: report.headline.savingsWithoutComplex }), t('fx.withComplex', { amount: report.headline.savingsWithComplex })]
			: []),
		report.settingsLine,
		...(report.complexLine ? [report.complexLine] : []),
		t('exp.model')
	];
	note.addText(
		lines.map((text, i) => ({ text, options: { breakLine: i < lines.length - 1 } })),
		{ x: M, y: 1.5, w: W - 2 * M, h: 5.2, fontFace: FONT, fontSize: 18, color: INK, valign: 'top', paraSpaceAfter: 10 }
	);

	const plan = pptx.addSlide({ masterName: 'PARCOURS' });
	title(plan, t('exp.plan'));
	plan.addTable(actionTable(report), { ...TABLE, colW: ACTION_COLS, ...AUTO_PAGE });

	return (await pptx.write({ outputType: 'blob' })) as Blob;
}
