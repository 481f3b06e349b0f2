import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdoSim, TruthItem } from './index.js';
import { ado, startTestSim } from './test-support.js';

/** The control API over HTTP (`/__sim`), request counters and env(). */

let sim: AdoSim;
beforeAll(async () => {
  sim = await startTestSim({ items: 60 });
});
afterAll(() => sim.close());

async function control<T = TruthItem>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${sim.url}/__sim${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

describe('control API', () => {
  it('env() describes the simulator in the original variable names', () => {
    const env = sim.env();
    expect(env).toEqual({
      ADO_BASE_URL: sim.url,
      ADO_ORGANIZATION: 'simorg',
      ADO_PROJECT: 'Phoenix,Atlas',
      ADO_SCRUM_PROJECT: sim.scrumProjects.join(','),
      ADO_PERSONAL_ACCESS_TOKEN: 'sim-ado-pat',
      ADO_CUSTOMER_NAME_FIELD: 'Custom.CustomerName',
    });
    expect(sim.scrumProjects).toContain('Phoenix:Phoenix Team');
    expect(sim.scrumProjects).not.toContain('Phoenix:Platform Team'); // a Kanban team without sprints
  });

  it('creates, edits, links, moves, deletes, restores and destroys over HTTP, each change a revision', async () => {
    const start = sim.clock.now();
    const created = await control('POST', '/items', {
      type: 'Bug',
      project: 'Atlas',
      title: 'From HTTP',
      fields: {
        'Custom.CustomerName': 'Globex',
        'Microsoft.VSTS.Common.Severity': '1 - Critical',
        'System.AssignedTo': 'grace.hopper@simorg.example',
      },
    });
    expect(created.status).toBe(200);
    const id = created.body.id;
    expect(created.body.fields['System.ChangedDate']).toBe(
      new Date(start).toISOString().replace('.000Z', 'Z'),
    );
    expect((created.body.fields['System.AssignedTo'] as { displayName: string }).displayName).toBe(
      'Grace Hopper',
    );
    expect((await control('POST', '/clock/advance', { ms: 90_000 })).status).toBe(204);
    const edited = await control('PATCH', `/items/${id}`, {
      fields: { 'System.Title': 'Renamed', 'System.Tags': 'a; b' },
      by: 'Ada Lovelace',
    });
    expect(edited.body.rev).toBe(2);
    expect(edited.body.fields['System.ChangedDate']).toBe(
      new Date(start + 90_000).toISOString().replace('.000Z', 'Z'),
    );
    expect((edited.body.fields['System.ChangedBy'] as { displayName: string }).displayName).toBe(
      'Ada Lovelace',
    );
    const active = await control('POST', `/items/${id}/state`, { state: 'Active' });
    expect(active.body.fields['System.State']).toBe('Active');
    expect(active.body.fields['Microsoft.VSTS.Common.ActivatedDate']).toBeDefined();
    const resolved = await control('POST', `/items/${id}/state`, { state: 'Resolved' });
    expect(resolved.body.fields['System.Reason']).toBe('Fixed');
    const reopened = await control('POST', `/items/${id}/state`, { state: 'Active' });
    expect(reopened.body.fields['System.Reason']).toBe('Reactivated');
    expect(reopened.body.fields['Microsoft.VSTS.Common.ResolvedDate']).toBeUndefined();
    const parent = sim.control.ids()[0]!;
    const linked = await control('POST', `/items/${id}/relations`, {
      rel: 'System.LinkTypes.Hierarchy-Reverse',
      target: parent,
    });
    expect(linked.body.fields['System.Parent']).toBe(parent);
    expect(linked.body.rev).toBe(reopened.body.rev); // links do not create revisions
    expect(
      (
        await control('POST', `/items/${id}/relations`, {
          rel: 'System.LinkTypes.Hierarchy-Reverse',
          target: parent,
        })
      ).status,
    ).toBe(400);
    const unlinked = await control('POST', `/items/${id}/relations/remove`, {
      rel: 'System.LinkTypes.Hierarchy-Reverse',
      target: parent,
    });
    expect(unlinked.body.fields['System.Parent']).toBeUndefined();
    const moved = await control('POST', `/items/${id}/move`, {
      project: 'Phoenix',
      areaPath: 'Phoenix\\Web',
    });
    expect(moved.body).toMatchObject({ id, project: 'Phoenix' });
    expect(moved.body.fields['System.AreaLevel2']).toBe('Web');
    expect((await control('POST', `/items/${id}/delete`, { by: 0 })).status).toBe(204);
    expect((await control<TruthItem>('GET', `/truth/${id}`)).body.deleted).toBe(true);
    expect((await control('POST', `/items/${id}/restore`)).body.deleted).toBe(false);
    const truth = await control<{ count: number; value: TruthItem[] }>('GET', `/truth?ids=${id}`);
    expect(truth.body.value[0]!.revisions!.map((r) => r.rev)).toEqual(
      Array.from({ length: truth.body.value[0]!.rev }, (_, i) => i + 1),
    );
    expect((await control('POST', `/items/${id}/destroy`)).status).toBe(204);
    expect((await control('GET', `/truth/${id}`)).status).toBe(404);
    expect((await control('PATCH', '/items/999999', { fields: { 'System.Title': 'x' } })).status).toBe(404);
    expect((await control('PATCH', `/items/${parent}`, { fields: { 'System.Rev': 9 } })).status).toBe(400);
  });

  it('faults and throttling can be set over HTTP and never hit /__sim', async () => {
    await control('POST', '/faults', { kind: 'server-error', status: 500 });
    expect((await ado(sim, '_apis/projects')).status).toBe(500);
    expect((await control('GET', '/info')).status).toBe(200);
    await control('DELETE', '/faults');
    await control('POST', '/throttle', { remaining: 5 });
    expect((await ado(sim, '_apis/projects')).headers.get('x-ratelimit-remaining')).toBe('5');
    await control('DELETE', '/throttle');
  });

  it('counts requests per endpoint, not the control API, and resets', async () => {
    await control('POST', '/counters/reset');
    await ado(sim, '_apis/wit/workitems?ids=1,2');
    await ado(sim, '_apis/wit/workitems?ids=3');
    await ado(sim, '_apis/wit/wiql', { body: { query: 'SELECT [System.Id] FROM WorkItems' } });
    await ado(sim, '_apis/wit/reporting/workitemrevisions?$maxPageSize=1');
    await control('GET', '/info');
    const counts = (await control<Record<string, number>>('GET', '/counters')).body;
    expect(counts).toEqual({ 'wit/workitems': 2, 'wit/wiql': 1, 'wit/reporting/workitemrevisions': 1 });
    expect(sim.server.requestCount('wit/workitems')).toBe(2);
    sim.control.resetCounters();
    expect(sim.server.requestCount()).toBe(0);
  });
});
