import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdoSim } from './index.js';
import { ado, startTestSim } from './test-support.js';

/** Reporting revisions and links (paging, tokens, filters), deletions, moves, per-item history paging. */

type Row = { id: number; rev: number; fields: Record<string, unknown> };
type Batch = { values: Row[]; nextLink: string; continuationToken: string; isLastBatch: boolean };
type LinkRow = { rel: string; sourceId: number; targetId: number; changedDate: string; isActive: boolean };
type LinkBatch = Omit<Batch, 'values'> & { values: LinkRow[] };

let sim: AdoSim;
beforeAll(async () => {
  sim = await startTestSim({ items: 300 });
});
afterAll(() => sim.close());

/** Pages until isLastBatch; returns all rows and the last token. */
async function drain(
  path: string,
  token?: string,
  maxPages = 1000,
): Promise<{ rows: Row[]; token: string; pages: number }> {
  const rows: Row[] = [];
  let pages = 0;
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await ado<Batch>(sim, token ? `${path}${sep}continuationToken=${token}` : path);
    expect(res.status).toBe(200);
    expect(res.body.nextLink).toContain(`continuationToken=${res.body.continuationToken}`);
    rows.push(...res.body.values);
    token = res.body.continuationToken;
    pages++;
    if (res.body.isLastBatch || pages >= maxPages) return { rows, token, pages };
  }
}

const key = (r: { id: number; rev: number }) => `${r.id}:${r.rev}`;

describe('reporting work item revisions', () => {
  it('paging returns every revision of every live item exactly once, in watermark order', async () => {
    const { rows, pages } = await drain('_apis/wit/reporting/workitemrevisions?$maxPageSize=97');
    expect(pages).toBeGreaterThan(5);
    const keys = rows.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    const truth = sim.control
      .truthAll()
      .filter((t) => !t.deleted)
      .flatMap((t) => t.revisions!.map((r) => `${t.id}:${r.rev}`));
    expect([...keys].sort()).toEqual([...truth].sort());
    const changed = rows.map((r) => Date.parse(String(r.fields['System.ChangedDate'])));
    expect(changed).toEqual([...changed].sort((a, b) => a - b));
    expect(rows.every((r) => typeof r.fields['System.ChangedBy'] === 'string')).toBe(true);
    expect(rows.some((r) => 'System.Description' in r.fields)).toBe(false);
  });

  it('caps $maxPageSize at 1000 and defaults to it', async () => {
    expect(
      (await ado<Batch>(sim, '_apis/wit/reporting/workitemrevisions?$maxPageSize=5000')).body.values,
    ).toHaveLength(1000);
    expect((await ado<Batch>(sim, '_apis/wit/reporting/workitemrevisions')).body.values).toHaveLength(1000);
  });

  it('a saved continuation token later returns only the newer revisions', async () => {
    const first = await drain('_apis/wit/reporting/workitemrevisions');
    const [a, , c] = sim.control.ids();
    sim.clock.advance(3_600_000);
    sim.control.updateFields(a!, { 'System.Title': 'edited once' });
    sim.control.updateFields(a!, { 'Microsoft.VSTS.Common.Priority': 1, 'System.Title': 'edited twice' });
    const created = sim.control.createItem({ type: 'Epic', project: 'Atlas', title: 'new epic' });
    sim.control.deleteItem(c!);
    const later = await drain('_apis/wit/reporting/workitemrevisions', first.token);
    const aRevs = sim.control.truth(a!)!.revisions!.map((r) => r.rev);
    expect(later.rows.map(key)).toEqual([`${a}:${aRevs.at(-2)}`, `${a}:${aRevs.at(-1)}`, `${created.id}:1`]);
    const withDeleted = await drain('_apis/wit/reporting/workitemrevisions?includeDeleted=true', first.token);
    const deletion = withDeleted.rows.find((r) => r.id === c)!;
    expect(deletion.fields['System.IsDeleted']).toBe(true);
    expect(withDeleted.rows.find((r) => r.id === a)!.fields['System.IsDeleted']).toBe(false);
    const nothing = await ado<Batch>(
      sim,
      `_apis/wit/reporting/workitemrevisions?continuationToken=${later.token}`,
    );
    expect(nothing.body).toMatchObject({ values: [], isLastBatch: true, continuationToken: later.token });
    sim.control.restoreItem(c!);
  });

  it('filters: project scope, types, fields, includeLatestOnly, includeIdentityRef, startDateTime, POST body', async () => {
    const atlas = await drain(
      'Atlas/_apis/wit/reporting/workitemrevisions?types=Bug,Task&fields=System.Id,System.WorkItemType,System.TeamProject,System.ChangedBy&includeIdentityRef=true',
    );
    expect(atlas.rows.length).toBeGreaterThan(0);
    for (const r of atlas.rows) {
      expect(Object.keys(r.fields).sort()).toEqual([
        'System.ChangedBy',
        'System.Id',
        'System.TeamProject',
        'System.WorkItemType',
      ]);
      expect(r.fields['System.TeamProject']).toBe('Atlas');
      expect(['Bug', 'Task']).toContain(r.fields['System.WorkItemType']);
      expect(Object.keys(r.fields['System.ChangedBy'] as object)).toEqual(['id', 'uniqueName']);
    }
    const latest = await drain('_apis/wit/reporting/workitemrevisions?includeLatestOnly=true');
    expect(latest.rows.map((r) => r.id).sort((x, y) => x - y)).toEqual(sim.control.ids());
    const since = new Date(sim.clock.now() - 30 * 86_400_000).toISOString();
    const recent = await drain(`_apis/wit/reporting/workitemrevisions?startDateTime=${since}`);
    expect(recent.rows.every((r) => String(r.fields['System.ChangedDate']) >= since)).toBe(true);
    const posted = await ado<Batch>(sim, 'Phoenix/_apis/wit/reporting/workitemrevisions?$expand=fields', {
      body: { fields: ['System.Id', 'System.Description'], types: ['Bug'], includeDeleted: true },
    });
    expect(posted.status).toBe(200);
    expect(posted.body.values.some((r) => 'System.Description' in r.fields)).toBe(true);
    expect(
      (
        await ado(
          sim,
          '_apis/wit/reporting/workitemrevisions?continuationToken=1;2;3&startDateTime=2025-01-01',
        )
      ).status,
    ).toBe(400);
  });
});

