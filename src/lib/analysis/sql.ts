/**
 * The definitions of METRICS.md §3–4 (`renderSql`) and §5 (`renderOmnichannelSql`) as one query
 * each, for the customer's own engine — DuckDB or PostgreSQL, one text with the few differences
 * of `DIALECTS` — and as the independent reference `analyze` and `omnichannel` are tested
 * against. `renderSql` returns the same figures, under the same names as `Figures`, then the
 * survey figures of `AnalysisResult` — perceived FCR with its agreement table and kappa, CSAT,
 * NPS — as flat columns named by their path in the result (`perceived.rate`,
 * `perceived.agreement.bothResolved`, `csat.ci95`, `nps.score`…). Like the engine, they count
 * the answers given on the first contact of eligible demands, and a group's columns are all NULL
 * when none of those contacts has an answer (the engine's `null`).
 * Breakdown rows carry the survey columns too, each demand under its first contact's key, as
 * METRICS.md §4 asks of breakdowns and as `analyze` gives them in its `by` rows.
 *
 * The source relation has the canonical columns (in PostgreSQL, with their natural types: `text`,
 * `timestamp without time zone`, `boolean`, `integer` scores; see `postgresContactsTable`):
 *   customer_id VARCHAR, "timestamp" TIMESTAMP (wall clock), channel VARCHAR, motive VARCHAR,
 *   direction VARCHAR ('inbound' | 'outbound'), agent, team, segment VARCHAR,
 *   transferred, callback, resolved BOOLEAN, handled_at TIMESTAMP,
 *   survey_resolved BOOLEAN, csat (1–5) and nps (0–10) numbers or text.
 * Every column must exist; a column the export lacks is provided as NULL (e.g.
 * `SELECT *, NULL::BOOLEAN AS callback FROM read_csv('f.csv')`, or `missingColumns`). NULL or
 * empty text means missing, with the defaults of METRICS.md §1 (channel `unknown`, motive
 * `unqualified`, direction inbound, agent/team/segment `(none)`); a NULL boolean is unknown. A
 * score counts only as a whole number in its range (`4`, `4.0`, `4,0`), as the import reads it.
 *
 * Ties in time are broken by input order: give the column holding it as `inputOrder`; by default
 * DuckDB numbers rows with `row_number() OVER ()`, which follows its scan order (the file's or
 * the insertion order while `preserve_insertion_order` is on, its default), and PostgreSQL reads
 * the table's `input_order` column, numbered as the rows are loaded.
 */
import { CANONICAL_CONTACT_COLUMNS, CANONICAL_WEB_COLUMNS } from './canonical';
import { DAY, formatWindow, HOUR, MINUTE, type AnalysisSettings } from './settings';
import { Z95 } from './stats';
import type { Dimension } from './metrics';
import { UNCATALOGUED_SUFFIX } from './chains';
import { motiveKey } from './table';

/** The SQL engines the query is written for. */
export const SQL_DIALECTS = ['duckdb', 'postgres'] as const;
export type SqlDialect = (typeof SQL_DIALECTS)[number];

/**
 * What differs between the engines, and nothing else: the query is one text with these holes.
 * Times arrive as `TIMESTAMP` (PostgreSQL: `timestamp without time zone`) wall-clock values and
 * are turned into wall-clock milliseconds, the engine's unit, so that windows, gaps and delays
 * are the same integer arithmetic on both.
 */
interface Dialect {
	/** Wall-clock milliseconds of a timestamp column (truncated to the millisecond). */
	epochMs(column: string): string;
	/** The 8-byte float type. */
	double: string;
	/** A two-element array of doubles (the engine's `[low, high]` intervals). */
	pair(low: string, high: string): string;
	/** `YYYY-MM` and ISO week `YYYY-Www` of a timestamp. */
	month(column: string): string;
	week(column: string): string;
	/** The day number of wall-clock milliseconds (days since 1970-01-01). */
	dayNumber(ms: string): string;
	/** A whole number in [min, max] held by the score column, else NULL. */
	score(column: string, min: number, max: number): string;
	/** The input order when the source gives no column for it. */
	defaultInputOrder: string;
	/** Ordering of text keys by code point, as the engine's `Object.keys(…).sort()`. */
	byCodePoint(column: string): string;
	/** Makes a one-row CTE computed once rather than inlined where it is used. */
	materialized: string;
}

