/**
 * End to end: both simulators synced with snapshots on; every sync leaves each platform schema's
 * `forecasts` table filled for the platform, its projects and its teams (Azure DevOps team iterations,
 * Jira boards), sampled from the same throughput the snapshots count, and the cross-platform view shows both.
 */
import { describe, expect, it } from 'vitest';
import { startAdoSim } from '../../sim/ado/index.js';
import { startJiraSim } from '../../sim/jira/index.js';
import { parseConfig } from '../../src/config/schema.js';
import { AdoConnector } from '../../src/connectors/azure-devops/connector.js';
import type { Connector } from '../../src/connectors/connector.js';
import { JiraConnector } from '../../src/connectors/jira/connector.js';
import { computeForecasts } from '../../src/metrics/forecasts.js';
import { DEFAULT_POLICY } from '../../src/metrics/policy.js';
import { backfill } from '../../src/metrics/snapshots.js';
import type { Db } from '../../src/store/db.js';
import { backends, simulatorAndDatabase } from '../support/databases.js';
import { silentLogs, syncPass } from '../support/sync-pass.js';

const logs = silentLogs;
// One backend is enough here: the store scenario (forecasts.test.ts) runs on both.
const backend = backends().at(-1)!;

async function forecastRows(db: Db, schema: string) {
  return db.query<{
    scope: string;
    scope_value: string;
    question: string;
    open_items: number;
    p50: number | null;
    p85: number | null;
    p95: number | null;
    sample_items: number;
    window_from: string;
    window_to: string;
  }>(
    `SELECT scope, scope_value, question, horizon_days, open_items, p50, p85, p95, mean, sample_days, sample_items,
            window_from::text, window_to::text
       FROM ${schema}.forecasts ORDER BY scope, scope_value, question, horizon_days`,
  );
}

async function expectFilled(db: Db, schema: string, teams: string[]) {
  const rows = await forecastRows(db, schema);
  const scopes = new Set(rows.map((r) => `${r.scope}:${r.scope_value}`));
  const [counts] = await db.query<{ open: number; projects: string[] }>(
    `SELECT count(*) FILTER (WHERE state_category IN ('proposed', 'in_progress'))::int AS open,
            array_agg(DISTINCT project) AS projects
       FROM ${schema}.work_items WHERE deleted_at IS NULL`,
  );
  expect(scopes.has('all:')).toBe(true);
  for (const project of counts!.projects) expect(scopes, project).toContain(`project:${project}`);
  for (const team of teams) expect(scopes, team).toContain(`team:${team}`);
  const all = rows.filter((r) => r.scope === 'all');
  expect(all).toHaveLength(5);
  expect(all[0]!.open_items).toBe(counts!.open);
  expect(all[0]!.sample_items).toBeGreaterThan(0);
  for (const r of rows.filter((r) => r.question === 'how_many' && r.sample_items > 0)) {
    expect(r.p95!).toBeLessThanOrEqual(r.p85!);
    expect(r.p85!).toBeLessThanOrEqual(r.p50!);
  }
  // The sample is the snapshots' throughput over the same days, but for deleted items (the snapshots
  // count them until their deletion, the forecasts leave them out).
  await backfill(db, schema, 90, DEFAULT_POLICY);
  const [snap] = await db.query<{ n: number }>(
    `SELECT coalesce(sum(value), 0)::int AS n FROM ${schema}.history_snapshots
      WHERE metric = 'throughput' AND dimension = 'all' AND snapshot_date BETWEEN $1::date AND $2::date`,
    [all[0]!.window_from, all[0]!.window_to],
  );
  const [deleted] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${schema}.change_history h JOIN ${schema}.work_items w ON w.id = h.item_id
      WHERE w.deleted_at IS NOT NULL AND h.changed_at < w.deleted_at
        AND h.to_category = 'completed' AND h.from_state IS NOT NULL AND h.from_category IS DISTINCT FROM 'completed'
        AND (h.changed_at AT TIME ZONE 'UTC')::date BETWEEN $1::date AND $2::date`,
    [all[0]!.window_from, all[0]!.window_to],
  );
  expect(all[0]!.sample_items).toBe(snap!.n - deleted!.n);
  return rows;
}

const syncOnce = (db: Db, schema: string, connector: Connector) =>
  syncPass(db, schema, connector, DEFAULT_POLICY);

describe(`forecasts after a sync of the simulators on ${backend.name}`, () => {
  const open = simulatorAndDatabase(backend);

  it('fill the forecasts table of both platforms, per platform, project and team', async () => {
    const { sim: ado, db } = await open(() => startAdoSim({ items: 250, seed: 15 }));
    const jira = await startJiraSim({ items: 250, seed: 15 });
    try {
      const adoConfig = parseConfig(ado.env());
      await syncOnce(db, 'public', new AdoConnector(adoConfig.ado!, { logger: logs.main }));
      await syncOnce(
        db,
        'jira_sync',
        new JiraConnector(parseConfig(jira.env()).jira!, { logger: logs.main }),
      );

      const adoTeams = adoConfig.ado!.teams.map((t) => t.team);
      const adoRows = await expectFilled(db, 'public', adoTeams);
      const boards = await db.query<{ board: string }>(
        `SELECT DISTINCT 'board ' || board AS board FROM jira_sync.sprints WHERE board IS NOT NULL`,
      );
      expect(boards.length).toBeGreaterThan(0);
      await expectFilled(
        db,
        'jira_sync',
        boards.map((b) => b.board),
      );

      const view = await db.query<{ platform: string; n: number }>(
        `SELECT platform, count(*)::int AS n FROM worksync.forecasts GROUP BY platform ORDER BY platform`,
      );
      expect(view.map((v) => v.platform)).toEqual(['ado', 'jira']);

      // Recomputed on the same day and data: the same answers.
      await computeForecasts(db, 'public', DEFAULT_POLICY.forecast);
      expect(await forecastRows(db, 'public')).toEqual(adoRows);
    } finally {
      await jira.close();
    }
  });
});
