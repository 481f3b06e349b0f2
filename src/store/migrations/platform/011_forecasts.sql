-- Monte Carlo forecasts (docs/metrics.md, Forecasts): the latest computation only, replaced as a whole
-- each time (after the snapshots of a sync and by `worksync snapshot`). One row per scope, question and
-- horizon. Confidence columns p50/p85/p95 answer at that confidence: for how_many, items done at least
-- (so p85 is the 15th percentile of the trial counts); for when, days within which all open items are done.
CREATE TABLE {{schema}}.forecasts (
  computed_on  date NOT NULL,
  scope        text NOT NULL,
  scope_value  text NOT NULL,
  question     text NOT NULL CHECK (question IN ('how_many', 'when')),
  horizon_days integer,
  target_date  date,
  open_items   integer NOT NULL,
  p50          double precision,
  p85          double precision,
  p95          double precision,
  p50_date     date,
  p85_date     date,
  p95_date     date,
  mean         double precision,
  trials       integer NOT NULL,
  window_weeks integer NOT NULL,
  window_from  date,
  window_to    date NOT NULL,
  sample_days  integer NOT NULL,
  sample_items integer NOT NULL,
  seed         bigint NOT NULL,
  computed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX forecasts_scope_idx ON {{schema}}.forecasts (scope, scope_value, question, coalesce(horizon_days, 0));

COMMENT ON TABLE {{schema}}.forecasts IS 'Monte Carlo forecasts from the daily throughput of the last window_weeks weeks; see docs/metrics.md';
COMMENT ON COLUMN {{schema}}.forecasts.scope IS 'all (scope_value empty), project, or team (Azure DevOps team of the item''s iteration; Jira: board N of the item''s sprint)';
COMMENT ON COLUMN {{schema}}.forecasts.question IS 'how_many: items done from tomorrow to target_date; when: days (and dates) until the open_items are all done';
COMMENT ON COLUMN {{schema}}.forecasts.horizon_days IS 'how_many: days after computed_on (target_date = computed_on + horizon_days); null for when';
COMMENT ON COLUMN {{schema}}.forecasts.p85 IS 'how_many: at least this many items in 85% of trials (15th percentile); when: done within this many days in 85% of trials (85th percentile); null beyond 10 years or without throughput';
COMMENT ON COLUMN {{schema}}.forecasts.sample_days IS 'days of throughput sampled: window_from..window_to (shorter when the scope''s first item is younger than the window)';
