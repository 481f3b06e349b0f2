import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { FieldChange, StateChange } from '../../src/domain/history.js';
import { type Deletion, emptyPage } from '../../src/domain/page.js';
import type { Severity, StateCategory, WorkItem } from '../../src/domain/work-item.js';
import { computeSnapshots } from '../../src/metrics/snapshots.js';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { writePage } from '../../src/store/writers/page.js';
import { backends } from '../support/databases.js';
import { item, STATE_NAMES } from '../support/fixtures.js';
import { snapshotSeries } from '../support/snapshot.js';

const schema = 'public';
const cursor = { watermark: null, continuation: null, filterHash: 'x' };
const NAME = STATE_NAMES;
const MARCH_1 = Date.parse('2024-03-01T00:00:00Z');
const HOUR = 3_600_000;

type Attribute = 'type' | 'severity' | 'customer' | 'area' | 'project';
type Attributes = Record<Attribute, string | null>;

/** An item's whole life: its creation values and its changes in time order (ms since 1 March 2024). */
interface Life {
  createdAt: number;
  /** Jira records only changes; Azure DevOps' first revision also records every set field from null. */
  creationRows: boolean;
  initial: Attributes;
  events: (
    | { at: number; category: StateCategory }
    | { at: number; field: Attribute; value: string | null }
  )[];
  deletedAt: number | null;
}

/** What a sync at instant `cut` stores of some lives: items created before it, their history until it. */
function storedAt(lives: Life[], cut: number) {
  const items: WorkItem[] = [];
  const stateChanges: StateChange[] = [];
  const fieldChanges: FieldChange[] = [];
  const deletions: Deletion[] = [];
  lives.forEach((life, index) => {
    if (life.createdAt >= cut) return;
    const id = `I${index}`;
    const values = { ...life.initial };
    let category: StateCategory = 'proposed';
    const change = (changeId: string, at: number) => ({
      itemId: id,
      changeId,
      changedAt: new Date(at),
      changedBy: null,
    });
    stateChanges.push({
      ...change('1', life.createdAt),
      fromState: null,
      toState: NAME.proposed,
      fromCategory: null,
      toCategory: 'proposed',
    });
    if (life.creationRows) {
      for (const [field, value] of Object.entries(values) as [Attribute, string | null][]) {
        if (value !== null)
          fieldChanges.push({ ...change('1', life.createdAt), field, fromValue: null, toValue: value });
      }
    }
    life.events.forEach((e, n) => {
      if (e.at >= cut) return;
      const changeId = String(n + 2);
      if ('category' in e) {
        if (e.category === category) return;
        stateChanges.push({
          ...change(changeId, e.at),
          fromState: NAME[category],
          toState: NAME[e.category],
          fromCategory: category,
          toCategory: e.category,
        });
        category = e.category;
      } else if (values[e.field] !== e.value) {
        fieldChanges.push({
          ...change(changeId, e.at),
          field: e.field,
          fromValue: values[e.field],
          toValue: e.value,
        });
        values[e.field] = e.value;
      }
    });
    items.push(
      item({
        id,
        numericId: index + 1,
        project: values.project ?? 'P',
        workItemType: values.type ?? 'Task',
        severity: values.severity as Severity | null,
        customerName: values.customer,
        areaPath: values.area,
        state: NAME[category],
        stateCategory: category,
        createdAt: new Date(life.createdAt),
      }),
    );
    if (life.deletedAt !== null && life.deletedAt < cut)
      deletions.push({ numericId: index + 1, deletedAt: new Date(life.deletedAt) });
  });
  return { items, stateChanges, fieldChanges, deletions };
}

async function store(db: Db, lives: Life[], cut: number): Promise<void> {
  const { deletions, ...page } = storedAt(lives, cut);
  await writePage(db, schema, 'P', { ...emptyPage(cursor), ...page });
  await writePage(db, schema, 'P', { ...emptyPage(cursor), deletions });
}

async function snapshotRows(db: Db, before = '9999-12-31'): Promise<string[]> {
  const rows = await db.query<{ d: string; metric: string; dimension: string; v: string; value: number }>(
    `SELECT snapshot_date::text AS d, metric, dimension, dimension_value AS v, value FROM ${schema}.history_snapshots
      WHERE snapshot_date < $1::date ORDER BY 1, 2, 3, 4`,
    [before],
  );
  // Sums of creation instants may add up in another order: six decimals of a day are far below a second.
  return rows.map((r) => `${r.d} ${r.metric} ${r.dimension}=${r.v}: ${Math.round(r.value * 1e6) / 1e6}`);
}

