import { describe, expect, it } from 'vitest';
import { WORKED_EXAMPLE, WORKED_EXAMPLE_SETTINGS, contact, table } from '../../../tests/fixtures/contacts';
import { motive, theme } from '../domain/test-factories';
import {
	breakdownCsv,
	breakdownRows,
	definedRuns,
	monthRange,
	flagsBelow,
	isBelowOverall,
	isoWeekStart,
	periodOfKey,
	sortBreakdown,
	trendSeries,
	type BreakdownRow
} from './dashboard';
import {
	catalogueSettings,
	complexMotivesOf,
	defaultDashboardSettings,
	formatLocalDateTime,
	parseAmount,
	periodFilter,
	readDashboardSettings,
	settingChannels,
	stableKey,
	toAnalysisSettings
} from './dashboard-settings';
import { analyze, isoWeekKey, type Figures } from './metrics';
import { DAY, HOUR } from './settings';
import { wilson } from './stats';

/** Figures of `resolved` out of `eligible` demands, one contact each. */
function figures(resolved: number, eligible: number, extra: Partial<Figures> = {}): Figures {
	return {
		contacts: eligible,
		repeatContacts: 0,
		demands: eligible,
		pending: 0,
		eligible,
		resolvedFirst: resolved,
		fcr: eligible ? resolved / eligible : null,
		fcrCi95: wilson(resolved, eligible),
		eligibleExclComplex: eligible,
		resolvedFirstExclComplex: resolved,
		fcrExclComplex: eligible ? resolved / eligible : null,
		fcrExclComplexCi95: wilson(resolved, eligible),
		repeatRate: eligible ? 0 : null,
		repeatRateCi95: wilson(0, eligible),
		contactsPerDemand: eligible ? 1 : null,
		avoidableContacts: 0,
		avoidableCost: 0,
		...extra
	};
}

describe('flags', () => {
	const breakdown = {
		// 40 % of 200: interval about [33 %, 47 %], wholly below 60 %.
		clearlyBelow: figures(80, 200),
		// 40 % of 10: interval [17 %, 69 %] straddles 60 %: not enough evidence.
		smallBelow: figures(4, 10),
		// 50 % of 1000: [47 %, 53 %], below; a smaller gap than clearlyBelow.
		slightlyBelow: figures(500, 1000),
		above: figures(150, 200),
		empty: figures(0, 0)
	};

	it('flags keys whose 95 % interval lies wholly below the overall rate, the widest gap first', () => {
		expect(flagsBelow(breakdown, 0.6).map((f) => f.key)).toEqual(['clearlyBelow', 'slightlyBelow']);
		expect(flagsBelow(breakdown, 0.6)[0].gap).toBeCloseTo(0.2, 12);
		expect(flagsBelow(breakdown, null)).toEqual([]);
		expect(flagsBelow(undefined, 0.6)).toEqual([]);
		expect(isBelowOverall(breakdown.empty, 0.6)).toBe(false);
	});

	it('does not flag a key whose upper bound equals the overall rate', () => {
		const f = figures(80, 200);
		const upper = f.fcrCi95?.[1] ?? 0;
		expect(isBelowOverall(f, upper)).toBe(false);
		expect(isBelowOverall(f, upper + 1e-9)).toBe(true);
	});

	it('never flags a key with fewer than 30 eligible demands, and marks it small (METRICS.md §4b)', () => {
		// 0 of 29: interval [0 %, 11.7 %], wholly below 60 %, but under 30 demands: hatched, not flagged.
		const few = figures(0, 29);
		expect(few.fcrCi95?.[1]).toBeLessThan(0.6);
		expect(isBelowOverall(few, 0.6)).toBe(false);
		// 0 of 30: the same interval shape, now flagged.
		expect(isBelowOverall(figures(0, 30), 0.6)).toBe(true);
		expect(breakdownRows({ few, enough: figures(0, 30), big: figures(150, 200) }, 0.6).map((r) => [r.key, r.below, r.small])).toEqual([
			['few', false, true],
			['enough', true, false],
			['big', false, false]
		]);
		// FCR excl. complex counts its own denominator: 29 non-complex demands of 40 are too few.
		expect(isBelowOverall(figures(0, 40, { eligibleExclComplex: 29, fcrExclComplexCi95: wilson(0, 29) }), 0.6, 'fcrExclComplex')).toBe(false);
	});

	it('flags on FCR excl. complex when asked', () => {
		const f = figures(80, 200, { fcrExclComplex: 0.9, fcrExclComplexCi95: [0.85, 0.95] });
		expect(isBelowOverall(f, 0.6, 'fcrExclComplex')).toBe(false);
		expect(isBelowOverall(f, 0.6)).toBe(true);
	});

	it('flags the worked example motive that does worse than the whole on a real analysis', () => {
		const rows = Array.from({ length: 60 }, (_, i) =>
			contact({ customer_id: `c${i}`, motive: i < 30 ? 'BAD' : 'GOOD', resolved: i >= 25 })
		);
		const result = analyze(table(...rows), { observationEnd: Date.UTC(2027, 0, 1) }, { by: ['motive'] });
		expect(result.fcr).toBeCloseTo(35 / 60, 12);
		expect(flagsBelow(result.by.motive, result.fcr).map((f) => f.key)).toEqual(['BAD']);
	});
});

