import type { Db } from '../store/db.js';
import { ident } from '../store/db.js';
import { loadForecasts } from './forecast-report-loader.js';
import type { PlatformReport, ReportData, Series } from './report/report-data.js';
import { loadSprintReport } from './sprint-report-loader.js';

/** How far back the charts look, in days. */
const CHART_DAYS = 180;
const SCATTER_DAYS = 90;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

async function hasItems(db: Db, schema: string): Promise<boolean> {
  const [exists] = await db.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [
    `${ident(schema)}.work_items`,
  ]);
  if (!exists?.ok) return false;
  const [row] = await db.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${ident(schema)}.work_items) AS any`,
  );
  return row?.any ?? false;
}

async function latestMetric(db: Db, schema: string, metric: string): Promise<number | null> {
  const [row] = await db.query<{ value: number | null }>(
    `SELECT value FROM ${ident(schema)}.history_snapshots WHERE metric = $1 AND dimension = 'all'
      ORDER BY snapshot_date DESC LIMIT 1`,
    [metric],
  );
  return num(row?.value);
}

async function platformReport(db: Db, platform: 'ado' | 'jira', schema: string): Promise<PlatformReport> {
  const s = ident(schema);
  const [counts] = await db.query<{
    items: number;
    open: number;
    bugs: number;
    wip: number;
    throughput: number;
  }>(
    `SELECT count(*) AS items,
            count(*) FILTER (WHERE state_category IN ('proposed', 'in_progress')) AS open,
            count(*) FILTER (WHERE state_category IN ('proposed', 'in_progress') AND lower(work_item_type) = 'bug') AS bugs,
            count(*) FILTER (WHERE state_category = 'in_progress') AS wip,
            (SELECT count(*) FROM ${s}.item_cycle_times WHERE completed_at > now() - interval '30 days') AS throughput
       FROM ${s}.work_items WHERE deleted_at IS NULL`,
  );
  const severityRows = await db.query<{ day: string; severity: string; value: number }>(
    `SELECT snapshot_date::text AS day, severity, open_bugs AS value FROM ${s}.open_bugs_by_severity
      WHERE snapshot_date > current_date - $1::int ORDER BY severity, snapshot_date`,
    [CHART_DAYS],
  );
  const bySeverity = new Map<string, Series>();
  for (const row of severityRows) {
    const series = bySeverity.get(row.severity) ?? { name: row.severity, points: [] };
    series.points.push({ day: row.day, value: Number(row.value) });
    bySeverity.set(row.severity, series);
  }
  const weekly = await db.query<{ week: string; created: number | null; resolved: number | null }>(
    `SELECT week::text AS week, created, resolved FROM ${s}.created_vs_resolved_weekly
      WHERE week > current_date - $1::int ORDER BY week`,
    [CHART_DAYS],
  );
  const flow = await db.query<{ day: string; category: string; items: number }>(
    `SELECT snapshot_date::text AS day, state_category AS category, items FROM ${s}.cumulative_flow
      WHERE snapshot_date > current_date - $1::int ORDER BY snapshot_date`,
    [CHART_DAYS],
  );
  const byDay = new Map<string, PlatformReport['cumulativeFlow'][number]>();
  for (const row of flow) {
    const entry = byDay.get(row.day) ?? {
      day: row.day,
      proposed: 0,
      in_progress: 0,
      resolved: 0,
      completed: 0,
    };
    if (row.category in entry && row.category !== 'day') {
      entry[row.category as 'proposed' | 'in_progress' | 'resolved' | 'completed'] = Number(row.items);
    }
    byDay.set(row.day, entry);
  }
  const points = await db.query<{ id: string; day: string; cycle: number; type: string }>(
    `SELECT id, (completed_at AT TIME ZONE 'UTC')::date::text AS day, cycle_time_days AS cycle, work_item_type AS type
       FROM ${s}.item_cycle_times
      WHERE completed_at > now() - make_interval(days => $1::int) AND cycle_time_days IS NOT NULL
      ORDER BY completed_at`,
    [SCATTER_DAYS],
  );
  const [pct] = await db.query<{ p50: number | null; p85: number | null; p95: number | null }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY cycle_time_days) AS p50,
            percentile_cont(0.85) WITHIN GROUP (ORDER BY cycle_time_days) AS p85,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY cycle_time_days) AS p95
       FROM ${s}.item_cycle_times
      WHERE completed_at > now() - make_interval(days => $1::int) AND cycle_time_days IS NOT NULL`,
    [SCATTER_DAYS],
  );
  const wip = await db.query<{ id: string; title: string; state: string; type: string; age: number }>(
    `SELECT id, title, state, work_item_type AS type, age_days AS age FROM ${s}.aging_wip LIMIT 30`,
  );
  return {
    platform,
    title: platform === 'ado' ? 'Azure DevOps' : 'Jira',
    summary: {
      items: Number(counts?.items ?? 0),
      openItems: Number(counts?.open ?? 0),
      openBugs: Number(counts?.bugs ?? 0),
      wip: Number(counts?.wip ?? 0),
      throughput30d: Number(counts?.throughput ?? 0),
      cycleTimeP50: num(pct?.p50),
      bugMttr: await latestMetric(db, schema, 'bug_mttr_days'),
      slaBreaches: (await latestMetric(db, schema, 'sla_breaches')) ?? 0,
    },
    openBugsBySeverity: [...bySeverity.values()],
    createdVsResolved: weekly.map((w) => ({
      week: w.week,
      created: Number(w.created ?? 0),
      resolved: Number(w.resolved ?? 0),
    })),
    cumulativeFlow: [...byDay.values()],
    cycleTimeScatter: {
      points: points.map((p) => ({ id: p.id, day: p.day, cycleTimeDays: Number(p.cycle), type: p.type })),
      p50: num(pct?.p50),
      p85: num(pct?.p85),
      p95: num(pct?.p95),
    },
    sprints: await loadSprintReport(db, platform, schema),
    agingWip: wip.map((w) => ({
      id: w.id,
      title: w.title,
      state: w.state,
      type: w.type,
      ageDays: Number(w.age),
    })),
    forecasts: await loadForecasts(db, schema),
  };
}

/** Loads everything the report shows for the platforms that have data. */
export async function loadReportData(
  db: Db,
  schemas: { adoSchema: string; jiraSchema: string },
): Promise<ReportData> {
  const platforms: PlatformReport[] = [];
  for (const [platform, schema] of [
    ['ado', schemas.adoSchema],
    ['jira', schemas.jiraSchema],
  ] as const) {
    if (await hasItems(db, schema)) platforms.push(await platformReport(db, platform, schema));
  }
  return { generatedAt: new Date().toISOString(), database: db.display, platforms };
}
