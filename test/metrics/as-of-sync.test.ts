import { describe, expect, it } from 'vitest';
import { type AdoSim, startAdoSim } from '../../sim/ado/index.js';
import { type JiraSim, startJiraSim } from '../../sim/jira/index.js';
import { parseConfig } from '../../src/config/schema.js';
import { AdoConnector } from '../../src/connectors/azure-devops/connector.js';
import type { Connector } from '../../src/connectors/connector.js';
import { JiraConnector } from '../../src/connectors/jira/connector.js';
import { DEFAULT_POLICY } from '../../src/metrics/policy.js';
import { backfill, isoDay } from '../../src/metrics/snapshots.js';
import type { Db } from '../../src/store/db.js';
import { backends, simulatorAndDatabase } from '../support/databases.js';
import { silentLogs, syncPass } from '../support/sync-pass.js';

const logs = silentLogs;
const DAY_MS = 86_400_000;
const [backend] = backends().slice(-1);

/** A sync pass as the service runs it: snapshots recomputed after it. */
const sync = (db: Db, schema: string, connector: Connector) =>
  syncPass(db, schema, connector, DEFAULT_POLICY);

/** Every snapshot row before today, as text (values to six decimals). */
async function pastRows(db: Db, schema: string): Promise<string[]> {
  const rows = await db.query<{ row: string }>(
    `SELECT snapshot_date || ' ' || metric || ' ' || dimension || '=' || dimension_value || ': ' || round(value::numeric, 6) AS row
       FROM ${schema}.history_snapshots WHERE snapshot_date < $1::date ORDER BY 1`,
    [isoDay(new Date())],
  );
  return rows.map((r) => r.row);
}

/** Today's open items per value of a breakdown, as the snapshots say and as work_items says. */
async function todayOpen(db: Db, schema: string, dimension: 'severity' | 'type' | 'project') {
  const column = { severity: "coalesce(severity, '(none)')", type: 'work_item_type', project: 'project' }[
    dimension
  ];
  const snapshot = await db.query<{ v: string; n: number }>(
    `SELECT dimension_value AS v, value AS n FROM ${schema}.history_snapshots
      WHERE snapshot_date = $1::date AND metric = 'open' AND dimension = $2 AND value > 0 ORDER BY 1`,
    [isoDay(new Date()), dimension],
  );
  const current = await db.query<{ v: string; n: number }>(
    `SELECT ${column} AS v, count(*)::float8 AS n FROM ${schema}.work_items
      WHERE deleted_at IS NULL AND state_category IN ('proposed', 'in_progress') GROUP BY 1 ORDER BY 1`,
  );
  return { snapshot, current };
}

/** Old open bugs (created more than 60 days ago), oldest first. */
async function oldOpenBugs(
  db: Db,
  schema: string,
  count: number,
): Promise<{ id: string; severity: string | null }[]> {
  return db.query(
    `SELECT id, severity FROM ${schema}.work_items
      WHERE deleted_at IS NULL AND work_item_type = 'Bug' AND state_category IN ('proposed', 'in_progress')
        AND created_at < now() - interval '60 days'
      ORDER BY created_at LIMIT $1`,
    [count],
  );
}

interface Platform<S extends { close(): Promise<void> }> {
  name: string;
  schema: string;
  start(): Promise<S>;
  connector(sim: S): Connector;
  /** Raises the bugs to the top severity, makes the last one another type, moves the first to another project. */
  change(sim: S, bugs: { id: string }[]): void;
}

const jira: Platform<JiraSim> = {
  name: 'Jira',
  schema: 'jira_sync',
  start: () => startJiraSim({ items: 300, consistencyDelayMs: 0 }),
  connector: (sim) =>
    new JiraConnector(parseConfig(sim.env()).jira!, { logger: logs.main, http: { backoffBaseMs: 5 } }),
  change(sim, bugs) {
    for (const bug of bugs) sim.control.updateIssue(bug.id, { priority: 'Highest' });
    sim.control.updateIssue(bugs.at(-1)!.id, { issueType: 'Task' });
    const project = bugs[0]!.id.replace(/-\d+$/, '');
    const other = parseConfig(sim.env()).jira!.projectKeys.find((p) => p !== project)!;
    sim.control.moveIssue(bugs[0]!.id, other);
  },
};

