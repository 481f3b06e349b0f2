-- Speed of the sprint views (issue 15): state_category_at and story_points_at look up one item's newest
-- change before an instant. Without these indexes PostgreSQL walked the changed_at index backwards for
-- each call (about 9 ms a call; the sprint_report of 20,000 items did not finish in minutes).
CREATE INDEX change_history_item_at_idx ON {{schema}}.change_history (item_id, changed_at);
CREATE INDEX field_history_story_points_idx ON {{schema}}.field_history (item_id, changed_at)
  WHERE field = 'story_points';
