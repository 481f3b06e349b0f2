import type { Platform } from '../../domain/glossary.js';
import { describeError } from '../../errors.js';
import { migrate } from '../../store/migrate.js';
import { type PlatformTarget, platformTargets } from '../../sync/connectors.js';
import { syncPlatform } from '../../sync/run-once.js';
import { shutdownSignal, stopMessage } from '../../sync/signals.js';
import type { CommandContext } from '../context.js';
import { createProgress } from '../progress.js';

/**
 * The configured targets, or an error that says how to configure one. With `signal`, aborting it ends
 * their HTTP clients' requests, retries and waits at once.
 */
export function requireTargets(
  ctx: CommandContext,
  platform: Platform | undefined,
  signal?: AbortSignal,
): PlatformTarget[] {
  const targets = platformTargets(
    ctx.config,
    platform,
    (p) => ctx.logs.platform(p),
    signal ? { signal } : undefined,
  );
  if (targets.length === 0) {
    const which = platform === undefined ? 'no platform is' : `${platform} is not`;
    throw new Error(`${which} configured: set the ADO_* or JIRA_* variables (see .env.example)`);
  }
  return targets;
}

/** `worksync sync [ado|jira] [--full]`: one pass over the configured platforms in parallel, then exit. */
export async function syncCommand(
  ctx: CommandContext,
  platform: Platform | undefined,
  options: { full?: boolean },
): Promise<number> {
  const shutdown = shutdownSignal((signal) => ctx.logs.main.warn(stopMessage(signal)));
  const progress = createProgress();
  try {
    const targets = requireTargets(ctx, platform, shutdown.signal);
    const db = await ctx.openDb();
    await migrate(db, ctx.config);
    const outcomes = await Promise.allSettled(
      targets.map((t) =>
        syncPlatform(db, t.schema, t.connector, {
          full: options.full ?? false,
          signal: shutdown.signal,
          logger: ctx.logs.platform(t.platform),
          onPage: (project, figures) => progress.page(t.platform, project, figures),
          snapshots: ctx.config.metrics,
        }),
      ),
    );
    const reasons = outcomes.flatMap((o, i) =>
      o.status === 'rejected' ? [`${targets[i]!.platform}: ${describeError(o.reason)}`] : [],
    );
    if (reasons.length > 0) throw new Error(reasons.join('; '));
    return 0;
  } finally {
    progress.stop();
    shutdown.dispose();
  }
}
