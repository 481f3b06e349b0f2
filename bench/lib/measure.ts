import { runWorker } from './children.js';
import type { Minimum } from './minimum.js';
import { checkpoint, plainBulkInsert } from './plain-insert.js';
import type { BenchPlatform, PlatformMeasure } from './protocol.js';
import {
  type BenchContext,
  type PlatformFigures,
  requireSims,
  type ScenarioResult,
  type TargetCheck,
  type WriteComparison,
} from './types.js';

const perSec = (n: number, ms: number) => (ms > 0 ? (n / ms) * 1000 : 0);
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface SyncScenarioOptions {
  id: string;
  title: string;
  mode: 'full' | 'incremental';
  minimum: Record<BenchPlatform, Minimum>;
  /**
   * Rows to compare with a plain bulk insert: 'all' rows of the bulk tables (a full sync into empty
   * tables), 'since' those written during the scenario, 'none' to skip.
   */
  compare: 'all' | 'since' | 'none';
  /** Builds the scenario's target checks from its figures. */
  targets(result: ScenarioResult): TargetCheck[];
  extra?: Record<string, unknown>;
}

function platformFigures(
  m: PlatformMeasure,
  minimum: Minimum,
  simulatorRequests: number,
  projects: number,
): PlatformFigures {
  return {
    platform: m.platform,
    projects,
    wallMs: round(m.wallMs, 0),
    itemsFetched: m.itemsFetched,
    itemsWritten: m.itemsAdded + m.itemsUpdated,
    historyRows: m.historyRows,
    relationRows: m.relationRows,
    itemsPerSec: round(perSec(m.itemsFetched, m.wallMs), 0),
    historyRowsPerSec: round(perSec(m.historyRows, m.wallMs), 0),
    requests: m.requests.total,
    requestsByEndpoint: m.requests.byEndpoint,
    simulatorRequests,
    requestsPer1000Items: m.itemsFetched > 0 ? round((m.requests.total / m.itemsFetched) * 1000) : null,
    minimumRequests: minimum.total,
    minimumParts: minimum.parts,
    minimumFormula: minimum.formula,
    requestRatio: round(m.requests.total / minimum.total, 3),
    retries: m.requests.retries,
    dbWriteMs: round(m.dbWriteMs, 0),
    dbReadMs: round(m.dbReadMs, 0),
    dbWriteShare: round(m.dbWriteMs / m.wallMs, 3),
    outcomes: m.outcomes,
    ...(m.error !== undefined ? { error: m.error } : {}),
  };
}

