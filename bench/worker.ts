/**
 * The worksync side of one scenario, in its own process so that its peak RSS is worksync's alone.
 * Started by bench/run.ts as `node dist/bench/worker.js <full|incremental>` (compiled JavaScript like
 * bin/worksync.js: bench/lib/children.ts builds dist/ and this file first) with the worksync
 * variables (simulators, database, schemas) in its environment. Runs both platforms in parallel as
 * `worksync sync` does, through the real runner (`syncPlatform`), with the database handle wrapped to
 * time the writing, and sends a WorkerResult over IPC.
 */
import { parseConfig } from '../src/config/schema.js';
import { Logs } from '../src/log/logger.js';
import type { Db, Queryable, Session } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { openDatabase } from '../src/store/open.js';
import type { RunFigures } from '../src/store/runs.js';
import { platformTargets } from '../src/sync/connectors.js';
import { syncPlatform } from '../src/sync/run-once.js';
import type { PlatformMeasure, WorkerResult } from './lib/protocol.js';

interface Timing {
  writeMs: number;
  readMs: number;
  transactions: number;
}

/** The same database, with the time spent in transactions (writing) and in other statements accumulated. */
export function timedDb(db: Db, timing: Timing): Db {
  const timed = async <T>(fn: () => Promise<T>, add: (ms: number) => void): Promise<T> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      add(performance.now() - start);
    }
  };
  const read = (ms: number) => {
    timing.readMs += ms;
  };
  const write = (ms: number) => {
    timing.writeMs += ms;
    timing.transactions += 1;
  };
  return {
    kind: db.kind,
    display: db.display,
    query: <Row>(sql: string, params?: readonly unknown[]) => timed(() => db.query<Row>(sql, params), read),
    exec: (sql: string) => timed(() => db.exec(sql), read),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => timed(() => db.transaction(fn), write),
    // Pages: the time of their transactions where they run (PostgreSQL: the writer thread), as the plain
    // insert times its statements and commits, not the building of its parameters nor a message's wait.
    async writeBatch(statements) {
      const result = await db.writeBatch(statements);
      write(result.transactionMs);
      return result;
    },
    withSession: <T>(fn: (session: Session) => Promise<T>) => db.withSession(fn),
    openSession: () => db.openSession(),
    close: () => db.close(),
  };
}

async function main(): Promise<void> {
  const mode = process.argv[2] === 'full' ? 'full' : 'incremental';
  let peakHeap = 0;
  const poll = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 50);
  const config = parseConfig(process.env);
  const logs = new Logs({ logDir: config.logDir, level: 'warn', secrets: config.secrets, pretty: false });
  const db = await openDatabase(config.database);
  try {
    const migrateStart = performance.now();
    await migrate(db, config);
    const migrateMs = performance.now() - migrateStart;
    const targets = platformTargets(config, undefined, (p) => logs.platform(p));
    const syncStart = performance.now();
    const cpuStart = process.cpuUsage();
    const loopStart = performance.eventLoopUtilization();
    const controller = new AbortController();
    const platforms = await Promise.all(
      targets.map(async (t): Promise<PlatformMeasure> => {
        const timing: Timing = { writeMs: 0, readMs: 0, transactions: 0 };
        // Figures per project as the runner reports them after each page (kept when a scope fails).
        const byProject = new Map<string, RunFigures>();
        const start = performance.now();
        let error: string | undefined;
        let outcomes: string[] = [];
        try {
          const results = await syncPlatform(timedDb(db, timing), t.schema, t.connector, {
            full: mode === 'full',
            signal: controller.signal,
            logger: logs.platform(t.platform),
            onPage: (project, figures) => byProject.set(project, { ...figures }),
          });
          for (const r of results) byProject.set(r.project, r.figures);
          outcomes = results.map((r) => `${r.project}:${r.outcome}`);
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
          outcomes = [...byProject.keys()].map((p) => `${p}:partial`);
        }
        const wallMs = performance.now() - start;
        const figures = [...byProject.values()];
        const sum = (pick: (f: RunFigures) => number) => figures.reduce((n, f) => n + pick(f), 0);
        return {
          platform: t.platform,
          wallMs,
          dbWriteMs: timing.writeMs,
          dbReadMs: timing.readMs,
          transactions: timing.transactions,
          requests: t.connector.requests.toJSON(),
          itemsFetched: sum((f) => f.itemsFetched),
          itemsAdded: sum((f) => f.itemsAdded),
          itemsUpdated: sum((f) => f.itemsUpdated),
          itemsUnchanged: sum((f) => f.itemsUnchanged),
          itemsDeleted: sum((f) => f.itemsDeleted),
          historyRows: sum((f) => f.historyRows),
          relationRows: sum((f) => f.relationRows),
          outcomes,
          ...(error !== undefined ? { error } : {}),
        };
      }),
    );
    const wallMs = performance.now() - syncStart;
    const cpu = process.cpuUsage(cpuStart);
    const loop = performance.eventLoopUtilization(loopStart);
    clearInterval(poll);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    const result: WorkerResult = {
      type: 'result',
      mode,
      wallMs,
      migrateMs,
      platforms,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      peakHeapMb: peakHeap / 1024 / 1024,
      cpuMs: (cpu.user + cpu.system) / 1000,
      eventLoopUtilization: loop.utilization,
      node: process.version,
    };
    process.send?.(result);
  } finally {
    clearInterval(poll);
    await db.close();
    logs.close();
  }
}

main()
  .then(() => process.disconnect?.())
  .catch((error: unknown) => {
    process.stderr.write(
      `worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
    process.disconnect?.();
  });
