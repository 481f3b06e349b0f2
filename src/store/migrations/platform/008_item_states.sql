-- The tracked fields' values at the newest revision processed of each item (Azure DevOps): a page of
-- the revision stream that starts in the middle of an item's history reads them back by primary key,
-- instead of reconstructing them from field_history.
CREATE TABLE {{schema}}.item_states (
  item_id   text PRIMARY KEY,
  rev       integer NOT NULL,
  state     jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now()
);
