/**
 * The PowerPoint deck (pptxgenjs, loaded when asked for): a title slide, one slide per saved
 * view, then the full friction table and the action plan — one font, one title style, numbers
 * formatted in the interface language. Every text is sized to fit its box when the file is written
 * (`text-fit.ts`: neither PowerPoint nor LibreOffice shrinks text on opening), and long tables are
 * cut into slides by `paginate`, a total never alone.
 */
import type PptxGenJS from 'pptxgenjs';
import { localized } from '$lib/i18n/locale.svelte';
import { ACTION_HORIZON_LABEL, ACTION_LEVER_LABEL, ACTION_STATUS_LABEL } from '$lib/i18n/labels';
import { amount, count, date, decimal, month, pct } from '$lib/i18n/format';
import { periodOfKey } from '$lib/analysis/dashboard';
import type { FrictionRow } from '$lib/analysis/frictions';
import type { JourneyStageFrictions } from '$lib/analysis/frictions-journey';
import { BOARD_COLUMNS, byStatus } from '$lib/domain/actions';
import { avoidableContactsText } from './figures';
import { paginate } from './paginate';
import type { ReportData, ReportSlide, ReportTrigger } from './report';
import { fitSize, LINE_HEIGHT, textHeight } from './text-fit';

const FONT = 'Calibri';
const ACCENT = '1F4E79';
const INK = '1B1F24';
const MUTED = '55606E';
const LINE = 'D0D7DE';
const HEAD_FILL = 'EEF3F8';
/** LAYOUT_WIDE, in inches. */
const W = 13.333;
const M = 0.5;
/** Where a slide's content starts, and the last inch it may use (the footer sits at 7.0). */
const TOP = 1.3;
const BOTTOM = 6.85;
/** Inner margin of a text box and of a table cell, in inches (pptxgenjs takes points). */
const PAD = 0.08;
const PAD_PT = PAD * 72;

type Slide = PptxGenJS.Slide;
type Cell = PptxGenJS.TableCell;

function title(slide: Slide, text: string) {
	const w = W - 2 * M;
	const size = fitSize([{ text, bold: true }], { w: w - 2 * PAD, h: 0.85 - 2 * PAD }, 30, 16);
	slide.addText(text, { x: M, y: 0.3, w, h: 0.85, fontFace: FONT, fontSize: size, bold: true, color: ACCENT, margin: PAD_PT, valign: 'middle' });
}

/** A text box sized to hold its text: the largest size up to `max` that fits. */
function fitted(slide: Slide, text: string, box: { x: number; y: number; w: number; h: number }, options: { max: number; min?: number; bold?: boolean; color?: string; align?: 'left' | 'center' | 'right'; valign?: 'top' | 'middle' }) {
	const size = fitSize([{ text, bold: options.bold }], { w: box.w - 2 * PAD, h: box.h - 2 * PAD }, options.max, options.min ?? 9);
	slide.addText(text, { ...box, fontFace: FONT, fontSize: size, bold: options.bold, color: options.color ?? INK, align: options.align, valign: options.valign ?? 'top', margin: PAD_PT });
}

const head = (text: string, align: 'left' | 'right' = 'left'): Cell => ({ text, options: { bold: true, fill: { color: HEAD_FILL }, align, color: INK } });
const cell = (text: string, align: 'left' | 'right' = 'left', bold = false): Cell => ({ text, options: { align, bold, color: INK } });

const TABLE = { x: M, y: TOP, w: W - 2 * M, fontFace: FONT, border: { type: 'solid' as const, pt: 0.5, color: LINE }, margin: PAD_PT };

/** The height a table row takes at `pt` points: its tallest cell (a spanning cell takes the row's width). */
function rowHeight(row: Cell[], colW: readonly number[], pt: number): number {
	let column = 0;
	let tallest = 0;
	for (const c of row) {
		const span = c.options?.colspan ?? 1;
		const width = colW.slice(column, column + span).reduce((s, w) => s + w, 0);
		tallest = Math.max(tallest, textHeight(typeof c.text === 'string' ? c.text : '', width - 2 * PAD, pt, c.options?.bold === true));
		column += span;
	}
	return Math.max(tallest, (pt * LINE_HEIGHT) / 72) + 2 * PAD + 0.02;
}

/**
 * A table on as many slides as it needs, its header repeated and its title marked "(continued)",
 * the closing total (when `total`) kept with two body rows.
 */
