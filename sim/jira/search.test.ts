import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimClock } from '../common/clock.js';
import { type JiraSim, startJiraSim } from './index.js';
import { jira } from './test-support.js';
import { formatJiraTime } from './time.js';

/** Search behaviour: removed endpoint, bounded JQL, auth, token paging, page caps, JQL dates and errors. */

const START = Date.UTC(2026, 5, 15, 12, 0, 0);
let sim: JiraSim;

beforeAll(async () => {
  sim = await startJiraSim({ seed: 3, items: 400, clock: new SimClock(START) });
});
afterAll(() => sim.close());

const q = (jql: string, extra = '') => `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}${extra}`;

/** Pages through /search/jql with POST, returning every issue and the page sizes. */
async function pageAll(s: JiraSim, body: Record<string, unknown>) {
  const issues: { id: string; key?: string; fields?: Record<string, unknown> }[] = [];
  const sizes: number[] = [];
  let token: string | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const r = await jira(s, '/rest/api/3/search/jql', {
      body: { ...body, ...(token ? { nextPageToken: token } : {}) },
    });
    expect(r.status, r.text).toBe(200);
    issues.push(...r.json.issues);
    sizes.push(r.json.issues.length);
    token = r.json.nextPageToken;
    expect(r.json.isLast).toBe(token === undefined);
    expect(r.json.total).toBeUndefined();
    if (!token) break;
  }
  return { issues, sizes };
}

describe('endpoints and errors', () => {
  it('the removed /rest/api/3/search answers 410 with Jira’s body (GET and POST), unless legacy mode is on', async () => {
    const body = {
      errorMessages: [
        'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
      ],
      errors: {},
    };
    for (const r of [
      await jira(sim, '/rest/api/3/search?jql=project%3DALPHA'),
      await jira(sim, '/rest/api/3/search', { body: { jql: 'project = ALPHA' } }),
    ]) {
      expect(r.status).toBe(410);
      expect(r.json).toEqual(body);
    }
    sim.control.configure({ legacySearch: true });
    const legacy = await jira(sim, '/rest/api/3/search?jql=project%3DALPHA&maxResults=5');
    sim.control.configure({ legacySearch: false });
    expect(legacy.status).toBe(200);
    expect(legacy.json.total).toBeGreaterThan(5);
  });

  it('unbounded JQL is a 400 with Jira’s message, on search and on approximate-count', async () => {
    const body = {
      errorMessages: [
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
      ],
      errors: {},
    };
    for (const jql of ['', 'order by key desc', 'ORDER BY updated ASC']) {
      const r = await jira(sim, '/rest/api/3/search/jql', { body: { jql } });
      expect(r.status).toBe(400);
      expect(r.json).toEqual(body);
    }
    const c = await jira(sim, '/rest/api/3/search/approximate-count', { body: { jql: 'order by key' } });
    expect([c.status, c.json]).toEqual([400, body]);
    expect((await jira(sim, q('id != null'))).status).toBe(200);
  });

  it('bad or missing credentials get 401 (plain text by default, JSON when configured)', async () => {
    const wrong = `Basic ${Buffer.from('sim@example.com:wrong').toString('base64')}`;
    const r = await jira(sim, '/rest/api/3/myself', { auth: wrong });
    expect(r.status).toBe(401);
    expect(r.text).toBe('Client must be authenticated to access this resource.');
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await jira(sim, q('project = ALPHA'), { auth: null })).status).toBe(401);
    expect((await jira(sim, '/rest/api/3/myself', { auth: 'Bearer sim-jira-token' })).status).toBe(401);
    sim.control.configure({ unauthorizedStyle: 'json', anonymousEmptySearch: true });
    const j = await jira(sim, '/rest/api/3/myself', { auth: wrong });
    const anon = await jira(sim, q('project = ALPHA'), { auth: null });
    sim.control.configure({ unauthorizedStyle: 'text', anonymousEmptySearch: false });
    expect([j.status, j.json]).toEqual([
      401,
      { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} },
    ]);
    expect([anon.status, anon.json]).toEqual([200, { issues: [], isLast: true }]);
  });

  it('JQL errors are 400 ErrorCollections worded like Jira', async () => {
    const msg = async (jql: string) => (await jira(sim, q(jql))).json.errorMessages[0] as string;
    expect(await msg('project = ALPHA AND foo = 1')).toBe(
      "Field 'foo' does not exist or you do not have permission to view it.",
    );
    expect(await msg('project = NOPE')).toBe("The value 'NOPE' does not exist for the field 'project'.");
    expect(await msg('key in (ALPHA-1, ALPHA-99999)')).toBe(
      "An issue with key 'ALPHA-99999' does not exist for field 'key'.",
    );
    expect(await msg('project > ALPHA')).toBe("The operator '>' is not supported by the 'project' field.");
    expect(await msg('updated >= "yesterday"')).toMatch(
      /^Date value 'yesterday' for field 'updated' is invalid/,
    );
    expect(await msg('project = ALPHA updated')).toMatch(
      /^Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'updated'/,
    );
    expect(await msg('project ALPHA')).toMatch(/^Error in the JQL Query: Expecting operator but got 'ALPHA'/);
  });
});