export const DIALECTS: Record<SqlDialect, Dialect> = {
	duckdb: {
		epochMs: (column) => `epoch_ms(${column})`,
		double: 'DOUBLE',
		pair: (low, high) => `[\n    ${low},\n    ${high}\n  ]`,
		month: (column) => `strftime(${column}, '%Y-%m')`,
		week: (column) => `strftime(${column}, '%G-W%V')`,
		dayNumber: (ms) => `floor(${ms} / ${sqlNumber(DAY)})`,
		score: (column, min, max) => {
			// As number or text (`4`, `4.0`, `4,0`), as the import reads scores.
			const value = `try_cast(replace(trim(${column}::VARCHAR), ',', '.') AS DOUBLE)`;
			return `CASE WHEN ${value} BETWEEN ${min} AND ${max} AND ${value} = floor(${value}) THEN ${value} END`;
		},
		// DuckDB's scan order: the file's, or the insertion order while `preserve_insertion_order`
		// is on (its default).
		defaultInputOrder: 'row_number() OVER ()',
		byCodePoint: (column) => column,
		materialized: ''
	},
	postgres: {
		// `extract` gives exact numeric seconds (PostgreSQL 14 and later).
		epochMs: (column) => `floor(extract(epoch FROM ${column}) * 1000)::bigint`,
		double: 'double precision',
		pair: (low, high) => `ARRAY[\n    ${low},\n    ${high}\n  ]`,
		month: (column) => `to_char(${column}, 'YYYY-MM')`,
		week: (column) => `to_char(${column}, 'IYYY-"W"IW')`,
		// bigint / bigint would be integer division.
		dayNumber: (ms) => `floor(${ms} / ${sqlNumber(DAY)}.0)`,
		// Scores are `integer` columns in the canonical table.
		score: (column, min, max) => `CASE WHEN ${column} BETWEEN ${min} AND ${max} THEN ${column} END`,
		// A table has no order of its own: the README's table numbers rows as they are loaded.
		defaultInputOrder: 'input_order',
		// The database's collation may sort `(none)` or case apart from code points.
		byCodePoint: (column) => `${column} COLLATE "C"`,
		materialized: 'MATERIALIZED '
	}
};

export interface SqlOptions {
	/** @default 'duckdb' */
	dialect?: SqlDialect;
	/**
	 * A table name or a table function, e.g. `read_csv('contacts.csv')` (DuckDB), or a table
	 * (PostgreSQL).
	 */
	source: string;
	/** One row per key of this dimension (column `key`), ordered by key; one row in total without. */
	by?: Dimension;
	/**
	 * Column of the source giving the input order; default DuckDB's `row_number() OVER ()`, the
	 * `input_order` column in PostgreSQL.
	 */
	inputOrder?: string;
	/**
	 * Optional canonical columns the source lacks; the query adds them as NULL (unknown), so a
	 * bare `read_csv` of an export without, say, `callback` can be used as the source.
	 */
	missingColumns?: OptionalSqlColumn[];
	/** The `period` option of `analyze`: demands whose first contact is in [from, to). */
	period?: { from?: number; to?: number };
}

/** Canonical columns the query can add as NULL when the source lacks them. */
export const SQL_COLUMN_TYPES = {
	channel: 'VARCHAR',
	motive: 'VARCHAR',
	direction: 'VARCHAR',
	agent: 'VARCHAR',
	team: 'VARCHAR',
	segment: 'VARCHAR',
	transferred: 'BOOLEAN',
	callback: 'BOOLEAN',
	resolved: 'BOOLEAN',
	handled_at: 'TIMESTAMP',
	survey_resolved: 'BOOLEAN',
	csat: 'INTEGER',
	nps: 'INTEGER'
} as const;

export type OptionalSqlColumn = keyof typeof SQL_COLUMN_TYPES;

/** A SQL string literal. */
export function sqlString(value: string): string {
	return `'${value.replaceAll("'", "''")}'`;
}

/**
 * A catalogue group of the motive, else the motive itself: an uncatalogued motive named like a
 * group keeps apart from it with `UNCATALOGUED_SUFFIX`, as `categoryOfMotive` does.
 */
function catalogueLookup(groups: Record<string, string>): string {
	// Codes are compared trimmed and case-insensitively (METRICS.md §1), the first entry of a
	// code winning, as `categoryOfMotive` reads them.
	const byKey = new Map<string, string>();
	for (const [motive, group] of Object.entries(groups)) if (!byKey.has(motiveKey(motive))) byKey.set(motiveKey(motive), group);
	const names = [...new Set(byKey.values())];
	const own = names.length === 0
		? 'motive'
		: `CASE WHEN motive IN (${names.map(sqlString).join(', ')}) THEN motive || ${sqlString(UNCATALOGUED_SUFFIX)} ELSE motive END`;
	return lookup(MOTIVE_KEY, [...byKey].map(([key, group]) => [key, sqlString(group)]), own);
}

/** The motive as codes are compared (`motiveKey`): trimmed, lower case. */
const MOTIVE_KEY = 'lower(trim(motive))';

function sqlNumber(value: number): string {
	if (!Number.isFinite(value)) throw new Error(`Cannot write ${value} in SQL`);
	return String(value);
}

/** `CASE column WHEN 'a' THEN x … ELSE fallback END`, or the fallback alone for no entries. */
function lookup(column: string, entries: [string, string][], fallback: string): string {
	if (entries.length === 0) return fallback;
	const whens = entries.map(([key, value]) => `WHEN ${sqlString(key)} THEN ${value}`).join(' ');
	return `CASE ${column} ${whens} ELSE ${fallback} END`;
}

/** Normalised text: NULL or blank → the default. */
function text(column: string, fallback: string, lower = false): string {
	const trimmed = `nullif(trim(${column}), '')`;
	return `coalesce(${lower ? `lower(${trimmed})` : trimmed}, ${sqlString(fallback)})`;
}

