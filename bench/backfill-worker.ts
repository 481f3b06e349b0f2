/**
 * Scenario (e) in its own process: `backfillSnapshots(db, { adoSchema, jiraSchema }, days)` from
 * src/metrics/backfill.ts over the data of (d). Started by bench/run.ts as
 * `node --import tsx bench/backfill-worker.ts <days>`; answers a BackfillResult over IPC.
 */
import { pathToFileURL } from 'node:url';
import { parseConfig } from '../src/config/schema.js';
import { type Db, ident } from '../src/store/db.js';
import { openDatabase } from '../src/store/open.js';
import type { BackfillResult } from './lib/protocol.js';

type Backfill = (
  db: Db,
  schemas: { adoSchema: string; jiraSchema: string },
  days: number,
) => Promise<unknown>;

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
    const url = pathToFileURL(new URL('../src/metrics/backfill.ts', import.meta.url).pathname).href;
    const mod = (await import(url)) as { backfillSnapshots?: unknown };
    if (typeof mod.backfillSnapshots !== 'function') {
      send({
        wallMs: 0,
        snapshotRows: 0,
        historyRows: 0,
        peakRssMb: 0,
        peakHeapMb: 0,
        error: 'src/metrics/backfill.ts does not export backfillSnapshots yet',
      });
      return;
    }
    const backfill = mod.backfillSnapshots as Backfill;
    const schemas = [config.adoSchema, config.jiraSchema].map(ident);
    let historyRows = 0;
    for (const s of schemas)
      historyRows += await count(
        db,
        `SELECT (SELECT count(*) FROM ${s}.change_history) + (SELECT count(*) FROM ${s}.field_history) AS n`,
      );
    const start = performance.now();
    await backfill(db, { adoSchema: config.adoSchema, jiraSchema: config.jiraSchema }, days);
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
