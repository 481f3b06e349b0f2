import pg from 'pg';
import { StoreError } from '../errors.js';
import {
  type BatchResult,
  batchInTransaction,
  type Db,
  type Queryable,
  type Session,
  type Statement,
} from './db.js';
import { type BatchThreadOptions, batchThread, WriterThreadStopped } from './threaded-batches.js';

const INT8 = 20;
const NUMERIC = 1700;

/** Counts and ids fit in a double; the port promises numbers, as PGlite gives with the same parser. */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8 || oid === NUMERIC
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

type Client = pg.PoolClient | pg.Pool;

function queryable(client: Client): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, params as unknown[]);
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

async function inTransaction<T>(client: pg.PoolClient, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await fn(queryable(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export interface PostgresOptions {
  /** Pool size. Default 10. */
  maxConnections?: number;
  /** Given: `writeBatch` runs in a worker thread with connections of its own (`threaded-batches.ts`). */
  writerThread?: BatchThreadOptions;
}

/** A PostgreSQL server through a `pg` pool. */
export async function openPostgres(
  connection: pg.PoolConfig,
  display: string,
  options: PostgresOptions = {},
): Promise<Db> {
  const pool = new pg.Pool({
    ...connection,
    types,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new StoreError(
      `cannot connect to PostgreSQL at ${display}: check PG_HOST, PG_PORT, PG_DATABASE, PG_USERNAME and PG_PASSWORD (or DATABASE_URL)`,
      { cause },
    );
  }
  const withClient = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  };
  const thread = options.writerThread ? batchThread(connection, display, options.writerThread) : undefined;
  const transaction = <T>(fn: (tx: Queryable) => Promise<T>) =>
    withClient((client) => inTransaction(client, fn));
  const batchHere = (statements: readonly Statement[]) => batchInTransaction({ transaction }, statements);
  // A batch the thread could not finish (one too large for its heap, above all) is written here instead.
  const writeBatch = async (statements: readonly Statement[]): Promise<BatchResult> => {
    if (!thread) return batchHere(statements);
    try {
      return await thread.run(statements);
    } catch (error) {
      if (!(error instanceof WriterThreadStopped)) throw error;
      return batchHere(statements);
    }
  };
  return {
    kind: 'postgres',
    display,
    ...queryable(pool),
    transaction,
    writeBatch,
    withSession: (fn) =>
      withClient((client) => {
        const session: Session = {
          ...queryable(client),
          transaction: (inner) => inTransaction(client, inner),
        };
        return fn(session);
      }),
    async close() {
      await thread?.close();
      await pool.end();
    },
  };
}
