/**
 * The control API over HTTP, under `/__sim` (no auth, no fault injection, not counted):
 *   GET    /__sim/info                              url, organization, pat, projects, scrumProjects, env
 *   POST   /__sim/clock/advance        {ms}
 *   POST   /__sim/items                {type, project?, title?, fields?, by?}      → TruthItem
 *   PATCH  /__sim/items/:id            {fields, by?}                               → TruthItem
 *   POST   /__sim/items/:id/state      {state, reason?, by?}                       → TruthItem
 *   POST   /__sim/items/:id/relations  {rel, target, comment?, by?}                → TruthItem
 *   POST   /__sim/items/:id/relations/remove {rel, target, by?}                    → TruthItem
 *   POST   /__sim/items/:id/move       {project, areaPath?, iterationPath?, by?}   → TruthItem
 *   POST   /__sim/items/:id/delete | /restore | /destroy  {by?}
 *   GET    /__sim/truth?ids=1,2&revisions=false  → {count, value: TruthItem[]};  GET /__sim/truth/:id
 *   POST   /__sim/faults  (FaultRule);   POST /__sim/ado-faults (AdoFaultRule);   DELETE /__sim/faults (both)
 *   POST   /__sim/auth-failure {mode: '203' | '302'}
 *   POST   /__sim/throttle (ThrottleSettings);   DELETE /__sim/throttle
 *   POST   /__sim/limits (Partial<AdoLimits>, e.g. {wiqlMaxResults: 10})  → AdoLimits
 *   GET    /__sim/counters;   POST /__sim/counters/reset
 */
import type { FaultRule } from '../common/faults.js';
import type { SimRequest, SimResponse, SimServer } from '../common/server.js';
import type { AdoFaultRule } from './ado-faults.js';
import { type AdoLimits, jsonBody } from './api.js';
import type { AdoSimControl, FieldInput, PersonInput } from './control.js';
import { StoreError } from './store.js';
import type { ThrottleSettings } from './throttle.js';

type Body = Record<string, unknown>;

export function registerControlRoutes(
  server: SimServer,
  control: AdoSimControl,
  info: () => Record<string, unknown>,
): void {
  const route = (method: string, path: string, run: (req: SimRequest, body: Body) => unknown) =>
    server.route(method, `/__sim${path}`, '__sim', (req): SimResponse => {
      server.counts.delete('__sim');
      const body = (jsonBody(req) ?? {}) as Body;
      try {
        const out = run(req, body);
        return out === undefined ? { status: 204 } : { status: 200, body: out };
      } catch (error) {
        if (error instanceof StoreError) return { status: error.status, body: { message: error.message } };
        return { status: 400, body: { message: error instanceof Error ? error.message : String(error) } };
      }
    });
  const id = (req: SimRequest) => Number(req.params.id);
  const by = (b: Body) => b.by as PersonInput | undefined;

  route('GET', '/info', () => info());
  route('POST', '/clock/advance', (_, b) => {
    control.advanceClock(Number(b.ms ?? 0));
    return undefined;
  });
  route('POST', '/items', (_, b) =>
    control.createItem({
      type: String(b.type ?? 'Task'),
      ...(b.project !== undefined ? { project: String(b.project) } : {}),
      ...(b.title !== undefined ? { title: String(b.title) } : {}),
      ...(b.fields ? { fields: b.fields as Record<string, FieldInput> } : {}),
      ...(b.by !== undefined ? { by: by(b)! } : {}),
    }),
  );
  route('PATCH', '/items/:id', (req, b) =>
    control.updateFields(id(req), (b.fields ?? {}) as Record<string, FieldInput>, by(b)),
  );
  route('POST', '/items/:id/state', (req, b) =>
    control.changeState(id(req), String(b.state), {
      ...(b.reason !== undefined ? { reason: String(b.reason) } : {}),
      ...(b.by !== undefined ? { by: by(b)! } : {}),
    }),
  );
  route('POST', '/items/:id/relations', (req, b) =>
    control.addRelation(id(req), String(b.rel), b.target as number | string, {
      ...(b.comment !== undefined ? { comment: String(b.comment) } : {}),
      ...(b.by !== undefined ? { by: by(b)! } : {}),
    }),
  );
  route('POST', '/items/:id/relations/remove', (req, b) =>
    control.removeRelation(id(req), String(b.rel), b.target as number | string, by(b)),
  );
  route('POST', '/items/:id/move', (req, b) =>
    control.moveItem(id(req), String(b.project), {
      ...(b.areaPath !== undefined ? { areaPath: String(b.areaPath) } : {}),
      ...(b.iterationPath !== undefined ? { iterationPath: String(b.iterationPath) } : {}),
      ...(b.by !== undefined ? { by: by(b)! } : {}),
    }),
  );
  route('POST', '/items/:id/delete', (req, b) => control.deleteItem(id(req), by(b)));
  route('POST', '/items/:id/restore', (req, b) => control.restoreItem(id(req), by(b)));
  route('POST', '/items/:id/destroy', (req) => control.destroyItem(id(req)));
  route('GET', '/truth', (req) => {
    const revisions = req.query.get('revisions') !== 'false';
    const ids = req.query.get('ids');
    const value = ids
      ? ids.split(',').flatMap((x) => control.truth(Number(x), { revisions }) ?? [])
      : control.truthAll({ revisions });
    return { count: value.length, value };
  });
  route('GET', '/truth/:id', (req) => {
    const t = control.truth(id(req));
    if (!t) throw new StoreError(404, `Work item ${req.params.id} does not exist.`);
    return t;
  });
  route('POST', '/faults', (_, b) => control.addFault(b as unknown as FaultRule));
  route('POST', '/ado-faults', (_, b) => control.addAdoFault(b as unknown as AdoFaultRule));
  route('DELETE', '/faults', () => control.clearFaults());
  route('POST', '/auth-failure', (_, b) => control.setAuthFailure(b.mode === '302' ? '302' : '203'));
  route('POST', '/throttle', (_, b) => control.setThrottle(b as unknown as ThrottleSettings));
  route('DELETE', '/throttle', () => control.setThrottle(undefined));
  route('POST', '/limits', (_, b) => control.setLimits(b as Partial<AdoLimits>));
  route('GET', '/counters', () => control.counters());
  route('POST', '/counters/reset', () => control.resetCounters());
}
