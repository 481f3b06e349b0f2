import { ident } from '../store/db.js';

/**
 * The SQL of the daily KPI snapshots (definitions in docs/metrics.md). Every statement takes $1 first
 * day and $2 last day (dates, UTC); the stock statement also $3 SLA severities (text[]) and $4 SLA days
 * (float8[]), the window statement $3 the trailing window (days). A day's value is taken at the end of
 * the day: the instant (day + 1) 00:00 UTC.
 */

/** Item state segments: one row per state an item was in, from `start_at` until `end_at` (infinity while current). */
export function segmentsSql(schema: string): string {
  const s = ident(schema);
  return `
CREATE TEMP TABLE ws_seg ON COMMIT DROP AS
SELECT x.*,
       min(x.start_at) FILTER (WHERE x.category IN ('in_progress', 'resolved'))
         OVER (PARTITION BY x.item_id ORDER BY x.seq ROWS UNBOUNDED PRECEDING) AS first_active_at,
       coalesce(sum(CASE WHEN x.category IN ('in_progress', 'resolved') THEN extract(epoch FROM x.end_at - x.start_at) END)
         OVER (PARTITION BY x.item_id ORDER BY x.seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS active_before_s
FROM (
  SELECT h.item_id,
         w.work_item_type AS type,
         coalesce(w.severity, '(none)') AS severity,
         coalesce(w.customer_name, '(none)') AS customer,
         coalesce(w.area_path, '(none)') AS area,
         w.project,
         lower(w.work_item_type) = 'bug' AS is_bug,
         w.created_at,
         h.changed_at AS start_at,
         coalesce(lead(h.changed_at) OVER item, 'infinity'::timestamptz) AS end_at,
         h.from_category,
         coalesce(h.to_category, 'proposed') AS category,
         row_number() OVER item AS seq
    FROM ${s}.change_history h
    JOIN ${s}.work_items w ON w.id = h.item_id
   WHERE w.deleted_at IS NULL
  WINDOW item AS (PARTITION BY h.item_id ORDER BY h.changed_at, length(h.change_id), h.change_id)
) x`;
}

/**
 * The six breakdowns of every metric: overall, by type, severity, customer, area and project. Multi-valued
 * customers and components ("A; B") count for each of their values.
 */
const dimensions = (alias: string) => `CROSS JOIN LATERAL (
  SELECT 'all', '' UNION ALL SELECT 'type', ${alias}.type UNION ALL SELECT 'severity', ${alias}.severity
  UNION ALL SELECT 'customer', unnest(string_to_array(${alias}.customer, '; '))
  UNION ALL SELECT 'area', unnest(string_to_array(${alias}.area, '; '))
  UNION ALL SELECT 'project', ${alias}.project) AS d(dim, val)`;

const utcDay = (column: string) => `((${column}) AT TIME ZONE 'UTC')::date`;

/** Daily counts of events: created, resolved, reopened, throughput. */
export function flowSql(schema: string): string {
  return `
INSERT INTO ${ident(schema)}.history_snapshots (snapshot_date, metric, dimension, dimension_value, value)
SELECT e.day, e.metric, d.dim, d.val, count(*)
  FROM (
    SELECT s.*, ${utcDay('s.start_at')} AS day,
           CASE
             WHEN s.seq = 1 THEN 'created'
             WHEN s.from_category IN ('proposed', 'in_progress') AND s.category IN ('resolved', 'completed') THEN 'resolved'
             WHEN s.from_category IN ('resolved', 'completed') AND s.category IN ('proposed', 'in_progress') THEN 'reopened'
           END AS metric
      FROM ws_seg s
    UNION ALL
    SELECT s.*, ${utcDay('s.start_at')}, 'throughput'
      FROM ws_seg s
     WHERE s.seq > 1 AND s.category = 'completed' AND s.from_category IS DISTINCT FROM 'completed'
  ) AS e
  ${dimensions('e')}
 WHERE e.metric IS NOT NULL AND e.day BETWEEN $1::date AND $2::date
 GROUP BY e.day, e.metric, d.dim, d.val`;
}
