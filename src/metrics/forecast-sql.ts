import { ident } from '../store/db.js';

/**
 * The SQL of the forecasts (definitions in docs/metrics.md, Forecasts). `ws_forecast_scope` maps each
 * item (not deleted) to the scopes it counts in, by its current attributes:
 * - `all` (value ''), `project`;
 * - `team` where one can be derived: Azure DevOps, each team of a team iteration (`sprints.team`, shared
 *   iterations list several teams "A, B") whose path is the item's iteration path or one of its
 *   ancestors; Jira, `board <id>` of the sprint named as the item's current sprint.
 */
export function forecastScopesSql(schema: string): string {
  const s = ident(schema);
  return `
CREATE TEMP TABLE ws_forecast_scope ON COMMIT DROP AS
WITH items AS (SELECT id, project, iteration_path FROM ${s}.work_items WHERE deleted_at IS NULL)
SELECT id AS item_id, 'all'::text AS scope, ''::text AS value FROM items
UNION ALL
SELECT id, 'project', project FROM items
UNION ALL
(SELECT DISTINCT i.id, 'team', btrim(t.team)
   FROM items i
   JOIN ${s}.sprints sp ON sp.path IS NOT NULL AND sp.team IS NOT NULL
    AND (i.iteration_path = sp.path OR starts_with(i.iteration_path, sp.path || '\\'))
  CROSS JOIN LATERAL unnest(string_to_array(sp.team, ',')) AS t(team)
  WHERE btrim(t.team) <> '')
UNION ALL
(SELECT DISTINCT i.id, 'team', 'board ' || sp.board
   FROM items i
   JOIN ${s}.sprints sp ON sp.path IS NULL AND sp.board IS NOT NULL AND sp.name = i.iteration_path)`;
}

/** Per scope: items open now (proposed or in progress) and the UTC day its first item was created. */
export const FORECAST_SCOPE_STATS_SQL = (schema: string) => `
SELECT m.scope, m.value,
       count(*) FILTER (WHERE w.state_category IN ('proposed', 'in_progress'))::int AS open,
       ((min(w.created_at)) AT TIME ZONE 'UTC')::date::text AS first_day
  FROM ws_forecast_scope m JOIN ${ident(schema)}.work_items w ON w.id = m.item_id
 GROUP BY m.scope, m.value`;

/**
 * Per scope and day of [$1, $2) (UTC instants of the window's first day and of today): the throughput
 * as in history_snapshots' `throughput`, entries into completed from another category (not the
 * creation row), each entry counted. `day` is days since $3 (the window's first day).
 */
export const FORECAST_THROUGHPUT_SQL = (schema: string) => {
  const s = ident(schema);
  return `
WITH done AS (
  SELECT h.item_id, ((h.changed_at AT TIME ZONE 'UTC')::date - $3::date) AS day
    FROM ${s}.change_history h
   WHERE h.to_category = 'completed' AND h.from_category IS DISTINCT FROM 'completed'
     AND h.changed_at >= $1::timestamptz AND h.changed_at < $2::timestamptz
     AND EXISTS (SELECT 1 FROM ${s}.change_history e
                  WHERE e.item_id = h.item_id
                    AND (e.changed_at, length(e.change_id), e.change_id) < (h.changed_at, length(h.change_id), h.change_id))
)
SELECT m.scope, m.value, d.day, count(*)::int AS n
  FROM done d JOIN ws_forecast_scope m ON m.item_id = d.item_id
 GROUP BY m.scope, m.value, d.day`;
};

/** Replaces the table's rows: $1 computed_on, $2 trials, $3 window weeks, $4 window_to, $5 seed, $6.. one array per column. */
export const FORECAST_INSERT_SQL = (schema: string) => `
INSERT INTO ${ident(schema)}.forecasts (computed_on, scope, scope_value, question, horizon_days, target_date, open_items,
       p50, p85, p95, p50_date, p85_date, p95_date, mean, trials, window_weeks, window_from, window_to,
       sample_days, sample_items, seed)
SELECT $1::date, r.scope, r.value, r.question, r.horizon, $1::date + r.horizon, r.open,
       r.p50, r.p85, r.p95,
       CASE WHEN r.question = 'when' THEN $1::date + r.p50::int END,
       CASE WHEN r.question = 'when' THEN $1::date + r.p85::int END,
       CASE WHEN r.question = 'when' THEN $1::date + r.p95::int END,
       r.mean, $2::int, $3::int, r.window_from::date, $4::date, r.sample_days, r.sample_items, $5::bigint
  FROM unnest($6::text[], $7::text[], $8::text[], $9::int[], $10::int[], $11::float8[], $12::float8[], $13::float8[],
              $14::float8[], $15::text[], $16::int[], $17::int[])
       AS r(scope, value, question, horizon, open, p50, p85, p95, mean, window_from, sample_days, sample_items)`;
