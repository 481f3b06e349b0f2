-- Per project (scope): the cursor and the figures of the last runs.
CREATE TABLE {{schema}}.sync_status (
  project          text PRIMARY KEY,
  cursor           jsonb,
  last_started_at  timestamptz,
  last_success_at  timestamptz,
  last_error       text,
  last_error_at    timestamptz,
  items_synced     bigint NOT NULL DEFAULT 0,
  source_count     bigint,
  stored_count     bigint,
  api_requests     bigint NOT NULL DEFAULT 0,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- One row per run and project.
CREATE TABLE {{schema}}.sync_runs (
  id              bigserial PRIMARY KEY,
  project         text NOT NULL,
  mode            text NOT NULL DEFAULT 'incremental' CHECK (mode IN ('full', 'incremental')),
  started_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  outcome         text NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'success', 'failed', 'aborted')),
  items_fetched   bigint NOT NULL DEFAULT 0,
  items_added     bigint NOT NULL DEFAULT 0,
  items_updated   bigint NOT NULL DEFAULT 0,
  items_unchanged bigint NOT NULL DEFAULT 0,
  items_deleted   bigint NOT NULL DEFAULT 0,
  items_failed    bigint NOT NULL DEFAULT 0,
  history_rows    bigint NOT NULL DEFAULT 0,
  relation_rows   bigint NOT NULL DEFAULT 0,
  api_requests    bigint NOT NULL DEFAULT 0,
  retries         bigint NOT NULL DEFAULT 0,
  duration_ms     bigint,
  source_count    bigint,
  stored_count    bigint,
  error           text,
  host            text,
  pid             integer
);
CREATE INDEX sync_runs_project_idx ON {{schema}}.sync_runs (project, started_at DESC);

-- Items the mapper could not store: recorded with the reason, retried on the next run.
CREATE TABLE {{schema}}.sync_failures (
  item_id       text PRIMARY KEY,
  project       text NOT NULL,
  reason        text NOT NULL,
  attempts      integer NOT NULL DEFAULT 1,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now()
);
