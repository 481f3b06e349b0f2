import type { Db } from './db.js';

/**
 * Runs `fn` holding the scope's session-level advisory lock, or returns `undefined` at once when another
 * process holds it. The lock lives on one dedicated connection: if the process dies, the server drops
 * the connection and the lock with it, so another process takes the scope over.
 */
export async function withScopeLock<T>(
  db: Db,
  key: string,
  fn: () => Promise<T>,
): Promise<{ value: T } | undefined> {
  return db.withSession(async (session) => {
    const [row] = await session.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
      [`worksync:${key}`],
    );
    if (!row?.locked) return undefined;
    try {
      return { value: await fn() };
    } finally {
      await session
        .query('SELECT pg_advisory_unlock(hashtext($1))', [`worksync:${key}`])
        .catch(() => undefined);
    }
  });
}
