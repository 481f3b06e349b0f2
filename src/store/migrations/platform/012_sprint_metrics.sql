-- Sprint metrics (issue 15): views computed on read from sprints, sprint_items, change_history and
-- field_history. Definitions, and how they compare with Jira's and Azure DevOps' reports: docs/metrics.md.

-- An item's estimate at an instant: the newest story_points change up to it; before the first change, that
-- change's from-value (Jira shows the creation value only there; Azure DevOps' first revision records it
-- from null); an item whose estimate never changed has its current one.
CREATE FUNCTION {{schema}}.story_points_at(item text, at timestamptz) RETURNS double precision
LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN last.item_id IS NOT NULL THEN last.to_value::double precision
    WHEN first.item_id IS NOT NULL THEN first.from_value::double precision
    ELSE (SELECT w.story_points FROM {{schema}}.work_items w WHERE w.id = item)
  END
  FROM (SELECT 1) one
  LEFT JOIN LATERAL (
    SELECT h.item_id, h.to_value FROM {{schema}}.field_history h
     WHERE h.item_id = item AND h.field = 'story_points' AND h.changed_at <= at
     ORDER BY h.changed_at DESC, length(h.change_id) DESC, h.change_id DESC LIMIT 1) last ON true
  LEFT JOIN LATERAL (
    SELECT h.item_id, h.from_value FROM {{schema}}.field_history h
     WHERE h.item_id = item AND h.field = 'story_points'
     ORDER BY h.changed_at, length(h.change_id), h.change_id LIMIT 1) first ON true
$$;

