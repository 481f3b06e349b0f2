import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import lockfile from 'proper-lockfile';
import { StoreError } from '../errors.js';
import type { Db, Queryable, Session } from './db.js';

const INT8 = 20;
const NUMERIC = 1700;

/** The embedded database keeps one connection: every call is serialised by PGlite itself. */
function wrap(client: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await client.exec(sql);
    },
  };
}

/**
 * Embedded PostgreSQL (PGlite). With `dataDir` the data persists there and the folder is locked
 * against other processes (PGlite cannot share its files); without, it lives in memory.
 * Waits up to `lockWaitMs` (default 60 s) for another worksync process to release the folder.
 */
export async function openPglite(dataDir?: string, options: { lockWaitMs?: number } = {}): Promise<Db> {
  let release: (() => Promise<void>) | undefined;
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    const waitMs = options.lockWaitMs ?? 60_000;
    try {
      release = await lockfile.lock(dataDir, {
        stale: 15_000,
        update: 5_000,
        retries: { retries: Math.ceil(waitMs / 500), factor: 1, minTimeout: 500, maxTimeout: 500 },
        lockfilePath: `${dataDir}/.worksync.lock`,
      });
    } catch (cause) {
      throw new StoreError(
        `the embedded database in ${dataDir} is in use by another worksync process: stop it, or set PG_* or DATABASE_URL to use a PostgreSQL server that several processes can share`,
        { cause },
      );
    }
  }
  let db: PGlite;
  try {
    db = await PGlite.create({
      ...(dataDir !== undefined ? { dataDir } : {}),
      parsers: { [INT8]: (value: string) => Number(value), [NUMERIC]: (value: string) => Number(value) },
    });
  } catch (cause) {
    await release?.();
    throw new StoreError(`cannot open the embedded database in ${dataDir ?? 'memory'}`, { cause });
  }
  const transaction = <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> =>
    db.transaction((tx) => fn(wrap(tx)));
  const session: Session = { ...wrap(db), transaction };
  return {
    kind: 'pglite',
    display: dataDir === undefined ? 'embedded PGlite (in memory)' : `embedded PGlite in ${dataDir}`,
    ...session,
    withSession: (fn) => fn(session),
    async close() {
      await db.close();
      await release?.();
    },
  };
}
