/**
 * The service through database faults, on a real PostgreSQL server: a TCP proxy between worksync and the
 * server cuts every connection (pool, writer thread, scope locks) at chosen moments (inside a page's
 * transaction, inside a later statement of a writer-thread batch, right after a COMMIT, inside the
 * snapshot recomputation, while idle), at random ones, and refuses connections for a while. The service
 * must stay alive and, once traffic flows again, hold what a clean full sync holds.
 */
import { describe, expect, it } from 'vitest';
import { startAdoSim } from '../sim/ado/index.js';
import { startTcpProxy } from '../sim/common/tcp-proxy.js';
import { startJiraSim } from '../sim/jira/index.js';
import { parseConfig } from '../src/config/schema.js';
import type { Connector } from '../src/connectors/connector.js';
import { Logs } from '../src/log/logger.js';
import { DEFAULT_POLICY } from '../src/metrics/policy.js';
import type { Db } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { openPostgres } from '../src/store/postgres.js';
import { type PlatformTarget, platformTargets } from '../src/sync/connectors.js';
import { DatabaseWatch } from '../src/sync/database-watch.js';
import { startHealthServer } from '../src/sync/health-server.js';
import { ServiceMetrics } from '../src/sync/metrics.js';
import { syncPlatform } from '../src/sync/run-once.js';
import { runService } from '../src/sync/service.js';
import { backends } from './support/databases.js';
import { snapshotSchema } from './support/snapshot.js';
import { until } from './support/until.js';

const logs = new Logs({ logDir: '/tmp', level: 'silent', secrets: [], pretty: false });
const SCHEMAS = { adoSchema: 'public', jiraSchema: 'jira_sync' };
const postgres = backends().find((b) => b.name === 'postgres');
if (!postgres) console.log('db-outage: skipped, it needs a PostgreSQL server (set TEST_DATABASE_URL)');

/** A connector that counts its scopes being synced at once, per scope, to prove no scope runs twice. */
function counted(connector: Connector, active: Map<string, number>, overlaps: string[]): Connector {
  return new Proxy(connector, {
    get(target, key, receiver) {
      if (key !== 'syncScope') return Reflect.get(target, key, receiver);
      return async function* (request: Parameters<Connector['syncScope']>[0]) {
        const scope = `${target.platform}:${request.project}`;
        const now = (active.get(scope) ?? 0) + 1;
        active.set(scope, now);
        if (now > 1) overlaps.push(scope);
        try {
          yield* target.syncScope(request);
        } finally {
          active.set(scope, (active.get(scope) ?? 1) - 1);
        }
      };
    },
  });
}

/** The content both platforms' schemas hold, snapshots of the KPIs included (their computing time left out). */
async function content(db: Db): Promise<Record<string, Record<string, unknown[]>>> {
  const out: Record<string, Record<string, unknown[]>> = {};
  for (const schema of [SCHEMAS.adoSchema, SCHEMAS.jiraSchema]) {
    out[schema] = {
      ...(await snapshotSchema(db, schema)),
      history_snapshots: await db.query(
        `SELECT snapshot_date::text, metric, dimension, dimension_value, value FROM "${schema}".history_snapshots
         ORDER BY 1, 2, 3, 4`,
      ),
    };
  }
  return out;
}

/** Table by table, and the first differing row of each: a whole-schema diff is too large to print. */
function expectSameContent(
  actual: Record<string, Record<string, unknown[]>>,
  expected: Record<string, Record<string, unknown[]>>,
): void {
  for (const [schema, tables] of Object.entries(expected))
    for (const [table, rows] of Object.entries(tables)) {
      const got = actual[schema]?.[table] ?? [];
      const at = rows.findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(got[i]));
      expect(at < 0 ? undefined : got[at], `${schema}.${table} row ${at}`).toEqual(
        at < 0 ? undefined : rows[at],
      );
      expect(got.length, `${schema}.${table} rows`).toBe(rows.length);
    }
}

