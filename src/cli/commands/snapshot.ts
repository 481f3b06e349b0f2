import { computeForecasts } from '../../metrics/forecasts.js';
import { backfill, computeSnapshots, isoDay } from '../../metrics/snapshots.js';
import { migrate } from '../../store/migrate.js';
import type { CommandContext } from '../context.js';

/** `worksync snapshot [--backfill DAYS]`: today's KPI snapshots, or the past DAYS days rebuilt from history; then the forecasts. */
export async function snapshotCommand(ctx: CommandContext, options: { backfill?: string }): Promise<number> {
  const days = options.backfill === undefined ? undefined : Number(options.backfill);
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3660)) {
    throw new Error(
      `--backfill must be a whole number of days between 1 and 3660, got "${options.backfill}"`,
    );
  }
  const db = await ctx.openDb();
  await migrate(db, ctx.config);
  const { config } = ctx;
  for (const [platform, schema] of [
    ['ado', config.adoSchema],
    ['jira', config.jiraSchema],
  ] as const) {
    const started = Date.now();
    const today = isoDay(new Date());
    const rows =
      days === undefined
        ? await computeSnapshots(db, schema, today, today, config.metrics)
        : await backfill(db, schema, days, config.metrics);
    const forecast = await computeForecasts(db, schema, config.metrics.forecast);
    ctx.logs.main.info(
      { platform, rows, forecastScopes: forecast.scopes, ms: Date.now() - started },
      `${platform}: ${rows} snapshot rows for ${days === undefined ? today : `the last ${days} days`}, forecasts of ${forecast.scopes} scopes, in ${Date.now() - started} ms`,
    );
  }
  return 0;
}
