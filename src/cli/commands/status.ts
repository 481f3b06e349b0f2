import type { Platform } from '../../domain/glossary.js';
import { type PlatformStatus, readPlatformStatus } from '../../store/status.js';
import type { CommandContext } from '../context.js';
import { formatDate, formatTable } from '../table.js';

/** `worksync status [--json]`: per platform and project, what has been synced and how it went. */
export async function statusCommand(ctx: CommandContext, options: { json?: boolean }): Promise<number> {
  const db = await ctx.openDb();
  const { config } = ctx;
  const platforms: { platform: Platform; schema: string; configured: boolean }[] = [
    { platform: 'ado', schema: config.adoSchema, configured: config.ado !== undefined },
    { platform: 'jira', schema: config.jiraSchema, configured: config.jira !== undefined },
  ];
  const statuses = await Promise.all(
    platforms.map(async (p) => ({
      ...(await readPlatformStatus(db, p.platform, p.schema)),
      configured: p.configured,
    })),
  );
  if (options.json) {
    ctx.print(JSON.stringify({ database: db.display, platforms: statuses }, null, 2));
    return 0;
  }
  const out: string[] = [`database: ${db.display}`];
  for (const status of statuses) out.push('', ...describe(status));
  ctx.print(out.join('\n'));
  return 0;
}

function describe(status: PlatformStatus & { configured: boolean }): string[] {
  const name = status.platform === 'ado' ? 'Azure DevOps' : 'Jira';
  const head = `${name} (schema ${status.schema}, ${status.configured ? 'configured' : 'not configured'})`;
  if (!status.migrated) return [head, '  not migrated yet: run `worksync migrate`'];
  const lines = [head, `  ${status.workItems} work items, ${status.historyRows} history rows`];
  if (status.scopes.length === 0) return [...lines, '  never synced: run `worksync sync`'];
  const table = formatTable(
    ['project', 'last success', 'last run', 'items synced', 'source', 'stored', 'API requests', 'last error'],
    status.scopes.map((s) => [
      s.project,
      formatDate(s.lastSuccessAt),
      s.lastRunOutcome,
      s.itemsSynced,
      s.sourceCount,
      s.storedCount,
      s.apiRequests,
      s.lastError,
    ]),
  );
  return [...lines, ...table.split('\n').map((line) => `  ${line}`)];
}
