import pg from 'pg';
import { DatabaseUnavailableError, StoreError } from '../errors.js';
import { asUnavailable, isDatabaseUnavailable } from './connection-errors.js';
import {
  type BatchResult,
  batchInTransaction,
  type Db,
  type HeldSession,
  type Queryable,
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

/** Statements on a client; a lost server is reported as DatabaseUnavailableError. */
function queryable(client: Client, display: string): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      try {
        const result = await client.query(sql, params as unknown[]);
        return result.rows as Row[];
      } catch (error) {
        throw asUnavailable(error, display);
      }
    },
    async exec(sql: string) {
      try {
        await client.query(sql);
      } catch (error) {
        throw asUnavailable(error, display);
      }
    },
  };
}

async function inTransaction<T>(
  client: pg.PoolClient,
  display: string,
  fn: (tx: Queryable) => Promise<T>,
): Promise<T> {
  const tx = queryable(client, display);
  await tx.query('BEGIN');
  try {
    const result = await fn(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * A client taken from the pool, guarded while it is out: `pg` emits an 'error' event on a client whose
 * server goes away, and the pool listens only to idle ones, so an unguarded checked-out client ends the
 * process. A lost client is destroyed on release instead of going back to the pool.
 */
async function checkOut(pool: pg.Pool, display: string): Promise<HeldSession & { client: pg.PoolClient }> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw asUnavailable(error, display);
  }
  let lost: Error | undefined;
  // Kept after a loss: a destroyed client may still report its socket's end.
  const onError = (error: Error) => {
    lost ??= error;
  };
  client.on('error', onError);
  let released = false;
  return {
    client,
    ...queryable(client, display),
    transaction: (fn) => inTransaction(client, display, fn),
    get lost() {
      return lost !== undefined;
    },
    release() {
      if (released) return;
      released = true;
      if (lost) client.release(lost);
      else {
        client.off('error', onError);
        client.release();
      }
    },
  };
}

export interface PostgresOptions {
  /** Pool size. Default 10. */
  maxConnections?: number;
  /** Given: `writeBatch` runs in a worker thread with connections of its own (`threaded-batches.ts`). */
  writerThread?: BatchThreadOptions;
  /** Connect once before resolving, failing with a StoreError when the server cannot be reached. Default true. */
  checkConnection?: boolean;
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
  // An idle client that loses its server must not crash the process (the pool drops it).
  pool.on('error', () => undefined);
  if (options.checkConnection ?? true) {
    try {
      const client = await pool.connect();
      client.release();
    } catch (cause) {
      await pool.end().catch(() => undefined);
      // Unreachable is worth waiting for (`worksync run` does); refused credentials or a missing database are not.
      const Kind = isDatabaseUnavailable(cause) ? DatabaseUnavailableError : StoreError;
      throw new Kind(
        `cannot connect to PostgreSQL at ${display}: check PG_HOST, PG_PORT, PG_DATABASE, PG_USERNAME and PG_PASSWORD (or DATABASE_URL)`,
        { cause },
      );
    }
  }
  const withClient = async <T>(fn: (session: HeldSession) => Promise<T>): Promise<T> => {
    const session = await checkOut(pool, display);
    try {
      return await fn(session);
    } finally {
      session.release();
    }
  };
  const thread = options.writerThread ? batchThread(connection, display, options.writerThread) : undefined;
  const transaction = <T>(fn: (tx: Queryable) => Promise<T>) =>
    withClient((session) => session.transaction(fn));
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
    ...queryable(pool, display),
    transaction,
    writeBatch,
    withSession: (fn) => withClient(fn),
    openSession: () => checkOut(pool, display),
    async close() {
      await thread?.close();
      await pool.end();
    },
  };
}
