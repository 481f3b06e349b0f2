/**
 * The forecasts of a hand-built history in the store: constant throughputs give exact answers, the
 * window's edges, re-opens, creations in a completed state, completed → completed moves and deleted
 * items count as docs/metrics.md says, and teams are derived from team iterations (Azure DevOps) and
 * sprint boards (Jira).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StateChange } from '../../src/domain/history.js';
import { emptyPage } from '../../src/domain/page.js';
import type { Sprint } from '../../src/domain/sprint.js';
import type { StateCategory, WorkItem } from '../../src/domain/work-item.js';
import { DEFAULT_FORECAST_POLICY } from '../../src/metrics/forecast-policy.js';
import { computeForecasts } from '../../src/metrics/forecasts.js';
import { computeSnapshots } from '../../src/metrics/snapshots.js';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { writePage } from '../../src/store/writers/page.js';
import { backends } from '../support/databases.js';
import { item } from '../support/fixtures.js';

const schema = 'public';
const TODAY = new Date('2024-06-01T15:00:00Z');
const DAY = 86_400_000;
/** The window: the 84 days 2024-03-09 .. 2024-05-31. */
const WINDOW_START = Date.parse('2024-03-09T00:00:00Z');
const day = (i: number, hour = 12) => new Date(WINDOW_START + i * DAY + hour * 3_600_000);

type Step = [Date, StateCategory];

class History {
  readonly items: WorkItem[] = [];
  readonly changes: StateChange[] = [];

  add(id: string, project: string, steps: Step[], over: Partial<WorkItem> = {}): void {
    const last = steps[steps.length - 1]!;
    this.items.push(
      item({
        id,
        numericId: this.items.length + 1,
        project,
        state: last[1],
        stateCategory: last[1],
        createdAt: steps[0]![0],
        updatedAt: last[0],
        iterationPath: `${project}\\Backlog`,
        ...over,
      }),
    );
    steps.forEach(([at, category], i) => {
      const previous = i === 0 ? null : steps[i - 1]![1];
      this.changes.push({
        itemId: id,
        changeId: String(i + 1),
        changedAt: at,
        changedBy: null,
        fromState: previous,
        toState: category,
        fromCategory: previous,
        toCategory: category,
      });
    });
  }
}

const OLD = new Date('2024-01-01T10:00:00Z');
const B_START = Date.parse('2024-05-18T00:00:00Z');
const bDay = (i: number, hour = 12) => new Date(B_START + i * DAY + hour * 3_600_000);

/**
 * Project A: one completion on each of the window's 84 days, 10 open items (4 under team iteration
 * A\Sprint 1 of teams Alpha and Beta, one under A\Sprint 10 which is not under it); completions just
 * before the window and today do not count. Project B: first item created 2024-05-18, two completions
 * on each of its 14 days (one item completes, re-opens and completes again), 5 open items, all in sprint
 * "B Sprint 3" of board 12. Project C: completed long ago, nothing open (no forecast). Project D: two
 * open items, nothing completed in the window.
 */
