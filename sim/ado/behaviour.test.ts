import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdoSim } from './index.js';
import { ado, basic, startTestSim } from './test-support.js';

/** Auth, api-version, service limits, parameter conflicts, WIQL precision and throttling. */

let sim: AdoSim;
type Err = { message: string; typeKey: string; eventId: number };
type Wiql = { workItems: { id: number }[] };

beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(() => sim.close());

describe('authentication', () => {
  it('accepts the PAT as the Basic password with any user name', async () => {
    expect((await ado(sim, '_apis/projects', { auth: basic('anyone', sim.pat) })).status).toBe(200);
    expect((await ado(sim, '_apis/projects', { auth: basic('', sim.pat) })).status).toBe(200);
  });

  it('answers a bad PAT with the 203 HTML sign-in page without X-TFS-FedAuthRedirect', async () => {
    for (const auth of [basic('', 'wrong'), null, 'Bearer abc']) {
      const res = await ado(sim, '_apis/wit/workitems?ids=1', { auth, suppress: false });
      expect(res.status).toBe(203);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.text).toMatch(/^<!DOCTYPE html>/);
      expect(() => JSON.parse(res.text)).toThrow();
    }
  });

  it('answers 401 with TF400813 and WWW-Authenticate when the client sends Suppress', async () => {
    const bad = await ado<Err>(sim, '_apis/wit/wiql', { auth: basic('', 'wrong'), body: { query: 'x' } });
    expect(bad.status).toBe(401);
    expect(bad.body.message).toBe("TF400813: The user '' is not authorized to access this resource.");
    expect(bad.body.typeKey).toBe('UnauthorizedRequestException');
    expect(bad.headers.get('www-authenticate')).toMatch(
      /^Bearer authorization_uri=.*Basic realm=.*TFS-Federated$/,
    );
    expect(bad.headers.get('x-tfs-fedauthrealm')).toBeTruthy();
    const anonymous = await ado<Err>(sim, '_apis/projects', { auth: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.message).toMatch(/anonymous access/);
  });

  it('rejects a non-canonical base64 credential (a stray "=")', async () => {
    const token = Buffer.from(`:${sim.pat}`).toString('base64');
    expect((await ado(sim, '_apis/projects', { auth: `Basic ${token}=` })).status).toBe(401);
  });
});

