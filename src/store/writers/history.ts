import type { FieldChange, StateChange } from '../../domain/history.js';
import type { ItemState } from '../../domain/page.js';
import { ident, type Queryable } from '../db.js';
import { cleanText, toJsonParam } from '../json.js';

const iso = (d: Date) => d.toISOString();

/** Upserts state changes keyed by (item_id, change_id); returns rows inserted or changed. */
export async function upsertStateChanges(
  tx: Queryable,
  schema: string,
  changes: StateChange[],
): Promise<number> {
  if (changes.length === 0) return 0;
  const [row] = await tx.query<{ n: number }>(
    `WITH written AS (INSERT INTO ${ident(schema)}.change_history AS h
       (item_id, change_id, changed_at, changed_by, from_state, to_state, from_category, to_category)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
     ON CONFLICT (item_id, change_id) DO UPDATE SET
       changed_at = EXCLUDED.changed_at, changed_by = EXCLUDED.changed_by, from_state = EXCLUDED.from_state,
       to_state = EXCLUDED.to_state, from_category = EXCLUDED.from_category, to_category = EXCLUDED.to_category,
       synced_at = now()
     WHERE (h.changed_at, h.changed_by, h.from_state, h.to_state, h.from_category, h.to_category)
       IS DISTINCT FROM (EXCLUDED.changed_at, EXCLUDED.changed_by, EXCLUDED.from_state, EXCLUDED.to_state,
                         EXCLUDED.from_category, EXCLUDED.to_category)
     RETURNING 1) SELECT count(*) AS n FROM written`,
    [
      changes.map((c) => c.itemId),
      changes.map((c) => c.changeId),
      changes.map((c) => iso(c.changedAt)),
      changes.map((c) => cleanText(c.changedBy)),
      changes.map((c) => cleanText(c.fromState)),
      changes.map((c) => cleanText(c.toState)),
      changes.map((c) => c.fromCategory),
      changes.map((c) => c.toCategory),
    ],
  );
  return row?.n ?? 0;
}

/** Upserts tracked-field changes keyed by (item_id, change_id, field); returns rows inserted or changed. */
export async function upsertFieldChanges(
  tx: Queryable,
  schema: string,
  changes: FieldChange[],
): Promise<number> {
  if (changes.length === 0) return 0;
  const [row] = await tx.query<{ n: number }>(
    `WITH written AS (INSERT INTO ${ident(schema)}.field_history AS h (item_id, change_id, changed_at, changed_by, field, from_value, to_value)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[])
     ON CONFLICT (item_id, change_id, field) DO UPDATE SET
       changed_at = EXCLUDED.changed_at, changed_by = EXCLUDED.changed_by,
       from_value = EXCLUDED.from_value, to_value = EXCLUDED.to_value, synced_at = now()
     WHERE (h.changed_at, h.changed_by, h.from_value, h.to_value)
       IS DISTINCT FROM (EXCLUDED.changed_at, EXCLUDED.changed_by, EXCLUDED.from_value, EXCLUDED.to_value)
     RETURNING 1) SELECT count(*) AS n FROM written`,
    [
      changes.map((c) => c.itemId),
      changes.map((c) => c.changeId),
      changes.map((c) => iso(c.changedAt)),
      changes.map((c) => cleanText(c.changedBy)),
      changes.map((c) => c.field),
      changes.map((c) => cleanText(c.fromValue)),
      changes.map((c) => cleanText(c.toValue)),
    ],
  );
  return row?.n ?? 0;
}

/** Keeps each item's tracked values at its newest processed revision (never moving back to an older one). */
export async function upsertItemStates(tx: Queryable, schema: string, states: ItemState[]): Promise<void> {
  if (states.length === 0) return;
  await tx.query(
    `INSERT INTO ${ident(schema)}.item_states AS s (item_id, rev, state)
     SELECT item_id, rev, state FROM jsonb_to_recordset($1::jsonb) AS x(item_id text, rev integer, state jsonb)
     ON CONFLICT (item_id) DO UPDATE SET rev = EXCLUDED.rev, state = EXCLUDED.state, synced_at = now()
       WHERE s.rev < EXCLUDED.rev`,
    [toJsonParam(states.map((st) => ({ item_id: st.itemId, rev: st.rev, state: st.values })))],
  );
}
