-- Estimates (issue 15): story points / effort / size of every item, null when unestimated. Their changes
-- are field_history rows of field 'story_points'.
ALTER TABLE {{schema}}.work_items ADD COLUMN story_points double precision;

-- Sprint membership over time: one row per interval an item was in a sprint (as the source shows it:
-- Jira's sprint field, Azure DevOps' iteration path). removed_at is null while the item is still in it.
-- The table was always empty before (nothing wrote it), so it is replaced.
DROP TABLE {{schema}}.sprint_items;
CREATE TABLE {{schema}}.sprint_items (
  sprint_id  text NOT NULL,
  item_id    text NOT NULL,
  added_at   timestamptz NOT NULL,
  removed_at timestamptz,
  synced_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sprint_id, item_id, added_at)
);
CREATE INDEX sprint_items_item_idx ON {{schema}}.sprint_items (item_id);
