import { describe, expect, it } from 'vitest';
import { startAdoSim } from '../../sim/ado/index.js';
import { syncPlatform } from '../../src/sync/run-once.js';
import { backends, simulatorAndDatabase } from '../support/databases.js';
import { connectorFor, expectEqualToTruth, logs, schema, sync } from './sync-support.js';

for (const backend of backends()) {
  describe(`Azure DevOps sync on ${backend.name}`, () => {
    const open = simulatorAndDatabase(backend);
    const setup = (items: number, projects?: string[], limits?: { wiqlMaxResults: number }) =>
      open(() =>
        startAdoSim({ items, seed: 21, ...(projects ? { projects } : {}), ...(limits ? { limits } : {}) }),
      );

    it('a full sync equals the truth: every type, revision, link, deletion and sprint; nothing changed costs at most 3 requests per project', async () => {
      const { sim, db } = await setup(400);
      const { results } = await sync(db, sim);
      expect(results.every((r) => r.outcome === 'success')).toBe(true);
      const truth = await expectEqualToTruth(db, sim);
      expect(Math.max(...truth.map((t) => t.revisions?.length ?? 0))).toBeGreaterThan(150);
      const types = await db.query<{ t: string }>(
        `SELECT DISTINCT work_item_type AS t FROM ${schema}.work_items ORDER BY 1`,
      );
      expect(types.length).toBeGreaterThanOrEqual(7);
      const sprints = await db.query<{ current: number }>(
        `SELECT count(*) FILTER (WHERE is_current) AS current FROM ${schema}.sprints`,
      );
      expect(sprints[0]!.current).toBeGreaterThan(0);
      const status = await db.query<{ source_count: number; stored_count: number }>(
        `SELECT source_count, stored_count FROM ${schema}.sync_status`,
      );
      for (const s of status) expect(s.source_count).toBe(s.stored_count);

      const again = await sync(db, sim);
      expect(again.requests.total).toBeLessThanOrEqual(3 * sim.projects.length);
    });

    it('one incremental sync brings edits, re-opens, moves, deletions, destroys, links and new items', async () => {
      const { sim, db } = await setup(300);
      await sync(db, sim);
      const [a, b, c, d, e, f] = sim.control.ids().slice(10, 16);
      sim.control.advanceClock(60_000);
      sim.control.updateFields(a!, { 'System.Title': 'Edited ✓', 'System.Tags': 'x; y' });
      sim.control.changeState(b!, 'Closed');
      sim.control.changeState(b!, 'Active');
      const item = sim.control.truth(c!)!;
      const other = sim.projects.find((p) => p !== item.project)!;
      sim.control.moveItem(c!, other);
      sim.control.deleteItem(d!);
      sim.control.destroyItem(e!);
      sim.control.addRelation(f!, 'System.LinkTypes.Related', a!);
      const created = sim.control.createItem({ type: 'Bug', project: sim.projects[0]!, title: 'Fresh bug' });
      sim.control.advanceClock(60_000);

      const { requests } = await sync(db, sim);
      await expectEqualToTruth(db, sim);
      expect(requests.total).toBeLessThan(25);
      const [destroyed] = await db.query<{ deleted: boolean }>(
        `SELECT deleted_at IS NOT NULL AS deleted FROM ${schema}.work_items WHERE numeric_id = $1`,
        [e],
      );
      expect(destroyed!.deleted).toBe(true);
      const [moved] = await db.query<{ project: string }>(
        `SELECT project FROM ${schema}.work_items WHERE numeric_id = $1`,
        [c],
      );
      expect(moved!.project).toBe(other);
      const [fresh] = await db.query<{ title: string }>(
        `SELECT title FROM ${schema}.work_items WHERE numeric_id = $1`,
        [created.id],
      );
      expect(fresh!.title).toBe('Fresh bug');
      const reopened = await db.query<{ to_state: string }>(
        `SELECT to_state FROM ${schema}.change_history WHERE item_id = $1 ORDER BY change_id::int DESC LIMIT 2`,
        [String(b)],
      );
      expect(reopened.map((r) => r.to_state)).toEqual(['Active', 'Closed']);
    });

    it('a run stopped mid-stream, with values of unfinished items only in memory, resumes with exact history', async () => {
      const { sim, db } = await setup(400);
      const env = { ADO_PROJECT: '*' };
      await syncPlatform(db, schema, connectorFor(sim, env), {
        full: false,
        signal: new AbortController().signal,
        logger: logs.main,
      });
      // Three rounds of edits over every item: more revisions than a page of 1,000, so that the first page ends with items whose newest revision there is superseded.
      const ids = sim.control.ids();
      for (const round of [1, 2, 3]) {
        sim.control.advanceClock(60_000);
        for (const id of ids) sim.control.updateFields(id, { 'System.Title': `Round ${round} of ${id}` });
      }
      sim.control.advanceClock(60_000);
      const controller = new AbortController();
      const stopped = await syncPlatform(db, schema, connectorFor(sim, env), {
        full: false,
        signal: controller.signal,
        logger: logs.main,
        onPage: () => controller.abort(),
      });
      expect(stopped.map((r) => r.outcome)).not.toEqual(['success']);
      // item_states now lags behind field_history for the items whose newer revisions were carried.
      const [lagging] = await db.query<{ n: number }>(
        `SELECT count(*) AS n FROM ${schema}.item_states s
          WHERE s.rev < (SELECT max(change_id::int) FROM ${schema}.field_history f WHERE f.item_id = s.item_id)`,
      );
      expect(lagging?.n).toBeGreaterThan(0);

      const resumed = await syncPlatform(db, schema, connectorFor(sim, env), {
        full: false,
        signal: new AbortController().signal,
        logger: logs.main,
      });
      expect(resumed.map((r) => r.outcome)).toEqual(['success']);
      await expectEqualToTruth(db, sim);
      // Each field change starts from the value the one before it ended with.
      const breaks = await db.query<{ item_id: string; field: string; change_id: string }>(
        `SELECT item_id, field, change_id FROM (
           SELECT item_id, field, change_id, from_value,
                  lag(to_value) OVER (PARTITION BY item_id, field ORDER BY change_id::int) AS before,
                  row_number() OVER (PARTITION BY item_id, field ORDER BY change_id::int) AS n
             FROM ${schema}.field_history) h
          WHERE n > 1 AND from_value IS DISTINCT FROM before`,
      );
      expect(breaks).toEqual([]);
      const [behind] = await db.query<{ n: number }>(
        `SELECT count(*) AS n FROM ${schema}.work_items w JOIN ${schema}.item_states s ON s.item_id = w.id
          WHERE s.rev <> (w.raw->>'System.Rev')::int`,
      );
      expect(behind?.n).toBe(0);
    });

    it('keeps going when an item moved in from a project it does not sync is deleted before it reads its history', async () => {
      const { sim, db } = await setup(120);
      const [synced, other] = sim.projects as [string, string];
      const outsider = sim.control.ids().find((id) => sim.control.truth(id)!.project === other)!;
      sim.control.advanceClock(60_000);
      sim.control.moveItem(outsider, synced);
      sim.control.deleteItem(outsider);
      const connector = connectorFor(sim, { ADO_PROJECT: synced, ADO_SCRUM_PROJECT: '' });
      const results = await syncPlatform(db, schema, connector, {
        full: false,
        signal: new AbortController().signal,
        logger: logs.main,
      });
      expect(results.map((r) => r.outcome)).toEqual(['success']);
      const [row] = await db.query<{ deleted: boolean }>(
        `SELECT deleted_at IS NOT NULL AS deleted FROM ${schema}.work_items WHERE numeric_id = $1`,
        [outsider],
      );
      expect(row?.deleted ?? true).toBe(true);
    });

    it('with ADO_PROJECT=* reads one organisation stream: equals the truth, moved items cost no per-item reads', async () => {
      const { sim, db } = await setup(400);
      const connector = () => connectorFor(sim, { ADO_PROJECT: '*' });
      const run = async () => {
        const c = connector();
        const results = await syncPlatform(db, schema, c, {
          full: false,
          signal: new AbortController().signal,
          logger: logs.main,
        });
        return { results, requests: c.requests };
      };
      const scope = `org:${sim.env().ADO_ORGANIZATION}`;
      const first = await run();
      expect(first.results.map((r) => [r.project, r.outcome])).toEqual([[scope, 'success']]);
      const truth = await expectEqualToTruth(db, sim);
      const movedItems = truth.filter(
        (t) => new Set(t.revisions?.map((r) => r.fields['System.TeamProject'])).size > 1,
      );
      expect(movedItems.length).toBeGreaterThan(0);
      expect(first.requests.byEndpoint.get('wit/workitems/revisions') ?? 0).toBe(0);
      // Items of every project, each under its own project name; the source count is the organisation's.
      const projects = await db.query<{ project: string }>(
        `SELECT DISTINCT project FROM ${schema}.work_items ORDER BY 1`,
      );
      expect(projects.map((p) => p.project)).toEqual([...sim.projects].sort());
      const [status] = await db.query<{ project: string; source_count: number; stored_count: number }>(
        `SELECT project, source_count, stored_count FROM ${schema}.sync_status`,
      );
      expect(status).toMatchObject({ project: scope, source_count: sim.control.ids().length });
      expect(status!.stored_count).toBe(status!.source_count);

      const nothing = await run();
      expect(nothing.requests.total).toBeLessThanOrEqual(3 * sim.projects.length);

      const [a, b] = sim.control.ids().slice(20, 22);
      sim.control.advanceClock(60_000);
      const other = sim.projects.find((p) => p !== sim.control.truth(a!)!.project)!;
      sim.control.moveItem(a!, other);
      sim.control.changeState(a!, 'Closed');
      sim.control.deleteItem(b!);
      sim.control.advanceClock(60_000);
      const after = await run();
      expect(after.requests.byEndpoint.get('wit/workitems/revisions') ?? 0).toBe(0);
      await expectEqualToTruth(db, sim);
      const [moved] = await db.query<{ project: string; n: number }>(
        `SELECT project, (SELECT count(*)::int FROM ${schema}.work_items WHERE numeric_id = $1) AS n
           FROM ${schema}.work_items WHERE numeric_id = $1`,
        [a],
      );
      expect(moved).toEqual({ project: other, n: 1 });
    });

    it('takes its census in keyset windows below the WIQL cap, so a project above the cap syncs completely', async () => {
      const { sim, db } = await setup(700, ['Solo'], { wiqlMaxResults: 300 });
      await sync(db, sim, { wiqlWindow: 299 });
      await expectEqualToTruth(db, sim);
      const [status] = await db.query<{ source_count: number }>(
        `SELECT source_count FROM ${schema}.sync_status`,
      );
      expect(status!.source_count).toBe(sim.control.ids().length);
      expect(status!.source_count).toBeGreaterThan(300);
    });

    it('rides out 429 and 5xx without losing anything', async () => {
      const { sim, db } = await setup(150);
      sim.faults.add({ kind: 'rate-limit', retryAfterSeconds: 0, count: 2 });
      sim.faults.add({ kind: 'server-error', status: 503, count: 2, path: 'reporting' });
      const { requests } = await sync(db, sim);
      expect(requests.retries).toBe(4);
      await expectEqualToTruth(db, sim);
    });

    it('ends the run at once on a bad PAT, naming ADO_PERSONAL_ACCESS_TOKEN and never its value', async () => {
      const { sim, db } = await setup(20);
      const connector = connectorFor(sim, { ADO_PERSONAL_ACCESS_TOKEN: 'wrong-pat-value' });
      const error = await syncPlatform(db, schema, connector, {
        full: false,
        signal: new AbortController().signal,
        logger: logs.main,
      }).catch((e: unknown) => e as Error);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/ADO_PERSONAL_ACCESS_TOKEN/);
      expect((error as Error).message).not.toContain('wrong-pat-value');
      expect(connector.requests.total).toBe(1);
    });
  });
}