describe('api-version', () => {
  it('is required: the real 400 without it', async () => {
    const res = await ado<Err>(sim, '_apis/wit/workitems?ids=1', { version: null });
    expect(res.status).toBe(400);
    expect(res.body.typeKey).toBe('VssVersionNotSpecifiedException');
    expect(res.body.message).toMatch(/^No api-version was supplied for the "GET" request\./);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('may come in the Accept header and is echoed in content-type', async () => {
    const res = await ado(sim, '_apis/wit/workitems?ids=1', {
      version: null,
      headers: { accept: 'application/json;api-version=7.1-preview.3' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/json; charset=utf-8; api-version=7.1-preview.3',
    );
  });

  it('rejects versions above the maximum and preview-only resources without -preview', async () => {
    expect((await ado<Err>(sim, '_apis/projects', { version: '8.0' })).body.typeKey).toBe(
      'VssVersionOutOfRangeException',
    );
    const preview = await ado<Err>(sim, '_apis/teams', { version: '7.1' });
    expect(preview.status).toBe(400);
    expect(preview.body.typeKey).toBe('VssInvalidPreviewVersionException');
    expect((await ado(sim, '_apis/teams', { version: '7.1-preview.3' })).status).toBe(200);
    expect(
      (await ado<Err>(sim, 'Phoenix/Phoenix%20Team/_apis/work/teamsettings/iterations', { version: '7.2' }))
        .status,
    ).toBe(400);
    expect(
      (
        await ado(sim, 'Phoenix/Phoenix%20Team/_apis/work/teamsettings/iterations', {
          version: '7.2-preview.1',
        })
      ).status,
    ).toBe(200);
  });
});

describe('work item reads', () => {
  it('VS403474 above 200 ids (GET and batch)', async () => {
    const ids = Array.from({ length: 201 }, (_, i) => i + 1);
    const get = await ado<Err>(sim, `_apis/wit/workitems?ids=${ids.join(',')}`);
    expect(get.status).toBe(400);
    expect(get.body.message).toBe('VS403474: You requested 201 work items which exceeds the limit of 200');
    const batch = await ado<Err>(sim, '_apis/wit/workitemsbatch', { body: { ids } });
    expect(batch.status).toBe(400);
    expect(batch.body.message).toMatch(/^VS403474/);
    expect(
      (await ado(sim, '_apis/wit/workitemsbatch', { body: { ids: ids.slice(0, 200), errorPolicy: 'omit' } }))
        .status,
    ).toBe(200);
  });

  it('fields with $expand (other than none/links) is the real conflict 400', async () => {
    const id = sim.control.ids()[0];
    for (const expand of ['relations', 'all', 'fields', '1', '4']) {
      const res = await ado<Err>(sim, `_apis/wit/workitems?ids=${id}&fields=System.Title&$expand=${expand}`);
      expect(res.status, expand).toBe(400);
      expect(res.body.message).toBe('The expand parameter can not be used with the fields parameter.');
    }
    const batch = await ado<Err>(sim, '_apis/wit/workitemsbatch', {
      body: { ids: [id], fields: ['System.Title'], $expand: 'Relations' },
    });
    expect(batch.status).toBe(400);
    expect((await ado(sim, `_apis/wit/workitems?ids=${id}&fields=System.Title&$expand=links`)).status).toBe(
      200,
    );
    expect((await ado(sim, `_apis/wit/workitems/${id}?fields=System.Title&$expand=None`)).status).toBe(200);
  });

  it('missing or deleted ids: 404 TF401232 by default, null entries with errorPolicy=omit', async () => {
    const [a, b] = sim.control.ids();
    sim.control.deleteItem(b!);
    const fail = await ado<Err>(sim, `_apis/wit/workitems?ids=${a},${b},999999`);
    expect(fail.status).toBe(404);
    expect(fail.body.message).toBe(
      `TF401232: Work item ${b} does not exist, or you do not have permissions to read it.`,
    );
    expect(fail.body.typeKey).toBe('WorkItemUnauthorizedAccessException');
    const omit = await ado<{ count: number; value: ({ id: number } | null)[] }>(
      sim,
      `_apis/wit/workitems?ids=${a},${b},999999&errorPolicy=Omit`,
    );
    expect(omit.body.value.map((v) => v?.id ?? null)).toEqual([a, null, null]);
    expect((await ado(sim, `_apis/wit/workitems/${b}`)).status).toBe(404);
    sim.control.restoreItem(b!);
    expect((await ado(sim, `_apis/wit/workitems/${b}`)).status).toBe(200);
  });

  it('asOf returns the fields as they were', async () => {
    const item = sim.control.createItem({ type: 'Bug', project: 'Phoenix', title: 'before' });
    const t0 = Date.parse(String(item.fields['System.ChangedDate']));
    sim.clock.advance(60_000);
    sim.control.updateFields(item.id, { 'System.Title': 'after' });
    // node-api sends RFC 1123 dates (whole seconds); others ISO 8601.
    const asOf = new Date(Math.ceil((t0 + 1) / 1000) * 1000).toUTCString();
    const then = await ado<{ fields: Record<string, unknown>; rev: number }>(
      sim,
      `_apis/wit/workitems/${item.id}?asOf=${encodeURIComponent(asOf)}`,
    );
    expect(then.body.fields['System.Title']).toBe('before');
    expect(then.body.rev).toBe(1);
    const now = await ado<{ value: { fields: Record<string, unknown> }[] }>(
      sim,
      `_apis/wit/workitems?ids=${item.id}`,
    );
    expect(now.body.value[0]!.fields['System.Title']).toBe('after');
  });
});

describe('WIQL', () => {
  it('rejects a time without timePrecision=true, accepts it with', async () => {
    const query =
      "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.ChangedDate] >= '2025-05-20T10:11:27Z'";
    const day = await ado<Err>(sim, 'Phoenix/_apis/wit/wiql', { body: { query } });
    expect(day.status).toBe(400);
    expect(day.body.message).toBe(
      "You cannot supply a time with the date when running a query using date precision. The error is caused by «[System.ChangedDate] >= '2025-05-20T10:11:27Z'».",
    );
    expect(day.body.eventId).toBe(3200);
    expect((await ado(sim, 'Phoenix/_apis/wit/wiql?timePrecision=true', { body: { query } })).status).toBe(
      200,
    );
  });

  it('compares whole days without timePrecision and instants with it', async () => {
    const item = sim.control.createItem({ type: 'Task', project: 'Atlas', title: 'precision' });
    const changed = Date.parse(String(item.fields['System.ChangedDate']));
    const dayOnly = new Date(changed).toISOString().slice(0, 10);
    const later = new Date(changed + 1000).toISOString();
    const q = (cond: string) => ({
      query: `SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = 'Atlas' AND ${cond}`,
    });
    const byDay = await ado<Wiql>(sim, '_apis/wit/wiql', { body: q(`[System.ChangedDate] >= '${dayOnly}'`) });
    expect(byDay.body.workItems.map((w) => w.id)).toContain(item.id);
    const byTime = await ado<Wiql>(sim, '_apis/wit/wiql?timePrecision=true', {
      body: q(`[System.ChangedDate] >= '${later}'`),
    });
    expect(byTime.body.workItems.map((w) => w.id)).not.toContain(item.id);
  });

  it('filters, orders and truncates with $top; @project needs a project in the URL', async () => {
    const query =
      "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.WorkItemType] IN ('Bug', 'Customer Escalation') AND [System.Id] > 10 ORDER BY [System.ChangedDate] ASC, [System.Id] ASC";
    const all = await ado<Wiql>(sim, 'Phoenix/_apis/wit/wiql', { body: { query } });
    const truth = sim.control
      .truthAll({ revisions: false })
      .filter(
        (t) =>
          !t.deleted &&
          t.project === 'Phoenix' &&
          ['Bug', 'Customer Escalation'].includes(t.type) &&
          t.id > 10,
      )
      .sort(
        (x, y) =>
          String(x.fields['System.ChangedDate']).localeCompare(String(y.fields['System.ChangedDate'])) ||
          x.id - y.id,
      );
    expect(all.body.workItems.map((w) => w.id)).toEqual(truth.map((t) => t.id));
    const top = await ado<Wiql>(sim, 'Phoenix/_apis/wit/wiql?$top=5', { body: { query } });
    expect(top.body.workItems.map((w) => w.id)).toEqual(truth.slice(0, 5).map((t) => t.id));
    expect((await ado<Err>(sim, '_apis/wit/wiql', { body: { query } })).status).toBe(400);
    const unknown = await ado<Err>(sim, '_apis/wit/wiql', {
      body: { query: 'SELECT [System.Id] FROM WorkItems WHERE [Foo.Bar] = 1' },
    });
    expect(unknown.body.message).toMatch(/^TF51005: .*«\[Foo\.Bar\]»/);
  });

  it('answers VS402337 above a WIQL cap set at run time (a server configured lower), over HTTP too', async () => {
    const small = await startTestSim({ items: 40, projects: ['Small'], seed: 4 });
    try {
      const query =
        'SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project ORDER BY [System.Id]';
      const set = await fetch(`${small.url}/__sim/limits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ wiqlMaxResults: 10 }),
      });
      expect(((await set.json()) as { wiqlMaxResults: number }).wiqlMaxResults).toBe(10);
      for (const path of ['Small/_apis/wit/wiql', 'Small/_apis/wit/wiql?$top=19999']) {
        const res = await ado<Err>(small, path, { body: { query } });
        expect(res.status).toBe(400);
        expect(res.body.message).toBe(
          'VS402337: The number of work items returned exceeds the size limit of 10. Change the query to return fewer items.',
        );
        expect(res.body.eventId).toBe(3200);
      }
      const top = await ado<Wiql>(small, 'Small/_apis/wit/wiql?$top=10', { body: { query } });
      expect(top.body.workItems).toHaveLength(10);
      expect(() => small.control.setLimits({ wiqlMaxResults: 0 })).toThrow(/positive integer/);
      small.control.setLimits({ wiqlMaxResults: 20_000 });
      expect((await ado<Wiql>(small, 'Small/_apis/wit/wiql', { body: { query } })).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('VS402337 above 20,000 results unless $top is given', async () => {
    const big = await startTestSim({ items: 20_600, projects: ['Big'], seed: 3 });
    try {
      const query =
        'SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project ORDER BY [System.Id]';
      const res = await ado<Err>(big, 'Big/_apis/wit/wiql', { body: { query } });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe(
        'VS402337: The number of work items returned exceeds the size limit of 20000. Change the query to return fewer items.',
      );
      expect(res.body.typeKey).toBe('WorkItemTrackingQueryResultSizeLimitExceededException');
      const top = await ado<Wiql>(big, 'Big/_apis/wit/wiql?$top=19999', { body: { query } });
      expect(top.body.workItems).toHaveLength(19_999);
      const window = await ado<Wiql>(big, 'Big/_apis/wit/wiql', {
        body: { query: query.replace(' ORDER', ' AND [System.Id] < 10000 ORDER') },
      });
      expect(window.status).toBe(200);
    } finally {
      await big.close();
    }
  });
});

describe('throttling and faults', () => {
  it('429 with Retry-After and X-RateLimit headers from the FaultInjector, then recovers', async () => {
    sim.faults.add({ kind: 'rate-limit', retryAfterSeconds: 7, count: 1, path: '/_apis/wit/wiql' });
    const body = { query: 'SELECT [System.Id] FROM WorkItems' };
    const blocked = await ado<Err>(sim, '_apis/wit/wiql', { body });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('7');
    expect(blocked.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(blocked.headers.get('x-ratelimit-resource')).toBeTruthy();
    expect(Number(blocked.headers.get('x-ratelimit-reset'))).toBeGreaterThan(sim.clock.now() / 1000);
    expect(blocked.body.message).toMatch(/^TF400733: /);
    expect((await ado(sim, '_apis/wit/wiql', { body })).status).toBe(200);
  });

  it('low-remaining mode: headers fall before the block, delayed 200s carry Retry-After', async () => {
    sim.control.setThrottle({ remaining: 3, costPerRequest: 1, resetSeconds: 30 });
    const seen: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await ado(sim, '_apis/projects');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('200');
      seen.push(res.headers.get('x-ratelimit-remaining'));
    }
    expect(seen).toEqual(['2', '1', '0']);
    const blocked = await ado(sim, '_apis/projects');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('30');
    sim.control.setThrottle({ remaining: 50, delaySeconds: 1.5 });
    const delayed = await ado(sim, '_apis/projects');
    expect(delayed.status).toBe(200);
    expect(delayed.headers.get('x-ratelimit-delay')).toBe('1.500');
    expect(delayed.headers.get('retry-after')).toBe('2');
    sim.control.setThrottle(undefined);
    expect((await ado(sim, '_apis/projects')).headers.get('x-ratelimit-remaining')).toBeNull();
  });

  it('server errors, truncated bodies and dropped connections come from the FaultInjector', async () => {
    sim.faults.add({ kind: 'server-error', status: 503, count: 1 });
    expect((await ado(sim, '_apis/projects')).status).toBe(503);
    sim.faults.add({ kind: 'truncate-body', count: 1 });
    await expect(ado(sim, '_apis/projects')).rejects.toThrow();
    sim.faults.add({ kind: 'drop-connection', count: 1 });
    await expect(ado(sim, '_apis/projects')).rejects.toThrow();
    expect((await ado(sim, '_apis/projects')).status).toBe(200);
  });
});

describe('ADO-shaped faults, 302 sign-in mode and preview-only comments', () => {
  it('TF246020 500, 503 with Retry-After, VS402335 on WIQL', async () => {
    sim.control.addAdoFault({ kind: 'database-error', count: 1 });
    const db = await ado<Err>(sim, '_apis/projects');
    expect(db.status).toBe(500);
    expect(db.body.message).toMatch(/^TF246020: /);
    sim.control.addAdoFault({ kind: 'unavailable', retryAfterSeconds: 3, count: 1 });
    const unavailable = await ado(sim, '_apis/projects');
    expect([unavailable.status, unavailable.headers.get('retry-after')]).toEqual([503, '3']);
    sim.control.addAdoFault({ kind: 'query-timeout', count: 1 });
    expect((await ado(sim, '_apis/projects')).status).toBe(200);
    const timeout = await ado<Err>(sim, '_apis/wit/wiql', {
      body: { query: 'SELECT [System.Id] FROM WorkItems' },
    });
    expect(timeout.body.message).toMatch(/^VS402335: /);
    expect(
      (await ado(sim, '_apis/wit/wiql', { body: { query: 'SELECT [System.Id] FROM WorkItems' } })).status,
    ).toBe(200);
  });

  it('optional 302 redirect for bad credentials without Suppress', async () => {
    sim.control.setAuthFailure('302');
    const res = await fetch(`${sim.url}/${sim.organization}/_apis/projects?api-version=7.1`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/_signin/);
    sim.control.setAuthFailure('203');
  });

  it('comments need -preview and list the History entries', async () => {
    const item = sim.control.createItem({ type: 'Task', project: 'Phoenix', title: 'commented' });
    sim.control.updateFields(item.id, { 'System.History': '<div>first</div>' });
    const ga = await ado<Err>(sim, `Phoenix/_apis/wit/workItems/${item.id}/comments`);
    expect(ga.body.typeKey).toBe('VssInvalidPreviewVersionException');
    const res = await ado<{ totalCount: number; comments: { text: string }[] }>(
      sim,
      `Phoenix/_apis/wit/workItems/${item.id}/comments`,
      { version: '7.1-preview.4' },
    );
    expect(res.body.totalCount).toBe(1);
    expect(res.body.comments[0]!.text).toBe('<div>first</div>');
  });
});