const series = (db: Db, metric: string, dimension = 'all', value = '') =>
  snapshotSeries(db, schema, metric, dimension, value);

const at = (day: number, hour: number) => MARCH_1 + (day - 1) * 24 * HOUR + hour * HOUR;

/**
 * M, kept the Jira way (changes only): a Story P3 for Acme in project OLD, P2 on 2 March, a P1 Bug from
 * 3 March 15:00, moved to NEW on 4 March, Beta's from 4 March 20:00; never closed. N, kept the Azure
 * DevOps way (creation rows): a P4 Bug in OLD/Core, P2 then P3 on 2 March, area Core\Net at 13:00, closed at 14:00.
 */
const HAND: Life[] = [
  {
    createdAt: at(1, 10),
    creationRows: false,
    initial: { type: 'Story', severity: 'P3', customer: 'Acme', area: 'UI', project: 'OLD' },
    events: [
      { at: at(2, 9), field: 'severity', value: 'P2' },
      { at: at(3, 15), field: 'severity', value: 'P1' },
      { at: at(3, 15), field: 'type', value: 'Bug' },
      { at: at(4, 8), field: 'project', value: 'NEW' },
      { at: at(4, 20), field: 'customer', value: 'Beta' },
    ],
    deletedAt: null,
  },
  {
    createdAt: at(1, 12),
    creationRows: true,
    initial: { type: 'Bug', severity: 'P4', customer: null, area: 'Core', project: 'OLD' },
    events: [
      { at: at(2, 10), field: 'severity', value: 'P2' },
      { at: at(2, 11), field: 'severity', value: 'P3' },
      { at: at(2, 13), field: 'area', value: 'Core\\Net' },
      { at: at(2, 14), category: 'completed' },
    ],
    deletedAt: null,
  },
];

const [backend] = backends().slice(-1);

