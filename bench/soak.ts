/**
 * `npm run bench -- --soak [N]` (bench/run.ts hands over here): N cycles of the continuous service, each
 * standing for an hour of `worksync run` compressed into a few seconds. The real bin/worksync.js runs
 * against the two simulators and a fresh database on the local PostgreSQL server, reached through a TCP
 * proxy that cuts its connections. Between cycles the sources change, API faults are queued, and a few
 * cycles get a database fault. After each cycle: the child's peak RSS (100 ms samples), its descriptors
 * and connections. Both must stay flat; at the end it must stop cleanly on SIGTERM and hold what a clean
 * full sync holds. See bench/README.md ("Soak").
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { Rng } from '../sim/common/rng.js';
import { startTcpProxy } from '../sim/common/tcp-proxy.js';
import { parseConfig } from '../src/config/schema.js';
import { platformTargets } from '../src/sync/connectors.js';
import { ensureBuilt, SimProcess } from './lib/children.js';
import { describeMachine } from './lib/machine.js';
import { WorksyncChild } from './lib/soak-child.js';
import {
  type ArmedDbFault,
  apiFaultsFor,
  applyApiFaults,
  armDbFault,
  dbFaultPlan,
} from './lib/soak-faults.js';
import {
  descriptorsOf,
  freePort,
  memoryOf,
  metricSum,
  metricsText,
  RssSampler,
  readyz,
  serverConnections,
} from './lib/soak-probe.js';
import { type SoakCycle, type SoakReport, saveSoak, trends } from './lib/soak-report.js';
import { compareWithClean, firstDifferences, runsByOutcome } from './lib/soak-verify.js';

const SERVER = 'postgres://postgres@127.0.0.1:5432';
/** 6 s: an incremental pass of a few thousand items takes well under that, faults and retries included. */
const INTERVAL_MINUTES = 0.1;
const INTERVAL_MS = INTERVAL_MINUTES * 60_000;
/** Changed per cycle: 1% of each platform's live items (and one created), an hour of simulated time. */
const CHANGE_FRACTION = 0.01;
const HOUR_MS = 3_600_000;
const SCHEMAS = { ado: 'soak_ado', jira: 'soak_jira' };

