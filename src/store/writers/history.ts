import type { FieldChange, StateChange } from '../../domain/history.js';
import type { ItemState } from '../../domain/page.js';
import { countingWrite, ident, noWrite, statementWrite, type Write } from '../db.js';
import { toJsonParam } from '../json.js';
import { textArray } from '../text-array.js';

/** The columns every history row starts with: item_id, change_id, changed_at, changed_by ($1–$4). */
function changeColumns(changes: readonly (StateChange | FieldChange)[]): string[] {
  return [
    textArray(changes.map((c) => c.itemId)),
    textArray(changes.map((c) => c.changeId)),
    textArray(changes.map((c) => c.changedAt.toISOString())),
    textArray(changes.map((c) => c.changedBy)),
  ];
}

/** Upserts state changes keyed by (item_id, change_id); resolves to the rows inserted or changed. */
export function upsertStateChanges(schema: string, changes: StateChange[]): Write<number> {
  if (changes.length === 0) return noWrite(0);
  const sql = `WITH written AS (INSERT INTO ${ident(schema)}.change_history AS h
       (item_id, change_id, changed_at, changed_by, from_state, to_state, from_category, to_category)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
     ON CONFLICT (item_id, change_id) DO UPDATE SET
       changed_at = EXCLUDED.changed_at, changed_by = EXCLUDED.changed_by, from_state = EXCLUDED.from_state,
       to_state = EXCLUDED.to_state, from_category = EXCLUDED.from_category, to_category = EXCLUDED.to_category,
       synced_at = now()
     WHERE (h.changed_at, h.changed_by, h.from_state, h.to_state, h.from_category, h.to_category)
       IS DISTINCT FROM (EXCLUDED.changed_at, EXCLUDED.changed_by, EXCLUDED.from_state, EXCLUDED.to_state,
                         EXCLUDED.from_category, EXCLUDED.to_category)
     RETURNING 1) SELECT count(*) AS n FROM written`;
  const params = [
    ...changeColumns(changes),
    textArray(changes.map((c) => c.fromState)),
    textArray(changes.map((c) => c.toState)),
    textArray(changes.map((c) => c.fromCategory)),
    textArray(changes.map((c) => c.toCategory)),
  ];
  return countingWrite(sql, params);
}

/** Upserts tracked-field changes keyed by (item_id, change_id, field); resolves to the rows inserted or changed. */
export function upsertFieldChanges(schema: string, changes: FieldChange[]): Write<number> {
  if (changes.length === 0) return noWrite(0);
  const sql = `WITH written AS (INSERT INTO ${ident(schema)}.field_history AS h (item_id, change_id, changed_at, changed_by, field, from_value, to_value)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[])
     ON CONFLICT (item_id, change_id, field) DO UPDATE SET
       changed_at = EXCLUDED.changed_at, changed_by = EXCLUDED.changed_by,
       from_value = EXCLUDED.from_value, to_value = EXCLUDED.to_value, synced_at = now()
     WHERE (h.changed_at, h.changed_by, h.from_value, h.to_value)
       IS DISTINCT FROM (EXCLUDED.changed_at, EXCLUDED.changed_by, EXCLUDED.from_value, EXCLUDED.to_value)
     RETURNING 1) SELECT count(*) AS n FROM written`;
  const params = [
    ...changeColumns(changes),
    textArray(changes.map((c) => c.field)),
    textArray(changes.map((c) => c.fromValue)),
    textArray(changes.map((c) => c.toValue)),
  ];
  return countingWrite(sql, params);
}

/**
 * Keeps each item's tracked values at its newest processed revision (never moving back to an older one;
 * the same revision read again replaces values kept by an older history version).
 */
export function upsertItemStates(schema: string, states: ItemState[]): Write<void> {
  if (states.length === 0) return noWrite(undefined);
  const sql = `INSERT INTO ${ident(schema)}.item_states AS s (item_id, rev, state)
     SELECT item_id, rev, state FROM jsonb_to_recordset($1::jsonb) AS x(item_id text, rev integer, state jsonb)
     ON CONFLICT (item_id) DO UPDATE SET rev = EXCLUDED.rev, state = EXCLUDED.state, synced_at = now()
       WHERE s.rev < EXCLUDED.rev OR (s.rev = EXCLUDED.rev AND s.state IS DISTINCT FROM EXCLUDED.state)`;
  const params = [toJsonParam(states.map((st) => ({ item_id: st.itemId, rev: st.rev, state: st.values })))];
  return statementWrite(sql, params);
}