function tableSlides(pptx: PptxGenJS, report: ReportData, text: string, table: Cell[][], colW: number[], pt: number, options: { total?: boolean } = {}) {
	const [header, ...rows] = table;
	const free = BOTTOM - TOP - rowHeight(header, colW, pt);
	const pages = paginate(
		rows.map((r) => rowHeight(r, colW, pt)),
		{ first: free, next: free, keep: options.total ? 2 : 0, headings: new Set(rows.flatMap((r, i) => (r.length === 1 ? [i] : []))) }
	);
	pages.forEach((page, i) => {
		const slide = pptx.addSlide({ masterName: 'PARCOURS' });
		title(slide, i === 0 ? text : report.t('exp.continued', { title: text }));
		slide.addTable([header, ...page.map((r) => rows[r])], { ...TABLE, colW, fontSize: pt });
	});
}

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
			cell(report.label(r), 'left', true),
			cell(pct(r.fcr, l, 0), 'right'),
			cell(amount(r.avoidableCost, l, c), 'right'),
			cell(r.trend ? `${r.trend.delta > 0 ? '+' : ''}${decimal(r.trend.delta * 100, l, 1)} pts` : '—', 'right'),
			cell(amount(r.savingsCost, l, c), 'right', true)
		])
	];
}
const TOP_COLS = [4.933, 1.4, 2.0, 2.0, 2.0];

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
		[t('pres.kpi.cost'), headline.avoidableCost, avoidableContactsText(report.totals.avoidableContacts, l, t)],
		[t('pres.kpi.savings'), headline.savings, savingsNote.join('\n')]
	];
	const bw = (W - 2 * M - 3 * 0.3) / 4;
	// One size per row of the four boxes, so the figures read alike.
	const inner = { w: bw - 0.4 - 2 * PAD };
	const labelSize = Math.min(...boxes.map(([label]) => fitSize([{ text: label }], { ...inner, h: 0.9 - 2 * PAD }, 18, 10)));
	const valueSize = Math.min(...boxes.map(([, value]) => fitSize([{ text: value, bold: true }], { ...inner, h: 1.0 - 2 * PAD }, 40, 16)));
	const noteSize = Math.min(...boxes.map(([, , note]) => fitSize([{ text: note }], { ...inner, h: 1.1 - 2 * PAD }, 14, 9)));
	boxes.forEach(([label, value, note], i) => {
		const x = M + i * (bw + 0.3);
		slide.addShape('roundRect', { x, y: 1.7, w: bw, h: 3.6, fill: { color: 'F4F6F8' }, line: { color: LINE }, rectRadius: 0.1 });
		slide.addText(label, { x: x + 0.2, y: 1.85, w: bw - 0.4, h: 0.9, fontFace: FONT, fontSize: labelSize, color: MUTED, valign: 'top', margin: PAD_PT });
		slide.addText(value, { x: x + 0.2, y: 2.8, w: bw - 0.4, h: 1.0, fontFace: FONT, fontSize: valueSize, bold: true, color: INK, valign: 'middle', margin: PAD_PT });
		slide.addText(note, { x: x + 0.2, y: 3.9, w: bw - 0.4, h: 1.1, fontFace: FONT, fontSize: noteSize, color: MUTED, valign: 'top', margin: PAD_PT });
	});
	fitted(slide, report.settingsLine, { x: M, y: 5.55, w: W - 2 * M, h: 1.2 }, { max: 14, color: MUTED });
}

