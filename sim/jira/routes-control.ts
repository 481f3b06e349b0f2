import type { FaultRule } from '../common/faults.js';
import type { SimRequest, SimResponse, SimServer } from '../common/server.js';
import type { UnavailableRule } from './context.js';
import type { JiraSimControl } from './control.js';
import { MutationError } from './mutations.js';

/**
 * The control API over HTTP, under `/__sim` (no auth, not counted, exempt from faults):
 *
 *   GET    /__sim/clock                      → {now}
 *   POST   /__sim/clock/advance  {ms}         → {now}
 *   GET    /__sim/issues?ids=a,b&changelog=false → TruthIssue[]
 *   GET    /__sim/issues/:idOrKey            → TruthIssue
 *   POST   /__sim/issues         CreateIssueInput → TruthIssue
 *   PATCH  /__sim/issues/:idOrKey UpdateIssueInput → TruthIssue
 *   POST   /__sim/issues/:idOrKey/transition {status} → TruthIssue
 *   POST   /__sim/issues/:idOrKey/move {projectKey}   → TruthIssue
 *   DELETE /__sim/issues/:idOrKey            → 204
 *   POST   /__sim/links {type, outward, inward} → {id};  DELETE /__sim/links/:id → 204
 *   POST   /__sim/faults FaultRule → 204;  POST /__sim/unavailable {retryAfterSeconds, path?, count?} → 204
 *   DELETE /__sim/faults → 204 (both kinds)
 *   POST   /__sim/issues/:idOrKey/hide {hidden?} → 204 (issue security)
 *   GET    /__sim/counts → {endpoint: n};  POST /__sim/counts/reset → 204
 *   POST   /__sim/consistency {delayMs} → 204
 *   GET|POST /__sim/settings (partial JiraSettings) → JiraSettings
 *   POST   /__sim/webhooks WebhookRegistration → {id};  GET /__sim/webhooks/deliveries → WebhookDelivery[]
 */
export function registerControlRoutes(server: SimServer, control: JiraSimControl): void {
  const route = (
    method: string,
    pattern: string,
    handler: (req: SimRequest, body: Record<string, unknown>) => SimResponse | Promise<SimResponse>,
  ) =>
    server.route(method, `/__sim${pattern}`, '__sim', async (req) => {
      // Control traffic is not API traffic: undo the router's count.
      server.counts.delete('__sim');
      try {
        const body = req.body.trim() ? (JSON.parse(req.body) as Record<string, unknown>) : {};
        return await handler(req, body);
      } catch (error) {
        const status = error instanceof MutationError ? error.status : 400;
        return { status, body: { error: error instanceof Error ? error.message : String(error) } };
      }
    });
  const ok = (body: unknown): SimResponse => ({ status: 200, body });
  const done: SimResponse = { status: 204 };
  const key = (req: SimRequest) => req.params.idOrKey ?? '';

  route('GET', '/clock', () => ok({ now: control.now() }));
  route('POST', '/clock/advance', (_req, b) => {
    control.advance(Number(b.ms ?? 0));
    return ok({ now: control.now() });
  });
  route('GET', '/issues', (req) => {
    const ids = req.query.get('ids')?.split(',').filter(Boolean);
    return ok(control.truth({ ...(ids ? { ids } : {}), changelog: req.query.get('changelog') !== 'false' }));
  });
  route('GET', '/issues/:idOrKey', (req) => {
    const t = control.issue(key(req));
    return t ? ok(t) : { status: 404, body: { error: 'no such issue' } };
  });
  route('POST', '/issues', (_req, b) => ok(control.createIssue(b as never)));
  route('PATCH', '/issues/:idOrKey', (req, b) => ok(control.updateIssue(key(req), b)));
  route('POST', '/issues/:idOrKey/transition', (req, b) =>
    ok(control.transition(key(req), String(b.status))),
  );
  route('POST', '/issues/:idOrKey/move', (req, b) => ok(control.moveIssue(key(req), String(b.projectKey))));
  route('DELETE', '/issues/:idOrKey', (req) => {
    control.deleteIssue(key(req));
    return done;
  });
  route('POST', '/links', (_req, b) =>
    ok(control.addLink(String(b.type), String(b.outward), String(b.inward))),
  );
  route('DELETE', '/links/:id', (req) => {
    control.removeLink(req.params.id ?? '');
    return done;
  });
  route('POST', '/faults', (_req, b) => {
    control.addFault(b as unknown as FaultRule);
    return done;
  });
  route('POST', '/unavailable', (_req, b) => {
    control.addUnavailable(b as unknown as UnavailableRule);
    return done;
  });
  route('POST', '/issues/:idOrKey/hide', (req, b) => {
    control.hideIssue(key(req), b.hidden !== false);
    return done;
  });
  route('DELETE', '/faults', () => {
    control.clearFaults();
    return done;
  });
  route('GET', '/counts', () => ok(control.counts()));
  route('POST', '/counts/reset', () => {
    control.resetCounts();
    return done;
  });
  route('POST', '/consistency', (_req, b) => {
    control.setConsistencyDelay(Number(b.delayMs ?? 0));
    return done;
  });
  route('GET', '/settings', () => ok(control.configure({})));
  route('POST', '/settings', (_req, b) => ok(control.configure(b)));
  route('POST', '/webhooks', (_req, b) => ok(control.registerWebhook(b as unknown as { url: string })));
  route('GET', '/webhooks/deliveries', async () => ok(await control.flushWebhooks()));
}
