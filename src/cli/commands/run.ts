import type { Platform } from '../../domain/glossary.js';
import { migrate } from '../../store/migrate.js';
import { newestSuccess } from '../../store/scope-view.js';
import { startHealthServer } from '../../sync/health-server.js';
import { ServiceMetrics } from '../../sync/metrics.js';
import { runService } from '../../sync/service.js';
import { shutdownSignal } from '../../sync/signals.js';
import type { CommandContext } from '../context.js';
import { requireTargets } from './sync.js';

/** `worksync run [ado|jira]`: sync now, then every SYNC_INTERVAL_MINUTES, until SIGINT/SIGTERM. */
export async function runCommand(ctx: CommandContext, platform: Platform | undefined): Promise<number> {
  const { config, logs } = ctx;
  const targets = requireTargets(ctx, platform);
  const db = await ctx.openDb();
  await migrate(db, config);
  const intervalMs = config.syncIntervalMinutes * 60_000;
  const metrics = new ServiceMetrics();
  const shutdown = shutdownSignal((signal) =>
    logs.main.warn(`${signal}: finishing the page in flight, then stopping (send it again to exit at once)`),
  );
  const health =
    config.httpPort === undefined
      ? undefined
      : await startHealthServer({
          port: config.httpPort,
          db,
          metrics,
          // A pass and its retries may take a while; three intervals without success is not ready.
          maxSuccessAgeMs: 3 * intervalMs,
          lastSuccess: async () =>
            new Map(
              await Promise.all(
                targets.map(async (t) => [t.platform, await newestSuccess(db, t.schema)] as const),
              ),
            ),
        });
  if (health) logs.main.info(`health and metrics on ${health.url}/healthz, /readyz and /metrics`);
  logs.main.info(
    `syncing ${targets.map((t) => `${t.platform} (${t.connector.projects.join(', ')})`).join(' and ')} now and every ${config.syncIntervalMinutes} min`,
  );
  try {
    await runService(db, targets, {
      intervalMs,
      signal: shutdown.signal,
      loggerFor: (t) => logs.platform(t.platform),
      metrics,
      snapshots: config.metrics,
    });
    logs.main.info('stopped');
    return 0;
  } finally {
    shutdown.dispose();
    await health?.close();
  }
}
