/** The soak's end checks: what the service left in its database, against a clean full sync's. */
import type pg from 'pg';
import { parseConfig } from '../../src/config/schema.js';
import type { Db } from '../../src/store/db.js';
import { openDatabase } from '../../src/store/open.js';
import { snapshotSchema } from '../../test/support/snapshot.js';

/** The synced tables of a schema (as the tests compare them) and its KPI snapshots, computing time left out. */
async function content(db: Db, schema: string): Promise<Record<string, unknown[]>> {
  return {
    ...(await snapshotSchema(db, schema)),
    history_snapshots: await db.query(
      `SELECT snapshot_date::text, metric, dimension, dimension_value, value FROM "${schema}".history_snapshots
       ORDER BY 1, 2, 3, 4`,
    ),
  };
}

/** Per schema.table: row counts of both databases and whether every row is equal. */
export async function compareWithClean(
  soakUrl: string,
  cleanUrl: string,
  schemas: string[],
): Promise<Record<string, { rows: number; cleanRows: number; equal: boolean }>> {
  const out: Record<string, { rows: number; cleanRows: number; equal: boolean }> = {};
  const soak = await openDatabase(parseConfig({ DATABASE_URL: soakUrl }).database);
  const clean = await openDatabase(parseConfig({ DATABASE_URL: cleanUrl }).database);
  try {
    for (const schema of schemas) {
      const [a, b] = [await content(soak, schema), await content(clean, schema)];
      for (const table of Object.keys(b)) {
        const rows = a[table] ?? [];
        const cleanRows = b[table] ?? [];
        out[`${schema}.${table}`] = {
          rows: rows.length,
          cleanRows: cleanRows.length,
          equal: JSON.stringify(rows) === JSON.stringify(cleanRows),
        };
      }
    }
  } finally {
    await Promise.all([soak.close(), clean.close()]);
  }
  return out;
}

/** First differing rows of a table, for the report of a difference (a few, shortened). */
export async function firstDifferences(
  soakUrl: string,
  cleanUrl: string,
  schema: string,
  table: string,
): Promise<string[]> {
  const soak = await openDatabase(parseConfig({ DATABASE_URL: soakUrl }).database);
  const clean = await openDatabase(parseConfig({ DATABASE_URL: cleanUrl }).database);
  try {
    const a = ((await content(soak, schema))[table] ?? []).map((r) => JSON.stringify(r));
    const b = new Set(((await content(clean, schema))[table] ?? []).map((r) => JSON.stringify(r)));
    return a
      .filter((r) => !b.has(r))
      .slice(0, 3)
      .map((r) => r.slice(0, 300));
  } finally {
    await Promise.all([soak.close(), clean.close()]);
  }
}

/** sync_runs of the given schemas by outcome ('running' included when any is left). */
export async function runsByOutcome(monitor: pg.Client, schemas: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const schema of schemas) {
    const { rows } = await monitor.query<{ outcome: string; n: string }>(
      `SELECT outcome, count(*) AS n FROM "${schema}".sync_runs GROUP BY outcome`,
    );
    for (const row of rows) out[row.outcome] = (out[row.outcome] ?? 0) + Number(row.n);
  }
  return out;
}