describe('reporting work item links', () => {
  it('pages every link event and a saved token later returns only new additions and removals', async () => {
    let token = '';
    const rows: LinkRow[] = [];
    for (;;) {
      const res = await ado<LinkBatch>(
        sim,
        `_apis/wit/reporting/workitemlinks${token ? `?continuationToken=${token}` : ''}`,
      );
      rows.push(...res.body.values);
      token = res.body.continuationToken;
      if (res.body.isLastBatch) break;
    }
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.some((r) => !r.isActive)).toBe(true);
    expect(new Set(rows.map((r) => r.rel))).toEqual(
      new Set([
        'System.LinkTypes.Hierarchy',
        'System.LinkTypes.Related',
        'System.LinkTypes.Duplicate',
        'System.LinkTypes.Dependency',
      ]),
    );
    const [p, ch] = sim.control.ids().slice(-2) as [number, number];
    const parentBefore = sim.control.truth(ch)!.fields['System.Parent'];
    if (parentBefore !== undefined)
      sim.control.removeRelation(ch, 'System.LinkTypes.Hierarchy-Reverse', Number(parentBefore));
    sim.control.addRelation(p, 'System.LinkTypes.Hierarchy-Forward', ch);
    expect(sim.control.truth(ch)!.fields['System.Parent']).toBe(p);
    sim.control.removeRelation(p, 'System.LinkTypes.Hierarchy-Forward', ch);
    const later = await ado<LinkBatch>(sim, `_apis/wit/reporting/workitemlinks?continuationToken=${token}`);
    const mine = later.body.values.filter((r) => r.sourceId === p && r.targetId === ch);
    expect(mine.map((r) => [r.rel, r.isActive])).toEqual([
      ['System.LinkTypes.Hierarchy', true],
      ['System.LinkTypes.Hierarchy', false],
    ]);
    expect(later.body.isLastBatch).toBe(true);
  });
});

