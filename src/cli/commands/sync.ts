import type { Platform } from '../../domain/glossary.js';
import { describeError } from '../../errors.js';
import { migrate } from '../../store/migrate.js';
import { platformTargets } from '../../sync/connectors.js';
import { syncPlatform } from '../../sync/run-once.js';
import { shutdownSignal } from '../../sync/signals.js';
import type { CommandContext } from '../context.js';

/** `worksync sync [ado|jira] [--full]`: one pass over the configured platforms in parallel, then exit. */
export async function syncCommand(
  ctx: CommandContext,
  platform: Platform | undefined,
  options: { full?: boolean },
): Promise<number> {
  const targets = platformTargets(ctx.config, platform, (p) => ctx.logs.platform(p));
  if (targets.length === 0) {
    const which = platform === undefined ? 'no platform is' : `${platform} is not`;
    throw new Error(`${which} configured: set the ADO_* or JIRA_* variables (see .env.example)`);
  }
  const db = await ctx.openDb();
  await migrate(db, ctx.config);
  const shutdown = shutdownSignal((signal) =>
    ctx.logs.main.warn(
      `${signal}: finishing the page in flight, then stopping (send it again to exit at once)`,
    ),
  );
  try {
    const outcomes = await Promise.allSettled(
      targets.map((t) =>
        syncPlatform(db, t.schema, t.connector, {
          full: options.full ?? false,
          signal: shutdown.signal,
          logger: ctx.logs.platform(t.platform),
        }),
      ),
    );
    let failed = false;
    outcomes.forEach((outcome, index) => {
      const target = targets[index]!;
      if (outcome.status === 'rejected') {
        failed = true;
        ctx.logs
          .platform(target.platform)
          .error(`${target.platform} sync failed: ${describeError(outcome.reason)}`);
      }
    });
    if (failed) {
      const reasons = outcomes.flatMap((o, i) =>
        o.status === 'rejected' ? [`${targets[i]!.platform}: ${describeError(o.reason)}`] : [],
      );
      throw new Error(reasons.join('; '));
    }
    return 0;
  } finally {
    shutdown.dispose();
  }
}
