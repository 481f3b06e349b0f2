import { ident } from '../store/db.js';

/**
 * The SQL of the daily KPI snapshots (definitions in docs/metrics.md). Every statement takes $1 first
 * day and $2 last day (dates, UTC); the stock statement also $3 SLA severities (text[]) and $4 SLA days
 * (float8[]), the window statement $3 the trailing window (days). A day's value is taken at the end of
 * the day: the instant (day + 1) 00:00 UTC.
 */

/** The attributes every breakdown groups by, as of each day: field_history field → work_items column. */
const ATTRIBUTES = [
  ['type', 'w.work_item_type', false],
  ['severity', 'w.severity', true],
  ['customer', 'w.customer_name', true],
  ['area', 'w.area_path', true],
  ['project', 'w.project', false],
] as const;

/**
 * A change's value, tagged so that `max` and `min` pick the latest and earliest change of an item:
 * the change's rank in the item's history (10 digits), then 'v' and the value, or 'n' for null.
 */
const tagged = (column: string) => `k || coalesce('v' || ${column}, 'n')`;
const untag = (tag: string) => `CASE WHEN substr(${tag}, 11, 1) = 'v' THEN substr(${tag}, 12) END`;

/**
 * Item segments: one row per stretch of time in which an item kept its state and its attributes as of
 * the day, from `start_at` until `end_at` (infinity while current). Metrics take a day's value at its
 * end, so an attribute change counts from the start of its UTC day: each item's attribute changes of
 * one day become one boundary at 00:00 holding the day's last values. Before an attribute's first
 * change the item had that change's from-value; an attribute never changed has its current value.
 * Rows with `transition` start at a state change (its `from_category` → `category`); the others split a
 * state at an attribute boundary. A deleted item counts until its deletion, so no past day changes.
 * `first_active_at` and `active_before_s` (seconds active before this state) belong to the state.
 */
export function segmentsSql(schema: string): string {
  const s = ident(schema);
  const fields = ATTRIBUTES.map(([f]) => `'${f}'`).join(', ');
  const columns = ATTRIBUTES.map(([f]) => `${f}_v`).join(', ');
  const perField = (aggregate: (f: string) => string) =>
    ATTRIBUTES.map(([f]) => `${aggregate(f)} AS ${f}_v`).join(',\n         ');
  const pick = (agg: string, column: string, f: string) =>
    `${agg}(${tagged(column)}) FILTER (WHERE field = '${f}')`;
  const carried = ATTRIBUTES.map(([f]) => `max(${f}_v) OVER w AS ${f}_now`).join(', ');
  const nulls = ATTRIBUTES.map(([f]) => `NULL::text AS ${f}_v`).join(', ');
  // Optional attributes read '(none)' when unset, so that they form a breakdown of their own.
  const asOf = ATTRIBUTES.map(([f, current, optional]) => {
    const value = `CASE WHEN c.${f}_now IS NOT NULL THEN ${untag(`c.${f}_now`)} ELSE ${current} END`;
    return `${optional ? `coalesce(${value}, '(none)')` : value} AS ${f}`;
  }).join(',\n         ');
  // One sort of the merged stream carries everything: attribute values and the state's category (tagged
  // with the state's rank); a split row needs no more of its state (the flows and distributions read
  // transitions only), so nothing is joined back. Before an attribute's first change the item had the
  // change's from-value: a row at -infinity tagged with rank 0, below every change.
  return `
CREATE TEMP TABLE ws_seg ON COMMIT DROP AS
WITH st AS (
  SELECT h.item_id, h.changed_at AS at, h.from_category, coalesce(h.to_category, 'proposed') AS category,
         row_number() OVER item AS seq,
         coalesce(lead(h.changed_at) OVER item, 'infinity'::timestamptz) AS state_end
    FROM ${s}.change_history h
  WINDOW item AS (PARTITION BY h.item_id ORDER BY h.changed_at, length(h.change_id), h.change_id)
), states AS (
  SELECT st.*,
         min(st.at) FILTER (WHERE st.category IN ('in_progress', 'resolved')) OVER (item ROWS UNBOUNDED PRECEDING) AS first_active_at,
         coalesce(sum(CASE WHEN st.category IN ('in_progress', 'resolved') THEN extract(epoch FROM st.state_end - st.at) END)
           OVER (item ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS active_before_s
    FROM st
  WINDOW item AS (PARTITION BY st.item_id ORDER BY st.seq)
), fh AS (
  SELECT item_id, field, changed_at, from_value, to_value,
         lpad((row_number() OVER (PARTITION BY item_id ORDER BY changed_at, length(change_id), change_id, field))::text, 10, '0') AS k
    FROM ${s}.field_history
   WHERE field IN (${fields})
), attributes AS (
  SELECT item_id, '-infinity'::timestamptz AS at,
         ${perField((f) => `'0000000000' || substr(${pick('min', 'from_value', f)}, 11)`)}
    FROM fh GROUP BY item_id
  UNION ALL
  SELECT item_id, date_trunc('day', changed_at, 'UTC'),
         ${perField((f) => pick('max', 'to_value', f))}
    FROM fh GROUP BY item_id, 2
), events AS (
  SELECT item_id, at, 1 AS ord, seq, lpad(seq::text, 10, '0') || category AS state_v, from_category, category,
         first_active_at, active_before_s, ${nulls}
    FROM states
  UNION ALL
  SELECT item_id, at, 0, NULL, NULL, NULL, NULL, NULL, NULL, ${columns} FROM attributes
), c AS (
  SELECT item_id, at, ord, from_category, first_active_at, active_before_s,
         max(seq) OVER w AS state_seq, max(state_v) OVER w AS state_now, ${carried},
         lead(at) OVER (PARTITION BY item_id ORDER BY at, ord) AS next_at
    FROM events
  WINDOW w AS (PARTITION BY item_id ORDER BY at, ord ROWS UNBOUNDED PRECEDING)
)
SELECT x.*, lower(x.type) = 'bug' AS is_bug
  FROM (
  SELECT c.item_id,
         ${asOf},
         w.created_at,
         c.at AS start_at,
         least(coalesce(c.next_at, 'infinity'::timestamptz), coalesce(w.deleted_at, 'infinity'::timestamptz)) AS end_at,
         c.ord = 1 AS transition,
         CASE WHEN c.ord = 1 THEN c.from_category ELSE substr(c.state_now, 11) END AS from_category,
         substr(c.state_now, 11) AS category,
         c.state_seq AS seq, c.first_active_at, c.active_before_s
    FROM c
    JOIN ${s}.work_items w ON w.id = c.item_id
   WHERE c.state_seq IS NOT NULL AND (w.deleted_at IS NULL OR c.at < w.deleted_at)
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
             WHEN NOT s.transition THEN NULL
             WHEN s.seq = 1 THEN 'created'
             WHEN s.from_category IN ('proposed', 'in_progress') AND s.category IN ('resolved', 'completed') THEN 'resolved'
             WHEN s.from_category IN ('resolved', 'completed') AND s.category IN ('proposed', 'in_progress') THEN 'reopened'
           END AS metric
      FROM ws_seg s
    UNION ALL
    SELECT s.*, ${utcDay('s.start_at')}, 'throughput'
      FROM ws_seg s
     WHERE s.transition AND s.seq > 1 AND s.category = 'completed' AND s.from_category IS DISTINCT FROM 'completed'
  ) AS e
  ${dimensions('e')}
 WHERE e.metric IS NOT NULL AND e.day BETWEEN $1::date AND $2::date
 GROUP BY e.day, e.metric, d.dim, d.val`;
}
