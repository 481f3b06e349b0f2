import { describe, expect, it } from 'vitest';
import { SimClock } from '../common/clock.js';
import { generateDataset } from './generator.js';
import { startJiraSim, type TruthIssue } from './index.js';
import type { JiraResponse } from './test-support.js';
import type { AdfNode } from './types.js';

/** The seeded data generator: determinism, speed and the variety a sync must survive. */

const START = Date.UTC(2026, 1, 20, 3, 0, 0);

async function truthOf(seed: number, items: number): Promise<{ url: string; truth: TruthIssue[] }> {
  const sim = await startJiraSim({ seed, items, clock: new SimClock(START) });
  try {
    return { url: sim.url, truth: sim.control.truth() };
  } finally {
    await sim.close();
  }
}

const nodeTypes = (n: AdfNode | null, out = new Set<string>()): Set<string> => {
  if (!n) return out;
  out.add(n.type);
  for (const c of n.content ?? []) nodeTypes(c, out);
  return out;
};

describe('generator', () => {
  it('is deterministic: same seed and start, same data; another seed, other data', async () => {
    const a = await truthOf(42, 150);
    const b = await truthOf(42, 150);
    const c = await truthOf(43, 150);
    const norm = (x: { url: string; truth: TruthIssue[] }) =>
      JSON.stringify(x.truth).replaceAll(x.url, 'URL');
    expect(norm(a)).toBe(norm(b));
    expect(norm(a)).not.toBe(norm(c));
  });

  it('generates 10,000 issues well within a few seconds', () => {
    const t0 = performance.now();
    const data = generateDataset({
      seed: 1,
      items: 10_000,
      projectKeys: ['A', 'B', 'C'],
      anchor: START,
      apiEmail: 'x@example.com',
      timeZone: 'UTC',
    });
    expect(data.issues).toHaveLength(10_000);
    expect(performance.now() - t0).toBeLessThan(3_000);
  });

  it('produces the variety a sync must handle', async () => {
    const { truth } = await truthOf(8, 2000);
    const f = (t: TruthIssue): JiraResponse['json'] => t.fields;
    const types = new Map(
      truth.map((t) => [f(t).issuetype.name as string, f(t).issuetype.hierarchyLevel as number]),
    );
    expect(Object.fromEntries(types)).toEqual({ Epic: 1, Story: 0, Task: 0, Bug: 0, 'Sub-task': -1 });
    for (const t of truth) {
      const fields = f(t);
      const cat = fields.status.statusCategory as { id: number; key: string };
      expect([2, 4, 3]).toContain(cat.id);
      if (cat.key === 'done')
        expect(fields.resolutiondate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/);
      else expect(fields.resolution).toBeNull();
      if (fields.issuetype.name === 'Sub-task')
        expect(fields.parent).toMatchObject({
          fields: { issuetype: { name: expect.not.stringMatching(/Epic|Sub-task/) } },
        });
      const ids = t.changelog.map((h) => Number(h.id));
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      if (t.changelog.length > 0) expect(fields.updated).toBe(t.changelog.at(-1)!.created);
    }
    expect(truth.some((t) => f(t).parent?.fields?.issuetype?.name === 'Epic')).toBe(true);
    const lengths = truth.map((t) => t.changelog.length);
    expect(lengths.filter((n) => n > 150).length).toBeGreaterThan(5);
    expect(lengths.filter((n) => n >= 3 && n <= 30).length / lengths.length).toBeGreaterThan(0.75);
    const items = truth.flatMap((t) =>
      t.changelog.flatMap((h) => h.items as { field: string; fromString: string | null }[]),
    );
    const fieldsChanged = new Set(items.map((i) => i.field));
    for (const name of [
      'status',
      'assignee',
      'priority',
      'Sprint',
      'Component',
      'labels',
      'summary',
      'Customer',
      'resolution',
    ]) {
      expect(fieldsChanged, name).toContain(name);
    }
    expect(truth.some((t) => t.changelog.some((h) => (h.items as unknown[]).length > 1))).toBe(true);
    expect(items.some((i) => i.field === 'status' && ['Done', 'Closed'].includes(String(i.fromString)))).toBe(
      true,
    );
    expect(truth.some((t) => t.changelog.some((h) => h.author === undefined))).toBe(true);
    const customers = truth.map((t) => f(t).customfield_10001 as unknown);
    expect(customers.some((c) => typeof c === 'string')).toBe(true);
    expect(customers.some((c) => Array.isArray(c))).toBe(true);
    expect(
      customers.some((c) => c !== null && typeof c === 'object' && !Array.isArray(c) && 'self' in c),
    ).toBe(true);
    expect(customers.some((c) => c === null)).toBe(true);
    const sprint = truth
      .map((t) => f(t).customfield_10020 as Record<string, unknown>[] | null)
      .find((s) => s && s.length > 0)!;
    expect(Object.keys(sprint[0]!)).toEqual(
      expect.arrayContaining(['id', 'name', 'state', 'boardId', 'goal']),
    );
    const users = truth.flatMap((t) => [f(t).reporter, f(t).assignee]).filter(Boolean) as Record<
      string,
      unknown
    >[];
    expect(users.some((u) => !('emailAddress' in u))).toBe(true);
    expect(users.some((u) => u.active === false)).toBe(true);
    const docs = truth.map((t) => f(t).description as AdfNode | null);
    expect(docs.some((d) => d === null)).toBe(true);
    const kinds = new Set<string>();
    for (const d of docs) nodeTypes(d, kinds);
    for (const k of [
      'paragraph',
      'heading',
      'bulletList',
      'orderedList',
      'codeBlock',
      'table',
      'tableRow',
      'tableCell',
      'mention',
      'emoji',
      'hardBreak',
      'inlineCard',
      'panel',
    ]) {
      expect(kinds, k).toContain(k);
    }
    expect(docs.some((d) => JSON.stringify(d).length > 10_000)).toBe(true);
    expect(truth.some((t) => t.links.length > 0)).toBe(true);
    expect(truth.some((t) => f(t).priority.name === 'Critical')).toBe(true);
    expect(
      truth.some((t) => typeof f(t).duedate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(f(t).duedate)),
    ).toBe(true);
  });
});
