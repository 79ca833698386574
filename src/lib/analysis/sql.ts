/**
 * The definitions of METRICS.md §3–4 as one DuckDB query, for the customer's own engine and as
 * the independent reference `analyze` is tested against. It returns the same figures, under the
 * same names as `Figures`, then the survey figures of `AnalysisResult` — perceived FCR with its
 * agreement table and kappa, CSAT, NPS — as flat columns named by their path in the result
 * (`perceived.rate`, `perceived.agreement.bothResolved`, `csat.ci95`, `nps.score`…). Like the
 * engine, they count the answers given on the first contact of eligible demands, and a group's
 * columns are all NULL when none of those contacts has an answer (the engine's `null`).
 * Breakdown rows carry the survey columns too, each demand under its first contact's key, as
 * METRICS.md §4 asks of breakdowns and as `analyze` gives them in its `by` rows.
 *
 * The source relation has the canonical columns:
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
 * Ties in time are broken by input order: give the column holding it as `inputOrder`, or the
 * query numbers rows with `row_number() OVER ()`, which follows DuckDB's scan order (the file's
 * or the insertion order while `preserve_insertion_order` is on, its default).
 */
import { DAY, formatWindow, type AnalysisSettings } from './settings';
import { Z95 } from './stats';
import type { Dimension } from './metrics';
import { UNCATALOGUED_SUFFIX } from './chains';

export interface SqlOptions {
	/** A table name or a table function, e.g. `read_csv('contacts.csv')`. */
	source: string;
	/** One row per key of this dimension (column `key`), ordered by key; one row in total without. */
	by?: Dimension;
	/** Column of the source giving the input order; default `row_number() OVER ()`. */
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
	const names = [...new Set(Object.values(groups))];
	const own = names.length === 0
		? 'motive'
		: `CASE WHEN motive IN (${names.map(sqlString).join(', ')}) THEN motive || ${sqlString(UNCATALOGUED_SUFFIX)} ELSE motive END`;
	return lookup('motive', Object.entries(groups).map(([motive, group]) => [motive, sqlString(group)]), own);
}

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

/**
 * A survey score: the whole number in [min, max] the column holds, as number or text (`4`,
 * `4.0`, `4,0`), else NULL (unanswered), as the import reads scores.
 */
function score(column: string, min: number, max: number): string {
	const value = `try_cast(replace(trim(${column}::VARCHAR), ',', '.') AS DOUBLE)`;
	return `CASE WHEN ${value} BETWEEN ${min} AND ${max} AND ${value} = floor(${value}) THEN ${value} END`;
}

/** Wilson score interval of the rate `p` over `n` as a [low, high] DOUBLE list, NULL when n = 0. */
function wilsonSql(p: string, n: string): string {
	const z = sqlNumber(Z95);
	const z2 = sqlNumber(Z95 * Z95);
	const centre = `(${p} + ${z2} / (2 * ${n}))`;
	const half = `${z} * sqrt(${p} * (1 - ${p}) / ${n} + ${z2} / (4 * ${n} * ${n}))`;
	const scale = `(1 + ${z2} / ${n})`;
	return (
		`CASE WHEN ${n} > 0 THEN [\n` +
		`    greatest(0, (${centre} - ${half}) / ${scale}),\n` +
		`    least(1, (${centre} + ${half}) / ${scale})\n  ] END`
	);
}

