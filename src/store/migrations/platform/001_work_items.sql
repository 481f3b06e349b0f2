-- One row per work item of any type; rows are never physically removed (deleted_at marks deletions).
CREATE TABLE {{schema}}.work_items (
  id              text PRIMARY KEY,
  numeric_id      bigint NOT NULL UNIQUE,
  project         text NOT NULL,
  work_item_type  text NOT NULL,
  title           text NOT NULL DEFAULT '',
  description     text,
  repro_steps     text,
  state           text,
  state_category  text CHECK (state_category IN ('proposed', 'in_progress', 'resolved', 'completed', 'removed')),
  severity        text CHECK (severity IN ('P1', 'P2', 'P3', 'P4')),
  priority        text,
  assigned_to     text,
  created_by      text,
  area_path       text,
  iteration_path  text,
  customer_name   text,
  tags            text[] NOT NULL DEFAULT '{}',
  parent_id       text,
  created_at      timestamptz,
  updated_at      timestamptz,
  resolved_at     timestamptz,
  closed_at       timestamptz,
  deleted_at      timestamptz,
  url             text,
  raw             jsonb NOT NULL DEFAULT '{}',
  content_hash    text,
  first_synced_at timestamptz NOT NULL DEFAULT now(),
  synced_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX work_items_project_idx ON {{schema}}.work_items (project);
CREATE INDEX work_items_type_idx ON {{schema}}.work_items (work_item_type);
CREATE INDEX work_items_category_idx ON {{schema}}.work_items (state_category);
CREATE INDEX work_items_updated_idx ON {{schema}}.work_items (updated_at);
CREATE INDEX work_items_customer_idx ON {{schema}}.work_items (customer_name);
CREATE INDEX work_items_parent_idx ON {{schema}}.work_items (parent_id);

CREATE VIEW {{schema}}.bugs AS SELECT * FROM {{schema}}.work_items WHERE work_item_type = 'Bug';
CREATE VIEW {{schema}}.issues AS SELECT * FROM {{schema}}.work_items WHERE work_item_type = 'Issue';