describe('paging', () => {
  it('pages through 10,000 issues exactly once (ids only and with fields), quickly', async () => {
    const t0 = performance.now();
    const big = await startJiraSim({ seed: 11, items: 10_000, clock: new SimClock(START) });
    try {
      const generated = performance.now() - t0;
      const jql = 'project in (ALPHA, BETA, GAMMA) ORDER BY updated ASC, key ASC';
      const ids = await pageAll(big, { jql, fields: ['id'], maxResults: 5000 });
      expect(ids.sizes).toEqual([5000, 5000]);
      expect(new Set(ids.issues.map((i) => i.id)).size).toBe(10_000);
      const full = await pageAll(big, { jql, fields: ['summary', 'updated', 'status'], maxResults: 1000 });
      expect(full.sizes.slice(0, -1).every((n) => n === 100)).toBe(true);
      expect(full.issues).toHaveLength(10_000);
      expect(new Set(full.issues.map((i) => i.key)).size).toBe(10_000);
      const times = full.issues.map((i) =>
        Date.parse(String(i.fields?.updated).replace(/([+-]\d{2})(\d{2})$/, '$1:$2')),
      );
      expect(times.every((t, k) => k === 0 || t >= times[k - 1]!)).toBe(true);
      const count = await jira(big, '/rest/api/3/search/approximate-count', {
        body: { jql: 'project in (ALPHA, BETA, GAMMA)' },
      });
      expect(count.json.count).toBe(10_000);
      const total = performance.now() - t0;
      expect(generated).toBeLessThan(5_000);
      expect(total).toBeLessThan(15_000);
    } finally {
      await big.close();
    }
  });

  it('fields default to id; maxResults defaults to 50; the page cap applies to full fields', async () => {
    const d = await jira(sim, q('project = ALPHA'));
    expect(d.json.issues).toHaveLength(50);
    expect(d.json.issues.every((i: object) => Object.keys(i).join() === 'id')).toBe(true);
    const capped = await jira(sim, q('project in (ALPHA, BETA)', '&maxResults=500&fields=*navigable'));
    expect(capped.json.issues).toHaveLength(100);
    const f = capped.json.issues[0].fields;
    expect(f.summary).toBeTypeOf('string');
    expect(f.comment).toBeUndefined();
    const some = await jira(sim, q('project = ALPHA', '&fields=summary&fields=status,-status&maxResults=1'));
    expect(Object.keys(some.json.issues[0].fields)).toEqual(['summary']);
  });

  it('the page token is bound to its query and expires after 7 days', async () => {
    const first = await jira(sim, q('project = ALPHA', '&maxResults=10'));
    const token = first.json.nextPageToken as string;
    expect((await jira(sim, q('project = ALPHA', `&maxResults=10&nextPageToken=${token}`))).status).toBe(200);
    const other = await jira(sim, q('project = BETA', `&nextPageToken=${token}`));
    expect(other.status).toBe(400);
    expect((await jira(sim, q('project = ALPHA', '&nextPageToken=garbage'))).status).toBe(400);
    sim.clock.advance(7 * 86_400_000 + 1);
    expect((await jira(sim, q('project = ALPHA', `&nextPageToken=${token}`))).status).toBe(400);
  });

  it('orders by key numerically and resolves key/id lists', async () => {
    const r = await jira(sim, q('project = BETA ORDER BY key DESC', '&fields=key&maxResults=20'));
    const nums = r.json.issues.map((i: { key: string }) => Number(i.key.split('-')[1]));
    expect(nums).toEqual([...nums].sort((a, b) => b - a));
    const byKey = await jira(sim, q('key in (ALPHA-1, beta-2) OR id = 10003', '&fields=key'));
    expect(byKey.json.issues.map((i: { key: string }) => i.key).sort()).toEqual(
      expect.arrayContaining(['ALPHA-1', 'BETA-2']),
    );
  });
});