describe('trend', () => {
	it('finds the start of ISO weeks and months', () => {
		expect(isoWeekStart(2026, 1)).toBe(Date.UTC(2025, 11, 29));
		expect(isoWeekStart(2021, 1)).toBe(Date.UTC(2021, 0, 4));
		for (const day of [Date.UTC(2026, 0, 1), Date.UTC(2026, 5, 15), Date.UTC(2020, 11, 31)]) {
			const key = isoWeekKey(day / DAY);
			const period = periodOfKey(key);
			expect(period && day >= period.start && day < period.end).toBe(true);
		}
		expect(periodOfKey('2026-12')).toEqual({ start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1) });
		expect(periodOfKey('phone')).toBeNull();
	});

	it('orders the weekly and monthly breakdowns in time and keeps their figures', () => {
		const result = analyze(table(...WORKED_EXAMPLE), WORKED_EXAMPLE_SETTINGS, { by: ['week', 'month'] });
		const weeks = trendSeries(result.by.week);
		expect(weeks.map((p) => p.key)).toEqual(['2026-W09', '2026-W10', '2026-W11', '2026-W12', '2026-W13']);
		expect(weeks.map((p) => p.start)).toEqual(weeks.map((p) => periodOfKey(p.key)?.start));
		expect(weeks.reduce((sum, p) => sum + p.eligible, 0)).toBe(8);
		expect(weeks.reduce((sum, p) => sum + p.resolvedFirst, 0)).toBe(4);
		const months = trendSeries(result.by.month);
		expect(months).toHaveLength(1);
		expect(months[0]).toMatchObject({ key: '2026-03', fcr: 0.5, eligible: 8, contacts: 11, repeatContacts: 2 });
		expect(months[0].fcrCi95).toEqual(result.fcrCi95);
	});

	it('breaks the line where a period has no eligible demand', () => {
		const points = trendSeries({
			'2026-03': figures(1, 2),
			'2026-01': figures(1, 2),
			'2026-02': figures(0, 0),
			'2026-04': figures(2, 2)
		});
		expect(points.map((p) => p.key)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
		expect(definedRuns(points).map((run) => run.map((p) => p.key))).toEqual([['2026-01'], ['2026-03', '2026-04']]);
	});

	it('lists every month between the first and the last, across years', () => {
		expect(monthRange(['2026-02', '2025-11', 'other'])).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
		expect(monthRange([])).toEqual([]);
	});

	it('breaks the line where a period is missing, for the FCR and for the repeat rate', () => {
		const points = trendSeries({ '2026-01': figures(1, 2), '2026-02': figures(2, 2), '2026-05': figures(1, 1) });
		expect(definedRuns(points).map((run) => run.map((p) => p.key))).toEqual([['2026-01', '2026-02'], ['2026-05']]);
		const repeat = definedRuns(points, (p) => p.repeatRate);
		expect(repeat.map((run) => run.map((p) => p.key))).toEqual([['2026-01', '2026-02'], ['2026-05']]);
	});
});

