import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAdoSim } from '../sim/ado/index.js';
import { startJiraSim } from '../sim/jira/index.js';
import { parseConfig } from '../src/config/schema.js';
import { AdoConnector } from '../src/connectors/azure-devops/connector.js';
import type { Connector } from '../src/connectors/connector.js';
import { JiraConnector } from '../src/connectors/jira/connector.js';
import { Logs } from '../src/log/logger.js';
import { migrate } from '../src/store/migrate.js';
import { openPglite } from '../src/store/pglite.js';
import { openPostgres } from '../src/store/postgres.js';
import { syncPlatform } from '../src/sync/run-once.js';
import { backends } from './support/databases.js';
import { spawnCli } from './support/run-cli.js';
import { snapshotSchema } from './support/snapshot.js';

const logs = new Logs({ logDir: '/tmp', level: 'silent', secrets: [], pretty: false });
/** Requests served before each kill: the first page, mid-project, changelogs, census, later projects. */
const KILL_AFTER_REQUESTS = [2, 3, 5, 7, 9, 12];

interface Platform {
  name: 'jira' | 'ado';
  schema: string;
  start(): Promise<{
    env(): Record<string, string>;
    server: { resetCounts(): void; requestCount(): number };
    close(): Promise<void>;
  }>;
  connector(env: Record<string, string>): Connector;
}

const PLATFORMS: Platform[] = [
  {
    name: 'jira',
    schema: 'jira_sync',
    start: () => startJiraSim({ items: 500, seed: 5 }),
    connector: (env) => new JiraConnector(parseConfig(env).jira!, { logger: logs.main }),
  },
  {
    name: 'ado',
    schema: 'public',
    start: () => startAdoSim({ items: 500, seed: 5 }),
    connector: (env) => new AdoConnector(parseConfig(env).ado!, { logger: logs.main }),
  },
];

for (const backend of backends()) {
  describe.each(PLATFORMS)(`$name sync killed with SIGKILL on ${backend.name}`, (platform) => {
    it('resumes after every kill and ends equal to a clean sync', async () => {
      const sim = await platform.start();
      const target = await backend.create();
      const clean = await backend.create();
      const cwd = mkdtempSync(join(tmpdir(), 'ws-kill-'));
      const dataDir = join(cwd, 'data');
      const env = {
        ...sim.env(),
        LOG_DIR: join(cwd, 'logs'),
        ...(target.url ? { DATABASE_URL: target.url } : { WORKSYNC_DATA_DIR: dataDir }),
      };
      // The PGlite backend's in-memory database is not what the child uses: it gets a data folder.
      await target.db.close().catch(() => undefined);
      try {
        const killedAt: number[] = [];
        for (const threshold of KILL_AFTER_REQUESTS) {
          sim.server.resetCounts();
          const run = spawnCli(['sync', platform.name], { cwd, env });
          const poll = setInterval(() => {
            if (sim.server.requestCount() >= threshold) {
              run.child.kill('SIGKILL');
              clearInterval(poll);
            }
          }, 1);
          const exit = await run.exit;
          clearInterval(poll);
          if (exit.signal === 'SIGKILL') killedAt.push(threshold);
        }
        // Most runs must really have been cut short, or this test proves nothing.
        expect(killedAt.length).toBeGreaterThanOrEqual(5);
        const finish = spawnCli(['sync', platform.name], { cwd, env });
        const finished = await finish.exit;
        expect(finished.code, finished.stderr).toBe(0);

        await migrate(clean.db, { adoSchema: 'public', jiraSchema: 'jira_sync' });
        const connector = platform.connector(sim.env());
        await syncPlatform(clean.db, platform.schema, connector, {
          full: false,
          signal: new AbortController().signal,
          logger: logs.main,
        });

        const resumed = target.url
          ? await openPostgres({ connectionString: target.url }, 'resumed')
          : await openPglite(dataDir);
        try {
          expect(await snapshotSchema(resumed, platform.schema)).toEqual(
            await snapshotSchema(clean.db, platform.schema),
          );
          const [failures] = await resumed.query<{ n: number }>(
            `SELECT count(*) AS n FROM ${platform.schema}.sync_failures`,
          );
          expect(failures!.n).toBe(0);
        } finally {
          await resumed.close();
        }
      } finally {
        await sim.close();
        await target.drop().catch(() => undefined);
        await clean.drop();
      }
    }, 180_000);
  });
}