describe(`KPI breakdowns as of each day (${backend!.name})`, () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  async function fresh(): Promise<Db> {
    const { db, drop } = await backend!.create();
    cleanup = drop;
    await migrate(db, { adoSchema: schema, jiraSchema: 'jira_sync' });
    return db;
  }

  it('groups each day by the attributes items had at its end (hand-checked)', async () => {
    const db = await fresh();
    await store(db, HAND, at(6, 0));
    await computeSnapshots(db, schema, '2024-03-01', '2024-03-05');

    expect(await series(db, 'open', 'severity', 'P3')).toEqual({ '03-01': 1, '03-02': 0 });
    expect(await series(db, 'open', 'severity', 'P4')).toEqual({ '03-01': 1, '03-02': 0 });
    expect(await series(db, 'open', 'severity', 'P2')).toEqual({ '03-02': 1, '03-03': 0 });
    expect(await series(db, 'open', 'severity', 'P1')).toEqual({ '03-03': 1, '03-04': 1, '03-05': 1 });
    expect(await series(db, 'bugs_open', 'all', '')).toEqual({
      '03-01': 1,
      '03-02': 0,
      '03-03': 1,
      '03-04': 1,
      '03-05': 1,
    });
    expect(await series(db, 'open', 'type', 'Story')).toEqual({ '03-01': 1, '03-02': 1, '03-03': 0 });
    expect(await series(db, 'open', 'project', 'OLD')).toEqual({
      '03-01': 2,
      '03-02': 1,
      '03-03': 1,
      '03-04': 0,
    });
    expect(await series(db, 'open', 'project', 'NEW')).toEqual({ '03-04': 1, '03-05': 1 });
    expect(await series(db, 'open', 'customer', 'Acme')).toEqual({
      '03-01': 1,
      '03-02': 1,
      '03-03': 1,
      '03-04': 0,
    });
    expect(await series(db, 'open', 'customer', 'Beta')).toEqual({ '03-04': 1, '03-05': 1 });
    expect(await series(db, 'open', 'customer', '(none)')).toEqual({ '03-01': 1, '03-02': 0 });
    expect(await series(db, 'open', 'area', 'Core')).toEqual({ '03-01': 1, '03-02': 0 });
    expect(await series(db, 'cfd_completed', 'area', 'Core\\Net')).toEqual({
      '03-02': 1,
      '03-03': 1,
      '03-04': 1,
      '03-05': 1,
    });
    // Events count under the attributes of the end of their day.
    expect(await series(db, 'created', 'type', 'Story')).toEqual({ '03-01': 1 });
    expect(await series(db, 'created', 'project', 'OLD')).toEqual({ '03-01': 2 });
    expect(await series(db, 'created', 'severity', 'P4')).toEqual({ '03-01': 1 });
    expect(await series(db, 'throughput', 'severity', 'P3')).toEqual({ '03-02': 1 });
    expect(await series(db, 'resolved', 'area', 'Core\\Net')).toEqual({ '03-02': 1 });
    // M breaches the 2-day P1 SLA at 3 March 10:00, as a P1 bug since the start of that day.
    expect(await series(db, 'sla_breaches', 'all', '')).toEqual({ '03-03': 1, '03-04': 1, '03-05': 1 });

    // A later change restates nothing: M becomes P4 on 6 March.
    const before = await snapshotRows(db);
    const later: Life[] = [
      { ...HAND[0]!, events: [...HAND[0]!.events, { at: at(6, 10), field: 'severity', value: 'P4' }] },
      HAND[1]!,
    ];
    await store(db, later, at(7, 0));
    await computeSnapshots(db, schema, '2024-03-01', '2024-03-06');
    expect(await snapshotRows(db, '2024-03-06')).toEqual(before);
    expect((await series(db, 'open', 'severity', 'P4'))['03-06']).toBe(1);
  });

  it('gives a past day the value it had when computed on that day, whatever changed later', async () => {
    const db = await fresh();
    const attributeChange = fc.oneof(
      fc.record({ field: fc.constant<Attribute>('type'), value: fc.constantFrom('Bug', 'Story') }),
      fc.record({
        field: fc.constant<Attribute>('severity'),
        value: fc.constantFrom('P1', 'P2', 'P4', null),
      }),
      fc.record({
        field: fc.constant<Attribute>('customer'),
        value: fc.constantFrom('Acme', 'Acme; Beta', null),
      }),
      fc.record({ field: fc.constant<Attribute>('area'), value: fc.constantFrom('Core', 'UI', null) }),
      fc.record({ field: fc.constant<Attribute>('project'), value: fc.constantFrom('OLD', 'NEW') }),
    );
    const change = fc.oneof(
      fc.record({
        after: fc.integer({ min: 0, max: 40 }),
        category: fc.constantFrom<StateCategory>('proposed', 'in_progress', 'completed'),
      }),
      fc.record({ after: fc.integer({ min: 0, max: 40 }), attribute: attributeChange }),
    );
    const life = fc.record({
      createdHour: fc.integer({ min: 0, max: 8 * 24 }),
      creationRows: fc.boolean(),
      initial: fc.record({
        type: fc.constantFrom('Bug', 'Story'),
        severity: fc.constantFrom('P1', 'P3', null),
        customer: fc.constantFrom('Acme', 'Beta', null),
        area: fc.constantFrom('Core', null),
        project: fc.constantFrom('OLD', 'NEW'),
      }),
      changes: fc.array(change, { maxLength: 6 }),
      deletedAfter: fc.option(fc.integer({ min: 1, max: 120 })),
    });
    const lives = fc.array(life, { minLength: 1, maxLength: 8 }).map((drafts) =>
      drafts.map((d): Life => {
        const createdAt = MARCH_1 + d.createdHour * HOUR;
        let t = createdAt;
        const events = d.changes.map((c) => {
          t += c.after * HOUR + 60_000;
          return 'category' in c ? { at: t, category: c.category } : { at: t, ...c.attribute };
        });
        const deletedAt = d.deletedAfter === null ? null : createdAt + d.deletedAfter * HOUR;
        return { createdAt, creationRows: d.creationRows, initial: d.initial, events, deletedAt };
      }),
    );
    await fc.assert(
      fc.asyncProperty(lives, fc.integer({ min: 2, max: 9 }), async (model, cutDay) => {
        const cut = at(cutDay, 0);
        const lastComputed = new Date(cut - 1).toISOString().slice(0, 10);
        const clear = () =>
          db.exec(
            `TRUNCATE ${schema}.work_items, ${schema}.change_history, ${schema}.field_history, ${schema}.history_snapshots`,
          );
        await clear();
        // The sync at the end of the cut's eve, and its snapshots up to that day.
        await store(db, model, cut);
        await computeSnapshots(db, schema, '2024-03-01', lastComputed);
        const onTheDay = await snapshotRows(db);
        // Everything that happened later, and a recomputation of the whole range.
        await clear();
        await store(db, model, at(20, 0));
        await computeSnapshots(db, schema, '2024-03-01', '2024-03-15');
        expect(await snapshotRows(db, new Date(cut).toISOString().slice(0, 10))).toEqual(onTheDay);
      }),
      { numRuns: 25, seed: 15 },
    );
  });
});
