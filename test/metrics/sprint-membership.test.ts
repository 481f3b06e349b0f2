import { describe, expect, it } from 'vitest';
import { startAdoSim } from '../../sim/ado/index.js';
import { startJiraSim } from '../../sim/jira/index.js';
import { parseConfig } from '../../src/config/schema.js';
import { AdoConnector } from '../../src/connectors/azure-devops/connector.js';
import type { Connector } from '../../src/connectors/connector.js';
import { JiraConnector } from '../../src/connectors/jira/connector.js';
import type { Db } from '../../src/store/db.js';
import { backends, simulatorAndDatabase } from '../support/databases.js';
import { silentLogs, syncPass } from '../support/sync-pass.js';

const logs = silentLogs;

const syncAll = (db: Db, schema: string, connector: Connector) => syncPass(db, schema, connector);

/** The (item, sprint) pairs still open in sprint_items (deleted items keep theirs, as their other rows), and how many items were in two sprints or more. */
async function membership(db: Db, schema: string) {
  const open = await db.query<{ pair: string }>(
    `SELECT m.item_id || '|' || m.sprint_id AS pair FROM ${schema}.sprint_items m
       JOIN ${schema}.work_items w ON w.id = m.item_id AND w.deleted_at IS NULL
      WHERE m.removed_at IS NULL ORDER BY 1`,
  );
  const [several] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM (SELECT item_id FROM ${schema}.sprint_items GROUP BY item_id
       HAVING count(DISTINCT sprint_id) > 1) x`,
  );
  const [velocity] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${schema}.sprint_velocity`);
  return { open: open.map((r) => r.pair), several: several!.n, velocity: velocity!.n };
}

// Generated data, synced whole: membership agrees with each item's current sprint field / iteration
// path, and items carried over belong to several sprints in turn. One backend: the SQL is the same.
const backend = backends()[0]!;
describe(`sprint membership of the generated data on ${backend.name}`, () => {
  const open = simulatorAndDatabase(backend);

  it('Jira: the open memberships are the sprint field of each issue; carried-over issues were in several', async () => {
    const { sim, db } = await open(() => startJiraSim({ items: 300, seed: 5 }));
    await syncAll(db, 'jira_sync', new JiraConnector(parseConfig(sim.env()).jira!, { logger: logs.main }));
    const expected = sim.control
      .truth({ changelog: false })
      .filter((t) => !t.deleted)
      .flatMap((t) =>
        ((t.fields.customfield_10020 as { id: number }[] | null) ?? []).map((s) => `${t.key}|${s.id}`),
      )
      .sort();
    const got = await membership(db, 'jira_sync');
    expect(expected.length).toBeGreaterThan(20);
    expect(got.open).toEqual(expected);
    expect(got.several).toBeGreaterThan(0);
    expect(got.velocity).toBeGreaterThan(0);
  });

  it('Azure DevOps: the open memberships are the items on a team sprint path; carried-over items were in several', async () => {
    const { sim, db } = await open(() => startAdoSim({ items: 300, seed: 5 }));
    await syncAll(db, 'public', new AdoConnector(parseConfig(sim.env()).ado!, { logger: logs.main }));
    const sprints = await db.query<{ id: string; path: string }>(`SELECT id, path FROM public.sprints`);
    const byPath = new Map(sprints.map((s) => [s.path, s.id]));
    const expected = sim.control
      .truthAll()
      .filter((t) => !t.deleted && byPath.has(String(t.fields['System.IterationPath'])))
      .map((t) => `${t.id}|${byPath.get(String(t.fields['System.IterationPath']))}`)
      .sort();
    const got = await membership(db, 'public');
    expect(expected.length).toBeGreaterThan(20);
    expect(got.open).toEqual(expected);
    expect(got.several).toBeGreaterThan(0);
    expect(got.velocity).toBeGreaterThan(0);
  });
});
