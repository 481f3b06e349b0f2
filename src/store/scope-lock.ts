import { StoreError } from '../errors.js';
import type { Db, HeldSession } from './db.js';

/** The scope's lock was lost with its connection and another process took the scope meanwhile. */
export class ScopeTakenOver extends StoreError {}

/**
 * A scope's session-level advisory lock on a dedicated connection. If the process dies, the server drops
 * the connection and the lock with it, so another process takes the scope over. If the connection is
 * lost while this process lives (a database restart), `ensureHeld` takes the lock again on a new one.
 */
export class ScopeLock {
  private constructor(
    private readonly db: Db,
    private readonly key: string,
    private session: HeldSession | undefined,
  ) {}

  /** The lock, or `undefined` at once when another process holds it. */
  static async take(db: Db, key: string): Promise<ScopeLock | undefined> {
    const lockKey = `worksync:${key}`;
    const session = await tryLock(db, lockKey);
    return session ? new ScopeLock(db, lockKey, session) : undefined;
  }

  /**
   * Makes sure the lock is still held before writing: after its connection was lost (or, with `verify`,
   * when the connection cannot answer), it is taken again; throws ScopeTakenOver when another process
   * has it now, DatabaseUnavailableError while the server is away.
   */
  async ensureHeld(verify = false): Promise<void> {
    if (this.session && !this.session.lost) {
      if (!verify) return;
      try {
        await this.session.query('SELECT 1');
        return;
      } catch {
        // Dead without having said so: taken again below.
      }
    }
    this.session?.release();
    this.session = await tryLock(this.db, this.key);
    if (!this.session)
      throw new ScopeTakenOver(
        `${this.key.slice('worksync:'.length)}: its lock was lost with the database connection and another process syncs it now`,
      );
  }

  /** Releases the lock and its connection; idempotent, never throws. */
  async release(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (!session) return;
    if (!session.lost)
      await session.query('SELECT pg_advisory_unlock(hashtext($1))', [this.key]).catch(() => undefined);
    session.release();
  }
}

async function tryLock(db: Db, lockKey: string): Promise<HeldSession | undefined> {
  const session = await db.openSession();
  try {
    const [row] = await session.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
      [lockKey],
    );
    if (row?.locked) return session;
  } catch (error) {
    session.release();
    throw error;
  }
  session.release();
  return undefined;
}

/**
 * Runs `fn` holding the scope's lock (given to it, to be re-checked before writes), or returns
 * `undefined` at once when another process holds it.
 */
export async function withScopeLock<T>(
  db: Db,
  key: string,
  fn: (lock: ScopeLock) => Promise<T>,
): Promise<{ value: T } | undefined> {
  const lock = await ScopeLock.take(db, key);
  if (!lock) return undefined;
  try {
    return { value: await fn(lock) };
  } finally {
    await lock.release();
  }
}