function trendSlide(pptx: PptxGenJS, slide: Slide, report: ReportData) {
	const points = report.months.filter((m) => m.fcr !== null);
	if (points.length === 0) {
		fitted(slide, report.t('pres.trend.none'), { x: M, y: 2, w: W - 2 * M, h: 1 }, { max: 20, color: MUTED });
		return;
	}
	const labels = points.map((p) => {
		const period = periodOfKey(p.key);
		return period ? month(period.start, report.locale) : p.key;
	});
	slide.addChart(pptx.ChartType.line, [{ name: report.t('fx.col.fcr'), labels, values: points.map((p) => p.fcr ?? 0) }], {
		x: M,
		y: TOP,
		w: W - 2 * M,
		h: BOTTOM - TOP,
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

/** The texts of a journey step's box: its name, then what its figures are. */
export function stateLines(report: ReportData, state: JourneyStageFrictions['states'][number]): string[] {
	const { t, locale: l } = report;
	if (state.avoidableCost <= 0) return [localized(state.label), t('pres.journey.none')];
	const top = state.motives[0];
	return [
		localized(state.label),
		avoidableContactsText(state.avoidableContacts, l, t),
		t('pres.journey.costShort', { cost: amount(state.avoidableCost, l, report.currency) }),
		...(top ? [t('pres.journey.top', { motive: report.label(top) })] : [])
	];
}

function journeySlide(slide: Slide, report: ReportData, stages: JourneyStageFrictions[] | null | undefined) {
	const { t } = report;
	if (!stages) {
		fitted(slide, t('pres.journey.missing'), { x: M, y: 2, w: W - 2 * M, h: 1 }, { max: 20, color: MUTED });
		return;
	}
	const max = Math.max(1, ...stages.flatMap((s) => s.states.map((x) => x.avoidableCost)));
	const gap = 0.15;
	const cw = (W - 2 * M - (stages.length - 1) * gap) / Math.max(1, stages.length);
	const headH = 0.6;
	// One size for every stage name and one for every step, the largest at which all fit.
	const stageSize = Math.min(...stages.map((s) => fitSize([{ text: localized(s.label), bold: true }], { w: cw - 2 * PAD, h: headH - 2 * PAD }, 16, 8)));
	const most = Math.max(1, ...stages.map((s) => s.states.length));
	const bh = Math.min(1.3, (BOTTOM - (TOP + headH + 0.1)) / most - 0.1);
	const stepSize = Math.min(
		...stages.flatMap((s) =>
			s.states.map((state) => {
				const [name, ...figures] = stateLines(report, state);
				return fitSize([{ text: name, bold: true }, ...figures.map((text) => ({ text, scale: 0.85 }))], { w: cw - 2 * PAD, h: bh - 2 * PAD }, 14, 7);
			})
		)
	);
	stages.forEach((stage, i) => {
		const x = M + i * (cw + gap);
		slide.addText(localized(stage.label), { x, y: TOP, w: cw, h: headH, fontFace: FONT, fontSize: stageSize, bold: true, color: ACCENT, valign: 'bottom', margin: PAD_PT });
		stage.states.forEach((state, j) => {
			const y = TOP + headH + 0.1 + j * (bh + 0.1);
			const heat = state.avoidableCost / max;
			const fill = heat > 0.66 ? 'F6D3CF' : heat > 0.33 ? 'FBE7C6' : heat > 0 ? 'FFF6D9' : 'F4F6F8';
			const [name, ...figures] = stateLines(report, state);
			slide.addText(
				[
					{ text: name, options: { bold: true, fontSize: stepSize, color: INK, breakLine: figures.length > 0 } },
					...figures.map((text, k) => ({ text, options: { fontSize: Math.floor(stepSize * 0.85 * 2) / 2, color: k === 0 ? INK : MUTED, breakLine: k < figures.length - 1 } }))
				],
				{ shape: 'roundRect', x, y, w: cw, h: bh, fill: { color: fill }, line: { color: LINE }, rectRadius: 0.08, fontFace: FONT, valign: 'top', margin: PAD_PT }
			);
		});
	});
}

/** The plan as the presentation shows it: one column per status, the first cards of each, in the largest type that fits. */
function boardSlide(slide: Slide, report: ReportData) {
	const { t, locale: l } = report;
	const columns = byStatus(report.actions);
	const statuses = BOARD_COLUMNS.filter((s) => s !== 'dropped');
	const gap = 0.3;
	const cardGap = 0.15;
	const cw = (W - 2 * M - (statuses.length - 1) * gap) / statuses.length;
	const top = TOP + 0.6;
	const cards = statuses.map((s) =>
		columns[s].slice(0, 4).map((a) => ({ name: a.title, detail: [a.dueDate ? date(Date.parse(a.dueDate), l) : '', a.owner].filter(Boolean).join(' · ') }))
	);
	const inner = cw - 2 * PAD;
	const cardHeight = (card: { name: string; detail: string }, pt: number) =>
		textHeight(card.name, inner, pt, true) + (card.detail ? textHeight(card.detail, inner, pt * 0.85) : 0) + 2 * PAD + 0.04;
	let size = 20;
	while (size > 8 && cards.some((column) => column.reduce((sum, card) => sum + cardHeight(card, size) + cardGap, 0) > BOTTOM - top)) size -= 0.5;
	statuses.forEach((status, i) => {
		const x = M + i * (cw + gap);
		fitted(slide, t(ACTION_STATUS_LABEL[status]), { x, y: TOP, w: cw, h: 0.5 }, { max: 20, bold: true, color: ACCENT });
		let y = top;
		for (const card of cards[i]) {
			const h = cardHeight(card, size);
			slide.addText(
				[
					{ text: card.name, options: { bold: true, fontSize: size, color: INK, breakLine: Boolean(card.detail) } },
					...(card.detail ? [{ text: card.detail, options: { fontSize: Math.floor(size * 0.85 * 2) / 2, color: MUTED } }] : [])
				],
				{ shape: 'roundRect', x, y, w: cw, h, fill: { color: 'F7F9FB' }, line: { color: LINE }, rectRadius: 0.08, fontFace: FONT, valign: 'top', margin: PAD_PT }
			);
			y += h + cardGap;
		}
	});
}

/** The top frictions in the largest type at which the table fits the slide. */
function topFrictionsSlide(slide: Slide, report: ReportData, view: ReportSlide) {
	const table = topFrictionTable(report, report.rows.slice(0, view.top ?? 6));
	let pt = 20;
	while (pt > 10 && table.reduce((sum, row) => sum + rowHeight(row, TOP_COLS, pt), 0) > BOTTOM - TOP) pt -= 1;
	slide.addTable(table, { ...TABLE, colW: TOP_COLS, fontSize: pt });
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
			topFrictionsSlide(slide, report, view);
			break;
		case 'trend':
			trendSlide(pptx, slide, report);
			break;
		case 'actions':
			boardSlide(slide, report);
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
	const footerSize = fitSize([{ text: report.workspaceName }], { w: 8, h: 0.35 }, 10, 6);
	pptx.defineSlideMaster({
		title: 'PARCOURS',
		background: { color: 'FFFFFF' },
		objects: [
			{ rect: { x: 0, y: 0, w: '100%', h: 0.1, fill: { color: ACCENT } } },
			{ text: { text: report.workspaceName, options: { x: M, y: 7.0, w: 8, h: 0.35, fontFace: FONT, fontSize: footerSize, color: MUTED, margin: 0 } } }
		],
		slideNumber: { x: W - M - 0.6, y: 7.0, w: 0.6, h: 0.35, fontFace: FONT, fontSize: 10, color: MUTED, align: 'right' }
	});

	const cover = pptx.addSlide({ masterName: 'PARCOURS' });
	fitted(cover, t('exp.report'), { x: M, y: 2.0, w: W - 2 * M, h: 1.4 }, { max: 40, bold: true, color: ACCENT, valign: 'middle' });
	fitted(cover, report.workspaceName, { x: M, y: 3.4, w: W - 2 * M, h: 0.8 }, { max: 26 });
	fitted(cover, t('exp.generated', { date: date(report.generatedAt.getTime(), l) }), { x: M, y: 4.3, w: W - 2 * M, h: 0.5 }, { max: 16, color: MUTED });

	for (const view of report.slides) viewSlide(pptx, report, view);

	tableSlides(pptx, report, t('exp.frictions'), frictionTable(report), FRICTION_COLS, 12, { total: true });

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
	// Each paragraph is followed by 10 pt of space: counted as part of the height.
	const box = { w: W - 2 * M - 2 * PAD, h: BOTTOM - 1.5 - 2 * PAD - (lines.length * 10) / 72 };
	const size = fitSize([{ text: lines.join('\n') }], box, 18, 10);
	note.addText(
		lines.map((text, i) => ({ text, options: { breakLine: i < lines.length - 1 } })),
		{ x: M, y: 1.5, w: W - 2 * M, h: BOTTOM - 1.5, fontFace: FONT, fontSize: size, color: INK, valign: 'top', paraSpaceAfter: 10, margin: PAD_PT }
	);

	if (report.actions.length > 0) tableSlides(pptx, report, t('exp.plan'), actionTable(report), ACTION_COLS, 12);
	else {
		const plan = pptx.addSlide({ masterName: 'PARCOURS' });
		title(plan, t('exp.plan'));
		fitted(plan, t('plan.empty'), { x: M, y: 2, w: W - 2 * M, h: 1 }, { max: 20, color: MUTED });
	}

	return (await pptx.write({ outputType: 'blob' })) as Blob;
}
