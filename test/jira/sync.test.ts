import { describe, expect, it } from 'vitest';
import { type JiraSim, startJiraSim } from '../../sim/jira/index.js';
import { parseConfig } from '../../src/config/schema.js';
import { JiraConnector } from '../../src/connectors/jira/connector.js';
import { Logs } from '../../src/log/logger.js';
import type { Db } from '../../src/store/db.js';
import { storedItems } from '../../src/store/scope-view.js';
import { readCursor, writePage } from '../../src/store/writers/page.js';
import { syncPlatform } from '../../src/sync/run-once.js';
import { backends, simulatorAndDatabase } from '../support/databases.js';
import { expectedItems, expectedLinks, expectedStates } from '../support/jira-truth.js';

const schema = 'jira_sync';
const logs = new Logs({ logDir: '/tmp', level: 'silent', secrets: [], pretty: false });

function connectorFor(sim: JiraSim, batchSize?: number) {
  const config = parseConfig(sim.env());
  return new JiraConnector(config.jira!, {
    logger: logs.main,
    http: { backoffBaseMs: 5 },
    ...(batchSize !== undefined ? { batchSize } : {}),
  });
}

async function sync(db: Db, sim: JiraSim, options: { full?: boolean; batchSize?: number } = {}) {
  const connector = connectorFor(sim, options.batchSize);
  const results = await syncPlatform(db, schema, connector, {
    full: options.full ?? false,
    signal: new AbortController().signal,
    logger: logs.main,
  });
  return { results, requests: connector.requests };
}

async function expectEqualToTruth(db: Db, sim: JiraSim) {
  const truth = sim.control.truth();
  const items = await db.query<Record<string, unknown>>(
    `SELECT id, numeric_id, project, work_item_type, title, state, priority, assigned_to, tags, parent_id, created_at
       FROM ${schema}.work_items WHERE deleted_at IS NULL ORDER BY numeric_id`,
  );
  const actual = items.map((r) => ({
    ...r,
    tags: [...(r.tags as string[])].sort(),
    created_at: (r.created_at as Date).getTime(),
  }));
  expect(actual).toEqual(expectedItems(truth));

  const history = await db.query<{ item_id: string; to_state: string }>(
    `SELECT item_id, to_state FROM ${schema}.change_history ORDER BY item_id, changed_at, (split_part(change_id, '#', 1))::bigint, change_id`,
  );
  const states = new Map<string, string[]>();
  for (const row of history) states.set(row.item_id, [...(states.get(row.item_id) ?? []), row.to_state]);
  const expectedHistory = expectedStates(truth);
  for (const [key, sequence] of expectedHistory) expect(states.get(key), key).toEqual(sequence);

  const links = await db.query<{ link: string }>(
    `SELECT r.source_id || '>' || r.target_id AS link FROM ${schema}.relations r
       JOIN ${schema}.work_items s ON s.id = r.source_id AND s.deleted_at IS NULL
       JOIN ${schema}.work_items t ON t.id = r.target_id AND t.deleted_at IS NULL
      WHERE r.relation_type NOT IN ('parent', 'child') ORDER BY 1`,
  );
  expect([...new Set(links.map((l) => l.link))].sort()).toEqual(expectedLinks(truth));
  return truth;
}

