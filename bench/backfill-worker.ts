/**
 * Scenario (e) in its own process: the 365-day snapshot backfill over the data of (d) (see
 * loadBackfill for which function). Started by bench/run.ts as
 * `node dist/bench/backfill-worker.js <days>` (compiled with dist/ first, see bench/lib/children.ts);
 * answers a BackfillResult over IPC.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseConfig } from '../src/config/schema.js';
import { type Db, ident } from '../src/store/db.js';
import { openDatabase } from '../src/store/open.js';
import type { BackfillResult } from './lib/protocol.js';

type Schemas = { adoSchema: string; jiraSchema: string };
type Backfill = (db: Db, schemas: Schemas, days: number) => Promise<unknown>;
type SchemaBackfill = (
  db: Db,
  schema: string,
  days: number,
  policy?: unknown,
  today?: Date,
) => Promise<unknown>;

/** The simulators' generated history ends here (bench/sim-server.ts): backfill the 365 days up to it. */
const DATA_END = new Date(Date.UTC(2026, 0, 1) - 1);

/**
 * The backfill to run: `backfillSnapshots(db, schemas, days)` from src/metrics/backfill.ts (the API the
 * benchmark was specified against), else `backfill(db, schema, days, policy, today)` of
 * src/metrics/snapshots.ts for each schema, up to the end of the simulated data. A string says why
 * neither is there.
 */
async function loadBackfill(): Promise<
  ((db: Db, schemas: Schemas, days: number) => Promise<string>) | string
> {
  const load = async (name: string): Promise<Record<string, unknown> | undefined> => {
    const file = new URL(`../src/metrics/${name}`, import.meta.url);
    if (!existsSync(file)) return undefined;
    return (await import(pathToFileURL(file.pathname).href)) as Record<string, unknown>;
  };
  // Compiled into dist/bench/ by the benchmark (bench/lib/children.ts): the sources beside it are .js.
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const specified = await load(`backfill.${ext}`);
  if (typeof specified?.backfillSnapshots === 'function') {
    const fn = specified.backfillSnapshots as Backfill;
    return async (db, schemas, days) => {
      await fn(db, schemas, days);
      return 'backfillSnapshots(db, { adoSchema, jiraSchema }, days) from src/metrics/backfill.ts';
    };
  }
  const snapshots = await load(`snapshots.${ext}`);
  if (typeof snapshots?.backfill === 'function') {
    const fn = snapshots.backfill as SchemaBackfill;
    return async (db, schemas, days) => {
      for (const schema of [schemas.jiraSchema, schemas.adoSchema])
        await fn(db, schema, days, undefined, DATA_END);
      return `backfill(db, schema, ${days}, DEFAULT_POLICY, ${DATA_END.toISOString()}) from src/metrics/snapshots.ts, per schema`;
    };
  }
  return 'neither src/metrics/backfill.ts (backfillSnapshots) nor src/metrics/snapshots.ts (backfill) exists yet';
}

async function count(db: Db, sql: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql);
  return row?.n ?? 0;
}

async function main(): Promise<void> {
  const days = Number(process.argv[2] ?? 365);
  let peakHeap = 0;
  const poll = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 50);
  const config = parseConfig(process.env);
  const db = await openDatabase(config.database);
  const send = (result: Omit<BackfillResult, 'type'>) => process.send?.({ type: 'backfill', ...result });
  try {
    const run = await loadBackfill();
    if (typeof run === 'string') {
      send({ wallMs: 0, snapshotRows: 0, historyRows: 0, peakRssMb: 0, peakHeapMb: 0, error: run });
      return;
    }
    const schemas = [config.adoSchema, config.jiraSchema].map(ident);
    let historyRows = 0;
    for (const s of schemas)
      historyRows += await count(
        db,
        `SELECT (SELECT count(*) FROM ${s}.change_history) + (SELECT count(*) FROM ${s}.field_history) AS n`,
      );
    const start = performance.now();
    const api = await run(db, { adoSchema: config.adoSchema, jiraSchema: config.jiraSchema }, days);
    const wallMs = performance.now() - start;
    let snapshotRows = 0;
    for (const s of schemas)
      snapshotRows += await count(db, `SELECT count(*) AS n FROM ${s}.history_snapshots`);
    clearInterval(poll);
    send({
      wallMs,
      snapshotRows,
      historyRows,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      peakHeapMb: Math.max(peakHeap, process.memoryUsage().heapUsed) / 1024 / 1024,
      api,
    });
  } finally {
    clearInterval(poll);
    await db.close();
  }
}

main()
  .then(() => process.disconnect?.())
  .catch((error: unknown) => {
    process.stderr.write(
      `backfill worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
    process.disconnect?.();
  });
