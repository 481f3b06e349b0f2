import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimClock } from '../common/clock.js';
import { type JiraSim, startJiraSim } from './index.js';
import { jira } from './test-support.js';

/** Changelogs: bulk fetch paging, per-issue pages, embedded caps, quirks. */

let sim: JiraSim;
let bigKey: string;

beforeAll(async () => {
  sim = await startJiraSim({ seed: 21, items: 700, clock: new SimClock(Date.UTC(2026, 0, 10)) });
  const big = sim.control.truth().find((t) => t.changelog.length > 150);
  if (!big) throw new Error('seed 21 should produce an issue with more than 150 histories');
  bigKey = big.key;
});
afterAll(() => sim.close());

interface Page {
  issueChangeLogs: {
    issueId: string;
    changeHistories: { id: string; created: unknown; items: { fieldId?: string }[] }[];
  }[];
  nextPageToken?: string;
}

async function bulkAll(ids: string[], extra: Record<string, unknown> = {}) {
  const pairs: string[] = [];
  const issueOrder: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const r = await jira(sim, '/rest/api/3/changelog/bulkfetch', {
      body: { issueIdsOrKeys: ids, ...extra, ...(token ? { nextPageToken: token } : {}) },
    });
    expect(r.status, r.text).toBe(200);
    const page = r.json as Page;
    for (const log of page.issueChangeLogs) {
      if (issueOrder.at(-1) !== log.issueId) issueOrder.push(log.issueId);
      for (const h of log.changeHistories) pairs.push(`${log.issueId}/${h.id}`);
    }
    token = page.nextPageToken;
    pages++;
  } while (token);
  return { pairs, issueOrder, pages };
}

describe('POST /changelog/bulkfetch', () => {
  it('returns every history exactly once across pages, >150-entry issues included', async () => {
    const truth = sim.control.truth();
    const ids = truth.filter((t) => !t.deleted).map((t) => t.key);
    const expected = truth.flatMap((t) => t.changelog.map((h) => `${t.id}/${h.id}`));
    const chunks = [ids.slice(0, 1000)];
    const got: string[] = [];
    for (const chunk of chunks) {
      const { pairs, issueOrder, pages } = await bulkAll(chunk, { maxResults: 137 });
      got.push(...pairs);
      expect(pages).toBe(Math.ceil(pairs.length / 137));
      expect(issueOrder.map(Number)).toEqual([...issueOrder.map(Number)].sort((a, b) => a - b));
    }
    expect(got.length).toBe(expected.length);
    expect(new Set(got).size).toBe(got.length);
    expect(got.sort()).toEqual(expected.sort());
  });

  it('defaults to 1000 per page, keeps histories oldest first, filters by fieldIds and omits unknown ids', async () => {
    const r = await jira(sim, '/rest/api/3/changelog/bulkfetch', {
      body: { issueIdsOrKeys: [bigKey, 'NOPE-1', '99999999'] },
    });
    const logs = (r.json as Page).issueChangeLogs;
    expect(logs).toHaveLength(1);
    const ids = logs[0]!.changeHistories.map((h) => Number(h.id));
    expect(ids.length).toBeGreaterThan(150);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const status = await bulkAll([bigKey], { fieldIds: ['status'] });
    expect(status.pairs.length).toBeGreaterThan(0);
    const filtered = (
      await jira(sim, '/rest/api/3/changelog/bulkfetch', {
        body: { issueIdsOrKeys: [bigKey], fieldIds: ['status'] },
      })
    ).json as Page;
    for (const h of filtered.issueChangeLogs[0]!.changeHistories)
      expect(h.items.every((i) => i.fieldId === 'status')).toBe(true);
  });

  it('validates its limits', async () => {
    const ids = Array.from({ length: 1001 }, (_, i) => String(10000 + i));
    const bad = [
      await jira(sim, '/rest/api/3/changelog/bulkfetch', { body: { issueIdsOrKeys: ids } }),
      await jira(sim, '/rest/api/3/changelog/bulkfetch', { body: { issueIdsOrKeys: [] } }),
      await jira(sim, '/rest/api/3/changelog/bulkfetch', {
        body: { issueIdsOrKeys: ['ALPHA-1'], fieldIds: Array.from({ length: 11 }, (_, i) => `f${i}`) },
      }),
      await jira(sim, '/rest/api/3/changelog/bulkfetch', {
        body: { issueIdsOrKeys: ['ALPHA-1'], maxResults: 10001 },
      }),
      await jira(sim, '/rest/api/3/changelog/bulkfetch', {
        body: { issueIdsOrKeys: ['ALPHA-1'], nextPageToken: 'nope' },
      }),
    ];
    expect(bad.map((b) => b.status)).toEqual([400, 400, 400, 400, 400]);
  });

  it('optional quirks: a repeated history at page starts, epoch-seconds created', async () => {
    sim.control.configure({ bulkRepeatLastHistory: true, bulkEpochSecondsCreated: true });
    try {
      const { pairs } = await bulkAll([bigKey], { maxResults: 50 });
      const unique = new Set(pairs);
      expect(pairs.length).toBeGreaterThan(unique.size);
      expect(unique.size).toBe(sim.control.issue(bigKey)!.changelog.length);
      const r = (
        await jira(sim, '/rest/api/3/changelog/bulkfetch', {
          body: { issueIdsOrKeys: [bigKey], maxResults: 1 },
        })
      ).json as Page;
      expect(typeof r.issueChangeLogs[0]!.changeHistories[0]!.created).toBe('number');
    } finally {
      sim.control.configure({ bulkRepeatLastHistory: false, bulkEpochSecondsCreated: false });
    }
  });
});

