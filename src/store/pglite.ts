import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import lockfile from 'proper-lockfile';
import { StoreError } from '../errors.js';
import { batchInTransaction, type Db, type Queryable, type Session } from './db.js';

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
 * Locks the data folder for this process. A lock left by a process that died (same host, its pid gone)
 * is taken over at once rather than after the staleness timeout.
 */
async function lockDataDir(dataDir: string, waitMs: number): Promise<() => Promise<void>> {
  const lockfilePath = `${dataDir}/.worksync.lock`;
  const pidFile = `${dataDir}/.worksync.pid`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const release = await lockfile.lock(dataDir, { stale: 15_000, update: 5_000, lockfilePath });
      writeFileSync(pidFile, String(process.pid));
      return release;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ELOCKED' || Date.now() > deadline) throw error;
      if (ownerIsDead(pidFile)) rmSync(lockfilePath, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function ownerIsDead(pidFile: string): boolean {
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as { code?: string }).code === 'ESRCH';
  }
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
      release = await lockDataDir(dataDir, waitMs);
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
    // One connection in this process, never lost.
    openSession: async () => ({ ...session, lost: false, release: () => undefined }),
    writeBatch: (statements) => batchInTransaction(session, statements),
    async close() {
      await db.close();
      await release?.();
    },
  };
}