/** Wilson score interval of the rate `p` over `n` as a [low, high] DOUBLE list, NULL when n = 0. */
function wilsonSql(dialect: Dialect, p: string, n: string): string {
	const z = sqlNumber(Z95);
	const z2 = sqlNumber(Z95 * Z95);
	const centre = `(${p} + ${z2} / (2 * ${n}))`;
	const half = `${z} * sqrt(${p} * (1 - ${p}) / ${n} + ${z2} / (4 * ${n} * ${n}))`;
	const scale = `(1 + ${z2} / ${n})`;
	return `CASE WHEN ${n} > 0 THEN ${dialect.pair(
		`greatest(0, (${centre} - ${half}) / ${scale})`,
		`least(1, (${centre} + ${half}) / ${scale})`
	)} END`;
}

function breakdownKey(dialect: Dialect, by: Dimension): string {
	switch (by) {
		case 'channel':
		case 'category':
		case 'theme':
		case 'agent':
		case 'team':
		case 'segment':
			return by;
		case 'motive':
			return 'motive_group';
		case 'code':
			return 'motive';
		case 'month':
			return dialect.month('wall_time');
		case 'week':
			// ISO week-year and week number.
			return dialect.week('wall_time');
		default:
			throw new Error(`Unknown breakdown dimension "${by as string}"`);
	}
}

/** A survey count as BIGINT, NULL when the group has no answer (the engine gives no figures then). */
function answeredOnly(answered: string, count: string): string {
	return `CASE WHEN ${answered} > 0 THEN ${count}::BIGINT END`;
}

function indent(text: string, spaces: number): string {
	return text.replaceAll('\n', `\n${' '.repeat(spaces)}`);
}

/**
 * Renders the DuckDB query computing `Figures` and the survey figures for the settings over
 * `options.source`.
 */
