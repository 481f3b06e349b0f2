-- Every state change; an item's first row is its state at creation (from_state null).
-- The categories are those of the states at sync time, so metrics need no per-platform lookup.
CREATE TABLE {{schema}}.change_history (
  item_id       text NOT NULL,
  change_id     text NOT NULL,
  changed_at    timestamptz NOT NULL,
  changed_by    text,
  from_state    text,
  to_state      text,
  from_category text,
  to_category   text,
  synced_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (item_id, change_id)
);
CREATE INDEX change_history_changed_at_idx ON {{schema}}.change_history (changed_at);

-- Every change of a tracked field (state, assigned_to, severity, priority, iteration, area, type, title, parent, customer).
CREATE TABLE {{schema}}.field_history (
  item_id    text NOT NULL,
  change_id  text NOT NULL,
  changed_at timestamptz NOT NULL,
  changed_by text,
  field      text NOT NULL,
  from_value text,
  to_value   text,
  synced_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (item_id, change_id, field)
);
CREATE INDEX field_history_changed_at_idx ON {{schema}}.field_history (changed_at);
CREATE INDEX field_history_field_idx ON {{schema}}.field_history (field, changed_at);
