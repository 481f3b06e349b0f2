import { describe, expect, it } from 'vitest';
import { SimClock } from '../common/clock.js';
import { generateItems } from './generator.js';
import { type FieldValue, type Item, PersonRef } from './model.js';
import { buildOrg } from './org.js';
import { stateCategory } from './process.js';
import { applyDelta } from './rules.js';
import { AdoStore } from './store.js';
import { ado, START, startTestSim } from './test-support.js';

/** The seeded generator: determinism, realistic variety, speed. */

function generate(seed: number, items: number, projects = ['Phoenix', 'Atlas']) {
  const org = buildOrg(seed, 'simorg', projects, START);
  return { org, data: generateItems(org, seed, items, START) };
}

function states(item: Item): string[] {
  const fields: Record<string, FieldValue> = {};
  return item.revisions.map((r) => {
    applyDelta(fields, r.delta);
    return String(fields['System.State']);
  });
}

describe('generator', () => {
  it('is deterministic: same seed → same data; another seed → other data', () => {
    const a = JSON.stringify(generate(42, 300));
    expect(JSON.stringify(generate(42, 300))).toBe(a);
    expect(JSON.stringify(generate(43, 300))).not.toBe(a);
  });

  it('two simulators with the same seed serve the same payloads (apart from their address)', async () => {
    const bodies: string[] = [];
    for (let i = 0; i < 2; i++) {
      const sim = await startTestSim({ seed: 11, items: 120 });
      const res = await ado(sim, '_apis/wit/reporting/workitemrevisions?$maxPageSize=400');
      const links = await ado(sim, '_apis/wit/reporting/workitemlinks');
      bodies.push((res.text + links.text).replaceAll(sim.url, 'BASE'));
      await sim.close();
    }
    expect(bodies[1]).toBe(bodies[0]);
  });

  it('produces every type and state category, re-opened items, long histories, deletions and moves', () => {
    const { data } = generate(5, 3000);
    const items = data.items;
    const types = new Set(items.map((i) => String(i.current['System.WorkItemType'])));
    expect([...types].sort()).toEqual([
      'Bug',
      'Customer Escalation',
      'Epic',
      'Feature',
      'Issue',
      'Task',
      'User Story',
    ]);
    const categories = new Set(
      items.map((i) =>
        stateCategory(String(i.current['System.WorkItemType']), String(i.current['System.State'])),
      ),
    );
    expect([...categories].sort()).toEqual(['Completed', 'InProgress', 'Proposed', 'Removed', 'Resolved']);
    const reopened = items.filter((i) =>
      states(i).some((s, k, all) => k > 0 && all[k - 1] === 'Closed' && s === 'Active'),
    );
    expect(reopened.length).toBeGreaterThan(10);
    const counts = items.map((i) => i.revisions.length);
    expect(counts.filter((n) => n > 150).length).toBeGreaterThan(5);
    expect(counts.filter((n) => n >= 3 && n <= 30).length / counts.length).toBeGreaterThan(0.7);
    expect(items.filter((i) => i.deleted).length).toBeGreaterThan(10);
    expect(
      items.filter((i) => i.revisions.slice(1).some((r) => 'System.TeamProject' in r.delta)).length,
    ).toBeGreaterThan(5);
    const ids = items.map((i) => i.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(ids.at(-1)).toBeGreaterThan(items.length); // some ids were destroyed long ago
  });

  it('fills the fields a sync maps, with awkward HTML and identities', () => {
    const { data } = generate(9, 2000);
    const items = data.items;
    const bugs = items.filter((i) => i.current['System.WorkItemType'] === 'Bug');
    expect(
      bugs.every((b) =>
        /^[1-4] - (Critical|High|Medium|Low)$/.test(String(b.current['Microsoft.VSTS.Common.Severity'])),
      ),
    ).toBe(true);
    expect(
      bugs.filter((b) => String(b.current['Microsoft.VSTS.TCM.ReproSteps'] ?? '').includes('<ol>')).length,
    ).toBeGreaterThan(bugs.length / 2);
    expect(items.filter((i) => i.current['Custom.CustomerName']).length).toBeGreaterThan(100);
    expect(
      items.every((i) => [1, 2, 3, 4].includes(Number(i.current['Microsoft.VSTS.Common.Priority']))),
    ).toBe(true);
    const descriptions = items
      .map((i) => i.current['System.Description'])
      .filter((d): d is string => typeof d === 'string');
    for (const needle of ['<table>', '<pre><code>', 'data-vss-mention="version:2.0,', '&amp;', '🇩🇪'])
      expect(
        descriptions.some((d) => d.includes(needle)),
        needle,
      ).toBe(true);
    expect(descriptions.some((d) => d === '')).toBe(true);
    expect(descriptions.some((d) => d.length > 30_000)).toBe(true);
    expect(items.some((i) => String(i.current['System.Tags'] ?? '').includes('; '))).toBe(true);
    expect(items.filter((i) => i.current['System.AssignedTo'] instanceof PersonRef).length).toBeGreaterThan(
      1000,
    );
    const closed = items.filter((i) => i.current['System.State'] === 'Closed');
    expect(closed.every((i) => typeof i.current['Microsoft.VSTS.Common.ClosedDate'] === 'number')).toBe(true);
    const kinds = new Set(items.flatMap((i) => i.resources.map((r) => r.kind)));
    expect([...kinds].sort()).toEqual(['ArtifactLink', 'AttachedFile', 'Hyperlink']);
    const families = new Set(data.links.map((l) => l.family));
    expect([...families].sort()).toEqual(['Dependency', 'Duplicate', 'Hierarchy', 'Related']);
    for (const item of items) {
      const at = item.revisions.map((r) => r.at);
      expect(at).toEqual([...at].sort((x, y) => x - y));
      expect(new Set(at).size).toBe(at.length);
      expect(at.at(-1)!).toBeLessThan(START);
    }
  });

  it('assigns watermarks in time order', () => {
    const { org, data } = generate(3, 500);
    const store = new AdoStore(org, new SimClock(START), data);
    let previous = 0;
    for (let wm = 1; wm <= store.watermark; wm++) {
      const e = store.logEntry(wm)!;
      const r = e.item.revisions[e.index]!;
      expect(r.wm).toBe(wm);
      expect(r.at).toBeGreaterThanOrEqual(previous);
      previous = r.at;
    }
  });

  it('generates 10,000 items well within a few seconds, and one project can hold more than 20,000', () => {
    const t0 = performance.now();
    const { data } = generate(1, 10_000);
    expect(performance.now() - t0).toBeLessThan(4000);
    expect(data.items).toHaveLength(10_000);
    const big = generate(2, 21_000, ['Solo']);
    expect(big.data.items.filter((i) => i.current['System.TeamProject'] === 'Solo')).toHaveLength(21_000);
  });
});
