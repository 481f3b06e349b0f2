/**
 * The database's own bulk speed, measured in the same run: the rows worksync wrote are read back (not
 * timed) and inserted again with plain multi-row INSERTs into copies of the same tables (same columns,
 * constraints and indexes) in a scratch schema, one transaction per chunk of rows. `pg` has no COPY
 * support without a streaming add-on, so multi-row INSERT ... VALUES is the plain bulk path here.
 *
 * A full sync writes into empty tables, so its rows go into empty copies. An incremental sync (`since`)
 * writes a few rows into tables that hold the whole data set, where every row costs descents into large
 * indexes that an empty table does not have: its copies are first filled (not timed) with the rows it
 * did not write, so that the plain insert adds the same rows to tables of the same size.
 */
import { type Db, ident, type Queryable } from '../../src/store/db.js';

/**
 * Writes the dirty pages out and starts a new checkpoint cycle (best effort: needs superuser or
 * pg_checkpoint). After a checkpoint, the first change to each page writes the whole page to the WAL:
 * worksync's sync and the plain insert both start right after one, so that neither is timed with a WAL
 * lighter than the other's (an incremental sync changes pages all over large tables).
 */
export async function checkpoint(db: Queryable): Promise<void> {
  await db.exec('CHECKPOINT').catch(() => undefined);
}

/** The tables whose rows worksync writes in bulk. */
export const BULK_TABLES = ['work_items', 'change_history', 'field_history', 'relations'] as const;

const READ_CHUNK = 5000;
const MAX_PARAMS = 60_000;
const MAX_ROWS_PER_STATEMENT = 1000;

export interface PlainInsertResult {
  rows: number;
  ms: number;
  rowsPerSec: number;
  byTable: Record<string, { rows: number; ms: number }>;
}

async function primaryKey(db: Queryable, schema: string, table: string): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT a.attname AS name
       FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey::int2[])
      WHERE i.indrelid = $1::regclass AND i.indisprimary
      ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [`${ident(schema)}.${ident(table)}`],
  );
  return rows.map((r) => r.name);
}

async function columns(db: Queryable, schema: string, table: string): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER' AND identity_generation IS NULL
      ORDER BY ordinal_position`,
    [schema, table],
  );
  return rows.map((r) => r.name);
}

/** Inserts text rows with multi-row VALUES statements (the server casts each text parameter to the column's type). */
async function insertRows(
  tx: Queryable,
  target: string,
  cols: string[],
  rows: (string | null)[][],
): Promise<void> {
  const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMS / cols.length)));
  const colList = cols.map(ident).join(', ');
  for (let i = 0; i < rows.length; i += perStatement) {
    const slice = rows.slice(i, i + perStatement);
    const params: (string | null)[] = [];
    const tuples = slice.map((row) => {
      const start = params.length;
      params.push(...row);
      return `(${row.map((_, j) => `$${start + j + 1}`).join(', ')})`;
    });
    await tx.query(`INSERT INTO ${target} (${colList}) VALUES ${tuples.join(', ')}`, params);
  }
}

/**
 * Copies the rows of `BULK_TABLES` in `schema` (those with `synced_at >= since` when given, into copies
 * already holding the others) into a fresh scratch schema with plain INSERTs, timing only the inserts and
 * their commits; drops the scratch schema.
 */
export async function plainBulkInsert(db: Db, schema: string, since?: Date): Promise<PlainInsertResult> {
  const scratch = `bench_plain_${schema}`.slice(0, 63);
  const s = ident(scratch);
  await db.exec(`DROP SCHEMA IF EXISTS ${s} CASCADE; CREATE SCHEMA ${s};`);
  const byTable: PlainInsertResult['byTable'] = {};
  try {
    for (const table of BULK_TABLES) {
      const source = `${ident(schema)}.${ident(table)}`;
      const target = `${s}.${ident(table)}`;
      await db.exec(
        `CREATE TABLE ${target} (LIKE ${source} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
      );
      const cols = await columns(db, schema, table);
      const key = await primaryKey(db, schema, table);
      if (since) {
        const colList = cols.map(ident).join(', ');
        await db.query(
          `INSERT INTO ${target} (${colList}) SELECT ${colList} FROM ${source}
            WHERE synced_at < $1::timestamptz`,
          [since.toISOString()],
        );
        await db.exec(`ANALYZE ${target}`);
      }
      await checkpoint(db);
      const select = cols.map((c) => `${ident(c)}::text`).join(', ');
      const keyList = key.map(ident).join(', ');
      let rows = 0;
      let ms = 0;
      let after: (string | null)[] | undefined;
      for (;;) {
        const conditions: string[] = [];
        const params: unknown[] = [];
        if (since) {
          params.push(since.toISOString());
          conditions.push(`synced_at >= $${params.length}::timestamptz`);
        }
        if (after) {
          const marks = after.map((v) => {
            params.push(v);
            return `$${params.length}`;
          });
          conditions.push(`(${keyList}) > (${marks.join(', ')})`);
        }
        const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
        const chunk = await db.query<Record<string, string | null>>(
          `SELECT ${select}, ${key.map((k, i) => `${ident(k)}::text AS "__k${i}"`).join(', ')}
             FROM ${source} ${where} ORDER BY ${keyList} LIMIT ${READ_CHUNK}`,
          params,
        );
        if (chunk.length === 0) break;
        const values = chunk.map((row) => cols.map((c) => row[c] ?? null));
        // Timed as worksync's pages are: first statement to end of COMMIT.
        let start = 0;
        await db.transaction((tx) => {
          start = performance.now();
          return insertRows(tx, target, cols, values);
        });
        ms += performance.now() - start;
        rows += chunk.length;
        const last = chunk[chunk.length - 1]!;
        after = key.map((_, i) => last[`__k${i}`] ?? null);
        if (chunk.length < READ_CHUNK) break;
      }
      byTable[table] = { rows, ms };
    }
  } finally {
    await db.exec(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  }
  const rows = Object.values(byTable).reduce((n, t) => n + t.rows, 0);
  const ms = Object.values(byTable).reduce((n, t) => n + t.ms, 0);
  return { rows, ms, rowsPerSec: ms > 0 ? (rows / ms) * 1000 : 0, byTable };
}