const ado: Platform<AdoSim> = {
  name: 'Azure DevOps',
  schema: 'public',
  start: () => startAdoSim({ items: 300 }),
  connector: (sim) =>
    new AdoConnector(parseConfig(sim.env()).ado!, { logger: logs.main, http: { backoffBaseMs: 5 } }),
  change(sim, bugs) {
    for (const bug of bugs)
      sim.control.updateFields(Number(bug.id), { 'Microsoft.VSTS.Common.Severity': '1 - Critical' });
    sim.control.updateFields(Number(bugs.at(-1)!.id), { 'System.WorkItemType': 'Task' });
    const project = String(sim.control.truthAll().find((t) => t.id === Number(bugs[0]!.id))!.project);
    const other = sim.control.truthAll().find((t) => t.project !== project)!.project;
    sim.control.moveItem(Number(bugs[0]!.id), other);
  },
};

describe.each([jira, ado] as Platform<JiraSim | AdoSim>[])(
  `$name: KPI history as of each day (${backend!.name})`,
  (platform) => {
    const setup = simulatorAndDatabase(backend!);

    it('keeps every past day when old open bugs change severity, type and project; a new backfill agrees', async () => {
      const { sim, db } = await setup(() => platform.start());
      const { schema } = platform;
      await sync(db, schema, platform.connector(sim));
      await backfill(db, schema, 120);
      const before = await pastRows(db, schema);
      expect(before.length).toBeGreaterThan(1000);

      const moves = `SELECT count(*)::int AS n FROM ${schema}.field_history WHERE field = 'project' AND from_value IS NOT NULL`;
      const [movesBefore] = await db.query<{ n: number }>(moves);
      const bugs = await oldOpenBugs(db, schema, 3);
      expect(bugs.length).toBe(3);
      expect(bugs.some((b) => b.severity !== 'P1')).toBe(true);
      platform.change(sim, bugs);
      await sync(db, schema, platform.connector(sim));

      expect(await pastRows(db, schema)).toEqual(before);
      // Today's breakdowns reflect the changes: they agree with the items' current attributes.
      for (const dimension of ['severity', 'type', 'project'] as const) {
        const { snapshot, current } = await todayOpen(db, schema, dimension);
        expect(snapshot, dimension).toEqual(current);
      }
      const [movesAfter] = await db.query<{ n: number }>(moves);
      expect(movesAfter!.n).toBe(movesBefore!.n + 1);

      await backfill(db, schema, 120);
      expect(await pastRows(db, schema)).toEqual(before);
    });

    it('reads every history again after an upgrade of what histories hold, then rebuilds the snapshots once', async () => {
      const { sim, db } = await setup(() => platform.start());
      const { schema } = platform;
      await sync(db, schema, platform.connector(sim));
      await backfill(db, schema, 30);
      const expected = await pastRows(db, schema);
      // As an older version left it: cursors of another history version, no project rows, stale snapshots.
      await db.exec(`UPDATE ${schema}.sync_status SET cursor = jsonb_set(cursor, '{filterHash}', '"older"')`);
      await db.exec(`DELETE FROM ${schema}.field_history WHERE field IN ('project', 'area')`);
      await db.exec(`UPDATE ${schema}.history_snapshots SET value = value + 1`);
      await db.query(
        `INSERT INTO ${schema}.snapshot_rebuilds (from_date, to_date, reason) VALUES ($1::date, $2::date, 'test')`,
        [isoDay(new Date(Date.now() - 29 * DAY_MS)), isoDay(new Date())],
      );
      await sync(db, schema, platform.connector(sim));
      expect(await pastRows(db, schema)).toEqual(expected);
      expect(await db.query(`SELECT * FROM ${schema}.snapshot_rebuilds`)).toEqual([]);
      const restored = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${schema}.field_history WHERE field IN ('project', 'area')`,
      );
      expect(restored[0]!.n).toBeGreaterThan(0);
    });
  },
);
