/**
 * Route plumbing shared by every REST endpoint: optional `{project}` / `{project}/{team}` prefixes,
 * api-version from the query or the Accept header (checked against the recorded route list's
 * min/max/released versions), project and team resolution, throttling, and the response headers
 * (`content-type` echoing the api-version, correlation ids).
 */
import type { SimClock } from '../common/clock.js';
import { Rng } from '../common/rng.js';
import type { SimRequest, SimResponse, SimServer } from '../common/server.js';
import type { AdoFaults } from './ado-faults.js';
import locations from './data/resource-locations.json' with { type: 'json' };
import { ERR, routeNotFound } from './errors.js';
import { guid } from './format.js';
import type { Project, Team } from './model.js';
import type { RenderCtx } from './render.js';
import type { Throttle } from './throttle.js';

/** Service limits; the defaults are the real ones (see README). */
export interface AdoLimits {
  /**
   * WIQL and recycle-bin result cap (VS402337): 20,000 in Azure DevOps Services, lower on a server
   * configured so. A WIQL answer above it is a 400 unless `$top` is given at or below it (then truncated).
   */
  wiqlMaxResults: number;
  /** Ids per workitems / workitemsbatch call (VS403474). */
  maxIds: number;
  /** Reporting revisions: default and maximum `$maxPageSize`. */
  reportingPageSize: number;
  /** Reporting links per batch. */
  linksPageSize: number;
  /** Updates / revisions: default and maximum `$top`. */
  historyPageSize: number;
}

export const DEFAULT_LIMITS: AdoLimits = {
  wiqlMaxResults: 20_000,
  maxIds: 200,
  reportingPageSize: 1000,
  linksPageSize: 1000,
  historyPageSize: 200,
};

export interface SimContext extends RenderCtx {
  clock: SimClock;
  limits: AdoLimits;
  throttle: Throttle;
  adoFaults: AdoFaults;
  /** Answer to bad credentials without the Suppress header: 203 sign-in page (default) or 302 redirect. */
  authFailure: '203' | '302';
}

export interface ApiRequest extends SimRequest {
  version: string;
  project?: Project;
  team?: Team;
}

export type ApiHandler = (req: ApiRequest) => SimResponse | Promise<SimResponse>;

export type Scope = 'org' | 'project' | 'team';

export interface ApiSpec {
  method: string;
  /** Path after `_apis/`, with `:params`. */
  path: string;
  scopes: readonly Scope[];
  /** Request counter name. */
  endpoint: string;
  /** Location GUID in the route list (for version negotiation). */
  location?: string;
}

interface Location {
  id: string;
  area: string;
  resourceName: string;
  routeTemplate: string;
  minVersion: string;
  maxVersion: string;
  releasedVersion: string;
}
export const LOCATIONS: readonly Location[] = locations as Location[];
const BY_ID = new Map(LOCATIONS.map((l) => [l.id, l]));

const num = (v: string) => Number.parseFloat(v);

/** The api-version of a request (query first, then the Accept header). */
export function requestedVersion(req: SimRequest): string | undefined {
  const q = req.query.get('api-version');
  if (q) return q;
  const accept = String(req.headers.accept ?? '');
  return /api-version=([^;,\s]+)/i.exec(accept)?.[1];
}

/** Validates the version for a location; returns the error response or undefined. */
export function checkVersion(
  method: string,
  version: string | undefined,
  location?: string,
): SimResponse | undefined {
  if (!version) return ERR.versionMissing(method);
  const m = /^(\d+\.\d+)(-preview(\.\d+)?)?$/i.exec(version);
  if (!m) return ERR.versionInvalid(version);
  const loc = location ? BY_ID.get(location) : undefined;
  const max = loc?.maxVersion ?? '7.2';
  if (num(m[1]!) > num(max)) return ERR.versionOutOfRange(m[1]!, max);
  if (loc && !m[2] && num(m[1]!) > num(loc.releasedVersion)) return ERR.previewRequired(m[1]!);
  return undefined;
}

const ids = new Rng(0x51d);

export function registerApi(server: SimServer, sim: SimContext, spec: ApiSpec, handler: ApiHandler): void {
  const wrapped = async (req: SimRequest): Promise<SimResponse> => {
    if (req.params.org?.toLowerCase() !== sim.org.toLowerCase() || req.params.project === '_apis')
      return routeNotFound(req.path);
    const version = requestedVersion(req);
    const bad = checkVersion(req.method, version, spec.location);
    if (bad) return bad;
    const api: ApiRequest = { ...req, version: version! };
    if (req.params.project !== undefined) {
      api.project = sim.store.project(req.params.project);
      if (!api.project) return ERR.projectNotFound(req.params.project);
    }
    if (req.params.team !== undefined && api.project) {
      const t = req.params.team.toLowerCase();
      api.team = api.project.teams.find((x) => x.name.toLowerCase() === t || x.id === t);
      if (!api.team) return ERR.teamNotFound(req.params.team);
    }
    const blocked = sim.throttle.before() ?? sim.adoFaults.take(req.path);
    if (blocked) return blocked;
    const res = await handler(api);
    const activity = guid(ids);
    const headers: Record<string, string> = {
      activityid: activity,
      'x-vss-e2eid': activity,
      'x-tfs-processid': '5b3c1a7e-0d7e-4b52-9f0e-3f1d2a9c8b71',
      'x-cache': 'CONFIG_NOCACHE',
      'cache-control': 'no-cache',
      ...sim.throttle.headers(),
    };
    if (res.status < 400 && res.body !== undefined && typeof res.body !== 'string')
      headers['content-type'] = `application/json; charset=utf-8; api-version=${version}`;
    return { ...res, headers: { ...headers, ...res.headers } };
  };
  const prefixes: Record<Scope, string> = {
    org: '/:org',
    project: '/:org/:project',
    team: '/:org/:project/:team',
  };
  for (const scope of spec.scopes) {
    server.route(spec.method, `${prefixes[scope]}/_apis/${spec.path}`, spec.endpoint, wrapped);
  }
}

/** JSON 200 with a `{count, value}` envelope. */
export function list(value: unknown[]): SimResponse {
  return { status: 200, body: { count: value.length, value } };
}

export function ok(body: unknown): SimResponse {
  return { status: 200, body };
}

/** Parses a JSON body; undefined when empty or malformed. */
export function jsonBody(req: SimRequest): unknown {
  if (!req.body.trim()) return undefined;
  try {
    return JSON.parse(req.body);
  } catch {
    return undefined;
  }
}

/** A boolean query parameter (`true`/`false`, case-insensitive). */
export function flag(req: SimRequest, name: string): boolean {
  return req.query.get(name)?.toLowerCase() === 'true';
}
