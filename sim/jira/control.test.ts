import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimClock } from '../common/clock.js';
import { type JiraSim, startJiraSim } from './index.js';
import { type JiraResponse, jira } from './test-support.js';

/** Control API and what clients see of its changes: consistency lag, moves, deletes, links, faults, webhooks. */

let sim: JiraSim;
const MINUTE = 60_000;

beforeAll(async () => {
  sim = await startJiraSim({
    seed: 9,
    items: 200,
    clock: new SimClock(Date.UTC(2026, 3, 1, 8)),
    consistencyDelayMs: 5 * MINUTE,
  });
});
afterAll(() => sim.close());

const count = async (jql: string) =>
  (await jira(sim, '/rest/api/3/search/approximate-count', { body: { jql } })).json.count as number;
const searchKeys = async (jql: string) =>
  (await jira(sim, '/rest/api/3/search/jql', { body: { jql, fields: ['key', 'summary'], maxResults: 100 } }))
    .json.issues as { key: string; fields: { summary: string } }[];

describe('eventual consistency', () => {
  it('changes reach GET issue at once and search only after the delay', async () => {
    const since = sim.clock.now();
    const target = (await jira(sim, '/rest/api/3/issue/ALPHA-3?fields=summary')).json;
    const before = target.fields.summary;
    sim.control.updateIssue('ALPHA-3', { summary: 'Renamed “now” 🚀' });
    const created = sim.control.createIssue({ projectKey: 'BETA', issueType: 'Bug', summary: 'Fresh bug' });
    expect((await jira(sim, '/rest/api/3/issue/ALPHA-3?fields=summary')).json.fields.summary).toBe(
      'Renamed “now” 🚀',
    );
    expect((await jira(sim, `/rest/api/3/issue/${created.key}`)).status).toBe(200);
    expect((await searchKeys('key = ALPHA-3'))[0]!.fields.summary).toBe(before);
    expect(await count(`project in (ALPHA, BETA) AND updated >= ${since}`)).toBe(0);
    const strong = await jira(sim, '/rest/api/3/search/jql', {
      body: {
        jql: 'key = ALPHA-3',
        fields: ['summary'],
        reconcileIssues: [Number(created.id), Number(target.id)],
      },
    });
    expect(strong.json.issues[0].fields.summary).toBe('Renamed “now” 🚀');
    sim.clock.advance(5 * MINUTE);
    expect(
      (await searchKeys(`project in (ALPHA, BETA) AND updated >= ${since}`)).map((i) => i.key).sort(),
    ).toEqual(['ALPHA-3', created.key].sort());
  });
});

