-- KPI values by day; recomputing a day replaces its rows. dimension 'all' with dimension_value '' is the overall value.
CREATE TABLE {{schema}}.history_snapshots (
  snapshot_date   date NOT NULL,
  metric          text NOT NULL,
  dimension       text NOT NULL,
  dimension_value text NOT NULL,
  value           double precision,
  computed_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (snapshot_date, metric, dimension, dimension_value)
);
CREATE INDEX history_snapshots_metric_idx ON {{schema}}.history_snapshots (metric, snapshot_date);
