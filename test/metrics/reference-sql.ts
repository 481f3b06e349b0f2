import { ident } from '../../src/store/db.js';

/**
 * The stock and distribution metrics written as plain SQL: the definitions of docs/metrics.md in their
 * most direct form. worksync computes them in TypeScript (src/metrics/daily-metrics.ts) because these
 * statements are too slow on large histories; the tests check that both give the same numbers.
 * Run inside the transaction that created `ws_seg` (src/metrics/snapshot-sql.ts).
 */
const dimensions = (alias: string) => `CROSS JOIN LATERAL (
  SELECT 'all', '' UNION ALL SELECT 'type', ${alias}.type UNION ALL SELECT 'severity', ${alias}.severity
  UNION ALL SELECT 'customer', unnest(string_to_array(${alias}.customer, '; '))
  UNION ALL SELECT 'area', unnest(string_to_array(${alias}.area, '; '))
  UNION ALL SELECT 'project', ${alias}.project) AS d(dim, val)`;
const DIMENSIONS = dimensions('s');
const utcDay = (column: string) => `((${column}) AT TIME ZONE 'UTC')::date`;
const dayEnd = (day: string) => `((${day} + 1)::timestamp AT TIME ZONE 'UTC')`;

/**
 * Stock metrics (counts at the end of each day) from +1/-1 events at segment starts and ends, summed
 * over time: cfd_<category>, open, bugs_open, wip, sla_breaches; and the mean age of open items.
 */
export function stockSql(schema: string): string {
  return `
INSERT INTO ${ident(schema)}.history_snapshots (snapshot_date, metric, dimension, dimension_value, value)
WITH sla AS (SELECT * FROM unnest($3::text[], $4::float8[]) AS t(severity, days)),
-- Each segment counts for these metrics from from_at until its end.
counted AS (
  SELECT k.metric, d.dim, d.val, k.from_at, s.end_at, extract(epoch FROM s.created_at) AS created_s
    FROM ws_seg s
    LEFT JOIN sla ON sla.severity = s.severity
    CROSS JOIN LATERAL (VALUES
      ('cfd_' || s.category, s.start_at, true),
      ('open', s.start_at, s.category IN ('proposed', 'in_progress')),
      ('bugs_open', s.start_at, s.is_bug AND s.category IN ('proposed', 'in_progress')),
      ('wip', s.start_at, s.category = 'in_progress'),
      ('sla_breaches', greatest(s.start_at, s.created_at + sla.days * interval '1 day'),
        s.is_bug AND s.category IN ('proposed', 'in_progress') AND sla.days IS NOT NULL)
    ) AS k(metric, from_at, applies)
    ${DIMENSIONS}
   WHERE k.applies AND k.from_at < s.end_at
),
ev AS (
  SELECT metric, dim, val, greatest(${utcDay('from_at')}, $1::date) AS day, 1 AS delta, created_s
    FROM counted WHERE ${utcDay('from_at')} <= $2::date
  UNION ALL
  SELECT metric, dim, val, greatest(${utcDay('end_at')}, $1::date), -1, created_s
    FROM counted WHERE end_at <> 'infinity' AND ${utcDay('end_at')} <= $2::date
),
deltas AS (
  SELECT metric, dim, val, day, sum(delta) AS delta, sum(delta * created_s) AS created_sum
    FROM ev GROUP BY metric, dim, val, day
),
keys AS (SELECT DISTINCT metric, dim, val FROM deltas),
filled AS (
  SELECT k.metric, k.dim, k.val, g.day::date AS day, coalesce(dl.delta, 0) AS delta, coalesce(dl.created_sum, 0) AS created_sum
    FROM keys k
   CROSS JOIN generate_series($1::date, $2::date, interval '1 day') AS g(day)
    LEFT JOIN deltas dl ON dl.metric = k.metric AND dl.dim = k.dim AND dl.val = k.val AND dl.day = g.day::date
),
totals AS (
  SELECT metric, dim, val, day,
         sum(delta) OVER w AS value,
         sum(created_sum) OVER w AS created_sum
    FROM filled
  WINDOW w AS (PARTITION BY metric, dim, val ORDER BY day)
),
changes AS (
  SELECT t.*, lag(value) OVER (PARTITION BY metric, dim, val ORDER BY day) AS previous FROM totals t
)
-- Zero days are kept only where a count falls to zero (so charts drop), not while it stays there.
SELECT day, metric, dim, val, value FROM changes WHERE value <> 0 OR coalesce(previous, 0) <> 0
UNION ALL
SELECT day, 'age_mean_days', dim, val, (extract(epoch FROM ${dayEnd('day')}) - created_sum / value) / 86400.0
  FROM totals WHERE metric = 'open' AND value > 0`;
}

