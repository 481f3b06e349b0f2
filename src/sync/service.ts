import { AuthError, describeError } from '../errors.js';
import { backoffMs } from '../http/retry-policy.js';
import { sleep } from '../http/sleep.js';
import type { Logger } from '../log/logger.js';
import type { MetricsPolicy } from '../metrics/policy.js';
import type { Db } from '../store/db.js';
import type { PlatformTarget } from './connectors.js';
import { DatabaseWatch } from './database-watch.js';
import type { ServiceMetrics } from './metrics.js';
import { type ScopeResult, syncPlatform } from './run-once.js';

export interface ServiceOptions {
  /** Time between the start of one pass and the next, ms (SYNC_INTERVAL_MINUTES). */
  intervalMs: number;
  /** Retries of a failed pass before waiting for the next interval. Default 3. */
  retries?: number;
  /** First retry delay, ms; doubles each time. Default 30 s. */
  retryBaseMs?: number;
  /** Aborting finishes the page in flight, then the loops end. */
  signal: AbortSignal;
  loggerFor(target: PlatformTarget): Logger;
  metrics?: ServiceMetrics;
  /** KPI policy: snapshots are recomputed after every pass. */
  snapshots?: MetricsPolicy;
  /**
   * The database's reachability: a pass that meets an outage waits for the database and starts again
   * (its committed pages stay, the page in flight is written again), without using up a retry.
   */
  database?: DatabaseWatch;
  /** Called after every pass of a platform (tests, metrics). */
  onPass?: (target: PlatformTarget, results: ScopeResult[] | undefined, error?: unknown) => void;
}

/**
 * The continuous service: one loop per platform, in parallel. Each loop syncs at once, then every
 * interval; a failed pass is retried with backoff before the next interval (not after an
 * authentication failure, which only a configuration change fixes). One platform failing never stops
 * the other. Resolves when the signal aborts and the passes in flight have committed their page.
 */
export async function runService(db: Db, targets: PlatformTarget[], options: ServiceOptions): Promise<void> {
  const [first] = targets;
  if (!first) return;
  const database = options.database ?? new DatabaseWatch(db, options.loggerFor(first));
  await Promise.all(targets.map((target) => platformLoop(db, target, { ...options, database })));
}

async function platformLoop(
  db: Db,
  target: PlatformTarget,
  options: ServiceOptions & { database: DatabaseWatch },
): Promise<void> {
  const log = options.loggerFor(target);
  const retries = options.retries ?? 3;
  while (!options.signal.aborted) {
    const passStarted = Date.now();
    for (let attempt = 0; !options.signal.aborted; attempt++) {
      try {
        await options.database.untilBack(options.signal);
        const results = await syncPlatform(db, target.schema, target.connector, {
          full: false,
          signal: options.signal,
          logger: log,
          // Another process may have just synced a scope: leave it until it is due again.
          skipFresherThanMs: options.intervalMs * 0.9,
          onPage: (project, figures) => options.metrics?.page(target.platform, project, figures),
          database: options.database,
          ...(options.snapshots ? { snapshots: options.snapshots } : {}),
        });
        options.metrics?.pass(target.platform, results, target.connector.requests);
        options.onPass?.(target, results);
        break;
      } catch (error) {
        options.metrics?.failure(target.platform, target.connector.requests);
        options.onPass?.(target, undefined, error);
        if (options.signal.aborted) break;
        if (options.database.noteFailure(error)) {
          // Warned once per outage by the watch; the pass starts again once the database is back.
          attempt--;
          continue;
        }
        const final = error instanceof AuthError || attempt >= retries;
        const waitMs = backoffMs(attempt, {
          baseMs: options.retryBaseMs ?? 30_000,
          maxMs: options.intervalMs,
        });
        log.error(
          { attempt: attempt + 1, err: describeError(error) },
          final
            ? `${target.platform} sync failed: ${describeError(error)}; next try at the next interval`
            : `${target.platform} sync failed: ${describeError(error)}; retrying in ${Math.round(waitMs / 1000)} s`,
        );
        if (final) break;
        await sleep(waitMs, options.signal).catch(() => undefined);
      }
    }
    const waitMs = options.intervalMs - (Date.now() - passStarted);
    if (waitMs > 0) await sleep(waitMs, options.signal).catch(() => undefined);
  }
}