function breakdownKey(by: Dimension): string {
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
			return `strftime(epoch_ms(ts), '%Y-%m')`;
		case 'week':
			// ISO week-year and week number.
			return `strftime(epoch_ms(ts), '%G-W%V')`;
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
	const window = settings.window;
	const intraday = window.kind === 'intraday';
	const w = window.kind === 'duration' ? sqlNumber(window.ms) : '';
	const day = sqlNumber(DAY);
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
		'NULL'
	);
	const cost = lookup(
		'channel',
		Object.entries(settings.costPerChannel).map(([channel, value]) => [
			channel,
			`${sqlNumber(value)}::DOUBLE`
		]),
		'0::DOUBLE'
	);
	const complex =
		settings.complexMotives.length === 0
			? 'false'
			: `d.motive IN (${settings.complexMotives.map(sqlString).join(', ')})`;
	const observationEnd =
		settings.observationEnd === undefined
			? '(SELECT max(ts) FROM contact)'
			: sqlNumber(settings.observationEnd);

	const within = (earlier: string, later: string) =>
		intraday
			? `floor(${earlier} / ${day}) = floor(${later} / ${day})`
			: `${later} - ${earlier} <= ${w}`;
	const pending = intraday
		? `floor(d.ts / ${day}) >= floor(observation.observation_end / ${day})`
		: `d.ts + ${w} > observation.observation_end`;
	const transferCondition = settings.transferIsFailure ? '\n    AND d.transferred IS NOT TRUE' : '';
	const key = options.by ? `${breakdownKey(options.by)} AS breakdown_key,\n    ` : '';
	const groupKey = options.by ? 'breakdown_key' : '';
	const selectKey = options.by ? 'breakdown_key, ' : '';
	const inputOrder = options.inputOrder ?? 'row_number() OVER ()';
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
  SELECT *, ${added}${inputOrder} AS input_order FROM ${options.source}
),
normalised AS (
  SELECT
    input_order,
    customer_id,
    epoch_ms("timestamp") AS ts,
    ${text('channel', 'unknown', true)} AS channel,
    ${text('motive', 'unqualified')} AS motive,
    coalesce(lower(trim(direction)) = 'outbound', false) AS outbound,
    ${text('agent', '(none)')} AS agent,
    ${text('team', '(none)')} AS team,
    ${text('segment', '(none)')} AS segment,
    transferred,
    callback,
    resolved,
    epoch_ms(handled_at) AS handled_ms,
    survey_resolved,
    ${score('csat', 1, 5)} AS csat,
    ${score('nps', 0, 10)} AS nps
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
observation AS (
  SELECT ${observationEnd} AS observation_end
),
-- §3: an inbound contact within W of the previous inbound contact of the same key is a repeat.
inbound AS (
  SELECT
    *,
    coalesce(${indent(within('lag(ts) OVER same_key', 'ts'), 4)}, false) AS repeat_contact
  FROM keyed_contact
  WHERE NOT outbound
  WINDOW same_key AS (PARTITION BY ${sameKey} ORDER BY ts, input_order)
),
chained AS (
  SELECT
    *,
    count(*) FILTER (WHERE NOT repeat_contact) OVER (
      PARTITION BY ${sameKey} ORDER BY ts, input_order
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
demand_verdict AS (
  SELECT
    d.*,
    ${pending} AS pending,
    ${complex} AS complex,
    d.length = 1
    AND d.callback IS NOT TRUE${transferCondition}
    AND d.resolved IS NOT FALSE
    -- no outbound contact to the same customer in the same scope key (never the channel)
    AND NOT EXISTS (
      SELECT 1
      FROM keyed_contact AS company_contact
      WHERE company_contact.outbound
        AND company_contact.customer_id = d.customer_id
        AND company_contact.scope_key = d.scope_key
        AND company_contact.ts > d.ts
        AND ${within('d.ts', 'company_contact.ts')}
    )
    AND (d.cold_flow_delay IS NULL OR coalesce(d.handled_ms - d.ts <= d.cold_flow_delay, false))
    AS resolved_first
  FROM demand AS d, observation
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
    resolved_first::DOUBLE / nullif(eligible, 0) AS fcr,
    resolved_first_excl_complex::DOUBLE / nullif(eligible_excl_complex, 0) AS fcr_excl_complex,
    repeat_contacts::DOUBLE / nullif(contacts, 0) AS repeat_rate,
    (eligible + avoidable_contacts)::DOUBLE / nullif(eligible, 0) AS contacts_per_demand
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
    (both_resolved + neither)::DOUBLE / nullif(perceived_answered, 0) AS observed_agreement,
    (both_resolved + internal_only)::DOUBLE / nullif(perceived_answered, 0) AS internal_yes,
    resolved_perceived::DOUBLE / nullif(perceived_answered, 0) AS perceived_yes
  FROM survey_counts
),
survey_rates AS (
  SELECT
    *,
    perceived_yes AS perceived_rate,
    internal_yes * perceived_yes + (1 - internal_yes) * (1 - perceived_yes) AS chance_agreement,
    satisfied::DOUBLE / nullif(csat_answered, 0) AS csat_rate,
    (promoters - detractors)::DOUBLE / nullif(nps_answered, 0) AS nps_score
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
  ${wilsonSql('fcr', 'eligible')} AS "fcrCi95",
  eligible_excl_complex::BIGINT AS "eligibleExclComplex",
  resolved_first_excl_complex::BIGINT AS "resolvedFirstExclComplex",
  fcr_excl_complex AS "fcrExclComplex",
  ${wilsonSql('fcr_excl_complex', 'eligible_excl_complex')} AS "fcrExclComplexCi95",
  repeat_rate AS "repeatRate",
  ${wilsonSql('repeat_rate', 'contacts')} AS "repeatRateCi95",
  contacts_per_demand AS "contactsPerDemand",
  avoidable_contacts::BIGINT AS "avoidableContacts",
  avoidable_cost::DOUBLE AS "avoidableCost",
  ${answeredOnly('perceived_answered', 'perceived_answered')} AS "perceived.answered",
  ${answeredOnly('perceived_answered', 'resolved_perceived')} AS "perceived.resolvedPerceived",
  perceived_rate AS "perceived.rate",
  ${wilsonSql('perceived_rate', 'perceived_answered')} AS "perceived.ci95",
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
  ${wilsonSql('csat_rate', 'csat_answered')} AS "csat.ci95",
  ${answeredOnly('nps_answered', 'nps_answered')} AS "nps.answered",
  ${answeredOnly('nps_answered', 'promoters')} AS "nps.promoters",
  ${answeredOnly('nps_answered', 'detractors')} AS "nps.detractors",
  nps_score AS "nps.score"
FROM survey_rates${options.by ? '\nORDER BY breakdown_key' : ''}
`;
}