for (const backend of backends()) {
  describe(`Jira sync on ${backend.name}`, () => {
    const open = simulatorAndDatabase(backend);
    const setup = (items: number) => open(() => startJiraSim({ items, seed: 11 }));

    it('a full sync equals the truth, long histories included; nothing changed costs at most 3 requests per project', async () => {
      const { sim, db } = await setup(400);
      const { results } = await sync(db, sim, { batchSize: 150 });
      expect(results.map((r) => r.outcome)).toEqual(['success', 'success', 'success']);
      const truth = await expectEqualToTruth(db, sim);
      const longest = Math.max(...truth.map((t) => t.changelog.length));
      expect(longest).toBeGreaterThan(150);
      const [counts] = await db.query<{ source: number; stored: number }>(
        `SELECT sum(source_count) AS source, sum(stored_count) AS stored FROM ${schema}.sync_status`,
      );
      expect(counts).toEqual({ source: truth.length, stored: truth.length });

      const again = await sync(db, sim);
      expect(again.requests.total).toBeLessThanOrEqual(3 * 3);
      expect(again.results.every((r) => r.figures.itemsAdded + r.figures.itemsUpdated === 0)).toBe(true);
    });

    it('one incremental sync brings changes, moves, deletions and new issues, with requests that grow with the changes', async () => {
      const { sim, db } = await setup(300);
      await sync(db, sim);
      const truth = sim.control.truth();
      const [a, b, c, d] = truth.filter((t) => t.fields.issuetype && !t.deleted).slice(5, 9);
      sim.control.advance(60_000);
      sim.control.updateIssue(a!.key, { summary: 'Changed title ✓', labels: ['changed'] });
      sim.control.transition(b!.key, 'Done');
      const moved = sim.control.moveIssue(c!.key, sim.projectKeys.find((k) => !c!.key.startsWith(k))!);
      sim.control.deleteIssue(d!.key);
      const created = sim.control.createIssue({
        projectKey: sim.projectKeys[0]!,
        summary: 'Brand new',
        issueType: 'Bug',
      });
      sim.control.advance(60_000);

      const { requests } = await sync(db, sim);
      await expectEqualToTruth(db, sim);
      // A handful of changes costs a handful of requests, not a re-read of the project.
      expect(requests.total).toBeLessThan(30);
      const [movedRow] = await db.query<{ id: string; n: number }>(
        `SELECT id, (SELECT count(*) FROM ${schema}.change_history WHERE item_id = w.id) AS n FROM ${schema}.work_items w WHERE numeric_id = $1`,
        [Number(moved.id)],
      );
      expect(movedRow!.id).toBe(moved.key);
      expect(movedRow!.n).toBeGreaterThan(0);
      const [deleted] = await db.query<{ deleted: boolean }>(
        `SELECT deleted_at IS NOT NULL AS deleted FROM ${schema}.work_items WHERE numeric_id = $1`,
        [Number(d!.id)],
      );
      expect(deleted!.deleted).toBe(true);
      const [fresh] = await db.query<{ title: string }>(
        `SELECT title FROM ${schema}.work_items WHERE id = $1`,
        [created.key],
      );
      expect(fresh!.title).toBe('Brand new');
    });

    it('an issue changed once sends only its new history rows, not its whole changelog again', async () => {
      const { sim, db } = await setup(200);
      await sync(db, sim);
      const [issue] = sim.control.truth().filter((t) => t.fields.issuetype && !t.deleted);
      const [before] = await db.query<{ updated_at: Date; n: number }>(
        `SELECT updated_at, (SELECT count(*) FROM ${schema}.field_history WHERE item_id = w.id) AS n
           FROM ${schema}.work_items w WHERE id = $1`,
        [issue!.key],
      );
      expect(before!.n).toBeGreaterThan(3);
      sim.control.advance(60_000);
      const movedAt = sim.control.now();
      const status = (issue!.fields.status as { name?: string } | undefined)?.name;
      sim.control.transition(issue!.key, status === 'Done' ? 'To Do' : 'Done');
      sim.control.advance(60_000);

      const connector = connectorFor(sim);
      const signal = new AbortController().signal;
      await connector.preflight();
      const project = issue!.key.split('-')[0]!;
      const pages = connector.syncScope({
        project,
        cursor: await readCursor(db, schema, project),
        full: false,
        stored: storedItems(db, schema, project),
        retryIds: [],
        signal,
      });
      const sent: { itemId: string; changedAt: Date }[] = [];
      for await (const page of pages) {
        sent.push(...page.stateChanges, ...page.fieldChanges);
        await writePage(db, schema, project, page);
      }
      // The new transition, and at most the entries of the instant of the stored `updated` again.
      const mine = sent.filter((row) => row.itemId === issue!.key);
      expect(mine.filter((row) => row.changedAt.getTime() >= movedAt).length).toBeGreaterThan(0);
      for (const row of mine)
        expect(row.changedAt.getTime()).toBeGreaterThanOrEqual(before!.updated_at.getTime());
      expect(mine.length).toBeLessThan(before!.n);
      await expectEqualToTruth(db, sim);
    });

    it('an issue type change reaches work_items and field_history, its mapped status change_history', async () => {
      const { sim, db } = await setup(80);
      const bug = sim.control.createIssue({
        projectKey: 'BETA',
        issueType: 'Bug',
        summary: 'Will be a task',
      });
      sim.control.advance(60_000);
      await sync(db, sim);
      sim.control.advance(60_000);
      sim.control.updateIssue(bug.key, { issueType: 'Task' });
      sim.control.advance(60_000);
      await sync(db, sim);
      const [item] = await db.query<{ work_item_type: string; state: string }>(
        `SELECT work_item_type, state FROM ${schema}.work_items WHERE id = $1`,
        [bug.key],
      );
      expect(item).toEqual({ work_item_type: 'Task', state: 'To Do' });
      const types = await db.query<{ from_value: string; to_value: string }>(
        `SELECT from_value, to_value FROM ${schema}.field_history WHERE item_id = $1 AND field = 'type'`,
        [bug.key],
      );
      expect(types).toEqual([{ from_value: 'Bug', to_value: 'Task' }]);
      await expectEqualToTruth(db, sim);
    });

    it('rides out 429s and 5xx bursts without losing anything', async () => {
      const { sim, db } = await setup(150);
      sim.faults.add({ kind: 'rate-limit', retryAfterSeconds: 0, count: 2 });
      sim.faults.add({ kind: 'server-error', status: 503, count: 2, path: 'changelog' });
      sim.faults.add({ kind: 'drop-connection', count: 1, path: 'search' });
      const { requests } = await sync(db, sim);
      expect(requests.retries).toBe(5);
      await expectEqualToTruth(db, sim);
    });

    it('stops at once with a clear message on bad credentials', async () => {
      const { sim, db } = await setup(20);
      const config = parseConfig({ ...sim.env(), JIRA_API_TOKEN: 'wrong-token' });
      const connector = new JiraConnector(config.jira!, { logger: logs.main });
      await expect(
        syncPlatform(db, schema, connector, {
          full: false,
          signal: new AbortController().signal,
          logger: logs.main,
        }),
      ).rejects.toThrow(/JIRA_API_TOKEN/);
      expect(connector.requests.total).toBe(1);
    });
  });
}
