import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Severity } from '../domain/work-item.js';
import { ConfigError } from '../errors.js';
import { DEFAULT_FORECAST_POLICY, type ForecastPolicy } from '../metrics/forecast-policy.js';
import { MAX_FORECAST_DAYS } from '../metrics/forecast-simulate.js';
import { DEFAULT_POLICY, type MetricsPolicy } from '../metrics/policy.js';
import {
  ADO_AUTH_VARIABLES,
  adoAuthConfig,
  adoAuthSecrets,
  adoAuthShape,
  PAT_ALTERNATIVES,
} from './ado-auth.js';
import type { AdoConfig, Config, DatabaseConfig, JiraConfig } from './config.js';
import { secretVariants } from './secrets.js';

/** Every variable worksync reads, with its meaning; `.env.example` and the README list the same. */
export const VARIABLES = [
  'PG_USERNAME',
  'PG_PASSWORD',
  'PG_HOST',
  'PG_PORT',
  'PG_DATABASE',
  'DATABASE_URL',
  'WORKSYNC_DATA_DIR',
  'WORKSYNC_ENV_FILE',
  'ADO_ORGANIZATION',
  'ADO_PROJECT',
  'ADO_PERSONAL_ACCESS_TOKEN',
  'ADO_SCRUM_PROJECT',
  'ADO_BASE_URL',
  'ADO_CUSTOMER_NAME_FIELD',
  'ADO_STORY_POINTS_FIELD',
  'ADO_SCHEMA_NAME',
  'JIRA_CLOUD_URL',
  'JIRA_PROJECT_KEY',
  'JIRA_USER_EMAIL',
  'JIRA_API_TOKEN',
  'JIRA_SCHEMA_NAME',
  'JIRA_CUSTOMER_NAME_FIELD_ID',
  'JIRA_SPRINT_FIELD_ID',
  'JIRA_STORY_POINTS_FIELD_ID',
  'JIRA_CLOUD_ID',
  'JIRA_API_GATEWAY_URL',
  'WORKSYNC_ALLOW_INSECURE_HTTP',
  'SYNC_INTERVAL_MINUTES',
  'LOG_DIR',
  'LOG_LEVEL',
  'WORKSYNC_HTTP_PORT',
  'WORKSYNC_READER_ROLE',
  'SLA_POLICY',
  'METRICS_WINDOW_DAYS',
  'FORECAST_WINDOW_WEEKS',
  'FORECAST_TRIALS',
  'FORECAST_HORIZON_DAYS',
  // Azure DevOps sign-in with Microsoft Entra ID (src/config/ado-auth.ts)
  ...ADO_AUTH_VARIABLES,
] as const;

type Variable = (typeof VARIABLES)[number];

/** Blank values count as unset, as they did in the original scripts' .env files. */
const text = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const port = text.refine(
  (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535),
  {
    message: 'must be a port number between 1 and 65535',
  },
);

const identifier = text.refine((v) => v === undefined || /^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(v), {
  message: 'must be a PostgreSQL identifier (letters, digits, underscore; not starting with a digit)',
});

const httpUrl = text.refine((v) => v === undefined || /^https?:\/\/[^\s/]+/i.test(v), {
  message: 'must be an http(s) URL',
});

const flag = text.refine((v) => v === undefined || /^(true|false)$/i.test(v), {
  message: 'must be true or false',
});

/** The platform URLs whose requests carry a token (Basic auth): plain http exposes it on the network. */
const TOKEN_URLS = ['ADO_BASE_URL', 'JIRA_CLOUD_URL', 'JIRA_API_GATEWAY_URL'] as const;

/** 127.0.0.0/8, ::1 and localhost: traffic that never leaves the machine (simulators, tests). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return isIP(host) === 6 && host === '::1';
}

/**
 * Plain-http platform URLs to hosts outside loopback: refused (the token would travel in clear text)
 * unless WORKSYNC_ALLOW_INSECURE_HTTP=true opts in, for a lab server. Returns the variables that use it.
 */
