import { SimClock } from '../common/clock.js';
import { FaultInjector, type FaultKind } from '../common/faults.js';
import { type SimRequest, type SimResponse, SimServer } from '../common/server.js';
import { CUSTOMER_FIELD_ID, SPRINT_FIELD_ID } from './catalog.js';
import type { JiraContext } from './context.js';
import { createControl, type JiraSimControl } from './control.js';
import { errorBody, JIRA_ERRORS } from './errors.js';
import { generateDataset } from './generator.js';
import { Mutations } from './mutations.js';
import { BurstLimiter, rateLimitedResponse } from './ratelimit.js';
import { registerControlRoutes } from './routes-control.js';
import { registerIssueRoutes } from './routes-issues.js';
import { registerMetaRoutes } from './routes-meta.js';
import { SearchService } from './search.js';
import { DEFAULT_SETTINGS } from './settings.js';
import { JiraStore } from './store.js';
import { WebhookEmitter } from './webhooks.js';

/**
 * The Jira Cloud simulator: REST API v3 + agile 1.0 on loopback, seeded data, Basic auth,
 * eventual consistency on a SimClock, faults, and a control API (in-process and under `/__sim`).
 */

export type { JiraSimControl, TruthIssue } from './control.js';
export type { CreateIssueInput, UpdateIssueInput } from './mutations.js';
export type { JiraSettings } from './settings.js';

export interface JiraSimOptions {
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Data seed (default 1). */
  seed?: number;
  /** Number of generated issues (default 200; 10..200,000 are practical). */
  items?: number;
  /** Project keys (default ALPHA, BETA, GAMMA). */
  projectKeys?: string[];
  /** Delay before control-API changes reach `/search/jql`, in SimClock ms (default 0). */
  consistencyDelayMs?: number;
  /** The simulated clock (default: real time). Generated history ends just before its time at start. */
  clock?: SimClock;
  /** The API user's time zone: timestamps and JQL date literals use it (default Australia/Sydney). */
  timeZone?: string;
}

export interface JiraSim {
  url: string;
  email: string;
  apiToken: string;
  /** The site's cloud id (`/_edge/tenant_info`); the same server also answers as the API gateway. */
  cloudId: string;
  projectKeys: string[];
  /** JIRA_CLOUD_URL, JIRA_USER_EMAIL, JIRA_API_TOKEN, JIRA_PROJECT_KEY, JIRA_CUSTOMER_NAME_FIELD_ID, JIRA_SPRINT_FIELD_ID. */
  env(): Record<string, string>;
  /**
   * A service account's variables: a scoped token, which works only through the API gateway (this same
   * server, as JIRA_API_GATEWAY_URL); JIRA_CLOUD_ID unset, so worksync finds it.
   */
  scopedEnv(): Record<string, string>;
  clock: SimClock;
  faults: FaultInjector;
  server: SimServer;
  control: JiraSimControl;
  close(): Promise<void>;
}

const EMAIL = 'sim@example.com';
const TOKEN = 'sim-jira-token';
/**
 * A scoped API token (what Atlassian service accounts get): accepted only through the API gateway path
 * `/ex/jira/{cloudId}/rest/api/3/...`; on the site's own path it answers 401, as Jira Cloud does.
 */
const SCOPED_TOKEN = 'sim-jira-scoped-token';
const SERVICE_ACCOUNT = 'worksync-bot@serviceaccount.atlassian.com';
/** The site's cloud id, from `/_edge/tenant_info`. */
const CLOUD_ID = '5a2b7c1e-0d3f-4e8a-9b61-7f2c4d8e1a90';
const GATEWAY_PREFIX = `/ex/jira/${CLOUD_ID}`;

/** Faults never hit the control API, so tests can still steer a simulator that is failing every request. */
class JiraFaultInjector extends FaultInjector {
  override take(path: string): FaultKind[] {
    return path.startsWith('/__sim') ? [] : super.take(path);
  }
}

