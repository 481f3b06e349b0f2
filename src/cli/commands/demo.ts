import { join, relative } from 'node:path';
import { startAdoSim } from '../../../sim/ado/index.js';
import { startJiraSim } from '../../../sim/jira/index.js';
import { parseConfig } from '../../config/schema.js';
import { Logs } from '../../log/logger.js';
import { computeForecasts } from '../../metrics/forecasts.js';
import { formatSummary } from '../../metrics/report/summary-table.js';
import { writeReport } from '../../metrics/report/write-report.js';
import { loadReportData } from '../../metrics/report-data-loader.js';
import { backfill } from '../../metrics/snapshots.js';
import type { Db } from '../../store/db.js';
import { ident } from '../../store/db.js';
import { migrate } from '../../store/migrate.js';
import { openPglite } from '../../store/pglite.js';
import { platformTargets } from '../../sync/connectors.js';
import { type ScopeResult, syncPlatform } from '../../sync/run-once.js';
import { shutdownSignal } from '../../sync/signals.js';
import { createProgress } from '../progress.js';
import { formatTable } from '../table.js';

export interface DemoOptions {
  /** Work items per platform. Default 2000. */
  items?: string;
  seed?: string;
}

/** Days of KPI history the demo reconstructs. */
const DEMO_BACKFILL_DAYS = 90;

/** A folder name that sorts by time: demo-20240131-235959. */
function stamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * `worksync demo`: the newcomer's first command. Starts both simulators on loopback, syncs them fully
 * into a fresh embedded database under ./data, and prints what it synced. No account, no server.
 */
export async function demoCommand(options: DemoOptions): Promise<number> {
  const items = Number(options.items ?? 2000);
  const seed = Number(options.seed ?? 42);
  if (!Number.isInteger(items) || items < 10)
    throw new Error('--items must be a whole number of at least 10');
  const cwd = process.cwd();
  const dataDir = join(cwd, 'data', `demo-${stamp()}`);
  const logs = new Logs({ logDir: join(cwd, 'logs'), level: 'warn', secrets: [] });
  const started = Date.now();
  process.stderr.write(
    `worksync demo: starting the Jira and Azure DevOps simulators with ${items} items each...\n`,
  );
  const [jira, ado] = await Promise.all([startJiraSim({ items, seed }), startAdoSim({ items, seed })]);
  const db = await openPglite(dataDir);
  const shutdown = shutdownSignal();
  const progress = createProgress();
  try {
    const config = parseConfig({ ...jira.env(), ...ado.env(), WORKSYNC_DATA_DIR: dataDir });
    await migrate(db, config);
    process.stderr.write(`syncing both platforms into embedded PostgreSQL in ${relative(cwd, dataDir)}...\n`);
    const targets = platformTargets(config, undefined, (p) => logs.platform(p));
    const results = await Promise.all(
      targets.map(async (t) => ({
        target: t,
        results: await syncPlatform(db, t.schema, t.connector, {
          full: true,
          signal: shutdown.signal,
          logger: logs.platform(t.platform),
          onPage: (project, figures) => progress.page(t.platform, project, figures),
        }),
      })),
    );
    progress.stop();
    process.stderr.write(`computing ${DEMO_BACKFILL_DAYS} days of KPI snapshots from the history...\n`);
    for (const t of targets) {
      await backfill(db, t.schema, DEMO_BACKFILL_DAYS, config.metrics);
      await computeForecasts(db, t.schema, config.metrics.forecast);
    }
    const report = await loadReportData(db, config);
    const { path: reportPath } = await writeReport(report, join(dataDir, 'report.html'));
    const rows = [];
    for (const { target, results: scopes } of results) {
      for (const scope of scopes) rows.push(await summaryRow(db, target.platform, target.schema, scope));
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `\n${formatTable(['platform', 'project', 'items', 'deleted', 'history rows', 'links', 'API requests', 'seconds'], rows)}\n\n` +
        `${formatSummary(report)}\n\n` +
        `Done in ${seconds} s. The data is in ${relative(cwd, dataDir)}; the KPI report is ${relative(cwd, reportPath)}.\n` +
        `Look further with\n  WORKSYNC_DATA_DIR=${relative(cwd, dataDir)} npx worksync status\n`,
    );
    return 0;
  } finally {
    progress.stop();
    shutdown.dispose();
    await db.close();
    await Promise.all([jira.close(), ado.close()]);
    logs.close();
  }
}

async function summaryRow(db: Db, platform: string, schema: string, scope: ScopeResult) {
  const s = ident(schema);
  const [row] = await db.query<{ items: number; deleted: number; history: number; links: number }>(
    `SELECT count(*) FILTER (WHERE deleted_at IS NULL) AS items, count(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted,
            (SELECT count(*) FROM ${s}.change_history h JOIN ${s}.work_items i ON i.id = h.item_id AND i.project = $1)
          + (SELECT count(*) FROM ${s}.field_history h JOIN ${s}.work_items i ON i.id = h.item_id AND i.project = $1) AS history,
            (SELECT count(*) FROM ${s}.relations r JOIN ${s}.work_items i ON i.id = r.source_id AND i.project = $1) AS links
       FROM ${s}.work_items WHERE project = $1`,
    [scope.project],
  );
  return [
    platform,
    scope.project,
    row?.items ?? 0,
    row?.deleted ?? 0,
    row?.history ?? 0,
    row?.links ?? 0,
    scope.figures.apiRequests,
    (scope.durationMs / 1000).toFixed(1),
  ];
}
