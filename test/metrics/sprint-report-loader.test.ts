import { describe, expect, it } from 'vitest';
import { startAdoSim } from '../../sim/ado/index.js';
import { startJiraSim } from '../../sim/jira/index.js';
import { parseConfig } from '../../src/config/schema.js';
import { AdoConnector } from '../../src/connectors/azure-devops/connector.js';
import type { Connector } from '../../src/connectors/connector.js';
import { JiraConnector } from '../../src/connectors/jira/connector.js';
import { Logs } from '../../src/log/logger.js';
import { loadSprintReport } from '../../src/metrics/sprint-report-loader.js';
import type { Db } from '../../src/store/db.js';
import { syncPlatform } from '../../src/sync/run-once.js';
import { backends, simulatorAndDatabase } from '../support/databases.js';

const logs = new Logs({ logDir: '/tmp', level: 'silent', secrets: [], pretty: false });

async function sync(db: Db, schema: string, connector: Connector): Promise<void> {
  const results = await syncPlatform(db, schema, connector, {
    full: false,
    signal: new AbortController().signal,
    logger: logs.main,
  });
  expect(results.every((r) => r.outcome === 'success')).toBe(true);
}

/** The loader's figures equal the views' own rows: sprint_velocity (its rolling average too) and sprint_burndown. */
async function checkAgainstViews(db: Db, platform: 'ado' | 'jira', schema: string): Promise<void> {
  const report = await loadSprintReport(db, platform, schema);
  expect(report.teams.length).toBeGreaterThan(0);
  for (const team of report.teams) {
    expect(team.sprints.length, team.label).toBeGreaterThan(0);
    const velocity = await db.query<{
      sprint_id: string;
      completed_points: number;
      committed_points: number;
      velocity_avg: number;
    }>(
      `SELECT sprint_id, completed_points, committed_points, velocity_avg FROM ${schema}.sprint_velocity WHERE team = $1 ORDER BY start_at, sprint_id`,
      [team.team],
    );
    const shown = velocity.slice(-team.sprints.length);
    expect(team.sprints.map((s) => s.sprintId)).toEqual(shown.map((v) => v.sprint_id));
    for (const [i, s] of team.sprints.entries()) {
      expect(s.completedPoints).toBe(Number(shown[i]!.completed_points));
      expect(s.committedPoints).toBe(Number(shown[i]!.committed_points));
      expect(s.velocityAvg).toBeCloseTo(Number(shown[i]!.velocity_avg), 9);
    }
    const current = team.current!;
    const days = await db.query<{ day: string; remaining_points: number }>(
      `SELECT day::text AS day, remaining_points FROM ${schema}.sprint_burndown WHERE sprint_id = $1 ORDER BY day`,
      [current.sprintId],
    );
    expect(current.days.length).toBeGreaterThan(0);
    expect(current.days.map((d) => [d.day, d.remainingPoints])).toEqual(
      days.map((d) => [d.day, Number(d.remaining_points)]),
    );
  }
}

// One backend: the SQL is the same on both.
const backend = backends()[0]!;
describe(`report sprint section from the generated data on ${backend.name}`, () => {
  const open = simulatorAndDatabase(backend);

  it('Jira: each board shown has its ended sprints as sprint_velocity has them and its current sprint burndown', async () => {
    const { sim, db } = await open(() => startJiraSim({ items: 150, seed: 3 }));
    await sync(db, 'jira_sync', new JiraConnector(parseConfig(sim.env()).jira!, { logger: logs.main }));
    await checkAgainstViews(db, 'jira', 'jira_sync');
  });

  it('Azure DevOps: each team shown has its ended sprints as sprint_velocity has them and its current sprint burndown', async () => {
    const { sim, db } = await open(() => startAdoSim({ items: 150, seed: 3 }));
    await sync(db, 'public', new AdoConnector(parseConfig(sim.env()).ado!, { logger: logs.main }));
    await checkAgainstViews(db, 'ado', 'public');
  });
});