export function renderSql(settings: AnalysisSettings, options: SqlOptions): string {
	const dialect = DIALECTS[options.dialect ?? 'duckdb'];
	const double = dialect.double;
	const window = settings.window;
	const intraday = window.kind === 'intraday';
	const w = window.kind === 'duration' ? sqlNumber(window.ms) : '';
	const sameKey = [
		'customer_id',
		'scope_key',
		...(settings.channels === 'same' ? ['channel'] : [])
	].join(', ');

	const scopeKey =
		settings.scope === 'any' ? `'(all)'` : settings.scope === 'motive' ? 'motive' : 'category';
	const category = catalogueLookup(settings.categories);
	const motiveGroup = catalogueLookup(settings.motiveGroups);
	const theme = catalogueLookup(settings.themes);
	const coldFlowDelay = lookup(
		'channel',
		Object.entries(settings.coldFlowDelays)
			.filter((entry): entry is [string, number] => entry[1] !== null)
			.map(([channel, delay]) => [channel, sqlNumber(delay)]),
		'NULL::BIGINT'
	);
	const cost = lookup(
		'channel',
		Object.entries(settings.costPerChannel).map(([channel, value]) => [
			channel,
			`${sqlNumber(value)}::${double}`
		]),
		`0::${double}`
	);
	const complex =
		settings.complexMotives.length === 0
			? 'false'
			: `lower(trim(d.motive)) IN (${[...new Set(settings.complexMotives.map(motiveKey))].map(sqlString).join(', ')})`;
	const observationEnd =
		settings.observationEnd === undefined
			? '(SELECT max(ts) FROM contact)'
			: sqlNumber(settings.observationEnd);

	const within = (earlier: string, later: string) =>
		intraday
			? `${dialect.dayNumber(earlier)} = ${dialect.dayNumber(later)}`
			: `${later} - ${earlier} <= ${w}`;
	const pending = intraday
		? `${dialect.dayNumber('d.ts')} >= ${dialect.dayNumber('observation.observation_end')}`
		: `d.ts + ${w} > observation.observation_end`;
	// A demand is one chain: its customer, scope key (and channel) and chain number.
	const demandKey = [...sameKey.split(', '), 'chain_number'];
	const transferCondition = settings.transferIsFailure ? '\n    AND d.transferred IS NOT TRUE' : '';
	const key = options.by ? `${breakdownKey(dialect, options.by)} AS breakdown_key,\n    ` : '';
	const groupKey = options.by ? 'breakdown_key' : '';
	const selectKey = options.by ? 'breakdown_key, ' : '';
	const inputOrder = options.inputOrder ?? dialect.defaultInputOrder;
	const added = (options.missingColumns ?? [])
		.map((column) => {
			if (!Object.hasOwn(SQL_COLUMN_TYPES, column)) throw new Error(`Unknown column "${column}"`);
			return `NULL::${SQL_COLUMN_TYPES[column]} AS ${column}, `;
		})
		.join('');
	const periodConditions = [
		options.period?.from === undefined ? '' : `\n    AND first_contact.ts >= ${sqlNumber(options.period.from)}`,
		options.period?.to === undefined ? '' : `\n    AND first_contact.ts < ${sqlNumber(options.period.to)}`
	].join('');
	// With a period, contacts count when their chain's demand is kept.
	const keptContacts = periodConditions
		? `chained AS c\n  WHERE EXISTS (\n    SELECT 1 FROM demand AS d\n    WHERE ${[...sameKey.split(', '), 'chain_number'].map((column) => `d.${column} = c.${column}`).join(' AND ')}\n  )`
		: 'chained';

	return `-- Parcours figures (METRICS.md §3–4): window ${formatWindow(window)}, scope ${settings.scope}, channels ${settings.channels}${options.by ? `, by ${options.by}` : ''}
WITH
source_row AS (
  SELECT *, ${added}${inputOrder} AS source_order FROM ${options.source}
),
normalised AS (
  SELECT
    source_order,
    customer_id,
    ${options.by === 'month' || options.by === 'week' ? '"timestamp" AS wall_time,\n    ' : ''}${dialect.epochMs('"timestamp"')} AS ts,
    ${text('channel', 'unknown', true)} AS channel,
    ${text('motive', 'unqualified')} AS motive,
    coalesce(lower(trim(direction)) = 'outbound', false) AS outbound,
    ${text('agent', '(none)')} AS agent,
    ${text('team', '(none)')} AS team,
    ${text('segment', '(none)')} AS segment,
    transferred,
    callback,
    resolved,
    ${dialect.epochMs('handled_at')} AS handled_ms,
    survey_resolved,
    ${dialect.score('csat', 1, 5)} AS csat,
    ${dialect.score('nps', 0, 10)} AS nps
  FROM source_row
),
contact AS (
  SELECT
    *,
    ${category} AS category,
    ${motiveGroup} AS motive_group,
    ${theme} AS theme
  FROM normalised
),
keyed_contact AS (
  SELECT
    ${key}*,
    ${scopeKey} AS scope_key,
    ${coldFlowDelay} AS cold_flow_delay,
    ${cost} AS cost
  FROM contact
),
observation AS ${dialect.materialized}(
  SELECT ${observationEnd} AS observation_end
),
-- §3: an inbound contact within W of the previous inbound contact of the same key is a repeat.
inbound AS (
  SELECT
    *,
    coalesce(${indent(within('lag(ts) OVER same_key', 'ts'), 4)}, false) AS repeat_contact
  FROM keyed_contact
  WHERE NOT outbound
  WINDOW same_key AS (PARTITION BY ${sameKey} ORDER BY ts, source_order)
),
chained AS (
  SELECT
    *,
    count(*) FILTER (WHERE NOT repeat_contact) OVER (
      PARTITION BY ${sameKey} ORDER BY ts, source_order
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS chain_number
  FROM inbound
),
chain AS (
  SELECT
    ${sameKey},
    chain_number,
    count(*) AS length,
    coalesce(sum(cost) FILTER (WHERE repeat_contact), 0) AS repeat_cost
  FROM chained
  GROUP BY ${sameKey}, chain_number
),
-- A demand is a chain; its attributes are its first contact's.
demand AS (
  SELECT first_contact.*, chain.length, chain.repeat_cost
  FROM chained AS first_contact
  JOIN chain USING (${sameKey}, chain_number)
  WHERE NOT first_contact.repeat_contact${periodConditions}
),
-- Condition 4: demands with an outbound contact to the same customer in the same scope key (never
-- the channel) within W, as a join (a correlated EXISTS would run once per demand in PostgreSQL).
company_contacted AS (
  SELECT DISTINCT ${demandKey.map((column) => `d.${column}`).join(', ')}
  FROM demand AS d
  JOIN keyed_contact AS company_contact
    ON company_contact.customer_id = d.customer_id AND company_contact.scope_key = d.scope_key
  WHERE company_contact.outbound
    AND company_contact.ts > d.ts
    AND ${within('d.ts', 'company_contact.ts')}
),
demand_verdict AS (
  SELECT
    d.*,
    ${pending} AS pending,
    ${complex} AS complex,
    d.length = 1
    AND d.callback IS NOT TRUE${transferCondition}
    AND d.resolved IS NOT FALSE
    AND company_contacted.chain_number IS NULL
    AND (d.cold_flow_delay IS NULL OR coalesce(d.handled_ms - d.ts <= d.cold_flow_delay, false))
    AS resolved_first
  FROM demand AS d
  LEFT JOIN company_contacted
    ON ${demandKey.map((column) => `company_contacted.${column} = d.${column}`).join(' AND ')}
  CROSS JOIN observation
),
contact_figures AS (
  SELECT
    ${selectKey}count(*) AS contacts,
    count(*) FILTER (WHERE repeat_contact) AS repeat_contacts
  FROM ${keptContacts}${groupKey ? `\n  GROUP BY ${groupKey}` : ''}
),
demand_figures AS (
  SELECT
    ${selectKey}count(*) AS demands,
    count(*) FILTER (WHERE pending) AS pending,
    count(*) FILTER (WHERE NOT pending) AS eligible,
    count(*) FILTER (WHERE NOT pending AND resolved_first) AS resolved_first,
    count(*) FILTER (WHERE NOT pending AND NOT complex) AS eligible_excl_complex,
    count(*) FILTER (WHERE NOT pending AND NOT complex AND resolved_first) AS resolved_first_excl_complex,
    -- avoidable contacts and their cost: the repeats of eligible chains
    coalesce(sum(length - 1) FILTER (WHERE NOT pending), 0) AS avoidable_contacts,
    coalesce(sum(repeat_cost) FILTER (WHERE NOT pending), 0) AS avoidable_cost,
    -- surveys: the answers given on the first contact of eligible demands, the customer's
    -- answer crossed with the internal verdict
    count(*) FILTER (WHERE NOT pending AND survey_resolved AND resolved_first) AS both_resolved,
    count(*) FILTER (WHERE NOT pending AND NOT survey_resolved AND resolved_first) AS internal_only,
    count(*) FILTER (WHERE NOT pending AND survey_resolved AND NOT resolved_first) AS perceived_only,
    count(*) FILTER (WHERE NOT pending AND NOT survey_resolved AND NOT resolved_first) AS neither,
    count(*) FILTER (WHERE NOT pending AND csat IS NOT NULL) AS csat_answered,
    count(*) FILTER (WHERE NOT pending AND csat >= 4) AS satisfied,
    count(*) FILTER (WHERE NOT pending AND nps IS NOT NULL) AS nps_answered,
    count(*) FILTER (WHERE NOT pending AND nps >= 9) AS promoters,
    count(*) FILTER (WHERE NOT pending AND nps <= 6) AS detractors
  FROM demand_verdict${groupKey ? `\n  GROUP BY ${groupKey}` : ''}
),
figures AS (
  SELECT
    ${selectKey}contacts,
    repeat_contacts,
    coalesce(demands, 0) AS demands,
    coalesce(pending, 0) AS pending,
    coalesce(eligible, 0) AS eligible,
    coalesce(resolved_first, 0) AS resolved_first,
    coalesce(eligible_excl_complex, 0) AS eligible_excl_complex,
    coalesce(resolved_first_excl_complex, 0) AS resolved_first_excl_complex,
    coalesce(avoidable_contacts, 0) AS avoidable_contacts,
    coalesce(avoidable_cost, 0) AS avoidable_cost,
    coalesce(both_resolved, 0) AS both_resolved,
    coalesce(internal_only, 0) AS internal_only,
    coalesce(perceived_only, 0) AS perceived_only,
    coalesce(neither, 0) AS neither,
    coalesce(csat_answered, 0) AS csat_answered,
    coalesce(satisfied, 0) AS satisfied,
    coalesce(nps_answered, 0) AS nps_answered,
    coalesce(promoters, 0) AS promoters,
    coalesce(detractors, 0) AS detractors
  FROM contact_figures
  ${groupKey ? `LEFT JOIN demand_figures USING (${groupKey})` : 'CROSS JOIN demand_figures'}
),
-- §4: every rate over eligible demands, except the repeat rate over all inbound contacts.
rates AS (
  SELECT
    *,
    resolved_first::${double} / nullif(eligible, 0) AS fcr,
    resolved_first_excl_complex::${double} / nullif(eligible_excl_complex, 0) AS fcr_excl_complex,
    repeat_contacts::${double} / nullif(contacts, 0) AS repeat_rate,
    (eligible + avoidable_contacts)::${double} / nullif(eligible, 0) AS contacts_per_demand
  FROM figures
),
survey_counts AS (
  SELECT
    *,
    both_resolved + internal_only + perceived_only + neither AS perceived_answered,
    both_resolved + perceived_only AS resolved_perceived
  FROM rates
),
-- Cohen's kappa: observed agreement against the agreement expected by chance from the margins.
agreement AS (
  SELECT
    *,
    (both_resolved + neither)::${double} / nullif(perceived_answered, 0) AS observed_agreement,
    (both_resolved + internal_only)::${double} / nullif(perceived_answered, 0) AS internal_yes,
    resolved_perceived::${double} / nullif(perceived_answered, 0) AS perceived_yes
  FROM survey_counts
),
survey_rates AS (
  SELECT
    *,
    perceived_yes AS perceived_rate,
    internal_yes * perceived_yes + (1 - internal_yes) * (1 - perceived_yes) AS chance_agreement,
    satisfied::${double} / nullif(csat_answered, 0) AS csat_rate,
    (promoters - detractors)::${double} / nullif(nps_answered, 0) AS nps_score
  FROM agreement
)
SELECT
  ${options.by ? 'breakdown_key AS "key",\n  ' : ''}contacts::BIGINT AS "contacts",
  repeat_contacts::BIGINT AS "repeatContacts",
  demands::BIGINT AS "demands",
  pending::BIGINT AS "pending",
  eligible::BIGINT AS "eligible",
  resolved_first::BIGINT AS "resolvedFirst",
  fcr AS "fcr",
  ${wilsonSql(dialect, 'fcr', 'eligible')} AS "fcrCi95",
  eligible_excl_complex::BIGINT AS "eligibleExclComplex",
  resolved_first_excl_complex::BIGINT AS "resolvedFirstExclComplex",
  fcr_excl_complex AS "fcrExclComplex",
  ${wilsonSql(dialect, 'fcr_excl_complex', 'eligible_excl_complex')} AS "fcrExclComplexCi95",
  repeat_rate AS "repeatRate",
  ${wilsonSql(dialect, 'repeat_rate', 'contacts')} AS "repeatRateCi95",
  contacts_per_demand AS "contactsPerDemand",
  avoidable_contacts::BIGINT AS "avoidableContacts",
  avoidable_cost::${double} AS "avoidableCost",
  ${answeredOnly('perceived_answered', 'perceived_answered')} AS "perceived.answered",
  ${answeredOnly('perceived_answered', 'resolved_perceived')} AS "perceived.resolvedPerceived",
  perceived_rate AS "perceived.rate",
  ${wilsonSql(dialect, 'perceived_rate', 'perceived_answered')} AS "perceived.ci95",
  ${answeredOnly('perceived_answered', 'both_resolved')} AS "perceived.agreement.bothResolved",
  ${answeredOnly('perceived_answered', 'internal_only')} AS "perceived.agreement.internalOnly",
  ${answeredOnly('perceived_answered', 'perceived_only')} AS "perceived.agreement.perceivedOnly",
  ${answeredOnly('perceived_answered', 'neither')} AS "perceived.agreement.neither",
  -- undefined when chance agreement is total (every answer in one row and one column)
  CASE WHEN chance_agreement < 1
    THEN (observed_agreement - chance_agreement) / (1 - chance_agreement) END AS "perceived.kappa",
  ${answeredOnly('csat_answered', 'csat_answered')} AS "csat.answered",
  ${answeredOnly('csat_answered', 'satisfied')} AS "csat.satisfied",
  csat_rate AS "csat.rate",
  ${wilsonSql(dialect, 'csat_rate', 'csat_answered')} AS "csat.ci95",
  ${answeredOnly('nps_answered', 'nps_answered')} AS "nps.answered",
  ${answeredOnly('nps_answered', 'promoters')} AS "nps.promoters",
  ${answeredOnly('nps_answered', 'detractors')} AS "nps.detractors",
  nps_score AS "nps.score"
FROM survey_rates${options.by ? `\nORDER BY ${dialect.byCodePoint('breakdown_key')}` : ''}
`;
}