describe('deletes, recycle bin and moves', () => {
  it('a deleted item leaves WIQL and workitems, appears in the recycle bin, and comes back on restore', async () => {
    const id = sim.control.ids()[10]!;
    const project = sim.control.truth(id)!.project;
    sim.control.deleteItem(id, 'Grace Hopper');
    const wiql = await ado<{ workItems: { id: number }[] }>(sim, `${project}/_apis/wit/wiql`, {
      body: { query: 'SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project' },
    });
    expect(wiql.body.workItems.map((w) => w.id)).not.toContain(id);
    const bin = await ado<{ value: { id: number }[] }>(sim, `${project}/_apis/wit/recyclebin`);
    expect(bin.body.value.map((v) => v.id)).toContain(id);
    const ref = await ado<{
      id: number;
      deletedBy: string;
      deletedDate: string;
      resource: { id: number; fields: Record<string, unknown> };
    }>(sim, `${project}/_apis/wit/recyclebin/${id}`);
    expect(ref.body).toMatchObject({ id, resource: { id } });
    expect(ref.body.deletedBy).toMatch(/^Grace Hopper </);
    const reporting = await drain(
      '_apis/wit/reporting/workitemrevisions?includeDeleted=true&includeLatestOnly=true',
    );
    expect(reporting.rows.find((r) => r.id === id)!.fields['System.IsDeleted']).toBe(true);
    const plain = await drain('_apis/wit/reporting/workitemrevisions?includeLatestOnly=true');
    expect(plain.rows.some((r) => r.id === id)).toBe(false);
    const restored = await ado(sim, `${project}/_apis/wit/recyclebin/${id}`, {
      method: 'PATCH',
      body: { isDeleted: false },
    });
    expect(restored.status).toBe(200);
    expect((await ado(sim, `_apis/wit/workitems/${id}`)).status).toBe(200);
  });

  it('destroy removes an item from every API', async () => {
    const id = sim.control.ids()[11]!;
    sim.control.destroyItem(id);
    expect((await ado(sim, `_apis/wit/workitems/${id}`)).status).toBe(404);
    expect(
      (await drain('_apis/wit/reporting/workitemrevisions?includeDeleted=true')).rows.some(
        (r) => r.id === id,
      ),
    ).toBe(false);
    expect(sim.control.truth(id)).toBeUndefined();
  });

  it('a moved item keeps its id; the move is a revision changing TeamProject, area and iteration', async () => {
    const id = sim.control
      .ids()
      .find((i) => sim.control.truth(i, { revisions: false })!.project === 'Phoenix')!;
    const moved = sim.control.moveItem(id, 'Atlas');
    expect(moved.id).toBe(id);
    const updates = await ado<{
      value: { fields?: Record<string, { oldValue?: unknown; newValue?: unknown }> }[];
    }>(sim, `_apis/wit/workItems/${id}/updates`);
    const last = updates.body.value.filter((u) => u.fields).at(-1)!;
    expect(last.fields!['System.TeamProject']).toEqual({ oldValue: 'Phoenix', newValue: 'Atlas' });
    expect(last.fields!['System.AreaPath']?.newValue).toBe('Atlas');
    const q = { query: 'SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project' };
    expect(
      (
        await ado<{ workItems: { id: number }[] }>(sim, 'Atlas/_apis/wit/wiql', { body: q })
      ).body.workItems.map((w) => w.id),
    ).toContain(id);
    expect(
      (
        await ado<{ workItems: { id: number }[] }>(sim, 'Phoenix/_apis/wit/wiql', { body: q })
      ).body.workItems.map((w) => w.id),
    ).not.toContain(id);
  });
});

describe('per-item updates and revisions', () => {
  it('pages with $top/$skip (200 at most); link-only updates keep the previous rev', async () => {
    const long = sim.control.truthAll({ revisions: false }).find((t) => t.rev > 150 && !t.deleted)!;
    const all = await ado<{
      count: number;
      value: { id: number; rev: number; relations?: unknown; fields?: unknown }[];
    }>(sim, `_apis/wit/workItems/${long.id}/updates`);
    expect(all.body.count).toBe(Math.min(200, all.body.count));
    const updates: typeof all.body.value = [];
    for (let skip = 0; ; skip += 50) {
      const page = await ado<typeof all.body>(
        sim,
        `_apis/wit/workItems/${long.id}/updates?$top=50&$skip=${skip}`,
      );
      updates.push(...page.body.value);
      if (page.body.count < 50) break;
    }
    expect(updates.map((u) => u.id)).toEqual(updates.map((_, i) => i + 1));
    expect(updates.filter((u) => u.fields).map((u) => u.rev)).toEqual(
      Array.from({ length: long.rev }, (_, i) => i + 1),
    );
    const item = sim.control
      .ids()
      .find((i) => sim.control.truth(i, { revisions: false })!.relations.length > 0)!;
    const withLinks = (await ado<typeof all.body>(sim, `_apis/wit/workItems/${item}/updates`)).body.value;
    const linkOnly = withLinks.filter((u) => u.relations && !u.fields);
    expect(linkOnly.length).toBeGreaterThan(0);
    for (const u of linkOnly) expect(withLinks.some((f) => f.fields && f.rev === u.rev)).toBe(true);
    const revs = await ado<{ count: number; value: { rev: number }[] }>(
      sim,
      `_apis/wit/workItems/${long.id}/revisions?$top=10&$skip=150`,
    );
    expect(revs.body.value.map((r) => r.rev)).toEqual(Array.from({ length: 10 }, (_, i) => 151 + i));
  });
});
