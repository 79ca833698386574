/**
 * The PDF report (jsPDF, loaded when asked for): a title page, the key figures, the slides' key
 * messages (when any), the friction table and the action plan, on A4 landscape pages numbered "page n of N".
 */
import { ACTION_HORIZON_LABEL, ACTION_LEVER_LABEL, ACTION_STATUS_LABEL } from '$lib/i18n/labels';
import { amount, count, date, decimal, pct } from '$lib/i18n/format';
import type { ReportData } from './report';

/**
 * The standard PDF fonts only know Latin-1 (WinAnsi): the narrow and thin spaces French number
 * formats use become the Latin-1 no-break space (so a wrapped line never splits `40 502 €`),
 * typographic quotes and dashes their plain forms.
 */
export function pdfText(text: string): string {
	return text
		.replace(/[\u202f\u2009]/g, '\u00a0')
		.replace(/[\u2018\u2019]/g, "'")
		.replace(/[\u201c\u201d]/g, '"')
		.replace(/[\u2013\u2014\u2212]/g, '-')
		.replace(/\u2026/g, '...')
		.replace(/\u20ac/g, 'EUR')
		.replace(/[^\u0000-\u00ff]/g, '?');
}

const INK: [number, number, number] = [27, 31, 36];
const MUTED: [number, number, number] = [85, 96, 110];
const ACCENT: [number, number, number] = [31, 78, 121];

interface Column {
	header: string;
	width: number;
	align?: 'left' | 'right';
}

export async function pdfReport(report: ReportData): Promise<Blob> {
	const { jsPDF } = await import('jspdf');
	const doc = new jsPDF({ orientation: 'landscape', unit: 'pt', format: 'a4' });
	const { t, locale: l, currency: c } = report;
	const money = (value: number | null | undefined) => amount(value, l, c);
	const W = doc.internal.pageSize.getWidth();
	const H = doc.internal.pageSize.getHeight();
	const M = 48;
	doc.setProperties({ title: pdfText(`${t('exp.report')} — ${report.workspaceName}`), creator: 'Parcours' });

	const text = (value: string, x: number, y: number, options: { size?: number; bold?: boolean; color?: [number, number, number]; align?: 'left' | 'right' | 'center'; maxWidth?: number } = {}) => {
		doc.setFont('helvetica', options.bold ? 'bold' : 'normal');
		doc.setFontSize(options.size ?? 10);
		doc.setTextColor(...(options.color ?? INK));
		doc.text(pdfText(value), x, y, { align: options.align ?? 'left', maxWidth: options.maxWidth });
	};
	const heading = (value: string) => {
		text(value, M, M + 10, { size: 20, bold: true, color: ACCENT });
		doc.setDrawColor(...ACCENT);
		doc.setLineWidth(1.5);
		doc.line(M, M + 20, W - M, M + 20);
		return M + 48;
	};

	// Title page.
	doc.setFillColor(...ACCENT);
	doc.rect(0, 0, W, 8, 'F');
	text(t('exp.report'), M, H / 2 - 40, { size: 30, bold: true, color: ACCENT });
	text(report.workspaceName, M, H / 2, { size: 18 });
	text(t('exp.generated', { date: date(report.generatedAt.getTime(), l) }), M, H / 2 + 30, { size: 12, color: MUTED });
	text(report.settingsLine, M, H / 2 + 52, { size: 11, color: MUTED, maxWidth: W - 2 * M });

	// Key figures.
	doc.addPage();
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
		doc.setDrawColor(208, 215, 222);
		doc.setLineWidth(1);
		doc.roundedRect(x, y, bw, 110, 6, 6, 'S');
		text(label, x + 12, y + 22, { size: 10, color: MUTED, maxWidth: bw - 24 });
		text(value, x + 12, y + 62, { size: 24, bold: true });
		text(note, x + 12, y + 90, { size: 9, color: MUTED, maxWidth: bw - 24 });
	});
	y += 150;
	text(report.settingsLine, M, y, { size: 10, color: MUTED, maxWidth: W - 2 * M });
	text(t('exp.model'), M, y + 20, { size: 10, color: MUTED, maxWidth: W - 2 * M });
	if (report.complexLine) text(report.complexLine, M, y + 40, { size: 10, color: MUTED, maxWidth: W - 2 * M });

	// The slides' key messages, each under its slide's title: what the consultant wants remembered.
	const noted = report.slides.filter((slide) => slide.note);
	if (noted.length > 0) {
		doc.addPage();
		let top = heading(t('exp.messages'));
		for (const slide of noted) {
			const lines: string[] = doc.splitTextToSize(pdfText(slide.note ?? ''), W - 2 * M);
			if (top + 22 + lines.length * 15 > H - M) {
				doc.addPage();
				top = heading(t('exp.messages'));
			}
			text(slide.title, M, top, { size: 13, bold: true, color: ACCENT });
			top += 18;
			lines.forEach((line) => {
				text(line, M, top, { size: 11 });
				top += 15;
			});
			top += 14;
		}
	}

	// A table over as many pages as it needs, its header repeated.
	const table = (title: string, columns: Column[], rows: string[][]) => {
		doc.addPage();
		let top = heading(title);
		const rowHeight = 20;
		const totalWidth = columns.reduce((s, c) => s + c.width, 0);
		const scale = (W - 2 * M) / totalWidth;
		const header = () => {
			doc.setFillColor(238, 243, 248);
			doc.rect(M, top - 14, W - 2 * M, rowHeight, 'F');
			let x = M;
			for (const c of columns) {
				const w = c.width * scale;
				text(c.header, c.align === 'right' ? x + w - 4 : x + 4, top, { size: 9, bold: true, align: c.align === 'right' ? 'right' : 'left' });
				x += w;
			}
			top += rowHeight;
		};
		header();
		for (const row of rows) {
			if (top > H - M - 10) {
				doc.addPage();
				top = heading(title);
				header();
			}
			let x = M;
			row.forEach((cell, i) => {
				const c = columns[i];
				const w = c.width * scale;
				const clipped = doc.splitTextToSize(pdfText(cell), w - 8)[0] ?? '';
				text(clipped, c.align === 'right' ? x + w - 4 : x + 4, top, { size: 9, align: c.align === 'right' ? 'right' : 'left' });
				x += w;
			});
			doc.setDrawColor(230, 234, 238);
			doc.line(M, top + 6, W - M, top + 6);
			top += rowHeight;
		}
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
	const apart = report.apart.length
		? [[`${t('fx.complexSection')} (${t('fx.notInSavings')})`, '', '', '', '', '', '', '', ''], ...report.apart.map(frictionRow)]
		: [];
	table(t('exp.frictions'), frictionColumns, [
		...report.rows.map(frictionRow),
		...apart,
		[
			t('fx.total'),
			count(totals.demands, l),
			pct(totals.fcr, l),
			headline.avoidableContacts,
			headline.avoidableCost,
			'',
			'',
			headline.savings,
			money(totals.savingsCostPerYear)
		]
	]);

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
		text(t('exp.page', { n: i, total: pages }), W - M, H - 20, { size: 8, color: MUTED, align: 'right' });
		text(report.workspaceName, M, H - 20, { size: 8, color: MUTED });
	}
	return doc.output('blob');
}
