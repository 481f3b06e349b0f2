import { describe, expect, it } from 'vitest';
import { type JiraSim, startJiraSim } from '../../sim/jira/index.js';
import { parseConfig } from '../../src/config/schema.js';
import { JiraConnector } from '../../src/connectors/jira/connector.js';
import { Logs } from '../../src/log/logger.js';
import { DEFAULT_POLICY } from '../../src/metrics/policy.js';
import { segmentsSql } from '../../src/metrics/snapshot-sql.js';
import { computeSnapshots, isoDay } from '../../src/metrics/snapshots.js';
import type { Db } from '../../src/store/db.js';
import { syncPlatform } from '../../src/sync/run-once.js';
import { backends, simulatorAndDatabase } from '../support/databases.js';
import { ageSql, stockSql, windowSql } from './reference-sql.js';

const schema = 'jira_sync';
const logs = new Logs({ logDir: '/tmp', level: 'silent', secrets: [], pretty: false });

async function snapshots(db: Db): Promise<string[]> {
  const rows = await db.query<{ row: string }>(
    `SELECT snapshot_date::text || '|' || metric || '|' || dimension || '|' || dimension_value || '|' || round(value::numeric, 6) AS row
       FROM ${schema}.history_snapshots ORDER BY 1`,
  );
  return rows.map((r) => r.row);
}

async function sync(db: Db, sim: JiraSim): Promise<void> {
  const connector = new JiraConnector(parseConfig(sim.env()).jira!, { logger: logs.main });
  await syncPlatform(db, schema, connector, {
    full: false,
    signal: new AbortController().signal,
    logger: logs.main,
    snapshots: DEFAULT_POLICY,
  });
}

for (const backend of backends()) {
  describe(`KPI snapshots on synced data on ${backend.name}`, () => {
    const open = simulatorAndDatabase(backend);

    /** A fresh database holding one sync of a 250-issue Jira simulator. */
    async function syncedDatabase(seed: number) {
      const { sim, db } = await open(() => startJiraSim({ items: 250, seed }));
      await sync(db, sim);
      return { sim, db };
    }

    it('after a series of incremental syncs equal a backfill from scratch', async () => {
      const { sim, db } = await syncedDatabase(31);
      const today = new Date();
      const from = isoDay(new Date(today.getTime() - 59 * 86_400_000));
      await computeSnapshots(db, schema, from, isoDay(today));
      const keys = sim.control
        .truth()
        .filter((t) => !t.deleted)
        .map((t) => t.key);
      for (let round = 0; round < 3; round++) {
        sim.control.advance(60_000);
        sim.control.transition(keys[round * 3]!, 'Done');
        sim.control.updateIssue(keys[round * 3 + 1]!, { priority: 'Highest' });
        sim.control.transition(keys[round * 3 + 2]!, 'In Progress');
        sim.control.createIssue({
          projectKey: sim.projectKeys[round]!,
          summary: `new ${round}`,
          issueType: 'Bug',
        });
        sim.control.deleteIssue(keys[40 + round]!);
        await sync(db, sim);
      }
      const incremental = await snapshots(db);
      await db.query(`DELETE FROM ${schema}.history_snapshots`);
      await computeSnapshots(db, schema, from, isoDay(today));
      expect(await snapshots(db)).toEqual(incremental);
    }, 180_000);

    it('equal the plain-SQL definitions of docs/metrics.md', async () => {
      const { db } = await syncedDatabase(32);
      const to = isoDay(new Date());
      const from = isoDay(new Date(Date.now() - 89 * 86_400_000));
      await computeSnapshots(db, schema, from, to);
      const computed = await snapshots(db);
      await db.transaction(async (tx) => {
        await tx.query(`DELETE FROM ${schema}.history_snapshots`);
        await tx.exec(segmentsSql(schema));
        await tx.query(stockSql(schema), [from, to, ['P1', 'P2', 'P3', 'P4'], [2, 7, 30, 90]]);
        await tx.query(ageSql(schema), [from, to]);
        await tx.query(windowSql(schema), [from, to, DEFAULT_POLICY.windowDays]);
      });
      const reference = await snapshots(db);
      const flows = new Set(['created', 'resolved', 'reopened', 'throughput']);
      const ours = computed.filter((r) => !flows.has(r.split('|')[1]!));
      // Same rows; values equal up to floating-point rounding (the two compute ages in a different order).
      const split = (rows: string[]) =>
        rows.map((r) => [r.slice(0, r.lastIndexOf('|')), Number(r.slice(r.lastIndexOf('|') + 1))] as const);
      expect(split(ours).map(([key]) => key)).toEqual(split(reference).map(([key]) => key));
      const theirs = split(reference);
      split(ours).forEach(([key, value], i) => {
        expect(Math.abs(value - theirs[i]![1]), key).toBeLessThan(1e-5);
      });
    }, 180_000);
  });
}