/** The 85th percentile of the age of the items open at the end of each day. */
export function ageSql(schema: string): string {
  return `
INSERT INTO ${ident(schema)}.history_snapshots (snapshot_date, metric, dimension, dimension_value, value)
SELECT g.day::date, 'age_p85_days', d.dim, d.val,
       percentile_cont(0.85) WITHIN GROUP (ORDER BY extract(epoch FROM ${dayEnd('g.day::date')} - s.created_at) / 86400.0)
  FROM ws_seg s
 CROSS JOIN LATERAL generate_series(greatest(${utcDay('s.start_at')}, $1::date),
                                    least(CASE WHEN s.end_at = 'infinity' THEN $2::date ELSE ${utcDay('s.end_at')} - 1 END, $2::date),
                                    interval '1 day') AS g(day)
 ${DIMENSIONS}
 WHERE s.category IN ('proposed', 'in_progress')
 GROUP BY g.day::date, d.dim, d.val`;
}

/**
 * Distributions over a trailing window ending each day: lead time (created → completed), cycle time
 * (first in progress or resolved → completed, Azure DevOps widget definition), control-chart cycle time
 * (time spent in progress or resolved, Jira control chart), as p50/p85/p95; bug MTTR (mean of created →
 * resolved). Every completion counts: a re-opened item counts when it completes again.
 */
export function windowSql(schema: string): string {
  return `
INSERT INTO ${ident(schema)}.history_snapshots (snapshot_date, metric, dimension, dimension_value, value)
WITH done AS (
  SELECT s.*, ${utcDay('s.start_at')} AS day,
         extract(epoch FROM s.start_at - s.created_at) / 86400.0 AS lead_days,
         extract(epoch FROM s.start_at - s.first_active_at) / 86400.0 AS cycle_days,
         CASE WHEN s.first_active_at IS NULL THEN NULL ELSE s.active_before_s / 86400.0 END AS control_days
    FROM ws_seg s
   WHERE s.transition AND s.seq > 1 AND s.category = 'completed' AND s.from_category IS DISTINCT FROM 'completed'
),
spread AS (
  SELECT g.day::date AS day, d.dim, d.val, e.lead_days, e.cycle_days, e.control_days
    FROM done e
   CROSS JOIN LATERAL generate_series(greatest(e.day, $1::date), least(e.day + ($3::int - 1), $2::date), interval '1 day') AS g(day)
   ${dimensions('e')}
),
pct AS (
  SELECT day, dim, val,
         percentile_cont(ARRAY[0.5, 0.85, 0.95]) WITHIN GROUP (ORDER BY lead_days) AS lead,
         percentile_cont(ARRAY[0.5, 0.85, 0.95]) WITHIN GROUP (ORDER BY cycle_days) AS cycle,
         percentile_cont(ARRAY[0.5, 0.85, 0.95]) WITHIN GROUP (ORDER BY control_days) AS control
    FROM spread GROUP BY day, dim, val
),
mttr AS (
  SELECT g.day::date AS day, d.dim, d.val, avg(extract(epoch FROM s.start_at - s.created_at) / 86400.0) AS value
    FROM ws_seg s
   CROSS JOIN LATERAL generate_series(greatest(${utcDay('s.start_at')}, $1::date),
                                      least(${utcDay('s.start_at')} + ($3::int - 1), $2::date), interval '1 day') AS g(day)
   ${DIMENSIONS}
   WHERE s.transition AND s.is_bug AND s.from_category IN ('proposed', 'in_progress') AND s.category IN ('resolved', 'completed')
   GROUP BY g.day::date, d.dim, d.val
)
SELECT p.day, m.metric, p.dim, p.val, m.value
  FROM pct p
 CROSS JOIN LATERAL (VALUES
   ('lead_time_p50_days', p.lead[1]), ('lead_time_p85_days', p.lead[2]), ('lead_time_p95_days', p.lead[3]),
   ('cycle_time_p50_days', p.cycle[1]), ('cycle_time_p85_days', p.cycle[2]), ('cycle_time_p95_days', p.cycle[3]),
   ('cycle_time_control_p50_days', p.control[1]), ('cycle_time_control_p85_days', p.control[2]),
   ('cycle_time_control_p95_days', p.control[3])
 ) AS m(metric, value)
 WHERE m.value IS NOT NULL
UNION ALL
SELECT day, 'bug_mttr_days', dim, val, value FROM mttr`;
}
