/**
 * The PDF report (jsPDF, loaded when asked for), on A4 landscape pages numbered "page n of N": a
 * title page, the key figures, the slides' key messages (when any), the FCR trend chart, the map of
 * each journey of the deck coloured by its frictions, the friction table and the action plan.
 * Set in an embedded Unicode font (€, dashes, French spacing); table cells wrap, never cut.
 */
import type { jsPDF } from 'jspdf';
import { layoutJourney, type LayoutNode, type Point } from '$lib/analysis/journey-layout';
import type { JourneyStateFrictions } from '$lib/analysis/frictions-journey';
import { periodOfKey } from '$lib/analysis/dashboard';
import { ACTION_HORIZON_LABEL, ACTION_LEVER_LABEL, ACTION_STATUS_LABEL } from '$lib/i18n/labels';
import { amount, count, date, decimal, month, pct } from '$lib/i18n/format';
import type { Locale } from '$lib/domain/types';
import { avoidableContactsText } from './figures';
import { paginate } from './paginate';
import { addPdfFont, PDF_FONT } from './pdf-font';
import type { ReportData, ReportSlide } from './report';

/**
 * French typography for print: a narrow no-break space before « : ; ! ? » and after «, so a
 * line never starts with a colon; other languages as written.
 */
export function pdfText(text: string, locale: Locale): string {
	if (locale !== 'fr') return text;
	return text.replace(/[ \u00a0]([:;!?»])/g, '\u202f$1').replace(/«[ \u00a0]/g, '«\u202f');
}

type Rgb = [number, number, number];
const INK: Rgb = [27, 31, 36];
const MUTED: Rgb = [85, 96, 110];
const ACCENT: Rgb = [31, 78, 121];
const LINE: Rgb = [208, 215, 222];
/** A step's fill by its share of the costliest step's avoidable cost, as on the slides. */
const HEAT: { min: number; fill: Rgb; stroke: Rgb; key: 'exp.map.hot' | 'exp.map.warm' | 'exp.map.mild' }[] = [
	{ min: 0.66, fill: [246, 211, 207], stroke: [164, 14, 38], key: 'exp.map.hot' },
	{ min: 0.33, fill: [251, 231, 198], stroke: [201, 137, 44], key: 'exp.map.warm' },
	{ min: 0, fill: [255, 246, 217], stroke: [200, 180, 120], key: 'exp.map.mild' }
];
const COLD: { fill: Rgb; stroke: Rgb } = { fill: [244, 246, 248], stroke: [170, 180, 190] };

interface Column {
	header: string;
	width: number;
	align?: 'left' | 'right';
}

interface TextOptions {
	size?: number;
	bold?: boolean;
	color?: Rgb;
	align?: 'left' | 'right' | 'center';
	maxWidth?: number;
}