function insecureUrls(env: Env, problems: string[]): string[] {
  const allowed = env.WORKSYNC_ALLOW_INSECURE_HTTP?.toLowerCase() === 'true';
  const insecure: string[] = [];
  for (const name of TOKEN_URLS) {
    const value = env[name];
    if (value === undefined || !/^http:/i.test(value)) continue;
    let host: string;
    try {
      host = new URL(value).hostname;
    } catch {
      problems.push(`${name} is not a valid URL`);
      continue;
    }
    if (isLoopbackHost(host)) continue;
    insecure.push(name);
    if (allowed) continue;
    problems.push(
      `${name} uses plain http to ${host}: the token would travel in clear text; use https://, or set WORKSYNC_ALLOW_INSECURE_HTTP=true for a lab server`,
    );
  }
  return insecure;
}

const envSchema = z.object({
  PG_USERNAME: text,
  PG_PASSWORD: z.string().optional(),
  PG_HOST: text,
  PG_PORT: port,
  PG_DATABASE: text,
  DATABASE_URL: text.refine((v) => v === undefined || /^postgres(ql)?:\/\//i.test(v), {
    message: 'must be a postgres:// or postgresql:// URL',
  }),
  WORKSYNC_DATA_DIR: text,
  WORKSYNC_ENV_FILE: text,
  ADO_ORGANIZATION: text,
  ADO_PROJECT: text,
  ADO_PERSONAL_ACCESS_TOKEN: text,
  ADO_SCRUM_PROJECT: text.refine(
    (v) => v === undefined || list(v).every((pair) => /^[^:]+:[^:]+$/.test(pair)),
    {
      message: 'must list project:team pairs, comma-separated',
    },
  ),
  ADO_BASE_URL: httpUrl,
  ADO_CUSTOMER_NAME_FIELD: text,
  ADO_STORY_POINTS_FIELD: text,
  ADO_SCHEMA_NAME: identifier,
  JIRA_CLOUD_URL: httpUrl,
  JIRA_API_GATEWAY_URL: httpUrl,
  JIRA_CLOUD_ID: text.refine(
    (v) => v === undefined || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
    {
      message:
        "must be the site's cloud id, a UUID (https://<site>.atlassian.net/_edge/tenant_info shows it)",
    },
  ),
  JIRA_PROJECT_KEY: text,
  JIRA_USER_EMAIL: text,
  JIRA_API_TOKEN: text,
  JIRA_SCHEMA_NAME: identifier,
  JIRA_CUSTOMER_NAME_FIELD_ID: text,
  JIRA_SPRINT_FIELD_ID: text,
  JIRA_STORY_POINTS_FIELD_ID: text,
  WORKSYNC_ALLOW_INSECURE_HTTP: flag,
  SYNC_INTERVAL_MINUTES: text.refine((v) => v === undefined || (/^\d+(\.\d+)?$/.test(v) && Number(v) > 0), {
    message: 'must be a positive number of minutes (e.g. 60, or 0.5 for 30 seconds)',
  }),
  LOG_DIR: text,
  LOG_LEVEL: text.refine(
    (v) =>
      v === undefined ||
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(v.toLowerCase()),
    { message: 'must be one of fatal, error, warn, info, debug, trace, silent' },
  ),
  WORKSYNC_HTTP_PORT: port,
  WORKSYNC_READER_ROLE: text.refine((v) => v === undefined || /^[a-z_][a-z0-9_$]{0,62}$/.test(v), {
    message: 'must be a PostgreSQL role name (lower case letters, digits, _)',
  }),
  SLA_POLICY: text.refine(
    (v) => v === undefined || v.split(',').every((pair) => /^\s*P[1-4]\s*:\s*\d+(\.\d+)?\s*$/.test(pair)),
    { message: 'must list severity:days pairs, e.g. P1:2,P2:7,P3:30,P4:90' },
  ),
  METRICS_WINDOW_DAYS: text.refine(
    (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 365),
    {
      message: 'must be a whole number of days between 1 and 365',
    },
  ),
  FORECAST_WINDOW_WEEKS: text.refine(
    (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 104),
    { message: 'must be a whole number of weeks between 1 and 104' },
  ),
  FORECAST_TRIALS: text.refine(
    (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 100 && Number(v) <= 1_000_000),
    { message: 'must be a whole number of trials between 100 and 1000000' },
  ),
  FORECAST_HORIZON_DAYS: text.refine(
    (v) =>
      v === undefined ||
      v.split(',').every((d) => /^\s*\d+\s*$/.test(d) && Number(d) >= 1 && Number(d) <= MAX_FORECAST_DAYS),
    { message: `must list days between 1 and ${MAX_FORECAST_DAYS}, comma-separated, e.g. 14,28,56,84` },
  ),
  // Azure DevOps sign-in with Microsoft Entra ID (src/config/ado-auth.ts)
  ...adoAuthShape,
});

