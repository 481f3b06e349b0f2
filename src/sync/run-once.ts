import type { Connector } from '../connectors/connector.js';
import { AuthError, DatabaseUnavailableError, describeError, SyncError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { computeForecasts } from '../metrics/forecasts.js';
import type { MetricsPolicy } from '../metrics/policy.js';
import { snapshotAfterSync } from '../metrics/snapshots.js';
import { isDatabaseUnavailable } from '../store/connection-errors.js';
import type { Db } from '../store/db.js';
import { emptyFigures, finishRun, type RunFigures, startRun } from '../store/runs.js';
import { type ScopeLock, ScopeTakenOver, withScopeLock } from '../store/scope-lock.js';
import { failedItemIds, lastSuccessAge, storedItems } from '../store/scope-view.js';
import { readCursor, writePage } from '../store/writers/page.js';
import type { DatabaseWatch } from './database-watch.js';

export interface SyncOptions {
  /** Read everything and take a census, whatever the cursors say. */
  full: boolean;
  /** Aborting stops after the page in flight is committed. */
  signal: AbortSignal;
  logger: Logger;
  /** Called after every committed page. */
  onPage?: (project: string, figures: RunFigures) => void;
  /** Skip scopes whose last success is younger than this (ms): another process just synced them. */
  skipFresherThanMs?: number;
  /** After the pass, recompute the KPI snapshots the pass may have changed (today at least). */
  snapshots?: MetricsPolicy;
  /**
   * Given (the service): a page whose write fails because the database is away is written again once it
   * is back, after the scope's lock is made sure of, and so are the snapshots. Without it (one pass) the
   * pass fails at once. Other steps that meet an outage throw DatabaseUnavailableError either way.
   */
  database?: DatabaseWatch;
}

/** How one scope's run ended; `skipped` when another process holds the scope or just synced it. */
export interface ScopeResult {
  project: string;
  outcome: 'success' | 'failed' | 'aborted' | 'skipped';
  figures: RunFigures;
  error?: string;
  durationMs: number;
}

/**
 * One pass of one connector over all its scopes: each page is written with its cursor in one
 * transaction, each scope gets a `sync_runs` row. A failing scope does not stop the others; an
 * authentication failure stops the platform at once. Throws SyncError when any scope failed.
 */
export async function syncPlatform(
  db: Db,
  schema: string,
  connector: Connector,
  options: SyncOptions,
): Promise<ScopeResult[]> {
  await connector.preflight(options.signal);
  const results: ScopeResult[] = [];
  // Rows written by this pass carry synced_at from the database clock: allow for a little skew.
  const passStart = new Date(Date.now() - 5 * 60_000);
  for (const project of connector.projects) {
    if (options.signal.aborted) break;
    const skipped: ScopeResult = { project, outcome: 'skipped', figures: emptyFigures(), durationMs: 0 };
    if (
      options.skipFresherThanMs !== undefined &&
      (await lastSuccessAge(db, schema, project)) < options.skipFresherThanMs
    ) {
      results.push(skipped);
      continue;
    }
    // Two processes on one database never sync the same scope at once.
    const locked = await withScopeLock(db, `${connector.platform}:${schema}:${project}`, (lock) =>
      syncScope(db, schema, connector, project, lock, options),
    );
    if (!locked)
      options.logger.info(
        { project },
        `${connector.platform} ${project}: another process is syncing it, skipped`,
      );
    const result = locked?.value ?? skipped;
    results.push(result);
    if (result.outcome === 'aborted') break;
  }
  const { snapshots, database } = options;
  if (snapshots && results.some((r) => r.outcome === 'success' || r.outcome === 'aborted')) {
    try {
      const complete = results.every((r) => r.outcome === 'success');
      // The forecasts read today's data after the snapshots; both are idempotent, so a retry redoes both.
      const recompute = async () => ({
        rows: await snapshotAfterSync(db, schema, { startedAt: passStart, complete }, snapshots),
        forecast: await computeForecasts(db, schema, snapshots.forecast),
      });
      const { rows, forecast } = await (database
        ? database.retrying(options.signal, recompute)
        : recompute());
      options.logger.info(
        { rows, forecastScopes: forecast.scopes },
        `${connector.platform}: ${rows} snapshot rows recomputed, forecasts of ${forecast.scopes} scopes`,
      );
    } catch (error) {
      if (isDatabaseUnavailable(error) && !options.signal.aborted) throw error;
      options.logger.error(
        { err: describeError(error) },
        `${connector.platform}: snapshots failed: ${describeError(error)}`,
      );
    }
  }
  const failed = results.filter((r) => r.outcome === 'failed');
  if (failed.length > 0) {
    throw new SyncError(failed.map((f) => `${f.project}: ${f.error}`).join('; '), {
      platform: connector.platform,
      project: failed.map((f) => f.project).join(','),
    });
  }
  return results;
}

async function syncScope(
  db: Db,
  schema: string,
  connector: Connector,
  project: string,
  lock: ScopeLock,
  options: SyncOptions,
): Promise<ScopeResult> {
  const started = Date.now();
  const mode = options.full ? 'full' : 'incremental';
  const runId = await startRun(db, schema, project, mode);
  const figures = emptyFigures();
  const requestsBefore = connector.requests.total;
  const retriesBefore = connector.requests.retries;
  const measure = () => {
    figures.apiRequests = connector.requests.total - requestsBefore;
    figures.retries = connector.requests.retries - retriesBefore;
  };
  const log = options.logger.child({ project });
  try {
    const cursor = await readCursor(db, schema, project);
    const pages = connector.syncScope({
      project,
      cursor: options.full ? undefined : cursor,
      full: options.full,
      stored: storedItems(db, schema, project),
      retryIds: await failedItemIds(db, schema, project),
      signal: options.signal,
    });
    let verifyLock = false;
    const write = async (page: Parameters<typeof writePage>[3]) => {
      // After an outage the lock's connection may be gone with its lock: taken again before writing.
      await lock.ensureHeld(verifyLock);
      verifyLock = true;
      const written = await writePage(db, schema, project, page);
      verifyLock = false;
      return written;
    };
    for await (const page of pages) {
      const written = await (options.database
        ? options.database.retrying(options.signal, () => write(page))
        : write(page));
      figures.itemsFetched += page.items.length;
      figures.itemsAdded += written.added;
      figures.itemsUpdated += written.updated;
      figures.itemsUnchanged += written.unchanged;
      figures.itemsDeleted += written.deleted;
      figures.itemsFailed += written.failed;
      figures.historyRows += written.historyRows;
      figures.relationRows += written.relationRows;
      if (page.sourceCount !== undefined) figures.sourceCount = page.sourceCount;
      measure();
      for (const failure of page.failures)
        log.warn({ item: failure.itemId }, `skipped ${failure.itemId}: ${failure.reason} (retried next run)`);
      options.onPage?.(project, figures);
      // Stop between pages: what was written is committed with its cursor, the next run resumes there.
      if (options.signal.aborted) break;
    }
    measure();
    const outcome = options.signal.aborted ? 'aborted' : 'success';
    await finishRun(db, schema, project, runId, outcome, figures);
    log.info(
      { ...figures, outcome },
      `${connector.platform} ${project}: ${outcome}, ${figures.itemsAdded} added, ${figures.itemsUpdated} updated, ${figures.itemsDeleted} deleted, ${figures.historyRows} history rows, ${figures.apiRequests} requests`,
    );
    return { project, outcome, figures, durationMs: Date.now() - started };
  } catch (error) {
    measure();
    const aborted = options.signal.aborted;
    const message = describeError(error);
    await finishRun(db, schema, project, runId, aborted ? 'aborted' : 'failed', figures, message).catch(
      // With the database away, the scope's next run closes this one (see startRun).
      (e: unknown) =>
        isDatabaseUnavailable(e) || log.error({ err: describeError(e) }, 'could not record the failed run'),
    );
    if (error instanceof AuthError) throw error;
    if (aborted) return { project, outcome: 'aborted', figures, durationMs: Date.now() - started };
    if (error instanceof ScopeTakenOver) {
      log.warn(`${connector.platform} ${project}: ${message}; left to it`);
      return { project, outcome: 'skipped', figures, durationMs: Date.now() - started };
    }
    // Every other scope would fail alike: the pass stops, the service waits for the database.
    if (isDatabaseUnavailable(error))
      throw error instanceof DatabaseUnavailableError
        ? error
        : new DatabaseUnavailableError(message, { cause: error });
    log.error({ err: message }, `${connector.platform} ${project}: failed: ${message}`);
    return { project, outcome: 'failed', figures, error: message, durationMs: Date.now() - started };
  }
}