/** The canonical fields, in the order of METRICS.md §1 (and of the tables below): the columns `parcours normalize` writes. */
export { CANONICAL_CONTACT_COLUMNS as CANONICAL_CONTACT_FIELDS, CANONICAL_WEB_COLUMNS as CANONICAL_WEB_FIELDS };

/**
 * The PostgreSQL table `parcours sql --dialect postgres` reads, with the canonical fields and
 * their natural types; `input_order` numbers the rows as they are loaded (COPY inserts a file's
 * rows in order), which breaks ties in time. An optional column may be left out of the table.
 */
export function postgresContactsTable(name = 'contacts'): string {
	return `CREATE TABLE ${name} (
  customer_id     text NOT NULL,
  "timestamp"     timestamp without time zone NOT NULL,
  channel         text,
  motive          text,
  direction       text,
  agent           text,
  team            text,
  segment         text,
  transferred     boolean,
  callback        boolean,
  resolved        boolean,
  handled_at      timestamp without time zone,
  survey_resolved boolean,
  csat            integer,
  nps             integer,
  contact_id      text,
  input_order     bigint GENERATED ALWAYS AS IDENTITY
);`;
}

/** The PostgreSQL web log table, its rows numbered as they are loaded. */
export function postgresWebTable(name = 'web_events'): string {
	return `CREATE TABLE ${name} (
  customer_id text NOT NULL,
  "timestamp" timestamp without time zone NOT NULL,
  page        text,
  session_id  text,
  input_order bigint GENERATED ALWAYS AS IDENTITY
);`;
}