type Env = z.infer<typeof envSchema>;

function list(value: string | undefined): string[] {
  if (value === undefined) return [];
  return [
    ...new Set(
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** Validates the variables and builds the typed configuration, reporting every problem at once. */
export function parseConfig(source: Record<string, string | undefined>, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${String(issue.path[0])} ${issue.message}`);
    // Keep checking the completeness rules on the raw values, so one run reports everything.
  }
  const env: Env = parsed.success ? parsed.data : lenient(source);

  const insecure = insecureUrls(env, problems);
  const database = databaseConfig(env, cwd, problems);
  const ado = adoConfig(env, problems, cwd);
  const jira = jiraConfig(env, problems);
  const adoSchema = env.ADO_SCHEMA_NAME ?? 'public';
  const jiraSchema = env.JIRA_SCHEMA_NAME ?? 'jira_sync';
  if (adoSchema === jiraSchema) {
    problems.push(`ADO_SCHEMA_NAME and JIRA_SCHEMA_NAME must differ (both are "${adoSchema}")`);
  }
  if (adoSchema === 'worksync' || jiraSchema === 'worksync') {
    problems.push(
      'ADO_SCHEMA_NAME and JIRA_SCHEMA_NAME cannot be "worksync" (reserved for the ledger and views)',
    );
  }
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);

  const secrets = [
    ...(env.PG_PASSWORD ? secretVariants(env.PG_PASSWORD, env.PG_USERNAME) : []),
    ...(env.DATABASE_URL ? urlPassword(env.DATABASE_URL) : []),
    ...(ado ? adoAuthSecrets(source) : []),
    ...(jira ? secretVariants(jira.apiToken, jira.email) : []),
  ];
  const config: Config = {
    database,
    adoSchema,
    jiraSchema,
    syncIntervalMinutes: Number(env.SYNC_INTERVAL_MINUTES ?? 60),
    logDir: resolve(cwd, env.LOG_DIR ?? 'logs'),
    logLevel: (env.LOG_LEVEL?.toLowerCase() ?? 'info') as Config['logLevel'],
    dataDir: resolve(cwd, env.WORKSYNC_DATA_DIR ?? 'data'),
    readerRole: env.WORKSYNC_READER_ROLE ?? 'worksync_reader',
    metrics: {
      windowDays: Number(env.METRICS_WINDOW_DAYS ?? DEFAULT_POLICY.windowDays),
      slaDays: env.SLA_POLICY ? parseSla(env.SLA_POLICY) : DEFAULT_POLICY.slaDays,
      forecast: forecastPolicy(env),
    },
    secrets: [...new Set(secrets)],
  };
  if (ado) config.ado = ado;
  if (jira) config.jira = jira;
  if (insecure.length > 0) config.insecureHttp = insecure;
  if (env.WORKSYNC_HTTP_PORT) config.httpPort = Number(env.WORKSYNC_HTTP_PORT);

  return config;
}

/** The raw values with blanks removed, used when the strict parse failed so later checks still run. */
function lenient(source: Record<string, string | undefined>): Env {
  const out: Record<string, string | undefined> = {};
  for (const name of VARIABLES) {
    const value = source[name];
    out[name] = value === undefined || value.trim() === '' ? undefined : value.trim();
  }
  out.PG_PASSWORD = source.PG_PASSWORD;
  return out as Env;
}

function missing(env: Env, names: Variable[]): Variable[] {
  return names.filter((name) => env[name] === undefined);
}

function databaseConfig(env: Env, cwd: string, problems: string[]): DatabaseConfig {
  if (env.DATABASE_URL) {
    let display = 'DATABASE_URL';
    try {
      const url = new URL(env.DATABASE_URL);
      display = `${url.hostname}:${url.port || '5432'}/${url.pathname.replace(/^\//, '')}`;
    } catch {
      problems.push('DATABASE_URL is not a valid URL');
    }
    return { kind: 'postgres', connection: { connectionString: env.DATABASE_URL }, display };
  }
  const pgSet: Variable[] = ['PG_HOST', 'PG_USERNAME', 'PG_DATABASE', 'PG_PORT'];
  if (pgSet.some((name) => env[name] !== undefined) || env.PG_PASSWORD) {
    const absent = missing(env, ['PG_HOST', 'PG_USERNAME', 'PG_DATABASE']);
    if (absent.length > 0)
      problems.push(
        `${absent.join(', ')} missing: set all of PG_HOST, PG_USERNAME, PG_DATABASE (or DATABASE_URL)`,
      );
    const port = Number(env.PG_PORT ?? 5432);
    const connection = {
      host: env.PG_HOST ?? '',
      port: Number.isFinite(port) ? port : 5432,
      user: env.PG_USERNAME ?? '',
      database: env.PG_DATABASE ?? '',
      ...(env.PG_PASSWORD ? { password: env.PG_PASSWORD } : {}),
    };
    return {
      kind: 'postgres',
      connection,
      display: `${connection.host}:${connection.port}/${connection.database}`,
    };
  }
  const dataDir = resolve(cwd, env.WORKSYNC_DATA_DIR ?? 'data');
  return { kind: 'pglite', dataDir, display: `embedded PGlite in ${dataDir}` };
}

function adoConfig(env: Env, problems: string[], cwd: string): AdoConfig | undefined {
  const names: Variable[] = [
    'ADO_ORGANIZATION',
    'ADO_PROJECT',
    'ADO_PERSONAL_ACCESS_TOKEN',
    'ADO_SCRUM_PROJECT',
    'ADO_AUTH',
  ];
  if (names.every((name) => env[name] === undefined)) return undefined;
  const absent: string[] = missing(env, ['ADO_ORGANIZATION']);
  const auth = adoAuthConfig(env, problems, absent, (path) => resolve(cwd, path));
  if (env.ADO_PROJECT === undefined && env.ADO_SCRUM_PROJECT === undefined) absent.push('ADO_PROJECT');
  if (absent.length > 0) {
    const alternatives = absent.includes('ADO_PERSONAL_ACCESS_TOKEN') ? ` (${PAT_ALTERNATIVES})` : '';
    problems.push(`Azure DevOps is half configured: ${absent.join(', ')} missing${alternatives}`);
  }
  if (absent.length > 0 || !auth) return undefined;
  const teams = list(env.ADO_SCRUM_PROJECT).flatMap((pair) => {
    const [project, team] = pair.split(':').map((s) => s.trim());
    return project && team ? [{ project, team }] : [];
  });
  const listed = list(env.ADO_PROJECT);
  return {
    organization: env.ADO_ORGANIZATION!,
    projects: [...new Set([...listed.filter((p) => p !== '*'), ...teams.map((t) => t.project)])],
    wholeOrganization: listed.includes('*'),
    teams,
    auth,
    baseUrl: (env.ADO_BASE_URL ?? 'https://dev.azure.com').replace(/\/+$/, ''),
    customerField: env.ADO_CUSTOMER_NAME_FIELD ?? 'Custom.CustomerName',
    ...(env.ADO_STORY_POINTS_FIELD ? { storyPointsField: env.ADO_STORY_POINTS_FIELD } : {}),
  };
}

function jiraConfig(env: Env, problems: string[]): JiraConfig | undefined {
  const names: Variable[] = ['JIRA_CLOUD_URL', 'JIRA_PROJECT_KEY', 'JIRA_USER_EMAIL', 'JIRA_API_TOKEN'];
  if (names.every((name) => env[name] === undefined)) return undefined;
  const absent = missing(env, names);
  if (absent.length > 0) {
    problems.push(`Jira is half configured: ${absent.join(', ')} missing`);
    return undefined;
  }
  return {
    url: env.JIRA_CLOUD_URL!.replace(/\/+$/, ''),
    projectKeys: list(env.JIRA_PROJECT_KEY),
    email: env.JIRA_USER_EMAIL!,
    apiToken: env.JIRA_API_TOKEN!,
    customerFieldId: env.JIRA_CUSTOMER_NAME_FIELD_ID ?? 'customfield_10001',
    sprintFieldId: env.JIRA_SPRINT_FIELD_ID ?? 'customfield_10020',
    sprintFieldSet: env.JIRA_SPRINT_FIELD_ID !== undefined,
    ...(env.JIRA_STORY_POINTS_FIELD_ID ? { storyPointsFieldId: env.JIRA_STORY_POINTS_FIELD_ID } : {}),
    gatewayUrl: (env.JIRA_API_GATEWAY_URL ?? 'https://api.atlassian.com').replace(/\/+$/, ''),
    probeGateway: env.JIRA_API_GATEWAY_URL !== undefined || isAtlassianCloud(env.JIRA_CLOUD_URL!),
    ...(env.JIRA_CLOUD_ID ? { cloudId: env.JIRA_CLOUD_ID.toLowerCase() } : {}),
  };
}

/** Whether a site URL is an Atlassian Cloud site, the only kind with `/_edge/tenant_info` and the API gateway. */
function isAtlassianCloud(url: string): boolean {
  try {
    return /\.(atlassian\.net|jira\.com)$/i.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

function forecastPolicy(env: Env): ForecastPolicy {
  const d = DEFAULT_FORECAST_POLICY;
  const horizons = env.FORECAST_HORIZON_DAYS?.split(',').map((h) => Number(h.trim()));
  return {
    windowWeeks: Number(env.FORECAST_WINDOW_WEEKS ?? d.windowWeeks),
    trials: Number(env.FORECAST_TRIALS ?? d.trials),
    horizonDays: horizons ? [...new Set(horizons)].sort((a, b) => a - b) : d.horizonDays,
    seed: d.seed,
  };
}

function parseSla(value: string): MetricsPolicy['slaDays'] {
  const out: MetricsPolicy['slaDays'] = {};
  for (const pair of value.split(',')) {
    const [severity, days] = pair.split(':').map((p) => p.trim()) as [Severity, string];
    out[severity] = Number(days);
  }
  return out;
}

/** Secrets found in raw variables, valid or not: used to mask errors raised before the configuration parsed. */
export function rawSecrets(source: Record<string, string | undefined>): string[] {
  const values = [source.PG_PASSWORD, source.ADO_PERSONAL_ACCESS_TOKEN, source.JIRA_API_TOKEN]
    .map((v) => v?.trim())
    .filter((v): v is string => Boolean(v));
  return [
    ...values.flatMap((v) => secretVariants(v, source.JIRA_USER_EMAIL?.trim())),
    ...adoAuthSecrets(source),
    ...(source.DATABASE_URL ? urlPassword(source.DATABASE_URL) : []),
  ];
}

function urlPassword(url: string): string[] {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? secretVariants(password) : [];
  } catch {
    return [];
  }
}