function scenario(): { history: History; sprints: Sprint[] } {
  const h = new History();
  const sprint1 = { iterationPath: 'A\\Sprint 1' };
  for (let i = 0; i < 84; i++) {
    h.add(
      `A-${i}`,
      'A',
      [
        [OLD, 'proposed'],
        [day(i, 8), 'in_progress'],
        [day(i), 'completed'],
      ],
      sprint1,
    );
  }
  h.add(
    'A-before',
    'A',
    [
      [OLD, 'proposed'],
      [new Date(WINDOW_START - 1000), 'completed'],
    ],
    sprint1,
  );
  h.add(
    'A-today',
    'A',
    [
      [OLD, 'proposed'],
      [new Date('2024-06-01T01:00:00Z'), 'completed'],
    ],
    sprint1,
  );
  for (let i = 0; i < 10; i++) {
    const iterationPath = i < 4 ? 'A\\Sprint 1\\Week 2' : i === 4 ? 'A\\Sprint 10' : 'A\\Backlog';
    h.add(`A-open-${i}`, 'A', [[OLD, 'proposed']], { iterationPath });
  }
  const board = { iterationPath: 'B Sprint 3' };
  const first = bDay(0, 1);
  // The re-opened item: completes on day 0, re-opens, completes again on day 1.
  h.add(
    'B-R',
    'B',
    [
      [first, 'proposed'],
      [bDay(0, 10), 'completed'],
      [bDay(0, 11), 'in_progress'],
      [bDay(1), 'completed'],
    ],
    board,
  );
  let n = 0;
  for (let d = 0; d < 14; d++) {
    for (let k = 0; k < (d < 2 ? 1 : 2); k++) {
      const steps: Step[] =
        n % 5 === 0
          ? [
              [first, 'proposed'],
              [bDay(d, 9), 'resolved'],
              [bDay(d), 'completed'],
              [bDay(d, 13), 'completed'],
            ]
          : [
              [first, 'proposed'],
              [bDay(d), 'completed'],
            ];
      h.add(`B-${n++}`, 'B', steps, board);
    }
  }
  h.add('B-born-done', 'B', [[bDay(2), 'completed']], board);
  h.add(
    'B-deleted',
    'B',
    [
      [first, 'proposed'],
      [bDay(3), 'completed'],
    ],
    board,
  );
  for (let i = 0; i < 5; i++) h.add(`B-open-${i}`, 'B', [[first, 'proposed']], board);
  h.add('C-1', 'C', [
    [OLD, 'proposed'],
    [new Date('2024-02-01T00:00:00Z'), 'completed'],
  ]);
  for (let i = 0; i < 2; i++) h.add(`D-open-${i}`, 'D', [[OLD, 'in_progress']]);
  const sprint = (over: Partial<Sprint> & Pick<Sprint, 'id' | 'name'>): Sprint => ({
    path: null,
    board: null,
    team: null,
    state: 'active',
    startAt: null,
    finishAt: null,
    isCurrent: true,
    raw: {},
    ...over,
  });
  const sprints = [
    sprint({ id: 'it-1', name: 'Sprint 1', path: 'A\\Sprint 1', team: 'Alpha, Beta' }),
    sprint({ id: 'it-10', name: 'Sprint 10', path: 'A\\Sprint 10', team: 'Gamma' }),
    sprint({ id: '31', name: 'B Sprint 3', board: '12' }),
  ];
  return { history: h, sprints };
}

async function load(db: Db): Promise<void> {
  const { history, sprints } = scenario();
  const cursor = { watermark: null, continuation: null, filterHash: 'x' };
  await writePage(db, schema, 'P', {
    ...emptyPage(cursor),
    items: history.items,
    stateChanges: history.changes,
    sprints,
  });
  const deleted = history.items.find((i) => i.id === 'B-deleted')!;
  await writePage(db, schema, 'P', {
    ...emptyPage(cursor),
    deletions: [{ numericId: deleted.numericId, deletedAt: new Date('2024-05-25T00:00:00Z') }],
  });
}

interface Row {
  scope: string;
  scope_value: string;
  question: string;
  horizon_days: number | null;
  target_date: string | null;
  open_items: number;
  p50: number | null;
  p85: number | null;
  p95: number | null;
  p50_date: string | null;
  p95_date: string | null;
  mean: number | null;
  window_from: string | null;
  window_to: string;
  sample_days: number;
  sample_items: number;
  trials: number;
  seed: number;
  computed_on: string;
}

async function forecasts(db: Db): Promise<Row[]> {
  return db.query<Row>(
    `SELECT scope, scope_value, question, horizon_days, target_date::text, open_items, p50, p85, p95,
            p50_date::text, p95_date::text, mean, window_from::text, window_to::text, sample_days, sample_items,
            trials, seed::int AS seed, computed_on::text
       FROM ${schema}.forecasts ORDER BY scope, scope_value, question, horizon_days`,
  );
}

const constant = (rows: Row[], scope: string, value: string, rate: number, open: number) => {
  const mine = rows.filter((r) => r.scope === scope && r.scope_value === value);
  const days = Math.ceil(open / rate);
  expect(
    mine.map((r) => [r.question, r.horizon_days, r.p50, r.p85, r.p95, r.mean, r.open_items]),
    `${scope} ${value}`,
  ).toEqual([
    ...[14, 28, 56, 84].map((h) => ['how_many', h, rate * h, rate * h, rate * h, rate * h, open]),
    ['when', null, days, days, days, days, open],
  ]);
  return mine;
};