/** Runs one sync of both platforms in the worker process and turns its measures into a scenario result. */
export async function syncScenario(ctx: BenchContext, options: SyncScenarioOptions): Promise<ScenarioResult> {
  const { sims, stats } = requireSims(ctx);
  await Promise.all([sims.jira.resetCounts(), sims.ado.resetCounts()]);
  const admin = await ctx.db.open();
  try {
    await checkpoint(admin);
  } finally {
    await admin.close();
  }
  const startedAt = new Date(Date.now() - 1000);
  const worker = await runWorker(options.mode, ctx.workerEnv, {
    ...(ctx.cpuProfDir ? { cpuProf: ctx.cpuProfDir } : {}),
    ...(ctx.workerHeapMb ? { heapMb: ctx.workerHeapMb } : {}),
  });
  const simCounts = {
    jira: Object.values(await sims.jira.counts()).reduce((a, b) => a + b, 0),
    ado: Object.values(await sims.ado.counts()).reduce((a, b) => a + b, 0),
  };
  const projects = {
    jira: Object.keys(stats.jira.projects).length,
    ado: Object.keys(stats.ado.projects).length,
  };
  const platforms = worker.platforms.map((m) =>
    platformFigures(m, options.minimum[m.platform], simCounts[m.platform], projects[m.platform]),
  );
  const sum = (pick: (p: PlatformFigures) => number) => platforms.reduce((n, p) => n + pick(p), 0);
  const itemsFetched = sum((p) => p.itemsFetched);
  const historyRows = sum((p) => p.historyRows);
  const requests = sum((p) => p.requests);
  const minimumRequests = sum((p) => p.minimumRequests);
  const dbWriteMs = sum((p) => p.dbWriteMs);

  let write: WriteComparison | undefined;
  if (options.compare !== 'none') {
    ctx.log(`  plain bulk insert of the same rows into ${ctx.db.kind}...`);
    const db = await ctx.db.open();
    try {
      const since = options.compare === 'since' ? startedAt : undefined;
      const results = [];
      for (const schema of [ctx.schemas.jiraSchema, ctx.schemas.adoSchema])
        results.push(await plainBulkInsert(db, schema, since));
      const rows = results.reduce((n, r) => n + r.rows, 0);
      const ms = results.reduce((n, r) => n + r.ms, 0);
      const byTable: Record<string, { rows: number; ms: number }> = {};
      for (const [i, r] of results.entries())
        for (const [table, t] of Object.entries(r.byTable))
          byTable[`${i === 0 ? 'jira' : 'ado'}.${table}`] = { rows: t.rows, ms: round(t.ms, 0) };
      if (rows > 0) {
        const plain = { rows, ms: round(ms, 0), rowsPerSec: round(perSec(rows, ms), 0), byTable };
        const worksyncRowsPerSec = round(perSec(rows, dbWriteMs), 0);
        write = {
          rows,
          worksyncWriteMs: round(dbWriteMs, 0),
          worksyncRowsPerSec,
          plain,
          ratio: round(worksyncRowsPerSec / plain.rowsPerSec, 3),
        };
      }
    } finally {
      await db.close();
    }
  }

  const result: ScenarioResult = {
    id: options.id,
    title: options.title,
    status: 'ok',
    itemsPerPlatform: ctx.items,
    wallMs: round(worker.wallMs, 0),
    itemsFetched,
    historyRows,
    itemsPerSec: round(perSec(itemsFetched, worker.wallMs), 0),
    historyRowsPerSec: round(perSec(historyRows, worker.wallMs), 0),
    requests,
    requestsPer1000Items: itemsFetched > 0 ? round((requests / itemsFetched) * 1000) : null,
    minimumRequests,
    requestRatio: round(requests / minimumRequests, 3),
    peakRssMb: round(worker.peakRssMb, 1),
    peakHeapMb: round(worker.peakHeapMb, 1),
    dbWriteMs: round(dbWriteMs, 0),
    dbWriteShare: round(dbWriteMs / sum((p) => p.wallMs), 3),
    ...(write ? { write } : {}),
    platforms,
    targets: [],
    extra: {
      migrateMs: round(worker.migrateMs, 0),
      workerCpuMs: round(worker.cpuMs, 0),
      eventLoopUtilization: round(worker.eventLoopUtilization, 3),
      ...options.extra,
    },
  };
  const failures = platforms.filter((p) => p.error !== undefined);
  if (failures.length > 0) {
    result.status = 'failed';
    result.note = failures.map((p) => `${p.platform} failed: ${p.error}`).join('; ');
  }
  result.targets = [
    ...failures.map((p) => ({
      name: `${p.platform} sync completes`,
      target: 'every scope succeeds',
      value: `failed: ${p.error}`,
      met: false,
    })),
    ...options.targets(result),
  ];
  return result;
}

/** Request-ratio checks, per platform and in total, against a maximum. */
export function ratioTargets(result: ScenarioResult, max: number, label: string): TargetCheck[] {
  return [
    ...result.platforms.map((p) => ({
      name: `${label} requests, ${p.platform}`,
      target: `≤ ${max} × minimum (${p.minimumRequests})`,
      value: `${p.requests} = ${p.requestRatio} × minimum`,
      met: p.requestRatio <= max,
    })),
  ];
}

export function writeTarget(result: ScenarioResult): TargetCheck[] {
  if (!result.write) return [];
  return [
    {
      name: 'database writing vs plain bulk insert',
      target: '≥ 50% of the plain rate',
      value: `${Math.round(result.write.ratio * 100)}% (${result.write.worksyncRowsPerSec} vs ${result.write.plain.rowsPerSec} rows/s)`,
      met: result.write.ratio >= 0.5,
    },
  ];
}
