import { describe, expect, it } from 'vitest';
import { startAdoSim } from '../../sim/ado/index.js';
import { SimClock } from '../../sim/common/clock.js';
import { startJiraSim } from '../../sim/jira/index.js';
import { parseConfig } from '../../src/config/schema.js';
import { AdoApi } from '../../src/connectors/azure-devops/api.js';
import { AdoConnector } from '../../src/connectors/azure-devops/connector.js';
import type { Connector } from '../../src/connectors/connector.js';
import { JiraConnector } from '../../src/connectors/jira/connector.js';
import type { Db } from '../../src/store/db.js';
import { backends, simulatorAndDatabase } from '../support/databases.js';
import { silentLogs, syncPass } from '../support/sync-pass.js';

/**
 * One hand-checked scenario, played on each simulator through its control API, then synced:
 *
 * Sprint 1: A (3 points), B (5) and C (2) are in it when it starts. A day later D (8) is added, C is
 * taken out and B is re-estimated to 8. A is done on day 2, D on day 3. B is unfinished at the end and
 * carried over to sprint 2, which starts with B and E (1); B is done in sprint 2, E is not.
 *
 * Worked out by hand: sprint 1 committed 3 items / 10 points, added 1 / 8, removed 1 / 2, completed
 * 2 / 11 (A 3 + D 8), not completed 1 / 8 (B at its new estimate), one estimate change of +3, velocity
 * 11, say/do 11 / 10. Sprint 2: committed 2 / 9, nothing added or removed, completed 1 / 8, not
 * completed 1 / 1, velocity 8, say/do 8 / 9, rolling average (11 + 8) / 2.
 */
