import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { openPglite } from '../../src/store/pglite.js';
import { openPostgres } from '../../src/store/postgres.js';

/** A database backend the store suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export interface Backend {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database; `drop` removes it. */
  create(): Promise<{ db: Db; url?: string; drop(): Promise<void> }>;
}

const pgliteBackend: Backend = {
  name: 'pglite',
  async create() {
    const db = await openPglite();
    return { db, drop: () => db.close() };
  },
};

/** Creates a database of its own per test on the server of TEST_DATABASE_URL, so tests never share state. */
function postgresBackend(adminUrl: string): Backend {
  return {
    name: 'postgres',
    async create() {
      const name = `worksync_t_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      // As worksync opens it (`openDatabase`): write batches in the writer thread.
      const db = await openPostgres({ connectionString: url.toString() }, name, { writerThread: {} });
      return {
        db,
        url: url.toString(),
        async drop() {
          await db.close();
          const cleanup = new pg.Client({ connectionString: adminUrl });
          await cleanup.connect();
          try {
            await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          } finally {
            await cleanup.end();
          }
        },
      };
    },
  };
}

/** The backends of this run. With CI=true, a missing TEST_DATABASE_URL is an error, not a skip. */
export function backends(): Backend[] {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.CI === 'true') {
    throw new Error(
      'CI=true but TEST_DATABASE_URL is not set: the PostgreSQL half of the store suite would not run',
    );
  }
  return url ? [pgliteBackend, postgresBackend(url)] : [pgliteBackend];
}

/**
 * Per test: a simulator and a fresh migrated database of `backend` (schemas public and jira_sync),
 * both closed after the test. Call inside a `describe`.
 */
export function simulatorAndDatabase(backend: Backend) {
  let closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.reverse()) await close();
    closers = [];
  });
  return async <S extends { close(): Promise<void> }>(
    start: () => Promise<S>,
  ): Promise<{ sim: S; db: Db }> => {
    const sim = await start();
    closers.push(() => sim.close());
    const { db, drop } = await backend.create();
    closers.push(drop);
    await migrate(db, { adoSchema: 'public', jiraSchema: 'jira_sync' });
    return { sim, db };
  };
}
