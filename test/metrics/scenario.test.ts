import { afterEach, describe, expect, it } from 'vitest';
import type { StateChange } from '../../src/domain/history.js';
import { emptyPage } from '../../src/domain/page.js';
import type { Severity, StateCategory, WorkItem } from '../../src/domain/work-item.js';
import { computeSnapshots } from '../../src/metrics/snapshots.js';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { writePage } from '../../src/store/writers/page.js';
import { backends } from '../support/databases.js';
import { item, STATE_NAMES } from '../support/fixtures.js';
import { snapshotSeries } from '../support/snapshot.js';

const schema = 'public';
const NAME = STATE_NAMES;

/** An item and its states: [instant (UTC, 2024), category], the first being its creation. */
type Story = {
  id: string;
  type: string;
  severity: Severity | null;
  steps: [string, StateCategory][];
  deleted?: boolean;
};

/**
 * Ten items with known transitions around 1-5 March 2024 (a re-open, a same-day completion, a removal,
 * a long-open P1 bug, an item created before the range, a bug deleted on 3 March that counts
 * until then: a past day's value does not change when an item is deleted later).
 */
const STORIES: Story[] = [
  {
    id: 'A',
    type: 'Bug',
    severity: 'P1',
    steps: [
      ['03-01T10:00', 'proposed'],
      ['03-02T09:00', 'in_progress'],
      ['03-03T12:00', 'completed'],
    ],
  },
  {
    id: 'B',
    type: 'Bug',
    severity: 'P2',
    steps: [
      ['03-01T11:00', 'proposed'],
      ['03-02T10:00', 'in_progress'],
      ['03-03T10:00', 'resolved'],
      ['03-04T10:00', 'completed'],
    ],
  },
  { id: 'C', type: 'Story', severity: 'P3', steps: [['03-01T12:00', 'proposed']] },
  {
    id: 'D',
    type: 'Story',
    severity: 'P3',
    steps: [
      ['03-02T08:00', 'proposed'],
      ['03-02T12:00', 'in_progress'],
      ['03-04T12:00', 'completed'],
      ['03-05T09:00', 'in_progress'],
    ],
  },
  {
    id: 'E',
    type: 'Bug',
    severity: 'P1',
    steps: [
      ['02-20T10:00', 'proposed'],
      ['02-25T10:00', 'in_progress'],
    ],
  },
  {
    id: 'F',
    type: 'Task',
    severity: 'P4',
    steps: [
      ['03-03T10:00', 'proposed'],
      ['03-03T11:00', 'removed'],
    ],
  },
  {
    id: 'G',
    type: 'Bug',
    severity: 'P3',
    steps: [
      ['03-01T09:00', 'proposed'],
      ['03-01T10:00', 'in_progress'],
      ['03-01T18:00', 'completed'],
    ],
  },
  {
    id: 'H',
    type: 'Story',
    severity: 'P2',
    steps: [
      ['02-01T00:00', 'proposed'],
      ['02-10T00:00', 'in_progress'],
      ['03-02T12:00', 'completed'],
    ],
  },
  { id: 'I', type: 'Bug', severity: 'P4', steps: [['03-04T10:00', 'proposed']] },
  {
    id: 'J',
    type: 'Task',
    severity: null,
    steps: [
      ['03-05T10:00', 'proposed'],
      ['03-05T11:00', 'in_progress'],
    ],
  },
  { id: 'K', type: 'Bug', severity: 'P1', steps: [['03-01T10:00', 'proposed']], deleted: true },
];

const at = (s: string) => new Date(`2024-${s}:00Z`);

async function load(db: Db): Promise<void> {
  const items: WorkItem[] = [];
  const changes: StateChange[] = [];
  STORIES.forEach((story, index) => {
    const [last] = story.steps.slice(-1);
    items.push(
      item({
        id: story.id,
        numericId: index + 1,
        workItemType: story.type,
        severity: story.severity,
        state: NAME[last![1]],
        stateCategory: last![1],
        createdAt: at(story.steps[0]![0]),
        updatedAt: at(last![0]),
        customerName: 'Acme Corp',
      }),
    );
    story.steps.forEach(([when, category], step) => {
      const previous = step === 0 ? null : story.steps[step - 1]![1];
      changes.push({
        itemId: story.id,
        changeId: String(step + 1),
        changedAt: at(when),
        changedBy: null,
        fromState: previous === null ? null : NAME[previous],
        toState: NAME[category],
        fromCategory: previous,
        toCategory: category,
      });
    });
  });
  const cursor = { watermark: null, continuation: null, filterHash: 'x' };
  await writePage(db, schema, 'P', { ...emptyPage(cursor), items, stateChanges: changes });
  await writePage(db, schema, 'P', {
    ...emptyPage(cursor),
    deletions: [{ numericId: STORIES.length, deletedAt: at('03-03T00:00') }],
  });
}

const series = (db: Db, metric: string, dimension = 'all', value = '') =>
  snapshotSeries(db, schema, metric, dimension, value);

const round = (n: number) => Math.round(n * 1e6) / 1e6;

