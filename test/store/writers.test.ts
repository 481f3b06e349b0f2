import { afterEach, describe, expect, it } from 'vitest';
import type { Cursor } from '../../src/domain/cursor.js';
import { emptyPage, type SyncPage } from '../../src/domain/page.js';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { emptyFigures, finishRun, startRun } from '../../src/store/runs.js';
import { readPlatformStatus } from '../../src/store/status.js';
import { readCursor, writePage } from '../../src/store/writers/page.js';
import { backends } from '../support/databases.js';
import { item, stateChange } from '../support/fixtures.js';

const schema = 'jira_sync';
const cursor = (watermark: string): Cursor => ({ watermark, continuation: null, filterHash: 'h' });

function page(overrides: Partial<SyncPage>): SyncPage {
  return { ...emptyPage(cursor('2024-01-01T00:00:00.000Z')), ...overrides };
}

for (const backend of backends()) {
  describe(`writers on ${backend.name}`, () => {
    let db: Db;
    let cleanup: (() => Promise<void>) | undefined;
    const setup = async () => {
      const created = await backend.create();
      db = created.db;
      cleanup = created.drop;
      await migrate(db, { adoSchema: 'public', jiraSchema: schema });
    };
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    it('upserts items idempotently and reports added, updated and unchanged', async () => {
      await setup();
      const items = [item({ id: 'A-1', numericId: 1 }), item({ id: 'A-2', numericId: 2, tags: [] })];
      const first = await writePage(db, schema, 'A', page({ items }));
      expect(first).toMatchObject({ added: 2, updated: 0, unchanged: 0 });
      const second = await writePage(db, schema, 'A', page({ items }));
      expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
      const changed = [{ ...items[0]!, state: 'Active', stateCategory: 'in_progress' as const }, items[1]!];
      const third = await writePage(db, schema, 'A', page({ items: changed }));
      expect(third).toMatchObject({ added: 0, updated: 1, unchanged: 1 });
      const rows = await db.query<{
        id: string;
        state: string;
        tags: string[];
        raw: unknown;
        created_at: Date;
      }>(`SELECT id, state, tags, raw, created_at FROM ${schema}.work_items ORDER BY id`);
      expect(rows.map((r) => [r.id, r.state, r.tags])).toEqual([
        ['A-1', 'Active', ['a', 'b']],
        ['A-2', 'New', []],
      ]);
      expect(rows[0]!.raw).toEqual({ 'System.Title': 'Item A-1' });
      expect(rows[0]!.created_at.toISOString()).toBe('2024-01-01T10:00:00.000Z');
    });

    it('writes history once however often it is re-read', async () => {
      await setup();
      const changes = [stateChange('A-1', '0', 'New', null), stateChange('A-1', '1', 'Active', 'New')];
      const items = [item({ id: 'A-1', numericId: 1 })];
      expect((await writePage(db, schema, 'A', page({ items, stateChanges: changes }))).historyRows).toBe(2);
      expect((await writePage(db, schema, 'A', page({ items, stateChanges: changes }))).historyRows).toBe(0);
      const [count] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${schema}.change_history`);
      expect(count!.n).toBe(2);
    });

    it('keeps a moved item as one row and carries its history and links to the new key', async () => {
      await setup();
      await writePage(
        db,
        schema,
        'A',
        page({
          items: [item({ id: 'A-1', numericId: 10 }), item({ id: 'A-2', numericId: 11, parentId: 'A-1' })],
          stateChanges: [stateChange('A-1', '0', 'New', null)],
          relations: [{ sourceId: 'A-2', targetId: 'A-1', relationType: 'parent', relationRaw: 'parent' }],
          relationsOf: ['A-2'],
        }),
      );
      await writePage(db, schema, 'B', page({ items: [item({ id: 'B-7', numericId: 10, project: 'B' })] }));
      const items = await db.query<{ id: string; project: string }>(
        `SELECT id, project FROM ${schema}.work_items WHERE numeric_id = 10`,
      );
      expect(items).toEqual([{ id: 'B-7', project: 'B' }]);
      const history = await db.query<{ item_id: string }>(`SELECT item_id FROM ${schema}.change_history`);
      expect(history).toEqual([{ item_id: 'B-7' }]);
      const links = await db.query<{ target_id: string }>(`SELECT target_id FROM ${schema}.relations`);
      expect(links).toEqual([{ target_id: 'B-7' }]);
      const [child] = await db.query<{ parent_id: string }>(
        `SELECT parent_id FROM ${schema}.work_items WHERE id = 'A-2'`,
      );
      expect(child!.parent_id).toBe('B-7');
    });

    it('replaces the relations of re-read items and marks deletions without removing rows', async () => {
      await setup();
      const items = [item({ id: 'A-1', numericId: 1 }), item({ id: 'A-2', numericId: 2 })];
      const link = {
        sourceId: 'A-1',
        targetId: 'A-2',
        relationType: 'related' as const,
        relationRaw: 'Relates',
      };
      await writePage(db, schema, 'A', page({ items, relations: [link], relationsOf: ['A-1'] }));
      await writePage(db, schema, 'A', page({ items: [items[0]!], relations: [], relationsOf: ['A-1'] }));
      expect(await db.query(`SELECT * FROM ${schema}.relations`)).toEqual([]);
      const result = await writePage(
        db,
        schema,
        'A',
        page({ deletions: [{ numericId: 2, deletedAt: new Date('2024-02-01T00:00:00Z') }] }),
      );
      expect(result.deleted).toBe(1);
      const rows = await db.query<{ id: string; deleted: boolean }>(
        `SELECT id, deleted_at IS NOT NULL AS deleted FROM ${schema}.work_items ORDER BY id`,
      );
      expect(rows).toEqual([
        { id: 'A-1', deleted: false },
        { id: 'A-2', deleted: true },
      ]);
      // Seen again at the source (restored): no longer deleted.
      await writePage(db, schema, 'A', page({ items: [items[1]!] }));
      const [restored] = await db.query<{ deleted_at: Date | null }>(
        `SELECT deleted_at FROM ${schema}.work_items WHERE id = 'A-2'`,
      );
      expect(restored!.deleted_at).toBeNull();
    });

    it('leaves links and sprints that did not change as they are when their items are read again', async () => {
      await setup();
      const items = [
        item({ id: 'A-1', numericId: 1 }),
        item({ id: 'A-2', numericId: 2 }),
        item({ id: 'A-3', numericId: 3 }),
      ];
      const relates = {
        sourceId: 'A-1',
        targetId: 'A-2',
        relationType: 'related' as const,
        relationRaw: 'Relates',
      };
      const blocks = {
        sourceId: 'A-1',
        targetId: 'A-3',
        relationType: 'blocks' as const,
        relationRaw: 'Blocks',
      };
      const sprint = {
        id: '7',
        name: 'Sprint 7',
        path: null,
        board: 'Board',
        team: null,
        state: 'active',
        startAt: new Date('2024-01-01T00:00:00Z'),
        finishAt: new Date('2024-01-14T00:00:00Z'),
        isCurrent: true,
        raw: { id: 7 },
      };
      const first = await writePage(
        db,
        schema,
        'A',
        page({ items, relations: [relates, blocks], relationsOf: ['A-1'], sprints: [sprint] }),
      );
      expect(first.relationRows).toBe(2);
      const stamps = () =>
        db.query<{ key: string; synced_at: Date }>(
          `SELECT target_id AS key, synced_at FROM ${schema}.relations
           UNION ALL SELECT 'sprint ' || id, synced_at FROM ${schema}.sprints ORDER BY 1`,
        );
      const before = await stamps();
      await db.query('SELECT pg_sleep(0.01)');
      // Read again: one link gone, one the same, and the sprint the same.
      const again = await writePage(
        db,
        schema,
        'A',
        page({ items: [items[0]!], relations: [relates], relationsOf: ['A-1'], sprints: [sprint] }),
      );
      expect(again.relationRows).toBe(0);
      expect(await stamps()).toEqual(before.filter((row) => row.key !== 'A-3'));
      // A changed link type and a changed sprint are written.
      const changed = await writePage(
        db,
        schema,
        'A',
        page({
          items: [items[0]!],
          relations: [{ ...relates, relationType: 'duplicate' as const }],
          relationsOf: ['A-1'],
          sprints: [{ ...sprint, state: 'closed', isCurrent: false }],
        }),
      );
      expect(changed.relationRows).toBe(1);
      const after = await stamps();
      expect(after.map((row) => row.key)).toEqual(['A-2', 'sprint 7']);
      for (const [k, row] of after.entries())
        expect(row.synced_at.getTime()).toBeGreaterThan(before[k]!.synced_at.getTime());
    });

    it('writes the cursor with its page, and neither when the page fails', async () => {
      await setup();
      await writePage(
        db,
        schema,
        'A',
        page({ items: [item({ id: 'A-1', numericId: 1 })], cursor: cursor('2024-01-05T00:00:00.000Z') }),
      );
      expect((await readCursor(db, schema, 'A'))?.watermark).toBe('2024-01-05T00:00:00.000Z');
      // A row that violates a constraint makes the whole page fail: neither rows nor cursor are written.
      const bad = page({
        items: [
          item({ id: 'A-3', numericId: 3 }),
          item({ id: 'A-4', numericId: 4, severity: 'P9' as never }),
        ],
        cursor: cursor('2024-02-01T00:00:00.000Z'),
      });
      await expect(writePage(db, schema, 'A', bad)).rejects.toThrow();
      expect((await readCursor(db, schema, 'A'))?.watermark).toBe('2024-01-05T00:00:00.000Z');
      const [count] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${schema}.work_items`);
      expect(count!.n).toBe(1);
    });

    it('records failures for retry and runs with their figures for status', async () => {
      await setup();
      const empty = await readPlatformStatus(db, 'jira', schema);
      expect(empty).toMatchObject({ migrated: true, workItems: 0, scopes: [] });
      const runId = await startRun(db, schema, 'A', 'full');
      await writePage(
        db,
        schema,
        'A',
        page({
          items: [item({ id: 'A-1', numericId: 1, project: 'A' })],
          failures: [{ itemId: 'A-9', reason: 'no status' }],
          sourceCount: 2,
        }),
      );
      await finishRun(db, schema, 'A', runId, 'success', {
        ...emptyFigures(),
        itemsFetched: 2,
        itemsAdded: 1,
        apiRequests: 3,
        sourceCount: 2,
      });
      const status = await readPlatformStatus(db, 'jira', schema);
      expect(status.scopes).toHaveLength(1);
      expect(status.scopes[0]).toMatchObject({
        project: 'A',
        sourceCount: 2,
        storedCount: 1,
        apiRequests: 3,
        lastRunOutcome: 'success',
        lastError: null,
      });
      expect(status.scopes[0]!.lastSuccessAt).toBeInstanceOf(Date);
      const failures = await db.query<{ item_id: string; reason: string }>(
        `SELECT item_id, reason FROM ${schema}.sync_failures`,
      );
      expect(failures).toEqual([{ item_id: 'A-9', reason: 'no status' }]);
      // Stored on a later page: its failure is cleared with that page.
      await writePage(db, schema, 'A', page({ items: [item({ id: 'A-9', numericId: 9, project: 'A' })] }));
      expect(await db.query(`SELECT item_id FROM ${schema}.sync_failures`)).toEqual([]);
    });
  });

  describe(`status on ${backend.name}`, () => {
    it('is meaningful on an empty, unmigrated database', async () => {
      const { db, drop } = await backend.create();
      try {
        expect(await readPlatformStatus(db, 'ado', 'public')).toMatchObject({ migrated: false, scopes: [] });
      } finally {
        await drop();
      }
    });
  });
}
