import type { Platform } from '../../domain/glossary.js';
import { backoffMs } from '../../http/retry-policy.js';
import { sleep } from '../../http/sleep.js';
import type { Logger } from '../../log/logger.js';
import { isDatabaseUnavailable } from '../../store/connection-errors.js';
import type { Db } from '../../store/db.js';
import { migrate } from '../../store/migrate.js';
import { newestSuccess } from '../../store/scope-view.js';
import { DatabaseWatch } from '../../sync/database-watch.js';
import { startHealthServer } from '../../sync/health-server.js';
import { ServiceMetrics } from '../../sync/metrics.js';
import { runService } from '../../sync/service.js';
import { shutdownSignal, stopMessage } from '../../sync/signals.js';
import type { CommandContext } from '../context.js';
import { requireTargets } from './sync.js';

/** Longest wait between two tries to reach the database at start-up, ms. */
const START_WAIT_MAX_MS = 30_000;

/** `worksync run [ado|jira]`: sync now, then every SYNC_INTERVAL_MINUTES, until SIGINT/SIGTERM. */
export async function runCommand(ctx: CommandContext, platform: Platform | undefined): Promise<number> {
  const { config, logs } = ctx;
  const shutdown = shutdownSignal((signal) => logs.main.warn(stopMessage(signal)));
  let health: { url: string; close(): Promise<void> } | undefined;
  try {
    // The signal reaches the HTTP clients too: their retries and waits end at once on the first one.
    const targets = requireTargets(ctx, platform, shutdown.signal);
    const intervalMs = config.syncIntervalMinutes * 60_000;
    const metrics = new ServiceMetrics();
    let db: Db | undefined;
    let database: DatabaseWatch | undefined;
    // Up before the database: a liveness probe must not restart a service that is waiting for it.
    if (config.httpPort !== undefined) {
      health = await startHealthServer({
        port: config.httpPort,
        database: () => database,
        waitingSince: Date.now(),
        metrics,
        // A pass and its retries may take a while; three intervals without success is not ready.
        maxSuccessAgeMs: 3 * intervalMs,
        lastSuccess: async () =>
          new Map(
            await Promise.all(
              targets.map(
                async (t) => [t.platform, db ? await newestSuccess(db, t.schema) : undefined] as const,
              ),
            ),
          ),
      });
      logs.main.info(`health and metrics on ${health.url}/healthz, /readyz and /metrics`);
    }
    db = await databaseWhenReachable(ctx, shutdown.signal, logs.main);
    if (!db) {
      logs.main.info('stopped before the database could be reached');
      return 0;
    }
    database = new DatabaseWatch(db, logs.main);
    logs.main.info(
      `syncing ${targets.map((t) => `${t.platform} (${t.connector.projects.join(', ')})`).join(' and ')} now and every ${config.syncIntervalMinutes} min`,
    );
    await runService(db, targets, {
      intervalMs,
      signal: shutdown.signal,
      loggerFor: (t) => logs.platform(t.platform),
      metrics,
      snapshots: config.metrics,
      database,
    });
    logs.main.info('stopped');
    return 0;
  } finally {
    shutdown.dispose();
    await health?.close();
  }
}

/**
 * The database, opened and migrated, once it can be reached: a service started beside its database
 * (compose, systemd, Kubernetes) waits for it, with capped backoff, saying so. Undefined when the signal
 * aborts first. Errors other than an unreachable server (credentials, a bad migration) are thrown.
 */
async function databaseWhenReachable(
  ctx: CommandContext,
  signal: AbortSignal,
  log: Logger,
): Promise<Db | undefined> {
  let saidAt = 0;
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      const db = await ctx.openDb();
      await migrate(db, ctx.config);
      if (attempt > 0) log.warn('database reachable: starting');
      return db;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const waitMs = backoffMs(attempt, { baseMs: 1000, maxMs: START_WAIT_MAX_MS });
      // Said at the first try, then about once a minute: a long wait must not flood the log.
      if (Date.now() - saidAt >= 60_000) {
        saidAt = Date.now();
        log.warn(
          `${error instanceof Error ? error.message : String(error)}; waiting for it (next try in ${Math.round(waitMs / 1000)} s)`,
        );
      }
      await sleep(waitMs, signal).catch(() => undefined);
    }
  }
  return undefined;
}