export interface SoakOptions {
  cycles: number;
  items: number;
  seed: number;
  outDir: string;
  keepDb: boolean;
  command: string;
  log(line: string): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The scopes (platform:project) the service syncs, from the same configuration it reads. */
function scopesOf(env: Record<string, string>): string[] {
  const silent = pino({ level: 'silent' });
  return platformTargets(parseConfig(env), undefined, () => silent).flatMap((t) =>
    t.connector.projects.map((p) => `${t.platform}:${p}`),
  );
}

/**
 * Waits until every scope logged a success after event `from`, then (up to 3 s) for each platform's
 * snapshot line after it: the pass is over and the process idle until the next interval.
 */
async function awaitPasses(child: WorksyncChild, from: number, scopes: string[], ms: number): Promise<void> {
  const done = new Map<string, number>();
  let scanned = from;
  await child.until(
    'every scope to succeed',
    () => {
      for (; scanned < child.events.length; scanned++) {
        const e = child.events[scanned]!;
        if (e.outcome === 'success' && e.platform && e.project)
          done.set(`${e.platform}:${e.project}`, scanned);
      }
      return scopes.every((s) => done.has(s));
    },
    ms,
  );
  const platforms = [...new Set(scopes.map((s) => s.split(':')[0]!))];
  const lastOf = (p: string) =>
    Math.max(...scopes.filter((s) => s.startsWith(`${p}:`)).map((s) => done.get(s)!));
  await child
    .until(
      'the snapshots',
      () =>
        platforms.every((p) =>
          child.events.slice(lastOf(p) + 1).some((e) => e.platform === p && /snapshot/.test(e.msg)),
        ),
      3000,
    )
    .catch(() => undefined);
}

export async function runSoak(o: SoakOptions): Promise<number> {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d+Z$/, '');
  const names = { soak: `worksync_soak_${stamp}`, clean: `worksync_soak_${stamp}_clean` };
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres`, connectionTimeoutMillis: 5000 });
  await admin.connect().catch((error: unknown) => {
    throw new Error(`the soak needs the local PostgreSQL server at ${SERVER} (trust auth): ${String(error)}`);
  });
  const version = ((await admin.query('SELECT version() AS v')).rows[0] as { v: string }).v;
  const machine = describeMachine(version, `${SERVER}/${names.soak} (fresh, dropped at the end)`);
  const work = mkdtempSync(join(tmpdir(), 'worksync-soak-'));
  const problems: string[] = [];
  const cycles: SoakCycle[] = [];
  const end: SoakReport['end'] = {};
  const plan = dbFaultPlan(o.cycles);
  const rng = new Rng(o.seed * 7919);
  o.log(
    `worksync soak: ${o.cycles} cycles of ${INTERVAL_MS / 1000} s, ${o.items.toLocaleString('en')} items per platform, seed ${o.seed}`,
  );
  o.log(
    `  database ${names.soak} on ${SERVER} through a TCP proxy; faults at cycles ${JSON.stringify([...plan])}`,
  );

  // Built before anything is started or created: a build error (others' work in progress) leaves nothing behind.
  await ensureBuilt().catch(async (error: unknown) => {
    await admin.end();
    throw error;
  });
  const [jira, ado] = await Promise.all([
    SimProcess.start('jira', o.items, o.seed),
    SimProcess.start('ado', o.items, o.seed),
  ]);
  for (const name of Object.values(names)) await admin.query(`CREATE DATABASE ${name}`);
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
  const monitor = new pg.Client({
    connectionString: `${SERVER}/${names.soak}`,
    application_name: 'worksync-soak-monitor',
  });
  const httpPort = await freePort();
  const health = `http://127.0.0.1:${httpPort}`;
  const bases = { jira: jira.env.JIRA_CLOUD_URL ?? '', ado: ado.env.ADO_BASE_URL ?? '' };
  const env: Record<string, string> = {
    ...jira.env,
    ...ado.env,
    // One organisation-level stream, as the benchmark's workers sync ADO.
    ADO_PROJECT: '*',
    ADO_SCHEMA_NAME: SCHEMAS.ado,
    JIRA_SCHEMA_NAME: SCHEMAS.jira,
    DATABASE_URL: `postgres://postgres@127.0.0.1:${proxy.port}/${names.soak}`,
    SYNC_INTERVAL_MINUTES: String(INTERVAL_MINUTES),
    WORKSYNC_HTTP_PORT: String(httpPort),
    LOG_DIR: join(work, 'logs'),
    LOG_LEVEL: 'info',
  };
  const scopes = scopesOf(env);
  // cwd: a folder without a .env file, so only these variables count.
  const child = new WorksyncChild(['run'], env, work);
  const sampler = new RssSampler(child.pid);
  try {
    await monitor.connect();
    let retriesBefore = { jira: 0, ado: 0 };
    for (let k = 0; k < o.cycles; k++) {
      const from = k === 0 ? 0 : child.events.length;
      const started = Date.now();
      let armed: ArmedDbFault | undefined;
      const cycle: Partial<SoakCycle> = { cycle: k, kind: k === 0 ? 'full' : 'incremental', apiFaults: [] };
      if (k > 0) {
        const [j, a] = await Promise.all([
          jira.soakChange(k, CHANGE_FRACTION, HOUR_MS),
          ado.soakChange(k, CHANGE_FRACTION, HOUR_MS),
        ]);
        cycle.changes = { jira: j, ado: a };
        const faults = apiFaultsFor(rng);
        await applyApiFaults(bases, faults);
        cycle.apiFaults = faults.map((f) => `${f.platform}: ${f.label}`);
        const kind = plan.get(k);
        if (kind) armed = armDbFault(proxy, kind, INTERVAL_MS, rng);
      }
      await awaitPasses(child, from, scopes, k === 0 ? 180_000 : 10 * INTERVAL_MS + 60_000);
      if (armed && !armed.fired()) await Promise.race([armed.done, sleep(2 * INTERVAL_MS)]);
      if (armed) {
        const fired = armed.fired() ? await armed.done : undefined;
        cycle.dbFault = { kind: armed.kind, fired: fired !== undefined, ...(fired ?? {}) };
      }
      cycle.durationMs = Date.now() - started;
      const metrics = await metricsText(health);
      const retries = {
        jira: metricSum(metrics, 'worksync_api_retries', 'platform="jira"'),
        ado: metricSum(metrics, 'worksync_api_retries', 'platform="ado"'),
      };
      const events = child.events.slice(from);
      const mem = memoryOf(child.pid) ?? { rssMb: 0, hwmMb: 0 };
      const done: SoakCycle = {
        ...(cycle as SoakCycle),
        peakRssMb: Math.round(sampler.take()),
        rssMb: Math.round(mem.rssMb),
        hwmMb: Math.round(mem.hwmMb),
        ...descriptorsOf(child.pid),
        proxyConnections: proxy.open,
        serverConnections: await serverConnections(monitor, names.soak),
        readyz: await readyz(health),
        retries: { jira: retries.jira - retriesBefore.jira, ado: retries.ado - retriesBefore.ado },
        warnings: events.filter((e) => e.level === 40).length,
        errors: events.filter((e) => e.level >= 50).length,
        failedScopes: events.filter((e) => e.outcome === 'failed' || e.outcome === 'aborted').length,
      };
      retriesBefore = retries;
      cycles.push(done);
      if (done.readyz !== 200) problems.push(`cycle ${k}: /readyz answered ${done.readyz} after the cycle`);
      o.log(
        `  cycle ${k} (${done.kind}) ${(done.durationMs / 1000).toFixed(1)} s: peak RSS ${done.peakRssMb} MB (now ${done.rssMb}, HWM ${done.hwmMb}), ` +
          `${done.fds} fds (${done.sockets} sockets), proxy ${done.proxyConnections}, server ${done.serverConnections}, /readyz ${done.readyz}, ` +
          `retries ${done.retries.jira}/${done.retries.ado}, ${done.apiFaults.length} API faults${done.dbFault ? `, DB ${done.dbFault.kind}${done.dbFault.fired ? ` (${done.dbFault.cuts} cut)` : ' (not fired)'}` : ''}, ` +
          `${done.warnings} warnings, ${done.errors} errors`,
      );
    }
    // A last pass with no changes nor faults, so that every change is in and the tables can be compared.
    await applyApiFaults(bases, []);
    await awaitPasses(child, child.events.length, scopes, 10 * INTERVAL_MS + 60_000);
    end.readyzBeforeStop = await readyz(health);
    for (let i = 0; i < 30 && end.readyzBeforeStop !== 200; i++) {
      await sleep(500);
      end.readyzBeforeStop = await readyz(health);
    }
    if (end.readyzBeforeStop !== 200)
      problems.push(`/readyz answered ${end.readyzBeforeStop} before the stop`);
  } catch (error) {
    problems.push(`the soak stopped: ${error instanceof Error ? error.message : String(error)}`);
    o.log(`  soak stopped: ${String(error)}\n  last lines of worksync:\n${child.tail()}`);
  } finally {
    sampler.stop();
  }
  try {
    const alive = child.exit === undefined;
    const exit = await child.terminate();
    end.exit = exit;
    if (!alive) problems.push(`worksync run died during the soak: ${JSON.stringify(child.exit)}`);
    else if (exit.code !== 0 || exit.killed)
      problems.push(`SIGTERM: exit ${JSON.stringify(exit)}, expected code 0`);
    end.runs = await runsByOutcome(monitor, [SCHEMAS.ado, SCHEMAS.jira]);
    end.runningRows = end.runs.running ?? 0;
    if (end.runningRows > 0) problems.push(`${end.runningRows} sync_runs rows left 'running'`);
    const { WORKSYNC_HTTP_PORT: _, ...syncEnv } = env;
    const clean = new WorksyncChild(['sync'], { ...syncEnv, DATABASE_URL: `${SERVER}/${names.clean}` }, work);
    end.cleanSyncExit = (await clean.exited).code;
    if (end.cleanSyncExit !== 0)
      problems.push(`the clean full sync exited ${end.cleanSyncExit}: ${clean.tail(5)}`);
    end.equalToCleanSync = await compareWithClean(`${SERVER}/${names.soak}`, `${SERVER}/${names.clean}`, [
      SCHEMAS.ado,
      SCHEMAS.jira,
    ]);
    for (const [table, e] of Object.entries(end.equalToCleanSync)) {
      if (e.equal) continue;
      const [schema = '', name = ''] = table.split('.');
      const rows = await firstDifferences(
        `${SERVER}/${names.soak}`,
        `${SERVER}/${names.clean}`,
        schema,
        name,
      );
      problems.push(
        `${table} differs from a clean full sync (${e.rows} rows, clean ${e.cleanRows}); e.g. ${rows.join(' | ')}`,
      );
    }
  } catch (error) {
    problems.push(`the end checks failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await Promise.all([jira.stop(), ado.stop(), proxy.close(), monitor.end().catch(() => undefined)]);
    if (o.keepDb) o.log(`  keeping the databases ${names.soak} and ${names.clean}`);
    else
      for (const name of Object.values(names))
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(work, { recursive: true, force: true });
  }

  const flat = trends(cycles);
  for (const t of flat)
    if (!t.flat)
      problems.push(
        `${t.figure} grew: last third median ${t.lastThird} against ${t.firstThird} (limit ${t.limit})`,
      );
  const messages = new Map<string, { level: string; count: number }>();
  for (const e of child.events.filter((x) => x.level >= 40)) {
    // Addresses, ports, ids and figures masked so that one kind of line counts once; status codes kept.
    const message = e.msg
      .replace(/\d+\.\d+\.\d+\.\d+:\d+/g, 'HOST')
      .replace(/\d{4,}|\d+(\.\d+)? s\b/g, 'N')
      .slice(0, 240);
    const entry = messages.get(message) ?? { level: e.level >= 50 ? 'error' : 'warn', count: 0 };
    entry.count++;
    messages.set(message, entry);
  }
  const report: SoakReport = {
    generatedAt: new Date().toISOString(),
    command: o.command,
    machine,
    settings: {
      cycles: o.cycles,
      itemsPerPlatform: o.items,
      seed: o.seed,
      intervalSeconds: INTERVAL_MS / 1000,
      changesPerCycle: `${CHANGE_FRACTION * 100}% of each platform's live items changed and 1 item created, 1 simulated hour`,
      dbFaults: [...plan].map(([c, k]) => `${c}: ${k}`).join(', '),
    },
    cycles,
    trends: flat,
    end,
    problems,
    logSummary: [...messages]
      .map(([message, v]) => ({ ...v, message }))
      .sort((a, b) => b.count - a.count)
      .slice(0, 25),
  };
  const saved = saveSoak(o.outDir, 'soak', report);
  // The service's own lines, for a closer look (bench/results/tmp/ is not committed).
  const logFile = fileURLToPath(new URL('./results/tmp/soak-service.log', import.meta.url));
  mkdirSync(dirname(logFile), { recursive: true });
  writeFileSync(
    logFile,
    child.events.map((e) => `${new Date(e.at).toISOString()} ${e.level} ${e.msg}`).join('\n'),
  );
  o.log(`soak ${problems.length === 0 ? 'PASSED' : 'FAILED'}${problems.map((p) => `\n  - ${p}`).join('')}`);
  o.log(`saved ${saved.json} and ${saved.md} (the service's log: ${logFile})`);
  return problems.length === 0 ? 0 : 1;
}