export async function pdfReport(report: ReportData): Promise<Blob> {
	const { jsPDF } = await import('jspdf');
	const doc: jsPDF = new jsPDF({ orientation: 'landscape', unit: 'pt', format: 'a4' });
	addPdfFont(doc);
	const { t, locale: l, currency: c } = report;
	const money = (value: number | null | undefined) => amount(value, l, c);
	const W = doc.internal.pageSize.getWidth();
	const H = doc.internal.pageSize.getHeight();
	const M = 48;
	const typo = (value: string) => pdfText(value, l);
	doc.setProperties({ title: typo(`${t('exp.report')} — ${report.workspaceName}`), creator: 'Parcours' });

	const font = (options: TextOptions) => {
		doc.setFont(PDF_FONT, options.bold ? 'bold' : 'normal');
		doc.setFontSize(options.size ?? 10);
		doc.setTextColor(...(options.color ?? INK));
	};
	/** The lines a text takes in a width, cut between words. */
	const lines = (value: string, width: number, options: TextOptions = {}): string[] => {
		font(options);
		return value.split('\n').flatMap((paragraph) => doc.splitTextToSize(typo(paragraph), width) as string[]);
	};
	/** Writes a text, wrapped to `maxWidth` when given; returns the height it took. */
	const text = (value: string, x: number, y: number, options: TextOptions = {}): number => {
		const size = options.size ?? 10;
		const rows = options.maxWidth ? lines(value, options.maxWidth, options) : [typo(value)];
		font(options);
		rows.forEach((row, i) => doc.text(row, x, y + i * size * 1.25, { align: options.align ?? 'left' }));
		return rows.length * size * 1.25;
	};
	const heading = (value: string) => {
		const width = doc.internal.pageSize.getWidth();
		text(value, M, M + 10, { size: 20, bold: true, color: ACCENT });
		doc.setDrawColor(...ACCENT);
		doc.setLineWidth(1.5);
		doc.line(M, M + 20, width - M, M + 20);
		return M + 48;
	};

	// Title page.
	doc.setFillColor(...ACCENT);
	doc.rect(0, 0, W, 8, 'F');
	text(t('exp.report'), M, H / 2 - 40, { size: 30, bold: true, color: ACCENT, maxWidth: W - 2 * M });
	const period = report.kpis.period ? ` · ${date(report.kpis.period.from, l)} – ${date(report.kpis.period.to, l)}` : '';
	text(`${report.workspaceName}${period}`, M, H / 2, { size: 18, maxWidth: W - 2 * M });
	text(t('exp.generated', { date: date(report.generatedAt.getTime(), l) }), M, H / 2 + 30, { size: 12, color: MUTED });
	text(report.settingsLine, M, H / 2 + 52, { size: 11, color: MUTED, maxWidth: W - 2 * M });

	// Key figures.
	doc.addPage('a4', 'landscape');
	let y = heading(t('exp.kpis'));
	const { kpis, totals, headline } = report;
	const savingsNote = [
		headline.savingsPerYear !== null ? t('pres.kpi.perYear', { amount: headline.savingsPerYear }) : '',
		headline.hasComplex ? t('fx.withComplex', { amount: headline.savingsWithComplex }) : ''
	]
		.filter(Boolean)
		.join('\n');
	const boxes: [string, string, string][] = [
		[t('pres.kpi.fcr'), pct(kpis.fcr, l), kpis.fcrCi95 ? t('fx.ci', { low: pct(kpis.fcrCi95[0], l), high: pct(kpis.fcrCi95[1], l) }) : ''],
		[t('pres.kpi.demands'), count(kpis.demands, l), kpis.period ? `${date(kpis.period.from, l)} – ${date(kpis.period.to, l)}` : ''],
		[t('pres.kpi.avoidable'), headline.avoidableContacts, ''],
		[t('pres.kpi.cost'), headline.avoidableCost, ''],
		[t('pres.kpi.savings'), headline.savings, savingsNote]
	];
	const bw = (W - 2 * M - 4 * 12) / 5;
	boxes.forEach(([label, value, note], i) => {
		const x = M + i * (bw + 12);
		doc.setDrawColor(...LINE);
		doc.setLineWidth(1);
		doc.roundedRect(x, y, bw, 130, 6, 6, 'S');
		text(label, x + 12, y + 22, { size: 10, color: MUTED, maxWidth: bw - 24 });
		text(value, x + 12, y + 66, { size: 22, bold: true });
		text(note, x + 12, y + 90, { size: 9, color: MUTED, maxWidth: bw - 24 });
	});
	y += 160;
	y += text(report.settingsLine, M, y, { size: 10, color: MUTED, maxWidth: W - 2 * M }) + 6;
	y += text(t('exp.model'), M, y, { size: 10, color: MUTED, maxWidth: W - 2 * M }) + 6;
	if (report.complexLine) text(report.complexLine, M, y, { size: 10, color: MUTED, maxWidth: W - 2 * M });

	// The slides' key messages, each under its slide's title: what the consultant wants remembered.
	const noted = report.slides.filter((slide) => slide.note);
	if (noted.length > 0) {
		doc.addPage('a4', 'landscape');
		let top = heading(t('exp.messages'));
		for (const slide of noted) {
			const body = lines(slide.note ?? '', W - 2 * M, { size: 11 });
			if (top + 22 + body.length * 15 > H - M) {
				doc.addPage('a4', 'landscape');
				top = heading(t('exp.messages'));
			}
			top += text(slide.title, M, top, { size: 13, bold: true, color: ACCENT, maxWidth: W - 2 * M });
			font({ size: 11 });
			body.forEach((line) => {
				doc.text(line, M, top);
				top += 15;
			});
			top += 14;
		}
	}

	// The FCR by month: a line broken where a month has no eligible demand.
	if (report.months.some((m) => m.fcr !== null)) {
		doc.addPage('a4', 'landscape');
		const top = heading(t('exp.trend'));
		trendChart(doc, report, { x: M + 40, y: top + 10, w: W - 2 * M - 50, h: H - top - M - 60 }, text);
	}

	// The journeys of the deck, each on its page: the map laid out as in the app, coloured by
	// frictions. A journey is wide: its page is A3 (a fold-out), so its labels stay legible.
	for (const slide of report.slides) {
		if (slide.kind !== 'journey' || !slide.machine || !slide.journey) continue;
		doc.addPage('a3', 'landscape');
		const [w, h] = [doc.internal.pageSize.getWidth(), doc.internal.pageSize.getHeight()];
		const top = heading(t('exp.map', { name: slide.journeyName ?? slide.title }));
		await journeyMap(doc, report, slide, { x: M, y: top, w: w - 2 * M, h: h - top - M - 44 }, text);
	}

	// A table over as many pages as it needs, its header repeated, cells wrapped, the total kept with rows.
	const table = (title: string, columns: Column[], rows: string[][], options: { total?: boolean; section?: (row: string[]) => boolean } = {}) => {
		doc.addPage('a4', 'landscape');
		let top = heading(title);
		const size = 9;
		const lineHeight = size * 1.25;
		const pad = 6;
		const totalWidth = columns.reduce((s, col) => s + col.width, 0);
		const scale = (W - 2 * M) / totalWidth;
		const widths = columns.map((col) => col.width * scale);
		const headerLines = columns.map((col, i) => lines(col.header, widths[i] - 8, { size, bold: true }));
		const headerHeight = Math.max(...headerLines.map((h) => h.length)) * lineHeight + 2 * pad;
		const cells = rows.map((row) =>
			row.map((value, i) => (options.section?.(row) && i === 0 ? lines(value, W - 2 * M - 8, { size, bold: true }) : lines(value, widths[i] - 8, { size, bold: options.total && row === rows[rows.length - 1] })))
		);
		const heights = cells.map((row) => Math.max(1, ...row.map((cell) => cell.length)) * lineHeight + 2 * pad);
		const free = H - M - 20 - top - headerHeight;
		const headings = new Set(rows.flatMap((row, i) => (options.section?.(row) ? [i] : [])));
		const pages = paginate(heights, { first: free, next: free, keep: options.total ? 2 : 0, headings });
		const header = () => {
			doc.setFillColor(238, 243, 248);
			doc.rect(M, top, W - 2 * M, headerHeight, 'F');
			let x = M;
			columns.forEach((col, i) => {
				font({ size, bold: true });
				headerLines[i].forEach((line, k) => doc.text(line, col.align === 'right' ? x + widths[i] - 4 : x + 4, top + pad + size + k * lineHeight, { align: col.align ?? 'left' }));
				x += widths[i];
			});
			top += headerHeight;
		};
		pages.forEach((page, p) => {
			if (p > 0) {
				doc.addPage('a4', 'landscape');
				top = heading(t('exp.continued', { title }));
			}
			header();
			for (const r of page) {
				const last = options.total && r === rows.length - 1;
				const section = options.section?.(rows[r]) ?? false;
				let x = M;
				cells[r].forEach((cell, i) => {
					const col = columns[i];
					font({ size, bold: last || section, color: section ? MUTED : INK });
					cell.forEach((line, k) => doc.text(line, col.align === 'right' && !section ? x + widths[i] - 4 : x + 4, top + pad + size + k * lineHeight, { align: col.align === 'right' && !section ? 'right' : 'left' }));
					x += widths[i];
				});
				top += heights[r];
				doc.setDrawColor(...(last ? ACCENT : ([230, 234, 238] as Rgb)));
				doc.setLineWidth(last ? 1 : 0.5);
				if (last) doc.line(M, top - heights[r], W - M, top - heights[r]);
				else doc.line(M, top, W - M, top);
			}
		});
	};

	const trend = (d: number | undefined) => (d === undefined ? '' : `${d > 0 ? '+' : ''}${decimal(d * 100, l, 1)}`);
	const frictionColumns: Column[] = [
		{ header: t('fx.col.motive'), width: 185 },
		{ header: t('fx.col.demands'), width: 60, align: 'right' },
		{ header: t('fx.col.fcr'), width: 55, align: 'right' },
		{ header: t('fx.col.avoidable'), width: 95, align: 'right' },
		{ header: t('fx.col.cost'), width: 75, align: 'right' },
		{ header: t('fx.col.trend'), width: 55, align: 'right' },
		{ header: t('fx.col.target'), width: 50, align: 'right' },
		{ header: t('fx.col.savings'), width: 70, align: 'right' },
		{ header: t('fx.col.savingsYear'), width: 80, align: 'right' }
	];
	const frictionRow = (r: ReportData['rows'][number]) => [
		report.label(r),
		count(r.demands, l),
		pct(r.fcr, l),
		count(r.avoidableContacts, l),
		money(r.avoidableCost),
		trend(r.trend?.delta),
		pct(r.target, l, 0),
		money(r.savingsCost),
		money(r.savingsCostPerYear)
	];
	// Complex motives come after the others, under their own heading: sized, but not in the total
	// savings (unless counted, when they rank with the others).
	const sectionTitle = `${t('fx.complexSection')} (${t('fx.notInSavings')})`;
	const apart = report.apart.length ? [[sectionTitle, '', '', '', '', '', '', '', ''], ...report.apart.map(frictionRow)] : [];
	table(
		t('exp.frictions'),
		frictionColumns,
		[
			...report.rows.map(frictionRow),
			...apart,
			[t('fx.total'), count(totals.demands, l), pct(totals.fcr, l), headline.avoidableContacts, headline.avoidableCost, '', '', headline.savings, money(totals.savingsCostPerYear)]
		],
		{ total: true, section: (row) => row[0] === sectionTitle && row[1] === '' }
	);

	table(
		t('exp.plan'),
		[
			{ header: t('plan.form.title'), width: 250 },
			{ header: t('plan.form.lever'), width: 110 },
			{ header: t('plan.form.horizon'), width: 70 },
			{ header: t('plan.form.owner'), width: 110 },
			{ header: t('plan.form.due'), width: 65 },
			{ header: t('plan.form.status'), width: 65 },
			{ header: t('plan.form.gain'), width: 75, align: 'right' }
		],
		report.actions.map((a) => [
			a.title,
			t(ACTION_LEVER_LABEL[a.lever]),
			t(ACTION_HORIZON_LABEL[a.horizon]),
			a.owner,
			a.dueDate ? date(Date.parse(a.dueDate), l) : '',
			t(ACTION_STATUS_LABEL[a.status]),
			a.expectedGain !== undefined ? money(a.expectedGain) : ''
		])
	);

	// The moments that make customers call, once per such slide of the deck.
	for (const slide of report.slides) {
		if (slide.kind !== 'anticipation') continue;
		const rows = slide.anticipation ?? [];
		table(
			slide.title,
			[
				{ header: t('ant.col.trigger'), width: 220 },
				{ header: t('ant.kind'), width: 110 },
				{ header: t('ant.col.occurrences'), width: 70, align: 'right' },
				{ header: t('ant.col.rate'), width: 80, align: 'right' },
				{ header: t('ant.col.baseline'), width: 65, align: 'right' },
				{ header: t('ant.col.lift'), width: 50, align: 'right' },
				{ header: t('ant.col.attributable'), width: 85, align: 'right' },
				{ header: t('ant.col.saving'), width: 75, align: 'right' }
			],
			rows.length
				? rows.map((r) => [r.label, r.kind, r.occurrences, r.rate, r.baseline, r.lift, r.attributable, r.saving])
				: [[t('ant.slide.empty'), '', '', '', '', '', '', '']]
		);
	}

	const pages = doc.getNumberOfPages();
	for (let i = 1; i <= pages; i++) {
		doc.setPage(i);
		const [w, h] = [doc.internal.pageSize.getWidth(), doc.internal.pageSize.getHeight()];
		text(t('exp.page', { n: i, total: pages }), w - M, h - 20, { size: 8, color: MUTED, align: 'right' });
		text(report.workspaceName, M, h - 20, { size: 8, color: MUTED });
	}
	return doc.output('blob');
}

