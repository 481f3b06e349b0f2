import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { startAdoSim } from '../sim/ado/index.js';
import { startJiraSim } from '../sim/jira/index.js';
import { parseConfig } from '../src/config/schema.js';
import { Logs } from '../src/log/logger.js';
import { migrate } from '../src/store/migrate.js';
import { openPglite } from '../src/store/pglite.js';
import { platformTargets } from '../src/sync/connectors.js';
import { DatabaseWatch } from '../src/sync/database-watch.js';
import { startHealthServer } from '../src/sync/health-server.js';
import { ServiceMetrics } from '../src/sync/metrics.js';
import type { ScopeResult } from '../src/sync/run-once.js';
import { runService } from '../src/sync/service.js';

const logs = new Logs({ logDir: '/tmp', level: 'silent', secrets: [], pretty: false });

describe('the continuous service', () => {
  it('syncs at once and then every interval, keeps one platform going while the other API is down, and serves Prometheus metrics', async () => {
    const jira = await startJiraSim({ items: 60, seed: 2 });
    const ado = await startAdoSim({ items: 60, seed: 2 });
    // Azure DevOps answers 503 to everything: its passes fail and are retried, Jira's go on.
    ado.faults.add({ kind: 'server-error', status: 503 });
    const db = await openPglite();
    try {
      const config = parseConfig({ ...jira.env(), ...ado.env() });
      await migrate(db, config);
      const targets = platformTargets(config, undefined, () => logs.main);
      for (const t of targets)
        (
          t.connector as unknown as { api: { http: { options: { maxRetries: number } } } }
        ).api.http.options.maxRetries = 0;
      const metrics = new ServiceMetrics();
      const passes: { platform: string; ok: boolean; at: number; results?: ScopeResult[] }[] = [];
      const controller = new AbortController();
      const successes = new Map<string, number>();
      const started = Date.now();
      await runService(db, targets, {
        intervalMs: 1000,
        retries: 1,
        retryBaseMs: 20,
        signal: controller.signal,
        loggerFor: () => logs.main,
        metrics,
        onPass: (t, results, error) => {
          passes.push({
            platform: t.platform,
            ok: error === undefined,
            at: Date.now() - started,
            ...(results ? { results } : {}),
          });
          for (const r of results ?? [])
            if (r.outcome === 'success') successes.set(r.project, (successes.get(r.project) ?? 0) + 1);
          if (successes.size === 3 && [...successes.values()].every((n) => n >= 3)) controller.abort();
        },
      });
      const jiraPasses = passes.filter((p) => p.platform === 'jira');
      expect(jiraPasses.filter((p) => p.ok).length).toBeGreaterThanOrEqual(3);
      // Passes run an interval apart, not back to back: three syncs of a project span two intervals.
      expect(jiraPasses[jiraPasses.length - 1]!.at - jiraPasses[0]!.at).toBeGreaterThanOrEqual(1500);
      const adoPasses = passes.filter((p) => p.platform === 'ado');
      expect(adoPasses.length).toBeGreaterThanOrEqual(2);
      expect(adoPasses.every((p) => !p.ok)).toBe(true);
      const runs = await db.query<{ project: string; n: number }>(
        "SELECT project, count(*) AS n FROM jira_sync.sync_runs WHERE outcome = 'success' GROUP BY 1",
      );
      expect(runs).toHaveLength(3);
      for (const r of runs) expect(r.n).toBeGreaterThanOrEqual(3);

      // Up before the database is reached (run waiting for it at start-up): alive, not ready.
      let watch: DatabaseWatch | undefined;
      const health = await startHealthServer({
        port: 0,
        host: '127.0.0.1',
        database: () => watch,
        waitingSince: Date.now(),
        metrics,
        maxSuccessAgeMs: 60_000,
        lastSuccess: async () =>
          new Map([
            ['jira', Date.now()],
            ['ado', undefined],
          ]),
      });
      try {
        expect((await fetch(`${health.url}/healthz`)).status).toBe(200);
        const starting = await fetch(`${health.url}/readyz`);
        expect(starting.status).toBe(503);
        expect(await starting.text()).toMatch(/^starting: waiting for the database since \d{4}-/);
        watch = new DatabaseWatch(db, logs.main);
        const ready = await fetch(`${health.url}/readyz`);
        expect(ready.status).toBe(503);
        expect(await ready.text()).toMatch(/ado: no successful sync yet/);
        const text = await (await fetch(`${health.url}/metrics`)).text();
        const families = parsePrometheusTextFormat(text) as {
          name: string;
          metrics: { labels?: Record<string, string>; value?: string }[];
        }[];
        const byName = new Map(families.map((f) => [f.name, f]));
        for (const name of [
          'worksync_sync_runs_total',
          'worksync_items_written_total',
          'worksync_history_rows_written_total',
          'worksync_api_requests',
          'worksync_api_retries',
          'worksync_sync_duration_seconds',
          'worksync_last_success_timestamp_seconds',
        ]) {
          expect(byName.has(name), name).toBe(true);
        }
        const items = byName
          .get('worksync_items_written_total')!
          .metrics.reduce((sum, m) => sum + Number(m.value), 0);
        expect(items).toBe(jira.control.truth().filter((t) => !t.deleted).length);
      } finally {
        await health.close();
      }
    } finally {
      await db.close();
      await jira.close();
      await ado.close();
    }
  }, 60_000);
});