describe('breakdown rows', () => {
	const rows = breakdownRows(
		{
			b: figures(8, 10),
			a: figures(3, 30),
			c: figures(0, 0),
			d: figures(40, 50)
		},
		0.7
	);

	it('sorts by a column either way, rows without a value last, ties by key', () => {
		const by = (column: Parameters<typeof sortBreakdown>[1]['column'], direction: 'ascending' | 'descending') =>
			sortBreakdown(rows, { column, direction }).map((r) => r.key);
		expect(by('fcr', 'descending')).toEqual(['b', 'd', 'a', 'c']);
		expect(by('fcr', 'ascending')).toEqual(['a', 'b', 'd', 'c']);
		expect(by('eligible', 'descending')).toEqual(['d', 'a', 'b', 'c']);
		expect(by('key', 'descending')).toEqual(['d', 'c', 'b', 'a']);
		const labels: Record<string, string> = { a: 'Zèbre', b: 'avoir', c: 'Écho', d: 'delta' };
		expect(sortBreakdown(rows, { column: 'key', direction: 'ascending' }, (k) => labels[k]).map((r) => r.key)).toEqual(
			['b', 'd', 'c', 'a']
		);
	});

	it('marks rows whose interval lies below the overall rate, and those too small to flag', () => {
		// a: 3/30, interval [3.5 %, 25.6 %] wholly below 70 %; b (10) and c (0) have fewer than 30 demands.
		expect(rows.filter((r) => r.below).map((r) => r.key)).toEqual(['a']);
		expect(rows.filter((r) => r.small).map((r) => r.key)).toEqual(['b', 'c']);
	});
});

describe('CSV export', () => {
	const result = analyze(table(...WORKED_EXAMPLE), WORKED_EXAMPLE_SETTINGS, { by: ['channel'] });
	const rows: BreakdownRow[] = sortBreakdown(breakdownRows(result.by.channel, result.fcr), {
		column: 'key',
		direction: 'ascending'
	});

	it('writes UTF-8 with a BOM, semicolons, CRLF, one line per key, percentages with a decimal point', () => {
		const csv = breakdownCsv('channel', rows);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const lines = csv.slice(1).split('\r\n');
		expect(lines.at(-1)).toBe('');
		expect(lines).toHaveLength(5);
		const header = lines[0].split(';');
		expect(header.slice(0, 8)).toEqual(['channel', 'contacts', 'repeatContacts', 'demands', 'pending', 'eligible', 'resolvedFirst', 'fcr']);
		expect(header).toContain('fcrCi95_low');
		expect(header.at(-1)).toBe('below_overall');
		const email = lines[2].split(';');
		expect(email[0]).toBe('email');
		const cell = (name: string) => email[header.indexOf(name)];
		// email: c1 resolved, c2 not → 1/2.
		expect(cell('fcr')).toBe('50.0');
		expect(cell('eligible')).toBe('2');
		expect(cell('contactsPerDemand')).toBe('1.00');
		expect(Number(cell('fcrCi95_low'))).toBeCloseTo((wilson(1, 2)?.[0] ?? 0) * 100, 1);
	});

	it('writes French numbers, labels and translated headers, and quotes cells that need it', () => {
		const csv = breakdownCsv('channel', rows, {
			decimalComma: true,
			keyHeader: 'Canal',
			label: { header: 'Libellé', of: (key) => (key === 'chat' ? 'Chat; "live"' : key) },
			headers: { fcr: 'Taux RPC (%)' },
			flagText: 'oui'
		});
		const lines = csv.slice(1).split('\r\n');
		expect(lines[0].startsWith('Canal;Libellé;contacts;')).toBe(true);
		expect(lines[0]).toContain(';Taux RPC (%);');
		expect(lines[1].startsWith('chat;"Chat; ""live""";')).toBe(true);
		expect(lines[2]).toContain(';50,0;');
		expect(lines[2]).not.toContain('50.0');
	});

	it('describes a motive by its name, its codes and whether the catalogue knows it, instead of its id', () => {
		const names: Record<string, [string, string, string]> = {
			'm-contest': ['Contestation de facture', 'FAC-CONTEST, FACT02', 'oui'],
			XYZ: ['XYZ', 'XYZ', 'non']
		};
		const csv = breakdownCsv('motive', [{ key: 'm-contest', figures: figures(1, 2), below: false, small: false }, { key: 'XYZ', figures: figures(1, 1), below: false, small: false }], {
			keyColumn: false,
			describe: ['Motif', 'Codes CRM', 'Au catalogue'].map((header, i) => ({ header, of: (key: string) => names[key][i] }))
		});
		const [header, contest, xyz] = csv.slice(1).split('\r\n');
		expect(header.startsWith('Motif;Codes CRM;Au catalogue;contacts;')).toBe(true);
		expect(contest.startsWith('Contestation de facture;FAC-CONTEST, FACT02;oui;2;')).toBe(true);
		expect(xyz.startsWith('XYZ;XYZ;non;1;')).toBe(true);
		expect(csv).not.toContain('m-contest');
	});

	it('writes a key or label a spreadsheet would run as a formula as quoted text (CSV injection)', () => {
		const csv = breakdownCsv('motive', [{ key: '=1+2', figures: figures(1, 2), below: false, small: false }, { key: '@SUM(A1)', figures: figures(1, 1), below: false, small: false }], {
			label: { header: '+Libellé', of: (key) => (key === '=1+2' ? '\t-2+3' : '\r=cmd') }
		});
		const [header, a, b] = csv.slice(1).split('\r\n');
		expect(header.startsWith(`motive;"'+Libellé";contacts;`)).toBe(true);
		expect(a.startsWith(`"'=1+2";"'\t-2+3";2;`)).toBe(true);
		expect(b.startsWith(`"'@SUM(A1)";"'\r=cmd";1;`)).toBe(true);
	});

	it('leaves a rate over no demand empty and marks flagged rows', () => {
		const csv = breakdownCsv('motive', [{ key: 'X', figures: figures(0, 0), below: false, small: false }, { key: 'Y', figures: figures(1, 100), below: true, small: false }]);
		const [header, x, y] = csv.slice(1).split('\r\n').map((l) => l.split(';'));
		expect(x[header.indexOf('fcr')]).toBe('');
		expect(x[header.indexOf('fcrCi95_low')]).toBe('');
		expect(x.at(-1)).toBe('');
		expect(y.at(-1)).toBe('yes');
	});
});