describe('JQL dates', () => {
  it('string dates are read in the API user’s time zone; epoch milliseconds are exact', async () => {
    const la = await startJiraSim({
      seed: 5,
      items: 400,
      clock: new SimClock(START),
      timeZone: 'America/Los_Angeles',
    });
    try {
      const me = await jira(la, '/rest/api/3/myself');
      expect(me.json.timeZone).toBe('America/Los_Angeles');
      const truth = la.control.truth({ changelog: false });
      const updated = truth
        .map((t) => Date.parse(String(t.fields.updated).replace(/([+-]\d{2})(\d{2})$/, '$1:$2')))
        .sort((a, b) => a - b);
      const watermark = Math.floor(updated[updated.length - 40]! / 60_000) * 60_000;
      const expected = updated.filter((u) => u >= watermark).length;
      const count = async (jql: string) =>
        (await jira(la, '/rest/api/3/search/approximate-count', { body: { jql } })).json.count as number;
      expect(await count(`project in (ALPHA, BETA, GAMMA) AND updated >= ${watermark}`)).toBe(expected);
      const utcText = new Date(watermark).toISOString().slice(0, 16).replace('T', ' ').replaceAll('-', '/');
      const localText = formatJiraTime(watermark, 'America/Los_Angeles')
        .slice(0, 16)
        .replace('T', ' ')
        .replaceAll('-', '/');
      // A client rendering its watermark in UTC skips everything changed in the offset's hours.
      expect(await count(`project in (ALPHA, BETA, GAMMA) AND updated >= "${utcText}"`)).toBeLessThan(
        expected,
      );
      expect(await count(`project in (ALPHA, BETA, GAMMA) AND updated >= "${localText}"`)).toBe(expected);
      const day = localText.slice(0, 10).replaceAll('/', '-');
      expect(await count(`project in (ALPHA, BETA, GAMMA) AND updated >= "${day}"`)).toBeGreaterThanOrEqual(
        expected,
      );
      expect(String(truth[0]!.fields.created)).toMatch(/-0[78]00$/);
    } finally {
      await la.close();
    }
  });

  it('supports created, <, <=, relative dates and OR', async () => {
    const now = sim.clock.now();
    const all = (
      await jira(sim, '/rest/api/3/search/approximate-count', {
        body: { jql: 'project in (ALPHA, BETA, GAMMA)' },
      })
    ).json.count;
    const before = (
      await jira(sim, '/rest/api/3/search/approximate-count', {
        body: { jql: `project in (ALPHA, BETA, GAMMA) AND created < ${now - 365 * 86_400_000}` },
      })
    ).json.count;
    const after = (
      await jira(sim, '/rest/api/3/search/approximate-count', {
        body: { jql: 'project in (ALPHA, BETA, GAMMA) AND created >= -365d' },
      })
    ).json.count;
    expect(before + after).toBeGreaterThanOrEqual(all - 1);
    expect(before).toBeGreaterThan(0);
    expect(after).toBeGreaterThan(0);
  });
});