describe('changes and their changelog', () => {
  it('updates append histories with new increasing ids and bump updated', () => {
    const before = sim.control.issue('GAMMA-2')!;
    sim.clock.advance(MINUTE);
    const after = sim.control.updateIssue('GAMMA-2', {
      priority: 'Critical',
      labels: ['x', 'y'],
      assignee: null,
      customer: { id: '10201', value: 'Globex' },
    });
    const added = after.changelog.slice(before.changelog.length);
    expect(added).toHaveLength(1);
    const maxBefore = Math.max(
      ...sim.control
        .truth({ changelog: true })
        .flatMap((t) => t.changelog.slice(0, -1).map((h) => Number(h.id))),
    );
    expect(Number(added[0]!.id)).toBeGreaterThan(maxBefore - 1);
    expect(after.fields.updated).not.toBe(before.fields.updated);
    expect((added[0]!.items as { field: string }[]).map((i) => i.field)).toEqual(
      expect.arrayContaining(['priority', 'labels', 'Customer']),
    );
    expect(after.fields.customfield_10001).toMatchObject({ value: 'Globex', id: '10201' });
  });

  it('changes the issue type, mapping a status the new workflow lacks, in one history', () => {
    const bug = sim.control.createIssue({ projectKey: 'BETA', issueType: 'Bug', summary: 'Typed' });
    expect(bug.fields.status).toMatchObject({ name: 'Backlog' });
    sim.clock.advance(MINUTE);
    const task = sim.control.updateIssue(bug.key, { issueType: 'Task' });
    expect(task.fields.issuetype).toMatchObject({ name: 'Task' });
    // Backlog is a Bug-workflow status: the Task keeps its category (to do) with the Task workflow's status.
    expect(task.fields.status).toMatchObject({ name: 'To Do', statusCategory: { key: 'new' } });
    const last = task.changelog.at(-1)!.items as {
      field: string;
      fromString: string | null;
      toString: string | null;
    }[];
    expect(last.map((i) => [i.field, i.fromString, i.toString])).toEqual([
      ['issuetype', 'Bug', 'Task'],
      ['status', 'Backlog', 'To Do'],
    ]);
    expect(() => sim.control.updateIssue(bug.key, { issueType: 'Sub-task' })).toThrow(/Sub-task/);
  });

  it('transitions set and clear the resolution (re-opening)', () => {
    const done = sim.control.transition('ALPHA-4', 'Done');
    expect(done.fields.resolution).toMatchObject({ name: 'Done' });
    expect(done.fields.resolutiondate).toMatch(/\+1\d00$/);
    const reopened = sim.control.transition('ALPHA-4', 'Reopened');
    expect(reopened.fields.resolution).toBeNull();
    expect(reopened.fields.resolutiondate).toBeNull();
    const last = reopened.changelog.at(-1)!.items as { field: string; fromString: string | null }[];
    expect(last.map((i) => i.field)).toEqual(['resolution', 'status']);
  });

  it('a moved issue keeps its id, gets a new key, and the old key still resolves', async () => {
    const moved = sim.control.moveIssue('ALPHA-5', 'GAMMA');
    expect(moved.key).toMatch(/^GAMMA-\d+$/);
    expect(moved.keyHistory).toEqual(['ALPHA-5', moved.key]);
    const viaOld = await jira(sim, '/rest/api/3/issue/alpha-5?fields=project');
    expect(viaOld.status).toBe(200);
    expect(viaOld.json.key).toBe(moved.key);
    expect(viaOld.json.id).toBe(moved.id);
    expect(viaOld.json.fields.project.key).toBe('GAMMA');
    const items = moved.changelog.at(-1)!.items as { field: string; fromString: string; toString: string }[];
    expect(items.slice(0, 2)).toEqual([
      expect.objectContaining({ field: 'project', fromString: 'Alpha Project', toString: 'Gamma Project' }),
      expect.objectContaining({ field: 'Key', fromString: 'ALPHA-5', toString: moved.key }),
    ]);
    // The components and sprints of the old project are dropped, and the history says so.
    const before = sim.control.truth({ ids: [moved.id], changelog: false })[0]!;
    expect(before.fields.components).toEqual([]);
    for (const i of items.slice(2)) {
      expect(['Component', 'Sprint']).toContain(i.field);
      expect(i.toString ?? null).toBeNull();
    }
    sim.clock.advance(5 * MINUTE);
    expect((await searchKeys('key = ALPHA-5')).map((i) => i.key)).toEqual([moved.key]);
    expect(
      (await jira(sim, '/rest/api/3/changelog/bulkfetch', { body: { issueIdsOrKeys: ['ALPHA-5'] } })).json
        .issueChangeLogs[0].issueId,
    ).toBe(moved.id);
  });

  it('a deleted issue is 404 with Jira’s body, then gone from search and bulk fetch', async () => {
    const victim = sim.control.issue('BETA-3')!;
    sim.control.deleteIssue('BETA-3');
    const body = {
      errorMessages: ['Issue does not exist or you do not have permission to see it.'],
      errors: {},
    };
    for (const path of [
      '/rest/api/3/issue/BETA-3',
      `/rest/api/3/issue/${victim.id}`,
      '/rest/api/3/issue/BETA-3/changelog',
    ]) {
      const r = await jira(sim, path);
      expect([r.status, r.json]).toEqual([404, body]);
    }
    // The index lags: still found by search until the delay passes.
    expect(await count(`id = ${victim.id}`)).toBe(1);
    sim.clock.advance(5 * MINUTE);
    expect(await count(`id = ${victim.id}`)).toBe(0);
    expect((await jira(sim, '/rest/api/3/search/jql', { body: { jql: 'key = BETA-3' } })).status).toBe(400);
    const bulk = await jira(sim, '/rest/api/3/changelog/bulkfetch', {
      body: { issueIdsOrKeys: [victim.id] },
    });
    expect(bulk.json.issueChangeLogs).toEqual([]);
    expect(sim.control.issue(victim.id)!.deleted).toBe(true);
  });

  it('links appear mirrored on both issues with Link histories, and go away', async () => {
    const { id } = sim.control.addLink('Blocks', 'GAMMA-3', 'GAMMA-4');
    const a = (await jira(sim, '/rest/api/3/issue/GAMMA-3?fields=issuelinks')).json.fields.issuelinks;
    const b = (await jira(sim, '/rest/api/3/issue/GAMMA-4?fields=issuelinks')).json.fields.issuelinks;
    expect(a.find((l: { id: string }) => l.id === id)).toMatchObject({
      type: { name: 'Blocks', outward: 'blocks' },
      outwardIssue: { key: 'GAMMA-4' },
    });
    expect(b.find((l: { id: string }) => l.id === id)).toMatchObject({ inwardIssue: { key: 'GAMMA-3' } });
    expect(sim.control.issue('GAMMA-3')!.changelog.at(-1)!.items).toEqual([
      expect.objectContaining({ field: 'Link', toString: 'This issue blocks GAMMA-4' }),
    ]);
    sim.control.removeLink(id);
    expect(sim.control.issue('GAMMA-4')!.links.find((l) => l.id === id)).toBeUndefined();
  });
});