export async function startJiraSim(options: JiraSimOptions = {}): Promise<JiraSim> {
  const clock = options.clock ?? new SimClock();
  const projectKeys = (options.projectKeys ?? ['ALPHA', 'BETA', 'GAMMA']).map((k) => k.toUpperCase());
  const timeZone = options.timeZone ?? 'Australia/Sydney';
  const settings = { ...DEFAULT_SETTINGS };
  const data = generateDataset({
    seed: options.seed ?? 1,
    items: options.items ?? 200,
    projectKeys,
    anchor: clock.now(),
    apiEmail: EMAIL,
    timeZone,
  });
  const store = new JiraStore(data, clock, options.consistencyDelayMs ?? 0);
  const faults = new JiraFaultInjector();
  const expected = `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64')}`;
  const scoped = `Basic ${Buffer.from(`${SERVICE_ACCOUNT}:${SCOPED_TOKEN}`).toString('base64')}`;

  const guard = (req: SimRequest): SimResponse | undefined => {
    if (req.path.startsWith('/__sim') || req.path === '/_edge/tenant_info') return undefined;
    const auth = req.headers.authorization;
    if (auth === expected) return undefined;
    if (auth === scoped && req.rawPath.startsWith(`${GATEWAY_PREFIX}/`)) return undefined;
    if (auth === undefined && settings.anonymousEmptySearch && /\/search\/jql$/i.test(req.path)) {
      return { status: 200, body: { issues: [], isLast: true } };
    }
    const headers = { 'WWW-Authenticate': 'Basic realm="Jira"' };
    return settings.unauthorizedStyle === 'json'
      ? { status: 401, headers, body: errorBody([JIRA_ERRORS.unauthenticated]) }
      : { status: 401, headers, body: JIRA_ERRORS.unauthenticated };
  };
  const server = new SimServer({
    faults,
    rateLimited: (retryAfterSeconds) => rateLimitedResponse(settings, clock, retryAfterSeconds),
    guard,
    notFound: () => ({ status: 404, body: errorBody(['null for uri']) }),
    // The API gateway's prefix (the right cloud id only) is taken off before routing.
    routePath: (path) => (path.startsWith(`${GATEWAY_PREFIX}/`) ? path.slice(GATEWAY_PREFIX.length) : path),
  });
  server.route('GET', '/_edge/tenant_info', 'tenant_info', () => ({
    status: 200,
    body: { cloudId: CLOUD_ID },
  }));
  const url = await server.listen(options.port ?? 0);
  const env = { base: url, zone: timeZone, users: data.users };
  const apiUser = 0;
  const ctx: JiraContext = {
    store,
    env,
    settings,
    clock,
    search: new SearchService(store, env, clock, settings, apiUser),
    mutations: new Mutations(store, clock, apiUser),
    limiter: new BurstLimiter(settings, clock),
    apiUser,
    unavailable: [],
  };
  registerIssueRoutes(server, ctx);
  registerMetaRoutes(server, ctx);
  const hooks = new WebhookEmitter(clock);
  const control = createControl(ctx, server, faults, hooks);
  registerControlRoutes(server, control);

  return {
    url,
    email: EMAIL,
    apiToken: TOKEN,
    cloudId: CLOUD_ID,
    projectKeys,
    env: () => ({
      JIRA_CLOUD_URL: url,
      JIRA_USER_EMAIL: EMAIL,
      JIRA_API_TOKEN: TOKEN,
      JIRA_PROJECT_KEY: projectKeys.join(','),
      JIRA_CUSTOMER_NAME_FIELD_ID: CUSTOMER_FIELD_ID,
      JIRA_SPRINT_FIELD_ID: SPRINT_FIELD_ID,
    }),
    scopedEnv: () => ({
      JIRA_CLOUD_URL: url,
      JIRA_API_GATEWAY_URL: url,
      JIRA_USER_EMAIL: SERVICE_ACCOUNT,
      JIRA_API_TOKEN: SCOPED_TOKEN,
      JIRA_PROJECT_KEY: projectKeys.join(','),
      JIRA_CUSTOMER_NAME_FIELD_ID: CUSTOMER_FIELD_ID,
      JIRA_SPRINT_FIELD_ID: SPRINT_FIELD_ID,
    }),
    clock,
    faults,
    server,
    control,
    close: async () => {
      await hooks.flush();
      await server.close();
    },
  };
}
