import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/migrate.js';
import { openPostgres } from '../../src/store/postgres.js';
import { backends } from '../support/databases.js';

const postgres = backends().find((b) => b.name === 'postgres');

/** The dashboards' read-only role (Metabase's `worksync_reader`), on a real server: roles are per cluster. */
describe.skipIf(!postgres)('the reader role', () => {
  it('reads every platform table and view, now and after later migrations, and writes nothing', async () => {
    const { db, url, drop } = await postgres!.create();
    const role = `ws_reader_${process.pid}_${Date.now() % 100_000}`;
    const names = { adoSchema: 'public', jiraSchema: 'jira_sync', readerRole: role };
    try {
      // Without the role, migrating grants nothing and does not fail.
      await migrate(db, names);
      await db.exec(`CREATE ROLE ${role} LOGIN PASSWORD 'reader-pw'`);
      await migrate(db, names);
      // A table a later migration creates is readable too.
      await db.exec('CREATE TABLE jira_sync.later_table (x int)');
      const readerUrl = new URL(url!);
      readerUrl.username = role;
      readerUrl.password = 'reader-pw';
      const reader = await openPostgres({ connectionString: readerUrl.toString() }, 'reader');
      try {
        for (const relation of [
          'public.work_items',
          'public.bugs',
          'jira_sync.work_items',
          'jira_sync.history_snapshots',
          'jira_sync.later_table',
          'worksync.schema_migrations',
        ])
          await expect(reader.query(`SELECT count(*) FROM ${relation}`), relation).resolves.toBeDefined();
        await expect(reader.query('INSERT INTO jira_sync.later_table VALUES (1)')).rejects.toThrow(
          /permission denied/,
        );
        await expect(reader.query('DELETE FROM public.work_items')).rejects.toThrow(/permission denied/);
      } finally {
        await reader.close();
      }
    } finally {
      // Its grants went with the database; then the role (cluster-wide) can go.
      await drop();
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP ROLE IF EXISTS ${role}`).finally(() => admin.end());
    }
  });
});