describe.skipIf(!postgres)('the service through database faults (PostgreSQL behind a cutting proxy)', () => {
  it('stays alive through every cut and outage and ends equal to a clean full sync', async () => {
    const jira = await startJiraSim({ items: 900, seed: 21 });
    const ado = await startAdoSim({ items: 900, seed: 21 });
    const target = await postgres!.create();
    const clean = await postgres!.create();
    const url = new URL(target.url!);
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    // As `worksync run` opens it: pool and writer thread, both through the proxy.
    const db = await openPostgres({ connectionString: url.toString() }, 'proxied', { writerThread: {} });
    const controller = new AbortController();
    const active = new Map<string, number>();
    const overlaps: string[] = [];
    const passes: { platform: string; ok: boolean; at: number }[] = [];
    let service: Promise<void> | undefined;
    let health: { url: string; close(): Promise<void> } | undefined;
    try {
      await migrate(db, SCHEMAS);
      const config = parseConfig({ ...jira.env(), ...ado.env() });
      const targets: PlatformTarget[] = platformTargets(config, undefined, () => logs.main, {
        backoffBaseMs: 20,
      }).map((t) => ({ ...t, connector: counted(t.connector, active, overlaps) }));
      const watch = new DatabaseWatch(db, logs.main, { probeMs: 100, maxProbeMs: 400, probeTimeoutMs: 2000 });
      health = await startHealthServer({
        port: 0,
        host: '127.0.0.1',
        database: () => watch,
        metrics: new ServiceMetrics(),
        maxSuccessAgeMs: 60_000,
        lastSuccess: async () => {
          const last = (p: string) => passes.filter((x) => x.platform === p && x.ok).at(-1)?.at;
          return new Map([
            ['jira', last('jira')],
            ['ado', last('ado')],
          ]);
        },
      });
      const readyz = async () => (await fetch(`${health!.url}/readyz`)).status;

      // Chosen moments of the first (full) pass, armed before it starts, cut in the order they come.
      const chosen = [
        proxy.cutWhen(/INSERT INTO "jira_sync"\.work_items/),
        proxy.cutWhen(/INSERT INTO "public"\.change_history/, { times: 2 }),
        proxy.cutWhen(/COMMIT/, { times: 5, after: true }),
      ];
      service = runService(db, targets, {
        intervalMs: 1500,
        retryBaseMs: 50,
        signal: controller.signal,
        loggerFor: () => logs.main,
        snapshots: DEFAULT_POLICY,
        database: watch,
        onPass: (t, results) =>
          passes.push({ platform: t.platform, ok: results !== undefined, at: Date.now() }),
      });
      const serviceEnded = service.then(() => 'ended');
      await Promise.all(chosen);
      const snapshotCut = proxy.cutWhen(/INSERT INTO "(public|jira_sync)"\.history_snapshots/);
      await snapshotCut;
      await until('both platforms to complete a pass', () =>
        ['jira', 'ado'].every((p) => passes.some((x) => x.platform === p && x.ok)),
      );
      expect(await readyz()).toBe(200);

      // Idle: between passes, every connection (the writer thread's and the pool's) is cut.
      proxy.cutAll();
      // Changes at the sources, so that the passes through the next faults have work to write.
      const mutate = (round: number) => {
        jira.control.advance(60_000);
        const issues = jira.control.truth().filter((t) => !t.deleted);
        // Labels, not summaries: a parent's summary is also in its children's raw fields, which only a
        // full sync rereads (Jira does not touch the children).
        for (const issue of issues.slice(round * 7, round * 7 + 6))
          jira.control.updateIssue(issue.key, { labels: [`round-${round}`] });
        ado.control.advanceClock(60_000);
        for (const id of ado.control.ids().slice(round * 7, round * 7 + 6))
          ado.control.updateFields(id, { 'System.Title': `edited in round ${round}` });
      };
      mutate(1);

      // An outage of a few seconds: every connection cut and refused; not ready meanwhile, alive.
      proxy.block();
      proxy.cutAll();
      await until('/readyz to answer 503', async () => (await readyz()) === 503, 10_000);
      mutate(2);
      await new Promise((r) => setTimeout(r, 3000));
      expect(await Promise.race([serviceEnded, Promise.resolve('running')])).toBe('running');
      proxy.unblock();

      // Random moments, while passes run over fresh changes.
      for (let round = 3; round < 7; round++) {
        mutate(round);
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 1500));
        proxy.cutAll();
      }
      const lastFault = Date.now();
      // Two successes each: a pass that ends after the fault may have read its sources before the last
      // changes (and written them after the cut); the one after it started later.
      await until(
        'both platforms to succeed twice after the last fault',
        () =>
          ['jira', 'ado'].every(
            (p) => passes.filter((x) => x.platform === p && x.ok && x.at > lastFault + 50).length >= 2,
          ),
        90_000,
      );
      await until('/readyz to answer 200 again', async () => (await readyz()) === 200, 20_000);
      controller.abort(new Error('test over'));
      await service;
      expect(await Promise.race([serviceEnded, Promise.resolve('running')])).toBe('ended');
      expect(proxy.cuts).toBeGreaterThan(10);
      expect(overlaps).toEqual([]);

      const last = new AbortController();
      await migrate(clean.db, SCHEMAS);
      for (const t of platformTargets(config, undefined, () => logs.main))
        await syncPlatform(clean.db, t.schema, t.connector, {
          full: false,
          signal: last.signal,
          logger: logs.main,
          snapshots: DEFAULT_POLICY,
        });
      expectSameContent(await content(db), await content(clean.db));
      for (const schema of [SCHEMAS.adoSchema, SCHEMAS.jiraSchema]) {
        const running = await db.query(`SELECT id FROM "${schema}".sync_runs WHERE outcome = 'running'`);
        expect(running).toEqual([]);
        const failures = await db.query(`SELECT item_id FROM "${schema}".sync_failures`);
        expect(failures).toEqual([]);
      }
    } finally {
      controller.abort(new Error('test over'));
      await service?.catch(() => undefined);
      await health?.close();
      await db.close().catch(() => undefined);
      await proxy.close();
      await jira.close();
      await ado.close();
      await target.drop().catch(() => undefined);
      await clean.drop().catch(() => undefined);
    }
  }, 240_000);
});