for (const backend of backends()) {
  describe(`forecasts of a hand-built history on ${backend.name}`, () => {
    let cleanup: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    it('give exact answers for constant throughputs, per project and team, and are reproducible', async () => {
      const { db, drop } = await backend.create();
      cleanup = drop;
      await migrate(db, { adoSchema: schema, jiraSchema: 'jira_sync' });
      await load(db);
      const run = await computeForecasts(db, schema, DEFAULT_FORECAST_POLICY, TODAY);
      const rows = await forecasts(db);
      expect(run).toMatchObject({ scopes: 8, rows: 40 });
      expect(new Set(rows.map((r) => `${r.scope}:${r.scope_value}`))).toEqual(
        new Set([
          'all:',
          'project:A',
          'project:B',
          'project:D',
          'team:Alpha',
          'team:Beta',
          'team:Gamma',
          'team:board 12',
        ]),
      );

      const a = constant(rows, 'project', 'A', 1, 10);
      expect(a[0]).toMatchObject({
        target_date: '2024-06-15',
        window_from: '2024-03-09',
        sample_days: 84,
        sample_items: 84,
      });
      expect(a[4]).toMatchObject({ p50_date: '2024-06-11', p95_date: '2024-06-11', target_date: null });
      // B exists since 2024-05-18: 14 days of 2 completions; 5 open items take 3 days.
      const b = constant(rows, 'project', 'B', 2, 5);
      expect(b[0]).toMatchObject({
        window_from: '2024-05-18',
        window_to: '2024-05-31',
        sample_days: 14,
        sample_items: 28,
      });
      constant(rows, 'team', 'Alpha', 1, 4);
      constant(rows, 'team', 'Beta', 1, 4);
      constant(rows, 'team', 'board 12', 2, 5);
      // D and Gamma (A\Sprint 10 is not under A\Sprint 1): no throughput in the window, none by any date, never done.
      expect(rows.filter((r) => r.scope_value === 'Gamma').map((r) => r.open_items)).toEqual([1, 1, 1, 1, 1]);
      expect(
        rows
          .filter((r) => r.scope_value === 'D' || r.scope_value === 'Gamma')
          .map((r) => [r.p50, r.p95, r.sample_items]),
      ).toEqual([
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
        [null, null, 0],
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
        [null, null, 0],
      ]);
      const all = rows.filter((r) => r.scope === 'all');
      expect(all.every((r) => r.open_items === 17 && r.sample_items === 112 && r.sample_days === 84)).toBe(
        true,
      );
      expect(all.every((r) => r.trials === 10_000 && r.seed === 42 && r.computed_on === '2024-06-01')).toBe(
        true,
      );
      // 70 days of 1 and 14 of 3: between the two rates, rising with the horizon, less at higher confidence.
      for (const r of all.filter((r) => r.question === 'how_many')) {
        expect(r.p95!).toBeGreaterThanOrEqual(r.horizon_days!);
        expect(r.p50!).toBeLessThanOrEqual(3 * r.horizon_days!);
        expect(r.p95!).toBeLessThanOrEqual(r.p85!);
        expect(r.p85!).toBeLessThanOrEqual(r.p50!);
        expect(r.mean!).toBeCloseTo((r.horizon_days! * 112) / 84, -0.5);
      }

      // The sample is the throughput metric of the snapshots, summed over the window, but for deleted
      // items: the snapshots keep B-deleted's completion (it counts until its deletion, so no past day
      // changes), the forecasts learn from the items that still exist.
      await computeSnapshots(db, schema, '2024-03-09', '2024-05-31');
      const [snap] = await db.query<{ n: number }>(
        `SELECT sum(value)::int AS n FROM ${schema}.history_snapshots
          WHERE metric = 'throughput' AND dimension = 'project' AND dimension_value = 'B'`,
      );
      expect(snap?.n).toBe(28 + 1);

      // Recomputed: the same rows, replaced (not added to).
      await computeForecasts(db, schema, DEFAULT_FORECAST_POLICY, TODAY);
      expect(await forecasts(db)).toEqual(rows);
    });
  });
}
