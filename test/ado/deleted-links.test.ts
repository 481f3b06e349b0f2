import { describe, expect, it } from 'vitest';
import { type AdoSim, startAdoSim } from '../../sim/ado/index.js';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { backends, simulatorAndDatabase } from '../support/databases.js';
import { expectEqualToTruth, schema, sync } from './sync-support.js';

const LINK = /^System\.LinkTypes\./;

/** Every row of `relations`, as text. */
async function relations(db: Db): Promise<string[]> {
  const rows = await db.query<{ row: string }>(
    `SELECT source_id || '>' || target_id || ' ' || relation_type || ' ' || relation_raw AS row
       FROM ${schema}.relations ORDER BY 1`,
  );
  return rows.map((r) => r.row);
}

/** Rows of `relations` with the item at either end. */
const touching = (rows: string[], id: number) =>
  rows.filter((r) => r.startsWith(`${id}>`) || r.split(' ')[0]!.endsWith(`>${id}`));

/** Live items with at least `n` work item links to other live items. */
function linkedItems(sim: AdoSim, n: number): number[] {
  const live = new Set(sim.control.ids());
  return sim.control
    .truthAll({ revisions: false })
    .filter(
      (t) =>
        live.has(t.id) &&
        (t.relations as { rel: string; url: string }[]).filter(
          (r) => LINK.test(r.rel) && live.has(Number(r.url.split('/').pop())),
        ).length >= n,
    )
    .map((t) => t.id);
}

for (const backend of backends()) {
  describe(`Azure DevOps links of deleted items, on ${backend.name}`, () => {
    const open = simulatorAndDatabase(backend);

    it('leave relations on delete (both directions, incremental and full alike) and come back on restore', async () => {
      const { sim, db } = await open(() => startAdoSim({ items: 300, seed: 21 }));
      /** `relations` of a fresh sync into a database of its own. */
      const fresh = async () => {
        const other = await backend.create();
        try {
          await migrate(other.db, { adoSchema: 'public', jiraSchema: 'jira_sync' });
          await sync(other.db, sim);
          return await relations(other.db);
        } finally {
          await other.drop();
        }
      };
      await sync(db, sim);
      const [gone, back] = linkedItems(sim, 2);
      expect(gone && back).toBeTruthy();
      const before = await relations(db);
      expect(touching(before, gone!).length).toBeGreaterThanOrEqual(4);
      expect(touching(before, back!).length).toBeGreaterThanOrEqual(4);

      sim.control.advanceClock(60_000);
      sim.control.deleteItem(gone!);
      sim.control.deleteItem(back!);
      sim.control.advanceClock(60_000);
      await sync(db, sim);
      const afterDelete = await relations(db);
      // No survivor points to a deleted item any more, and the deleted items point nowhere.
      expect(touching(afterDelete, gone!)).toEqual([]);
      expect(touching(afterDelete, back!)).toEqual([]);
      expect(afterDelete).toEqual(await fresh());
      await expectEqualToTruth(db, sim);

      sim.control.advanceClock(60_000);
      sim.control.restoreItem(back!);
      sim.control.advanceClock(60_000);
      const { requests } = await sync(db, sim);
      // One read of the restored item's relations.
      expect(requests.byEndpoint.get('wit/workitemsbatch') ?? 0).toBe(1);
      const afterRestore = await relations(db);
      expect(touching(afterRestore, back!).sort()).toEqual(
        touching(before, back!).filter((r) => !r.includes(`${gone}>`) && !r.includes(`>${gone} `)),
      );
      expect(afterRestore).toEqual(await fresh());
      await expectEqualToTruth(db, sim);

      // Nothing changed: nothing read again.
      const again = await sync(db, sim);
      expect(again.requests.total).toBeLessThanOrEqual(3 * sim.projects.length);
      expect(await relations(db)).toEqual(afterRestore);
    });
  });
}
