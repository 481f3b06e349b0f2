-- From this version KPI breakdowns group items by the attributes they had at the end of each day
-- (docs/metrics.md). Days already snapshotted were computed with current attributes: they are rebuilt
-- once, after the next complete sync (which reads every history again, see HISTORY_VERSION).
CREATE TABLE {{schema}}.snapshot_rebuilds (
  from_date    date NOT NULL,
  to_date      date NOT NULL,
  reason       text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO {{schema}}.snapshot_rebuilds (from_date, to_date, reason)
SELECT min(snapshot_date), max(snapshot_date), 'breakdowns as of each day'
  FROM {{schema}}.history_snapshots
HAVING count(*) > 0;

-- For ad-hoc questions about today's organisation ("how long were today's P1 bugs open"): every state
-- an item was in, with its current attributes. history_snapshots is as of each day instead.
CREATE VIEW {{schema}}.state_segments_current AS
  SELECT h.item_id, w.project, w.work_item_type, w.severity, w.customer_name, w.area_path,
         h.to_state AS state, coalesce(h.to_category, 'proposed') AS state_category,
         h.changed_at AS start_at,
         coalesce(lead(h.changed_at) OVER (PARTITION BY h.item_id ORDER BY h.changed_at, length(h.change_id), h.change_id),
                  'infinity'::timestamptz) AS end_at
    FROM {{schema}}.change_history h
    JOIN {{schema}}.work_items w ON w.id = h.item_id
   WHERE w.deleted_at IS NULL;