for (const backend of backends()) {
  describe(`KPI snapshots of a hand-checked scenario on ${backend.name}`, () => {
    let cleanup: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    it('gives every metric the value worked out by hand', async () => {
      const { db, drop } = await backend.create();
      cleanup = drop;
      await migrate(db, { adoSchema: schema, jiraSchema: 'jira_sync' });
      await load(db);
      await computeSnapshots(db, schema, '2024-03-01', '2024-03-05');

      // Counts at the end of each day (see the stories above; K counts on 1 and 2 March only).
      expect(await series(db, 'cfd_proposed')).toEqual({
        '03-01': 4,
        '03-02': 2,
        '03-03': 1,
        '03-04': 2,
        '03-05': 2,
      });
      expect(await series(db, 'cfd_in_progress')).toEqual({
        '03-01': 2,
        '03-02': 4,
        '03-03': 2,
        '03-04': 1,
        '03-05': 3,
      });
      expect(await series(db, 'cfd_resolved')).toEqual({ '03-03': 1, '03-04': 0 });
      expect(await series(db, 'cfd_completed')).toEqual({
        '03-01': 1,
        '03-02': 2,
        '03-03': 3,
        '03-04': 5,
        '03-05': 4,
      });
      expect(await series(db, 'cfd_removed')).toEqual({ '03-03': 1, '03-04': 1, '03-05': 1 });
      expect(await series(db, 'open')).toEqual({
        '03-01': 6,
        '03-02': 6,
        '03-03': 3,
        '03-04': 3,
        '03-05': 5,
      });
      expect(await series(db, 'wip')).toEqual({ '03-01': 2, '03-02': 4, '03-03': 2, '03-04': 1, '03-05': 3 });
      expect(await series(db, 'bugs_open')).toEqual({
        '03-01': 4,
        '03-02': 4,
        '03-03': 1,
        '03-04': 2,
        '03-05': 2,
      });
      expect(await series(db, 'bugs_open', 'severity', 'P1')).toEqual({
        '03-01': 3,
        '03-02': 3,
        '03-03': 1,
        '03-04': 1,
        '03-05': 1,
      });
      expect(await series(db, 'bugs_open', 'severity', 'P4')).toEqual({ '03-04': 1, '03-05': 1 });
      // Only E (P1, open since 20 Feb) is past its 2-day SLA at a day's end; A breached at 10:00 and closed at 12:00.
      expect(await series(db, 'sla_breaches')).toEqual({
        '03-01': 1,
        '03-02': 1,
        '03-03': 1,
        '03-04': 1,
        '03-05': 1,
      });

      // Events per day.
      expect(await series(db, 'created')).toEqual({
        '03-01': 5,
        '03-02': 1,
        '03-03': 1,
        '03-04': 1,
        '03-05': 1,
      });
      expect(await series(db, 'created', 'type', 'Bug')).toEqual({ '03-01': 4, '03-04': 1 });
      expect(await series(db, 'resolved')).toEqual({ '03-01': 1, '03-02': 1, '03-03': 2, '03-04': 1 });
      expect(await series(db, 'reopened')).toEqual({ '03-05': 1 });
      expect(await series(db, 'throughput')).toEqual({ '03-01': 1, '03-02': 1, '03-03': 1, '03-04': 2 });

      // Ages of the open items at the end of 1 March: A 14 h, B 13 h, C 12 h, K 14 h, E 10 d 14 h, H 30 d.
      const ages = [14 / 24, 13 / 24, 12 / 24, 14 / 24, 10 + 14 / 24, 30];
      expect((await series(db, 'age_mean_days'))['03-01']).toBe(round(ages.reduce((a, b) => a + b) / 6));
      // The 85th percentile of six ages lies a quarter of the way from E's to H's.
      expect((await series(db, 'age_p85_days'))['03-01']).toBe(
        round(ages[4]! + 0.25 * (ages[5]! - ages[4]!)),
      );

      // Completions by the end of 4 March: G 0.375 d, H 30.5 d, A 2 d 2 h, B 2 d 23 h, D 2 d 4 h (lead time).
      const lead = [0.375, 2 + 2 / 24, 2 + 4 / 24, 2 + 23 / 24, 30.5];
      expect((await series(db, 'lead_time_p50_days'))['03-04']).toBe(round(lead[2]!));
      expect((await series(db, 'lead_time_p85_days'))['03-04']).toBe(
        round(lead[3]! + 0.4 * (lead[4]! - lead[3]!)),
      );
      expect((await series(db, 'lead_time_p95_days'))['03-04']).toBe(
        round(lead[3]! + 0.8 * (lead[4]! - lead[3]!)),
      );
      expect((await series(db, 'lead_time_p50_days'))['03-01']).toBe(0.375);
      // Cycle time from first active: G 8 h, A 1 d 3 h, B 2 d, D 2 d, H 21.5 d.
      expect((await series(db, 'cycle_time_p50_days'))['03-04']).toBe(2);
      expect((await series(db, 'cycle_time_p50_days'))['03-03']).toBe(round(1 + 3 / 24));
      // Control chart: time spent in progress or resolved; B's day resolved counts too.
      expect((await series(db, 'cycle_time_control_p95_days'))['03-04']).toBe(round(2 + 0.8 * (21.5 - 2)));
      // Bug MTTR by the end of 3 March: G 9 h, A 2 d 2 h, B 1 d 23 h.
      expect((await series(db, 'bug_mttr_days'))['03-03']).toBe(
        round((0.375 + (2 + 2 / 24) + (1 + 23 / 24)) / 3),
      );
    });

    it('is idempotent: recomputing a range replaces it with the same values', async () => {
      const { db, drop } = await backend.create();
      cleanup = drop;
      await migrate(db, { adoSchema: schema, jiraSchema: 'jira_sync' });
      await load(db);
      const first = await computeSnapshots(db, schema, '2024-02-25', '2024-03-05');
      const before = await db.query(
        `SELECT snapshot_date, metric, dimension, dimension_value, value FROM ${schema}.history_snapshots ORDER BY 1, 2, 3, 4`,
      );
      const second = await computeSnapshots(db, schema, '2024-03-02', '2024-03-04');
      expect(second).toBeLessThan(first);
      const after = await db.query(
        `SELECT snapshot_date, metric, dimension, dimension_value, value FROM ${schema}.history_snapshots ORDER BY 1, 2, 3, 4`,
      );
      expect(after).toEqual(before);
    });
  });
}
