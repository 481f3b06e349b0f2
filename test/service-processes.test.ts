import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startJiraSim } from '../sim/jira/index.js';
import { openPglite } from '../src/store/pglite.js';
import { openPostgres } from '../src/store/postgres.js';
import { backends } from './support/databases.js';
import { runCli, spawnCli } from './support/run-cli.js';
import { until } from './support/until.js';

describe('worksync run as a process', () => {
  it('stops on SIGTERM after the page in flight with exit 0, and the next start resumes where it stopped', async () => {
    const sim = await startJiraSim({ items: 900, seed: 8 });
    const cwd = mkdtempSync(join(tmpdir(), 'ws-term-'));
    const env = { ...sim.env(), WORKSYNC_DATA_DIR: join(cwd, 'data'), LOG_DIR: join(cwd, 'logs') };
    try {
      sim.server.resetCounts();
      const run = spawnCli(['run', 'jira'], { cwd, env });
      await until('the sync to start', () => sim.server.requestCount('changelog/bulkfetch') >= 1, 30_000);
      run.child.kill('SIGTERM');
      const stopped = await run.exit;
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(stopped.stderr).toMatch(/SIGTERM: finishing the page in flight/);

      const db = await openPglite(join(cwd, 'data'));
      const [partial] = await db.query<{ n: number; aborted: number }>(
        "SELECT (SELECT count(*) FROM jira_sync.work_items) AS n, (SELECT count(*) FROM jira_sync.sync_runs WHERE outcome = 'aborted') AS aborted",
      );
      await db.close();
      expect(partial!.aborted).toBe(1);
      expect(partial!.n).toBeLessThan(900);

      const resumed = await runCli(['sync', 'jira'], { cwd, env });
      expect(resumed.code, resumed.stderr).toBe(0);
      const after = await openPglite(join(cwd, 'data'));
      const [count] = await after.query<{ n: number }>(
        'SELECT count(*) AS n FROM jira_sync.work_items WHERE deleted_at IS NULL',
      );
      await after.close();
      expect(count!.n).toBe(sim.control.truth().filter((t) => !t.deleted).length);
    } finally {
      await sim.close();
    }
  }, 120_000);

  for (const backend of backends().filter((b) => b.name === 'postgres')) {
    it('two processes on one database share the scopes, never sync one at once, and one takes over when the other dies', async () => {
      const sim = await startJiraSim({ items: 240, seed: 9 });
      const { url, drop } = await backend.create();
      const cwd = mkdtempSync(join(tmpdir(), 'ws-two-'));
      const env = {
        ...sim.env(),
        DATABASE_URL: url!,
        LOG_DIR: join(cwd, 'logs'),
        SYNC_INTERVAL_MINUTES: '0.03',
      };
      try {
        const first = spawnCli(['run', 'jira'], { cwd, env });
        const second = spawnCli(['run', 'jira'], { cwd, env });
        await new Promise((resolve) => setTimeout(resolve, 8000));
        first.child.kill('SIGKILL');
        const killedAt = new Date();
        await first.exit;
        await new Promise((resolve) => setTimeout(resolve, 6000));
        second.child.kill('SIGTERM');
        const secondExit = await second.exit;
        expect(secondExit.code, secondExit.stderr).toBe(0);

        const db = await openPostgres({ connectionString: url! }, 'check');
        try {
          const runs = await db.query<{
            project: string;
            pid: number;
            started_at: Date;
            finished_at: Date | null;
          }>(
            'SELECT project, pid, started_at, finished_at FROM jira_sync.sync_runs ORDER BY project, started_at',
          );
          // Never two runs of one scope at once (a killed run has no finish: it ended at the kill).
          for (const project of sim.projectKeys) {
            const list = runs.filter((r) => r.project === project);
            for (let i = 1; i < list.length; i++) {
              const previousEnd = list[i - 1]!.finished_at ?? killedAt;
              expect(list[i]!.started_at.getTime(), `${project} run ${i}`).toBeGreaterThanOrEqual(
                previousEnd.getTime(),
              );
            }
          }
          // Both processes did work, and after the kill the survivor synced every scope.
          expect(new Set(runs.map((r) => r.pid)).size).toBe(2);
          const survivor = second.child.pid!;
          for (const project of sim.projectKeys) {
            const later = runs.filter(
              (r) => r.project === project && r.pid === survivor && r.started_at > killedAt,
            );
            expect(later.length, project).toBeGreaterThan(0);
          }
        } finally {
          await db.close();
        }
      } finally {
        await sim.close();
        await drop();
      }
    }, 120_000);
  }
});
