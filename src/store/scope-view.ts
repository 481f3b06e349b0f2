import type { StoredItems } from '../connectors/connector.js';
import { ident, type Queryable } from './db.js';

/** What a connector may know of the stored items of one scope (read-only). */
export function storedItems(db: Queryable, schema: string, project: string): StoredItems {
  const s = ident(schema);
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
        `SELECT numeric_id FROM ${s}.work_items WHERE project = $1 AND deleted_at IS NULL`,
        [project],
      );
      return new Set(rows.map((r) => r.numeric_id));
    },
    async count() {
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*) AS n FROM ${s}.work_items WHERE project = $1 AND deleted_at IS NULL`,
        [project],
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
