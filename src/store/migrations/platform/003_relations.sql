-- Current links between items (replaced per source item on every sync of that item).
CREATE TABLE {{schema}}.relations (
  source_id     text NOT NULL,
  target_id     text NOT NULL,
  relation_type text NOT NULL CHECK (relation_type IN ('parent', 'child', 'related', 'duplicate', 'duplicate_of', 'blocks', 'blocked_by', 'other')),
  relation_raw  text NOT NULL,
  synced_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_id, target_id, relation_raw)
);
CREATE INDEX relations_target_idx ON {{schema}}.relations (target_id);

CREATE VIEW {{schema}}.bugs_relations AS
  SELECT r.* FROM {{schema}}.relations r
  JOIN {{schema}}.work_items w ON w.id = r.source_id
  WHERE w.work_item_type = 'Bug';
