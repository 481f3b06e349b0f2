-- Views for dashboards (Metabase or any SQL tool). Definitions: docs/metrics.md.

-- Open bugs (proposed or in progress) at the end of each day, by severity and by customer.
CREATE VIEW {{schema}}.open_bugs_by_severity AS
  SELECT snapshot_date, dimension_value AS severity, value::bigint AS open_bugs
    FROM {{schema}}.history_snapshots WHERE metric = 'bugs_open' AND dimension = 'severity';

CREATE VIEW {{schema}}.open_bugs_by_customer AS
  SELECT snapshot_date, dimension_value AS customer, value::bigint AS open_bugs
    FROM {{schema}}.history_snapshots WHERE metric = 'bugs_open' AND dimension = 'customer';

-- Items created and resolved per ISO week (weeks start on Monday).
CREATE VIEW {{schema}}.created_vs_resolved_weekly AS
  SELECT date_trunc('week', snapshot_date)::date AS week,
         sum(value) FILTER (WHERE metric = 'created')::bigint AS created,
         sum(value) FILTER (WHERE metric = 'resolved')::bigint AS resolved
    FROM {{schema}}.history_snapshots
   WHERE metric IN ('created', 'resolved') AND dimension = 'all'
   GROUP BY 1;

-- Items per state category at the end of each day.
CREATE VIEW {{schema}}.cumulative_flow AS
  SELECT snapshot_date, substr(metric, 5) AS state_category, value::bigint AS items
    FROM {{schema}}.history_snapshots WHERE metric LIKE 'cfd\_%' AND dimension = 'all';

-- Every completed item with its lead time (created → completed) and cycle time (first in progress or
-- resolved → completed), taken at its last completion (a re-opened item counts when it completes again).
CREATE VIEW {{schema}}.item_cycle_times AS
  WITH ordered AS (
    SELECT h.item_id, h.changed_at, h.to_category, h.from_category,
           min(h.changed_at) FILTER (WHERE h.to_category IN ('in_progress', 'resolved'))
             OVER (PARTITION BY h.item_id ORDER BY h.changed_at, length(h.change_id), h.change_id) AS first_active_at,
           row_number() OVER (PARTITION BY h.item_id ORDER BY h.changed_at DESC, length(h.change_id) DESC, h.change_id DESC) AS newest
      FROM {{schema}}.change_history h
  ),
  completions AS (
    SELECT DISTINCT ON (item_id) item_id, changed_at AS completed_at, first_active_at
      FROM ordered
     WHERE to_category = 'completed' AND from_category IS DISTINCT FROM 'completed'
     ORDER BY item_id, changed_at DESC
  )
  SELECT w.id, w.project, w.work_item_type, w.severity, w.customer_name, w.area_path, w.title, w.created_at,
         c.first_active_at, c.completed_at,
         extract(epoch FROM c.completed_at - w.created_at) / 86400.0 AS lead_time_days,
         extract(epoch FROM c.completed_at - c.first_active_at) / 86400.0 AS cycle_time_days
    FROM completions c
    JOIN {{schema}}.work_items w ON w.id = c.item_id
   WHERE w.deleted_at IS NULL AND w.state_category = 'completed';

-- Work in progress now, oldest first: age since the item first became active.
CREATE VIEW {{schema}}.aging_wip AS
  SELECT w.id, w.project, w.work_item_type, w.title, w.state, w.assigned_to, w.severity, w.created_at,
         a.first_active_at,
         extract(epoch FROM now() - coalesce(a.first_active_at, w.created_at)) / 86400.0 AS age_days
    FROM {{schema}}.work_items w
    LEFT JOIN LATERAL (
      SELECT min(h.changed_at) AS first_active_at FROM {{schema}}.change_history h
       WHERE h.item_id = w.id AND h.to_category IN ('in_progress', 'resolved')
    ) a ON true
   WHERE w.deleted_at IS NULL AND w.state_category = 'in_progress'
   ORDER BY age_days DESC;
