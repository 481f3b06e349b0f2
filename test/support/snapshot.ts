import type { Db } from '../../src/store/db.js';

/** Columns that differ between two syncs of the same data (when they ran), left out of comparisons. */
const VOLATILE = new Set(['synced_at', 'first_synced_at']);

const TABLES: Record<string, string> = {
  work_items: 'numeric_id',
  change_history: 'item_id, change_id',
  field_history: 'item_id, change_id, field',
  relations: 'source_id, target_id, relation_raw',
  sprints: 'id',
};

/** The synced content of a platform schema, table by table, in a stable order: equal for equal data. */
export async function snapshotSchema(db: Db, schema: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(TABLES)) {
    const rows = await db.query<Record<string, unknown>>(
      `SELECT * FROM "${schema}".${table} ORDER BY ${order}`,
    );
    out[table] = rows.map((row) =>
      Object.fromEntries(Object.entries(row).filter(([key]) => !VOLATILE.has(key))),
    );
  }
  return out;
}

/** One snapshot series of a schema: MM-DD → value (six decimals), for comparisons with hand-worked values. */
export async function snapshotSeries(
  db: Db,
  schema: string,
  metric: string,
  dimension = 'all',
  value = '',
): Promise<Record<string, number>> {
  const rows = await db.query<{ day: string; value: number }>(
    `SELECT snapshot_date::text AS day, value FROM "${schema}".history_snapshots
      WHERE metric = $1 AND dimension = $2 AND dimension_value = $3 ORDER BY 1`,
    [metric, dimension, value],
  );
  return Object.fromEntries(rows.map((r) => [r.day.slice(5), Math.round(r.value * 1e6) / 1e6]));
}