const EXPECTED = [
  {
    committed_count: 3,
    committed_points: 10,
    added_count: 1,
    added_points: 8,
    removed_count: 1,
    removed_points: 2,
    completed_count: 2,
    completed_points: 11,
    not_completed_count: 1,
    not_completed_points: 8,
    estimate_changes: 1,
    estimate_change_points: 3,
  },
  {
    committed_count: 2,
    committed_points: 9,
    added_count: 0,
    added_points: 0,
    removed_count: 0,
    removed_points: 0,
    completed_count: 1,
    completed_points: 8,
    not_completed_count: 1,
    not_completed_points: 1,
    estimate_changes: 0,
    estimate_change_points: 0,
  },
];
const VELOCITY = [
  { velocity: 11, velocity_avg: 11, say_do_ratio: 1.1 },
  { velocity: 8, velocity_avg: 9.5, say_do_ratio: 8 / 9 },
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const logs = silentLogs;

const syncAll = (db: Db, schema: string, connector: Connector) => syncPass(db, schema, connector);

/** Both sprints' report rows, velocity rows and the first sprint's burndown, by sprint name. */
async function expectScenario(db: Db, schema: string, names: [string, string], burndown: unknown[]) {
  const report = await db.query<Record<string, unknown>>(
    `SELECT sprint_name, committed_count, committed_points, added_count, added_points, removed_count, removed_points,
            completed_count, completed_points, not_completed_count, not_completed_points,
            estimate_changes, estimate_change_points
       FROM ${schema}.sprint_report WHERE sprint_name = ANY($1::text[]) ORDER BY start_at`,
    [names],
  );
  expect(report).toEqual(EXPECTED.map((e, i) => ({ sprint_name: names[i], ...e })));
  const velocity = await db.query<{ velocity: number; velocity_avg: number; say_do_ratio: number }>(
    `SELECT velocity, velocity_avg, say_do_ratio FROM ${schema}.sprint_velocity
      WHERE sprint_name = ANY($1::text[]) ORDER BY start_at`,
    [names],
  );
  expect(velocity.map((v) => ({ ...v, say_do_ratio: Number(v.say_do_ratio.toFixed(6)) }))).toEqual(
    VELOCITY.map((v) => ({ ...v, say_do_ratio: Number(v.say_do_ratio.toFixed(6)) })),
  );
  const scope = await db.query<{ net_count: number; net_points: number }>(
    `SELECT net_count, net_points FROM ${schema}.sprint_scope_change WHERE sprint_name = $1`,
    [names[0]],
  );
  expect(scope).toEqual([{ net_count: 0, net_points: 6 }]);
  const days = await db.query<Record<string, unknown>>(
    `SELECT to_char(b.day, 'MM-DD') AS day, scope_count, scope_points, completed_count, completed_points,
            remaining_count, remaining_points
       FROM ${schema}.sprint_burndown b JOIN ${schema}.sprints s ON s.id = b.sprint_id
      WHERE s.name = $1 ORDER BY b.day`,
    [names[0]],
  );
  expect(days).toEqual(burndown);
}

/** A burndown day: [day, scope count, scope points, completed count, completed points]. */
const day = ([d, sc, sp, cc, cp]: [string, number, number, number, number]) => ({
  day: d,
  scope_count: sc,
  scope_points: sp,
  completed_count: cc,
  completed_points: cp,
  remaining_count: sc - cc,
  remaining_points: sp - cp,
});

for (const backend of backends()) {
  describe(`sprint metrics of a hand-checked scenario on ${backend.name}`, () => {
    const open = simulatorAndDatabase(backend);

    it('Jira: sprint report, velocity, scope change and burndown equal the hand-worked values', async () => {
      // Monday 4 March 2024, 09:00 UTC.
      const t0 = Date.parse('2024-03-04T09:00:00Z');
      const { sim, db } = await open(() =>
        startJiraSim({ items: 0, projectKeys: ['ALPHA'], clock: new SimClock(t0), timeZone: 'UTC' }),
      );
      const c = sim.control;
      const story = (summary: string, points: number) => {
        const { key } = c.createIssue({ projectKey: 'ALPHA', issueType: 'Story', summary });
        c.updateIssue(key, { storyPoints: points });
        return key;
      };
      const [a, b, cc, d, e] = [story('A', 3), story('B', 5), story('C', 2), story('D', 8), story('E', 1)];
      const s1 = c.createSprint(1, 'Scenario sprint 1').id;
      const s2 = c.createSprint(1, 'Scenario sprint 2').id;
      for (const key of [a!, b!, cc!]) c.updateIssue(key, { sprintIds: [s1] });
      c.advance(HOUR);
      c.startSprint(s1, t0 + 7 * DAY);
      c.advance(DAY);
      c.updateIssue(d!, { sprintIds: [s1] });
      c.updateIssue(cc!, { sprintIds: [] });
      c.updateIssue(b!, { storyPoints: 8 });
      c.advance(DAY);
      c.transition(a!, 'Done');
      c.advance(DAY);
      c.transition(d!, 'Done');
      c.advance(7 * DAY - 3 * DAY - HOUR);
      c.completeSprint(s1, s2);
      c.updateIssue(e!, { sprintIds: [s2] });
      c.advance(HOUR);
      c.startSprint(s2, t0 + 14 * DAY);
      c.advance(DAY);
      c.transition(b!, 'Done');
      c.advance(6 * DAY - 2 * HOUR);
      c.completeSprint(s2);
      c.advance(HOUR);

      const config = parseConfig(sim.env());
      await syncAll(db, 'jira_sync', new JiraConnector(config.jira!, { logger: logs.main }));
      // Membership as Jira shows it: C left sprint 1, B stays listed in it after being carried over.
      const membership = await db.query<{ item: string; sprint: string; removed: boolean }>(
        `SELECT w.title AS item, s.name AS sprint, m.removed_at IS NOT NULL AS removed
           FROM jira_sync.sprint_items m JOIN jira_sync.work_items w ON w.id = m.item_id
           JOIN jira_sync.sprints s ON s.id = m.sprint_id ORDER BY 1, 2`,
      );
      expect(membership).toEqual([
        { item: 'A', sprint: 'Scenario sprint 1', removed: false },
        { item: 'B', sprint: 'Scenario sprint 1', removed: false },
        { item: 'B', sprint: 'Scenario sprint 2', removed: false },
        { item: 'C', sprint: 'Scenario sprint 1', removed: true },
        { item: 'D', sprint: 'Scenario sprint 1', removed: false },
        { item: 'E', sprint: 'Scenario sprint 2', removed: false },
      ]);
      // Sprint 1 ran Monday 4 March 10:00 to Monday 11 March 09:00 (completed).
      await expectScenario(
        db,
        'jira_sync',
        ['Scenario sprint 1', 'Scenario sprint 2'],
        [
          day(['03-04', 3, 10, 0, 0]),
          day(['03-05', 3, 19, 0, 0]),
          day(['03-06', 3, 19, 1, 3]),
          day(['03-07', 3, 19, 2, 11]),
          day(['03-08', 3, 19, 2, 11]),
          day(['03-09', 3, 19, 2, 11]),
          day(['03-10', 3, 19, 2, 11]),
          day(['03-11', 3, 19, 2, 11]),
        ],
      );
    });

    it('Azure DevOps: sprint report, velocity, scope change and burndown equal the hand-worked values', async () => {
      const t0 = Date.parse('2024-03-04T09:00:00Z');
      const { sim, db } = await open(() =>
        startAdoSim({ items: 0, projects: ['Phoenix'], clock: new SimClock(t0) }),
      );
      const config = parseConfig(sim.env());
      const team = config.ado!.teams.find((t) => t.project === 'Phoenix')!;
      const iterations = await new AdoApi(config.ado!).teamIterations(team.project, team.team);
      // The team's first two sprints starting after t0 (generated data has none: items 0).
      const next = iterations
        .filter((it) => Date.parse(it.attributes?.startDate ?? '') > t0)
        .sort((x, y) => Date.parse(x.attributes!.startDate!) - Date.parse(y.attributes!.startDate!));
      const [n1, n2] = [next[0]!, next[1]!];
      const start1 = Date.parse(n1.attributes!.startDate!);
      const end1 = Date.parse(n1.attributes!.finishDate!) + DAY;
      const start2 = Date.parse(n2.attributes!.startDate!);
      const end2 = Date.parse(n2.attributes!.finishDate!) + DAY;
      expect(start2).toBe(end1);

      const c = sim.control;
      const at = (ms: number) => c.advanceClock(ms - sim.clock.now());
      const story = (title: string, points: number, path: string) =>
        c.createItem({
          type: 'User Story',
          project: 'Phoenix',
          title,
          fields: { 'Microsoft.VSTS.Scheduling.StoryPoints': points, 'System.IterationPath': path },
        }).id;
      const a = story('A', 3, n1.path!);
      const b = story('B', 5, n1.path!);
      const cc = story('C', 2, n1.path!);
      const d = story('D', 8, 'Phoenix');
      const e = story('E', 1, 'Phoenix');
      at(start1 + DAY + 9 * HOUR);
      c.updateFields(d, { 'System.IterationPath': n1.path! });
      c.updateFields(cc, { 'System.IterationPath': 'Phoenix' });
      c.updateFields(b, { 'Microsoft.VSTS.Scheduling.StoryPoints': 8 });
      at(start1 + 2 * DAY + 9 * HOUR);
      c.changeState(a, 'Closed');
      at(start1 + 3 * DAY + 9 * HOUR);
      c.changeState(d, 'Closed');
      // The carry-over at the boundary: in sprint 1 at its end, in sprint 2 at its start.
      at(end1);
      c.updateFields(b, { 'System.IterationPath': n2.path! });
      c.updateFields(e, { 'System.IterationPath': n2.path! });
      at(start2 + DAY + 9 * HOUR);
      c.changeState(b, 'Closed');
      at(end2 + HOUR);

      await syncAll(db, 'public', new AdoConnector(config.ado!, { logger: logs.main }));
      const day1 = new Date(start1).toISOString().slice(5, 10);
      const dates = Array.from({ length: (end1 - start1) / DAY }, (_, i) =>
        new Date(start1 + i * DAY).toISOString().slice(5, 10),
      );
      expect(dates[0]).toBe(day1);
      // Days end at midnight UTC: the changes of day k (09:00) count from that day on.
      const values: [number, number, number, number][] = [
        [3, 10, 0, 0],
        [3, 19, 0, 0],
        [3, 19, 1, 3],
        [3, 19, 2, 11],
      ];
      await expectScenario(
        db,
        'public',
        [n1.name, n2.name],
        dates.map((dd, i) => day([dd, ...values[Math.min(i, 3)]!])),
      );
    });
  });
}