/** The COPY (or psql `\copy`) options that load a canonical CSV file into those tables. */
export function postgresCopy(table: string, columns: readonly string[], file: string, client = false): string {
	const list = columns.map((column) => (column === 'timestamp' ? '"timestamp"' : column)).join(', ');
	return `${client ? '\\copy' : 'COPY'} ${table} (${list}) FROM ${sqlString(file)} WITH (FORMAT csv, HEADER MATCH)`;
}

export interface OmnichannelSqlOptions {
	/** @default 'duckdb' */
	dialect?: SqlDialect;
	/** The contact relation (canonical columns; only customer_id, timestamp, channel, direction are read). */
	contacts: string;
	/** The web log relation: customer_id, timestamp, page, session_id. */
	web: string;
	/** Input order columns; the dialect's default when not given (see `SqlOptions.inputOrder`). */
	contactInputOrder?: string;
	webInputOrder?: string;
	/** Optional columns the contact relation lacks (read as NULL). */
	missingContactColumns?: ('channel' | 'direction')[];
	/** Whether the web relation lacks `session_id`. */
	webWithoutSessionId?: boolean;
	/** Horizon `H` of the web → contact and bounce rates, in ms. @default 24 hours */
	horizon?: number;
	/** Contact channels (lower case) that are the web itself, not an agent. @default ['web'] */
	webChannels?: string[];
	/** Longest gap inside a session without session ids, in ms. @default 30 minutes */
	sessionGap?: number;
	/** One row per page (sessions that visited it) or per exit page, instead of the totals. */
	by?: 'page' | 'exitPage';
}

