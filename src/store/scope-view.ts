import type { StoredItems } from '../connectors/connector.js';
import { isOrgScope } from '../domain/glossary.js';
import { TRACKED_FIELDS, type TrackedField } from '../domain/history.js';
import { ident, type Queryable } from './db.js';

/** What a connector may know of the stored items of one scope (read-only); an organisation scope holds every project's. */
export function storedItems(db: Queryable, schema: string, scope: string): StoredItems {
  const s = ident(schema);
  const [inScope, params] = isOrgScope(scope) ? ['', []] : ['project = $1 AND ', [scope]];
  return {
    async updatedAt(numericIds) {
      if (numericIds.length === 0) return new Map();
      const rows = await db.query<{ numeric_id: number; updated_at: Date | null }>(
        `SELECT numeric_id, updated_at FROM ${s}.work_items WHERE numeric_id = ANY($1::bigint[]) AND deleted_at IS NULL`,
        [numericIds],
      );
      return new Map(rows.map((r) => [r.numeric_id, r.updated_at?.getTime() ?? 0]));
    },
    async ids() {
      const rows = await db.query<{ numeric_id: number }>(
        `SELECT numeric_id FROM ${s}.work_items WHERE ${inScope}deleted_at IS NULL`,
        params,
      );
      return new Set(rows.map((r) => r.numeric_id));
    },
    async valuesBefore(refs) {
      const out = new Map<string, Partial<Record<TrackedField, string | null>>>();
      if (refs.length === 0) return out;
      // Usually item_states holds the revision just before: one primary-key read per item. It may hold an
      // older one (a run stopped while the connector carried newer values in memory): then, as for
      // revisions read again, the values are rebuilt from field_history. Revisions are numbered 1, 2, 3…
      const states = await db.query<{
        item_id: string;
        rev: number;
        state: Partial<Record<TrackedField, string | null>>;
      }>(`SELECT item_id, rev, state FROM ${s}.item_states WHERE item_id = ANY($1::text[])`, [
        refs.map((r) => r.itemId),
      ]);
      const byItem = new Map(states.map((st) => [st.item_id, st]));
      const older: { itemId: string; rev: number }[] = [];
      for (const ref of refs) {
        const state = byItem.get(ref.itemId);
        if (state && state.rev === ref.rev - 1) out.set(ref.itemId, state.state);
        else older.push(ref);
      }
      if (older.length === 0) return out;
      // Revisions read again, stale or missing item_states: rebuild from field_history.
      const rows = await db.query<{ item_id: string; field: TrackedField; to_value: string | null }>(
        `SELECT q.item_id, h.field, h.to_value
           FROM unnest($1::text[], $2::bigint[]) AS q(item_id, rev)
           CROSS JOIN LATERAL (
             SELECT DISTINCT ON (field) field, to_value FROM ${s}.field_history f
              WHERE f.item_id = q.item_id AND f.change_id ~ '^[0-9]+$' AND f.change_id::bigint < q.rev
              ORDER BY field, f.change_id::bigint DESC
           ) h`,
        [older.map((r) => r.itemId), older.map((r) => r.rev)],
      );
      // A field with no row before the revision was unset then (the history is of this HISTORY_VERSION:
      // an older one is read again whole, see the ADO connector's `rereading`).
      const unset = (): Partial<Record<TrackedField, string | null>> =>
        Object.fromEntries(TRACKED_FIELDS.map((f) => [f, null]));
      for (const row of rows) {
        const values = out.get(row.item_id) ?? unset();
        values[row.field] = row.to_value;
        out.set(row.item_id, values);
      }
      return out;
    },
    async count() {
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*) AS n FROM ${s}.work_items WHERE ${inScope}deleted_at IS NULL`,
        params,
      );
      return row?.n ?? 0;
    },
  };
}

/** Items of a scope that failed to map on an earlier run, to fetch again. */
export async function failedItemIds(db: Queryable, schema: string, project: string): Promise<string[]> {
  const rows = await db.query<{ item_id: string }>(
    `SELECT item_id FROM ${ident(schema)}.sync_failures WHERE project = $1 ORDER BY item_id`,
    [project],
  );
  return rows.map((r) => r.item_id);
}

/**
 * Milliseconds since the start of the scope's last successful run (Infinity when never). Measured from
 * the start, as intervals are: a pass that took ten minutes is due again one interval after it began.
 */
export async function lastSuccessAge(db: Queryable, schema: string, project: string): Promise<number> {
  const rows = await db.query<{ age: number | null }>(
    `SELECT extract(epoch FROM now() - max(started_at)) * 1000 AS age
       FROM ${ident(schema)}.sync_runs WHERE project = $1 AND outcome = 'success'`,
    [project],
  );
  return rows[0]?.age ?? Number.POSITIVE_INFINITY;
}

/** The newest successful sync of any scope of a platform schema (epoch ms), undefined before the first. */
export async function newestSuccess(db: Queryable, schema: string): Promise<number | undefined> {
  const rows = await db
    .query<{ at: Date | null }>(`SELECT max(last_success_at) AS at FROM ${ident(schema)}.sync_status`)
    .catch(() => [] as { at: Date | null }[]);
  return rows[0]?.at?.getTime() ?? undefined;
}
