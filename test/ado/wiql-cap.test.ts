import { describe, expect, it } from 'vitest';
import { startAdoSim } from '../../sim/ado/index.js';
import { migrate } from '../../src/store/migrate.js';
import { backends, simulatorAndDatabase } from '../support/databases.js';
import { expectEqualToTruth, schema, sync } from './sync-support.js';

for (const backend of backends()) {
  describe(`Azure DevOps census on a server with a WIQL cap of 10, on ${backend.name}`, () => {
    const open = simulatorAndDatabase(backend);

    it('shrinks its windows to the cap VS402337 names, once for all projects, and ends equal to the truth', async () => {
      const { sim, db } = await open(() => startAdoSim({ items: 120, seed: 21 }));
      // The same sync with the default cap, into a database of its own: the baseline.
      const other = await backend.create();
      try {
        await migrate(other.db, { adoSchema: 'public', jiraSchema: 'jira_sync' });
        const baseline = await sync(other.db, sim);

        expect(sim.control.setLimits({ wiqlMaxResults: 10 }).wiqlMaxResults).toBe(10);
        const { results, requests } = await sync(db, sim);
        expect(results.map((r) => r.outcome)).toEqual(sim.projects.map(() => 'success'));
        await expectEqualToTruth(db, sim);
        const status = await db.query<{ project: string; source_count: number; stored_count: number }>(
          `SELECT project, source_count, stored_count FROM ${schema}.sync_status ORDER BY project`,
        );
        const perProject = sim.projects.map(
          (p) =>
            sim.control.ids().filter((id) => sim.control.truth(id, { revisions: false })!.project === p)
              .length,
        );
        expect(status.map((s) => s.source_count).sort()).toEqual([...perProject].sort());
        for (const s of status) expect(s.stored_count).toBe(s.source_count);

        // The minimum: per project, its ids in windows of 10 plus the short (or empty) one that ends
        // the census; one refused window in all, the cap being remembered for the next project.
        const windows = perProject.reduce((n, count) => n + Math.floor(count / 10) + 1, 0);
        expect(requests.byEndpoint.get('wit/wiql')).toBe(windows + 1);
        expect(requests.total - baseline.requests.total).toBe(windows + 1 - sim.projects.length);
        expect(requests.retries).toBe(0);
      } finally {
        await other.drop();
      }
    });
  });
}