describe('dashboard settings', () => {
	const billing = theme({ id: 'th-bill' });
	const moving = theme({ id: 'th-move', label: { fr: 'Déménagement', en: 'Moving' } });
	const catalogue = [
		motive({ id: 'm-bill', themeId: 'th-bill', crmCodes: ['BILL', 'fac-01'] }),
		motive({ id: 'm-move', themeId: 'th-move', crmCodes: ['MOVE'], complex: true }),
		motive({ id: 'm-death', themeId: 'th-move', crmCodes: ['DEATH'], complex: true })
	];

	it('takes complex motives, categories, motive groups and themes from the catalogue, keyed by the dataset’s spellings', () => {
		const fromData = catalogueSettings(catalogue, [billing, moving], [], ['BILL', 'FAC-01', 'move', 'OTHER']);
		expect(fromData).toEqual({
			complexMotives: ['move'],
			categories: { BILL: 'th-bill', 'FAC-01': 'th-bill', move: 'th-move' },
			motiveGroups: { BILL: 'm-bill', 'FAC-01': 'm-bill', move: 'm-move' },
			themes: { BILL: 'th-bill', 'FAC-01': 'th-bill', move: 'th-move' }
		});
		const fromCodes = catalogueSettings(catalogue, [billing, moving], ['m-death']);
		expect(fromCodes.complexMotives).toEqual(['MOVE', 'move']);
		expect(fromCodes.categories).toMatchObject({ BILL: 'th-bill', bill: 'th-bill', 'FAC-01': 'th-bill', 'fac-01': 'th-bill' });
		expect(complexMotivesOf(catalogue, ['m-death']).map((c) => [c.motive.id, c.included])).toEqual([
			['m-move', true],
			['m-death', false]
		]);
	});

	it('gives the worked example its 42.9 % excl. complex through the catalogue', () => {
		const cat = catalogueSettings(catalogue, [billing, moving], [], ['BILL', 'DELIV', 'MOVE']);
		const dashboard = { ...defaultDashboardSettings(), observationEnd: '2026-03-31T23:59' };
		const { settings, problems } = toAnalysisSettings(dashboard, cat);
		expect(problems).toEqual([]);
		expect(settings.observationEnd).toBe(Date.UTC(2026, 2, 31, 23, 59, 59, 999));
		const result = analyze(table(...WORKED_EXAMPLE), settings);
		expect(result.fcr).toBe(0.5);
		expect(result.fcrExclComplex).toBeCloseTo(3 / 7, 12);
		const off = toAnalysisSettings(dashboard, catalogueSettings(catalogue, [billing, moving], ['m-move'], ['MOVE']));
		expect(analyze(table(...WORKED_EXAMPLE), off.settings).fcrExclComplex).toBe(0.5);
	});

	it('translates every setting and reports a window it cannot read', () => {
		const dashboard = {
			...defaultDashboardSettings(),
			window: 'intraday',
			scope: 'category' as const,
			channels: 'same' as const,
			transferIsFailure: false,
			coldFlowDelays: { email: 4 * HOUR, mail: null },
			costPerChannel: { phone: 5.5, chat: 0 }
		};
		const { settings } = toAnalysisSettings(dashboard, { complexMotives: [], categories: {}, motiveGroups: {}, themes: {} });
		expect(settings).toMatchObject({
			window: { kind: 'intraday' },
			scope: 'category',
			channels: 'same',
			transferIsFailure: false,
			coldFlowDelays: { email: 4 * HOUR, mail: null },
			costPerChannel: { phone: 5.5 }
		});
		expect(settings.observationEnd).toBeUndefined();
		const bad = toAnalysisSettings({ ...dashboard, window: '7 jours' }, { complexMotives: [], categories: {}, motiveGroups: {}, themes: {} });
		expect(bad.problems.map((p) => p.field)).toEqual(['window']);
		expect(bad.settings.window).toEqual({ kind: 'duration', ms: 7 * DAY });
	});

	it('reads stored settings field by field, defaults for what is missing or wrong', () => {
		expect(readDashboardSettings(null)).toEqual(defaultDashboardSettings());
		const read = readDashboardSettings({
			window: '48h',
			scope: 'nonsense',
			transferIsFailure: false,
			observationEnd: '2026-06-30T23:59',
			coldFlowDelays: { email: 7200000, fax: 'soon' },
			complexExcluded: ['m-move', 3],
			costPerChannel: { phone: 4.2, chat: -1 },
			period: { from: '2026-01-01', to: 'yesterday' }
		});
		expect(read).toEqual({
			...defaultDashboardSettings(),
			window: '48h',
			transferIsFailure: false,
			observationEnd: '2026-06-30T23:59',
			// The channels not stored keep their defaults (METRICS.md §2).
			coldFlowDelays: { email: 7200000, web_form: 3600000, mail: null },
			complexExcluded: ['m-move'],
			costPerChannel: { phone: 4.2 },
			period: { from: '2026-01-01', to: '' }
		});
		expect(readDashboardSettings({ window: 'soon' }).window).toBe('7d');
	});

	it('turns the period into a filter that includes the last day', () => {
		expect(periodFilter({ from: '', to: '' })).toBeUndefined();
		expect(periodFilter({ from: '2026-03-01', to: '2026-03-31' })).toEqual({
			from: Date.UTC(2026, 2, 1),
			to: Date.UTC(2026, 3, 1)
		});
		expect(periodFilter({ from: '', to: '2026-03-31' })).toEqual({ to: Date.UTC(2026, 3, 1) });
		expect(formatLocalDateTime(Date.UTC(2026, 5, 30, 23, 59, 59))).toBe('2026-06-30T23:59');
	});

	it('reads costs with a decimal comma and lists the channels to set', () => {
		expect(parseAmount('4,50')).toBe(4.5);
		expect(parseAmount('12 €')).toBe(12);
		expect(parseAmount('1 200,5')).toBe(1200.5);
		expect(parseAmount('-3')).toBeNull();
		expect(parseAmount('')).toBeNull();
		const dashboard = { ...defaultDashboardSettings(), costPerChannel: { store: 9 } };
		expect(settingChannels(['phone', 'email'], dashboard)).toEqual(['email', 'phone', 'store', 'web_form']);
		expect(settingChannels(undefined, dashboard)).toEqual(['email', 'mail', 'store', 'web_form']);
	});

	it('gives equal keys to equal settings written in another order', () => {
		expect(stableKey({ a: 1, b: { d: [1, 2], c: null } })).toBe(stableKey({ b: { c: null, d: [1, 2] }, a: 1 }));
		expect(stableKey({ a: 1 })).not.toBe(stableKey({ a: 2 }));
	});
});
