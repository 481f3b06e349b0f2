import { hostname } from 'node:os';
import { ident, type Queryable } from './db.js';
import { storedItems } from './scope-view.js';

/** Figures of one run of one scope, as stored in `sync_runs`. */
export interface RunFigures {
  itemsFetched: number;
  itemsAdded: number;
  itemsUpdated: number;
  itemsUnchanged: number;
  itemsDeleted: number;
  itemsFailed: number;
  historyRows: number;
  relationRows: number;
  apiRequests: number;
  retries: number;
  sourceCount?: number;
}

export const emptyFigures = (): RunFigures => ({
  itemsFetched: 0,
  itemsAdded: 0,
  itemsUpdated: 0,
  itemsUnchanged: 0,
  itemsDeleted: 0,
  itemsFailed: 0,
  historyRows: 0,
  relationRows: 0,
  apiRequests: 0,
  retries: 0,
});

/**
 * Opens a `sync_runs` row and marks the scope as started; returns the run id. Called holding the scope's
 * lock, so a row of the scope still 'running' belongs to a run that cannot finish any more (its process
 * was killed, or lost the database before it could record its end): it is closed as aborted.
 */
export async function startRun(
  db: Queryable,
  schema: string,
  project: string,
  mode: 'full' | 'incremental',
): Promise<number> {
  const s = ident(schema);
  await db.query(
    `INSERT INTO ${s}.sync_status (project, last_started_at) VALUES ($1, now())
     ON CONFLICT (project) DO UPDATE SET last_started_at = now(), updated_at = now()`,
    [project],
  );
  await db.query(
    `UPDATE ${s}.sync_runs SET outcome = 'aborted', finished_at = now(),
       error = coalesce(error, 'interrupted: the process stopped or lost the database before recording its end'),
       duration_ms = (extract(epoch FROM now() - started_at) * 1000)::bigint
     WHERE project = $1 AND outcome = 'running'`,
    [project],
  );
  const rows = await db.query<{ id: number }>(
    `INSERT INTO ${s}.sync_runs (project, mode, host, pid) VALUES ($1, $2, $3, $4) RETURNING id`,
    [project, mode, hostname(), process.pid],
  );
  return rows[0]!.id;
}

/**
 * Closes a run with its outcome and figures, and updates the scope's status: the stored count is
 * measured now, next to the source's count, so the two can be compared.
 */
export async function finishRun(
  db: Queryable,
  schema: string,
  project: string,
  runId: number,
  outcome: 'success' | 'failed' | 'aborted',
  figures: RunFigures,
  error?: string,
): Promise<void> {
  const s = ident(schema);
  const storedCount = await storedItems(db, schema, project).count();
  await db.query(
    `UPDATE ${s}.sync_runs SET finished_at = now(), outcome = $2, items_fetched = $3, items_added = $4,
       items_updated = $5, items_unchanged = $6, items_deleted = $7, items_failed = $8, history_rows = $9,
       relation_rows = $10, api_requests = $11, retries = $12, source_count = $13, stored_count = $14,
       error = $15, duration_ms = (extract(epoch FROM now() - started_at) * 1000)::bigint
     WHERE id = $1`,
    [
      runId,
      outcome,
      figures.itemsFetched,
      figures.itemsAdded,
      figures.itemsUpdated,
      figures.itemsUnchanged,
      figures.itemsDeleted,
      figures.itemsFailed,
      figures.historyRows,
      figures.relationRows,
      figures.apiRequests,
      figures.retries,
      figures.sourceCount ?? null,
      storedCount,
      error ?? null,
    ],
  );
  const success = outcome === 'success';
  await db.query(
    `UPDATE ${s}.sync_status SET
       last_success_at = CASE WHEN $2 THEN now() ELSE last_success_at END,
       last_error = CASE WHEN $2 THEN NULL ELSE $3 END,
       last_error_at = CASE WHEN $2 THEN last_error_at ELSE now() END,
       items_synced = items_synced + $4, stored_count = $5,
       source_count = COALESCE($6, source_count), api_requests = api_requests + $7, updated_at = now()
     WHERE project = $1`,
    [
      project,
      success,
      error ?? null,
      figures.itemsAdded + figures.itemsUpdated,
      storedCount,
      figures.sourceCount ?? null,
      figures.apiRequests,
    ],
  );
}
