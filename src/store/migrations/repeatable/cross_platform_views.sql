-- Both platforms side by side, with a platform column. Re-created when the schema names change.
CREATE OR REPLACE VIEW worksync.work_items AS
  SELECT 'ado'::text AS platform, id, numeric_id, project, work_item_type, title, description, repro_steps, state,
         state_category, severity, priority, assigned_to, created_by, area_path, iteration_path, customer_name, tags,
         parent_id, created_at, updated_at, resolved_at, closed_at, deleted_at, url, raw, synced_at, story_points
    FROM {{ado}}.work_items
  UNION ALL
  SELECT 'jira'::text, id, numeric_id, project, work_item_type, title, description, repro_steps, state,
         state_category, severity, priority, assigned_to, created_by, area_path, iteration_path, customer_name, tags,
         parent_id, created_at, updated_at, resolved_at, closed_at, deleted_at, url, raw, synced_at, story_points
    FROM {{jira}}.work_items;

CREATE OR REPLACE VIEW worksync.change_history AS
  SELECT 'ado'::text AS platform, item_id, change_id, changed_at, changed_by, from_state, to_state, from_category, to_category
    FROM {{ado}}.change_history
  UNION ALL
  SELECT 'jira'::text, item_id, change_id, changed_at, changed_by, from_state, to_state, from_category, to_category
    FROM {{jira}}.change_history;

CREATE OR REPLACE VIEW worksync.history_snapshots AS
  SELECT 'ado'::text AS platform, snapshot_date, metric, dimension, dimension_value, value FROM {{ado}}.history_snapshots
  UNION ALL
  SELECT 'jira'::text, snapshot_date, metric, dimension, dimension_value, value FROM {{jira}}.history_snapshots;

CREATE OR REPLACE VIEW worksync.open_bugs_by_severity AS
  SELECT 'ado'::text AS platform, * FROM {{ado}}.open_bugs_by_severity
  UNION ALL SELECT 'jira'::text, * FROM {{jira}}.open_bugs_by_severity;

CREATE OR REPLACE VIEW worksync.created_vs_resolved_weekly AS
  SELECT 'ado'::text AS platform, * FROM {{ado}}.created_vs_resolved_weekly
  UNION ALL SELECT 'jira'::text, * FROM {{jira}}.created_vs_resolved_weekly;

CREATE OR REPLACE VIEW worksync.cumulative_flow AS
  SELECT 'ado'::text AS platform, * FROM {{ado}}.cumulative_flow
  UNION ALL SELECT 'jira'::text, * FROM {{jira}}.cumulative_flow;

CREATE OR REPLACE VIEW worksync.item_cycle_times AS
  SELECT 'ado'::text AS platform, * FROM {{ado}}.item_cycle_times
  UNION ALL SELECT 'jira'::text, * FROM {{jira}}.item_cycle_times;

CREATE OR REPLACE VIEW worksync.aging_wip AS
  SELECT 'ado'::text AS platform, * FROM {{ado}}.aging_wip
  UNION ALL SELECT 'jira'::text, * FROM {{jira}}.aging_wip;

-- Forecasts (issue 15): the latest Monte Carlo forecasts of both platforms.
CREATE OR REPLACE VIEW worksync.forecasts AS
  SELECT 'ado'::text AS platform, * FROM {{ado}}.forecasts
  UNION ALL SELECT 'jira'::text, * FROM {{jira}}.forecasts;

-- Sprints (issue 15): velocity and scope change of both platforms.
CREATE OR REPLACE VIEW worksync.sprint_velocity AS
  SELECT 'ado'::text AS platform, * FROM {{ado}}.sprint_velocity
  UNION ALL SELECT 'jira'::text, * FROM {{jira}}.sprint_velocity;

CREATE OR REPLACE VIEW worksync.sprint_scope_change AS
  SELECT 'ado'::text AS platform, * FROM {{ado}}.sprint_scope_change
  UNION ALL SELECT 'jira'::text, * FROM {{jira}}.sprint_scope_change;
