/**
 * What the PDF report and the PowerPoint deck say, gathered once from the page's state: plain
 * data and already-formatted texts in the interface language, so both files read alike.
 */
import type { FrictionRow, FrictionTotals } from '$lib/analysis/frictions';
import type { JourneyStageFrictions } from '$lib/analysis/frictions-journey';
import type { Action, Currency, JourneyMachineConfig, Locale } from '$lib/domain/types';
import type { ViewKind } from '$lib/domain/views';
import type { MessageKey, MessageParams } from '$lib/i18n/messages';
import type { HeadlineFigures } from './figures';

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export interface ReportKpis {
	fcr: number | null;
	fcrCi95: [number, number] | null;
	demands: number;
	eligible: number;
	/** Wall-clock ms of the first and last demand months, when known. */
	period: { from: number; to: number } | null;
}

export interface ReportSlide {
	kind: ViewKind;
	title: string;
	/** The slide's key message, when it has one: the PowerPoint slide's speaker notes. */
	note?: string;
	/** `frictions`: how many rows. */
	top?: number;
	/** `journey`: its stages and states with their frictions; null when the journey is gone. */
	journey?: JourneyStageFrictions[] | null;
	/** `journey`: the journey's name and machine, for the map of the PDF report. */
	journeyName?: string;
	machine?: JourneyMachineConfig;
	/** `anticipation`: the top triggers, written as on the page; null when not measured. */
	anticipation?: ReportTrigger[] | null;
}

/** A trigger of the anticipation slide (METRICS.md §5b), its figures already written. */
export interface ReportTrigger {
	label: string;
	/** The trigger's kind in words. */
	kind: string;
	occurrences: string;
	rate: string;
	baseline: string;
	lift: string;
	attributable: string;
	/** Empty without costs. */
	saving: string;
}

export interface ReportData {
	locale: Locale;
	/** The workspace's currency: every amount of the report is in it. */
	currency: Currency;
	t: Translate;
	workspaceName: string;
	generatedAt: Date;
	kpis: ReportKpis;
	totals: FrictionTotals;
	/** The avoidable cost and the savings within reach, written as on the page and the slides. */
	headline: HeadlineFigures;
	/** The rows ranked together, in the savings, sorted as the user sees them. */
	rows: FrictionRow[];
	/** Complex motives sized apart (out of the savings), costliest first. */
	apart: FrictionRow[];
	/** What the complex motives weigh and whether they count; null when there are none. */
	complexLine: string | null;
	/** FCR by month, oldest first. */
	months: { key: string; fcr: number | null; eligible: number }[];
	actions: Action[];
	slides: ReportSlide[];
	/** One line stating the window, target and costs. */
	settingsLine: string;
	/** A row's name for tables: the motive's name, or the code "not in the catalogue". */
	label: (row: FrictionRow) => string;
}

/** A file name from the workspace name: `Volta-Energie-demo-frictions.pdf`. */
export function fileName(workspaceName: string, what: string, extension: string): string {
	const base = workspaceName
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^\p{L}\p{N}]+/gu, '-')
		.replace(/^-|-$/g, '');
	return `${base || 'parcours'}-${what}.${extension}`;
}
