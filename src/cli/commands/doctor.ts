import { accessSync, constants, mkdirSync } from 'node:fs';
import { describeError } from '../../errors.js';
import { pendingMigrations } from '../../store/migrate.js';
import { platformTargets } from '../../sync/connectors.js';
import type { CommandContext } from '../context.js';

/** The outcome of one check; `fix` says what to do when it is not ok. */
export interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  fix?: string;
}

/** Each configured platform's API checks: authentication, then access to every project (and team). */
async function apiChecks(ctx: CommandContext): Promise<Check[]> {
  // A check answers quickly: one retry at most, so an unreachable server is reported in seconds.
  const targets = platformTargets(ctx.config, undefined, () => ctx.logs.main, {
    maxRetries: 1,
    backoffBaseMs: 500,
    timeoutMs: 15_000,
  });
  const results = await Promise.all(targets.map((t) => t.connector.doctor()));
  return results.flat().map((c) => ({
    name: c.name,
    status: c.ok ? (c.warn ? 'warn' : 'ok') : 'fail',
    detail: c.detail,
    ...(c.fix ? { fix: c.fix } : {}),
  }));
}

async function databaseChecks(ctx: CommandContext): Promise<Check[]> {
  try {
    const db = await ctx.openDb();
    const [row] = await db.query<{ version: string }>('SELECT version() AS version');
    const checks: Check[] = [
      {
        name: 'database',
        status: 'ok',
        detail: `${db.display}: ${row?.version.split(',')[0] ?? 'reachable'}`,
      },
    ];
    const pending = await pendingMigrations(db, ctx.config);
    checks.push(
      pending.length === 0
        ? {
            name: 'schema',
            status: 'ok',
            detail: `${ctx.config.adoSchema} and ${ctx.config.jiraSchema} are up to date`,
          }
        : {
            name: 'schema',
            status: 'warn',
            detail: `${pending.length} migrations pending`,
            fix: 'run `worksync migrate` (sync and run also migrate before they start)',
          },
    );
    return checks;
  } catch (error) {
    return [
      {
        name: 'database',
        status: 'fail',
        detail: describeError(error),
        fix: 'check PG_HOST, PG_PORT, PG_DATABASE, PG_USERNAME and PG_PASSWORD (or DATABASE_URL), and that the server accepts connections',
      },
    ];
  }
}

function configurationChecks(ctx: CommandContext): Check[] {
  const { config } = ctx;
  const checks: Check[] = [
    { name: 'configuration', status: 'ok', detail: 'every variable is valid' },
    config.ado
      ? {
          name: 'Azure DevOps',
          status: 'ok',
          detail: `${config.ado.baseUrl}/${config.ado.organization}: ${config.ado.wholeOrganization ? 'every project (ADO_PROJECT=*)' : `projects ${config.ado.projects.join(', ')}`}; ${config.ado.auth.kind === 'pat' ? 'token ***' : `ADO_AUTH=${config.ado.auth.kind}`}`,
        }
      : {
          name: 'Azure DevOps',
          status: 'warn',
          detail: 'not configured',
          fix: 'set ADO_ORGANIZATION, ADO_PROJECT and ADO_PERSONAL_ACCESS_TOKEN (or ADO_AUTH=entra / managed-identity) to sync it',
        },
    config.jira
      ? {
          name: 'Jira',
          status: 'ok',
          detail: `${config.jira.url}: projects ${config.jira.projectKeys.join(', ')} as ${config.jira.email}; token ***`,
        }
      : {
          name: 'Jira',
          status: 'warn',
          detail: 'not configured',
          fix: 'set JIRA_CLOUD_URL, JIRA_PROJECT_KEY, JIRA_USER_EMAIL and JIRA_API_TOKEN to sync it',
        },
  ];
  if (config.insecureHttp) {
    checks.push({
      name: 'plain http',
      status: 'warn',
      detail: `${config.insecureHttp.join(' and ')} on plain http outside loopback (WORKSYNC_ALLOW_INSECURE_HTTP=true): the token travels in clear text`,
      fix: `use https:// in ${config.insecureHttp.join(' and ')} and unset WORKSYNC_ALLOW_INSECURE_HTTP`,
    });
  }
  try {
    mkdirSync(config.logDir, { recursive: true });
    accessSync(config.logDir, constants.W_OK);
    checks.push({ name: 'log folder', status: 'ok', detail: config.logDir });
  } catch (error) {
    checks.push({
      name: 'log folder',
      status: 'fail',
      detail: describeError(error),
      fix: 'set LOG_DIR to a writable folder',
    });
  }
  return checks;
}

/** `worksync doctor`: configuration, database and API checks, each with a fix; exit 1 when any fails. */
export async function doctorCommand(ctx: CommandContext, options: { json?: boolean }): Promise<number> {
  const checks = [...configurationChecks(ctx), ...(await databaseChecks(ctx)), ...(await apiChecks(ctx))];
  if (options.json) {
    ctx.print(JSON.stringify(checks, null, 2));
  } else {
    const mark = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;
    const lines = checks.flatMap((c) => [
      `${mark[c.status]}  ${c.name}: ${c.detail}`,
      ...(c.fix && c.status !== 'ok' ? [`      fix: ${c.fix}`] : []),
    ]);
    ctx.print(lines.join('\n'));
  }
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}
