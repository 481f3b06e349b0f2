import type { Cursor } from '../../domain/cursor.js';
import type { SyncPage } from '../../domain/page.js';
import { ident, type Queryable, type Session } from '../db.js';
import { clearFailures, recordFailures } from './failures.js';
import { upsertFieldChanges, upsertItemStates, upsertStateChanges } from './history.js';
import { markDeleted, type UpsertCounts, upsertItems } from './items.js';
import { removeRelations, replaceRelations, upsertSprints } from './relations.js';

/** What one page changed in the database. */
export interface PageResult extends UpsertCounts {
  deleted: number;
  historyRows: number;
  relationRows: number;
  failed: number;
}

/**
 * Writes one page and its cursor in a single transaction: after a crash the database holds either the
 * whole page and the cursor that covers it, or neither.
 */
export function writePage(db: Session, schema: string, project: string, page: SyncPage): Promise<PageResult> {
  return db.transaction(async (tx) => {
    const counts = await upsertItems(tx, schema, page.items);
    const historyRows =
      (await upsertStateChanges(tx, schema, page.stateChanges)) +
      (await upsertFieldChanges(tx, schema, page.fieldChanges));
    await upsertItemStates(tx, schema, page.itemStates);
    await removeRelations(tx, schema, page.removedRelations);
    const relationRows = await replaceRelations(tx, schema, page.relationsOf, page.relations);
    await upsertSprints(tx, schema, page.sprints);
    const deleted = await markDeleted(tx, schema, page.deletions);
    await clearFailures(
      tx,
      schema,
      page.items.map((i) => i.id),
    );
    await recordFailures(tx, schema, project, page.failures);
    await saveCursor(tx, schema, project, page.cursor, page.sourceCount);
    return { ...counts, deleted, historyRows, relationRows, failed: page.failures.length };
  });
}

/** Stores the cursor of a scope (and the source's count, when known). */
export async function saveCursor(
  tx: Queryable,
  schema: string,
  project: string,
  cursor: Cursor,
  sourceCount?: number,
): Promise<void> {
  await tx.query(
    `INSERT INTO ${ident(schema)}.sync_status (project, cursor, source_count, updated_at)
     VALUES ($1, $2::jsonb, $3, now())
     ON CONFLICT (project) DO UPDATE SET cursor = EXCLUDED.cursor,
       source_count = COALESCE(EXCLUDED.source_count, sync_status.source_count), updated_at = now()`,
    [project, JSON.stringify(cursor), sourceCount ?? null],
  );
}

/** The stored cursor of a scope, or undefined before its first page. */
export async function readCursor(
  db: Queryable,
  schema: string,
  project: string,
): Promise<Cursor | undefined> {
  const rows = await db.query<{ cursor: Cursor | null }>(
    `SELECT cursor FROM ${ident(schema)}.sync_status WHERE project = $1`,
    [project],
  );
  return rows[0]?.cursor ?? undefined;
}
