import type { Cursor } from '../../domain/cursor.js';
import type { SyncPage } from '../../domain/page.js';
import { allWrites, type Db, ident, type Queryable, statementWrite, type Write } from '../db.js';
import { textArray } from '../text-array.js';
import { recordFailures } from './failures.js';
import { upsertFieldChanges, upsertItemStates, upsertStateChanges } from './history.js';
import { markDeleted, type UpsertCounts, upsertItems } from './items.js';
import { removeRelations, removeRelationsOfDeleted, replaceRelations, upsertSprints } from './relations.js';
import { replaceSprintItems, sprintItemsFromPaths, sprintItemsOfChangedSprints } from './sprint-items.js';

/** What one page changed in the database. */
export interface PageResult extends UpsertCounts {
  deleted: number;
  historyRows: number;
  relationRows: number;
  failed: number;
  /** Time the page's transaction took, first statement to end of COMMIT (ms). */
  transactionMs: number;
}

/**
 * Writes one page and its cursor in a single transaction: after a crash the database holds either the
 * whole page and the cursor that covers it, or neither.
 */
export async function writePage(
  db: Db,
  schema: string,
  project: string,
  page: SyncPage,
): Promise<PageResult> {
  // Every statement is built before BEGIN: the transaction only waits for the database.
  const { statements, answer } = allWrites([
    upsertItems(schema, page.items),
    upsertStateChanges(schema, page.stateChanges),
    upsertFieldChanges(schema, page.fieldChanges),
    upsertItemStates(schema, page.itemStates),
    removeRelations(schema, page.removedRelations),
    replaceRelations(schema, page.relationsOf, page.relations),
    upsertSprints(schema, page.sprints),
    // After the items (re-keyed), their history and the sprints: membership reads all three.
    replaceSprintItems(schema, page.sprintItemsOf, page.sprintItems),
    sprintItemsFromPaths(schema, page.sprintItemsFromPaths),
    sprintItemsOfChangedSprints(
      schema,
      page.sprints.some((sp) => sp.path !== null),
    ),
    markDeleted(schema, page.deletions),
    removeRelationsOfDeleted(
      schema,
      page.deletions.map((d) => d.numericId),
    ),
    recordFailures(schema, project, page.failures),
    saveCursor(
      schema,
      project,
      page.cursor,
      page.sourceCount,
      page.items.map((i) => i.id),
    ),
  ]);
  const { rows, transactionMs } = await db.writeBatch(statements);
  const [counts, stateRows, fieldRows, , , relationRows, , , , , deleted] = answer(rows);
  return {
    ...counts,
    deleted,
    historyRows: stateRows + fieldRows,
    relationRows,
    failed: page.failures.length,
    transactionMs,
  };
}

/**
 * Stores the cursor of a scope (and the source's count, when known); clears the recorded failures of
 * `stored` items in the same statement (one round trip less per page: the two touch different tables).
 */
export function saveCursor(
  schema: string,
  project: string,
  cursor: Cursor,
  sourceCount?: number,
  stored: string[] = [],
): Write<void> {
  const s = ident(schema);
  return statementWrite(
    `WITH cleared AS (DELETE FROM ${s}.sync_failures WHERE item_id = ANY($4::text[]))
     INSERT INTO ${s}.sync_status (project, cursor, source_count, updated_at)
     VALUES ($1, $2::jsonb, $3, now())
     ON CONFLICT (project) DO UPDATE SET cursor = EXCLUDED.cursor,
       source_count = COALESCE(EXCLUDED.source_count, sync_status.source_count), updated_at = now()`,
    [project, JSON.stringify(cursor), sourceCount ?? null, textArray(stored)],
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