describe('per-issue and embedded changelogs', () => {
  it('GET /issue/{key}/changelog pages oldest first with startAt/maxResults (capped at 100)', async () => {
    const all = sim.control.issue(bigKey)!.changelog.map((h) => h.id);
    const seen: string[] = [];
    let startAt = 0;
    for (;;) {
      const r = await jira(sim, `/rest/api/3/issue/${bigKey}/changelog?startAt=${startAt}&maxResults=1000`);
      expect(r.json.maxResults).toBe(100);
      expect(r.json.total).toBe(all.length);
      seen.push(...r.json.values.map((h: { id: string }) => h.id));
      if (r.json.isLast) {
        expect(r.json.nextPage).toBeUndefined();
        break;
      }
      expect(r.json.nextPage).toContain(`startAt=${startAt + 100}`);
      startAt += r.json.values.length;
    }
    expect(seen).toEqual(all);
    const def = await jira(sim, `/rest/api/3/issue/${bigKey}/changelog`);
    expect(def.json.values).toHaveLength(100);
  });

  it('embedded changelogs are newest first and capped, with an honest total', async () => {
    const all = sim.control.issue(bigKey)!.changelog.map((h) => h.id);
    const s = await jira(sim, '/rest/api/3/search/jql', {
      body: { jql: `key = ${bigKey}`, fields: ['summary'], expand: 'changelog' },
    });
    const cl = s.json.issues[0].changelog;
    expect(cl.total).toBe(all.length);
    expect(cl.histories).toHaveLength(40);
    expect(cl.histories.map((h: { id: string }) => h.id)).toEqual(all.slice(-40).reverse());
    const g = await jira(sim, `/rest/api/3/issue/${bigKey}?expand=changelog&fields=summary`);
    expect(g.json.changelog.histories).toHaveLength(100);
    sim.control.configure({ searchChangelogCap: 20 });
    const s20 = await jira(sim, '/rest/api/3/search/jql', {
      body: { jql: `key = ${bigKey}`, expand: 'changelog' },
    });
    sim.control.configure({ searchChangelogCap: 40 });
    expect(s20.json.issues[0].changelog.histories).toHaveLength(20);
  });
});
