import type { ItemFailure } from '../../domain/page.js';
import { ident, noWrite, statementWrite, type Write } from '../db.js';
import { textArray } from '../text-array.js';

/** Records items that could not be mapped (with the reason); they are retried on the next run. */
export function recordFailures(schema: string, project: string, failures: ItemFailure[]): Write<void> {
  if (failures.length === 0) return noWrite(undefined);
  const sql = `INSERT INTO ${ident(schema)}.sync_failures AS f (item_id, project, reason)
     SELECT item_id, $3, reason FROM unnest($1::text[], $2::text[]) AS x(item_id, reason)
     ON CONFLICT (item_id) DO UPDATE SET reason = EXCLUDED.reason, attempts = f.attempts + 1, last_seen_at = now()`;
  const params = [
    textArray(failures.map((f) => f.itemId)),
    textArray(failures.map((f) => f.reason)),
    project,
  ];
  return statementWrite(sql, params);
}