-- An item's state category at an instant (null before it was created).
CREATE FUNCTION {{schema}}.state_category_at(item text, at timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT coalesce(h.to_category, 'proposed') FROM {{schema}}.change_history h
   WHERE h.item_id = item AND h.changed_at <= at
   ORDER BY h.changed_at DESC, length(h.change_id) DESC, h.change_id DESC LIMIT 1
$$;

-- Sprints that have started, with the instants their metrics are taken at. start_at: the start date
-- (Jira: when the sprint was started). end_at: Jira: when the sprint was completed, else its planned
-- end; Azure DevOps: the end of its finish date (finish dates are whole days, the last day included).
-- ended: the sprint is over (Jira closed; Azure DevOps past its end).
CREATE VIEW {{schema}}.sprint_bounds AS
  SELECT s.id AS sprint_id, s.name AS sprint_name, coalesce(s.team, s.board) AS team, s.state,
         s.start_date AS start_at, e.end_at,
         (CASE WHEN s.path IS NULL THEN s.state = 'closed' ELSE e.end_at <= now() END) AS ended
    FROM {{schema}}.sprints s
   CROSS JOIN LATERAL (SELECT CASE
            WHEN s.path IS NOT NULL THEN s.finish_date + interval '1 day'
            ELSE coalesce((s.raw ->> 'completeDate')::timestamptz, s.finish_date) END AS end_at) e
   WHERE s.start_date IS NOT NULL AND e.end_at IS NOT NULL;

-- Membership for the metrics: a completed sprint's membership ends at its completion at the latest
-- (Jira keeps a completed sprint in an issue's sprint list when it adds the next one).
CREATE VIEW {{schema}}.sprint_membership AS
  SELECT m.sprint_id, m.item_id, m.added_at,
         least(coalesce(m.removed_at, 'infinity'), CASE WHEN b.ended THEN b.end_at ELSE 'infinity' END) AS ended_at
    FROM {{schema}}.sprint_items m
    JOIN {{schema}}.sprint_bounds b ON b.sprint_id = m.sprint_id
    JOIN {{schema}}.work_items w ON w.id = m.item_id AND w.deleted_at IS NULL;

-- One row per sprint and item that was in it at some time between its start and end.
-- committed: in it at the start; added: joined after the start (and was not in it at the start);
-- at_end: in it at the end; removed: in it during the sprint but not at the end; completed: in it at
-- the end and in a Completed-category state; not_completed: in it at the end and not completed (the
-- carry-over). Points: at the start (committed), when added, when last removed, at the end.
CREATE VIEW {{schema}}.sprint_item_facts AS
  WITH spans AS (
    SELECT b.sprint_id, b.start_at, b.end_at, m.item_id,
           bool_or(m.added_at <= b.start_at AND m.ended_at > b.start_at) AS committed,
           bool_or(m.added_at < b.end_at AND m.ended_at >= b.end_at) AS at_end,
           min(m.added_at) FILTER (WHERE m.added_at > b.start_at AND m.added_at < b.end_at) AS first_added_at,
           max(m.ended_at) FILTER (WHERE m.ended_at > b.start_at AND m.ended_at < b.end_at) AS last_removed_at
      FROM {{schema}}.sprint_bounds b
      JOIN {{schema}}.sprint_membership m
        ON m.sprint_id = b.sprint_id AND m.added_at < b.end_at AND m.ended_at > b.start_at
     GROUP BY b.sprint_id, b.start_at, b.end_at, m.item_id)
  SELECT s.sprint_id, s.item_id, s.committed,
         (NOT s.committed AND s.first_added_at IS NOT NULL) AS added,
         (NOT s.at_end) AS removed,
         s.at_end,
         (s.at_end AND {{schema}}.state_category_at(s.item_id, s.end_at) = 'completed') AS completed,
         (s.at_end AND {{schema}}.state_category_at(s.item_id, s.end_at) IS DISTINCT FROM 'completed') AS not_completed,
         s.first_added_at AS added_at, CASE WHEN NOT s.at_end THEN s.last_removed_at END AS removed_at,
         {{schema}}.story_points_at(s.item_id, s.start_at) AS points_at_start,
         {{schema}}.story_points_at(s.item_id, s.first_added_at) AS points_when_added,
         {{schema}}.story_points_at(s.item_id, s.last_removed_at) AS points_when_removed,
         {{schema}}.story_points_at(s.item_id, s.end_at) AS points_at_end
    FROM spans s;

-- Estimate changes made during a sprint to items in it at the time.
CREATE VIEW {{schema}}.sprint_estimate_changes AS
  SELECT b.sprint_id, h.item_id, h.changed_at, h.changed_by,
         h.from_value::double precision AS from_points, h.to_value::double precision AS to_points
    FROM {{schema}}.sprint_bounds b
    JOIN {{schema}}.sprint_membership m ON m.sprint_id = b.sprint_id
    JOIN {{schema}}.field_history h
      ON h.item_id = m.item_id AND h.field = 'story_points'
     AND h.changed_at > b.start_at AND h.changed_at < b.end_at
     AND h.changed_at >= m.added_at AND h.changed_at < m.ended_at;

-- The sprint report: one row per started sprint.
CREATE VIEW {{schema}}.sprint_report AS
  SELECT b.sprint_id, b.sprint_name, b.team, b.state, b.start_at, b.end_at, b.ended,
         count(*) FILTER (WHERE f.committed) AS committed_count,
         coalesce(sum(f.points_at_start) FILTER (WHERE f.committed), 0) AS committed_points,
         count(*) FILTER (WHERE f.added) AS added_count,
         coalesce(sum(f.points_when_added) FILTER (WHERE f.added), 0) AS added_points,
         count(*) FILTER (WHERE f.removed) AS removed_count,
         coalesce(sum(f.points_when_removed) FILTER (WHERE f.removed), 0) AS removed_points,
         count(*) FILTER (WHERE f.completed) AS completed_count,
         coalesce(sum(f.points_at_end) FILTER (WHERE f.completed), 0) AS completed_points,
         count(*) FILTER (WHERE f.not_completed) AS not_completed_count,
         coalesce(sum(f.points_at_end) FILTER (WHERE f.not_completed), 0) AS not_completed_points,
         coalesce(e.changes, 0) AS estimate_changes,
         coalesce(e.net_points, 0) AS estimate_change_points
    FROM {{schema}}.sprint_bounds b
    LEFT JOIN {{schema}}.sprint_item_facts f ON f.sprint_id = b.sprint_id
    LEFT JOIN (SELECT sprint_id, count(*) AS changes,
                      sum(coalesce(to_points, 0) - coalesce(from_points, 0)) AS net_points
                 FROM {{schema}}.sprint_estimate_changes GROUP BY sprint_id) e ON e.sprint_id = b.sprint_id
   GROUP BY b.sprint_id, b.sprint_name, b.team, b.state, b.start_at, b.end_at, b.ended, e.changes, e.net_points;

-- Velocity: completed points per sprint, with the mean over the team's last `sprints` sprints (this one
-- and those before it, by start), and say/do (completed ÷ committed points). Ended sprints that held at
-- least one item: a team's iterations nobody planned into (Azure DevOps lists every subscribed one) would
-- pull the average towards zero.
CREATE FUNCTION {{schema}}.sprint_velocity_over(sprints integer DEFAULT 3)
RETURNS TABLE (sprint_id text, sprint_name text, team text, start_at timestamptz, end_at timestamptz,
               committed_points double precision, completed_points double precision,
               velocity double precision, velocity_avg double precision, say_do_ratio double precision,
               committed_count bigint, completed_count bigint)
LANGUAGE sql STABLE AS $$
  SELECT r.sprint_id, r.sprint_name, r.team, r.start_at, r.end_at, r.committed_points, r.completed_points,
         r.completed_points,
         avg(r.completed_points) OVER (PARTITION BY r.team ORDER BY r.start_at, r.sprint_id
                                       ROWS BETWEEN sprints - 1 PRECEDING AND CURRENT ROW),
         r.completed_points / nullif(r.committed_points, 0),
         r.committed_count, r.completed_count
    FROM {{schema}}.sprint_report r WHERE r.ended AND r.committed_count + r.added_count > 0
$$;

CREATE VIEW {{schema}}.sprint_velocity AS SELECT * FROM {{schema}}.sprint_velocity_over(3);

-- Scope change per sprint: committed, added, removed and the net change, in items and points.
CREATE VIEW {{schema}}.sprint_scope_change AS
  SELECT sprint_id, sprint_name, team, start_at, end_at,
         committed_count, added_count, removed_count, added_count - removed_count AS net_count,
         committed_points, added_points, removed_points, added_points - removed_points AS net_points,
         estimate_change_points
    FROM {{schema}}.sprint_report;

-- Daily burndown and burnup: at the end of each day of the sprint (UTC; its last day at the sprint's
-- end; today at most), the items in the sprint (scope), those completed, and those remaining.
CREATE VIEW {{schema}}.sprint_burndown AS
  WITH days AS (
    SELECT b.sprint_id, d::date AS day,
           least((d::date + 1)::timestamp AT TIME ZONE 'UTC', b.end_at) AS at
      FROM {{schema}}.sprint_bounds b
     CROSS JOIN LATERAL generate_series((b.start_at AT TIME ZONE 'UTC')::date,
                                        (least(b.end_at - interval '1 microsecond', now()) AT TIME ZONE 'UTC')::date,
                                        interval '1 day') d),
  members AS (
    SELECT d.sprint_id, d.day, m.item_id,
           {{schema}}.story_points_at(m.item_id, d.at) AS points,
           {{schema}}.state_category_at(m.item_id, d.at) = 'completed' AS done
      FROM days d
      JOIN {{schema}}.sprint_membership m ON m.sprint_id = d.sprint_id AND m.added_at < d.at AND m.ended_at >= d.at)
  SELECT d.sprint_id, d.day,
         count(m.item_id) AS scope_count, coalesce(sum(m.points), 0) AS scope_points,
         count(m.item_id) FILTER (WHERE m.done) AS completed_count,
         coalesce(sum(m.points) FILTER (WHERE m.done), 0) AS completed_points,
         count(m.item_id) FILTER (WHERE NOT m.done) AS remaining_count,
         coalesce(sum(m.points) FILTER (WHERE NOT m.done), 0) AS remaining_points
    FROM days d LEFT JOIN members m ON m.sprint_id = d.sprint_id AND m.day = d.day
   GROUP BY d.sprint_id, d.day;