interface Box {
	x: number;
	y: number;
	w: number;
	h: number;
}
type Write = (value: string, x: number, y: number, options?: TextOptions) => number;

/**
 * FCR by month, each point labelled, on the scale the slide uses (the data's range, widened to
 * tenths); months without eligible demands leave a gap in the line.
 */
function trendChart(doc: jsPDF, report: ReportData, box: Box, text: Write) {
	const { locale: l, months } = report;
	const n = months.length;
	const values = months.flatMap((m) => (m.fcr === null ? [] : [m.fcr]));
	const low = Math.max(0, Math.floor((Math.min(...values) - 0.1) * 10) / 10);
	const high = Math.min(1, Math.ceil((Math.max(...values) + 0.05) * 10) / 10);
	const tick = high - low > 0.5 ? 0.1 : 0.05;
	const xOf = (i: number) => box.x + ((i + 0.5) * box.w) / n;
	const yOf = (v: number) => box.y + box.h - ((v - low) / (high - low)) * box.h;
	doc.setLineWidth(0.5);
	for (let v = low; v <= high + 1e-9; v += tick) {
		doc.setDrawColor(...(Math.abs(v - low) < 1e-9 ? ([120, 130, 140] as Rgb) : ([225, 230, 235] as Rgb)));
		doc.line(box.x, yOf(v), box.x + box.w, yOf(v));
		text(pct(v, l, 0), box.x - 8, yOf(v) + 3, { size: 9, color: MUTED, align: 'right' });
	}
	// One month in k named when months are many, so names never overlap.
	const every = Math.max(1, Math.ceil((n * 62) / box.w));
	months.forEach((m, i) => {
		if (i % every !== 0) return;
		const period = periodOfKey(m.key);
		text(period ? month(period.start, l) : m.key, xOf(i), box.y + box.h + 16, { size: 9, color: MUTED, align: 'center' });
	});
	doc.setDrawColor(...ACCENT);
	doc.setLineWidth(2.5);
	for (let i = 1; i < n; i++) {
		const a = months[i - 1].fcr;
		const b = months[i].fcr;
		if (a !== null && b !== null) doc.line(xOf(i - 1), yOf(a), xOf(i), yOf(b));
	}
	months.forEach((m, i) => {
		if (m.fcr === null) {
			text(report.t('exp.trend.none'), xOf(i), box.y + box.h - 22, { size: 7, color: MUTED, align: 'center', maxWidth: box.w / n - 4 });
			return;
		}
		// Texts set the fill colour too: the dot's is set each time.
		doc.setFillColor(...ACCENT);
		doc.circle(xOf(i), yOf(m.fcr), 3.5, 'F');
		if (i % every === 0) text(pct(m.fcr, l), xOf(i), yOf(m.fcr) - 9, { size: 9, bold: true, align: 'center' });
	});
}

