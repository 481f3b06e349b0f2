import { migrate } from '../../store/migrate.js';
import type { CommandContext } from '../context.js';

/** `worksync migrate`: creates or updates the schema; prints what it applied. */
export async function migrateCommand(ctx: CommandContext): Promise<number> {
  const db = await ctx.openDb();
  const report = await migrate(db, ctx.config);
  if (report.applied.length === 0) {
    ctx.logs.main.info(`database ${db.display} is up to date`);
  } else {
    ctx.logs.main.info(
      { applied: report.applied },
      `applied ${report.applied.length} migrations to ${db.display}`,
    );
  }
  return 0;
}