/** `count`, `total`, `rate`, `ci95` columns of a rate, named `prefix.count`… */
function rateColumns(dialect: Dialect, prefix: string, count: string, total: string): string {
	const rate = `${count}::${dialect.double} / nullif(${total}, 0)`;
	return [
		`${count}::bigint AS "${prefix}count"`,
		`${total}::bigint AS "${prefix}total"`,
		`${rate} AS "${prefix}rate"`,
		`${wilsonSql(dialect, `(${rate})`, total)} AS "${prefix}ci95"`
	].join(',\n  ');
}

/**
 * Renders the query computing the figures of METRICS.md §5, as `omnichannel` gives them: web
 * sessions, web → contact (in total, or per page / exit page with `by`), the bounce to self-care
 * after an agent contact, FIR and self-care success, under the names of `OmnichannelResult`
 * (`webToContact.rate`, `fir.firCi95`, `fir.selfCare.count`…). The bounce counts every session
 * (no page pattern).
 */
export function renderOmnichannelSql(settings: AnalysisSettings, options: OmnichannelSqlOptions): string {
	const dialect = DIALECTS[options.dialect ?? 'duckdb'];
	const horizon = sqlNumber(options.horizon ?? 24 * HOUR);
	const gap = sqlNumber(options.sessionGap ?? 30 * MINUTE);
	const webChannels = (options.webChannels ?? ['web']).map((c) => sqlString(c.trim().toLowerCase()));
	const isWebChannel = webChannels.length > 0 ? `channel IN (${webChannels.join(', ')})` : 'false';
	const window = settings.window;
	const within = (earlier: string, later: string) =>
		window.kind === 'intraday'
			? `${dialect.dayNumber(earlier)} = ${dialect.dayNumber(later)}`
			: `${later} - ${earlier} <= ${sqlNumber(window.ms)}`;
	const pending =
		window.kind === 'intraday'
			? `${dialect.dayNumber('first_ts')} >= ${dialect.dayNumber('observation.observation_end')}`
			: `first_ts + ${sqlNumber(window.ms)} > observation.observation_end`;
	const observationEnd =
		settings.observationEnd === undefined
			? `(SELECT coalesce(max(ts), 0) FROM (SELECT ts FROM contact UNION ALL SELECT ts FROM web_event) AS event)`
			: sqlNumber(settings.observationEnd);
	const contactAdded = (options.missingContactColumns ?? [])
		.map((column) => `NULL::${SQL_COLUMN_TYPES[column]} AS ${column}, `)
		.join('');
	const webAdded = options.webWithoutSessionId ? 'NULL::VARCHAR AS session_id, ' : '';
	const contactOrder = options.contactInputOrder ?? dialect.defaultInputOrder;
	const webOrder = options.webInputOrder ?? dialect.defaultInputOrder;
	const sessionKey = 'customer_id, session_group, session_number';
	const contactAfter = `
    SELECT 1 FROM inbound AS c
    WHERE c.customer_id = s.customer_id AND c.ts >= s.end_ts AND c.ts <= s.end_ts + ${horizon}
  `;
	const sessionAfter = `
    SELECT 1 FROM session AS s
    WHERE s.customer_id = c.customer_id AND s.start_ts >= c.ts AND s.start_ts <= c.ts + ${horizon}
  `;

	const query = `-- Parcours omnichannel figures (METRICS.md §5): horizon ${horizon} ms, window ${formatWindow(window)}${options.by ? `, by ${options.by}` : ''}
WITH
contact_row AS (
  SELECT *, ${contactAdded}${contactOrder} AS source_order FROM ${options.contacts}
),
contact AS (
  SELECT
    source_order,
    customer_id,
    ${dialect.epochMs('"timestamp"')} AS ts,
    ${text('channel', 'unknown', true)} AS channel,
    coalesce(lower(trim(direction)) = 'outbound', false) AS outbound
  FROM contact_row
),
inbound AS (
  SELECT *, ${isWebChannel} AS web_channel FROM contact WHERE NOT outbound
),
web_row AS (
  SELECT *, ${webAdded}${webOrder} AS source_order FROM ${options.web}
),
web_event AS (
  SELECT
    source_order,
    customer_id,
    ${dialect.epochMs('"timestamp"')} AS ts,
    ${text('page', '(none)')} AS page,
    -- views with a session id form one session; those without split where the gap exceeds 30 min
    coalesce('#' || nullif(trim(session_id), ''), '') AS session_group
  FROM web_row
),
web_step AS (
  SELECT
    *,
    CASE
      WHEN lag(ts) OVER same_group IS NULL THEN true
      WHEN session_group <> '' THEN false
      ELSE ts - lag(ts) OVER same_group > ${gap}
    END AS session_start
  FROM web_event
  WINDOW same_group AS (PARTITION BY customer_id, session_group ORDER BY ts, source_order)
),
web_in_session AS (
  SELECT
    *,
    count(*) FILTER (WHERE session_start) OVER (
      PARTITION BY customer_id, session_group ORDER BY ts, source_order
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS session_number
  FROM web_step
),
web_view AS (
  SELECT
    *,
    row_number() OVER (PARTITION BY ${sessionKey} ORDER BY ts DESC, source_order DESC) AS from_end
  FROM web_in_session
),
-- A session sits at its first page view; its exit page is its last one's.
session AS (
  SELECT
    ${sessionKey},
    min(ts) AS start_ts,
    max(ts) AS end_ts,
    min(source_order) AS first_order,
    min(page) FILTER (WHERE from_end = 1) AS exit_page
  FROM web_view
  GROUP BY ${sessionKey}
),
-- Web → contact: an inbound contact of the customer within [last view, last view + H]. Both
-- tests are semi- and anti-joins (in WHERE, so every engine plans them as joins).
session_verdict AS (
  SELECT s.*, true AS followed FROM session AS s WHERE EXISTS (${contactAfter})
  UNION ALL
  SELECT s.*, false AS followed FROM session AS s WHERE NOT EXISTS (${contactAfter})
),
-- Bounce to self-care: an inbound agent contact followed by a session starting within [t, t + H].
agent_contact AS (
  SELECT c.*, true AS bounced FROM inbound AS c WHERE NOT c.web_channel AND EXISTS (${sessionAfter})
  UNION ALL
  SELECT c.*, false AS bounced FROM inbound AS c WHERE NOT c.web_channel AND NOT EXISTS (${sessionAfter})
),
observation AS ${dialect.materialized}(
  SELECT ${observationEnd} AS observation_end
),
-- FIR: sessions (at their first view) and inbound contacts in one chain per customer, scope any;
-- at equal times the session comes first.
interaction AS (
  SELECT customer_id, start_ts AS ts, 0 AS kind, first_order AS tie FROM session
  UNION ALL
  SELECT customer_id, ts, 1 AS kind, source_order AS tie FROM inbound
),
fir_step AS (
  SELECT
    *,
    coalesce(${indent(within('lag(ts) OVER by_customer', 'ts'), 4)}, false) AS repeat_interaction
  FROM interaction
  WINDOW by_customer AS (PARTITION BY customer_id ORDER BY ts, kind, tie)
),
fir_chained AS (
  SELECT
    *,
    count(*) FILTER (WHERE NOT repeat_interaction) OVER (
      PARTITION BY customer_id ORDER BY ts, kind, tie
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS chain_number
  FROM fir_step
),
fir_chain AS (
  SELECT
    customer_id,
    chain_number,
    min(ts) AS first_ts,
    count(*) AS length,
    count(*) FILTER (WHERE NOT repeat_interaction AND kind = 0) > 0 AS started_on_web
  FROM fir_chained
  GROUP BY customer_id, chain_number
),
fir_verdict AS (
  SELECT fir_chain.*, ${pending} AS pending
  FROM fir_chain, observation
)`;

	if (options.by) {
		const pages =
			options.by === 'page'
				? `SELECT DISTINCT ${sessionKey}, page AS page_key FROM web_in_session`
				: `SELECT ${sessionKey}, exit_page AS page_key FROM session`;
		return `${query},
session_page AS (
  ${pages}
),
page_figures AS (
  SELECT
    p.page_key,
    count(*) FILTER (WHERE s.followed) AS followed,
    count(*) AS sessions
  FROM session_page AS p
  JOIN session_verdict AS s USING (${sessionKey})
  GROUP BY p.page_key
)
SELECT
  page_key AS "key",
  ${rateColumns(dialect, '', 'followed', 'sessions')}
FROM page_figures
ORDER BY ${dialect.byCodePoint('page_key')}
`;
	}
	return `${query},
session_figures AS (
  SELECT count(*) AS sessions, count(*) FILTER (WHERE followed) AS followed FROM session_verdict
),
bounce_figures AS (
  SELECT count(*) AS agent_contacts, count(*) FILTER (WHERE bounced) AS bounced FROM agent_contact
),
fir_figures AS (
  SELECT
    count(*) AS chains,
    count(*) FILTER (WHERE pending) AS pending,
    count(*) FILTER (WHERE NOT pending) AS eligible,
    count(*) FILTER (WHERE NOT pending AND length = 1) AS resolved_first,
    count(*) FILTER (WHERE NOT pending AND started_on_web) AS started_on_web,
    count(*) FILTER (WHERE NOT pending AND started_on_web AND length = 1) AS self_care_successes
  FROM fir_verdict
)
SELECT
  ${horizon}::bigint AS "horizon",
  sessions::bigint AS "sessions",
  (SELECT count(*) FROM web_event)::bigint AS "webEvents",
  ${rateColumns(dialect, 'webToContact.', 'followed', 'sessions')},
  ${rateColumns(dialect, 'bounceToSelfCare.', 'bounced', 'agent_contacts')},
  chains::bigint AS "fir.chains",
  pending::bigint AS "fir.pending",
  eligible::bigint AS "fir.eligible",
  resolved_first::bigint AS "fir.resolvedFirst",
  resolved_first::${dialect.double} / nullif(eligible, 0) AS "fir.fir",
  ${wilsonSql(dialect, `(resolved_first::${dialect.double} / nullif(eligible, 0))`, 'eligible')} AS "fir.firCi95",
  started_on_web::bigint AS "fir.startedOnWeb",
  self_care_successes::bigint AS "fir.selfCareSuccesses",
  ${rateColumns(dialect, 'fir.selfCare.', 'self_care_successes', 'started_on_web')},
  observation_end::bigint AS "observationEnd"
FROM session_figures, bounce_figures, fir_figures, observation
`;
}
