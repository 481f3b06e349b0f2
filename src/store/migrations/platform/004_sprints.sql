-- ADO team iterations / Jira sprints.
CREATE TABLE {{schema}}.sprints (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  path        text,
  board       text,
  team        text,
  state       text,
  start_date  timestamptz,
  finish_date timestamptz,
  is_current  boolean NOT NULL DEFAULT false,
  raw         jsonb NOT NULL DEFAULT '{}',
  synced_at   timestamptz NOT NULL DEFAULT now()
);

-- Sprint membership over time, as far as the source shows it (first and last time an item was seen in a sprint).
CREATE TABLE {{schema}}.sprint_items (
  sprint_id     text NOT NULL,
  item_id       text NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sprint_id, item_id)
);
