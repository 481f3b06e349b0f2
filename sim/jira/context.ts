import type { SimClock } from '../common/clock.js';
import type { SimRequest, SimResponse, SimServer } from '../common/server.js';
import { errorBody } from './errors.js';
import type { Mutations } from './mutations.js';
import type { BurstLimiter } from './ratelimit.js';
import type { RenderEnv } from './render.js';
import type { SearchService } from './search.js';
import type { JiraSettings } from './settings.js';
import type { JiraStore } from './store.js';

/** Everything the route handlers share, and the wrapper that adds Jira's response headers. */
export interface JiraContext {
  store: JiraStore;
  env: RenderEnv;
  settings: JiraSettings;
  clock: SimClock;
  search: SearchService;
  mutations: Mutations;
  limiter: BurstLimiter;
  /** Index of the API user in the user list. */
  apiUser: number;
  /** 503-with-Retry-After rules (the shared fault injector's 5xx carry no Retry-After). */
  unavailable: UnavailableRule[];
}

export interface UnavailableRule {
  retryAfterSeconds: number;
  /** Path substring; all API paths when absent. */
  path?: string;
  /** Number of requests to fail; unlimited when absent. */
  count?: number;
}

function takeUnavailable(ctx: JiraContext, path: string): UnavailableRule | undefined {
  const rule = ctx.unavailable.find(
    (r) => (r.path === undefined || path.includes(r.path)) && (r.count === undefined || r.count > 0),
  );
  if (rule?.count !== undefined) rule.count--;
  return rule;
}

let requestSeq = 0;

/** Registers a Jira API route: burst limiter, then the handler, then Jira's standard headers. */
export function jiraRoute(
  server: SimServer,
  ctx: JiraContext,
  method: string,
  pattern: string,
  endpoint: string,
  handler: (req: SimRequest) => SimResponse,
): void {
  server.route(method, pattern, endpoint, (req) => {
    const down = takeUnavailable(ctx, req.path);
    if (down) {
      return {
        status: 503,
        headers: { 'Retry-After': String(down.retryAfterSeconds) },
        body: errorBody(['Service Unavailable. Please try again later.']),
      };
    }
    const { headers, limited } = ctx.limiter.take(method, endpoint);
    if (limited) return limited;
    const res = handler(req);
    requestSeq++;
    return {
      ...res,
      headers: {
        'X-AAccountId': ctx.env.users[ctx.apiUser]!.accountId,
        'X-Arequestid': `sim-${requestSeq.toString(16).padStart(8, '0')}`,
        'Atl-Traceid': `${requestSeq.toString(16).padStart(16, '0')}`,
        ...headers,
        ...res.headers,
      },
    };
  });
}

/** Parses a JSON request body; a bad one gets Jira's generic invalid-payload 400. */
export function readJson(
  req: SimRequest,
): { ok: true; value: unknown } | { ok: false; response: SimResponse } {
  if (req.body.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(req.body) as unknown };
  } catch {
    return {
      ok: false,
      response: {
        status: 400,
        body: errorBody(['Invalid request payload. Refer to the REST API documentation and try again.']),
      },
    };
  }
}

/** Reads an integer query parameter; undefined when absent, NaN when malformed. */
export function intParam(req: SimRequest, name: string): number | undefined {
  const v = req.query.get(name);
  if (v === null || v === '') return undefined;
  return /^-?\d+$/.test(v) ? Number(v) : Number.NaN;
}

/** A list query parameter that may repeat and/or hold comma-separated values. */
export function listParam(req: SimRequest, name: string): string[] | undefined {
  const all = req.query.getAll(name);
  if (all.length === 0) return undefined;
  return all
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

export function notFoundIssue(): SimResponse {
  return { status: 404, body: errorBody(['Issue does not exist or you do not have permission to see it.']) };
}