describe('faults, counters and the HTTP control API', () => {
  it('429 carries Retry-After and the X-RateLimit/RateLimit-Reason headers; normal responses carry X-RateLimit-*', async () => {
    sim.control.addFault({ kind: 'rate-limit', retryAfterSeconds: 7, path: '/search/jql', count: 1 });
    const r = await jira(sim, '/rest/api/3/search/jql?jql=project%3DALPHA');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(r.headers.get('x-ratelimit-limit')).toBe('100');
    expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(r.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(r.headers.get('ratelimit-reason')).toBe('jira-burst-based');
    const ok = await jira(sim, '/rest/api/3/search/jql?jql=project%3DALPHA');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-ratelimit-limit')).toBe('100');
    expect(ok.headers.get('x-aaccountid')).toBeTruthy();
    sim.control.configure({ rateLimitReason: 'gateway', rateLimitBody: 'empty' });
    sim.control.addFault({ kind: 'rate-limit', retryAfterSeconds: 1, count: 1 });
    const gw = await jira(sim, '/rest/api/3/myself');
    sim.control.configure({ rateLimitReason: 'jira-burst-based', rateLimitBody: 'json' });
    expect([gw.status, gw.headers.get('retry-after'), gw.text]).toEqual([429, null, '']);
  });

  it('503 with Retry-After, and issue security hiding an issue like a delete', async () => {
    sim.control.addUnavailable({ retryAfterSeconds: 30, path: '/rest/api/3/field', count: 1 });
    const down = await jira(sim, '/rest/api/3/field');
    expect([down.status, down.headers.get('retry-after')]).toEqual([503, '30']);
    expect((await jira(sim, '/rest/api/3/field')).status).toBe(200);
    const visible = await count('project = ALPHA');
    sim.control.hideIssue('ALPHA-7');
    expect((await jira(sim, '/rest/api/3/issue/ALPHA-7')).status).toBe(404);
    expect(await count('project = ALPHA')).toBe(visible - 1);
    expect((await jira(sim, '/rest/api/3/search/jql', { body: { jql: 'key = ALPHA-7' } })).status).toBe(400);
    sim.control.hideIssue('ALPHA-7', false);
    expect((await jira(sim, '/rest/api/3/issue/ALPHA-7')).status).toBe(200);
  });

  it('5xx faults, and burst limits when enforced', async () => {
    sim.control.addFault({ kind: 'server-error', status: 503, path: '/myself', count: 1 });
    expect((await jira(sim, '/rest/api/3/myself')).status).toBe(503);
    expect((await jira(sim, '/rest/api/3/myself')).status).toBe(200);
    sim.control.configure({ enforceBurstLimits: true });
    const statuses = await Promise.all(
      Array.from({ length: 300 }, () => jira(sim, '/rest/api/3/field').then((r) => r.status)),
    );
    sim.control.configure({ enforceBurstLimits: false });
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  });

  it('counts requests per endpoint; control requests are neither counted nor faulted', async () => {
    sim.control.resetCounts();
    await jira(sim, '/rest/api/3/myself');
    await jira(sim, '/rest/api/3/issue/ALPHA-1');
    await jira(sim, '/rest/api/3/issue/ALPHA-2/changelog');
    sim.control.addFault({ kind: 'server-error', status: 500 });
    const clock = await fetch(`${sim.url}/__sim/clock/advance`, {
      method: 'POST',
      body: JSON.stringify({ ms: 1000 }),
    });
    await fetch(`${sim.url}/__sim/faults`, { method: 'DELETE' });
    expect(clock.status).toBe(200);
    expect(sim.control.counts()).toEqual({ myself: 1, issue: 1, 'issue/changelog': 1 });
  });

  it('drives the simulator over HTTP', async () => {
    const call = async (
      method: string,
      path: string,
      body?: unknown,
    ): Promise<{ status: number; json: JiraResponse['json'] }> => {
      const r = await fetch(`${sim.url}/__sim${path}`, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: r.status, json: r.status === 204 ? undefined : await r.json() };
    };
    const c = await call('POST', '/issues', {
      projectKey: 'ALPHA',
      issueType: 'Story',
      summary: 'Over HTTP',
      description: 'plain text',
    });
    expect(c.status).toBe(200);
    expect(c.json.fields.description).toMatchObject({ type: 'doc', version: 1 });
    expect((await call('PATCH', `/issues/${c.json.key}`, { summary: 'Patched' })).json.fields.summary).toBe(
      'Patched',
    );
    expect(
      (await call('POST', `/issues/${c.json.key}/transition`, { status: 'In Progress' })).json.fields.status
        .name,
    ).toBe('In Progress');
    expect((await call('POST', `/issues/${c.json.key}/move`, { projectKey: 'BETA' })).json.key).toMatch(
      /^BETA-/,
    );
    expect((await call('DELETE', `/issues/${c.json.id}`)).status).toBe(204);
    expect((await call('GET', `/issues/${c.json.id}`)).json.deleted).toBe(true);
    expect((await call('GET', '/issues?ids=ALPHA-1&changelog=false')).json[0].key).toBe('ALPHA-1');
    expect((await call('PATCH', '/issues/NOPE-1', { summary: 'x' })).status).toBe(404);
    expect((await call('POST', '/settings', { fieldsPageCap: 50 })).json.fieldsPageCap).toBe(50);
    await call('POST', '/settings', { fieldsPageCap: 100 });
  });

  it('emits webhooks with delivery headers, duplicates included', async () => {
    const received: { event: string; id: string; retry: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({
          event: (JSON.parse(body) as { webhookEvent: string }).webhookEvent,
          id: String(req.headers['x-atlassian-webhook-identifier']),
          retry: String(req.headers['x-atlassian-webhook-retry']),
        });
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const port = (receiver.address() as AddressInfo).port;
      sim.control.registerWebhook({ url: `http://127.0.0.1:${port}/hook`, duplicate: true });
      sim.control.updateIssue('GAMMA-5', { summary: 'Hooked' });
      sim.control.deleteIssue('GAMMA-6');
      await sim.control.flushWebhooks();
      expect(received.map((r) => r.event)).toEqual([
        'jira:issue_updated',
        'jira:issue_updated',
        'jira:issue_deleted',
        'jira:issue_deleted',
      ]);
      expect(received[0]!.id).toBe(received[1]!.id);
      expect(received.map((r) => r.retry)).toEqual(['0', '1', '0', '1']);
    } finally {
      receiver.close();
    }
  });
});
