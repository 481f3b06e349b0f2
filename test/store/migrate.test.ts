import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { openPostgres } from '../../src/store/postgres.js';
import { backends } from '../support/databases.js';

const names = { adoSchema: 'public', jiraSchema: 'jira_sync' };

/** The tables and views of DESIGN.md with the columns it names. */
const REQUIRED: Record<string, string[]> = {
  work_items: [
    'id',
    'numeric_id',
    'project',
    'work_item_type',
    'title',
    'description',
    'repro_steps',
    'state',
    'state_category',
    'severity',
    'priority',
    'assigned_to',
    'created_by',
    'area_path',
    'iteration_path',
    'customer_name',
    'tags',
    'parent_id',
    'created_at',
    'updated_at',
    'resolved_at',
    'closed_at',
    'deleted_at',
    'url',
    'raw',
    'synced_at',
  ],
  bugs: ['id', 'numeric_id', 'state', 'severity', 'customer_name'],
  issues: ['id', 'numeric_id', 'state'],
  relations: ['source_id', 'target_id', 'relation_type', 'relation_raw', 'synced_at'],
  bugs_relations: ['source_id', 'target_id', 'relation_type', 'relation_raw'],
  change_history: ['item_id', 'change_id', 'changed_at', 'changed_by', 'from_state', 'to_state'],
  field_history: ['item_id', 'change_id', 'changed_at', 'changed_by', 'field', 'from_value', 'to_value'],
  sprints: ['id', 'name', 'path', 'board', 'team', 'state', 'start_date', 'finish_date'],
  sync_status: [
    'project',
    'cursor',
    'last_started_at',
    'last_success_at',
    'items_synced',
    'source_count',
    'stored_count',
    'last_error',
  ],
  sync_runs: [
    'project',
    'started_at',
    'finished_at',
    'outcome',
    'items_fetched',
    'history_rows',
    'api_requests',
    'retries',
    'duration_ms',
  ],
  history_snapshots: ['snapshot_date', 'metric', 'dimension', 'dimension_value', 'value'],
};

async function columns(db: Db, schema: string, table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
    [schema, table],
  );
  return rows.map((r) => r.column_name);
}

async function ledger(db: Db): Promise<string[]> {
  const rows = await db.query<{ entry: string }>(
    "SELECT target || '/' || name || '@' || checksum AS entry FROM worksync.schema_migrations ORDER BY 1",
  );
  return rows.map((r) => r.entry);
}

for (const backend of backends()) {
  describe(`migrations on ${backend.name}`, () => {
    let cleanup: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    it('creates every table and view with the columns of the design, in both platform schemas', async () => {
      const { db, drop } = await backend.create();
      cleanup = drop;
      const report = await migrate(db, names);
      expect(report.applied.length).toBeGreaterThan(0);
      for (const schema of ['public', 'jira_sync']) {
        for (const [table, required] of Object.entries(REQUIRED)) {
          const present = await columns(db, schema, table);
          expect(present, `${schema}.${table}`).toEqual(expect.arrayContaining(required));
        }
      }
      for (const view of ['work_items', 'change_history', 'history_snapshots']) {
        expect(await columns(db, 'worksync', view)).toContain('platform');
      }
    });

    it('changes nothing on a second run', async () => {
      const { db, drop } = await backend.create();
      cleanup = drop;
      await migrate(db, names);
      const before = await ledger(db);
      const second = await migrate(db, names);
      expect(second.applied).toEqual([]);
      expect(await ledger(db)).toEqual(before);
    });

    it('uses the configured schema names and re-creates the cross-platform views for them', async () => {
      const { db, drop } = await backend.create();
      cleanup = drop;
      await migrate(db, { adoSchema: 'ado_x', jiraSchema: 'jira_x' });
      await db.query(
        "INSERT INTO jira_x.work_items (id, numeric_id, project, work_item_type) VALUES ('J-1', 1, 'J', 'Bug')",
      );
      const rows = await db.query<{ platform: string; id: string }>(
        'SELECT platform, id FROM worksync.work_items',
      );
      expect(rows).toEqual([{ platform: 'jira', id: 'J-1' }]);
    });

    it('refuses a ledger written by a newer version', async () => {
      const { db, drop } = await backend.create();
      cleanup = drop;
      await migrate(db, names);
      await db.query(
        "INSERT INTO worksync.schema_migrations (target, name, version, checksum) VALUES ('public', '999_future', 999, 'x')",
      );
      await expect(migrate(db, names)).rejects.toThrow(/newer version/);
    });

    if (backend.name === 'postgres') {
      it('is safe when several processes migrate at once', async () => {
        const { url, drop } = await backend.create();
        cleanup = drop;
        const dbs = await Promise.all([1, 2, 3].map(() => openPostgres({ connectionString: url! }, 'race')));
        try {
          const reports = await Promise.all(dbs.map((db) => migrate(db, names)));
          const applied = reports.flatMap((r) => r.applied);
          // Each migration was applied exactly once, by whichever process got the lock first.
          expect(new Set(applied).size).toBe(applied.length);
          expect(reports.filter((r) => r.applied.length > 0)).toHaveLength(1);
        } finally {
          await Promise.all(dbs.map((db) => db.close()));
        }
      });
    }
  });
}
