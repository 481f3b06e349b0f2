/**
 * The Azure DevOps Boards simulator: REST API 7.1 (wit, work, core) on loopback over seeded data,
 * PAT auth (203 sign-in page / 401), api-version rules, service limits (VS402337, VS403474),
 * throttling headers, faults, and a control API (in-process and under `/__sim`). See README.md.
 */
import { SimClock } from '../common/clock.js';
import { FaultInjector, type FaultKind } from '../common/faults.js';
import { SimServer } from '../common/server.js';
import { AdoFaults } from './ado-faults.js';
import { type AdoLimits, DEFAULT_LIMITS, type SimContext } from './api.js';
import { authGuard } from './auth.js';
import { type AdoSimControl, createControl } from './control.js';
import { type EntraSim, type EntraSimOptions, startEntraSim } from './entra/index.js';
import { IDENTITY_PATH, managedIdentityHandler } from './entra/managed-identity.js';
import { routeNotFound } from './errors.js';
import { generateItems } from './generator.js';
import { buildOrg } from './org.js';
import { registerCommentRoutes } from './routes-comments.js';
import { registerControlRoutes } from './routes-control.js';
import { registerMetaRoutes } from './routes-meta.js';
import { registerReportingRoutes } from './routes-reporting.js';
import { registerWorkRoutes } from './routes-work.js';
import { registerWorkItemRoutes } from './routes-workitems.js';
import { AdoStore } from './store.js';
import { rateLimitedResponse, Throttle } from './throttle.js';

export type { AdoFaultRule } from './ado-faults.js';
export type { AdoLimits } from './api.js';
export type { AdoSimControl, FieldInput, PersonInput, TruthItem } from './control.js';
export type { EntraSim, EntraSimOptions } from './entra/index.js';
export type { ThrottleSettings } from './throttle.js';

export interface AdoSimOptions {
  port?: number;
  seed?: number;
  items?: number;
  projects?: string[];
  clock?: SimClock;
  organization?: string;
  /** Service limits (defaults: the real ones). */
  limits?: Partial<AdoLimits>;
  /** Also simulate Microsoft Entra ID (an https token endpoint, a managed-identity endpoint, Bearer tokens). */
  entra?: EntraSimOptions;
}

export interface AdoSim {
  url: string;
  organization: string;
  pat: string;
  projects: string[];
  scrumProjects: string[];
  env(): Record<string, string>;
  clock: SimClock;
  faults: FaultInjector;
  server: SimServer;
  control: AdoSimControl;
  /** With the `entra` option: the token service, and the variables signing worksync in through it. */
  entra?: EntraSim & { env(method: EntraMethod, file?: string): Record<string, string> };
  close(): Promise<void>;
}

/**
 * How worksync signs in through the simulated Entra: `secret`, `certificate` (file: the PEM holding the
 * key and certificate), `federated` (file: the federated token), `managed-identity` (App Service variables).
 */
export type EntraMethod = 'secret' | 'certificate' | 'federated' | 'managed-identity';

export const ADO_SIM_PAT = 'sim-ado-pat';

/** Faults never hit the control API, so a test can still steer a simulator that fails every request. */
class AdoFaultInjector extends FaultInjector {
  override take(path: string): FaultKind[] {
    return path.startsWith('/__sim') ? [] : super.take(path);
  }
}

export async function startAdoSim(options: AdoSimOptions = {}): Promise<AdoSim> {
  const clock = options.clock ?? new SimClock();
  const organization = options.organization ?? 'simorg';
  const projects = options.projects ?? ['Phoenix', 'Atlas'];
  if (projects.length === 0 || new Set(projects.map((p) => p.toLowerCase())).size !== projects.length)
    throw new Error('startAdoSim: projects must be a non-empty list of distinct names');
  const seed = options.seed ?? 1;
  const anchor = clock.now();
  const org = buildOrg(seed, organization, projects, anchor);
  const store = new AdoStore(org, clock, generateItems(org, seed, options.items ?? 200, anchor));
  const faults = new AdoFaultInjector();
  const sim: SimContext = {
    base: '',
    org: organization,
    people: org.people,
    store,
    clock,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    throttle: new Throttle(),
    adoFaults: new AdoFaults(),
    authFailure: '203',
  };
  const entra = options.entra ? await startEntraSim(options.entra) : undefined;
  const server = new SimServer({
    faults,
    rateLimited: (retryAfterSeconds) => rateLimitedResponse(retryAfterSeconds),
    guard: authGuard(
      ADO_SIM_PAT,
      () => sim.base,
      () => sim.authFailure,
      entra?.issuer,
    ),
    notFound: (req) => routeNotFound(req.path),
  });
  if (entra)
    server.route(
      'GET',
      IDENTITY_PATH,
      'managed-identity',
      managedIdentityHandler(entra.issuer, entra.identity),
    );
  registerWorkItemRoutes(server, sim);
  registerReportingRoutes(server, sim);
  registerWorkRoutes(server, sim);
  registerMetaRoutes(server, sim);
  registerCommentRoutes(server, sim);
  const control = createControl(sim, server, faults);
  const scrumProjects = org.projects.flatMap((p) =>
    p.teams.filter((t) => t.iterations.length > 0).map((t) => `${p.name}:${t.name}`),
  );
  const env = (): Record<string, string> => ({
    ADO_BASE_URL: sim.base,
    ADO_ORGANIZATION: organization,
    ADO_PROJECT: projects.join(','),
    ADO_SCRUM_PROJECT: scrumProjects.join(','),
    ADO_PERSONAL_ACCESS_TOKEN: ADO_SIM_PAT,
    ADO_CUSTOMER_NAME_FIELD: 'Custom.CustomerName',
  });
  registerControlRoutes(server, control, () => ({
    url: sim.base,
    organization,
    pat: ADO_SIM_PAT,
    projects,
    scrumProjects,
    env: env(),
  }));
  sim.base = await server.listen(options.port ?? 0);
  return {
    url: sim.base,
    organization,
    pat: ADO_SIM_PAT,
    projects: [...projects],
    scrumProjects,
    env,
    clock,
    faults,
    server,
    control,
    ...(entra
      ? {
          entra: {
            ...entra,
            env: (method: EntraMethod, file?: string) => entraEnv(entra, sim.base, method, file),
          },
        }
      : {}),
    close: async () => {
      await server.close();
      await entra?.server.close();
    },
  };
}

/** The variables of an Entra sign-in: ADO_AUTH and the SDK's names; the PAT blanked so only the token can work. */
function entraEnv(entra: EntraSim, base: string, method: EntraMethod, file?: string): Record<string, string> {
  if (method === 'managed-identity')
    return {
      ADO_AUTH: 'managed-identity',
      ADO_PERSONAL_ACCESS_TOKEN: '',
      IDENTITY_ENDPOINT: `${base}${IDENTITY_PATH}`,
      IDENTITY_HEADER: entra.identity.header,
    };
  const common = {
    ADO_AUTH: 'entra',
    ADO_PERSONAL_ACCESS_TOKEN: '',
    AZURE_TENANT_ID: entra.tenantId,
    AZURE_CLIENT_ID: entra.clientId,
    AZURE_AUTHORITY_HOST: entra.authorityHost,
  };
  if (method === 'secret') return { ...common, AZURE_CLIENT_SECRET: entra.clientSecret };
  if (!file) throw new Error(`entra.env('${method}') needs the file`);
  return method === 'certificate'
    ? { ...common, AZURE_CLIENT_CERTIFICATE_PATH: file }
    : { ...common, AZURE_FEDERATED_TOKEN_FILE: file };
}
