import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import type { Db, Statement } from '../../src/store/db.js';
import { openPostgres } from '../../src/store/postgres.js';
import { backends } from '../support/databases.js';

const create: Statement = { sql: 'CREATE TABLE t (n integer PRIMARY KEY, label text NOT NULL)', params: [] };
const insert = (n: number, label: string | null): Statement => ({
  sql: 'INSERT INTO t (n, label) VALUES ($1, $2) RETURNING n, label',
  params: [n, label],
});
const count = async (db: Db) => (await db.query<{ n: number }>('SELECT count(*) AS n FROM t'))[0]?.n;

// PGlite runs a batch in its one connection; PostgreSQL in the writer thread, as worksync opens it.
for (const backend of backends()) {
  describe(`write batches on ${backend.name}`, () => {
    let drop: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await drop?.();
      drop = undefined;
    });
    const open = async () => {
      const created = await backend.create();
      drop = created.drop;
      await created.db.writeBatch([create]);
      return created.db;
    };

    it('runs the statements in order in one transaction and answers each one rows', async () => {
      const db = await open();
      const result = await db.writeBatch([
        insert(1, 'one'),
        insert(2, 'two'),
        { sql: 'UPDATE t SET label = upper(label) WHERE n = $1 RETURNING label', params: [1] },
        { sql: 'SELECT n FROM t ORDER BY n', params: [] },
      ]);
      expect(result.rows).toEqual([
        [{ n: 1, label: 'one' }],
        [{ n: 2, label: 'two' }],
        [{ label: 'ONE' }],
        [{ n: 1 }, { n: 2 }],
      ]);
      expect(result.transactionMs).toBeGreaterThan(0);
      expect(await count(db)).toBe(2);
    });

    it('commits nothing of a batch whose statement fails, and says why', async () => {
      const db = await open();
      await db.writeBatch([insert(1, 'one')]);
      const failing = db.writeBatch([insert(2, 'two'), insert(3, null)]);
      await expect(failing).rejects.toThrow(/null value in column "label"/);
      if (backend.name === 'postgres') {
        const error = await failing.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreError);
        expect((error as StoreError).cause).toMatchObject({ code: '23502' });
      }
      expect(await count(db)).toBe(1);
      // The connection is usable again after the rollback.
      await db.writeBatch([insert(2, 'two')]);
      expect(await count(db)).toBe(2);
    });

    it('runs batches of several callers at once, each in its own transaction', async () => {
      const db = await open();
      const batches = Array.from({ length: 6 }, (_, k) =>
        db.writeBatch(Array.from({ length: 50 }, (_, i) => insert(k * 100 + i, `k${k}`))),
      );
      const results = await Promise.all(batches);
      expect(results.map((r) => r.rows.length)).toEqual([50, 50, 50, 50, 50, 50]);
      expect(await count(db)).toBe(300);
    });

    it('finishes the batches in flight before closing', async () => {
      const created = await backend.create();
      drop = created.drop;
      const { db } = created;
      await db.writeBatch([create]);
      const slow = db.writeBatch([{ sql: 'SELECT pg_sleep(0.3)', params: [] }, insert(1, 'late')]);
      // Closing while the batch runs: it is committed, then the connections close.
      const closed = created.drop();
      drop = undefined;
      expect((await slow).rows[1]).toEqual([{ n: 1, label: 'late' }]);
      await closed;
    });
  });
}

// The writer thread's own failure: a batch too large for its heap is written by the calling thread.
const url = process.env.TEST_DATABASE_URL;
if (url) {
  describe('the writer thread', () => {
    it('writes a batch too large for its heap in the calling thread, and keeps working after', async () => {
      const created = await backends()
        .find((b) => b.name === 'postgres')!
        .create();
      const stops: string[] = [];
      const db = await openPostgres({ connectionString: created.url! }, 'small thread', {
        writerThread: { heapMb: 16, onStopped: (reason) => stops.push(reason) },
      });
      try {
        await db.writeBatch([create]);
        // 24 MB of two-byte text in the thread: beyond a 16 MB heap.
        const big = '€'.repeat(12_000_000);
        const result = await db.writeBatch([insert(1, big)]);
        expect(stops).toEqual([expect.stringMatching(/memory/i)]);
        expect(result.rows[0]).toHaveLength(1);
        const [row] = await db.query<{ size: number }>('SELECT length(label) AS size FROM t WHERE n = 1');
        expect(row!.size).toBe(big.length);
        // A new thread takes the next batch.
        await db.writeBatch([insert(2, 'small')]);
        expect(await count(db)).toBe(2);
      } finally {
        await db.close();
        await created.drop();
      }
    });
  });
}
