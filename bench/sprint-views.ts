/**
 * How long the sprint views take on a benchmark-size database: `node --import tsx bench/sprint-views.ts
 * [items] [seed]` (default 20,000 items per platform, seed 1) starts both simulators in this process, syncs
 * them fully into a fresh database `worksync_sprints_<timestamp>` on the local PostgreSQL server
 * (postgres://postgres@127.0.0.1:5432, or BENCH_DATABASE_URL's server), times `SELECT * FROM` each sprint
 * view and the report's sprint section, prints the figures and drops the database (KEEP_DB=1 keeps it).
 */
import pg from 'pg';
import { startAdoSim } from '../sim/ado/index.js';
import { startJiraSim } from '../sim/jira/index.js';
import { parseConfig } from '../src/config/schema.js';
import { Logs } from '../src/log/logger.js';
import { loadSprintReport } from '../src/metrics/sprint-report-loader.js';
import { ident } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { openPostgres } from '../src/store/postgres.js';
import { platformTargets } from '../src/sync/connectors.js';
import { syncPlatform } from '../src/sync/run-once.js';

const items = Number(process.argv[2] ?? 20_000);
const seed = Number(process.argv[3] ?? 1);
const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `worksync_sprints_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
const VIEWS = ['sprint_report', 'sprint_velocity', 'sprint_scope_change', 'sprint_burndown'];

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: Math.round(performance.now() - start), value };
}

const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
const db = await openPostgres({ connectionString: url.href }, `${url.host}/${name}`);
const logs = new Logs({ logDir: '/tmp/worksync-sprint-views-logs', level: 'warn', secrets: [] });
const [jira, ado] = await Promise.all([startJiraSim({ items, seed }), startAdoSim({ items, seed })]);
try {
  const config = parseConfig({ ...jira.env(), ...ado.env(), DATABASE_URL: url.href });
  await migrate(db, config);
  const targets = platformTargets(config, undefined, (p) => logs.platform(p));
  const sync = await timed(() =>
    Promise.all(
      targets.map((t) =>
        syncPlatform(db, t.schema, t.connector, {
          full: true,
          signal: new AbortController().signal,
          logger: logs.platform(t.platform),
        }),
      ),
    ),
  );
  console.log(`synced ${items} items per platform in ${(sync.ms / 1000).toFixed(1)} s into ${name}`);
  for (const t of targets) {
    const s = ident(t.schema);
    const [sizes] = await db.query<{ sprints: number; members: number }>(
      `SELECT (SELECT count(*) FROM ${s}.sprints) AS sprints, (SELECT count(*) FROM ${s}.sprint_items) AS members`,
    );
    console.log(`${t.platform}: ${sizes?.sprints} sprints, ${sizes?.members} sprint_items rows`);
    for (const view of VIEWS) {
      const r = await timed(() => db.query(`SELECT * FROM ${s}.${view}`));
      console.log(`  SELECT * FROM ${view}: ${r.value.length} rows in ${r.ms} ms`);
    }
    const section = await timed(() => loadSprintReport(db, t.platform, t.schema));
    console.log(`  report sprint section: ${section.ms} ms`);
  }
} finally {
  await Promise.all([jira.close(), ado.close()]);
  await db.close();
  logs.close();
  if (process.env.KEEP_DB !== '1') await admin.query(`DROP DATABASE ${name}`);
  else console.log(`kept database ${name}`);
  await admin.end();
}