/**
 * A journey as the app lays it out (stages as columns, steps inside), scaled to the box: each step
 * filled by its avoidable cost against the costliest step, with its cost and avoidable contacts.
 */
async function journeyMap(doc: jsPDF, report: ReportData, slide: ReportSlide, box: Box, text: Write) {
	const { t, locale: l } = report;
	const layout = await layoutJourney(slide.machine!, { locale: l });
	const figures = new Map<string, JourneyStateFrictions>();
	for (const stage of slide.journey ?? []) for (const state of stage.states) figures.set(state.path, state);
	const max = Math.max(1, ...[...figures.values()].map((f) => f.avoidableCost));
	const s = Math.min(box.w / layout.width, box.h / layout.height, 1);
	const ox = box.x + (box.w - layout.width * s) / 2;
	const X = (x: number) => ox + x * s;
	const Y = (y: number) => box.y + y * s;
	const fontSize = (px: number) => px * s;
	const heatOf = (path: string) => {
		const f = figures.get(path);
		if (!f || f.avoidableCost <= 0) return null;
		const share = f.avoidableCost / max;
		return HEAT.find((h) => share > h.min) ?? HEAT[HEAT.length - 1];
	};

	// Stages first (drawn behind their steps), then the arrows, then the steps.
	const nodes = [...layout.nodes].sort((a, b) => a.depth - b.depth);
	for (const node of nodes.filter((n) => n.compound)) {
		doc.setDrawColor(...LINE);
		doc.setFillColor(250, 251, 252);
		doc.setLineWidth(0.8);
		doc.roundedRect(X(node.x), Y(node.y), node.width * s, node.height * s, 6 * s, 6 * s, 'FD');
		node.lines.forEach((line, i) => text(line, X(node.x + 12), Y(node.y + 22 + i * 18), { size: fontSize(15), bold: true, color: ACCENT }));
	}
	const arrow = (points: readonly Point[]) => {
		if (points.length < 2) return;
		doc.setDrawColor(110, 120, 130);
		doc.setLineWidth(Math.max(0.5, 1.4 * s));
		for (let i = 1; i < points.length; i++) doc.line(X(points[i - 1].x), Y(points[i - 1].y), X(points[i].x), Y(points[i].y));
		const [a, b] = [points[points.length - 2], points[points.length - 1]];
		const angle = Math.atan2(b.y - a.y, b.x - a.x);
		const len = 9 * s;
		const tip = { x: X(b.x), y: Y(b.y) };
		doc.setFillColor(110, 120, 130);
		doc.triangle(
			tip.x,
			tip.y,
			tip.x - len * Math.cos(angle - 0.4),
			tip.y - len * Math.sin(angle - 0.4),
			tip.x - len * Math.cos(angle + 0.4),
			tip.y - len * Math.sin(angle + 0.4),
			'F'
		);
	};
	for (const edge of layout.edges) arrow(edge.points);
	if (layout.start) {
		doc.setFillColor(...INK);
		doc.circle(X(layout.start.x), Y(layout.start.y), 6 * s, 'F');
		arrow(layout.start.points);
	}
	for (const node of nodes.filter((n) => !n.compound)) drawStep(node);

	function drawStep(node: LayoutNode) {
		const heat = heatOf(node.id);
		const colours = heat ?? COLD;
		doc.setFillColor(...colours.fill);
		doc.setDrawColor(...colours.stroke);
		doc.setLineWidth(heat ? 1.2 : 0.7);
		doc.roundedRect(X(node.x), Y(node.y), node.width * s, node.height * s, 8 * s, 8 * s, node.final ? 'FD' : 'FD');
		const cx = X(node.x + node.width / 2);
		node.lines.forEach((line, i) => text(line, cx, Y(node.y + 20 + i * 18), { size: fontSize(14), bold: true, align: 'center' }));
		const f = figures.get(node.id);
		if (f && f.avoidableCost > 0) {
			const figure = `${amount(f.avoidableCost, l, report.currency)} · ${avoidableContactsText(f.avoidableContacts, l, t)}`;
			// Shrunk to the box's width when long, never cut.
			doc.setFont(PDF_FONT, 'normal');
			let size = fontSize(11.5);
			doc.setFontSize(size);
			const width = doc.getTextWidth(pdfText(figure, l));
			if (width > (node.width - 12) * s) size *= ((node.width - 12) * s) / width;
			text(figure, cx, Y(node.y + node.height - 9), { size, color: INK, align: 'center' });
		}
	}

	// The legend, under the map (never over it).
	let lx = box.x;
	const ly = Math.min(box.y + box.h, box.y + layout.height * s + 16) + 24;
	for (const heat of HEAT) {
		doc.setFillColor(...heat.fill);
		doc.setDrawColor(...heat.stroke);
		doc.roundedRect(lx, ly - 9, 22, 12, 3, 3, 'FD');
		lx += 28;
		text(t(heat.key), lx, ly, { size: 9 });
		doc.setFontSize(9);
		lx += doc.getTextWidth(t(heat.key)) + 16;
	}
	doc.setFillColor(...COLD.fill);
	doc.setDrawColor(...COLD.stroke);
	doc.roundedRect(lx, ly - 9, 22, 12, 3, 3, 'FD');
	lx += 28;
	text(t('pres.journey.none'), lx, ly, { size: 9 });
	text(t('exp.map.legend'), box.x, ly + 16, { size: 9, color: MUTED, maxWidth: box.w });
}
