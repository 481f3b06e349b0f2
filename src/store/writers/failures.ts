import type { ItemFailure } from '../../domain/page.js';
import { ident, type Queryable } from '../db.js';

/** Records items that could not be mapped (with the reason); they are retried on the next run. */
export async function recordFailures(
  tx: Queryable,
  schema: string,
  project: string,
  failures: ItemFailure[],
): Promise<void> {
  if (failures.length === 0) return;
  await tx.query(
    `INSERT INTO ${ident(schema)}.sync_failures AS f (item_id, project, reason)
     SELECT item_id, $3, reason FROM unnest($1::text[], $2::text[]) AS x(item_id, reason)
     ON CONFLICT (item_id) DO UPDATE SET reason = EXCLUDED.reason, attempts = f.attempts + 1, last_seen_at = now()`,
    [failures.map((f) => f.itemId), failures.map((f) => f.reason), project],
  );
}

/** Clears failures of items that have now been stored. */
export async function clearFailures(tx: Queryable, schema: string, itemIds: string[]): Promise<void> {
  if (itemIds.length === 0) return;
  await tx.query(`DELETE FROM ${ident(schema)}.sync_failures WHERE item_id = ANY($1::text[])`, [itemIds]);
}
